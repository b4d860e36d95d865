package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/tcx-dev/tcx/snippet"
)

// newSnippetModel is the explorer with a snippet folder and an environment.
func newSnippetModel(t *testing.T, env map[string]string) (*Model, *snippet.Store) {
	t.Helper()
	st := &snippet.Store{Dir: t.TempDir()}
	m := New(Options{Registry: registry(t), Profiles: testProfiles("http://127.0.0.1:1"), Profile: "sandbox",
		Now: func() time.Time { return fixedNow }, Snippets: st,
		LookupEnv: func(k string) (string, bool) { v, ok := env[k]; return v, ok }})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 36})
	return m, st
}

func TestCtrlSSavesASnippetAndDoesNotSend(t *testing.T) {
	for _, k := range []string{"ctrl+s", "S"} {
		t.Run(k, func(t *testing.T) {
			m, st := newSnippetModel(t, nil)
			m.chooseAction(chosen("cvm", "DescribeZones"))
			press(m, k)
			if m.sending {
				t.Fatal(k + " must save, not send")
			}
			e, err := st.List()
			if err != nil || len(e) != 1 || e[0].Snippet == nil || e[0].Snippet.Action != "DescribeZones" {
				t.Fatalf("saved snippets %+v, %v", e, err)
			}
			if !strings.Contains(screenText(m), "saved snippet") {
				t.Fatalf("no note:\n%s", screenText(m))
			}
		})
	}
}

func TestCtrlSSavesEvenWhileTyping(t *testing.T) {
	m, st := newSnippetModel(t, nil)
	m.chooseAction(chosen("cvm", "DescribeZones"))
	press(m, "ctrl+t") // the raw JSON editor has focus: S is a letter there
	press(m, "S")
	if e, _ := st.List(); len(e) != 0 {
		t.Fatal("S typed into the raw editor must not save")
	}
	press(m, "ctrl+s")
	if e, _ := st.List(); len(e) != 1 {
		t.Fatalf("ctrl+s while typing saved %d snippets, want 1", len(e))
	}
}

func TestCtrlRAndAltEnterSend(t *testing.T) {
	for _, k := range []string{"ctrl+r", "alt+enter"} {
		t.Run(k, func(t *testing.T) {
			m, _ := newSnippetModel(t, nil)
			m.chooseAction(chosen("cvm", "DescribeZones"))
			m.Update(keyMsg(k))
			if !m.sending {
				t.Fatal(k + " must send")
			}
			m.cancel()
		})
	}
}

func TestOpeningASnippetFillsPlaceholdersFromTheEnvironment(t *testing.T) {
	sn := &snippet.Snippet{Name: "zones", Product: "cvm", APIVersion: "2017-03-12", Action: "DescribeInstances",
		Params: map[string]any{"Limit": "${LIMIT}", "InstanceIds": []any{"${INSTANCE}"}}}
	t.Run("all set", func(t *testing.T) {
		m, _ := newSnippetModel(t, map[string]string{"LIMIT": "2", "INSTANCE": "ins-1"})
		run(m, func() tea.Msg { return loadSnippetMsg{sn} })
		got := m.form.ParamsJSON()
		if !strings.Contains(got, `"Limit": 2`) || !strings.Contains(got, `"ins-1"`) {
			t.Fatalf("params not filled: %s", got)
		}
	})
	t.Run("one missing", func(t *testing.T) {
		m, _ := newSnippetModel(t, map[string]string{"LIMIT": "2"})
		run(m, func() tea.Msg { return loadSnippetMsg{sn} })
		if got := m.form.ParamsJSON(); !strings.Contains(got, `"Limit": 2`) || !strings.Contains(got, `"${INSTANCE}"`) {
			t.Fatalf("want LIMIT filled and INSTANCE left as typed: %s", got)
		}
		if s := screenText(m); !strings.Contains(s, "INSTANCE not set") {
			t.Fatalf("the note must name the missing variable:\n%s", s)
		}
		press(m, "ctrl+r")
		if m.sending {
			t.Fatal("must not send with ${INSTANCE} unfilled")
		}
		if s := screenText(m); !strings.Contains(s, "not sent: ${INSTANCE}") {
			t.Fatalf("send must name the variable:\n%s", s)
		}
	})
}

func TestSnippetListShowsWhyAFileIsBrokenNotItsPath(t *testing.T) {
	m, st := newSnippetModel(t, nil)
	path := st.Path("bad")
	m.Update(snippetsListedMsg{entries: []snippet.Entry{{Name: "bad", Path: path, Err: fmt.Errorf("%s: snippet has no \"version: 1\" line", path)}}})
	if s := screenText(m); !strings.Contains(s, `bad  ✗ snippet has no "version: 1" line`) {
		t.Fatalf("the reason is not shown:\n%s", s)
	}
}
