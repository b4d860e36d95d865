package snippet

import (
	"reflect"
	"testing"
)

// FuzzParse feeds arbitrary files to the loader: it must never panic, and
// whatever it accepts must survive Marshal and Parse unchanged and still
// hold no credential. Seeds: testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	f.Add([]byte(example))
	f.Add([]byte("version: 1\nproduct: cvm\napi_version: \"2017-03-12\"\naction: DescribeInstances\n"))
	f.Add([]byte("version: 1\nproduct: p\napi_version: v\naction: a\nparams: {A: [1, 2.5, true, null, {B: ${X:-y}}]}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse(data)
		if err != nil {
			return
		}
		out, err := Marshal(s)
		if err != nil {
			t.Fatalf("accepted a snippet it cannot write: %v", err)
		}
		again, err := Parse(out)
		if err != nil {
			t.Fatalf("cannot read what it wrote: %v\n%s", err, out)
		}
		if !reflect.DeepEqual(s, again) {
			t.Fatalf("round trip changed the snippet:\n%#v\n%#v", s, again)
		}
		_ = Placeholders(s)
		_, _ = Expand(s, Vars{Lookup: func(string) (string, bool) { return "1", true }})
	})
}
