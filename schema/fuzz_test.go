package schema

import (
	"encoding/json"
	"strings"
	"testing"
)

// FuzzValidate feeds arbitrary parameter documents to Validate against a
// plain and a self-referencing input type: it must never panic, and every
// error must name its path and a known code.
func FuzzValidate(f *testing.F) {
	r := reg(f)
	di, err := r.Action("cvm", "", "DescribeInstances")
	if err != nil {
		f.Fatal(err)
	}
	rec, err := r.Action("billing", "2018-07-09", "ModifyAllocationRule")
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte(`{"Filters":[{"Name":"zone","Values":["ap-guangzhou-3"]}],"Limit":1}`))
	f.Add([]byte(`{"RuleDetail":{"Children":[{"Children":[{"RuleKey":1}]}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var params map[string]any
		d := json.NewDecoder(strings.NewReader(string(data)))
		d.UseNumber()
		if d.Decode(&params) != nil {
			return
		}
		for _, o := range []*Object{di.Input, rec.Input} {
			for _, e := range Validate(o, params) {
				switch e.Code {
				case CodeMissingParameter, CodeUnknownParameter, CodeInvalidParameter, CodeInvalidParameterValue:
				default:
					t.Fatalf("unknown code %q", e.Code)
				}
				if e.Path != "" && !strings.HasPrefix(e.Message, e.Path+": ") {
					t.Fatalf("message %q does not start with path %q", e.Message, e.Path)
				}
			}
		}
	})
}

// FuzzDocText: any input converts without panicking and without leaving
// carriage returns or control characters.
func FuzzDocText(f *testing.F) {
	f.Add("<li><strong>a</strong></li> [x](http://y) <a href='z'>w</a> <table><tr><td>1</td></tr></table>")
	f.Fuzz(func(t *testing.T, s string) {
		out := DocText(s)
		for _, r := range out {
			if r == '\r' || (r < 0x20 && r != '\n') {
				t.Fatalf("DocText left %q in %q", r, out)
			}
		}
	})
}

// FuzzDecodeVersion: a damaged version definition is an error, never a
// panic or a runaway allocation.
func FuzzDecodeVersion(f *testing.F) {
	src, _ := ReadTccli(demoTreeAt(f))
	d, err := src.byName["dm"].versions["2020-01-01"].load()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(encodeVersion(d)))
	f.Fuzz(func(t *testing.T, raw string) {
		d, err := decodeVersionData(raw, "p", "v")
		if err == nil {
			for _, a := range d.actions {
				if a.Input == nil || a.Output == nil {
					t.Fatal("decoded an action without types")
				}
			}
		}
	})
}
