package sandbox

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/tcx-dev/tcx/api"
)

// apiError is an error answered in the cloud's envelope with HTTP 200.
type apiError struct {
	Code    string
	Message string
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

func errorf(code, format string, a ...any) *apiError {
	return &apiError{Code: code, Message: fmt.Sprintf(format, a...)}
}

// requestID returns a UUID-shaped id. With a seed the sequence is the same on
// every run, so transcripts of a seeded sandbox are reproducible.
func (s *Server) requestID() string {
	n := s.reqSeq.Add(1)
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], splitmix(uint64(s.seed)^n*0x9e3779b97f4a7c15))
	binary.BigEndian.PutUint64(b[8:], splitmix(uint64(s.seed)+n))
	return api.UUIDv4(b)
}

// splitmix is the SplitMix64 finaliser: a cheap, well-mixed hash of x.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// writeError answers e in the envelope.
func writeError(w http.ResponseWriter, rid string, e *apiError) {
	body := make([]byte, 0, 160+len(e.Message))
	body = append(body, `{"Response":{"Error":{"Code":`...)
	body = strconv.AppendQuote(body, e.Code)
	body = append(body, `,"Message":`...)
	body = appendJSONString(body, e.Message)
	body = append(body, `},"RequestId":"`...)
	body = append(body, rid...)
	body = append(body, `"}}`...)
	writeJSON(w, http.StatusOK, body)
}

// writeSuccess answers out (the Response members) with RequestId added.
func writeSuccess(w http.ResponseWriter, rid string, out map[string]any) {
	if out == nil {
		out = map[string]any{}
	}
	out["RequestId"] = rid
	body, err := json.Marshal(map[string]any{"Response": out})
	if err != nil {
		writeError(w, rid, errorf("InternalError", "The sandbox could not encode its answer: %v", err))
		return
	}
	writeJSON(w, http.StatusOK, body)
}

func writeJSON(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h["Content-Type"] = []string{"application/json"}
	h["Content-Length"] = []string{strconv.Itoa(len(body))}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func appendJSONString(dst []byte, s string) []byte {
	b, err := json.Marshal(s)
	if err != nil {
		return append(dst, `""`...)
	}
	return append(dst, b...)
}
