package snippet

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/tcx-dev/tcx/schema"
)

// Problem is one thing wrong with a snippet, with the field path it is at
// ("Filters[0].Values") and the message that names it
// ("Filters[0].Values: expected list of string").
type Problem struct {
	Path    string
	Code    string // the cloud's error code: MissingParameter, InvalidParameter …
	Message string
}

func (p Problem) String() string { return p.Message }

// Report is what Validate found. Problems make a request the service would
// refuse; Notes are informational (an action the schema does not know is
// still sent, common-client style).
type Report struct {
	Problems []Problem
	Notes    []string
	// Action is the schema's definition when it knows the action.
	Action *schema.Action
}

// OK reports whether there are no problems.
func (r Report) OK() bool { return len(r.Problems) == 0 }

// Err joins the problems into one error, or returns nil.
func (r Report) Err() error {
	if len(r.Problems) == 0 {
		return nil
	}
	msgs := make([]string, len(r.Problems))
	for i, p := range r.Problems {
		msgs[i] = p.Message
	}
	return errors.New("snippet parameters do not match the schema:\n  " + strings.Join(msgs, "\n  "))
}

// Validate checks a snippet's parameters against reg. A value that still
// holds a ${VAR} placeholder is not type-checked (its type is known only at
// replay); Expand first to check everything. An unknown product, version or
// action is a note, not a problem: the snippet still replays as a common
// client would send it. reg may be nil (no checks, one note).
func Validate(s *Snippet, reg *schema.Registry) Report {
	var r Report
	if reg == nil {
		r.Notes = append(r.Notes, "no API schema loaded: parameters were not checked")
		return r
	}
	a, err := reg.Action(s.Product, s.APIVersion, s.Action)
	if err != nil {
		what := "action"
		switch {
		case errors.Is(err, schema.ErrUnknownProduct):
			what = "product"
		case errors.Is(err, schema.ErrUnknownVersion):
			what = "API version"
		}
		r.Notes = append(r.Notes, fmt.Sprintf("%s %s %s: the schema (%s) does not know this %s; it is sent as written, like a common client, and its parameters are not checked", s.Product, s.APIVersion, s.Action, reg.Source(), what))
		return r
	}
	r.Action = a
	if a.Name != s.Action {
		r.Problems = append(r.Problems, Problem{Path: "action", Code: "InvalidAction", Message: fmt.Sprintf("action: %q is spelled %q in the schema; the service matches names exactly", s.Action, a.Name)})
	}
	if a.Deprecated() {
		r.Notes = append(r.Notes, fmt.Sprintf("%s %s %s is marked %s in the schema", s.Product, s.APIVersion, a.Name, a.Status))
	}
	for _, fe := range schema.Validate(a.Input, s.Params) {
		if holdsPlaceholder(s.Params, fe.Path) {
			continue
		}
		r.Problems = append(r.Problems, Problem{Path: fe.Path, Code: fe.Code, Message: fe.Message})
	}
	return r
}

// holdsPlaceholder reports whether the value at path (as schema.Validate
// writes paths: "Filters[0].Values[1]") is, or contains, a ${VAR} string.
func holdsPlaceholder(params map[string]any, path string) bool {
	var cur any = params
	for _, seg := range splitPath(path) {
		switch c := cur.(type) {
		case map[string]any:
			if seg.index >= 0 {
				return false
			}
			cur = c[seg.name]
		case []any:
			if seg.index < 0 || seg.index >= len(c) {
				return false
			}
			cur = c[seg.index]
		default:
			return false
		}
	}
	found := false
	visitValue(deepCopy(cur), func(s string) string {
		if placeholderRE.MatchString(s) {
			found = true
		}
		return s
	})
	return found
}

type pathSeg struct {
	name  string
	index int // -1 for a name
}

func splitPath(path string) []pathSeg {
	var out []pathSeg
	for _, part := range strings.Split(path, ".") {
		name := part
		var idx []int
		if i := strings.IndexByte(part, '['); i >= 0 {
			name = part[:i]
			for _, ix := range strings.Split(strings.TrimSuffix(part[i+1:], "]"), "][") {
				n, err := strconv.Atoi(ix)
				if err != nil {
					n = -2
				}
				idx = append(idx, n)
			}
		}
		if name != "" {
			out = append(out, pathSeg{name: name, index: -1})
		}
		for _, n := range idx {
			if n < 0 {
				n = 1 << 30 // never a valid index
			}
			out = append(out, pathSeg{index: n})
		}
	}
	return out
}
