package credentials

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tcx-dev/tcx/api"
)

func TestStaticRejectsEmptyWhitespaceAndExpired(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	cases := []struct {
		name string
		c    api.Credential
		want string
	}{
		{"empty id", api.Credential{SecretKey: "k", Source: "flag"}, "secret id is empty (from flag)"},
		{"empty key", api.Credential{SecretID: envID, Source: "flag"}, "secret key is empty (from flag)"},
		{"newline in key", api.Credential{SecretID: envID, SecretKey: envKey + "\n", Source: "flag"}, "secret key has leading or trailing whitespace"},
		{"expired", api.Credential{SecretID: envID, SecretKey: envKey, Token: "t" + leakMark, Expires: now.Add(-time.Second), Source: "flag"}, "expired at"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := Static{Credential: c.c, Now: func() time.Time { return now }}
			_, err := s.Retrieve(context.Background())
			see(err, s, fmt.Sprintf("%#v", s))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err %v, want %q", err, c.want)
			}
		})
	}
}

func TestEnvProviderReadsEveryTime(t *testing.T) {
	w := newWorld(t)
	p := Env{Options: w.options()}
	if _, err := p.Retrieve(context.Background()); err == nil {
		t.Error("no error without variables")
	}
	w.env[EnvSecretID], w.env[EnvSecretKey], w.env[EnvSessionToken] = envID, envKey, "tok"+leakMark
	c, err := p.Retrieve(context.Background())
	see(c, err)
	if err != nil || c.SecretID != envID || c.Token != "tok"+leakMark {
		t.Errorf("got %v, %v", c, err)
	}
}

func TestChainProviderResolvesOnceThenAsksTheWinner(t *testing.T) {
	w := newWorld(t)
	ch := NewChain(w.options())
	if _, err := ch.Retrieve(context.Background()); err == nil {
		t.Fatal("no error")
	}
	if ch.Trace().Winner != nil || len(ch.Trace().Steps) != 5 {
		t.Errorf("trace after failure %+v", ch.Trace())
	}
	w.write(".tencentcloud/credentials", iniText("default", iniID, iniKey))
	c, err := ch.Retrieve(context.Background())
	if err != nil || c.SecretID != iniID {
		t.Fatalf("after the file appeared: %v %v", c, err)
	}
	w.env[EnvSecretID], w.env[EnvSecretKey] = envID, envKey
	if c, _ := ch.Retrieve(context.Background()); c.SecretID != iniID {
		t.Errorf("the chain re-resolved: %s", c.SecretID)
	}
	see(ch.Trace(), ch.Trace().String())
}

func TestSTSTimeoutIsAnErrorNotAHang(t *testing.T) {
	w := newWorld(t)
	w.sts = newFakeSTS(t, func() time.Time { return w.now })
	w.sts.delay = 2 * time.Second
	o := w.options()
	o.STSTimeout = 200 * time.Millisecond
	w.write(".tencentcloud/credentials", iniText("default", iniID, iniKey, "role_arn = qcs::cam::uin/1:roleName/slow"))
	start := time.Now()
	_, err := Resolve(context.Background(), o)
	see(err)
	if err == nil || time.Since(start) > 1500*time.Millisecond {
		t.Fatalf("err %v after %s", err, time.Since(start))
	}
	var ce *ChainError
	if !errors.As(err, &ce) || ce.Trace.Steps[1].Outcome != Failed {
		t.Errorf("err %v", err)
	}
}

func TestAssumeRoleValidatesDuration(t *testing.T) {
	a := &AssumeRole{RoleArn: "qcs::cam::uin/1:roleName/x", Duration: 13 * time.Hour}
	if _, err := a.Retrieve(context.Background()); err == nil || !strings.Contains(err.Error(), "outside (0, 12h]") {
		t.Errorf("err %v", err)
	}
}

func TestDecodeSTSRefusesAnswersWithoutCredentials(t *testing.T) {
	for _, body := range []string{`{"Response":{"RequestId":"r1"}}`, `not json`, `{"Response":{"Credentials":{"Token":"t","TmpSecretId":"i","TmpSecretKey":"k"}}}`} {
		_, err := decodeSTS([]byte(body), "AssumeRole", "s", "")
		see(err)
		if err == nil {
			t.Errorf("%s: accepted", body)
		}
	}
}

func TestJWTExpiry(t *testing.T) {
	exp := time.Unix(1_800_000_000, 0)
	if got, ok := jwtExpiry(jwt(exp)); !ok || !got.Equal(exp) {
		t.Errorf("got %v %v", got, ok)
	}
	for _, s := range []string{"opaque", "a.b.c", "a.e30.c"} {
		if _, ok := jwtExpiry(s); ok {
			t.Errorf("%q has an expiry?", s)
		}
	}
}

func TestHomeFallsBackToUSERPROFILE(t *testing.T) {
	o := Options{Getenv: func(k string) string {
		if k == "USERPROFILE" {
			return `C:\Users\me`
		}
		return ""
	}}
	if got := o.home(); got != `C:\Users\me` {
		t.Errorf("home %q", got)
	}
	o.Home = "/h"
	if got := o.home(); got != "/h" {
		t.Errorf("explicit home %q", got)
	}
}

func TestIniUpperCaseDEFAULTIsExplained(t *testing.T) {
	f, err := ParseIni("creds", []byte("top = 1\n[DEFAULT]\nsecret_id = a\n[prod]\nsecret_id = b\nsecret_key = c\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Names(); len(got) != 1 || got[0] != "prod" {
		t.Errorf("profiles %v", got)
	}
	mustContain(t, strings.Join(f.Warnings, "\n"), "creds:2: [DEFAULT] is not a profile")

	f, err = ParseIni("creds", []byte("\ntop = 1\n[prod]\n"))
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, strings.Join(f.Warnings, "\n"), "creds:2: keys before the first [section] are ignored")
}
