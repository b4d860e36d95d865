package reliability

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/tcx-dev/tcx/api"
	"github.com/tcx-dev/tcx/sandbox"
	"github.com/tcx-dev/tcx/schema"
	"github.com/tcx-dev/tcx/ui"
)

// panicExplorer runs the real explorer (ui.Run) in the re-executed test
// binary, on the tmux pane's terminal, with one component rigged to panic:
//
//	factory  the client factory, on its second call: inside Update, when
//	         the user picks a profile
//	provider the credential provider: inside the send command (a goroutine)
//
// It prints Run's error and exits 1, as cli does.
func panicExplorer(variant, endpoint string) int {
	reg, err := schema.Embedded()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	var prov api.CredentialProvider = api.StaticProvider{Credential: api.Credential{SecretID: sandbox.DefaultSecretID, SecretKey: sandbox.DefaultSecretKey}}
	if variant == "provider" {
		prov = api.CredentialProviderFunc(func(context.Context) (api.Credential, error) {
			panic("reliability: test panic in the credential provider")
		})
	}
	var calls atomic.Int32
	o := ui.Options{
		Registry: reg,
		Profiles: []ui.Profile{{Name: "rigged", Source: "reliability test", MaskedID: "AKID…0000", Region: "ap-guangzhou", Provider: prov, Endpoint: endpoint}},
		Profile:  "rigged",
		Settings: ui.DefaultSettings(),
		Action:   "cvm DescribeZones",
		NewClient: func(p ui.Profile, s ui.Settings) (*api.Client, error) {
			if variant == "factory" && calls.Add(1) > 1 {
				panic("reliability: test panic in the client factory")
			}
			return ui.DefaultClientFactory(p, s)
		},
	}
	o.Settings.Region = "ap-guangzhou"
	if err := ui.Run(context.Background(), o); err != nil {
		fmt.Fprintln(os.Stderr, "tcx:", err)
		return 1
	}
	return 0
}

// TestExplorerRestoresTheTerminalAfterAPanic makes a component of the
// explorer panic — in Update and in a command — and checks the process
// ends with a message (no goroutine dump), the terminal settings are as
// before and the alternate screen is off.
func TestExplorerRestoresTheTerminalAfterAPanic(t *testing.T) {
	s := startSandbox(t, sbxOptions{})
	for _, tc := range []struct {
		variant string
		trigger func(x *explorer)
	}{
		{"factory", func(x *explorer) {
			x.keys("1")
			x.waitFor("profiles", "rigged")
			x.keys("Enter")
		}},
		{"provider", func(x *explorer) { x.keys("C-r") }},
	} {
		t.Run(tc.variant, func(t *testing.T) {
			x := startCommand(t, t.TempDir(), map[string]string{childEnv: "explorer-panic:" + tc.variant + ":" + s.URL},
				os.Args[0], "-test.run=^$")
			x.waitFor("the action's form", "DescribeZones", "ctrl+r send")
			tc.trigger(x)
			code, stderr := x.exited()
			if code != "1" {
				t.Errorf("exit status %s after the panic, want 1; stderr:\n%s", code, stderr)
			}
			if !strings.Contains(stderr, "the explorer stopped unexpectedly") || !strings.Contains(stderr, "the terminal was restored") {
				t.Errorf("stderr does not explain the stop:\n%s", stderr)
			}
			x.terminalRestored()
		})
	}
}
