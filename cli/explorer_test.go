package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/tcx-dev/tcx/api"
	"github.com/tcx-dev/tcx/sandbox"
	"github.com/tcx-dev/tcx/schema"
)

func explorerEnv(vars map[string]string) *env {
	return &env{getenv: func(k string) string { return vars[k] }}
}

func TestExplorerFlagsReadBack(t *testing.T) {
	cmd := &cobra.Command{Use: "tcx"}
	addExplorerFlags(cmd)
	if err := cmd.ParseFlags([]string{"--profile", "prod", "--region", "ap-shanghai", "--sandbox", "--breaker-timeout", "3s",
		"--sandbox-addr", "127.0.0.1:0", "--action", "cvm DescribeInstances"}); err != nil {
		t.Fatal(err)
	}
	f := readExplorerFlags(cmd)
	if f.profile != "prod" || f.region != "ap-shanghai" || !f.sandbox || f.breakerTimeout != 3*time.Second ||
		len(f.sandboxAddrs) != 1 || f.action != "cvm DescribeInstances" {
		t.Fatalf("flags %+v", f)
	}
}

func TestExplorerProfilesCarryTracesNotSecrets(t *testing.T) {
	vars := credHome(t, map[string]string{
		".tencentcloud/credentials": "[default]\nsecret_id = " + profTestID + "\nsecret_key = " + profTestKey + "\nregion = ap-chengdu\n" +
			"[ops]\nsecret_id = " + profTestID + "\nsecret_key = " + profTestKey + "\nrole_arn = qcs::cam::uin/1:roleName/ops\n",
	})
	ps := cloudProfiles(context.Background(), explorerEnv(vars), &explorerFlags{})
	byName := map[string]int{}
	for i, p := range ps {
		byName[p.Name] = i
		noSecrets(t, p.Source, p.MaskedID, p.Err, strings.Join(p.Trace, "\n"))
	}
	d, ok := byName["default"]
	if !ok {
		t.Fatalf("no default profile in %+v", ps)
	}
	def := ps[d]
	if def.Provider == nil || def.MaskedID != "AKID…a1b2" || def.Region != "ap-chengdu" || len(def.Trace) == 0 {
		t.Fatalf("default: %+v", def)
	}
	o, ok := byName["ops"]
	if !ok || ps[o].Provider == nil {
		t.Fatalf("ops (assume-role) should resolve lazily: %+v", ps)
	}
	if !strings.Contains(strings.Join(ps[o].Trace, " "), "first used") {
		t.Fatalf("ops trace: %v", ps[o].Trace)
	}
}

func TestExplorerNoCredentialsMeansSandbox(t *testing.T) {
	vars := credHome(t, nil)
	if usable := usableProfiles(cloudProfiles(context.Background(), explorerEnv(vars), &explorerFlags{})); usable != 0 {
		t.Fatalf("an empty home has %d usable profiles", usable)
	}
}

// TestExplorerSandboxHasDemoData: a newcomer's first DescribeInstances and
// DescribeVpcs on the in-process sandbox list something, the same with the
// same seed.
func TestExplorerSandboxHasDemoData(t *testing.T) {
	reg, err := schema.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	ids := func() string {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		srv, urls, err := startExplorerSandbox(ctx, reg, &explorerFlags{sandboxSeed: 7})
		if err != nil {
			t.Fatal(err)
		}
		defer srv.Close()
		c, err := api.NewClient(api.StaticProvider{Credential: api.Credential{SecretID: sandbox.DefaultSecretID, SecretKey: sandbox.DefaultSecretKey}}, "ap-guangzhou",
			api.ClientProfile{HTTP: api.HTTPProfile{Endpoint: urls[0]}})
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		var got []string
		for _, a := range []struct{ service, version, action, list, id string }{
			{"cvm", "2017-03-12", "DescribeInstances", "InstanceSet", "InstanceId"},
			{"vpc", "2017-03-12", "DescribeVpcs", "VpcSet", "VpcId"},
		} {
			resp, err := c.Call(ctx, &api.Request{Service: a.service, Version: a.version, Action: a.action, Region: "ap-guangzhou", Params: map[string]any{}})
			if err != nil {
				t.Fatalf("%s: %v", a.action, err)
			}
			var out struct{ Response map[string]json.RawMessage }
			if err := json.Unmarshal(resp.Body, &out); err != nil {
				t.Fatal(err)
			}
			var set []map[string]any
			_ = json.Unmarshal(out.Response[a.list], &set)
			if len(set) == 0 {
				t.Fatalf("%s lists nothing: %s", a.action, resp.Body)
			}
			for _, x := range set {
				got = append(got, fmt.Sprint(x[a.id]))
			}
		}
		return strings.Join(got, ",")
	}
	if a, b := ids(), ids(); a != b {
		t.Fatalf("same seed, different demo ids: %s vs %s", a, b)
	}
}
