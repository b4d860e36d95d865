package sandbox

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// serveAdmin serves /_sandbox/faults (GET lists, PUT replaces, POST appends,
// DELETE clears; bodies are one rule or a list of rules) and
// /_sandbox/info. Every call needs the admin token, as
// "Authorization: Bearer <token>" or "X-Sandbox-Token: <token>".
func (s *Server) serveAdmin(w http.ResponseWriter, r *http.Request) {
	tok := r.Header.Get("X-Sandbox-Token")
	if b, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		tok = b
	}
	if subtle.ConstantTimeCompare([]byte(tok), []byte(s.adminToken)) != 1 {
		adminJSON(w, http.StatusUnauthorized, map[string]any{"error": "admin token missing or wrong: send Authorization: Bearer <the token printed at start>"})
		return
	}
	switch r.URL.Path {
	case "/_sandbox/info":
		ids := make([]string, 0, len(s.keys.long))
		for id := range s.keys.long {
			ids = append(ids, id)
		}
		adminJSON(w, http.StatusOK, map[string]any{"urls": s.URLs(), "seed": s.seed, "secretIds": ids, "faults": s.faults.list()})
	case "/_sandbox/faults":
		s.serveFaults(w, r)
	default:
		adminJSON(w, http.StatusNotFound, map[string]any{"error": "unknown admin path: use /_sandbox/faults or /_sandbox/info"})
	}
}

func (s *Server) serveFaults(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet:
	case http.MethodDelete:
		s.faults.set(nil)
	case http.MethodPut, http.MethodPost:
		rules, err := readRules(http.MaxBytesReader(w, r.Body, 1<<20))
		if err != nil {
			adminJSON(w, http.StatusBadRequest, map[string]any{"error": err.Error()})
			return
		}
		if r.Method == http.MethodPut {
			s.faults.set(rules)
		} else {
			s.faults.add(rules)
		}
	default:
		adminJSON(w, http.StatusMethodNotAllowed, map[string]any{"error": "use GET, PUT, POST or DELETE"})
		return
	}
	adminJSON(w, http.StatusOK, map[string]any{"faults": s.faults.list()})
}

// readRules decodes one rule or a list of rules and validates them.
func readRules(r io.Reader) ([]Fault, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	b = bytes.TrimSpace(b)
	var rules []Fault
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if bytes.HasPrefix(b, []byte("[")) {
		err = dec.Decode(&rules)
	} else {
		var f Fault
		err = dec.Decode(&f)
		rules = []Fault{f}
	}
	if err != nil {
		return nil, fmt.Errorf("fault rules: %w", err)
	}
	for i := range rules {
		if err := rules[i].Validate(); err != nil {
			return nil, err
		}
	}
	return rules, nil
}

func adminJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"error":"encoding failed"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}
