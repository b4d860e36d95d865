package credentials

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func outcomes(tr Trace) string {
	var parts []string
	for _, s := range tr.Steps {
		parts = append(parts, s.Source+"="+string(s.Outcome))
	}
	return strings.Join(parts, " ")
}

func iniText(section, id, key string, extra ...string) string {
	s := fmt.Sprintf("[%s]\nsecret_id = %s\nsecret_key = %s\n", section, id, key)
	for _, e := range extra {
		s += e + "\n"
	}
	return s
}

func tccliFiles(w *world, name, cred, region string) {
	w.write(".tccli/"+name+".credential", cred)
	if region != "" {
		w.write(".tccli/"+name+".configure", `{"_sys_param":{"arrayCount":10,"output":"json","region":"`+region+`"},"cvm":{"endpoint":"cvm.tencentcloudapi.com","version":"2017-03-12"}}`)
	}
}

func TestChainNothingConfiguredListsEveryStep(t *testing.T) {
	w := newWorld(t)
	_, err := w.resolve()
	var ce *ChainError
	if !errors.As(err, &ce) {
		t.Fatalf("want *ChainError, got %v", err)
	}
	if got, want := outcomes(ce.Trace), "env=skipped ini=skipped tccli=skipped cvm-role=skipped tke-oidc=skipped"; got != want {
		t.Fatalf("outcomes %s, want %s", got, want)
	}
	mustContain(t, err.Error(), "TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY are not set", "no credentials file",
		"no tccli profile \"default\"", "TKE_REGION", w.home)
}

