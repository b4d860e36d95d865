package ui

import (
	"fmt"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
)

// screens puts a model on each screen with representative content.
var screens = []struct {
	name  string
	setup func(m *Model)
}{
	{"profiles", func(m *Model) { press(m, "esc") }},
	{"finder", func(m *Model) { typeText(m, "cvm describeinst") }},
	{"params", func(m *Model) {
		typeText(m, "cvm describeinstances")
		press(m, "enter", "j", "j", "j", "enter")
		typeText(m, "1")
		press(m, "enter", "k", "k", "a", "enter")
		typeText(m, "zone")
		press(m, "enter", "j", "a", "enter")
		typeText(m, "ap-guangzhou-3")
		press(m, "enter")
	}},
	{"response", func(m *Model) {
		m.chooseAction(chosen("cvm", "DescribeInstances"))
		m.Update(responseMsg{okResult(1, fixtureBody)})
		m.Update(breakerMsg{gen: m.clientGen, snap: breakerOpenSnapshot()})
	}},
	{"error", func(m *Model) {
		m.chooseAction(chosen("cvm", "DescribeInstances"))
		m.Update(responseMsg{errResult(1)})
	}},
	{"signature", func(m *Model) {
		m.Update(responseMsg{okResult(1, fixtureBody)})
		press(m, "4")
	}},
	{"history", func(m *Model) {
		m.Update(responseMsg{okResult(1, fixtureBody)})
		m.Update(responseMsg{errResult(2)})
		press(m, "5")
	}},
	{"diff", func(m *Model) {
		m.Update(responseMsg{okResult(1, fixtureBody)})
		m.Update(responseMsg{okResult(2, `{"Response":{"TotalCount":0,"InstanceSet":[],"RequestId":"req-fixture-0003"}}`)})
		press(m, "5", "d")
	}},
	{"settings", func(m *Model) { press(m, "esc", "6") }},
	{"help", func(m *Model) {
		m.chooseAction(chosen("cvm", "DescribeInstances"))
		press(m, "?")
	}},
	{"regions", func(m *Model) { press(m, "esc", "r") }},
}

// TestGoldenScreens renders every screen at 80×24 and 160×48 (text only).
func TestGoldenScreens(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		for _, sc := range screens {
			t.Run(fmt.Sprintf("%s_%dx%d", sc.name, size[0], size[1]), func(t *testing.T) {
				m := newTestModel(t, size[0], size[1], true)
				sc.setup(m)
				golden.RequireEqual(t, ansi.Strip(m.View().Content))
			})
		}
	}
}

// TestGoldenColours keeps the styled output of the screens where colour
// carries meaning, in the dark and the light theme.
func TestGoldenColours(t *testing.T) {
	for _, dark := range []bool{true, false} {
		for _, name := range []string{"params", "response", "error"} {
			mode := "light"
			if dark {
				mode = "dark"
			}
			t.Run(name+"_"+mode, func(t *testing.T) {
				m := newTestModel(t, 80, 24, dark)
				for _, sc := range screens {
					if sc.name == name {
						sc.setup(m)
					}
				}
				golden.RequireEqual(t, m.View().Content)
			})
		}
	}
}
