// Package form is the explorer's parameter form, generated from an action's
// input object: typed scalar inputs, required marks, nested objects and lists
// with add/remove/reorder, the doc of the focused field, and a raw-JSON mode
// kept in sync with the tree both ways.
package form

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/tcx-dev/tcx/schema"
)

type nodeKind int

const (
	kScalar nodeKind = iota
	kObject
	kList
)

// maxDepth caps how deep nested objects expand (schemas can be recursive).
const maxDepth = 12

// node is one field of the parameter document.
type node struct {
	name     string
	member   *schema.Member // nil for the root
	elem     bool           // an element of a list
	kind     nodeKind
	typ      string // scalar type
	value    string // scalar text as typed
	set      bool
	children []*node
	built    bool // object children created
	expanded bool
	parent   *node
	depth    int
	err      string // type error of the value
}

func newRoot(o *schema.Object) *node {
	n := &node{kind: kObject, expanded: true}
	n.build(o)
	return n
}

// build creates an object node's member children.
func (n *node) build(o *schema.Object) {
	n.built = true
	if o == nil || n.depth >= maxDepth {
		return
	}
	for _, m := range o.Members {
		n.children = append(n.children, newMember(m, n))
	}
}

func newMember(m *schema.Member, parent *node) *node {
	c := &node{name: m.Name, member: m, parent: parent, depth: parent.depth + 1}
	switch {
	case m.List:
		c.kind = kList
	case m.Type == schema.TypeObject:
		c.kind = kObject
	default:
		c.kind, c.typ = kScalar, m.Type
	}
	return c
}

// newElem makes a list element of list node l.
func newElem(l *node) *node {
	m := l.member
	e := &node{member: m, elem: true, parent: l, depth: l.depth + 1, expanded: true}
	if m.Type == schema.TypeObject {
		e.kind = kObject
		e.build(m.Object)
	} else {
		e.kind, e.typ = kScalar, m.Type
	}
	return e
}

// ensure builds an object's children on first expansion.
func (n *node) ensure() {
	if n.kind == kObject && !n.built && n.member != nil {
		n.build(n.member.Object)
	}
}

// label is the row's name: the member name or the element index.
func (n *node) label() string {
	if n.elem {
		for i, c := range n.parent.children {
			if c == n {
				return "[" + strconv.Itoa(i) + "]"
			}
		}
	}
	return n.name
}

// path is the dotted path Validate uses: Filters[0].Values.
func (n *node) path() string {
	if n.parent == nil {
		return ""
	}
	p := n.parent.path()
	if n.elem {
		return p + n.label()
	}
	if p == "" {
		return n.name
	}
	return p + "." + n.name
}

// hasValue reports whether anything at or below n is set.
func (n *node) hasValue() bool {
	switch n.kind {
	case kScalar:
		return n.set
	case kList:
		return len(n.children) > 0
	}
	for _, c := range n.children {
		if c.hasValue() {
			return true
		}
	}
	return false
}

// scalar converts the typed text to its JSON value by type; text that does
// not convert stays a string (and is flagged in err) so Validate reports it.
func (n *node) scalar() any {
	v := n.value
	n.err = ""
	switch n.typ {
	case schema.TypeInteger:
		if i, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil {
			return i
		}
		if u, err := strconv.ParseUint(strings.TrimSpace(v), 10, 64); err == nil {
			return u
		}
		n.err = "expected an integer"
		if t := strings.TrimSpace(v); json.Valid([]byte(t)) && strings.IndexFunc(t, func(r rune) bool {
			return r != '-' && r != '+' && r != '.' && r != 'e' && r != 'E' && (r < '0' || r > '9')
		}) < 0 {
			return json.Number(t) // keep a number a number; Validate reports it
		}
	case schema.TypeFloat:
		if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
			return f
		}
		n.err = "expected a number"
	case schema.TypeBoolean:
		if b, err := strconv.ParseBool(strings.TrimSpace(v)); err == nil {
			return b
		}
		n.err = "expected true or false"
	case schema.TypeTimestamp:
		if !looksLikeTime(v) {
			n.err = "expected a date or time, e.g. 2026-11-29 or 2026-11-29T03:00:00Z"
		}
	}
	return v
}

