package sandbox

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/tcx-dev/tcx/api"
)

// tcxClient is tcx's own client pointed at base.
func tcxClient(t *testing.T, base string, key Key, p api.ClientProfile) *api.Client {
	t.Helper()
	p.HTTP.Endpoint = base
	c, err := api.NewClient(api.StaticProvider{Credential: api.Credential{SecretID: key.SecretID, SecretKey: key.SecretKey}}, "ap-guangzhou", p)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func apiCode(err error) string {
	var e *api.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

func TestTcxClientWorksInEverySigningMode(t *testing.T) {
	_, base := start(t, Options{Seed: 2})
	ctx := context.Background()
	req := func() *api.Request {
		return &api.Request{Service: "cvm", Version: "2017-03-12", Action: "DescribeInstances",
			Params: map[string]any{"Limit": 1, "Filters": []any{map[string]any{"Name": "zone", "Values": []any{"ap-guangzhou-3"}}}}}
	}
	for _, c := range []struct {
		name string
		p    api.ClientProfile
	}{
		{"TC3 POST", api.ClientProfile{}},
		{"TC3 GET", api.ClientProfile{HTTP: api.HTTPProfile{Method: "GET"}}},
		{"TC3 unsigned payload", api.ClientProfile{UnsignedPayload: true}},
		{"HmacSHA256 POST", api.ClientProfile{SignMethod: api.HmacSHA256}},
		{"HmacSHA1 GET", api.ClientProfile{SignMethod: api.HmacSHA1, HTTP: api.HTTPProfile{Method: "GET"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := tcxClient(t, base, DefaultKey(), c.p).Call(ctx, req())
			if err != nil {
				t.Fatal(err)
			}
			if res.RequestID == "" || !strings.Contains(string(res.Body), `"TotalCount"`) {
				t.Fatalf("answer %s", res.Body)
			}
			_, err = tcxClient(t, base, Key{SecretID: DefaultSecretID, SecretKey: "wrong"}, c.p).Call(ctx, req())
			if apiCode(err) != "AuthFailure.SignatureFailure" {
				t.Fatalf("wrong key: %v", err)
			}
		})
	}
}

func TestTcxRegionBreakerMovesToTheBackupListener(t *testing.T) {
	s := New(Options{Registry: embedded(t)})
	t.Cleanup(func() { _ = s.Close() })
	primary, err := s.Start(context.Background(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	backup, err := s.Start(context.Background(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetFaults([]Fault{{Kind: "html502", Addr: strings.TrimPrefix(primary, "http://")}}); err != nil {
		t.Fatal(err)
	}
	c := tcxClient(t, primary, DefaultKey(), api.ClientProfile{Breaker: &api.BreakerProfile{BackupEndpoint: backup}})
	var outcomes []string
	for range 8 {
		res, err := c.Call(context.Background(), &api.Request{Service: "cvm", Version: "2017-03-12", Action: "DescribeInstances"})
		switch {
		case err == nil:
			outcomes = append(outcomes, "ok@"+res.Host)
		default:
			var e *api.Error
			if !errors.As(err, &e) || e.Status != 502 {
				t.Fatalf("unexpected error: %v", err)
			}
			outcomes = append(outcomes, "502")
		}
	}
	got := strings.Join(outcomes, " ")
	if !strings.HasPrefix(got, "502 502 502 502 502 ok@") || !strings.HasSuffix(got, strings.TrimPrefix(backup, "http://")) {
		t.Fatalf("outcomes %q", got)
	}
	if snap := c.Breaker().Snapshot(); snap.State != api.BreakerOpen {
		t.Fatalf("breaker %v", snap.State)
	}
}
