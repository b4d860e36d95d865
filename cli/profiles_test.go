package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tcx-dev/tcx/sandbox"
)

const (
	profTestID  = "AKIDprofilesTest00000000000000a1b2"
	profTestKey = "profilesTestSecretKey-DoNotPrint"
)

// credHome writes files into a fresh home folder and returns vars that
// point tcx at it (the CVM role step off, so no test asks the network).
func credHome(t *testing.T, files map[string]string) map[string]string {
	t.Helper()
	home := t.TempDir()
	for rel, body := range files {
		p := filepath.Join(home, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return map[string]string{"HOME": home, envMetadataURL: "-"}
}

func noSecrets(t *testing.T, texts ...string) {
	t.Helper()
	for _, s := range texts {
		for _, secret := range []string{profTestKey, sandbox.DefaultSecretKey, "sekrit"} {
			if strings.Contains(s, secret) {
				t.Fatalf("output leaks a secret:\n%s", s)
			}
		}
	}
}

func TestProfilesListsEverySourceAndTheTrace(t *testing.T) {
	vars := credHome(t, map[string]string{
		".tencentcloud/credentials": "[default]\nsecret_id = " + profTestID + "\nsecret_key = " + profTestKey + "\nregion = ap-chengdu\n" +
			"[ops]\nsecret_id = " + profTestID + "\nsecret_key = " + profTestKey + "\nrole_arn = qcs::cam::uin/1:roleName/ops\n",
		".tccli/dev.credential": `{"secretId":"AKIDtccliTest000000000000c3d4","secretKey":"sekrit"}`,
		".tccli/dev.configure":  `{"_sys_param":{"region":"ap-beijing"}}`,
	})
	code, out, errs := runTCX(t, vars, "", "profiles")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"*  ini     default  long-term    ap-chengdu  AKID…a1b2",
		"ini     ops      assume-role",
		"tccli   dev      long-term    ap-beijing  AKID…c3d4",
		`Chain for profile "default" (default)`,
		"1. env       skipped    TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY are not set",
		"2. ini       found      using ini file",
		"3. tccli     not tried",
		"Using AKID…a1b2 (long-term) from ini file",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	noSecrets(t, out, errs)

	code, out, errs = runTCX(t, vars, "", "profiles", "--json", "--profile", "dev")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var doc profilesJSON
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(doc.Profiles) != 3 || doc.Trace.Winner == nil || doc.Trace.Winner.Source != "tccli" || doc.Trace.Winner.Region != "ap-beijing" {
		t.Errorf("json %+v", doc)
	}
	noSecrets(t, out, errs)
}

func TestProfilesWithoutCredentialsExplainsAndExits2(t *testing.T) {
	vars := credHome(t, nil)
	vars["TENCENTCLOUD_SECRETKEY"] = "x"
	code, out, errs := runTCX(t, vars, "", "profiles")
	if code != ExitUsage {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"No usable credential.", "warning: TENCENTCLOUD_SECRETKEY is set", "4. cvm-role  skipped    turned off"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	if !strings.Contains(errs, "tcx: no credential found") {
		t.Errorf("stderr %q", errs)
	}
}

func TestProfilesMalformedFileNamesTheLine(t *testing.T) {
	vars := credHome(t, map[string]string{".tencentcloud/credentials": "[default]\nsecret_id = " + profTestID + "\n" + profTestKey + "\n"})
	code, out, errs := runTCX(t, vars, "", "profiles")
	if code != ExitUsage {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(errs, ".tencentcloud/credentials:3: expected 'key = value'") || !strings.Contains(out, "2. ini       failed") {
		t.Errorf("stdout:\n%s\nstderr:\n%s", out, errs)
	}
	noSecrets(t, out, errs)
}

func TestProfilesCheckAgainstTheSandbox(t *testing.T) {
	u := testSandbox(t)
	cases := []struct {
		name  string
		vars  map[string]string
		args  []string
		want  []string
		wantJ string
	}{
		{"env key", sandboxVars(envMetadataURL, "-"), []string{"profiles", "--check", "--endpoint", u},
			[]string{"profile    env", "account    ", "principal  ", "arn        qcs::cam::uin/", "type       RootAccount"}, "RootAccount"},
		{"named ini profile assuming a role through the sandbox's STS", func() map[string]string {
			v := credHome(t, map[string]string{".tencentcloud/credentials": "[ops]\nsecret_id = " + sandbox.DefaultSecretID + "\nsecret_key = " + sandbox.DefaultSecretKey +
				"\nrole_arn = qcs::cam::uin/100000000001:roleName/ops\nregion = ap-shanghai\n"})
			v[envSTSEndpoint] = u // also where --check goes without --endpoint
			return v
		}(), []string{"profiles", "--check", "ops"},
			[]string{"profile    ops", "(assume-role)", "with token", "region ap-shanghai", "type       AssumedRole"}, "AssumedRole"},
		{"CVM role from the sandbox's metadata", func() map[string]string {
			v := credHome(t, nil)
			v[envMetadataURL] = u + "/latest/meta-data/"
			return v
		}(), []string{"profiles", "--check", "--endpoint", u},
			[]string{"profile    cvm-role", "(cvm-role)", "region ap-guangzhou", "type       AssumedRole"}, "AssumedRole"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errs := runTCX(t, c.vars, "", c.args...)
			if code != ExitOK {
				t.Fatalf("exit %d\n%s\n%s", code, out, errs)
			}
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("missing %q in:\n%s", w, out)
				}
			}
			noSecrets(t, out, errs)
			code, out, errs = runTCX(t, c.vars, "", append(c.args, "--json")...)
			var doc checkJSON
			if code != ExitOK || json.Unmarshal([]byte(out), &doc) != nil || doc.Type != c.wantJ || doc.Arn == "" || doc.AccountID == "" {
				t.Errorf("json exit %d: %s %s", code, out, errs)
			}
			noSecrets(t, out, errs)
		})
	}
}

func TestProfilesCheckRefusedKeyExits1(t *testing.T) {
	u := testSandbox(t)
	vars := map[string]string{"TENCENTCLOUD_SECRET_ID": profTestID, "TENCENTCLOUD_SECRET_KEY": profTestKey, envMetadataURL: "-"}
	code, out, errs := runTCX(t, vars, "", "profiles", "--check", "--endpoint", u)
	if code != ExitAPIError {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	if !strings.Contains(errs, "AuthFailure") || !strings.Contains(errs, "AKID…a1b2 from environment") {
		t.Errorf("stderr %s", errs)
	}
	noSecrets(t, out, errs)
}

func TestCallSignsWithANamedIniProfileAndWarnsAboutPermissions(t *testing.T) {
	u := testSandbox(t)
	vars := credHome(t, map[string]string{".tencentcloud/credentials": "[sb]\nsecret_id = " + sandbox.DefaultSecretID + "\nsecret_key = " + sandbox.DefaultSecretKey + "\nregion = ap-guangzhou\n"})
	p := filepath.Join(vars["HOME"], ".tencentcloud", "credentials")
	if err := os.Chmod(p, 0o640); err != nil {
		t.Fatal(err)
	}
	vars["TENCENTCLOUD_SECRET_ID"], vars["TENCENTCLOUD_SECRET_KEY"] = profTestID, profTestKey // --profile wins over these
	code, out, errs := runTCX(t, vars, "", "call", "cvm", "DescribeZones", "--profile", "sb", "--endpoint", u)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	if !strings.Contains(errs, "tcx: warning: ini: "+p+" is readable by other users (mode 0640): run chmod 600 "+p) {
		t.Errorf("stderr %q", errs)
	}
	noSecrets(t, out, errs)
}
