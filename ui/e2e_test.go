package ui_test

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// tmuxSession drives the real tcx binary in a detached tmux session.
type tmuxSession struct {
	t    *testing.T
	name string
}

func (s *tmuxSession) keys(k ...string) {
	s.t.Helper()
	args := append([]string{"send-keys", "-t", s.name}, k...)
	if out, err := tmuxCmd(args...).CombinedOutput(); err != nil {
		s.t.Fatalf("tmux send-keys %v: %v %s", k, err, out)
	}
}

func (s *tmuxSession) screen() string {
	out, _ := tmuxCmd("capture-pane", "-p", "-t", s.name).Output()
	return string(out)
}

// waitFor polls the screen until it contains every want; the deadline only
// bounds a hung run, it is not a timing assertion.
func (s *tmuxSession) waitFor(what string, want ...string) string {
	s.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		scr := s.screen()
		ok := true
		for _, w := range want {
			if !strings.Contains(scr, w) {
				ok = false
			}
		}
		if ok {
			return scr
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("%s: never saw %q on screen:\n%s", what, want, scr)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func fault(t *testing.T, method, admin, token, body string) {
	t.Helper()
	req, _ := http.NewRequest(method, "http://"+admin+"/_sandbox/faults", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("fault admin: %s", resp.Status)
	}
}

// TestEndToEndInTmux runs the real binary against its in-process (seeded,
// demo-data) sandbox:
// choose the sandbox profile, find cvm DescribeInstances, set Limit and a
// Filter, send, read the response, then fail the primary host and watch the
// breaker open, the backup answer, half-open and close again.
func TestEndToEndInTmux(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: builds the binary")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed")
	}
	bin := filepath.Join(t.TempDir(), "tcx")
	build := exec.Command("go", "build", "-o", bin, "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	primary, backup := freePort(t), freePort(t)
	token := "e2e-token"
	name := fmt.Sprintf("tcx-e2e-%d", os.Getpid())
	home := t.TempDir()
	cmd := fmt.Sprintf("env -i HOME=%s TERM=xterm-256color PATH=%s TCX_BREAKER_TIMEOUT=3s %s --sandbox-addr %s --sandbox-addr %s --sandbox-admin-token %s --sandbox-seed 1 --breaker-max-requests 2",
		home, os.Getenv("PATH"), bin, primary, backup, token)
	if out, err := tmuxCmd("new-session", "-d", "-s", name, "-x", "160", "-y", "45", cmd).CombinedOutput(); err != nil {
		t.Fatalf("tmux: %v %s", err, out)
	}
	s := &tmuxSession{t: t, name: name}
	t.Cleanup(func() { _ = tmuxCmd("kill-session", "-t", name).Run() })

	// profile screen: the sandbox profile is there; choose it
	s.waitFor("start", "SANDBOX", "no credentials found")
	s.keys("Escape") // the finder has focus; esc goes back to the profiles

	s.waitFor("profiles", "sandbox (local)", "How the chain resolved it")
	s.keys("Enter")
	// find cvm DescribeInstances
	s.waitFor("finder", "results")
	s.keys("-l", "cvm describeinstances")
	s.waitFor("finder hits", "DescribeInstances")
	s.keys("Enter")
	s.waitFor("form", "Parameters", "Limit", "Filters")
	// Limit = 1
	s.keys("j", "j", "j", "Enter")
	s.keys("-l", "1")
	s.keys("Enter")
	s.waitFor("limit set", "Limit")
	// Filters[0] = {Name: zone, Values: [ap-guangzhou-3]}
	s.keys("k", "k", "a")
	s.waitFor("filter added", "[0]")
	s.keys("Enter")
	s.keys("-l", "zone")
	s.keys("Enter", "j", "a")
	s.keys("Enter")
	s.keys("-l", "ap-guangzhou-3")
	s.keys("Enter")
	s.waitFor("filter filled", "zone", "ap-guangzhou-3")
	s.keys("C-r")
	// the sandbox's demo data: the first "web" instance in ap-guangzhou-3
	scr := s.waitFor("response", "200 OK", "RequestId", `"Response": {`, `"InstanceName": "web-1"`, `"Zone": "ap-guangzhou-3"`)
	if !strings.Contains(scr, "CLOSED") {
		t.Fatalf("breaker panel should show closed:\n%s", scr)
	}

	// fail the primary; five failures open the breaker
	fault(t, http.MethodPut, backup, token, fmt.Sprintf(`{"kind":"html","addr":%q}`, primary))
	for i := 0; i < 6 && !strings.Contains(s.screen(), "OPEN"); i++ {
		s.keys("C-r")
		time.Sleep(300 * time.Millisecond)
	}
	s.waitFor("breaker open", "○ OPEN", "half-open in")
	// the backup answers while open
	s.keys("C-r")
	s.waitFor("backup answers", "200 OK", "host "+backup)
	fault(t, http.MethodDelete, backup, token, "")
	// after the timeout the breaker probes the primary
	s.waitFor("half-open", "HALF-OPEN")
	s.keys("C-r")
	s.waitFor("probe", "200 OK", "host "+primary)
	s.keys("C-r")
	s.waitFor("closed again", "● CLOSED", "→ closed")

	s.keys("q")
	time.Sleep(300 * time.Millisecond)
}

// tmuxCmd runs tmux on a server of this test process's own (-L), so the
// tests neither see nor disturb the user's tmux or another test run. The
// server exits by itself when its last session is killed.
func tmuxCmd(args ...string) *exec.Cmd {
	return exec.Command("tmux", append([]string{"-L", fmt.Sprintf("tcx-test-%d", os.Getpid())}, args...)...)
}
