package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tcx-dev/tcx/ui"
)

func TestExplorerSettingsAreSavedAndRestored(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "tcx", "config.yaml")
	e := &env{getenv: func(k string) string {
		if k == "TCX_CONFIG" {
			return cfg
		}
		return ""
	}}
	want := ui.Settings{Region: "ap-shanghai", Method: "GET", SignMethod: "HmacSHA256", Language: "en-US", Breaker: false, Timeout: 20 * time.Second}
	if err := e.saveExplorerSettings(want); err != nil {
		t.Fatal(err)
	}
	c, _, err := e.config()
	if err != nil {
		t.Fatal(err)
	}
	got := ui.DefaultSettings()
	applySavedSettings(&got, c.Explorer)
	if got.Region != want.Region || got.Method != want.Method || got.SignMethod != want.SignMethod ||
		got.Language != want.Language || got.Breaker != want.Breaker || got.Timeout != want.Timeout {
		t.Fatalf("restored %+v, saved %+v", got, want)
	}
	if fi, err := os.Stat(cfg); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("config mode %v %v", fi.Mode(), err)
	}
}

func TestABrokenConfigIsNotOverwrittenBySettings(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "config.yaml")
	broken := "schema_extra: [\n# the user's own notes\n"
	if err := os.WriteFile(cfg, []byte(broken), 0o600); err != nil {
		t.Fatal(err)
	}
	e := &env{getenv: func(k string) string {
		if k == "TCX_CONFIG" {
			return cfg
		}
		return ""
	}}
	if err := e.saveExplorerSettings(ui.DefaultSettings()); err == nil || !strings.Contains(err.Error(), cfg) {
		t.Fatalf("want an error naming %s, got %v", cfg, err)
	}
	if b, _ := os.ReadFile(cfg); string(b) != broken {
		t.Fatalf("the broken file was overwritten:\n%s", b)
	}
}
