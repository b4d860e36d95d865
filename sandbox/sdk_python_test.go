package sandbox

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// pythonSDK returns the interpreter of the venv that has the official
// Python SDK (made by `make deps`, exported as TCX_PYTHON). Without it the
// test fails under CI or TCX_REQUIRE_INTEROP, and is skipped otherwise.
func pythonSDK(t *testing.T) string {
	t.Helper()
	py := os.Getenv("TCX_PYTHON")
	if py != "" {
		if _, err := os.Stat(py); err == nil {
			return py
		}
	}
	msg := "TCX_PYTHON is not set (or missing): run `make test` (it builds .cache/venv with the official Python SDK) to run the Python interop tests"
	if os.Getenv("CI") != "" || os.Getenv("TCX_REQUIRE_INTEROP") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// runPython runs a script from testdata/python against base and returns its
// output and whether it exited 0.
func runPython(t *testing.T, py, base, script string, args ...string) (string, bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, py, append([]string{filepath.Join("testdata", "python", script)}, args...)...)
	cmd.Env = append(os.Environ(),
		"TENCENTCLOUD_SECRET_ID="+DefaultSecretID,
		"TENCENTCLOUD_SECRET_KEY="+DefaultSecretKey,
		"SANDBOX_ENDPOINT="+strings.TrimPrefix(base, "http://"),
		"PYTHONDONTWRITEBYTECODE=1",
	)
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("%s %v timed out: %s", script, args, out)
	}
	return strings.TrimSpace(string(out)), err == nil
}

func TestOfficialPythonSDKExamplesWork(t *testing.T) {
	py := pythonSDK(t)
	_, base := start(t, Options{Seed: 11})

	t.Run("simplified example", func(t *testing.T) {
		out, ok := runPython(t, py, base, "simplified.py")
		var resp struct {
			TotalCount *int
			RequestId  string
		}
		if !ok || json.Unmarshal([]byte(out), &resp) != nil || resp.TotalCount == nil || resp.RequestId == "" {
			t.Fatalf("output: %s", out)
		}
	})
	for _, mode := range []string{"ok", "get", "v1"} {
		t.Run("detailed example "+mode, func(t *testing.T) {
			out, ok := runPython(t, py, base, "detailed.py", mode)
			var env struct{ Response map[string]any }
			if !ok || json.Unmarshal([]byte(out), &env) != nil || env.Response["RequestId"] == nil || env.Response["Error"] != nil {
				t.Fatalf("output: %s", out)
			}
		})
	}
	for mode, code := range map[string]string{
		"wrongkey": "AuthFailure.SignatureFailure",
		"expired":  "AuthFailure.SignatureExpire",
		"tampered": "AuthFailure.SignatureFailure",
	} {
		t.Run("rejects "+mode, func(t *testing.T) {
			out, ok := runPython(t, py, base, "detailed.py", mode)
			if ok || !strings.HasPrefix(out, "ERROR "+code+" ") {
				t.Fatalf("want ERROR %s, got: %s", code, out)
			}
		})
	}
}
