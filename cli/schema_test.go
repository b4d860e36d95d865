package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// runSchema runs tcx with args in-process and returns exit code and output.
func runSchema(t *testing.T, getenv func(string) string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	code := Run(args, &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, getenv: getenv})
	return code, out.String(), errOut.String()
}

func TestSchemaSearchFindsActions(t *testing.T) {
	code, out, _ := runSchema(t, nil, "schema", "search", "describe", "instances", "-n", "3")
	if code != 0 || !strings.HasPrefix(out, "action  cvm DescribeInstances") || strings.Count(out, "\n") != 3 {
		t.Errorf("code %d, out:\n%s", code, out)
	}
	code, out, _ = runSchema(t, nil, "schema", "search", "云服务器", "--json", "-n", "1")
	var hits []map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &hits) != nil || len(hits) != 1 || hits[0]["Product"] != "cvm" {
		t.Errorf("json: code %d, out %s", code, out)
	}
}

func TestSchemaShowAction(t *testing.T) {
	code, out, _ := runSchema(t, nil, "schema", "show", "cvm", "describeinstances")
	for _, want := range []string{
		"cvm 2017-03-12 DescribeInstances — 查看实例列表",
		"Parameters (* required):",
		"    Filters      list of Filter",
		"      * Name     string",
		"      * Values   list of string",
		"    Limit        integer",
		"Example 1:",
		`"ap-guangzhou-3"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("show lacks %q:\n%s", want, out[:min(len(out), 2000)])
		}
	}
	if code != 0 {
		t.Errorf("code %d", code)
	}
}

func TestSchemaShowProductAndVersions(t *testing.T) {
	code, out, _ := runSchema(t, nil, "schema", "show", "tke")
	if code != 0 || !strings.Contains(out, "versions  2018-05-25 (default), 2022-05-01") || !strings.Contains(out, "DescribeClusters") {
		t.Errorf("code %d:\n%s", code, out[:min(len(out), 800)])
	}
	code, out, _ = runSchema(t, nil, "schema", "show", "tke", "DescribeClusters", "--version", "2022-05-01")
	if code != 0 || !strings.HasPrefix(out, "tke 2022-05-01 DescribeClusters") {
		t.Errorf("code %d:\n%s", code, out[:min(len(out), 300)])
	}
}

func TestSchemaSkeletonIsJSON(t *testing.T) {
	code, out, _ := runSchema(t, nil, "schema", "skeleton", "cvm", "DescribeInstances")
	var v map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &v) != nil || v["Limit"] != "Integer" {
		t.Errorf("code %d: %s", code, out)
	}
}

func TestSchemaUsageErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"schema", "show", "nosuchproduct"}, "unknown product"},
		{[]string{"schema", "show", "cvm", "DescribeInstance"}, "did you mean: cvm DescribeInstances"},
		{[]string{"schema", "show", "cvm", "DescribeInstances", "--version", "2000-01-01"}, "unknown API version"},
		{[]string{"schema", "skeleton", "cvm"}, "accepts 2 arg"},
		{[]string{"schema", "search"}, "requires at least 1 arg"},
	} {
		code, _, errOut := runSchema(t, nil, c.args...)
		if code != ExitUsage || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: code %d, stderr %q; want exit 2 with %q", c.args, code, errOut, c.want)
		}
	}
}

func TestSchemaStatsAndExtraFolders(t *testing.T) {
	code, out, _ := runSchema(t, nil, "schema", "stats")
	if code != 0 || !strings.Contains(out, "source      tccli 3.1.189.1") || !strings.Contains(out, "actions     16204") {
		t.Errorf("stats: code %d\n%s", code, out)
	}
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "bad", "v20200101"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "bad", "v20200101", "api.json"), []byte("{"), 0o644)
	code, out, errOut := runSchema(t, func(k string) string {
		if k == "TCX_SCHEMA_EXTRA" {
			return dir
		}
		return ""
	}, "schema", "stats")
	if code != 0 || !strings.Contains(errOut, "warning: extra schema") || !strings.Contains(out, "products    262") {
		t.Errorf("bad extra folder must warn, not fail: code %d\n%s\n%s", code, out, errOut)
	}
}

// An extra definitions folder reaches every command, not only `tcx schema`:
// here `tcx sign` finds the new product's default version through it.
func TestExtraSchemaFoldersReachEveryCommand(t *testing.T) {
	dir := t.TempDir()
	api := `{"version":"1.0","metadata":{"apiVersion":"2020-01-01","serviceNameCN":"演示","serviceShortName":"dm"},
 "actions":{"Ping":{"document":"","input":"PingRequest","output":"PingResponse","name":"探测","status":"online"}},
 "objects":{"PingRequest":{"document":"","type":"object","members":[]},
  "PingResponse":{"document":"","type":"object","members":[{"name":"RequestId","member":"string","type":"string","document":""}]}}}`
	if err := os.MkdirAll(filepath.Join(dir, "dm", "v20200101"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "dm", "v20200101", "api.json"), []byte(api), 0o644); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"TENCENTCLOUD_SECRET_ID": "AKIDextraschema00001a2b", "TENCENTCLOUD_SECRET_KEY": "extra-schema-key", "TCX_METADATA_URL": "-"}
	sign := func() (int, string, string) {
		return runSchema(t, func(k string) string { return vars[k] }, "sign", "dm", "Ping", "--timestamp", "1551113065", "-o", "json")
	}
	if code, out, errOut := sign(); code == 0 && strings.Contains(out, "2020-01-01") {
		t.Fatalf("without the extra folder dm should be unknown: code %d\n%s\n%s", code, out, errOut)
	}
	vars["TCX_SCHEMA_EXTRA"] = dir
	code, out, errOut := sign()
	if code != 0 || !strings.Contains(out, "2020-01-01") {
		t.Errorf("with TCX_SCHEMA_EXTRA, sign should use dm's version 2020-01-01: code %d\n%s\n%s", code, out, errOut)
	}
	// The same folder named in the config file's schema_extra.
	delete(vars, "TCX_SCHEMA_EXTRA")
	cfg := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(cfg, []byte("version: 1\nschema_extra: ["+strconv.Quote(dir)+"]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	vars["TCX_CONFIG"] = cfg
	if code, out, errOut := sign(); code != 0 || !strings.Contains(out, "2020-01-01") {
		t.Errorf("with schema_extra in the config file, sign should use dm's version: code %d\n%s\n%s", code, out, errOut)
	}
	// A broken config file is a warning naming it, not a failure.
	os.WriteFile(cfg, []byte("schema_extra: [\n"), 0o600)
	if code, _, errOut := sign(); code == 0 || !strings.Contains(errOut, cfg) {
		t.Errorf("a broken config should be named in a warning: code %d\n%s", code, errOut)
	}
}
