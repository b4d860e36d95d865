package schema

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func describeInstances(t testing.TB) *Action {
	t.Helper()
	a, err := reg(t).Action("cvm", "", "DescribeInstances")
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func doc(t testing.TB, s string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestValidate(t *testing.T) {
	in := describeInstances(t).Input
	run, err := reg(t).Action("cvm", "", "RunInstances")
	if err != nil {
		t.Fatal(err)
	}
	mod, err := reg(t).Action("cvm", "", "ModifyInstancesAttribute")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		o      *Object
		params string
		want   []FieldError
	}{
		{"empty document is valid", in, `{}`, nil},
		{"documented example is valid", in, `{"Limit":1,"Filters":[{"Values":["ap-guangzhou-3"],"Name":"zone"}],"Offset":0}`, nil},
		{"null counts as absent", in, `{"Limit":null}`, nil},
		{"scalar where a list is expected", in, `{"Filters":[{"Name":"zone","Values":"ap-guangzhou-3"}]}`,
			[]FieldError{{"Filters[0].Values", CodeInvalidParameter, "Filters[0].Values: expected list of string"}}},
		{"missing required member inside a list element", in, `{"Filters":[{"Values":["x"]}]}`,
			[]FieldError{{"Filters[0].Name", CodeMissingParameter, "Filters[0].Name: required parameter is missing"}}},
		{"numeric string for an integer is accepted", in, `{"Limit":"10","Offset":"0"}`, nil},
		{"string for an integer", in, `{"Limit":"ten"}`,
			[]FieldError{{"Limit", CodeInvalidParameter, "Limit: expected integer"}}},
		{"fraction for an integer", in, `{"Offset":1.5}`,
			[]FieldError{{"Offset", CodeInvalidParameterValue, "Offset: expected an integer, got 1.5"}}},
		{"unknown member with a suggestion", in, `{"limit":1}`,
			[]FieldError{{"limit", CodeUnknownParameter, "limit: unknown parameter (did you mean Limit?)"}}},
		{"object where a list element is expected", in, `{"InstanceIds":[{"a":1}]}`,
			[]FieldError{{"InstanceIds[0]", CodeInvalidParameter, "InstanceIds[0]: expected string"}}},
		{"list where an object is expected", run.Input, `{"Placement":[], "ImageId":"img-1"}`,
			[]FieldError{{"Placement", CodeInvalidParameter, "Placement: expected object Placement"}}},
		{"required top-level member missing", mod.Input, `{"InstanceName":"web"}`,
			[]FieldError{{"InstanceIds", CodeMissingParameter, "InstanceIds: required parameter is missing"}}},
		{"boolean type", run.Input, `{"Placement":{"Zone":"ap-guangzhou-3","ProjectId":0},"DryRun":"yes"}`,
			[]FieldError{{"DryRun", CodeInvalidParameter, "DryRun: expected boolean"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Validate(c.o, doc(t, c.params))
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("Validate(%s)\n got %v\nwant %v", c.params, got, c.want)
			}
		})
	}
}

func TestValidateUnsignedAndEnum(t *testing.T) {
	o := &Object{Name: "X", Members: []*Member{
		{Name: "N", Type: TypeInteger, Format: "uint64"},
		{Name: "E", Type: TypeString, Enum: []string{"A", "B"}},
	}}
	got := Validate(o, map[string]any{"N": -1, "E": "C"})
	want := []FieldError{
		{"N", CodeInvalidParameterValue, "N: expected a non-negative integer, got -1"},
		{"E", CodeInvalidParameterValue, `E: "C" is not one of A, B`},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if errs := Validate(o, map[string]any{"N": json.Number("3"), "E": "A"}); errs != nil {
		t.Errorf("json.Number and enum value: %v", errs)
	}
}

func TestSkeletonLikeTccli(t *testing.T) {
	got := Skeleton(describeInstances(t).Input)
	want := map[string]any{
		"InstanceIds": []any{"String"},
		"Filters":     []any{map[string]any{"Name": "String", "Values": []any{"String"}}},
		"Offset":      "Integer",
		"Limit":       "Integer",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Skeleton = %v", got)
	}
	if len(Skeleton(nil)) != 0 || len(Skeleton(&Object{})) != 0 {
		t.Error("nil and empty objects give an empty skeleton")
	}
}

func TestSkeletonOfEveryDefaultActionValidatesShape(t *testing.T) {
	// A skeleton has the right shape everywhere: only scalar values are
	// wrong (placeholders), never structure or names.
	r := reg(t)
	for _, p := range []string{"cvm", "vpc", "tke", "cbs"} {
		refs, _ := r.Actions(p, "")
		for _, ref := range refs {
			a, _ := r.Action(p, "", ref.Name)
			for _, e := range Validate(a.Input, Skeleton(a.Input)) {
				if e.Code == CodeUnknownParameter || e.Code == CodeMissingParameter {
					t.Errorf("%s %s: %v", p, ref.Name, e)
				}
			}
		}
	}
}

// The official request examples are the best evidence of what the API
// accepts: Validate must accept nearly all of them. The few that fail are
// drift between the examples and the definitions (a renamed or removed
// member, a number sent for a string), counted when this test was written.
func TestDocumentedExamplesValidate(t *testing.T) {
	if testing.Short() {
		t.Skip("decodes all 300 versions")
	}
	r, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	total, failing := 0, 0
	for _, p := range r.Products() {
		for _, v := range p.Versions {
			refs, _ := r.Actions(p.Name, v)
			for _, ref := range refs {
				a, _ := r.Action(p.Name, v, ref.Name)
				for _, ex := range a.Examples {
					var params map[string]any
					d := json.NewDecoder(strings.NewReader(ex.Input))
					d.UseNumber()
					if d.Decode(&params) != nil {
						continue
					}
					total++
					if errs := Validate(a.Input, params); len(errs) > 0 {
						failing++
						if p.Name == "cvm" && (a.Name == "DescribeInstances" || a.Name == "RunInstances") {
							t.Errorf("%s %s example %q: %v", p.Name, a.Name, ex.Title, errs)
						}
					}
				}
			}
		}
	}
	if total < 18000 || failing > 300 {
		t.Errorf("%d of %d documented examples fail validation (at most 300 expected)", failing, total)
	}
}
