package snippet

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/tcx-dev/tcx/schema"
)

// placeholderRE matches ${NAME} and ${NAME:-default}; "$${" writes a
// literal "${".
var placeholderRE = regexp.MustCompile(`\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}`)

// placeholderOnly matches a value that is exactly one placeholder.
var placeholderOnly = regexp.MustCompile(`^\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}$`)

// Vars supply placeholder values at replay: Set (from --set Key=Value)
// first, then Lookup (usually the process environment).
type Vars struct {
	Set    map[string]string
	Lookup func(name string) (string, bool)
	// Input, when set (the action's input type from the schema), keeps a
	// whole-placeholder value a string where the member is a string, so
	// InstanceName: ${NAME} with NAME=123 sends "123", not 123.
	Input *schema.Object
}

func (v Vars) get(name string) (string, bool) {
	if s, ok := v.Set[name]; ok {
		return s, true
	}
	if v.Lookup != nil {
		return v.Lookup(name)
	}
	return "", false
}

// MissingVarsError names every placeholder that had no value.
type MissingVarsError struct{ Names []string }

func (e *MissingVarsError) Error() string {
	return fmt.Sprintf("snippet needs %s: pass --set %s=VALUE or set it in the environment", strings.Join(e.Names, ", "), e.Names[0])
}

// Placeholders lists the variables a snippet uses (sorted, without
// duplicates), in params, headers, region, endpoint and profile.
func Placeholders(s *Snippet) []string {
	seen := map[string]bool{}
	visitStrings(s.clone(), func(str string) string {
		for _, m := range placeholderRE.FindAllStringSubmatch(str, -1) {
			if m[1] != "" {
				seen[m[1]] = true
			}
		}
		return str
	})
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Expand returns a copy of s with every placeholder filled. A value that is
// exactly one placeholder takes the type its text spells in JSON (a number,
// true/false, a list or an object), so "Limit: ${LIMIT}" with LIMIT=10
// sends the number 10 — unless vars.Input says the member is a string;
// anything else is text. Every missing variable is
// reported at once.
func Expand(s *Snippet, vars Vars) (*Snippet, error) {
	var missing []string
	seen := map[string]bool{}
	fill := func(str string) string {
		return placeholderRE.ReplaceAllStringFunc(str, func(m string) string {
			if m == "$${" {
				return "${"
			}
			sub := placeholderRE.FindStringSubmatch(m)
			if v, ok := vars.get(sub[1]); ok {
				return v
			}
			if strings.Contains(m, ":-") {
				return sub[2]
			}
			if !seen[sub[1]] {
				seen[sub[1]] = true
				missing = append(missing, sub[1])
			}
			return m
		})
	}
	c := s.clone()
	visitStrings(c, fill)
	c.Params = expandTyped(c.Params, s.Params, vars.Input, nil).(map[string]any)
	if len(missing) > 0 {
		sort.Strings(missing)
		return nil, &MissingVarsError{Names: missing}
	}
	return c, nil
}

// clone copies s deeply enough to change its strings.
func (s *Snippet) clone() *Snippet {
	c := *s
	c.Params = deepCopy(s.Params).(map[string]any)
	if s.Headers != nil {
		c.Headers = make(map[string]string, len(s.Headers))
		for k, v := range s.Headers {
			c.Headers[k] = v
		}
	}
	return &c
}

// expandTyped gives whole-placeholder values their JSON type. filled is the
// text-expanded tree, orig the tree before expansion (same shape); obj is
// the schema type of a map at this level and m the member being filled
// (both nil when unknown).
func expandTyped(filled, orig any, obj *schema.Object, m *schema.Member) any {
	switch f := filled.(type) {
	case map[string]any:
		o, _ := orig.(map[string]any)
		if m != nil {
			obj = m.Object
		}
		for k, v := range f {
			var mk *schema.Member
			if obj != nil {
				mk = obj.Member(k)
			}
			f[k] = expandTyped(v, o[k], nil, mk)
		}
		return f
	case []any:
		o, _ := orig.([]any)
		var elem *schema.Member // the element type: the member, not a list
		if m != nil {
			e := *m
			e.List = false
			elem = &e
		}
		for i, v := range f {
			var ov any
			if i < len(o) {
				ov = o[i]
			}
			f[i] = expandTyped(v, ov, nil, elem)
		}
		return f
	case string:
		os, ok := orig.(string)
		if !ok || !placeholderOnly.MatchString(os) {
			return f
		}
		if m != nil && !m.List && (m.Type == schema.TypeString || m.Type == schema.TypeTimestamp || m.Type == schema.TypeBinary) {
			return f
		}
		t := strings.TrimSpace(f)
		if t == "" || !strings.ContainsAny(t[:1], "-0123456789tf[{") {
			return f
		}
		var v any
		d := json.NewDecoder(strings.NewReader(t))
		d.UseNumber()
		if err := d.Decode(&v); err != nil || d.More() {
			return f
		}
		return v
	}
	return filled
}

// visitStrings applies fn to every string a placeholder may appear in.
func visitStrings(s *Snippet, fn func(string) string) {
	s.Region = fn(s.Region)
	s.Endpoint = fn(s.Endpoint)
	s.Profile = fn(s.Profile)
	for k, v := range s.Headers {
		s.Headers[k] = fn(v)
	}
	if s.Params != nil {
		s.Params = visitValue(s.Params, fn).(map[string]any)
	}
}

func visitValue(v any, fn func(string) string) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = visitValue(e, fn)
		}
		return x
	case []any:
		for i, e := range x {
			x[i] = visitValue(e, fn)
		}
		return x
	case string:
		return fn(x)
	}
	return v
}

func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		if x == nil {
			return map[string]any(nil)
		}
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = deepCopy(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = deepCopy(e)
		}
		return out
	}
	return v
}
