package schema

import (
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// Unflatten turns flattened request parameters (a GET query or a v1 form:
// "Filters.0.Name=zone&Filters.0.Values.0=ap-guangzhou-3&Limit=1") into the
// JSON document they stand for, converting scalars to the member's type
// where o knows it ("1" → 1 for an integer). Values that do not convert, and
// names o does not know, stay strings so that Validate can report them.
// Common parameters (Action, Version, Region, Timestamp, Nonce, SecretId,
// Signature, SignatureMethod, Token, Language, RequestClient) are not
// removed: drop them first when q is a whole query.
func Unflatten(o *Object, q url.Values) map[string]any {
	root := map[string]any{}
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := q[k]
		if len(v) == 0 {
			continue
		}
		setPath(root, o, strings.Split(k, "."), v[len(v)-1])
	}
	return compactLists(root).(map[string]any)
}

// setPath walks segs below the JSON object cur (typed by o) and stores val.
func setPath(cur map[string]any, o *Object, segs []string, val string) {
	name := segs[0]
	m := o.Member(name)
	rest := segs[1:]
	if len(rest) == 0 {
		cur[name] = convertScalar(m, val)
		return
	}
	if idx, err := strconv.Atoi(rest[0]); err == nil && idx >= 0 && idx < 10000 {
		list, _ := cur[name].(map[int]any)
		if list == nil {
			list = map[int]any{}
			cur[name] = list
		}
		if len(rest) == 1 {
			list[idx] = convertScalar(m, val)
			return
		}
		child, _ := list[idx].(map[string]any)
		if child == nil {
			child = map[string]any{}
			list[idx] = child
		}
		var co *Object
		if m != nil {
			co = m.Object
		}
		setPath(child, co, rest[1:], val)
		return
	}
	child, _ := cur[name].(map[string]any)
	if child == nil {
		child = map[string]any{}
		cur[name] = child
	}
	var co *Object
	if m != nil {
		co = m.Object
	}
	setPath(child, co, rest, val)
}

// compactLists turns the index maps setPath builds into JSON arrays.
func compactLists(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = compactLists(e)
		}
		return x
	case map[int]any:
		idx := make([]int, 0, len(x))
		for i := range x {
			idx = append(idx, i)
		}
		sort.Ints(idx)
		out := make([]any, 0, len(idx))
		for _, i := range idx {
			out = append(out, compactLists(x[i]))
		}
		return out
	}
	return v
}

func convertScalar(m *Member, s string) any {
	if m == nil {
		return s
	}
	switch m.Type {
	case TypeInteger:
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return n
		}
	case TypeFloat:
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return f
		}
	case TypeBoolean:
		if b, err := strconv.ParseBool(s); err == nil {
			return b
		}
	}
	return s
}
