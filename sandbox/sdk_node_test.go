package sandbox

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestOfficialNodeSDKCommonClient runs the official Node SDK's CommonClient
// (installed by `make deps` when npm is present, exported as
// TCX_NODE_MODULES). Node is optional, so without it the test skips.
func TestOfficialNodeSDKCommonClient(t *testing.T) {
	mods := os.Getenv("TCX_NODE_MODULES")
	node, err := exec.LookPath("node")
	if mods == "" || err != nil {
		t.Skip("node or TCX_NODE_MODULES missing: run `make test` with npm installed to run the Node interop test")
	}
	if _, err := os.Stat(filepath.Join(mods, "tencentcloud-sdk-nodejs-common")); err != nil {
		t.Skip("tencentcloud-sdk-nodejs-common is not installed in TCX_NODE_MODULES")
	}
	_, base := start(t, Options{})
	u, _ := url.Parse(base)
	run := func(mode string) (string, bool) {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, node, filepath.Join("testdata", "node", "common.js"), mode)
		cmd.Env = append(os.Environ(),
			"TENCENTCLOUD_SECRET_ID="+DefaultSecretID,
			"TENCENTCLOUD_SECRET_KEY="+DefaultSecretKey,
			"SANDBOX_PORT="+u.Port(),
		)
		out, err := cmd.CombinedOutput()
		return strings.TrimSpace(string(out)), err == nil
	}
	out, ok := run("ok")
	var resp map[string]any
	if !ok || json.Unmarshal([]byte(out), &resp) != nil || resp["TotalCount"] == nil {
		t.Fatalf("ok: %s", out)
	}
	if out, ok := run("wrongkey"); ok || !strings.HasPrefix(out, "ERROR AuthFailure.SignatureFailure") {
		t.Fatalf("wrong key: %s", out)
	}
}
