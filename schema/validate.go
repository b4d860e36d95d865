package schema

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// Cloud error codes that Validate reports.
const (
	CodeMissingParameter      = "MissingParameter"
	CodeUnknownParameter      = "UnknownParameter"
	CodeInvalidParameter      = "InvalidParameter"      // wrong JSON type or shape
	CodeInvalidParameterValue = "InvalidParameterValue" // right type, unacceptable value
)

// maxDepth bounds how deep Validate descends into a document.
const maxDepth = 64

// FieldError is one problem with a parameter document.
type FieldError struct {
	Path    string // "Filters[0].Values"; "" for the document itself
	Code    string // the cloud's error code (Code* constants)
	Message string // "Filters[0].Values: expected list of string"
}

// Error returns "Code: Message".
func (e FieldError) Error() string { return e.Code + ": " + e.Message }

// Validate checks a parameter document (as decoded by encoding/json, with
// float64 or json.Number numbers; integer Go types are accepted too, and so
// are strings holding a number or "true"/"false" where the type wants one)
// against o and returns every problem, in member order, unknown names last.
// null counts as absent. It reports missing required members
// (MissingParameter), names o does not have (UnknownParameter), wrong JSON
// types (InvalidParameter) and values of the right type that cannot be right
// (InvalidParameterValue: fractions for integers, negative unsigned
// integers, values outside a known enum).
func Validate(o *Object, params map[string]any) []FieldError {
	var errs []FieldError
	validateObject(o, params, "", 0, &errs)
	return errs
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func addErr(errs *[]FieldError, path, code, msg string) {
	m := msg
	if path != "" {
		m = path + ": " + msg
	}
	*errs = append(*errs, FieldError{Path: path, Code: code, Message: m})
}

func validateObject(o *Object, params map[string]any, path string, depth int, errs *[]FieldError) {
	if depth > maxDepth {
		addErr(errs, path, CodeInvalidParameter, "nested too deeply")
		return
	}
	if o == nil {
		return
	}
	for _, m := range o.Members {
		v, ok := params[m.Name]
		p := join(path, m.Name)
		if !ok || v == nil {
			if m.Required {
				addErr(errs, p, CodeMissingParameter, "required parameter is missing")
			}
			continue
		}
		if m.List {
			list, isList := v.([]any)
			if !isList {
				addErr(errs, p, CodeInvalidParameter, "expected "+describe(m, true))
				continue
			}
			for i, e := range list {
				ep := p + "[" + strconv.Itoa(i) + "]"
				if e == nil {
					addErr(errs, ep, CodeInvalidParameter, "expected "+describe(m, false)+", got null")
					continue
				}
				validateValue(m, e, ep, depth+1, errs)
			}
			continue
		}
		validateValue(m, v, p, depth+1, errs)
	}
	var unknown []string
	for k := range params {
		if o.Member(k) == nil {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		msg := "unknown parameter"
		for _, m := range o.Members {
			if strings.EqualFold(m.Name, k) {
				msg += " (did you mean " + m.Name + "?)"
				break
			}
		}
		addErr(errs, join(path, k), CodeUnknownParameter, msg)
	}
}

// describe names a member's type in messages: "list of string", "integer",
// "object Filter".
func describe(m *Member, list bool) string {
	t := m.Type
	if m.Type == TypeObject && m.Object != nil {
		t = "object " + m.Object.Name
	}
	if list {
		return "list of " + t
	}
	return t
}

func validateValue(m *Member, v any, path string, depth int, errs *[]FieldError) {
	bad := func() { addErr(errs, path, CodeInvalidParameter, "expected "+describe(m, false)) }
	switch m.Type {
	case TypeObject:
		obj, ok := v.(map[string]any)
		if !ok {
			bad()
			return
		}
		validateObject(m.Object, obj, path, depth, errs)
	case TypeString, TypeBinary, TypeTimestamp:
		s, ok := v.(string)
		if !ok {
			bad()
			return
		}
		checkEnum(m, s, path, errs)
	case TypeBoolean:
		if _, ok := v.(bool); !ok {
			if s, isStr := v.(string); !isStr || (s != "true" && s != "false") {
				bad()
			}
		}
	case TypeInteger:
		f, ok := number(v)
		if !ok {
			bad()
			return
		}
		switch {
		case math.IsNaN(f) || math.IsInf(f, 0) || f != math.Trunc(f):
			addErr(errs, path, CodeInvalidParameterValue, "expected an integer, got "+fmt.Sprint(v))
		case m.Format == "uint64" && f < 0:
			addErr(errs, path, CodeInvalidParameterValue, "expected a non-negative integer, got "+fmt.Sprint(v))
		default:
			checkEnum(m, strconv.FormatFloat(f, 'f', -1, 64), path, errs)
		}
	case TypeFloat:
		if _, ok := number(v); !ok {
			bad()
		}
	}
}

func checkEnum(m *Member, s, path string, errs *[]FieldError) {
	if len(m.Enum) == 0 {
		return
	}
	for _, e := range m.Enum {
		if e == s {
			return
		}
	}
	addErr(errs, path, CodeInvalidParameterValue, fmt.Sprintf("%q is not one of %s", s, strings.Join(m.Enum, ", ")))
}

// number accepts the numeric types a decoded document may hold, and
// strings holding a number: the API takes "10" for an integer (every value
// is a string in GET and form requests, and hundreds of the documented JSON
// examples send integers as strings).
func number(v any) (float64, bool) {
	switch n := v.(type) {
	case string:
		f, err := strconv.ParseFloat(n, 64)
		return f, err == nil && n != "" && !strings.ContainsAny(n, "xXpP_nN")
	case float64:
		return n, true
	case float32:
		return float64(n), true
	case json.Number:
		f, err := n.Float64()
		return f, err == nil
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case int32:
		return float64(n), true
	case uint64:
		return float64(n), true
	case uint32:
		return float64(n), true
	case uint:
		return float64(n), true
	}
	return 0, false
}
