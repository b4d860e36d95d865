package reliability

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tcx-dev/tcx/sandbox"
)

// explorer is the tcx explorer running in a detached tmux session, inside a
// shell that records `stty -a` before and after it and its exit status, so
// a test can check the terminal was given back as it was found.
type explorer struct {
	t    *testing.T
	name string
	dir  string // before.stty, after.stty, exit, stderr
}

var tmuxSeq atomic.Int64

func shQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func startExplorer(t *testing.T, home string, env map[string]string, args ...string) *explorer {
	t.Helper()
	return startCommand(t, home, env, tcxBin, args...)
}

// startCommand runs bin with args in a tmux pane, in a clean environment
// plus env.
func startCommand(t *testing.T, home string, env map[string]string, bin string, args ...string) *explorer {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed")
	}
	dir := t.TempDir()
	var envs []string
	for _, kv := range cleanEnv(home) {
		if !strings.HasPrefix(kv, "TERM=") {
			envs = append(envs, shQuote(kv))
		}
	}
	envs = append(envs, "TERM=xterm-256color")
	keys := make([]string, 0, len(env))
	for k := range env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		envs = append(envs, shQuote(k+"="+env[k]))
	}
	var qargs []string
	for _, a := range args {
		qargs = append(qargs, shQuote(a))
	}
	script := fmt.Sprintf("cd %s; stty -a > before.stty; env -i %s %s %s 2> stderr; echo $? > exit.tmp; stty -a > after.stty; mv exit.tmp exit; sleep 300",
		shQuote(dir), strings.Join(envs, " "), shQuote(bin), strings.Join(qargs, " "))
	e := &explorer{t: t, name: fmt.Sprintf("tcx-rel-%d-%d", os.Getpid(), tmuxSeq.Add(1)), dir: dir}
	if out, err := tmuxCmd("new-session", "-d", "-s", e.name, "-x", "200", "-y", "40", "sh", "-c", script).CombinedOutput(); err != nil {
		t.Fatalf("tmux: %v %s", err, out)
	}
	t.Cleanup(func() { _ = tmuxCmd("kill-session", "-t", e.name).Run() })
	return e
}

func (e *explorer) keys(k ...string) {
	e.t.Helper()
	if out, err := tmuxCmd(append([]string{"send-keys", "-t", e.name}, k...)...).CombinedOutput(); err != nil {
		e.t.Fatalf("tmux send-keys %v: %v %s", k, err, out)
	}
}

func (e *explorer) screen() string {
	out, _ := tmuxCmd("capture-pane", "-p", "-t", e.name).Output()
	return string(out)
}