// fieldErrors lists, depth first, the set scalars at or below n whose text
// does not convert to their type ("Limit: expected an integer").
func (n *node) fieldErrors(out []schema.FieldError) []schema.FieldError {
	if n.kind == kScalar {
		if n.set {
			n.scalar() // refreshes err
			if n.err != "" {
				out = append(out, schema.FieldError{Path: n.path(), Code: schema.CodeInvalidParameter, Message: n.path() + ": " + n.err})
			}
		}
		return out
	}
	for _, c := range n.children {
		out = c.fieldErrors(out)
	}
	return out
}

// value returns n's JSON value, and whether it has one.
func (n *node) jsonValue() (any, bool) {
	switch n.kind {
	case kScalar:
		if !n.set {
			return nil, false
		}
		return n.scalar(), true
	case kList:
		if len(n.children) == 0 {
			return nil, false
		}
		out := make([]any, 0, len(n.children))
		for _, c := range n.children {
			v, ok := c.jsonValue()
			if !ok {
				if c.kind == kObject {
					v = map[string]any{}
				} else {
					continue
				}
			}
			out = append(out, v)
		}
		if len(out) == 0 {
			return nil, false // only blank elements: send nothing
		}
		return out, true
	}
	out := map[string]any{}
	for _, c := range n.children {
		if v, ok := c.jsonValue(); ok {
			out[c.name] = v
		}
	}
	if len(out) == 0 && n.parent != nil {
		return nil, false
	}
	return out, true
}

// fill sets n from a decoded JSON value; names n does not know are returned
// (as dotted paths) with their values so nothing typed is lost.
func (n *node) fill(v any, extra map[string]any) {
	switch n.kind {
	case kScalar:
		if v == nil {
			n.set, n.value = false, ""
			return
		}
		n.set = true
		switch t := v.(type) {
		case string:
			n.value = t
		case json.Number:
			n.value = t.String()
		case bool:
			n.value = strconv.FormatBool(t)
		default:
			b, _ := json.Marshal(t)
			n.value = string(b)
		}
	case kList:
		n.children = nil
		arr, ok := v.([]any)
		if !ok {
			if v != nil {
				extra[n.path()] = v
			}
			return
		}
		for _, e := range arr {
			c := newElem(n)
			n.children = append(n.children, c)
			c.fill(e, extra)
		}
		n.expanded = len(arr) > 0
	case kObject:
		n.ensure()
		obj, ok := v.(map[string]any)
		if !ok {
			if v != nil {
				extra[n.path()] = v
			}
			return
		}
		known := map[string]bool{}
		for _, c := range n.children {
			known[c.name] = true
			c.fill(obj[c.name], extra)
		}
		var unknown []string
		for k := range obj {
			if !known[k] {
				unknown = append(unknown, k)
			}
		}
		sort.Strings(unknown)
		for _, k := range unknown {
			p := k
			if n.path() != "" {
				p = n.path() + "." + k
			}
			extra[p] = obj[k]
		}
		if len(obj) > 0 {
			n.expanded = true
		}
	}
}

// describe is the type shown beside a field.
func (n *node) describe() string {
	if n.member == nil {
		return "object"
	}
	if n.elem {
		if n.member.Type == schema.TypeObject && n.member.Object != nil {
			return n.member.Object.Name
		}
		return n.member.Type
	}
	return n.member.TypeString()
}

// doc is the help text for the focused field.
func (n *node) doc() string {
	m := n.member
	if m == nil {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s  (%s", m.Name, n.describe())
	if m.Format != "" && m.Format != m.Type {
		fmt.Fprintf(&b, ", %s", m.Format)
	}
	if m.Required {
		b.WriteString(", required")
	}
	b.WriteString(")\n\n")
	b.WriteString(m.Doc)
	if len(m.Enum) > 0 {
		fmt.Fprintf(&b, "\n\nvalues: %s", strings.Join(m.Enum, ", "))
	}
	if m.Example != "" {
		fmt.Fprintf(&b, "\n\nexample: %s", m.Example)
	}
	return b.String()
}

// looksLikeTime reports whether v has one of the shapes the cloud's
// timestamp members take (or is a Unix timestamp, which some take).
func looksLikeTime(v string) bool {
	v = strings.TrimSpace(v)
	for _, l := range []string{time.RFC3339, "2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02", "2006-01"} {
		if _, err := time.Parse(l, v); err == nil {
			return true
		}
	}
	_, err := strconv.ParseInt(v, 10, 64)
	return err == nil
}
