package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tcx-dev/tcx/sandbox"
)

// TestCallAgainstTheSandboxInEverySigningMode runs tcx call against the
// local sandbox, which verifies signatures independently from the wire.
func TestCallAgainstTheSandboxInEverySigningMode(t *testing.T) {
	url := testSandbox(t)
	vars := map[string]string{"TENCENTCLOUD_SECRET_ID": sandbox.DefaultSecretID, "TENCENTCLOUD_SECRET_KEY": sandbox.DefaultSecretKey}
	for _, mode := range [][]string{
		{"--method", "POST"},
		{"--method", "POST", "--unsigned-payload"},
		{"--method", "GET"},
		{"--method", "POST", "--sign-method", "HmacSHA256"},
		{"--method", "GET", "--sign-method", "HmacSHA1"},
	} {
		t.Run(strings.Join(mode, " "), func(t *testing.T) {
			args := append([]string{"call", "cvm", "DescribeInstances", "--endpoint", url, "--region", "ap-guangzhou", "--param", "Limit=1"}, mode...)
			code, out, errs := runTCX(t, vars, "", args...)
			if code != ExitOK {
				t.Fatalf("exit %d\nstderr: %s", code, errs)
			}
			var m map[string]any
			if err := json.Unmarshal([]byte(out), &m); err != nil || m["RequestId"] == nil {
				t.Fatalf("stdout: %v %s", err, out)
			}
		})
	}
	t.Run("wrong key is an API error", func(t *testing.T) {
		bad := map[string]string{"TENCENTCLOUD_SECRET_ID": sandbox.DefaultSecretID, "TENCENTCLOUD_SECRET_KEY": "wrongwrongwrongwrongwrong"}
		code, _, errs := runTCX(t, bad, "", "call", "cvm", "DescribeInstances", "--endpoint", url, "--region", "ap-guangzhou")
		if code != ExitAPIError || !strings.Contains(errs, "AuthFailure.SignatureFailure") || !strings.Contains(errs, "tcx sign") {
			t.Fatalf("exit %d stderr %s", code, errs)
		}
	})
}
