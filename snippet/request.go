package snippet

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/tcx-dev/tcx/api"
)

// Overrides are the parts of a snippet that configure the client rather
// than the request: the profile to take credentials from and the HTTP and
// signing settings. Empty fields leave the caller's settings alone.
type Overrides struct {
	Profile    string
	Endpoint   string // as written: a host or a URL with a scheme
	Method     string // GET or POST (upper case)
	SignMethod string
	Language   string
}

// Apply sets the non-empty overrides on p.
func (o Overrides) Apply(p *api.ClientProfile) {
	if o.Endpoint != "" {
		p.HTTP.Endpoint = o.Endpoint
	}
	if o.Method != "" {
		p.HTTP.Method = o.Method
	}
	if o.SignMethod != "" {
		p.SignMethod = o.SignMethod
	}
	if o.Language != "" {
		p.Language = o.Language
	}
}

// Request turns a snippet into the request the core client sends, filling
// its ${VAR} placeholders from vars. Parameters are compact JSON with keys
// sorted and HTML characters escaped — encoding/json's output, as the core
// client and the official Go SDK's common client send a map; the explorer,
// `tcx replay` and the exports all start here so they send the same bytes.
func Request(s *Snippet, vars Vars) (*api.Request, Overrides, error) {
	e, err := Expand(s, vars)
	if err != nil {
		return nil, Overrides{}, err
	}
	body, err := ParamsJSON(e)
	if err != nil {
		return nil, Overrides{}, err
	}
	r := &api.Request{
		Service: e.Product,
		Version: e.APIVersion,
		Action:  e.Action,
		Region:  e.Region,
		Params:  json.RawMessage(body),
	}
	if len(e.Headers) > 0 {
		r.Headers = make(map[string]string, len(e.Headers))
		for k, v := range e.Headers {
			r.Headers[k] = v
		}
	}
	o := Overrides{
		Profile:    e.Profile,
		Endpoint:   e.Endpoint,
		Method:     strings.ToUpper(e.Method),
		SignMethod: e.SignMethod,
		Language:   e.Language,
	}
	return r, o, nil
}

// ParamsJSON is the parameters of an expanded snippet as the compact JSON
// object that is sent ("{}" when there are none).
func ParamsJSON(s *Snippet) ([]byte, error) {
	if len(s.Params) == 0 {
		return []byte("{}"), nil
	}
	b, err := json.Marshal(s.Params)
	if err != nil {
		return nil, fmt.Errorf("snippet parameters cannot be sent as JSON: %w", err)
	}
	return b, nil
}

// FromRequest makes a snippet of a request as the explorer sent it, with the
// client settings worth keeping (o) and a name. Credentials are never part of
// a request, and Marshal refuses headers that would carry one.
func FromRequest(name string, r *api.Request, o Overrides) (*Snippet, error) {
	s := &Snippet{
		Version:    FormatVersion,
		Name:       name,
		Profile:    o.Profile,
		Region:     r.Region,
		Product:    r.Service,
		APIVersion: r.Version,
		Action:     r.Action,
		Endpoint:   o.Endpoint,
		Method:     strings.ToUpper(o.Method),
		SignMethod: o.SignMethod,
		Language:   o.Language,
	}
	if s.Method == "POST" {
		s.Method = "" // the default
	}
	if s.SignMethod == "TC3-HMAC-SHA256" {
		s.SignMethod = ""
	}
	p, err := paramsOf(r.Params)
	if err != nil {
		return nil, err
	}
	s.Params = p
	if len(r.Headers) > 0 {
		s.Headers = make(map[string]string, len(r.Headers))
		for k, v := range r.Headers {
			s.Headers[k] = v
		}
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	return s, nil
}

// paramsOf decodes request parameters (JSON text, a map or a struct) into
// the YAML-friendly tree a snippet holds; no parameters give nil.
func paramsOf(p any) (map[string]any, error) {
	m, err := api.ParamsMap(p)
	if err != nil || len(m) == 0 {
		return nil, err
	}
	return fromJSON(m).(map[string]any), nil
}

// fromJSON copies v, replacing json.Number with int64, uint64 or float64 so
// that YAML writes numbers as numbers (a json.Number would be written as a
// string). It never changes v: the caller's request stays as it was.
func fromJSON(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = fromJSON(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = fromJSON(e)
		}
		return out
	case json.Number:
		s := x.String()
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			return i
		}
		if u, err := strconv.ParseUint(s, 10, 64); err == nil {
			return u
		}
		if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsInf(f, 0) {
			return f
		}
		return s
	}
	return v
}
