package snippet

import (
	"strings"
	"testing"

	"github.com/tcx-dev/tcx/schema"
)

func mustRegistry(t *testing.T) *schema.Registry {
	t.Helper()
	r, err := schema.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func parse(t *testing.T, body string) *Snippet {
	t.Helper()
	s, err := Parse([]byte("version: 1\n" + body))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestValidateReportsEveryProblemWithItsPath(t *testing.T) {
	s := parse(t, `product: cvm
api_version: "2017-03-12"
action: DescribeInstances
params:
  Filters:
    - Name: zone
      Values: ap-guangzhou-3
  Limit: ten
  Offest: 1
`)
	r := Validate(s, mustRegistry(t))
	want := map[string]string{
		"Filters[0].Values": "Filters[0].Values: expected",
		"Limit":             "Limit: expected",
		"Offest":            "Offest: unknown parameter",
	}
	if len(r.Problems) != len(want) {
		t.Fatalf("problems = %v, want %d", r.Problems, len(want))
	}
	for _, p := range r.Problems {
		prefix, ok := want[p.Path]
		if !ok || !strings.HasPrefix(p.Message, prefix) {
			t.Errorf("problem %q at %q, want a message starting %q", p.Message, p.Path, prefix)
		}
	}
	if r.Err() == nil || !strings.Contains(r.Err().Error(), "Filters[0].Values: expected") {
		t.Fatalf("Err() = %v", r.Err())
	}
}

func TestValidateAcceptsAGoodSnippet(t *testing.T) {
	s := parse(t, `product: cvm
api_version: "2017-03-12"
action: DescribeInstances
params:
  Filters:
    - Name: zone
      Values: [ap-guangzhou-3]
  Limit: 10
`)
	if r := Validate(s, mustRegistry(t)); !r.OK() || r.Action == nil {
		t.Fatalf("problems = %v, action %v", r.Problems, r.Action)
	}
}

func TestValidateSkipsPlaceholdersUntilReplay(t *testing.T) {
	s := parse(t, `product: cvm
api_version: "2017-03-12"
action: DescribeInstances
params:
  Limit: ${LIMIT}
  Filters:
    - Name: zone
      Values: ${ZONES}
`)
	reg := mustRegistry(t)
	if r := Validate(s, reg); !r.OK() {
		t.Fatalf("placeholders were type-checked: %v", r.Problems)
	}
	e, err := Expand(s, Vars{Set: map[string]string{"LIMIT": "x", "ZONES": `["ap-guangzhou-3"]`}})
	if err != nil {
		t.Fatal(err)
	}
	r := Validate(e, reg)
	if len(r.Problems) != 1 || r.Problems[0].Path != "Limit" {
		t.Fatalf("after expansion want only Limit wrong, got %v", r.Problems)
	}
}

func TestValidateUnknownActionIsANoteNotAProblem(t *testing.T) {
	for _, body := range []string{
		"product: cvm\napi_version: \"2017-03-12\"\naction: DescribeTomorrow\n",
		"product: cvm\napi_version: \"2099-01-01\"\naction: DescribeInstances\n",
		"product: nosuchproduct\napi_version: \"2020-01-01\"\naction: Anything\n",
	} {
		r := Validate(parse(t, body), mustRegistry(t))
		if !r.OK() || len(r.Notes) != 1 || !strings.Contains(r.Notes[0], "common client") {
			t.Errorf("%s: problems %v notes %v", body, r.Problems, r.Notes)
		}
	}
}

func TestValidateWrongCaseActionIsAProblem(t *testing.T) {
	r := Validate(parse(t, "product: cvm\napi_version: \"2017-03-12\"\naction: describeinstances\n"), mustRegistry(t))
	if len(r.Problems) != 1 || r.Problems[0].Path != "action" || !strings.Contains(r.Problems[0].Message, "DescribeInstances") {
		t.Fatalf("problems = %v", r.Problems)
	}
}
