package atomicfile

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// crashEnv makes the test binary, re-executed by TestCrashBeforeRenameKeepsOldFile,
// start a write and kill itself between the write and the rename.
const crashEnv = "TCX_ATOMICFILE_CRASH_TARGET"

func TestMain(m *testing.M) {
	if target := os.Getenv(crashEnv); target != "" {
		_ = write(target, []byte("new content that must never be seen\n"), 0o600, func(string) {
			_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
			select {} // SIGKILL is not instant; never reach the rename
		})
		os.Exit(0) // unreachable unless the kill failed
	}
	os.Exit(m.Run())
}

func TestWriteReplacesContentWithMode(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f.yaml")
	if err := os.WriteFile(p, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Write(p, []byte("new"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(p)
	if string(got) != "new" {
		t.Fatalf("content = %q", got)
	}
	fi, _ := os.Stat(p)
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode = %v, want 0600", fi.Mode().Perm())
	}
	entries, _ := os.ReadDir(filepath.Dir(p))
	if len(entries) != 1 {
		t.Fatalf("left %d files behind, want only the target", len(entries))
	}
}

func TestWriteFailureLeavesNoTemporary(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "sub") // a directory: rename over it fails
	if err := os.Mkdir(target, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(target, "x"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Write(target, []byte("x"), 0o600); err == nil {
		t.Fatal("Write over a non-empty directory succeeded")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("temporary file left behind: %v", entries)
	}
}

func TestCrashBeforeRenameKeepsOldFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "snippet.yaml")
	old := []byte("version: 1\nname: old\n")
	if err := Write(p, old, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashEnv+"="+p)
	err := cmd.Run()
	ee, ok := err.(*exec.ExitError)
	if !ok {
		t.Fatalf("helper did not die: %v", err)
	}
	if ws, ok := ee.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("helper ended with %v, want SIGKILL between write and rename", err)
	}
	got, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, old) {
		t.Fatalf("after a crash the file is %q, want the old %q", got, old)
	}
	// The complete temporary file is left beside it (proof the crash came
	// after the write); a later Write still succeeds.
	entries, _ := os.ReadDir(dir)
	var tmps int
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".snippet.yaml.tmp-") {
			tmps++
		}
	}
	if tmps != 1 {
		t.Fatalf("want the crashed temporary file beside the target, got %v", entries)
	}
	if err := Write(p, []byte("after"), 0o600); err != nil {
		t.Fatal(err)
	}
}
