package finder

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tcx-dev/tcx/schema"
	"github.com/tcx-dev/tcx/ui/theme"
)

func newFinder(t *testing.T) Model {
	t.Helper()
	reg, err := schema.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	m := New(theme.NewStyles(theme.New(true, true)), reg)
	m.SetSize(120, 30)
	return m
}

func typeIn(m Model, s string) Model {
	for _, r := range s {
		m, _ = m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return m
}

func send(m Model, k tea.KeyPressMsg) (Model, tea.Msg) {
	m, cmd := m.Update(k)
	if cmd == nil {
		return m, nil
	}
	return m, cmd()
}

func TestTypingSearchesEveryProduct(t *testing.T) {
	m := typeIn(newFinder(t), "describeinstances")
	if got := ansi.Strip(m.View()); !strings.Contains(got, "cvm DescribeInstances") {
		t.Fatalf("no cvm hit:\n%s", got)
	}
}

func TestProductAndSpaceScopesToItsActions(t *testing.T) {
	m := typeIn(newFinder(t), "cvm ")
	if p, v := m.Scope(); p != "cvm" || v == "" {
		t.Fatalf("scope %q %q", p, v)
	}
	m = typeIn(m, "runinst")
	m, msg := send(m, tea.KeyPressMsg{Code: tea.KeyEnter})
	c, ok := msg.(ChosenMsg)
	if !ok || c.Product != "cvm" || c.Action != "RunInstances" {
		t.Fatalf("chose %#v", msg)
	}
	m, _ = send(m, tea.KeyPressMsg{Code: tea.KeyEscape})
	if p, _ := m.Scope(); p != "" {
		t.Fatal("esc should leave the product scope")
	}
	if _, msg = send(m, tea.KeyPressMsg{Code: tea.KeyEscape}); msg != (BackMsg{}) {
		t.Fatalf("esc outside a scope is back, got %#v", msg)
	}
}

func TestVersionSwitchCycles(t *testing.T) {
	m := newFinder(t)
	var multi *schema.Product
	for _, p := range m.reg.Products() {
		if len(p.Versions) > 1 {
			multi = p
			break
		}
	}
	if multi == nil {
		t.Skip("no product with several versions")
	}
	m = typeIn(m, multi.Name+" ")
	m, _ = send(m, tea.KeyPressMsg{Code: 'v', Mod: tea.ModCtrl})
	if _, v := m.Scope(); v != multi.Versions[1] {
		t.Fatalf("version %s, want %s", v, multi.Versions[1])
	}
}

func TestRecentActionsComeFirst(t *testing.T) {
	m := newFinder(t)
	m.SetRecent([]ChosenMsg{{Product: "vpc", Version: "2017-03-12", Action: "DescribeVpcs"}})
	if got := ansi.Strip(m.View()); !strings.Contains(strings.SplitN(got, "\n", 4)[2], "DescribeVpcs") {
		t.Fatalf("recent not first:\n%s", got)
	}
	m = typeIn(m, "describe")
	if got := ansi.Strip(m.View()); !strings.Contains(strings.SplitN(got, "\n", 4)[2], "DescribeVpcs") {
		t.Fatalf("recent hit not first:\n%s", got)
	}
}
