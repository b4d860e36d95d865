package sandbox

import (
	"github.com/tcx-dev/tcx/schema"
	"net/http"
	"testing"
)

func call(t *testing.T, base, service, version, action string, params any) answer {
	t.Helper()
	return tc3{service: service, version: version, action: action, body: mustJSON(t, params)}.do(t, base)
}

func TestInstancesCanBeRunListedPagedFilteredAndTerminated(t *testing.T) {
	_, base := start(t, Options{Seed: 3})
	cvm := func(action string, params any) answer {
		return call(t, base, "cvm", "2017-03-12", action, params)
	}
	a := cvm("RunInstances", map[string]any{"InstanceCount": 3, "Placement": map[string]any{"Zone": "ap-guangzhou-3"}, "InstanceName": "web"})
	ids, _ := a.Resp["InstanceIdSet"].([]any)
	if len(ids) != 3 {
		t.Fatalf("RunInstances: %s", a.Body)
	}
	cvm("RunInstances", map[string]any{"Placement": map[string]any{"Zone": "ap-guangzhou-4"}, "InstanceName": "db"})

	total := func(a answer) float64 { n, _ := a.Resp["TotalCount"].(float64); return n }
	set := func(a answer) []any { s, _ := a.Resp["InstanceSet"].([]any); return s }

	if a := cvm("DescribeInstances", map[string]any{}); total(a) != 4 || len(set(a)) != 4 {
		t.Fatalf("all: %s", a.Body)
	}
	if a := cvm("DescribeInstances", map[string]any{"Offset": 1, "Limit": 2}); total(a) != 4 || len(set(a)) != 2 ||
		set(a)[0].(map[string]any)["InstanceId"] != ids[1] {
		t.Fatalf("page: %s", a.Body)
	}
	if a := cvm("DescribeInstances", map[string]any{"Offset": 10}); total(a) != 4 || len(set(a)) != 0 {
		t.Fatalf("past the end: %s", a.Body)
	}
	if a := cvm("DescribeInstances", map[string]any{"Filters": []any{map[string]any{"Name": "zone", "Values": []any{"ap-guangzhou-4"}}}}); total(a) != 1 {
		t.Fatalf("zone filter: %s", a.Body)
	}
	if a := cvm("DescribeInstances", map[string]any{"Filters": []any{map[string]any{"Name": "colour", "Values": []any{"x"}}}}); a.code() != "InvalidFilter" {
		t.Fatalf("unknown filter: %s", a.Body)
	}
	// GET with flattened Filters and string numbers reads the same.
	g := tc3{method: http.MethodGet, query: "Filters.0.Name=instance-name&Filters.0.Values.0=web-2&Limit=5"}.do(t, base)
	if total(g) != 1 {
		t.Fatalf("GET filter: %s", g.Body)
	}
	// Other regions are separate.
	if a := (tc3{region: "ap-shanghai"}).do(t, base); total(a) != 0 {
		t.Fatalf("ap-shanghai: %s", a.Body)
	}
	if a := cvm("TerminateInstances", map[string]any{"InstanceIds": []any{ids[0], "ins-nothere"}}); a.code() != "InvalidInstanceId.NotFound" {
		t.Fatalf("terminate unknown: %s", a.Body)
	}
	if a := cvm("TerminateInstances", map[string]any{"InstanceIds": []any{ids[0]}}); a.code() != "" {
		t.Fatalf("terminate: %s", a.Body)
	}
	if a := cvm("DescribeInstances", map[string]any{}); total(a) != 3 {
		t.Fatalf("after terminate: %s", a.Body)
	}
}

