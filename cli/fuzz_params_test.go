package cli

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/tcx-dev/tcx/schema"
)

// FuzzParams feeds arbitrary --json text and --param pairs through the
// parameter builder shared by call, sign and replay, with and without a
// schema to type values. It must never panic; when it accepts the input the
// result must encode as the JSON object the client sends, and the last
// --param must be visible at its path. Seeds: testdata/fuzz/FuzzParams.
// Run: go test ./cli -run '^$' -fuzz FuzzParams -fuzztime 90s
func FuzzParams(f *testing.F) {
	seeds := []struct{ json, p1, p2, p3 string }{
		{"", "Limit=1", "", ""},
		{`{"Limit": 10}`, "Offset=5", "", ""},
		{"", "Filters.0.Name=zone", "Filters.0.Values.0=ap-guangzhou-1", "Filters.1.Name=instance-state"},
		{"", `Name="123"`, "InstanceIds.0=ins-1", "InstanceIds.1=ins-2"},
		{`{"Placement":{"Zone":"ap-guangzhou-3"}}`, "Placement.ProjectId=0", "", ""},
		{"null", "a.0.0.0=x", "a.0.1=y", ""},
		{`{"a":[1,2]}`, "a.5=skip", "", ""},
		{"", "a=1", "a.b=2", "a.0=3"},
		{"", "x.-1=neg", "x..y=empty", "=novalue"},
		{"-", "Limit=9223372036854775808", "Dry=true", "N=null"},
		{`{"InstanceIds":"ins-1"}`, "InstanceIds.0=ins-2", "", ""},
		{`[1,2]`, "", "", ""},
		{`{"a":1} trailing`, "", "", ""},
	}
	for _, s := range seeds {
		f.Add(s.json, s.p1, s.p2, s.p3, false)
		f.Add(s.json, s.p1, s.p2, s.p3, true)
	}
	reg, err := schema.Embedded()
	if err != nil {
		f.Fatal(err)
	}
	act, err := reg.Action("cvm", "", "DescribeInstances")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, jsonArg, p1, p2, p3 string, typed bool) {
		if strings.HasPrefix(jsonArg, "@") {
			return // a file name: the fuzzer must not read /dev/zero
		}
		var params []string
		for _, p := range []string{p1, p2, p3} {
			if p != "" {
				params = append(params, p)
			}
		}
		fl := &reqFlags{jsonArg: jsonArg, params: params}
		e := &env{stdin: strings.NewReader(p3), stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }}
		var in *schema.Object
		if typed {
			in = act.Input
		}
		got, err := fl.buildParams(e, in)
		if err != nil {
			if _, ok := err.(*ExitError); !ok {
				t.Fatalf("error %v is not a usage error", err)
			}
			return
		}
		b, err := json.Marshal(got)
		if err != nil {
			t.Fatalf("accepted parameters do not encode as JSON: %v (%#v)", err, got)
		}
		if !bytes.HasPrefix(b, []byte("{")) {
			t.Fatalf("parameters encode as %s, not an object", b)
		}
		if len(params) == 0 {
			return
		}
		// The last --param wins at its path.
		k, _, _ := strings.Cut(params[len(params)-1], "=")
		var cur any = got
		for _, seg := range strings.Split(k, ".") {
			switch c := cur.(type) {
			case map[string]any:
				v, ok := c[seg]
				if !ok {
					t.Fatalf("--param %s is missing from %s", k, b)
				}
				cur = v
			case []any:
				i := -1
				if err := json.Unmarshal([]byte(seg), &i); err != nil || i < 0 || i >= len(c) {
					t.Fatalf("--param %s: index %q not in a list of %d in %s", k, seg, len(c), b)
				}
				cur = c[i]
			default:
				t.Fatalf("--param %s: %T where %q should be, in %s", k, cur, seg, b)
			}
		}
	})
}

// FuzzParamValue: a value typed as a string member stays the string the
// user typed (or the content of a quoted JSON string); any other value is
// either the string or JSON that encodes back to the same value.
func FuzzParamValue(f *testing.F) {
	for _, s := range []string{"123", `"123"`, "true", "null", `{"a":1}`, "[1,", "1e999", "0x10", " 1 ", "", `"\ud800"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		switch s := paramValue(v, "string").(type) {
		case string:
			if s != v && !(strings.HasPrefix(v, `"`) && strings.HasSuffix(v, `"`)) {
				t.Fatalf("string member %q became %q", v, s)
			}
		default:
			t.Fatalf("string member %q became %T", v, s)
		}
		x := paramValue(v, "")
		if _, err := json.Marshal(x); err != nil {
			t.Fatalf("untyped %q became %#v, which does not encode: %v", v, x, err)
		}
	})
}
