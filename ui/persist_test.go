package ui

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/tcx-dev/tcx/snippet"
)

func TestRequestsAreRecordedAndComeBackNextSession(t *testing.T) {
	hist := &snippet.History{Path: filepath.Join(t.TempDir(), "state", "history.yaml")}
	opts := Options{Registry: registry(t), Profiles: testProfiles("http://127.0.0.1:1"), Profile: "sandbox",
		Now: func() time.Time { return fixedNow }, History: hist}

	// first session: one success, one API error
	m := New(opts)
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 30})
	for _, r := range []*result{okResult(1, fixtureBody), errResult(2)} {
		_, cmd := m.Update(responseMsg{r})
		run(m, cmd)
	}
	entries, err := hist.Load()
	if err != nil || len(entries) != 2 || entries[0].Status != 200 || entries[1].Code != "AuthFailure.SignatureExpire" {
		t.Fatalf("history file: %+v %v", entries, err)
	}
	if fi, err := os.Stat(hist.Path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("history mode %v %v", fi.Mode(), err)
	}

	// next session: Init loads them; the history screen lists them with
	// their date, and re-opening one explains that its body was not kept
	m2 := New(opts)
	m2.Update(tea.WindowSizeMsg{Width: 120, Height: 30})
	run(m2, m2.Init())
	if len(m2.hist.items) != 2 || m2.hist.items[0].past == nil {
		t.Fatalf("history not loaded: %d items", len(m2.hist.items))
	}
	press(m2, "esc", "5")
	screen := screenText(m2)
	if !strings.Contains(screen, "AuthFailure.SignatureExpire") || !strings.Contains(screen, fixedNow.Local().Format("01-02 15:04")) {
		t.Fatalf("past entries not listed:\n%s", screen)
	}
	press(m2, "enter")
	if screen := screenText(m2); m2.screen != scrResponse || !strings.Contains(screen, "earlier session") {
		t.Fatalf("re-opening a past entry:\n%s", screen)
	}
	press(m2, "5", "d") // diff two past entries: no bodies, no panic
	if !strings.Contains(screenText(m2), "body was not kept") {
		t.Fatalf("diff of past entries:\n%s", screenText(m2))
	}
}

func TestCancelledRequestsAreNotRecorded(t *testing.T) {
	hist := &snippet.History{Path: filepath.Join(t.TempDir(), "history.yaml")}
	m := New(Options{Registry: registry(t), Profiles: testProfiles("http://127.0.0.1:1"), Profile: "sandbox", History: hist})
	r := errResult(1)
	r.err = errCancelled
	_, cmd := m.Update(responseMsg{r})
	run(m, cmd)
	if entries, _ := hist.Load(); len(entries) != 0 {
		t.Fatalf("a cancelled request was recorded: %+v", entries)
	}
}

func TestSettingsChangesAreSaved(t *testing.T) {
	var mu sync.Mutex
	var saved []Settings
	m := New(Options{Registry: registry(t), Profiles: testProfiles("http://127.0.0.1:1"), Profile: "sandbox",
		SaveSettings: func(s Settings) error { mu.Lock(); defer mu.Unlock(); saved = append(saved, s); return nil }})
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	press(m, "esc", "6", "j", "right") // method → GET
	press(m, "1", "r")                 // the region picker on the profiles screen
	typeText(m, "ap-shanghai")
	press(m, "enter")
	mu.Lock()
	defer mu.Unlock()
	if len(saved) < 2 || saved[0].Method != "GET" || saved[len(saved)-1].Region != "ap-shanghai" {
		t.Fatalf("saved %+v", saved)
	}
}