func TestVpcsCanBeCreatedListedAndDeleted(t *testing.T) {
	_, base := start(t, Options{Seed: 3})
	vpc := func(action string, params any) answer {
		return call(t, base, "vpc", "2017-03-12", action, params)
	}
	var ids []string
	for i, cidr := range []string{"10.0.0.0/16", "172.16.0.0/16", "192.168.0.0/24"} {
		a := vpc("CreateVpc", map[string]any{"VpcName": []string{"a", "b", "c"}[i], "CidrBlock": cidr})
		v, _ := a.Resp["Vpc"].(map[string]any)
		id, _ := v["VpcId"].(string)
		if len(id) != 12 {
			t.Fatalf("CreateVpc: %s", a.Body)
		}
		ids = append(ids, id)
	}
	if a := vpc("CreateVpc", map[string]any{"VpcName": "bad", "CidrBlock": "8.8.8.0/24"}); a.code() != "InvalidParameterValue.Range" {
		t.Fatalf("public CIDR: %s", a.Body)
	}
	// VPC's paging parameters are strings.
	if a := vpc("DescribeVpcs", map[string]any{"Offset": "1", "Limit": "1"}); a.Resp["TotalCount"] != float64(3) || len(a.Resp["VpcSet"].([]any)) != 1 {
		t.Fatalf("page: %s", a.Body)
	}
	if a := vpc("DescribeVpcs", map[string]any{"Filters": []any{map[string]any{"Name": "vpc-name", "Values": []any{"b", "c"}}}}); a.Resp["TotalCount"] != float64(2) {
		t.Fatalf("filter: %s", a.Body)
	}
	// A VPC with an instance in it cannot go.
	run := call(t, base, "cvm", "2017-03-12", "RunInstances", map[string]any{"VirtualPrivateCloud": map[string]any{"VpcId": ids[0], "SubnetId": "subnet-1"}})
	if run.code() != "" {
		t.Fatalf("run in vpc: %s", run.Body)
	}
	if a := vpc("DeleteVpc", map[string]any{"VpcId": ids[0]}); a.code() != "ResourceInUse" {
		t.Fatalf("delete in use: %s", a.Body)
	}
	if a := vpc("DeleteVpc", map[string]any{"VpcId": ids[1]}); a.code() != "" {
		t.Fatalf("delete: %s", a.Body)
	}
	if a := vpc("DeleteVpc", map[string]any{"VpcId": ids[1]}); a.code() != "ResourceNotFound" {
		t.Fatalf("delete twice: %s", a.Body)
	}
}

// TestStatefulAnswersUseTheSchemasMemberNames keeps the hand-built
// instances and VPCs in step with the response shapes of the schema.
func TestStatefulAnswersUseTheSchemasMemberNames(t *testing.T) {
	reg := embedded(t)
	_, base := start(t, Options{Registry: reg})
	call(t, base, "cvm", "2017-03-12", "RunInstances", map[string]any{})
	call(t, base, "vpc", "2017-03-12", "CreateVpc", map[string]any{"VpcName": "a", "CidrBlock": "10.0.0.0/16"})
	for _, c := range []struct{ product, action, list string }{
		{"cvm", "DescribeInstances", "InstanceSet"},
		{"vpc", "DescribeVpcs", "VpcSet"},
	} {
		act, err := reg.Action(c.product, "", c.action)
		if err != nil {
			t.Fatal(err)
		}
		a := call(t, base, c.product, act.Version, c.action, map[string]any{})
		item := a.Resp[c.list].([]any)[0].(map[string]any)
		checkMembers(t, c.action+"."+c.list, act.Output.Member(c.list).Object, item)
	}
}

func checkMembers(t *testing.T, path string, o *schema.Object, v map[string]any) {
	t.Helper()
	for k, x := range v {
		m := o.Member(k)
		if m == nil {
			t.Errorf("%s.%s is not in the schema", path, k)
			continue
		}
		if sub, ok := x.(map[string]any); ok && m.Object != nil {
			checkMembers(t, path+"."+k, m.Object, sub)
		}
	}
}

func TestDemoStartsWithResources(t *testing.T) {
	_, base := start(t, Options{Demo: true, Seed: 1})
	a := tc3{body: `{"Filters":[{"Name":"instance-name","Values":["web-1","web-2"]}]}`}.do(t, base)
	if a.Resp["TotalCount"] != float64(2) {
		t.Fatalf("demo instances: %s", a.Body)
	}
	if a := call(t, base, "vpc", "2017-03-12", "DescribeVpcs", map[string]any{}); a.Resp["TotalCount"] != float64(1) {
		t.Fatalf("demo vpcs: %s", a.Body)
	}
}
