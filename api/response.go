package api

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// maxBody bounds how much of a response is read; API responses are far
// smaller, and a runaway body must not exhaust memory.
const maxBody = 64 << 20

// readBody reads the body, decompressing gzip or deflate that net/http did
// not already undo (a server that compresses unasked, or a gzip body without
// the header).
func readBody(r *http.Response) ([]byte, error) {
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return raw, err
	}
	if len(raw) > maxBody {
		return raw[:512], fmt.Errorf("response is larger than %d MiB", maxBody>>20)
	}
	enc := strings.ToLower(strings.TrimSpace(r.Header.Get("Content-Encoding")))
	gzipMagic := len(raw) >= 2 && raw[0] == 0x1f && raw[1] == 0x8b
	switch {
	case enc == "gzip" || enc == "x-gzip" || (enc == "" && gzipMagic):
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			return raw, fmt.Errorf("response says it is gzip-compressed but is not valid gzip: %w", err)
		}
		out, err := io.ReadAll(io.LimitReader(zr, maxBody))
		if err != nil {
			return raw, fmt.Errorf("gzip-compressed response is corrupt or cut off: %w", err)
		}
		return out, nil
	case enc == "deflate":
		zr, err := zlib.NewReader(bytes.NewReader(raw))
		if err != nil {
			return raw, fmt.Errorf("response says it is deflate-compressed but is not valid: %w", err)
		}
		out, err := io.ReadAll(io.LimitReader(zr, maxBody))
		if err != nil {
			return raw, fmt.Errorf("deflate-compressed response is corrupt or cut off: %w", err)
		}
		return out, nil
	case enc == "" || enc == "identity":
		return raw, nil
	}
	return raw, fmt.Errorf("response uses Content-Encoding %q, which tcx cannot decode", enc)
}

type envelope struct {
	Response *struct {
		Error *struct {
			Code    string
			Message string
		}
		RequestID string `json:"RequestId"`
	}
	// Legacy v2 shape: {"code": 4100, "message": "...", "codeDesc": "..."}
	LegacyCode json.RawMessage `json:"code"`
	Message    string          `json:"message"`
	CodeDesc   string          `json:"codeDesc"`
}

// parseEnvelope checks the body is an API 3.0 envelope and fills RequestID;
// it returns the API error, or a clear client error with the first bytes.
func parseEnvelope(resp *Response, endpoint string) *Error {
	base := func(code, msg string) *Error {
		return &Error{Code: code, Message: msg, Status: resp.Status, Endpoint: endpoint, Snippet: snippet(resp.Body, 200)}
	}
	ctype := strings.ToLower(resp.Header.Get("Content-Type"))
	if strings.HasPrefix(ctype, "text/event-stream") && resp.Status == http.StatusOK {
		resp.RequestID = resp.Header.Get("X-TC-RequestId")
		return nil
	}
	body := bytes.TrimSpace(resp.Body)
	var env envelope
	jerr := json.Unmarshal(body, &env)
	if jerr == nil && env.Response != nil {
		resp.RequestID = env.Response.RequestID
		if e := env.Response.Error; e != nil {
			if e.Code == "" {
				ee := base(CodeParseJSON, "response has an Error object without a Code")
				ee.RequestID = resp.RequestID
				return ee
			}
			return &Error{Code: e.Code, Message: e.Message, RequestID: resp.RequestID, Status: resp.Status, Endpoint: endpoint}
		}
		if resp.Status != http.StatusOK {
			e := base(CodeHTTPStatus, fmt.Sprintf("HTTP status %d with a success envelope", resp.Status))
			e.RequestID = resp.RequestID
			return e
		}
		return nil
	}
	if jerr == nil && len(env.LegacyCode) > 0 && string(env.LegacyCode) != "0" {
		code := env.CodeDesc
		if code == "" {
			code = "LegacyError." + string(env.LegacyCode)
		}
		return &Error{Code: code, Message: env.Message, Status: resp.Status, Endpoint: endpoint}
	}
	if resp.Status != http.StatusOK {
		msg := fmt.Sprintf("HTTP status %d %s", resp.Status, http.StatusText(resp.Status))
		if looksHTML(ctype, body) {
			msg += " with an HTML page (a proxy, gateway or load balancer answered, not the API)"
		}
		return base(CodeHTTPStatus, msg)
	}
	switch {
	case len(body) == 0:
		return base(CodeParseJSON, "empty response body")
	case looksHTML(ctype, body):
		return base(CodeParseJSON, "got an HTML page instead of JSON (a proxy, captive portal or wrong endpoint?)")
	case jerr != nil:
		var se *json.SyntaxError
		if errors.Is(jerr, io.ErrUnexpectedEOF) || (errors.As(jerr, &se) && strings.Contains(se.Error(), "unexpected end")) {
			return base(CodeParseJSON, fmt.Sprintf("response JSON is cut off after %d bytes", len(body)))
		}
		e := base(CodeParseJSON, "response is not JSON")
		e.Err = jerr
		return e
	}
	return base(CodeParseJSON, `response JSON has no "Response" object: is the endpoint an API 3.0 host?`)
}

func looksHTML(ctype string, body []byte) bool {
	if strings.HasPrefix(ctype, "text/html") {
		return true
	}
	return len(body) > 0 && body[0] == '<'
}
