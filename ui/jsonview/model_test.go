package jsonview

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tcx-dev/tcx/ui/theme"
)

const sample = `{"Response":{"TotalCount":2,"InstanceSet":[{"InstanceId":"ins-1","Tags":[]},{"InstanceId":"ins-2","Ok":true,"N":null}],"RequestId":"req-1"}}`

func newView(t *testing.T, body string, w, h int) Model {
	t.Helper()
	m := New(theme.NewStyles(theme.New(true, true)))
	m.SetBody([]byte(body))
	m.SetSize(w, h)
	return m
}

func screen(m Model) string { return ansi.Strip(m.View()) }

func TestViewPrettyPrintsWithLineNumbers(t *testing.T) {
	m := newView(t, sample, 60, 20)
	got := screen(m)
	for _, want := range []string{
		`  1 {`,
		`  2   "Response": {`,
		`  3     "TotalCount": 2,`,
		`  6         "InstanceId": "ins-1",`,
		`  7         "Tags": []`,
		`"RequestId": "req-1"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
}

func press(s string) tea.KeyPressMsg {
	switch s {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	}
	r := []rune(s)[0]
	return tea.KeyPressMsg{Code: r, Text: s}
}

func TestToggleFoldsAContainer(t *testing.T) {
	m := newView(t, sample, 60, 20)
	for range 3 {
		m, _ = m.Update(press("j"))
	}
	m, _ = m.Update(press("enter"))
	got := screen(m)
	if !strings.Contains(got, `"InstanceSet": [ … ],  9 lines`) {
		t.Fatalf("fold not shown:\n%s", got)
	}
	if strings.Contains(got, "ins-1") {
		t.Fatalf("folded content still shown:\n%s", got)
	}
	m, _ = m.Update(press("j"))
	if !strings.Contains(screen(m), "RequestId") {
		t.Fatal("cursor should move past the fold")
	}
}

func TestSearchJumpsAndUnfolds(t *testing.T) {
	m := newView(t, sample, 60, 4)
	m, _ = m.Update(press("/"))
	if !m.Typing() {
		t.Fatal("search input should have focus")
	}
	for _, r := range "ins-2" {
		m, _ = m.Update(press(string(r)))
	}
	m, _ = m.Update(press("enter"))
	if m.cursor != 9 {
		t.Fatalf("cursor = %d, want line 10", m.cursor)
	}
	if !strings.Contains(screen(m), "ins-2") {
		t.Fatalf("match not on screen:\n%s", screen(m))
	}
}

func TestCopyValueIsCompactJSON(t *testing.T) {
	m := newView(t, sample, 60, 20)
	m.ScrollBy(4) // the first instance
	if got := string(m.ValueAt()); got != `{"InstanceId":"ins-1","Tags":[]}` {
		t.Fatalf("ValueAt = %s", got)
	}
}

func TestFilterAppliesJMESPath(t *testing.T) {
	out, err := ApplyFilter([]byte(sample), "Response.InstanceSet[?Ok].InstanceId")
	if err != nil || strings.TrimSpace(string(out)) != "[\n  \"ins-2\"\n]" {
		t.Fatalf("got %s, %v", out, err)
	}
	if _, err := ApplyFilter([]byte(sample), "Response.[["); err == nil {
		t.Fatal("want a parse error")
	}
}

func TestNonJSONBodyShownRaw(t *testing.T) {
	m := newView(t, "<html>\n<body>502 Bad Gateway</body>\n</html>", 60, 10)
	if !strings.Contains(screen(m), "502 Bad Gateway") {
		t.Fatalf("raw body not shown:\n%s", screen(m))
	}
}

func TestBottomIndexesEverything(t *testing.T) {
	m := newView(t, sample, 60, 5)
	m.Bottom()
	if !m.ix.done || m.cursor != len(m.ix.lines)-1 {
		t.Fatalf("cursor %d of %d", m.cursor, len(m.ix.lines))
	}
	if !strings.Contains(screen(m), "line 17/17") {
		t.Fatalf("status row:\n%s", screen(m))
	}
}
