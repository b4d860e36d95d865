package reliability

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tcx-dev/tcx/config"
	"github.com/tcx-dev/tcx/snippet"
)

// stateSavers are the child modes that write the explorer's other files in
// a loop until killed: the request history and the config file. Each save
// v is large and carries v everywhere, so a torn file is detectable.
var stateSavers = map[string]func(path string, v int) error{
	"append-history": func(path string, v int) error {
		return (&snippet.History{Path: path, Max: 50}).Append(snippet.HistoryEntry{At: time.Unix(int64(v), 0), Request: historyProbe(v)})
	},
	"save-config": func(path string, v int) error {
		return config.Save(path, configProbe(v))
	},
}

func historyProbe(v int) *snippet.Snippet {
	return &snippet.Snippet{Version: snippet.FormatVersion, Name: "history", Product: "cvm", APIVersion: "2017-03-12",
		Action: "DescribeZones", Description: strings.Repeat(fmt.Sprintf("v%06d ", v), 2000)}
}

func configProbe(v int) config.Config {
	dirs := make([]string, 500)
	for i := range dirs {
		dirs[i] = fmt.Sprintf("/defs/v%06d/%03d", v, i)
	}
	return config.Config{SchemaExtra: dirs}
}

// loopSaves is the child's body: save versions 1, 2, … until killed.
func loopSaves(save func(string, int) error, path string) int {
	for v := 1; ; v++ {
		if v == 2 {
			fmt.Println("saving")
		}
		if err := save(path, v); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
}

// killDuringSaves starts the child in mode, kills it at a varying point, n
// times, and calls check after each kill.
func killDuringSaves(t *testing.T, mode, path string, n int, check func(round int)) {
	t.Helper()
	for round := 0; round < n; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), childEnv+"="+mode+":"+path)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if line, _ := bufio.NewReader(out).ReadString('\n'); line != "saving\n" {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			t.Fatalf("child said %q", line)
		}
		for i := 0; i < round*3; i++ {
			_, _ = os.ReadDir(filepath.Dir(path))
		}
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
		check(round)
	}
}

func TestHistorySurvivesSIGKILL(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.yaml")
	h := snippet.History{Path: path}
	killDuringSaves(t, "append-history", path, 6, func(round int) {
		entries, err := h.Load()
		if err != nil {
			t.Fatalf("round %d: the history does not load after a kill: %v", round, err)
		}
		if len(entries) == 0 {
			t.Fatalf("round %d: the history lost its entries", round)
		}
		for _, e := range entries {
			if want := historyProbe(int(e.At.Unix())).Description; e.Request.Description != want {
				t.Fatalf("round %d: entry %d is torn", round, e.At.Unix())
			}
		}
	})
}

func TestConfigSurvivesSIGKILL(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := config.Save(path, configProbe(0)); err != nil {
		t.Fatal(err)
	}
	killDuringSaves(t, "save-config", path, 6, func(round int) {
		c, err := config.Load(path)
		if err != nil {
			t.Fatalf("round %d: the config does not load after a kill: %v", round, err)
		}
		v := strings.Split(c.SchemaExtra[0], "/")[2]
		for _, d := range c.SchemaExtra {
			if !strings.Contains(d, "/"+v+"/") {
				t.Fatalf("round %d: a torn config mixes %s and %s", round, v, d)
			}
		}
	})
}
