package schema

import (
	"reflect"
	"testing"
)

func TestEnumFromDoc(t *testing.T) {
	cases := []struct {
		name, doc string
		want      []string
	}{
		{"constant list", "自动续费标识。取值范围：<li>NOTIFY_AND_AUTO_RENEW：通知过期且自动续费</li><li>DISABLE_NOTIFY_AND_MANUAL_RENEW：不通知</li><br>默认取值：NOTIFY_AND_AUTO_RENEW。",
			[]string{"NOTIFY_AND_AUTO_RENEW", "DISABLE_NOTIFY_AND_MANUAL_RENEW"}},
		{"br before list", "类型，取值范围：<br><li>HOST：物理机</li><li>SW：交换机</li><li>RACK：机架</li></p>", []string{"HOST", "SW", "RACK"}},
		{"prose is not an enum", "取值范围：PARTITION：分区置放群组，SPREAD：分散置放群组", nil},
		{"lower-case values are not", "取值范围：<li>true：是</li><li>false：否</li>", nil},
		{"list that goes on differently", "取值范围：<li>A：a</li><li>B：b</li><li>c-d：x</li>", nil},
		{"default outside the list", "取值范围：<li>A：a</li><li>B：b</li>默认取值：C", nil},
		{"one value is not an enum", "取值范围：<li>A：a</li>", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := enumFromDoc(c.doc); !reflect.DeepEqual(got, c.want) {
				t.Errorf("enumFromDoc = %v, want %v", got, c.want)
			}
		})
	}
}

func TestEnumInTheBundle(t *testing.T) {
	a, err := reg(t).Action("cvm", "", "CreateDisasterRecoverGroup")
	if err != nil {
		t.Fatal(err)
	}
	if got := a.Input.Member("Type").Enum; !reflect.DeepEqual(got, []string{"HOST", "SW", "RACK"}) {
		t.Errorf("Type enum = %v", got)
	}
	errs := Validate(a.Input, map[string]any{"Name": "g", "Type": "DISK"})
	if len(errs) != 1 || errs[0].Code != CodeInvalidParameterValue {
		t.Errorf("errs = %v", errs)
	}
}
