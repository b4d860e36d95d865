package ui

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/tcx-dev/tcx/api"
	"github.com/tcx-dev/tcx/sandbox"
)

func screenText(m *Model) string { return ansi.Strip(m.View().Content) }

func TestFinderChoosesAnActionIntoTheForm(t *testing.T) {
	m := newTestModel(t, 100, 30, true)
	typeText(m, "cvm describeinstances")
	press(m, "enter")
	if m.screen != scrParams || m.action == nil || m.action.Name != "DescribeInstances" {
		t.Fatalf("screen %v action %v", m.screen, m.action)
	}
	if !strings.Contains(screenText(m), "cvm › DescribeInstances") {
		t.Fatalf("breadcrumbs missing:\n%s", screenText(m))
	}
	// the action is now first among the recent ones
	press(m, "/", "esc") // esc leaves the product scope
	if !strings.Contains(screenText(m), "recent") {
		t.Fatalf("recent action not listed:\n%s", screenText(m))
	}
}

func TestFormBuildsNestedParams(t *testing.T) {
	m := newTestModel(t, 100, 30, true)
	screens[2].setup(m) // params: Limit 1, one zone filter
	got := m.form.ParamsJSON()
	for _, want := range []string{`"Limit": 1`, `"Name": "zone"`, `"ap-guangzhou-3"`} {
		if !strings.Contains(got, want) {
			t.Errorf("params %s lack %s", got, want)
		}
	}
}

func TestRawJSONParseErrorShownInline(t *testing.T) {
	m := newTestModel(t, 100, 30, true)
	screens[2].setup(m)
	press(m, "ctrl+t")
	typeText(m, "{")
	if !strings.Contains(screenText(m), "✗ text after the JSON object") {
		t.Fatalf("parse error not shown:\n%s", screenText(m))
	}
	press(m, "ctrl+t")
	if !m.form.Raw() {
		t.Fatal("invalid JSON must keep the raw editor open")
	}
}

func TestSendChecksRequiredFieldsFirst(t *testing.T) {
	m := newTestModel(t, 100, 30, true)
	m.chooseAction(chosen("cvm", "StartInstances")) // InstanceIds is required
	press(m, "ctrl+r")
	if m.sending {
		t.Fatal("must not send with a required field missing")
	}
	if !strings.Contains(screenText(m), "MissingParameter") {
		t.Fatalf("problem not shown:\n%s", screenText(m))
	}
}

func TestSendWithoutActionExplains(t *testing.T) {
	m := newTestModel(t, 100, 30, true)
	press(m, "ctrl+r")
	if !strings.Contains(screenText(m), "choose an action first") {
		t.Fatalf("no note:\n%s", screenText(m))
	}
}

func TestEscCancelsARequestInFlight(t *testing.T) {
	// The handler also returns when the test ends, so a failure below is
	// reported instead of hanging in hang.Close.
	stop := make(chan struct{})
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-stop:
		}
	}))
	defer hang.Close()
	defer close(stop)
	m := New(Options{Registry: registry(t), Profiles: testProfiles(hang.URL), Profile: "sandbox", Now: func() time.Time { return fixedNow }})
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	m.chooseAction(chosen("cvm", "DescribeInstances"))
	_, cmd := m.Update(keyMsg("ctrl+r"))
	if !m.sending {
		t.Fatal("not sending")
	}
	if !strings.Contains(screenText(m), "esc cancel") {
		t.Fatalf("spinner line missing:\n%s", screenText(m))
	}
	done := make(chan tea.Msg)
	// Like Bubble Tea, run the batch's commands concurrently: some (the
	// breaker subscription, the spinner) wait for events of their own.
	for _, c := range cmd().(tea.BatchMsg) {
		if c == nil {
			continue
		}
		go func() {
			if r, ok := c().(responseMsg); ok {
				done <- r
			}
		}()
	}
	press(m, "esc")
	var msg tea.Msg
	select {
	case msg = <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("esc did not end the request: no response message arrived")
	}
	m.Update(msg)
	if m.sending || !strings.Contains(screenText(m), "request cancelled") {
		t.Fatalf("not cancelled:\n%s", screenText(m))
	}
}

