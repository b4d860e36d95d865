package form

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tcx-dev/tcx/schema"
	"github.com/tcx-dev/tcx/ui/theme"
)

func testAction() *schema.Action {
	filter := &schema.Object{Name: "Filter", Members: []*schema.Member{
		{Name: "Name", Type: schema.TypeString, Required: true},
		{Name: "Values", Type: schema.TypeString, List: true, Required: true},
	}}
	return &schema.Action{Product: "cvm", Version: "2017-03-12", Name: "DescribeInstances", Input: &schema.Object{Members: []*schema.Member{
		{Name: "InstanceIds", Type: schema.TypeString, List: true},
		{Name: "Filters", Type: schema.TypeObject, Object: filter, List: true},
		{Name: "Limit", Type: schema.TypeInteger, Doc: "how many"},
		{Name: "DryRun", Type: schema.TypeBoolean},
		{Name: "Order", Type: schema.TypeString, Enum: []string{"ASC", "DESC"}},
		{Name: "Ratio", Type: schema.TypeFloat, Doc: "first paragraph\n\nsecond paragraph\n\nthird paragraph\n\nlast paragraph"},
	}}}
}

func newForm() Model {
	m := New(theme.NewStyles(theme.New(true, true)))
	m.SetAction(testAction())
	m.SetSize(100, 20)
	return m
}

func k(s string) tea.KeyPressMsg {
	switch s {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "ctrl+t":
		return tea.KeyPressMsg{Code: 't', Mod: tea.ModCtrl}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	}
	return tea.KeyPressMsg{Code: []rune(s)[0], Text: s}
}

func keys(m Model, ks ...string) Model {
	for _, s := range ks {
		m, _ = m.Update(k(s))
	}
	return m
}

func typed(m Model, s string) Model {
	for _, r := range s {
		m, _ = m.Update(k(string(r)))
	}
	return m
}

func TestTypedValuesConvert(t *testing.T) {
	m := newForm()
	m.Focus("Limit")
	m = keys(m, "enter")
	m = typed(m, "5")
	m = keys(m, "enter", "j", "enter", "j", "right")
	p := m.Params()
	if p["Limit"] != int64(5) || p["DryRun"] != true || p["Order"] != "ASC" {
		t.Fatalf("params %#v", p)
	}
}

func TestBadIntegerIsFlagged(t *testing.T) {
	m := newForm()
	m.Focus("Limit")
	m = keys(m, "enter")
	m = typed(m, "1?")
	m = keys(m, "enter")
	v := ansi.Strip(m.View())
	if !strings.Contains(v, "1?  ✗ expected an integer") {
		t.Fatalf("no inline error on the row:\n%s", v)
	}
	// named in the footer at once, before any send
	if !strings.Contains(v, "✗ InvalidParameter: Limit: expected an integer") {
		t.Fatalf("the footer does not name the field:\n%s", v)
	}
	// a Check does not repeat the schema's own wording on the row
	probs := m.Check()
	if len(probs) != 1 || probs[0].Path != "Limit" || probs[0].Message != "Limit: expected an integer" {
		t.Fatalf("problems %+v", probs)
	}
	if v := ansi.Strip(m.View()); strings.Count(v, "✗") != 2 {
		t.Fatalf("want one error on the row and one in the footer:\n%s", v)
	}
}

func TestBadFloatIsFlagged(t *testing.T) {
	m := newForm()
	m.Focus("Ratio")
	m = keys(m, "enter")
	m = typed(m, "0.5x")
	m = keys(m, "enter")
	if v := ansi.Strip(m.View()); !strings.Contains(v, "Ratio: expected a number") {
		t.Fatalf("no error:\n%s", v)
	}
}

func TestListsAddRemoveReorder(t *testing.T) {
	m := newForm()
	m.Focus("InstanceIds")
	m = keys(m, "a", "enter")
	m = typed(m, "ins-1")
	m = keys(m, "enter", "a", "enter")
	m = typed(m, "ins-2")
	m = keys(m, "enter", "K")
	if got := m.ParamsJSON(); !strings.Contains(got, "\"ins-2\",\n    \"ins-1\"") {
		t.Fatalf("reorder: %s", got)
	}
	m = keys(m, "x")
	if got := m.Params()["InstanceIds"].([]any); len(got) != 1 || got[0] != "ins-1" {
		t.Fatalf("remove: %v", got)
	}
}

func TestNestedFilterAndRequiredCheck(t *testing.T) {
	m := newForm()
	m.Focus("Filters")
	m = keys(m, "a") // Filters[0], cursor on Name
	probs := m.Check()
	if len(probs) == 0 || probs[0].Code != "MissingParameter" {
		t.Fatalf("want missing Name/Values: %v", probs)
	}
	m = keys(m, "enter")
	m = typed(m, "zone")
	m = keys(m, "enter", "j", "a", "enter")
	m = typed(m, "ap-guangzhou-3")
	m = keys(m, "enter")
	if probs := m.Check(); len(probs) != 0 {
		t.Fatalf("unexpected problems %v", probs)
	}
	if !strings.Contains(ansi.Strip(m.View()), "Values") {
		t.Fatal("tree should show Values")
	}
}

func TestRawModeSyncsBothWays(t *testing.T) {
	m := newForm()
	m.Focus("Limit")
	m = keys(m, "enter")
	m = typed(m, "3")
	m = keys(m, "enter", "ctrl+t")
	if !m.Raw() || !strings.Contains(m.area.Value(), `"Limit": 3`) {
		t.Fatalf("raw text %q", m.area.Value())
	}
	m.area.SetValue(`{"Limit": 9, "Filters": [{"Name": "zone", "Values": ["a"]}], "Extra": 1}`)
	m = keys(m, "ctrl+t")
	if m.Raw() {
		t.Fatal("should be back in the form")
	}
	p := m.Params()
	if p["Limit"] != int64(9) || p["Extra"] == nil {
		t.Fatalf("params %#v", p)
	}
	if !strings.Contains(ansi.Strip(m.View()), "not in the schema, sent as typed: Extra") {
		t.Fatalf("unknown name not flagged:\n%s", ansi.Strip(m.View()))
	}
}

func TestRawParseErrorKeepsEditorOpen(t *testing.T) {
	m := newForm()
	m = keys(m, "ctrl+t")
	m.area.SetValue("{\n  \"Limit\": ,\n}")
	m = keys(m, "ctrl+t")
	if !m.Raw() || !strings.Contains(ansi.Strip(m.View()), "line 2") {
		t.Fatalf("want inline error with a line number:\n%s", ansi.Strip(m.View()))
	}
}

func TestNarrowFormShowsTheWholeDocWhenThereIsRoom(t *testing.T) {
	m := newForm()
	m.SetSize(60, 30) // narrower than 90: the doc goes below the tree
	m.Focus("Ratio")
	v := ansi.Strip(m.View())
	for _, want := range []string{"first paragraph", "last paragraph"} {
		if !strings.Contains(v, want) {
			t.Fatalf("doc line %q missing:\n%s", want, v)
		}
	}
	if n := strings.Count(v, "\n") + 1; n != 30 {
		t.Fatalf("the view is %d rows, want 30", n)
	}
}
