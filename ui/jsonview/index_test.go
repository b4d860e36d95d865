package jsonview

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// prettyAll lays out every line as the viewer would, unstyled and uncut.
func prettyAll(body []byte) string {
	ix := newIndex(body)
	ix.all()
	var out []string
	for i, l := range ix.lines {
		out = append(out, strings.Repeat("  ", int(l.depth))+plain(ix.segments(i, false, 1<<30)))
	}
	return strings.Join(out, "\n")
}

// FuzzIndexMatchesIndent checks the lazy index against encoding/json's
// indentation for every valid document: same lines, same order.
func FuzzIndexMatchesIndent(f *testing.F) {
	for _, s := range []string{
		`{}`, `[]`, `1`, `"x"`, `null`, `{"a":[]}`, `{"a":{},"b":[1,2,{"c":null}]}`,
		`[[],[[]],{"k":"v\"}"}]`, ` { "a" : 1 , "b" : [ true , false ] } `, sample,
		`{"s":"a,b]c}d","n":-1.5e+10}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if !json.Valid(body) {
			// anything else must not panic, whatever the viewer is asked
			m := New(nil)
			m.SetBody(body)
			m.SetSize(80, 6)
			m.ix.all()
			for i := range m.ix.lines {
				_ = m.ix.segments(i, true, 80)
				m.cursor = i
				_ = m.ValueAt()
				m.Toggle()
			}
			return
		}
		var want bytes.Buffer
		if err := json.Indent(&want, bytes.TrimSpace(body), "", "  "); err != nil {
			t.Skip()
		}
		if got := prettyAll(body); got != want.String() {
			t.Fatalf("body %q\ngot:\n%s\nwant:\n%s", body, got, want.String())
		}
	})
}
