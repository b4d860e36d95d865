// Package reliability holds tcx's cross-cutting end-to-end tests: the fault
// matrix, the secret-leak sweep and crash safety. It has no code of its own.
// TestMain builds the real tcx binary once and the tests drive it as a user
// would, against sandboxes and small servers on 127.0.0.1 only.
//
// See docs/reliability.md for what each test covers and what is not covered.
package reliability

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// tcxBin is the tcx binary built by TestMain.
var tcxBin string

func TestMain(m *testing.M) {
	// A re-executed test binary playing a crashing child (crash_test.go).
	if os.Getenv(childEnv) != "" {
		os.Exit(runChild())
	}
	dir, err := os.MkdirTemp("", "tcx-reliability-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	tcxBin = filepath.Join(dir, "tcx")
	build := exec.Command("go", "build", "-o", tcxBin, "github.com/tcx-dev/tcx")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "reliability: cannot build tcx:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	stopTmux()
	os.RemoveAll(dir)
	os.Exit(code)
}

// run is one invocation of the tcx binary.
type run struct {
	args    []string
	env     map[string]string // added to a clean environment (HOME etc. in a temp dir)
	stdin   string
	home    string        // HOME; a fresh temp dir when ""
	timeout time.Duration // the process is killed after it; 30 s when 0
}

// result is what the user saw.
type result struct {
	stdout, stderr string
	code           int
	home           string
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\n--- stdout:\n%s\n--- stderr:\n%s", r.code, r.stdout, r.stderr)
}

// cleanEnv is a minimal environment: no proxies, no credentials and no
// config from the machine running the tests.
func cleanEnv(home string) []string {
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + home,
		"XDG_CONFIG_HOME=" + filepath.Join(home, ".config"),
		"XDG_DATA_HOME=" + filepath.Join(home, ".local", "share"),
		"XDG_STATE_HOME=" + filepath.Join(home, ".local", "state"),
		"XDG_CACHE_HOME=" + filepath.Join(home, ".cache"),
		"TMPDIR=" + os.TempDir(),
		"LANG=C.UTF-8",
		"TERM=dumb",
		// Never reach the real cloud's metadata service or STS.
		"TCX_METADATA_URL=-",
		"TCX_STS_ENDPOINT=" + refusedURL,
	}
	return env
}

// unresolvableHost is a name no resolver is asked about: its first label is
// 64 characters, one more than DNS allows, so Go's resolver fails it with
// "no such host" before sending a query. A test's DNS failure must not put
// a packet on the network (a .invalid name would still be looked up).
var unresolvableHost = strings.Repeat("x", 64) + ".tcx-test.example"

// refusedURL is a loopback port nothing listens on (the discard port): a
// stray call to it is refused at once and never leaves the machine.
const refusedURL = "http://127.0.0.1:9"

// tcx runs the binary and returns what it printed and its exit status. A
// process still running at the deadline is killed and fails the test: that
// is how "finishes within its timeout" is asserted, without timing anything.
func tcx(t *testing.T, r run) result {
	t.Helper()
	if r.home == "" {
		r.home = t.TempDir()
	}
	if r.timeout == 0 {
		r.timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(context.Background(), r.timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, tcxBin, r.args...)
	cmd.WaitDelay = 2 * time.Second
	cmd.Env = cleanEnv(r.home)
	for k, v := range r.env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Dir = r.home
	cmd.Stdin = strings.NewReader(r.stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	res := result{stdout: out.String(), stderr: errb.String(), home: r.home}
	if ctx.Err() != nil {
		t.Fatalf("tcx %s did not finish within %s and was killed\n%s", strings.Join(r.args, " "), r.timeout, res)
	}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		res.code = ee.ExitCode()
	default:
		t.Fatalf("tcx %s: %v", strings.Join(r.args, " "), err)
	}
	noCrash(t, res.stdout+res.stderr)
	return res
}

// noCrash fails when output shows a Go panic or a goroutine dump.
func noCrash(t *testing.T, out string) {
	t.Helper()
	for _, bad := range []string{"panic:", "goroutine ", "runtime error:", "[signal "} {
		if strings.Contains(out, bad) {
			t.Fatalf("output shows a crash (%q):\n%s", bad, out)
		}
	}
}

// contains fails unless every fragment is in s.
func contains(t *testing.T, what, s string, fragments ...string) {
	t.Helper()
	for _, f := range fragments {
		if !strings.Contains(s, f) {
			t.Errorf("%s lacks %q", what, f)
		}
	}
}
