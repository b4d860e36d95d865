package schema

import (
	"reflect"
	"regexp"
	"testing"
	"time"
)

func TestSynthesizeIsDeterministicAndRealistic(t *testing.T) {
	out := describeInstances(t).Output
	a, b, c := Synthesize(out, 7), Synthesize(out, 7), Synthesize(out, 8)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed, different values")
	}
	if reflect.DeepEqual(a, c) {
		t.Error("different seeds, same values")
	}
	if _, ok := a["RequestId"]; ok {
		t.Error("RequestId is the sandbox's to add")
	}
	set, _ := a["InstanceSet"].([]any)
	if len(set) == 0 {
		t.Fatalf("InstanceSet = %v", a["InstanceSet"])
	}
	inst := set[0].(map[string]any)
	if id, _ := inst["InstanceId"].(string); !regexp.MustCompile(`^ins-[0-9a-z]{8}$`).MatchString(id) {
		t.Errorf("InstanceId = %q", id)
	}
	if ts, _ := inst["CreatedTime"].(string); ts == "" {
		t.Error("CreatedTime missing")
	} else if _, err := time.Parse(time.RFC3339, ts); err != nil {
		t.Errorf("CreatedTime %q is not ISO 8601: %v", ts, err)
	}
	zone, _ := inst["Placement"].(map[string]any)["Zone"].(string)
	if !regexp.MustCompile(`^[a-z]+-[a-z-]+-\d$`).MatchString(zone) {
		t.Errorf("Zone = %q", zone)
	}
	if n, ok := a["TotalCount"].(int64); !ok || n < 0 {
		t.Errorf("TotalCount = %#v", a["TotalCount"])
	}
	// What it synthesises validates as the output type (members and types).
	for _, e := range Validate(out, a) {
		if e.Code != CodeMissingParameter || e.Path != "RequestId" {
			t.Errorf("synthesised output does not validate: %v", e)
		}
	}
}

func TestSynthesizeRegionsAreReal(t *testing.T) {
	a, err := reg(t).Action("cvm", "", "DescribeRegions")
	if err != nil {
		t.Fatal(err)
	}
	v := Synthesize(a.Output, 3)
	for _, r := range v["RegionSet"].([]any) {
		if id := r.(map[string]any)["Region"].(string); !KnownRegion(id) {
			t.Errorf("region %q is not real", id)
		}
	}
}

func TestSynthesizeEmptyAndNil(t *testing.T) {
	if len(Synthesize(nil, 1)) != 0 || len(Synthesize(&Object{}, 1)) != 0 {
		t.Error("nil or empty object must give {}")
	}
}
