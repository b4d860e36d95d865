package sandbox

import (
	"net/http"
	"strings"
	"testing"

	"github.com/tcx-dev/tcx/schema"
)

func TestSchemaChecksActionsVersionsAndParameters(t *testing.T) {
	_, base := start(t, Options{Seed: 1})
	for _, c := range []struct {
		name string
		req  tc3
		want string
	}{
		{"unknown action", tc3{action: "DescribeUnicorns"}, "InvalidAction"},
		{"action in the wrong case", tc3{action: "describeinstances"}, "InvalidAction"},
		{"unknown version", tc3{version: "2099-01-01"}, "NoSuchVersion"},
		{"unknown product", tc3{service: "nosuchproduct"}, "NoSuchProduct"},
		{"missing required parameter", tc3{service: "vpc", action: "CreateVpc", body: `{"VpcName":"a"}`}, "MissingParameter"},
		{"missing nested required parameter", tc3{body: `{"Filters":[{"Values":["ap-guangzhou-3"]}]}`}, "MissingParameter"},
		{"nested member only responses always carry", tc3{action: "RunInstances", body: `{"Placement":{"Zone":"ap-guangzhou-3"},"ImageId":"img-pi0ii46r"}`}, ""},
		{"unknown parameter", tc3{body: `{"Limit":1,"Colour":"red"}`}, "UnknownParameter"},
		{"wrong type", tc3{body: `{"Limit":"ten"}`}, "InvalidParameter"},
		{"wrong type in GET", tc3{method: http.MethodGet, query: "Limit=ten"}, "InvalidParameter"},
		{"malformed region", tc3{region: "gz"}, "InvalidParameterValue"},
		{"unknown region", tc3{region: "xx-atlantis"}, "UnsupportedRegion"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if a := c.req.do(t, base); a.code() != c.want {
				t.Fatalf("want %s, got %s", c.want, a.Body)
			}
		})
	}
	if a := (tc3{action: "describeinstances"}).do(t, base); !strings.Contains(a.message(), "DescribeInstances") {
		t.Errorf("no suggestion: %s", a.message())
	}
}

func TestStatelessActionsAnswerFromTheSchema(t *testing.T) {
	reg := embedded(t)
	_, base := start(t, Options{Seed: 1, Registry: reg})
	// An action with an example answers the example's members.
	a := tc3{action: "DescribeZones"}.do(t, base)
	if a.code() != "" || a.Resp["ZoneSet"] == nil {
		t.Fatalf("DescribeZones: %s", a.Body)
	}
	// An action without one (or whose examples are errors) is synthesized
	// from the response shape: the same for the same seed, different for
	// another.
	act, err := reg.Action("cvm", "", "DescribeInstances")
	if err != nil {
		t.Fatal(err)
	}
	bare := *act
	bare.Examples = []schema.Example{{Output: `{"Response":{"Error":{"Code":"InternalError"}}}`}}
	one, again, other := mustJSON(t, buildAnswer(&bare, 5)), mustJSON(t, buildAnswer(&bare, 5)), mustJSON(t, buildAnswer(&bare, 6))
	if one != again {
		t.Errorf("same seed, different answers:\n%s\n%s", one, again)
	}
	if one == other {
		t.Errorf("different seeds, same answer: %s", one)
	}
	if !strings.Contains(one, `"InstanceId":"ins-`) || strings.Contains(one, `"Error":`) {
		t.Errorf("not a realistic answer: %s", one)
	}
}

func TestV1ToABareAddressFindsTheProductByAction(t *testing.T) {
	_, base := start(t, Options{})
	a := v1(t, base, http.MethodPost, "HmacSHA256", DefaultKey(), map[string]string{
		"Action": "DescribeVpcs", "Version": "2017-03-12", "Region": "ap-guangzhou",
	})
	if a.code() != "" || a.Resp["VpcSet"] == nil {
		t.Fatalf("v1 DescribeVpcs: %s", a.Body)
	}
	a = v1(t, base, http.MethodPost, "HmacSHA256", DefaultKey(), map[string]string{"Action": "NoSuchThing", "Version": "2017-03-12"})
	if a.code() != "InvalidAction" {
		t.Fatalf("v1 unknown action: %s", a.Body)
	}
}
