package schema

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeFiles lays out files (path → content) under a temp dir.
func writeFiles(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for p, c := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const demoAPI = `{"version":"1.0",
 "metadata":{"apiVersion":"%s","serviceNameCN":"演示","serviceShortName":"dm","api_brief":"<p>Demo</p>"},
 "actions":{
  "ListNodes":{"document":"Lists <b>nodes</b>.","input":"ListNodesRequest","output":"ListNodesResponse","name":"列出节点","status":"online"},
  "Ping":{"document":"","input":"PingRequest","output":"PingResponse","name":"探测","status":"deprecated"}},
 "objects":{
  "ListNodesRequest":{"document":"","type":"object","members":[
    {"name":"Root","member":"Node","type":"object","required":1,"document":"","example":"无"},
    {"name":"Secret","member":"string","type":"string","disabled":true,"document":""},
    {"name":"Since","member":"datetime_iso","type":"string","document":"","example":""},
    {"name":"Ids","member":"uint64","type":"list","document":"","example":"[1,2]"}]},
  "Node":{"document":"a tree","usage":"both","members":[
    {"name":"Name","member":"string","type":"string","required":true,"document":"","example":"n1"},
    {"name":"Children","member":"Node","type":"list","document":"","example":"无"}]},
  "ListNodesResponse":{"document":"","type":"object","members":[
    {"name":"Nodes","member":"Node","type":"list","output_required":true,"document":""},
    {"name":"RequestId","member":"string","type":"string","document":""}]},
  "PingRequest":{"document":"","type":"object","members":[]},
  "PingResponse":{"document":"","type":"object","members":[{"name":"RequestId","member":"string","type":"string","document":""}]}}}`

const demoExamples = `{"version":"1.0","actions":{"ListNodes":[{"title":"GET style","document":"",
 "input":"https://dm.tencentcloudapi.com/?Action=ListNodes\n&Root.Name=a\n&Root.Children.0.Name=b\n&Ids.0=7\n&<公共请求参数>",
 "output":"{\"Response\":{\"Nodes\":[],\"RequestId\":\"x\"}}"}]}}`

func demoTree(t *testing.T) string { return demoTreeAt(t) }

func demoTreeAt(t testing.TB) string {
	return writeFiles(t, map[string]string{
		"__init__.py":                  "SERVICE_VERSIONS = {\n \"demo\": [\"2020-01-01\", \"2021-01-01\"]\n}\n",
		"demo/v20200101/api.json":      strings.Replace(demoAPI, "%s", "2020-01-01", 1),
		"demo/v20200101/examples.json": demoExamples,
		"demo/v20210101/api.json":      strings.Replace(demoAPI, "%s", "2021-01-01", 1),
		"demo/demo_client.py":          "# not a version",
		"broken/v20200101/api.json":    `{"version":"1.0","metadata":{},"actions":{},"objects":{}, "surprise":1}`,
		"odd/v20200101/api.json":       `{"version":"1.0","metadata":{"apiVersion":"2020-01-01","serviceShortName":"odd"},"actions":{},"objects":{"X":{"document":"","members":[{"name":"A","member":"decimal","type":"decimal","document":""}]}}}`,
	})
}

func TestReadTccliHandlesTheSourcesQuirks(t *testing.T) {
	r, rep := ReadTccli(demoTree(t))
	var msgs []string
	for _, p := range rep.Problems {
		msgs = append(msgs, p.Error())
	}
	all := strings.Join(msgs, "\n")
	if len(rep.Problems) != 2 || !strings.Contains(all, `unknown field "surprise"`) || !strings.Contains(all, `unknown type "decimal"`) {
		t.Errorf("problems = %v", msgs)
	}
	p := r.Product("demo")
	if p == nil || p.Name != "dm" || p.Folder != "demo" || p.DefaultVersion != "2020-01-01" || p.Brief != "Demo" {
		t.Fatalf("product = %+v", p)
	}
	if rep.Stats.Skipped != 2 || len(rep.Skipped) != 2 {
		t.Errorf("skipped = %v", rep.Skipped)
	}
	a, err := r.Action("dm", "", "listnodes")
	if err != nil {
		t.Fatal(err)
	}
	if a.Doc != "Lists nodes." || a.Input.Member("Secret") != nil {
		t.Errorf("doc %q, disabled member kept: %v", a.Doc, a.Input.Member("Secret"))
	}
	root := a.Input.Member("Root")
	if !root.Required || root.Example != "" || root.Object.Member("Children").Object != root.Object {
		t.Errorf("Root = %+v", root)
	}
	if s := a.Input.Member("Since"); s.Type != TypeTimestamp || s.Format != "datetime_iso" || s.Example != "" {
		t.Errorf("Since = %+v", s)
	}
	if ids := a.Input.Member("Ids"); ids.Type != TypeInteger || !ids.List || ids.Format != "uint64" {
		t.Errorf("Ids = %+v", ids)
	}
	if len(a.Examples) != 1 || a.Examples[0].Input != `{"Ids":[7],"Root":{"Children":[{"Name":"b"}],"Name":"a"}}` {
		t.Errorf("examples = %+v", a.Examples)
	}
	ping, _ := r.Action("dm", "2021-01-01", "Ping")
	if !ping.Deprecated() || len(ping.Input.Members) != 0 || len(Skeleton(ping.Input)) != 0 {
		t.Errorf("Ping = %+v", ping)
	}
}

func TestBundleRoundTrip(t *testing.T) {
	src, _ := ReadTccli(demoTree(t))
	out := t.TempDir()
	if _, err := src.WriteBundle(out, "test 1", Stats{Products: 1}); err != nil {
		t.Fatal(err)
	}
	idx, _ := os.ReadFile(filepath.Join(out, "index.bin"))
	data, _ := os.ReadFile(filepath.Join(out, "versions.bin"))
	r, err := loadBundle(string(idx), string(data))
	if err != nil {
		t.Fatal(err)
	}
	want, _ := src.Action("dm", "", "ListNodes")
	got, err := r.Action("demo", "", "ListNodes")
	if err != nil {
		t.Fatal(err)
	}
	if r.Source() != "test 1" || got.Title != want.Title || got.Examples[0] != want.Examples[0] ||
		got.Input.Member("Root").Object.Member("Children").Object != got.Input.Member("Root").Object {
		t.Errorf("round trip lost something: %+v", got)
	}
}

func TestLoadExtraAddsAndOverridesWithoutFailing(t *testing.T) {
	r, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	dir := writeFiles(t, map[string]string{
		"demo/v20200101/api.json": strings.Replace(demoAPI, "%s", "2020-01-01", 1),
		"cvm/v20990101/api.json":  strings.NewReplacer("2020-01-01", "2099-01-01", `"dm"`, `"cvm"`).Replace(strings.Replace(demoAPI, "%s", "2020-01-01", 1)),
		"bad/v20200101/api.json":  "{not json",
	})
	errs := r.LoadExtra(dir)
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "bad") {
		t.Errorf("errors = %v", errs)
	}
	if _, err := r.Action("dm", "", "Ping"); err != nil {
		t.Errorf("new product: %v", err)
	}
	cvm := r.Product("cvm")
	if cvm.DefaultVersion != "2017-03-12" || cvm.Versions[1] != "2099-01-01" {
		t.Errorf("cvm after extra: %+v", cvm)
	}
	if _, err := r.Action("cvm", "2099-01-01", "ListNodes"); err != nil {
		t.Error(err)
	}
	if _, err := r.Action("cvm", "", "DescribeInstances"); err != nil {
		t.Error(err)
	}
	if hits := r.Search("listnodes", 3); len(hits) == 0 {
		t.Error("search does not see extra actions")
	}
	if !strings.Contains(r.Source(), dir) {
		t.Errorf("Source() = %q", r.Source())
	}
	if errs := r.LoadExtra(filepath.Join(dir, "missing")); len(errs) != 1 || !errors.Is(errs[0], os.ErrNotExist) {
		t.Errorf("missing folder: %v", errs)
	}
	// Another registry is unaffected.
	if r2, _ := Embedded(); r2.Product("dm") != nil {
		t.Error("LoadExtra leaked into a new registry")
	}
}