func TestBreakerPanelFollowsSnapshots(t *testing.T) {
	m := newTestModel(t, 160, 40, true)
	m.chooseAction(chosen("cvm", "DescribeInstances"))
	m.Update(breakerMsg{gen: m.clientGen, snap: breakerOpenSnapshot(), sub: true})
	if !strings.Contains(screenText(m), "○ OPEN") || !strings.Contains(screenText(m), "half-open in 42s") {
		t.Fatalf("open state not drawn:\n%s", screenText(m))
	}
	// snapshots of a replaced client are ignored
	m.Update(breakerMsg{gen: m.clientGen - 1, snap: api.BreakerSnapshot{State: api.BreakerClosed}})
	if !strings.Contains(screenText(m), "○ OPEN") {
		t.Fatal("stale snapshot applied")
	}
}

func TestNarrowTerminalCollapsesTheBreakerPanel(t *testing.T) {
	m := newTestModel(t, 80, 24, true)
	m.chooseAction(chosen("cvm", "DescribeInstances"))
	m.Update(breakerMsg{gen: m.clientGen, snap: breakerOpenSnapshot()})
	if strings.Contains(screenText(m), "Region breaker") || !strings.Contains(screenText(m), "breaker open") {
		t.Fatalf("want the one-line summary:\n%s", screenText(m))
	}
	press(m, "b")
	if !strings.Contains(screenText(m), "Region breaker") {
		t.Fatalf("b should open the panel:\n%s", screenText(m))
	}
}

func TestHistoryReopensAndDiffs(t *testing.T) {
	m := newTestModel(t, 100, 30, true)
	m.Update(responseMsg{okResult(1, fixtureBody)})
	m.Update(responseMsg{okResult(2, `{"Response":{"TotalCount":0,"RequestId":"b"}}`)})
	press(m, "5", "j", "enter")
	if m.screen != scrResponse || m.resp.res.seq != 1 {
		t.Fatalf("did not re-open #1: screen %v", m.screen)
	}
	press(m, "5", "k", "d") // newest vs the one before it
	if !strings.Contains(screenText(m), `-    "TotalCount": 1,`) {
		t.Fatalf("diff missing:\n%s", screenText(m))
	}
}

func TestSettingsChangeRebuildsTheClient(t *testing.T) {
	m := newTestModel(t, 100, 30, true)
	gen := m.clientGen
	press(m, "esc", "6", "j", "right")
	if m.set.Method != "GET" || m.clientGen == gen {
		t.Fatalf("method %s gen %d→%d", m.set.Method, gen, m.clientGen)
	}
	press(m, "j", "j", "j", "right")
	if m.set.Breaker || m.client.Breaker() != nil {
		t.Fatal("breaker should be off")
	}
}

func TestRegionPickerSetsTheRegion(t *testing.T) {
	m := newTestModel(t, 100, 30, true)
	press(m, "esc", "r")
	typeText(m, "ap-shanghai")
	press(m, "enter")
	if m.set.Region != "ap-shanghai" {
		t.Fatalf("region %s", m.set.Region)
	}
}

func TestSecretsNeverOnScreen(t *testing.T) {
	m := newTestModel(t, 160, 48, true)
	for _, sc := range screens {
		sc.setup(m)
		if s := screenText(m); strings.Contains(s, "not-a-real-key") || strings.Contains(s, "AKIDtestTCXfixture00000000000001a2b") {
			t.Fatalf("%s shows a secret:\n%s", sc.name, s)
		}
	}
}

func TestQuitKeyEndsTheProgram(t *testing.T) {
	m := newTestModel(t, 80, 24, true)
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("results")) })
	tm.Send(keyMsg("esc")) // the finder answers with a message; wait for the profiles
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("check")) }, teatest.WithDuration(5*time.Second))
	tm.Send(keyMsg("q"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	if !tm.FinalModel(t).(*Model).quitting {
		t.Fatal("not quitting")
	}
}

// panicky panics in Update to prove the terminal is restored.
type panicky struct{}

func (panicky) Init() tea.Cmd { return nil }
func (panicky) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if _, ok := msg.(tea.KeyPressMsg); ok {
		panic("boom")
	}
	return panicky{}, nil
}
func (panicky) View() tea.View { v := tea.NewView("x"); v.AltScreen = true; return v }

func TestPanicRestoresTheTerminal(t *testing.T) {
	var out bytes.Buffer
	p := tea.NewProgram(panicky{}, tea.WithInput(strings.NewReader("")), tea.WithOutput(&out), tea.WithWindowSize(80, 24))
	go func() {
		time.Sleep(200 * time.Millisecond) // let the first frame enter the alt screen
		p.Send(tea.KeyPressMsg{Code: 'x', Text: "x"})
	}()
	_, err := p.Run()
	if err == nil {
		t.Fatal("want ErrProgramPanic")
	}
	o := out.String()
	enter, leave := strings.Index(o, "\x1b[?1049h"), strings.LastIndex(o, "\x1b[?1049l")
	if enter < 0 || leave < enter { // the alt screen was entered, then left
		t.Fatalf("terminal not restored: %q", out.String())
	}
}