func TestChainWinners(t *testing.T) {
	cases := []struct {
		name     string
		setup    func(w *world)
		profile  string
		outcomes string
		id       string
		region   string
		kind     string
		where    string
	}{
		{
			name: "env wins over ini",
			setup: func(w *world) {
				w.env[EnvSecretID], w.env[EnvSecretKey], w.env[EnvRegion] = envID, envKey, "ap-beijing"
				w.write(".tencentcloud/credentials", iniText("default", iniID, iniKey))
			},
			outcomes: "env=found ini=not tried tccli=not tried cvm-role=not tried tke-oidc=not tried",
			id:       envID, region: "ap-beijing", kind: "long-term", where: "environment",
		},
		{
			name: "env with session token is temporary",
			setup: func(w *world) {
				w.env[EnvSecretID], w.env[EnvSecretKey], w.env[EnvSessionToken] = envID, envKey, "tok-"+leakMark
			},
			outcomes: "env=found ini=not tried tccli=not tried cvm-role=not tried tke-oidc=not tried",
			id:       envID, kind: "temporary", where: "TENCENTCLOUD_SESSION_TOKEN",
		},
		{
			name: "ini default section with region",
			setup: func(w *world) {
				w.write(".tencentcloud/credentials", iniText("default", iniID, iniKey, "region = ap-chengdu"))
			},
			outcomes: "env=skipped ini=found tccli=not tried cvm-role=not tried tke-oidc=not tried",
			id:       iniID, region: "ap-chengdu", kind: "long-term", where: "[default]",
		},
		{
			name: "TENCENTCLOUD_PROFILE picks a named section",
			setup: func(w *world) {
				w.env[EnvProfile] = "prod"
				w.write(".tencentcloud/credentials", iniText("default", envID, envKey)+iniText("prod", iniID, iniKey))
			},
			outcomes: "env=skipped ini=found tccli=not tried cvm-role=not tried tke-oidc=not tried",
			id:       iniID, kind: "long-term", where: "[prod]",
		},
		{
			name: "--profile wins over the environment",
			setup: func(w *world) {
				w.env[EnvSecretID], w.env[EnvSecretKey] = envID, envKey
				w.write(".tencentcloud/credentials", iniText("prod", iniID, iniKey))
			},
			profile:  "prod",
			outcomes: "env=skipped ini=found tccli=not tried cvm-role=not tried tke-oidc=not tried",
			id:       iniID, kind: "long-term", where: "[prod]",
		},
		{
			name:     "system file when the home file is missing",
			setup:    func(w *world) { w.write("etc-tencentcloud-credentials", iniText("default", iniID, iniKey)) },
			outcomes: "env=skipped ini=found tccli=not tried cvm-role=not tried tke-oidc=not tried",
			id:       iniID, kind: "long-term", where: "etc-tencentcloud-credentials",
		},
		{
			name: "TENCENTCLOUD_CREDENTIALS_FILE wins over the home file",
			setup: func(w *world) {
				w.write(".tencentcloud/credentials", iniText("default", envID, envKey))
				w.env[EnvCredentialsFile] = w.write("other.ini", iniText("default", iniID, iniKey))
			},
			outcomes: "env=skipped ini=found tccli=not tried cvm-role=not tried tke-oidc=not tried",
			id:       iniID, kind: "long-term", where: "other.ini",
		},
		{
			name: "tccli default profile with region from .configure",
			setup: func(w *world) {
				tccliFiles(w, "default", `{"type":"default","secretId":"`+cliID+`","secretKey":"`+cliKey+`"}`, "ap-hongkong")
			},
			outcomes: "env=skipped ini=skipped tccli=found cvm-role=not tried tke-oidc=not tried",
			id:       cliID, region: "ap-hongkong", kind: "long-term", where: "tccli profile default",
		},
		{
			name: "TCCLI_PROFILE picks a tccli profile, ini has no such section",
			setup: func(w *world) {
				w.env[EnvTccliProfile] = "dev"
				w.write(".tencentcloud/credentials", iniText("prod", iniID, iniKey))
				tccliFiles(w, "dev", `{"secretId":"`+cliID+`","secretKey":"`+cliKey+`"}`, "")
			},
			outcomes: "env=skipped ini=skipped tccli=found cvm-role=not tried tke-oidc=not tried",
			id:       cliID, kind: "long-term", where: "tccli profile dev",
		},
		{
			name: "tccli oauth login still valid, read only",
			setup: func(w *world) {
				tccliFiles(w, "default", fmt.Sprintf(`{"type":"oauth","secretId":"%s","secretKey":"%s","token":"t-%s","expiresAt":%d,"oauth":{"expiresAt":%d}}`, cliID, cliKey, leakMark, w.now.Add(time.Hour).Unix(), w.now.Add(time.Hour).Unix()), "ap-guangzhou")
			},
			outcomes: "env=skipped ini=skipped tccli=found cvm-role=not tried tke-oidc=not tried",
			id:       cliID, region: "ap-guangzhou", kind: "oauth", where: "tccli profile default",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t)
			c.setup(w)
			o := w.options()
			o.Profile = c.profile
			r, err := Resolve(context.Background(), o)
			see(err)
			if err != nil {
				t.Fatalf("resolve: %v", err)
			}
			see(r.Trace, r.Trace.String(), r.Credential)
			if got := outcomes(r.Trace); got != c.outcomes {
				t.Errorf("outcomes %s\nwant     %s\n%s", got, c.outcomes, r.Trace)
			}
			if r.Credential.SecretID != c.id {
				t.Errorf("id %s, want %s", r.Credential.SecretID, c.id)
			}
			win := r.Trace.Winner
			if win.MaskedID != strings.Replace(c.id[:4]+"…"+c.id[len(c.id)-4:], "", "", 1) {
				t.Errorf("masked id %q", win.MaskedID)
			}
			if win.Region != c.region || win.Kind != c.kind || !strings.Contains(win.Where, c.where) {
				t.Errorf("winner %+v, want region %q kind %q where ~%q", win, c.region, c.kind, c.where)
			}
			got, err := r.Provider.Retrieve(context.Background())
			if err != nil || got.SecretID != c.id {
				t.Errorf("provider retrieve = %v, %v", got, err)
			}
		})
	}
}

func TestChainExplicitProfileNeverFallsBackToRoles(t *testing.T) {
	w := newWorld(t)
	w.meta = newFakeMeta(t, "my-role", func() time.Time { return w.now })
	w.write(".tencentcloud/credentials", iniText("default", iniID, iniKey))
	o := w.options()
	o.Profile = "staging"
	_, err := Resolve(context.Background(), o)
	see(err)
	var ce *ChainError
	if !errors.As(err, &ce) {
		t.Fatalf("want ChainError, got %v", err)
	}
	mustContain(t, err.Error(), `profile "staging" was named`, "has no [staging] section (has: default)")
	if got := outcomes(ce.Trace); got != "env=skipped ini=skipped tccli=skipped cvm-role=not tried tke-oidc=not tried" {
		t.Errorf("outcomes %s", got)
	}
	if w.meta.calls.Load() != 0 {
		t.Errorf("metadata asked %d times for a named profile", w.meta.calls.Load())
	}
}

