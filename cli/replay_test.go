package cli

import (
	"encoding/json"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tcx-dev/tcx/sandbox"
)

func sandboxVars(extra ...string) map[string]string {
	m := map[string]string{"TENCENTCLOUD_SECRET_ID": sandbox.DefaultSecretID, "TENCENTCLOUD_SECRET_KEY": sandbox.DefaultSecretKey}
	for i := 0; i+1 < len(extra); i += 2 {
		m[extra[i]] = extra[i+1]
	}
	return m
}

// saveSnippet writes a snippet into dir as name.yaml.
func saveSnippet(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name+".yaml")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func instancesSnippet(endpoint string) string {
	return `version: 1
name: list-instances
region: ap-guangzhou
product: cvm
api_version: "2017-03-12"
action: DescribeInstances
params:
  Limit: ${LIMIT}
endpoint: ` + endpoint + "\n"
}

func TestReplayByNameAndByFile(t *testing.T) {
	u := testSandbox(t)
	dir := t.TempDir()
	p := saveSnippet(t, dir, "list-instances", instancesSnippet(u))
	for _, arg := range []string{"list-instances", p} {
		code, out, errs := runTCX(t, sandboxVars("LIMIT", "1"), "", "replay", arg, "--dir", dir)
		if code != ExitOK {
			t.Fatalf("replay %s: exit %d: %s", arg, code, errs)
		}
		var got map[string]any
		if err := json.Unmarshal([]byte(out), &got); err != nil || got["RequestId"] == nil || got["TotalCount"] == nil {
			t.Fatalf("replay %s printed %s (%v)", arg, out, err)
		}
	}
}

func TestReplayFilterSetAndRegionFlag(t *testing.T) {
	u := testSandbox(t)
	dir := t.TempDir()
	saveSnippet(t, dir, "list-instances", instancesSnippet(u))
	code, out, errs := runTCX(t, sandboxVars(), "", "replay", "list-instances", "--dir", dir, "--set", "LIMIT=2", "--region", "ap-shanghai", "--filter", "TotalCount")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if strings.TrimSpace(out) != "0" {
		t.Fatalf("--filter TotalCount printed %q", out)
	}
}

func TestReplayExitCodes(t *testing.T) {
	u := testSandbox(t)
	dir := t.TempDir()
	saveSnippet(t, dir, "list-instances", instancesSnippet(u))
	saveSnippet(t, dir, "bad-params", `version: 1
product: cvm
api_version: "2017-03-12"
action: DescribeInstances
params:
  Filters:
    - Name: zone
      Values: ap-guangzhou-3
endpoint: `+u+"\n")
	saveSnippet(t, dir, "unknown-action", `version: 1
region: ap-guangzhou
product: cvm
api_version: "2017-03-12"
action: DescribeTomorrow
endpoint: `+u+"\n")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String()
	ln.Close()
	tests := []struct {
		name     string
		args     []string
		want     int
		inStderr string
	}{
		{"missing variable", []string{"list-instances"}, ExitUsage, "snippet needs LIMIT"},
		{"schema problem with its path", []string{"bad-params"}, ExitUsage, "Filters[0].Values: expected"},
		{"no such snippet", []string{"nope"}, ExitUsage, `no snippet "nope"`},
		{"bad filter", []string{"list-instances", "--set", "LIMIT=1", "--filter", "[["}, ExitUsage, "--filter"},
		{"unknown action is sent and the API answers", []string{"unknown-action"}, ExitAPIError, "InvalidAction"},
		{"transport", []string{"list-instances", "--set", "LIMIT=1", "--endpoint", closed}, ExitTransport, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := runTCX(t, sandboxVars(), "", append([]string{"replay", "--dir", dir}, tt.args...)...)
			if code != tt.want || !strings.Contains(errs, tt.inStderr) {
				t.Fatalf("exit %d (want %d), stderr %q (want %q)", code, tt.want, errs, tt.inStderr)
			}
		})
	}
}

