package reliability

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/tcx-dev/tcx/snippet"
)

// childEnv makes the test binary a child that saves snippets until killed:
// TCX_RELIABILITY_CHILD=save-snippets:<dir>.
const childEnv = "TCX_RELIABILITY_CHILD"

// crashName is the snippet the crash test saves over and over.
const crashName = "crash-probe"

// versionSnippet is version v of the probe: a large description whose
// every line carries v, so a torn or mixed file is detectable.
func versionSnippet(v int) *snippet.Snippet {
	var b strings.Builder
	for i := 0; i < 4000; i++ {
		fmt.Fprintf(&b, "v%06d line %04d of a long description that makes each save take a while\n", v, i)
	}
	return &snippet.Snippet{Version: snippet.FormatVersion, Name: crashName, Product: "cvm", APIVersion: "2017-03-12",
		Action: "DescribeZones", Region: "ap-guangzhou", Description: b.String(),
		Params: map[string]any{"Version": strconv.Itoa(v)}}
}

// intactVersion returns the version a loaded probe holds, or an error when
// it is not exactly one whole version.
func intactVersion(s *snippet.Snippet) (int, error) {
	v, err := strconv.Atoi(fmt.Sprint(s.Params["Version"]))
	if err != nil {
		return 0, fmt.Errorf("params: %v", s.Params)
	}
	if want := versionSnippet(v).Description; s.Description != want {
		return 0, fmt.Errorf("version %d has a description of %d bytes, want %d", v, len(s.Description), len(want))
	}
	return v, nil
}

func runChild() int {
	mode, dir, _ := strings.Cut(os.Getenv(childEnv), ":")
	if mode == "explorer-panic" {
		variant, endpoint, _ := strings.Cut(dir, ":")
		return panicExplorer(variant, endpoint)
	}
	if save := stateSavers[mode]; save != nil {
		return loopSaves(save, dir)
	}
	if mode != "save-snippets" {
		fmt.Fprintln(os.Stderr, "unknown child mode", mode)
		return 2
	}
	st := snippet.Store{Dir: dir}
	for v := 1; ; v++ {
		if v == 2 {
			fmt.Println("saving") // the parent kills from here on
		}
		if _, err := st.Save(versionSnippet(v)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
}

// TestSnippetSaveSurvivesSIGKILL kills a process that saves the same
// snippet in a loop, many times, at whatever point it has reached; each
// time the store must hold exactly one whole version of the snippet, and
// the temporary files a killed save leaves behind must not be listed or
// loaded as snippets. (internal/atomicfile's own test kills at the exact
// moment between write and rename; this one checks the snippet store uses
// it end to end.)
func TestSnippetSaveSurvivesSIGKILL(t *testing.T) {
	dir := t.TempDir()
	st := snippet.Store{Dir: dir}
	if _, err := st.Save(versionSnippet(0)); err != nil {
		t.Fatal(err)
	}
	for round := 0; round < 8; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), childEnv+"=save-snippets:"+dir)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		line, _ := bufio.NewReader(out).ReadString('\n')
		if line != "saving\n" {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			t.Fatalf("child said %q", line)
		}
		// Let it get a varying way into later saves, then kill it.
		for i := 0; i < round*3; i++ {
			_, _ = os.ReadDir(dir)
		}
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()

		entries, err := st.List()
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 1 || entries[0].Name != crashName || entries[0].Err != nil {
			t.Fatalf("round %d: the store lists %d entries (%+v), want exactly %s", round, len(entries), entries, crashName)
		}
		s, err := st.Load(crashName)
		if err != nil {
			t.Fatalf("round %d: the snippet does not load after a kill: %v", round, err)
		}
		if _, err := intactVersion(s); err != nil {
			t.Fatalf("round %d: torn snippet: %v", round, err)
		}
	}
	// A save after the crashes still works and wins over the leftovers.
	if _, err := st.Save(versionSnippet(99)); err != nil {
		t.Fatal(err)
	}
	s, err := st.Load(crashName)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := intactVersion(s); err != nil || v != 99 {
		t.Fatalf("after the crashes a save reads back as %d, %v", v, err)
	}
}

// TestStrayTemporaryIsNotASnippet plants what a save killed before its
// rename leaves behind — a complete, valid-looking temporary file and a
// truncated one — and checks neither is taken for data.
func TestStrayTemporaryIsNotASnippet(t *testing.T) {
	dir := t.TempDir()
	st := snippet.Store{Dir: dir}
	if _, err := st.Save(versionSnippet(1)); err != nil {
		t.Fatal(err)
	}
	whole, err := snippet.Marshal(versionSnippet(2))
	if err != nil {
		t.Fatal(err)
	}
	strays := map[string][]byte{
		"." + crashName + snippet.Ext + ".tmp-123456": whole,
		"." + crashName + snippet.Ext + ".tmp-654321": whole[:100],
	}
	for n, b := range strays {
		if err := os.WriteFile(filepath.Join(dir, n), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	entries, err := st.List()
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Fatalf("the store lists %d entries with stray temporaries beside the snippet, want 1: %+v", len(entries), entries)
	}
	s, err := st.Load(crashName)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := intactVersion(s); err != nil || v != 1 {
		t.Fatalf("loaded version %d (%v), want the saved 1, not a stray temporary", v, err)
	}
	// `tcx snippets` shows the same store (once the command exists).
	home := t.TempDir()
	sdir := filepath.Join(home, ".local", "share", "tcx", "snippets")
	if err := os.MkdirAll(sdir, 0o700); err != nil {
		t.Fatal(err)
	}
	for n, b := range strays {
		if err := os.WriteFile(filepath.Join(sdir, n), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	r := tcx(t, run{home: home, args: []string{"snippets"}})
	if strings.Contains(r.stderr, "not built yet") {
		return
	}
	if strings.Contains(r.stdout+r.stderr, ".tmp-") || strings.Contains(r.stdout, crashName) {
		t.Errorf("tcx snippets shows a stray temporary file:\n%s", r)
	}
}
