package snippet

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func historyRequest(limit int) *Snippet {
	return &Snippet{Profile: "prod", Region: "ap-guangzhou", Product: "cvm", APIVersion: "2017-03-12", Action: "DescribeInstances",
		Params: map[string]any{"Limit": limit}}
}

func TestHistoryAppendsAndLoadsInOrder(t *testing.T) {
	h := History{Path: filepath.Join(t.TempDir(), "state", "tcx", "history.yaml")}
	at := time.Date(2026, 11, 29, 3, 0, 0, 0, time.UTC)
	for i := 1; i <= 3; i++ {
		if err := h.Append(HistoryEntry{At: at.Add(time.Duration(i) * time.Minute), Request: historyRequest(i), Status: 200, RequestID: "rid", LatencyMS: 12}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := h.Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].Request.Params["Limit"] != 1 || got[2].Request.Params["Limit"] != 3 || got[2].RequestID != "rid" {
		t.Fatalf("entries = %+v", got)
	}
	if fi, err := os.Stat(h.Path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("history file mode: %v %v", fi.Mode(), err)
	}
}

func TestHistoryKeepsTheNewestMax(t *testing.T) {
	h := History{Path: filepath.Join(t.TempDir(), "history.yaml"), Max: 2}
	for i := 1; i <= 5; i++ {
		if err := h.Append(HistoryEntry{Request: historyRequest(i)}); err != nil {
			t.Fatal(err)
		}
	}
	got, _ := h.Load()
	if len(got) != 2 || got[0].Request.Params["Limit"] != 4 || got[1].Request.Params["Limit"] != 5 {
		t.Fatalf("entries = %+v", got)
	}
}

func TestHistoryNeverStoresACredential(t *testing.T) {
	h := History{Path: filepath.Join(t.TempDir(), "history.yaml")}
	req := historyRequest(1)
	req.Action = "RunInstances"
	req.Params = map[string]any{"LoginSettings": map[string]any{"Password": "Hunter2-history-secret"}, "InstanceName": "web"}
	req.Headers = map[string]string{"X-TC-Token": "TOKEN-history-secret", "X-TC-TraceId": "trace-1"}
	if err := h.Append(HistoryEntry{Request: req}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(h.Path)
	if err != nil {
		t.Fatal(err)
	}
	if s := string(b); strings.Contains(s, "Hunter2-history-secret") || strings.Contains(s, "TOKEN-history-secret") || !strings.Contains(s, "trace-1") || !strings.Contains(s, "web") {
		t.Fatalf("history file:\n%s", s)
	}
	if req.Params["LoginSettings"].(map[string]any)["Password"] != "Hunter2-history-secret" {
		t.Error("Append changed the caller's request")
	}
}

func TestADamagedHistoryIsReportedThenReplaced(t *testing.T) {
	h := History{Path: filepath.Join(t.TempDir(), "history.yaml")}
	if err := os.WriteFile(h.Path, []byte("version: [\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := h.Load(); err == nil || !strings.Contains(err.Error(), h.Path) || !strings.Contains(err.Error(), "damaged") {
		t.Fatalf("want an error naming the file, got %v", err)
	}
	if err := h.Append(HistoryEntry{Request: historyRequest(7)}); err != nil {
		t.Fatal(err)
	}
	if got, err := h.Load(); err != nil || len(got) != 1 {
		t.Fatalf("after append: %v %v", got, err)
	}
}

func TestMissingHistoryIsEmpty(t *testing.T) {
	got, err := History{Path: filepath.Join(t.TempDir(), "none.yaml")}.Load()
	if err != nil || len(got) != 0 {
		t.Fatalf("%v %v", got, err)
	}
}

func TestDefaultHistoryPathFollowsXDG(t *testing.T) {
	env := map[string]string{"XDG_STATE_HOME": "/x/state", "HOME": "/home/u"}
	if p, _ := DefaultHistoryPath(func(k string) string { return env[k] }); p != "/x/state/tcx/history.yaml" {
		t.Errorf("with XDG_STATE_HOME: %s", p)
	}
	delete(env, "XDG_STATE_HOME")
	if p, _ := DefaultHistoryPath(func(k string) string { return env[k] }); p != "/home/u/.local/state/tcx/history.yaml" {
		t.Errorf("without: %s", p)
	}
}