func TestChainStopsAtBrokenSource(t *testing.T) {
	cases := []struct {
		name, outcomes string
		setup          func(w *world)
		want           []string
	}{
		{"half-set env pair", "env=failed ini=not tried tccli=not tried cvm-role=not tried tke-oidc=not tried",
			func(w *world) {
				w.env[EnvSecretID] = envID
				w.write(".tencentcloud/credentials", iniText("default", iniID, iniKey))
			},
			[]string{"TENCENTCLOUD_SECRET_ID is set but TENCENTCLOUD_SECRET_KEY is not set"}},
		{"key with a trailing space", "env=failed ini=not tried tccli=not tried cvm-role=not tried tke-oidc=not tried",
			func(w *world) { w.env[EnvSecretID], w.env[EnvSecretKey] = envID, envKey+" " },
			[]string{"secret key has leading or trailing whitespace", "environment"}},
		{"malformed ini names file and line", "env=skipped ini=failed tccli=not tried cvm-role=not tried tke-oidc=not tried",
			func(w *world) {
				w.write(".tencentcloud/credentials", "[default]\nsecret_id = "+iniID+"\nsecret_key "+iniKey+"\n")
				tccliFiles(w, "default", `{"secretId":"`+cliID+`","secretKey":"`+cliKey+`"}`, "")
			},
			[]string{".tencentcloud/credentials:3:", "has no '='"}},
		{"unclosed section", "env=skipped ini=failed tccli=not tried cvm-role=not tried tke-oidc=not tried",
			func(w *world) { w.write(".tencentcloud/credentials", "# tcx\n\n[default\nsecret_id = x\n") },
			[]string{"credentials:3: section header has no closing ']'"}},
		{"section without secret_key", "env=skipped ini=failed tccli=not tried cvm-role=not tried tke-oidc=not tried",
			func(w *world) {
				w.write(".tencentcloud/credentials", "\n[default]\nsecret_id = "+iniID+"\nsecret_key =\n")
			},
			[]string{"credentials:2: [default] has no secret_key"}},
		{"TENCENTCLOUD_CREDENTIALS_FILE set but empty", "env=skipped ini=failed tccli=not tried cvm-role=not tried tke-oidc=not tried",
			func(w *world) { w.env[EnvCredentialsFile] = "" },
			[]string{"TENCENTCLOUD_CREDENTIALS_FILE is set but empty"}},
		{"TENCENTCLOUD_CREDENTIALS_FILE names a missing file", "env=skipped ini=failed tccli=not tried cvm-role=not tried tke-oidc=not tried",
			func(w *world) { w.env[EnvCredentialsFile] = w.home + "/nope" },
			[]string{"/nope: does not exist"}},
		{"malformed tccli JSON names line and column", "env=skipped ini=skipped tccli=failed cvm-role=not tried tke-oidc=not tried",
			func(w *world) {
				tccliFiles(w, "default", "{\n  \"secretId\": \""+cliID+"\",\n  \"secretKey\": \""+cliKey+"\"\n  \"token\": 1\n}", "")
			},
			[]string{".tccli/default.credential:4:", "not valid JSON"}},
		{"tccli oauth login expired", "env=skipped ini=skipped tccli=failed cvm-role=not tried tke-oidc=not tried",
			func(w *world) {
				tccliFiles(w, "default", fmt.Sprintf(`{"type":"oauth","secretId":"%s","secretKey":"%s","token":"t","expiresAt":%d}`, cliID, cliKey, w.now.Add(-time.Minute).Unix()), "")
			},
			[]string{"oauth login expired", "tccli auth login --profile default"}},
		{"malformed tccli configure", "env=skipped ini=skipped tccli=failed cvm-role=not tried tke-oidc=not tried",
			func(w *world) {
				w.write(".tccli/default.credential", `{"secretId":"`+cliID+`","secretKey":"`+cliKey+`"}`)
				w.write(".tccli/default.configure", `{"_sys_param": {"region": 5}}`)
			},
			[]string{"default.configure:1:", `"_sys_param.region" should be a string`}},
		{"TKE half configured", "env=skipped ini=skipped tccli=skipped cvm-role=skipped tke-oidc=failed",
			func(w *world) {
				w.env[EnvTKERegion], w.env[EnvTKERoleArn] = "ap-guangzhou", "qcs::cam::uin/1:roleName/r"
			},
			[]string{"TKE OIDC is half configured: TKE_REGION, TKE_ROLE_ARN set but TKE_PROVIDER_ID, TKE_WEB_IDENTITY_TOKEN_FILE not"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t)
			c.setup(w)
			_, err := w.resolve()
			var ce *ChainError
			if !errors.As(err, &ce) {
				t.Fatalf("want ChainError, got %v", err)
			}
			if got := outcomes(ce.Trace); got != c.outcomes {
				t.Errorf("outcomes %s\nwant     %s\n%v", got, c.outcomes, err)
			}
			mustContain(t, err.Error(), c.want...)
		})
	}
}