func TestExportCurlFromTheCLIRuns(t *testing.T) {
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("curl is not installed")
	}
	u := testSandbox(t)
	dir := t.TempDir()
	saveSnippet(t, dir, "list-instances", instancesSnippet("http://127.0.0.1:1"))
	out := filepath.Join(dir, "call.sh")
	code, _, errs := runTCX(t, sandboxVars(), "", "export", "list-instances", "--dir", dir, "--to", "curl", "--set", "LIMIT=1", "--endpoint", u, "-o", out)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), sandbox.DefaultSecretKey) {
		t.Fatalf("export contains the secret key:\n%s", b)
	}
	res, err := exec.Command("sh", out).Output()
	if err != nil || !strings.Contains(string(res), `"TotalCount"`) {
		t.Fatalf("running the export: %v\n%s", err, res)
	}
}

func TestExportUsageErrors(t *testing.T) {
	dir := t.TempDir()
	saveSnippet(t, dir, "list-instances", instancesSnippet("http://127.0.0.1:1"))
	for _, args := range [][]string{
		{"export", "list-instances", "--dir", dir},
		{"export", "list-instances", "--dir", dir, "--to", "cobol", "--set", "LIMIT=1"},
		{"export", "list-instances", "--dir", dir, "--to", "curl", "--set", "LIMIT=1"}, // no credentials
	} {
		if code, _, _ := runTCX(t, map[string]string{}, "", args...); code != ExitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, ExitUsage)
		}
	}
	code, out, errs := runTCX(t, map[string]string{}, "", "export", "list-instances", "--dir", dir, "--to", "python", "--set", "LIMIT=1")
	if code != ExitOK || !strings.Contains(out, "CommonClient") {
		t.Fatalf("python export without credentials: exit %d %s", code, errs)
	}
}

func TestSnippetsLists(t *testing.T) {
	dir := t.TempDir()
	code, _, errs := runTCX(t, nil, "", "snippets", "--dir", dir)
	if code != ExitOK || !strings.Contains(errs, "no snippets") {
		t.Fatalf("empty: exit %d, %q", code, errs)
	}
	saveSnippet(t, dir, "list-instances", instancesSnippet("http://127.0.0.1:1"))
	saveSnippet(t, dir, "leaky", "version: 1\nproduct: cvm\napi_version: v\naction: a\nsecret_key: x\n")
	code, out, errs := runTCX(t, nil, "", "snippets", "--dir", dir)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"NAME", "list-instances", "cvm DescribeInstances", "ap-guangzhou", "leaky", "unreadable", "secret_key"} {
		if !strings.Contains(out, want) {
			t.Errorf("listing lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = runTCX(t, nil, "", "snippets", "--dir", dir, "--json")
	var rows []map[string]string
	if code != ExitOK || json.Unmarshal([]byte(out), &rows) != nil || len(rows) != 2 {
		t.Fatalf("--json: exit %d\n%s", code, out)
	}
}

func TestSnippetsDefaultDirFromXDG(t *testing.T) {
	data := t.TempDir()
	dir := filepath.Join(data, "tcx", "snippets")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	saveSnippet(t, dir, "list-instances", instancesSnippet("http://127.0.0.1:1"))
	code, out, _ := runTCX(t, map[string]string{"XDG_DATA_HOME": data}, "", "snippets")
	if code != ExitOK || !strings.Contains(out, filepath.Join(dir, "list-instances.yaml")) {
		t.Fatalf("exit %d:\n%s", code, out)
	}
}

func TestSnippetsShowAndRm(t *testing.T) {
	dir := t.TempDir()
	p := saveSnippet(t, dir, "list-instances", instancesSnippet("http://127.0.0.1:1"))
	code, out, errs := runTCX(t, nil, "", "snippets", "show", "list-instances", "--dir", dir)
	if code != ExitOK || !strings.Contains(out, "action: DescribeInstances") {
		t.Fatalf("show: exit %d %s%s", code, out, errs)
	}
	if code, _, errs := runTCX(t, nil, "", "snippets", "--dir", dir, "rm", "list-instances"); code != ExitOK {
		t.Fatalf("rm: exit %d %s", code, errs)
	}
	if _, err := os.Stat(p); !os.IsNotExist(err) {
		t.Fatalf("file still there: %v", err)
	}
	if code, _, _ := runTCX(t, nil, "", "snippets", "rm", "list-instances", "--dir", dir); code != ExitUsage {
		t.Fatalf("rm of a missing snippet: exit %d", code)
	}
}