func TestRunReturnsAnErrorNotAPanic(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := Run(ctx, Options{Registry: registry(t), Now: func() time.Time { return fixedNow }},
		tea.WithInput(strings.NewReader("")), tea.WithOutput(io.Discard), tea.WithWindowSize(80, 24))
	if err != nil {
		t.Fatalf("a cancelled context is a clean exit: %v", err)
	}
}

func TestClickingATabSwitchesScreens(t *testing.T) {
	m := newTestModel(t, 100, 30, true)
	// "1 Profiles" starts at column 0, "/ Find" after it; "6 Settings" is last
	m.Update(tea.MouseClickMsg{X: 3, Y: 1, Button: tea.MouseLeft})
	if m.screen != scrProfiles {
		t.Fatalf("screen %v", m.screen)
	}
	m.Update(tea.MouseClickMsg{X: 70, Y: 1, Button: tea.MouseLeft})
	if m.screen != scrSettings {
		t.Fatalf("screen %v, want settings", m.screen)
	}
}

func TestFailedCallStillShowsASignature(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv, url, err := sandbox.Start(ctx, "127.0.0.1:0", sandbox.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	wrong := api.Credential{SecretID: sandbox.DefaultSecretID, SecretKey: "wrong-key", Source: "test"}
	m := New(Options{Registry: registry(t), Now: func() time.Time { return fixedNow },
		Profiles: []Profile{{Name: "bad", Provider: api.StaticProvider{Credential: wrong}, Endpoint: url}}})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	m.chooseAction(chosen("cvm", "DescribeZones"))
	_, cmd := m.Update(keyMsg("ctrl+r"))
	for _, c := range cmd().(tea.BatchMsg) {
		if r, ok := c().(responseMsg); ok {
			m.Update(r)
		}
	}
	if !strings.Contains(screenText(m), "AuthFailure.SignatureFailure") {
		t.Fatalf("want the API error panel:\n%s", screenText(m))
	}
	press(m, "4")
	s := screenText(m)
	if !strings.Contains(s, "the signature of the failing attempt (AuthFailure.SignatureFailure)") ||
		!strings.Contains(s, "Canonical request") || strings.Contains(s, "wrong-key") || strings.Contains(s, "signed now") {
		t.Fatalf("signature screen:\n%s", s)
	}
	e, _ := api.AsError(m.hist.items[0].err)
	if m.lastSig != e.Signature {
		t.Fatal("the screen must show the error's own trace, not a new signature")
	}
}

func TestSignatureFallsBackToSigningAgainOnlyWithoutATrace(t *testing.T) {
	sent := &api.SignatureTrace{Method: api.TC3HMACSHA256, Timestamp: 1, MaskedID: "AKID…1a2b", TC3: &api.TC3Signature{CanonicalRequest: "sent"}}
	again := &api.SignatureTrace{Method: api.TC3HMACSHA256, Timestamp: 2, MaskedID: "AKID…1a2b", TC3: &api.TC3Signature{CanonicalRequest: "again"}}
	for _, tc := range []struct {
		name      string
		failedSig *api.SignatureTrace
		want      *api.SignatureTrace
		note      string
	}{
		{"the error carries the trace", sent, sent, "failing attempt"},
		{"failed before signing", nil, again, "signed now"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := newTestModel(t, 100, 30, true)
			r := errResult(1)
			r.failedSig, r.resigned = tc.failedSig, again
			m.finish(r)
			if m.lastSig != tc.want || !strings.Contains(m.sigNote, tc.note) {
				t.Fatalf("showing %+v with note %q", m.lastSig, m.sigNote)
			}
		})
	}
}

func TestSendIsBlockedNamingABadIntegerField(t *testing.T) {
	m := newTestModel(t, 120, 36, true)
	m.chooseAction(chosen("cvm", "DescribeInstances"))
	m.form.Focus("Limit")
	press(m, "enter")
	typeText(m, "1?")
	press(m, "enter")
	if s := screenText(m); !strings.Contains(s, "InvalidParameter: Limit: expected an integer") {
		t.Fatalf("the form does not name the field before sending:\n%s", s)
	}
	press(m, "ctrl+r")
	if m.sending {
		t.Fatal("must not send 1? as an integer")
	}
	if s := screenText(m); !strings.Contains(s, "not sent: Limit: expected an integer") {
		t.Fatalf("the status does not name the field:\n%s", s)
	}
}