func TestEnvExplainsLookAlikesAndEmptyValues(t *testing.T) {
	w := newWorld(t)
	w.env["TENCENTCLOUD_SECRETID"] = envID
	w.env["TENCENTCLOUD_SECRETKEY"] = envKey
	w.env["TENCENTCLOUD_SECURITY_TOKEN"] = ""
	w.env[EnvSecretID], w.env[EnvSecretKey] = "", ""
	_, err := w.resolve()
	var ce *ChainError
	if !errors.As(err, &ce) {
		t.Fatalf("want ChainError, got %v", err)
	}
	env := ce.Trace.Steps[0]
	mustContain(t, env.Reason, "are set but empty (treated as unset)", "look-alike")
	warns := strings.Join(env.Warnings, "\n")
	mustContain(t, warns, "TENCENTCLOUD_SECRETID is set, but the SDKs and tcx do not read it (SCF runtimes inject it): did you mean TENCENTCLOUD_SECRET_ID?",
		"TENCENTCLOUD_SECRETKEY is set", "TENCENTCLOUD_SECURITY_TOKEN is set but empty")
	mustContain(t, ce.Trace.String(), "warning: TENCENTCLOUD_SECRETID")
}

func TestIniPermissionWarning(t *testing.T) {
	w := newWorld(t)
	p := w.write(".tencentcloud/credentials", iniText("default", iniID, iniKey), 0o644)
	r, err := w.resolve()
	if err != nil {
		t.Fatal(err)
	}
	warns := strings.Join(r.Trace.Warnings(), "\n")
	mustContain(t, warns, p+" is readable by other users (mode 0644): run chmod 600 "+p)

	w2 := newWorld(t)
	w2.write(".tencentcloud/credentials", iniText("default", iniID, iniKey), 0o600)
	r2, err := w2.resolve()
	if err != nil || len(r2.Trace.Warnings()) != 0 {
		t.Errorf("0600 file: warnings %v, err %v", r2.Trace.Warnings(), err)
	}
}

func TestIniWarnsAboutUnknownAndRepeatedKeys(t *testing.T) {
	w := newWorld(t)
	w.write(".tencentcloud/credentials", "[default]\nsecret_id = "+iniID+"\nSecretKey = x\nsecret_key = "+iniKey+"\nsecret_key = "+iniKey+"\n")
	r, err := w.resolve()
	if err != nil {
		t.Fatal(err)
	}
	warns := strings.Join(r.Trace.Warnings(), "\n")
	mustContain(t, warns, `credentials:3: unknown key "secretkey" in [default] (did you mean secret_key?)`, "credentials:5: secret_key is set again")
}

