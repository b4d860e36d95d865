package cli

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
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
