package api

import (
	"strings"
	"testing"
)

// FuzzFlatten: any JSON object flattens and encodes without panicking, and
// the encoded query parses back to the same number of keys.
func FuzzFlatten(f *testing.F) {
	f.Add(`{"Filters":[{"Name":"zone","Values":["a","b"]}],"Limit":1,"X":null,"B":true}`)
	f.Add(`{"a":{"b":{"c":[[1,2],[3]]}}}`)
	f.Fuzz(func(t *testing.T, js string) {
		m, err := ParamsMap(js)
		if err != nil {
			return
		}
		flat := Flatten(m)
		q := EncodeQuery(flat)
		if len(flat) > 0 && strings.Count(q, "&")+1 != len(flat) {
			t.Fatalf("query %q has a different key count than %v", q, flat)
		}
	})
}