func TestChainAssumeRoleFromIni(t *testing.T) {
	w := newWorld(t)
	w.sts = newFakeSTS(t, func() time.Time { return w.now })
	w.write(".tencentcloud/credentials", iniText("ops", iniID, iniKey, "region = ap-singapore", "role_arn = qcs::cam::uin/100:roleName/ops", "role_session_name = me"))
	w.env[EnvProfile] = "ops"
	r, err := w.resolve()
	if err != nil {
		t.Fatal(err)
	}
	win := r.Trace.Winner
	if win.Kind != "assume-role" || !win.Token || win.RoleArn != "qcs::cam::uin/100:roleName/ops" || win.Region != "ap-singapore" {
		t.Errorf("winner %+v", win)
	}
	if !win.Expires.Equal(w.now.Add(2 * time.Hour)) {
		t.Errorf("expires %v", win.Expires)
	}
	q := w.sts.last()
	if q.Action != "AssumeRole" || q.Region != "ap-singapore" || !strings.Contains(q.Authorization, "Credential="+iniID+"/") {
		t.Errorf("sts request %+v", q)
	}
	if q.Params["RoleSessionName"] != "me" || q.Params["DurationSeconds"] != float64(7200) {
		t.Errorf("params %v", q.Params)
	}
	mustContain(t, win.Where, "role qcs::cam::uin/100:roleName/ops assumed with ini file")
}

func TestChainAssumeRoleRefusedStopsChain(t *testing.T) {
	w := newWorld(t)
	w.sts = newFakeSTS(t, func() time.Time { return w.now })
	w.sts.fail.Store("AuthFailure.SecretIdNotFound")
	tccliFiles(w, "default", `{"type":"role-arn","secretId":"`+cliID+`","secretKey":"`+cliKey+`","role-arn":"qcs::cam::uin/1:roleName/x"}`, "")
	_, err := w.resolve()
	var ce *ChainError
	if !errors.As(err, &ce) {
		t.Fatalf("want ChainError, got %v", err)
	}
	mustContain(t, err.Error(), "assume role qcs::cam::uin/1:roleName/x", "AuthFailure.SecretIdNotFound")
	if got := outcomes(ce.Trace); got != "env=skipped ini=skipped tccli=failed cvm-role=not tried tke-oidc=not tried" {
		t.Errorf("outcomes %s", got)
	}
}

func TestChainCVMRole(t *testing.T) {
	w := newWorld(t)
	w.meta = newFakeMeta(t, "web-role", func() time.Time { return w.now })
	r, err := w.resolve()
	if err != nil {
		t.Fatal(err)
	}
	win := r.Trace.Winner
	if win.Kind != "cvm-role" || win.Region != "ap-shanghai" || !win.Token || !win.Expires.Equal(w.now.Add(6*time.Hour)) {
		t.Errorf("winner %+v", win)
	}
	mustContain(t, strings.Join(r.Trace.Steps[3].Looked, " "), "/latest/meta-data/cam/security-credentials/web-role")
}

func TestChainTccliCVMRoleProfile(t *testing.T) {
	w := newWorld(t)
	w.meta = newFakeMeta(t, "batch", func() time.Time { return w.now })
	tccliFiles(w, "default", `{"type":"cvm-role"}`, "ap-tokyo")
	r, err := w.resolve()
	if err != nil {
		t.Fatal(err)
	}
	if r.Trace.Winner.Source != SourceTccli || r.Trace.Winner.Kind != "cvm-role" || r.Trace.Winner.Region != "ap-tokyo" {
		t.Errorf("winner %+v", r.Trace.Winner)
	}
}

func TestChainCVMNoRoleThenOIDC(t *testing.T) {
	w := newWorld(t)
	w.meta = newFakeMeta(t, "", func() time.Time { return w.now })
	w.sts = newFakeSTS(t, func() time.Time { return w.now })
	tok := w.write("token", jwt(w.now.Add(time.Hour))+"\n")
	w.env[EnvTKERegion], w.env[EnvTKEProviderID], w.env[EnvTKETokenFile], w.env[EnvTKERoleArn] = "ap-nanjing", "oidc-provider", tok, "qcs::cam::uin/1:roleName/pod"
	r, err := w.resolve()
	if err != nil {
		t.Fatal(err)
	}
	if got := outcomes(r.Trace); got != "env=skipped ini=skipped tccli=skipped cvm-role=skipped tke-oidc=found" {
		t.Errorf("outcomes %s", got)
	}
	mustContain(t, r.Trace.Steps[3].Reason, "404: no role is bound")
	q := w.sts.last()
	if q.Action != "AssumeRoleWithWebIdentity" || q.Authorization != "SKIP" || q.Region != "ap-nanjing" || q.Token != "" {
		t.Errorf("sts request %+v", q)
	}
	if q.Params["WebIdentityToken"] != jwt(w.now.Add(time.Hour)) || q.Params["ProviderId"] != "oidc-provider" {
		t.Errorf("params %v", q.Params)
	}
	if win := r.Trace.Winner; win.Kind != "oidc" || win.Region != "ap-nanjing" || !win.Token {
		t.Errorf("winner %+v", win)
	}
}

