package cli

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// sandboxOutput is a bytes.Buffer safe to read while the command writes.
type sandboxOutput struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *sandboxOutput) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *sandboxOutput) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestSandboxCommandServesUntilCancelled(t *testing.T) {
	keys := filepath.Join(t.TempDir(), "keys")
	if err := os.WriteFile(keys, []byte("# team keys\nAKIDfile=filekey\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errOut sandboxOutput
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }}
	cmd := newSandboxCmd(e)
	cmd.SetArgs([]string{"--addr", "127.0.0.1:0", "--addr", "127.0.0.1:0", "--key", "AKIDmine=secret",
		"--keys-file", keys, "--seed", "5", "--fault", "kind=ratelimit,action=RunInstances", "--admin-token", "tok", "--no-schema"})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- cmd.ExecuteContext(ctx) }()

	urlRE := regexp.MustCompile(`URL:\s+(http://\S+)`)
	var base string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := urlRE.FindStringSubmatch(out.String()); m != nil && strings.Contains(out.String(), "Ctrl-C") {
			base = m[1]
			break
		}
	}
	if base == "" {
		cancel()
		t.Fatalf("no URL printed: %s %s", out.String(), errOut.String())
	}
	for _, want := range []string{"AKIDsandbox", "sandbox-only key", "Admin token: tok", "Seed:        5", "2 more", "kind=ratelimit,action=RunInstances", "URL 2:"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("banner lacks %q:\n%s", want, out.String())
		}
	}
	req, _ := http.NewRequest(http.MethodGet, base+"/_sandbox/faults", nil)
	req.Header.Set("Authorization", "Bearer tok")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(b), "ratelimit") {
		t.Fatalf("admin: %d %s", res.StatusCode, b)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("sandbox did not stop on cancel")
	}
}

func TestSandboxCommandRejectsBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"sandbox", "--key", "nokey"},
		{"sandbox", "--fault", "kind=boom"},
		{"sandbox", "--keys-file", "/nonexistent/keys"},
	} {
		var out, errOut bytes.Buffer
		code := Run(args, &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }})
		if code != ExitUsage {
			t.Errorf("%v: exit %d, stderr %s", args, code, errOut.String())
		}
	}
}
