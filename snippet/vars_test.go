package snippet

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/tcx-dev/tcx/schema"
)

func TestExpandFillsPlaceholders(t *testing.T) {
	s, err := Parse([]byte(`version: 1
region: ${REGION}
product: cvm
api_version: "2017-03-12"
action: DescribeInstances
params:
  Limit: ${LIMIT}
  DryRun: ${DRY}
  Name: "web-${ENV}-01"
  Zone: ${ZONE:-ap-guangzhou-3}
  Literal: "$${NOT_A_VAR}"
  Code: ${CODE}
headers:
  X-TC-TraceId: ${TRACE}
`))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := Placeholders(s), []string{"CODE", "DRY", "ENV", "LIMIT", "REGION", "TRACE", "ZONE"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("Placeholders = %v, want %v", got, want)
	}
	env := map[string]string{"REGION": "ap-beijing", "TRACE": "t-1", "ENV": "prod", "CODE": "007"}
	e, err := Expand(s, Vars{Set: map[string]string{"LIMIT": "5", "DRY": "true"}, Lookup: func(k string) (string, bool) { v, ok := env[k]; return v, ok }})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := ParamsJSON(e)
	want := `{"Code":"007","DryRun":true,"Limit":5,"Literal":"${NOT_A_VAR}","Name":"web-prod-01","Zone":"ap-guangzhou-3"}`
	if string(body) != want {
		t.Fatalf("params = %s\nwant     %s", body, want)
	}
	if e.Region != "ap-beijing" || e.Headers["X-TC-TraceId"] != "t-1" {
		t.Fatalf("region %q, headers %v", e.Region, e.Headers)
	}
	if s.Region != "${REGION}" || s.Params["Limit"] != "${LIMIT}" {
		t.Fatal("Expand changed the original snippet")
	}
}

func TestExpandNamesEveryMissingVariable(t *testing.T) {
	s := &Snippet{Version: 1, Product: "cvm", APIVersion: "2017-03-12", Action: "X", Region: "${R}",
		Params: map[string]any{"A": "${B}", "C": []any{"${A}", "${B}"}}}
	_, err := Expand(s, Vars{})
	var me *MissingVarsError
	if !errors.As(err, &me) || !reflect.DeepEqual(me.Names, []string{"A", "B", "R"}) {
		t.Fatalf("err = %v, want the missing A, B, R", err)
	}
	if err.Error() != "snippet needs A, B, R: pass --set A=VALUE or set it in the environment" {
		t.Fatalf("message = %q", err)
	}
}

func TestExpandKeepsLargeNumbersExact(t *testing.T) {
	s := &Snippet{Version: 1, Product: "p", APIVersion: "v", Action: "a", Params: map[string]any{"N": "${N}"}}
	e, err := Expand(s, Vars{Set: map[string]string{"N": "12345678901234567890"}})
	if err != nil {
		t.Fatal(err)
	}
	if n, ok := e.Params["N"].(json.Number); !ok || n.String() != "12345678901234567890" {
		t.Fatalf("N = %#v", e.Params["N"])
	}
}

func TestExpandKeepsStringMembersStringsWithTheSchema(t *testing.T) {
	reg, err := schema.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	a, err := reg.Action("cvm", "2017-03-12", "DescribeInstances")
	if err != nil {
		t.Fatal(err)
	}
	s := &Snippet{Version: 1, Product: "cvm", APIVersion: "2017-03-12", Action: "DescribeInstances",
		Params: map[string]any{"Limit": "${N}", "InstanceIds": []any{"${N}"}, "Filters": []any{map[string]any{"Name": "${N}", "Values": "${LIST}"}}}}
	e, err := Expand(s, Vars{Set: map[string]string{"N": "123", "LIST": `["a"]`}, Input: a.Input})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := ParamsJSON(e)
	if want := `{"Filters":[{"Name":"123","Values":["a"]}],"InstanceIds":["123"],"Limit":123}`; string(body) != want {
		t.Fatalf("params = %s\nwant     %s", body, want)
	}
}