func TestCVMNonSuccessCodeFails(t *testing.T) {
	w := newWorld(t)
	w.meta = newFakeMeta(t, "r", func() time.Time { return w.now })
	w.meta.code = "Forbidden"
	_, err := w.resolve()
	var ce *ChainError
	if !errors.As(err, &ce) {
		t.Fatalf("want ChainError, got %v", err)
	}
	mustContain(t, err.Error(), `answered Code "Forbidden", not "Success"`)
	if got := outcomes(ce.Trace); got != "env=skipped ini=skipped tccli=skipped cvm-role=failed tke-oidc=not tried" {
		t.Errorf("outcomes %s", got)
	}
}

func TestCVMMetadataTimeoutIsSkippedQuickly(t *testing.T) {
	w := newWorld(t)
	w.meta = newFakeMeta(t, "r", func() time.Time { return w.now })
	w.meta.hang = 5 * time.Second
	start := time.Now()
	_, err := w.resolve()
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %s; the metadata timeout should bound it", d)
	}
	var ce *ChainError
	if !errors.As(err, &ce) {
		t.Fatalf("want ChainError, got %v", err)
	}
	if s := ce.Trace.Steps[3]; s.Outcome != Skipped || !strings.Contains(s.Reason, "timed out") {
		t.Errorf("cvm step %+v", s)
	}
}

// jwt builds an unsigned token with an exp claim.
func jwt(exp time.Time) string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"RS256"}`)) + "." + enc([]byte(fmt.Sprintf(`{"sub":"system:serviceaccount:x:y","exp":%d}`, exp.Unix()))) + ".sig" + leakMark
}

func TestOIDCExpiredTokenIsAClearError(t *testing.T) {
	w := newWorld(t)
	w.sts = newFakeSTS(t, func() time.Time { return w.now })
	tok := w.write("token", jwt(w.now.Add(-time.Minute)))
	w.env[EnvTKERegion], w.env[EnvTKEProviderID], w.env[EnvTKETokenFile], w.env[EnvTKERoleArn] = "ap-guangzhou", "p", tok, "qcs::cam::uin/1:roleName/pod"
	_, err := w.resolve()
	if err == nil {
		t.Fatal("no error")
	}
	mustContain(t, err.Error(), "web identity token in "+tok+" expired at")
	if w.sts.calls.Load() != 0 {
		t.Errorf("STS was asked with an expired token")
	}
}

func TestOIDCTokenRejectedByServerAndReReadOnRefresh(t *testing.T) {
	w := newWorld(t)
	w.sts = newFakeSTS(t, func() time.Time { return w.now })
	tokPath := w.write("token", "opaque-token-1")
	w.env[EnvTKERegion], w.env[EnvTKEProviderID], w.env[EnvTKETokenFile], w.env[EnvTKERoleArn] = "ap-guangzhou", "p", tokPath, "qcs::cam::uin/1:roleName/pod"
	cache, err := NewWebIdentity(w.options())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cache.Retrieve(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := w.sts.last().Params["WebIdentityToken"]; got != "opaque-token-1" {
		t.Errorf("token %v", got)
	}
	w.write("token", "opaque-token-2")
	w.now = w.now.Add(2*time.Hour - time.Minute) // inside the refresh window
	if _, err := cache.Retrieve(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := w.sts.last().Params["WebIdentityToken"]; got != "opaque-token-2" {
		t.Errorf("token file not re-read: %v", got)
	}
	w.sts.fail.Store("InvalidParameter.WebIdentityTokenError")
	w.now = w.now.Add(3 * time.Hour) // expired, refresh refused
	_, err = cache.Retrieve(context.Background())
	see(err)
	if err == nil {
		t.Fatal("no error")
	}
	mustContain(t, err.Error(), "InvalidParameter.WebIdentityTokenError", "expired")
}
