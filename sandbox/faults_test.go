package sandbox

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestFaultsHitOnlyWhatTheySelect(t *testing.T) {
	s := New(Options{Seed: 1})
	t.Cleanup(func() { _ = s.Close() })
	primary, err := s.Start(context.Background(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	backup, err := s.Start(context.Background(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := strings.TrimPrefix(primary, "http://")
	for _, c := range []struct {
		name  string
		rule  Fault
		check func(t *testing.T)
	}{
		{"html 502 on the primary listener only", Fault{Kind: "html502", Addr: addr}, func(t *testing.T) {
			a := tc3{}.do(t, primary)
			if a.Status != 502 || !strings.Contains(string(a.Body), "<html>") {
				t.Fatalf("primary: %d %s", a.Status, a.Body)
			}
			if b := (tc3{}).do(t, backup); b.code() != "" {
				t.Fatalf("backup: %s", b.Body)
			}
		}},
		{"by Host header", Fault{Kind: FaultInternalError, Host: "cvm.tencentcloudapi.com"}, func(t *testing.T) {
			if a := (tc3{host: "cvm.tencentcloudapi.com"}).do(t, primary); a.code() != "InternalError" {
				t.Fatalf("host: %s", a.Body)
			}
			if a := (tc3{host: "cvm.ap-shanghai.tencentcloudapi.com"}).do(t, primary); a.code() != "" {
				t.Fatalf("other host: %s", a.Body)
			}
		}},
		{"by action", Fault{Kind: FaultRateLimit, Action: "RunInstances"}, func(t *testing.T) {
			if a := (tc3{action: "RunInstances"}).do(t, primary); a.code() != "RequestLimitExceeded" {
				t.Fatalf("action: %s", a.Body)
			}
			if a := (tc3{}).do(t, primary); a.code() != "" {
				t.Fatalf("other action: %s", a.Body)
			}
		}},
		{"latency", Fault{Kind: FaultLatency, Latency: Duration(150 * time.Millisecond)}, func(t *testing.T) {
			t0 := time.Now()
			if a := (tc3{}).do(t, primary); a.code() != "" || time.Since(t0) < 150*time.Millisecond {
				t.Fatalf("latency: %v %s", time.Since(t0), a.Body)
			}
		}},
		{"reset", Fault{Kind: FaultReset}, func(t *testing.T) {
			_, err := http.DefaultClient.Do(tc3{}.request(t, primary))
			if err == nil {
				t.Fatal("reset: got an answer")
			}
		}},
		{"hang until the client gives up", Fault{Kind: FaultHang}, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
			defer cancel()
			_, err := http.DefaultClient.Do(tc3{}.request(t, primary).WithContext(ctx))
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("hang: %v", err)
			}
		}},
		{"rate", Fault{Kind: FaultInternalError, Rate: 0.5}, func(t *testing.T) {
			hit := 0
			for range 200 {
				if (tc3{}).do(t, primary).code() == "InternalError" {
					hit++
				}
			}
			if hit < 60 || hit > 140 {
				t.Fatalf("rate 0.5 hit %d of 200", hit)
			}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if err := s.SetFaults([]Fault{c.rule}); err != nil {
				t.Fatal(err)
			}
			c.check(t)
		})
	}
}

func TestAdminEndpointChangesFaultsWithTheToken(t *testing.T) {
	s, base := start(t, Options{})
	admin := func(method, token, body string) (int, string) {
		req, _ := http.NewRequest(method, base+"/_sandbox/faults", strings.NewReader(body))
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if code, _ := admin(http.MethodGet, "", ""); code != 401 {
		t.Fatalf("no token: %d", code)
	}
	if code, _ := admin(http.MethodGet, "wrong", ""); code != 401 {
		t.Fatalf("wrong token: %d", code)
	}
	if code, body := admin(http.MethodPut, s.AdminToken(), `{"kind":"nonsense"}`); code != 400 {
		t.Fatalf("bad rule: %d %s", code, body)
	}
	if code, body := admin(http.MethodPut, s.AdminToken(), `{"kind":"ratelimit","action":"DescribeInstances"}`); code != 200 {
		t.Fatalf("put: %d %s", code, body)
	}
	if a := (tc3{}).do(t, base); a.code() != "RequestLimitExceeded" {
		t.Fatalf("after put: %s", a.Body)
	}
	if code, body := admin(http.MethodPost, s.AdminToken(), `[{"kind":"latency","latency":"1ms"}]`); code != 200 || !strings.Contains(body, `"1ms"`) {
		t.Fatalf("post: %d %s", code, body)
	}
	if len(s.Faults()) != 2 {
		t.Fatalf("faults %v", s.Faults())
	}
	if code, _ := admin(http.MethodDelete, s.AdminToken(), ""); code != 200 || len(s.Faults()) != 0 {
		t.Fatalf("delete: %d", code)
	}
	if a := (tc3{}).do(t, base); a.code() != "" {
		t.Fatalf("after delete: %s", a.Body)
	}
}

func TestParseFaultFlag(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Fault
		err  bool
	}{
		{in: "kind=html502,host=127.0.0.1:9000,rate=0.5", want: Fault{Kind: FaultHTML, Host: "127.0.0.1:9000", Rate: 0.5, Status: 502}},
		{in: "reset", want: Fault{Kind: FaultReset}},
		{in: "kind=latency,latency=250ms,action=DescribeInstances", want: Fault{Kind: FaultLatency, Latency: Duration(250 * time.Millisecond), Action: "DescribeInstances"}},
		{in: `{"kind":"hang","product":"cvm"}`, want: Fault{Kind: FaultHang, Product: "cvm"}},
		{in: "kind=boom", err: true},
		{in: "kind=html,status=200", err: true},
		{in: "kind=ratelimit,rate=2", err: true},
		{in: "kind=ratelimit,colour=red", err: true},
	} {
		got, err := ParseFault(c.in)
		if (err != nil) != c.err || (!c.err && got != c.want) {
			t.Errorf("ParseFault(%q) = %+v, %v", c.in, got, err)
		}
	}
}

func TestProductFaultsHitEvenMalformedRequests(t *testing.T) {
	_, base := start(t, Options{Faults: []Fault{{Kind: "html503", Product: "cvm"}}})
	a := tc3{mutate: func(r *http.Request) { r.Header.Del("X-TC-Version") }}.do(t, base)
	if a.Status != 503 {
		t.Fatalf("want the 503 fault, got %d %s", a.Status, a.Body)
	}
}
