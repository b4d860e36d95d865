package main

import (
	"archive/zip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func makeWheel(t *testing.T, files map[string]string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "tccli-0-py3-none-any.whl")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for name, body := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return p
}

func TestUnzipKeepsOnlyDefinitions(t *testing.T) {
	wheel := makeWheel(t, map[string]string{
		"tccli/services/__init__.py":                 "SERVICE_VERSIONS = {}",
		"tccli/services/cvm/v20170312/api.json":      "{}",
		"tccli/services/cvm/v20170312/examples.json": "{}",
		"tccli/services/cvm/cvm_client.py":           "# code",
		"tccli/main.py":                              "# code",
	})
	dst := t.TempDir()
	if err := unzip(wheel, dst, "tccli/services/"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"tccli/services/__init__.py", "tccli/services/cvm/v20170312/api.json", "tccli/services/cvm/v20170312/examples.json"} {
		if _, err := os.Stat(filepath.Join(dst, want)); err != nil {
			t.Errorf("%s not unpacked", want)
		}
	}
	for _, not := range []string{"tccli/services/cvm/cvm_client.py", "tccli/main.py"} {
		if _, err := os.Stat(filepath.Join(dst, not)); err == nil {
			t.Errorf("%s unpacked", not)
		}
	}
	dir, err := servicesDir(dst)
	if err != nil || dir != filepath.Join(dst, "tccli", "services") {
		t.Errorf("servicesDir = %q, %v", dir, err)
	}
}

func TestUnzipRefusesPathsOutsideTheTarget(t *testing.T) {
	wheel := makeWheel(t, map[string]string{"tccli/services/../../../evil/api.json": "{}"})
	if err := unzip(wheel, t.TempDir(), "tccli/services/"); err == nil || !strings.Contains(err.Error(), "unsafe path") {
		t.Errorf("err = %v", err)
	}
}

func TestServicesDirNeedsTccli(t *testing.T) {
	if _, err := servicesDir(t.TempDir()); err == nil {
		t.Error("an empty folder is not a tccli source")
	}
}