// waitFor polls the screen until every fragment is on it; the deadline only
// bounds a test that would otherwise wait forever, it is not the assertion.
func (e *explorer) waitFor(what string, want ...string) string {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for {
		scr := e.screen()
		missing := ""
		for _, w := range want {
			if !strings.Contains(scr, w) {
				missing = w
				break
			}
		}
		if missing == "" {
			return scr
		}
		select {
		case <-ctx.Done():
			e.t.Fatalf("%s: %q never appeared; screen:\n%s", what, missing, scr)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// exited waits for the program to end and returns its exit status and stderr.
func (e *explorer) exited() (code, stderr string) {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for {
		b, err := os.ReadFile(filepath.Join(e.dir, "exit"))
		if err == nil {
			code = strings.TrimSpace(string(b))
			break
		}
		select {
		case <-ctx.Done():
			e.t.Fatalf("the program did not exit; screen:\n%s", e.screen())
		case <-time.After(100 * time.Millisecond):
		}
	}
	errb, _ := os.ReadFile(filepath.Join(e.dir, "stderr"))
	return code, string(errb)
}

// terminalRestored checks the terminal is as the program found it: the
// same stty settings, the alternate screen off.
func (e *explorer) terminalRestored() {
	e.t.Helper()
	before, _ := os.ReadFile(filepath.Join(e.dir, "before.stty"))
	after, _ := os.ReadFile(filepath.Join(e.dir, "after.stty"))
	if len(before) == 0 || string(before) != string(after) {
		e.t.Errorf("terminal settings changed:\nbefore: %s\nafter:  %s", before, after)
	}
	if out, _ := tmuxCmd("display", "-p", "-t", e.name, "#{alternate_on}").Output(); strings.TrimSpace(string(out)) != "0" {
		e.t.Errorf("the alternate screen is still on after exit")
	}
}

// quit presses q and checks the explorer exited 0 without a crash and left
// the terminal as it found it.
func (e *explorer) quit() (stderr string) {
	e.t.Helper()
	e.keys("q")
	code, stderr := e.exited()
	noCrash(e.t, stderr)
	if code != "0" {
		e.t.Errorf("the explorer exited %s after q; stderr:\n%s", code, stderr)
	}
	e.terminalRestored()
	return stderr
}

// explorerArgs maps a fault row's CLI flags to the explorer, which has no
// per-request transport flags; "" means the row cannot run there.
func explorerArgs(tg target) (string, bool) {
	if len(tg.args) > 0 {
		return "the explorer has no " + tg.args[0] + " flag", false
	}
	return "", true
}

// explorerWants turns a row's CLI expectations into what the response
// panel shows: "✗ <code>", the hint and, for a transport failure, the
// "cause:" line with the words that tell refused, DNS and TLS apart; or
// "● 200 OK".
func explorerWants(fc faultCase) []string {
	if fc.code == 0 {
		return []string{"200 OK"}
	}
	var want []string
	for _, f := range fc.stderr {
		switch {
		case strings.HasPrefix(f, "error: "):
			want = append(want, "✗ "+strings.TrimPrefix(f, "error: "))
		case strings.HasPrefix(f, "hint:      "):
			want = append(want, "hint: "+strings.TrimPrefix(f, "hint:      "))
		case f == "connection refused", f == "no such host", f == "certificate signed by unknown authority":
			want = append(want, "cause: ", f)
		}
	}
	return want
}

// TestFaultMatrixExplorer sends each fault row from the explorer (ctrl+r on
// the action opened with --action) and checks the response panel, then
// quits and checks the terminal was restored.
func TestFaultMatrixExplorer(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed")
	}
	for _, fc := range faultCases() {
		t.Run(fc.name, func(t *testing.T) {
			t.Parallel()
			tg := fc.setup(t)
			if why, ok := explorerArgs(tg); !ok {
				t.Skip(why)
			}
			env := map[string]string{}
			for k, v := range sandboxCreds {
				env[k] = v
			}
			for k, v := range tg.env {
				env[k] = v
			}
			env["TENCENTCLOUD_REGION"] = "ap-guangzhou"
			x := startExplorer(t, t.TempDir(), env, "--endpoint", tg.endpoint, "--action", "cvm DescribeZones")
			x.waitFor("the action's form", "DescribeZones", "ctrl+r send")
			x.keys("C-r")
			x.waitFor("the answer", explorerWants(fc)...)
			x.quit()
			if tg.check != nil {
				tg.check(t, result{})
			}
		})
	}
}

// TestExplorerCancelsAHangingRequest: the explorer has no timeout flag, so a
// hanging server is left with esc, which must end the request at once and
// say so; the explorer then quits cleanly.
func TestExplorerCancelsAHangingRequest(t *testing.T) {
	s := startSandbox(t, sbxOptions{faults: []sandbox.Fault{{Kind: sandbox.FaultHang}}})
	env := map[string]string{"TENCENTCLOUD_REGION": "ap-guangzhou"}
	for k, v := range sandboxCreds {
		env[k] = v
	}
	x := startExplorer(t, t.TempDir(), env, "--endpoint", s.URL, "--action", "cvm DescribeZones")
	x.waitFor("the action's form", "DescribeZones", "ctrl+r send")
	x.keys("C-r")
	x.waitFor("the request in flight", "esc cancel")
	x.keys("Escape")
	x.waitFor("the cancel", "request cancelled")
	x.quit()
}

// tmuxSocket names a tmux server of this test process's own (-L), so the
// tests neither see nor disturb the user's tmux or another test run.
func tmuxSocket() string { return fmt.Sprintf("tcx-test-%d", os.Getpid()) }

// tmuxKeepAlive starts the server with an idle session that outlives the
// tests' own: tmux exits when its last session ends, and a parallel
// subtest's new-session could otherwise reach a server that is shutting
// down ("server exited unexpectedly"). TestMain stops it (stopTmux).
var tmuxKeepAlive sync.Once

// tmuxCmd runs tmux on this process's own server.
func tmuxCmd(args ...string) *exec.Cmd {
	tmuxKeepAlive.Do(func() {
		_ = exec.Command("tmux", "-L", tmuxSocket(), "new-session", "-d", "-s", "keepalive", "sleep 86400").Run()
	})
	return exec.Command("tmux", append([]string{"-L", tmuxSocket()}, args...)...)
}

// stopTmux ends this process's tmux server and whatever still runs in it.
func stopTmux() { _ = exec.Command("tmux", "-L", tmuxSocket(), "kill-server").Run() }
