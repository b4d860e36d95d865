package sandbox

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func stsCall(t *testing.T, base, action string, params any, key Key, token string, clock *fakeClock) answer {
	t.Helper()
	return tc3{service: "sts", version: "2018-08-13", action: action, body: mustJSON(t, params), key: key, token: token, ts: clock.Now().Unix()}.do(t, base)
}

func TestAssumeRoleIssuesCredentialsThatWorkUntilTheyExpire(t *testing.T) {
	clock := &fakeClock{t: time.Now()}
	_, base := start(t, Options{Clock: clock.Now})
	a := stsCall(t, base, "AssumeRole", map[string]any{
		"RoleArn": "qcs::cam::uin/100000000001:roleName/dev", "RoleSessionName": "s1", "DurationSeconds": 900,
	}, DefaultKey(), "", clock)
	creds, _ := a.Resp["Credentials"].(map[string]any)
	if creds == nil || a.Resp["ExpiredTime"] != float64(clock.Now().Add(900*time.Second).Unix()) {
		t.Fatalf("AssumeRole: %s", a.Body)
	}
	tmp := Key{SecretID: creds["TmpSecretId"].(string), SecretKey: creds["TmpSecretKey"].(string)}
	token := creds["Token"].(string)

	who := stsCall(t, base, "GetCallerIdentity", map[string]any{}, tmp, token, clock)
	if who.Resp["Type"] != "AssumedRole" || !strings.Contains(who.Resp["Arn"].(string), "assumed-role/dev/s1") {
		t.Fatalf("GetCallerIdentity: %s", who.Body)
	}
	if a := stsCall(t, base, "GetCallerIdentity", map[string]any{}, tmp, "", clock); a.code() != "AuthFailure.TokenFailure" {
		t.Fatalf("no token: %s", a.Body)
	} else if strings.Contains(string(a.Body), tmp.SecretID) {
		t.Errorf("the error echoes the whole temporary SecretId: %s", a.Body)
	}
	if a := stsCall(t, base, "GetCallerIdentity", map[string]any{}, tmp, token+"x", clock); a.code() != "AuthFailure.TokenFailure" {
		t.Fatalf("wrong token: %s", a.Body)
	} else if strings.Contains(string(a.Body), tmp.SecretID) {
		t.Errorf("the error echoes the whole temporary SecretId: %s", a.Body)
	}
	clock.Advance(901 * time.Second)
	if a := stsCall(t, base, "GetCallerIdentity", map[string]any{}, tmp, token, clock); a.code() != "AuthFailure.TokenFailure" {
		t.Fatalf("expired: %s", a.Body)
	}
	for _, c := range []struct {
		name   string
		params map[string]any
		want   string
	}{
		{"no RoleArn", map[string]any{"RoleSessionName": "s"}, "MissingParameter"},
		{"bad RoleArn", map[string]any{"RoleArn": "dev", "RoleSessionName": "s"}, "InvalidParameterValue"},
		{"too long", map[string]any{"RoleArn": "qcs::cam::uin/1:roleName/dev", "RoleSessionName": "s", "DurationSeconds": 43201}, "InvalidParameterValue"},
	} {
		if a := stsCall(t, base, "AssumeRole", c.params, DefaultKey(), "", clock); a.code() != c.want {
			t.Errorf("%s: want %s, got %s", c.name, c.want, a.Body)
		}
	}
}

func TestWebIdentityIsAcceptedUnsigned(t *testing.T) {
	_, base := start(t, Options{})
	req := tc3{service: "sts", version: "2018-08-13", action: "AssumeRoleWithWebIdentity", body: `{"ProviderId":"p","WebIdentityToken":"jwt","RoleArn":"qcs::cam::uin/1:roleName/tke","RoleSessionName":"pod"}`,
		mutate: func(r *http.Request) { r.Header.Set("Authorization", "SKIP"); r.Host = "sts.tencentcloudapi.com" }}.request(t, base)
	a := send(t, req)
	if a.code() != "" || a.Resp["Credentials"] == nil {
		t.Fatalf("web identity: %s", a.Body)
	}
}

func TestMetadataServiceHandsOutRoleCredentials(t *testing.T) {
	clock := &fakeClock{t: time.Now()}
	_, base := start(t, Options{Clock: clock.Now})
	get := func(path string) (int, string) {
		res, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	code, role := get("/latest/meta-data/cam/security-credentials/")
	if code != 200 || role != "tcx-sandbox-role" {
		t.Fatalf("role: %d %q", code, role)
	}
	if code, _ := get("/latest/meta-data/cam/security-credentials/other"); code != 404 {
		t.Fatalf("unknown role: %d", code)
	}
	_, body := get("/latest/meta-data/cam/security-credentials/" + role)
	var c struct {
		TmpSecretId, TmpSecretKey, Token, Code string
		ExpiredTime                            int64
	}
	if err := json.Unmarshal([]byte(body), &c); err != nil || c.Code != "Success" {
		t.Fatalf("credentials: %v %s", err, body)
	}
	who := stsCall(t, base, "GetCallerIdentity", map[string]any{}, Key{c.TmpSecretId, c.TmpSecretKey}, c.Token, clock)
	if who.code() != "" {
		t.Fatalf("metadata credentials refused: %s", who.Body)
	}
}
