package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSaveThenLoadRoundTrips(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tcx", "config.yaml")
	on := true
	want := Config{SchemaExtra: []string{"/defs"}, Explorer: Explorer{Region: "ap-shanghai", Method: "GET",
		SignMethod: "HmacSHA256", Language: "en-US", Breaker: &on, Timeout: 30 * time.Second}}
	if err := Save(path, want); err != nil {
		t.Fatal(err)
	}
	got, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != Version || got.SchemaExtra[0] != "/defs" || got.Explorer.Region != "ap-shanghai" || got.Explorer.Breaker == nil || !*got.Explorer.Breaker || got.Explorer.Timeout != 30*time.Second {
		t.Fatalf("got %+v", got)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode: %v %v", fi.Mode(), err)
	}
}

func TestMissingAndEmptyFilesAreDefaults(t *testing.T) {
	dir := t.TempDir()
	if c, err := Load(filepath.Join(dir, "none.yaml")); err != nil || c.Version != Version {
		t.Fatalf("missing: %+v %v", c, err)
	}
	empty := filepath.Join(dir, "empty.yaml")
	os.WriteFile(empty, []byte("\n"), 0o600)
	if c, err := Load(empty); err != nil || c.Version != Version {
		t.Fatalf("empty: %+v %v", c, err)
	}
}

func TestBadFilesNameTheFileAndTheProblem(t *testing.T) {
	for name, c := range map[string]struct{ text, want string }{
		"syntax":        {"explorer:\n  region: [\n", "line"},
		"misspelt key":  {"explorer:\n  regoin: ap-guangzhou\n", "regoin"},
		"bad method":    {"explorer:\n  method: PUT\n", "use GET or POST"},
		"bad language":  {"explorer:\n  language: fr\n", "use zh-CN or en-US"},
		"newer version": {"version: 9\n", "version 9"},
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "config.yaml")
			os.WriteFile(path, []byte(c.text), 0o600)
			_, err := Load(path)
			if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("want an error naming %s and %q, got %v", path, c.want, err)
			}
		})
	}
}

func TestDefaultPathFollowsXDG(t *testing.T) {
	env := map[string]string{"XDG_CONFIG_HOME": "/x/cfg", "HOME": "/home/u"}
	if p, _ := DefaultPath(func(k string) string { return env[k] }); p != "/x/cfg/tcx/config.yaml" {
		t.Errorf("with XDG: %s", p)
	}
	delete(env, "XDG_CONFIG_HOME")
	if p, _ := DefaultPath(func(k string) string { return env[k] }); p != "/home/u/.config/tcx/config.yaml" {
		t.Errorf("without: %s", p)
	}
}
