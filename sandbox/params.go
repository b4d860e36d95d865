package sandbox

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// decodeBody decodes a POST JSON body into the action's parameters.
func decodeBody(body []byte) (map[string]any, *apiError) {
	trimmed := strings.TrimSpace(string(body))
	if trimmed == "" || trimmed == "null" {
		return map[string]any{}, nil
	}
	var v any
	dec := json.NewDecoder(strings.NewReader(trimmed))
	if err := dec.Decode(&v); err != nil {
		return nil, errorf("InvalidParameter", "The request body is not valid JSON: %s.", safeText(err.Error()))
	}
	if dec.More() {
		return nil, errorf("InvalidParameter", "The request body has data after the JSON object.")
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, errorf("InvalidParameter", "The request body must be a JSON object.")
	}
	return m, nil
}

// paramString returns m[key] as text ("" when absent); numbers and booleans
// are formatted, so GET/v1 strings and JSON values read alike.
func paramString(m map[string]any, key string) string {
	switch v := m[key].(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case json.Number:
		return v.String()
	case bool:
		return strconv.FormatBool(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case int:
		return strconv.Itoa(v)
	}
	return ""
}

// paramInt reads an integer parameter; ok is false when absent. A value
// that is not an integer is an InvalidParameterValue.
func paramInt(m map[string]any, key string) (n int64, ok bool, e *apiError) {
	v, present := m[key]
	if !present || v == nil {
		return 0, false, nil
	}
	switch x := v.(type) {
	case int64:
		return x, true, nil
	case int:
		return int64(x), true, nil
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
			return int64(x), true, nil
		}
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i, true, nil
		}
	case string:
		if i, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64); err == nil {
			return i, true, nil
		}
	}
	return 0, false, errorf("InvalidParameterValue", "The value of parameter `%s` is not an integer.", key)
}

// paramStrings reads a list of strings (a single string counts as one).
func paramStrings(m map[string]any, key string) []string {
	switch v := m[key].(type) {
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			if s := paramString(map[string]any{"x": x}, "x"); s != "" {
				out = append(out, s)
			}
		}
		return out
	case string:
		return []string{v}
	}
	return nil
}

// paramObject reads a nested object ("Placement").
func paramObject(m map[string]any, key string) map[string]any {
	o, _ := m[key].(map[string]any)
	return o
}

// filter is one element of a Filters parameter.
type filter struct {
	Name   string
	Values []string
}

// paramFilters reads Filters (Name + Values).
func paramFilters(m map[string]any) ([]filter, *apiError) {
	raw, ok := m["Filters"]
	if !ok || raw == nil {
		return nil, nil
	}
	list, ok := raw.([]any)
	if !ok {
		return nil, errorf("InvalidParameterValue", "The parameter `Filters` must be a list of {Name, Values}.")
	}
	out := make([]filter, 0, len(list))
	for i, x := range list {
		o, ok := x.(map[string]any)
		if !ok {
			return nil, errorf("InvalidParameterValue", "The parameter `Filters.%d` must be an object with Name and Values.", i)
		}
		f := filter{Name: paramString(o, "Name"), Values: paramStrings(o, "Values")}
		if f.Name == "" {
			return nil, errorf("MissingParameter", "The request is missing a required parameter `Filters.%d.Name`.", i)
		}
		out = append(out, f)
	}
	return out, nil
}

// paging reads Offset and Limit with the service's defaults and bounds.
func paging(m map[string]any, defLimit, maxLimit int64) (offset, limit int64, e *apiError) {
	offset, _, e = paramInt(m, "Offset")
	if e != nil {
		return 0, 0, e
	}
	limit, ok, e := paramInt(m, "Limit")
	if e != nil {
		return 0, 0, e
	}
	if !ok {
		limit = defLimit
	}
	if offset < 0 {
		return 0, 0, errorf("InvalidParameterValue", "The value of `Offset` must not be negative.")
	}
	if limit < 0 || limit > maxLimit {
		return 0, 0, errorf("InvalidParameterValue", "The value of `Limit` must be between 0 and %d.", maxLimit)
	}
	return offset, limit, nil
}

// page returns the [offset, offset+limit) window of n items.
func page(n int, offset, limit int64) (int, int) {
	lo := int(min(offset, int64(n)))
	hi := int(min(offset+limit, int64(n)))
	return lo, hi
}
