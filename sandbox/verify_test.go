package sandbox

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestWellSignedRequestsSucceed(t *testing.T) {
	_, base := start(t, Options{Seed: 1})
	for _, c := range []struct {
		name string
		req  tc3
	}{
		{"POST JSON", tc3{body: `{"Limit": 1}`}},
		{"POST JSON with charset", tc3{ct: "application/json; charset=utf-8", body: `{"Limit":1}`}},
		{"GET query", tc3{method: http.MethodGet, query: "Limit=1&Filters.0.Name=zone&Filters.0.Values.0=ap-guangzhou-3"}},
		{"unsigned payload", tc3{unsigned: true, body: `{"Limit":2}`}},
		{"extra signed header", tc3{signedExtra: []string{"x-tc-action"}}},
		{"product host", tc3{host: "cvm.tencentcloudapi.com"}},
		{"region-pinned host", tc3{host: "cvm.ap-guangzhou.tencentcloudapi.com"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := c.req.do(t, base)
			if a.Status != 200 || a.code() != "" {
				t.Fatalf("status %d, body %s", a.Status, a.Body)
			}
			if id, _ := a.Resp["RequestId"].(string); len(id) != 36 {
				t.Fatalf("RequestId %q", id)
			}
			if _, ok := a.Resp["TotalCount"]; !ok {
				t.Fatalf("no TotalCount in %s", a.Body)
			}
		})
	}
}

func TestRejectionsCarryTheCloudsCodes(t *testing.T) {
	clock := &fakeClock{t: time.Now()}
	_, base := start(t, Options{Clock: clock.Now})
	other := Key{SecretID: DefaultSecretID, SecretKey: "not-the-key"}
	for _, c := range []struct {
		name string
		req  tc3
		want string
	}{
		{"wrong key", tc3{key: other}, "AuthFailure.SignatureFailure"},
		{"unknown id", tc3{key: Key{SecretID: "AKIDnobody", SecretKey: "x"}}, "AuthFailure.SecretIdNotFound"},
		{"timestamp 6 minutes old", tc3{ts: time.Now().Add(-6 * time.Minute).Unix()}, "AuthFailure.SignatureExpire"},
		{"timestamp 6 minutes ahead", tc3{ts: time.Now().Add(6 * time.Minute).Unix()}, "AuthFailure.SignatureExpire"},
		{"tampered body", tc3{body: `{"Limit":1}`, mutate: func(r *http.Request) {
			r.Body = ioNopCloser(`{"Limit":9}`)
		}}, "AuthFailure.SignatureFailure"},
		{"tampered query", tc3{method: http.MethodGet, query: "Limit=1", mutate: func(r *http.Request) { r.URL.RawQuery = "Limit=2" }}, "AuthFailure.SignatureFailure"},
		{"service not the host's", tc3{service: "vpc", host: "cvm.tencentcloudapi.com"}, "AuthFailure.InvalidAuthorization"},
		{"malformed authorization", tc3{mutate: func(r *http.Request) {
			r.Header.Set("Authorization", "TC3-HMAC-SHA256 Credential=AKID/x")
		}}, "AuthFailure.InvalidAuthorization"},
		{"host not signed", tc3{mutate: func(r *http.Request) {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "content-type;host", "content-type", 1))
		}}, "AuthFailure.InvalidAuthorization"},
		{"foreign authorization scheme", tc3{mutate: func(r *http.Request) { r.Header.Set("Authorization", "Basic eDp5") }}, "AuthFailure.InvalidAuthorization"},
		{"no authorization", tc3{mutate: func(r *http.Request) { r.Header.Del("Authorization") }}, "AuthFailure.InvalidAuthorization"},
		{"SKIP outside web identity", tc3{mutate: func(r *http.Request) { r.Header.Set("Authorization", "SKIP") }}, "AuthFailure.InvalidAuthorization"},
		{"no action", tc3{mutate: func(r *http.Request) { r.Header.Del("X-TC-Action") }}, "MissingParameter"},
		{"no timestamp", tc3{mutate: func(r *http.Request) { r.Header.Del("X-TC-Timestamp") }}, "MissingParameter"},
		{"empty region", tc3{mutate: func(r *http.Request) { r.Header.Set("X-TC-Region", "") }}, "InvalidParameterValue"},
		{"garbage JSON", tc3{body: `{"Limit": 1,,`}, "InvalidParameter"},
		{"JSON array body", tc3{body: `[1,2]`}, "InvalidParameter"},
		{"wrong content type", tc3{ct: "text/plain", body: "hi"}, "InvalidParameter"},
		{"form with TC3", tc3{ct: "application/x-www-form-urlencoded", body: "Limit=1"}, "InvalidParameter"},
		{"unknown method", tc3{mutate: func(r *http.Request) { r.Method = http.MethodPut }}, "UnsupportedProtocol"},
		{"other path", tc3{mutate: func(r *http.Request) { r.URL.Path = "/v2/index.php" }}, "UnsupportedProtocol"},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := c.req.do(t, base)
			if a.Status != 200 || a.code() != c.want {
				t.Fatalf("want %s, got status %d body %s", c.want, a.Status, a.Body)
			}
			if id, _ := a.Resp["RequestId"].(string); id == "" {
				t.Fatal("no RequestId")
			}
		})
	}
}

func TestOversizedBodiesAreRefusedWithoutReadingThem(t *testing.T) {
	_, base := start(t, Options{})
	big := bytes.Repeat([]byte("a"), 50<<20)
	for _, chunked := range []bool{false, true} {
		req := tc3{}.request(t, base)
		if chunked {
			req.Body = ioNopCloserBytes(big)
			req.ContentLength = -1 // chunked: the limit must hold while reading
		} else {
			req.Body = ioNopCloserBytes(big)
			req.ContentLength = int64(len(big))
		}
		a := sendTolerant(t, req)
		if a.code() != "RequestSizeLimitExceeded" {
			t.Fatalf("chunked=%v: got %d %s", chunked, a.Status, a.Body)
		}
	}
	// A v1 form over 1 MiB gets the service's SignatureFailure advice.
	req, _ := http.NewRequest(http.MethodPost, base+"/", strings.NewReader("Action=DescribeInstances&X="+strings.Repeat("a", 2<<20)))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	a := send(t, req)
	if a.code() != "AuthFailure.SignatureFailure" || !strings.Contains(a.message(), "TC3-HMAC-SHA256") {
		t.Fatalf("v1 oversize: %s", a.Body)
	}
	// A GET query over 32 KiB.
	a = tc3{method: http.MethodGet, query: "X=" + strings.Repeat("b", 33<<10)}.do(t, base)
	if a.code() != "RequestSizeLimitExceeded" {
		t.Fatalf("GET oversize: %s", a.Body)
	}
}

func TestV1SignaturesAreVerified(t *testing.T) {
	_, base := start(t, Options{})
	params := map[string]string{"Action": "DescribeInstances", "Version": "2017-03-12", "Region": "ap-guangzhou", "Limit": "1"}
	for _, m := range []string{http.MethodGet, http.MethodPost} {
		for _, sm := range []string{"HmacSHA1", "HmacSHA256"} {
			if a := v1(t, base, m, sm, DefaultKey(), params); a.code() != "" {
				t.Errorf("%s %s: %s", m, sm, a.Body)
			}
			if a := v1(t, base, m, sm, Key{SecretID: DefaultSecretID, SecretKey: "wrong"}, params); a.code() != "AuthFailure.SignatureFailure" {
				t.Errorf("%s %s wrong key: %s", m, sm, a.Body)
			}
		}
	}
	old := map[string]string{"Timestamp": "1465185768"}
	for k, v := range params {
		old[k] = v
	}
	if a := v1(t, base, http.MethodGet, "HmacSHA256", DefaultKey(), old); a.code() != "AuthFailure.SignatureExpire" {
		t.Errorf("old timestamp: %s", a.Body)
	}
	delete(params, "Action")
	if a := v1(t, base, http.MethodGet, "HmacSHA256", DefaultKey(), params); a.code() != "MissingParameter" {
		t.Errorf("no Action: %s", a.Body)
	}
}

func TestRequestIDsAreDeterministicWithASeed(t *testing.T) {
	ids := func() []string {
		_, base := start(t, Options{Seed: 42})
		var out []string
		for range 3 {
			a := tc3{}.do(t, base)
			out = append(out, a.Resp["RequestId"].(string))
		}
		return out
	}
	a, b := ids(), ids()
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("run 1 %v, run 2 %v", a, b)
		}
	}
}

func TestUnsupportedLanguageIsRefused(t *testing.T) {
	_, base := start(t, Options{})
	a := tc3{mutate: func(r *http.Request) { r.Header.Set("X-TC-Language", "fr-FR") }}.do(t, base)
	if a.code() != "InvalidParameterValue" {
		t.Fatalf("fr-FR: %s", a.Body)
	}
	if a := (tc3{mutate: func(r *http.Request) { r.Header.Set("X-TC-Language", "en-US") }}).do(t, base); a.code() != "" {
		t.Fatalf("en-US: %s", a.Body)
	}
}

func TestAPanicCostsOneRequestNotTheServer(t *testing.T) {
	calls := 0
	clock := func() time.Time {
		calls++
		if calls == 1 {
			panic("clock broke")
		}
		return time.Now()
	}
	s, base, err := Start(context.Background(), "127.0.0.1:0", Options{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if a := (tc3{}).do(t, base); a.code() != "InternalError" {
		t.Fatalf("first: %s", a.Body)
	}
	if a := (tc3{}).do(t, base); a.code() != "" {
		t.Fatalf("second: %s", a.Body)
	}
}

func TestConcurrentFlowsAreSafe(t *testing.T) {
	_, base := start(t, Options{Seed: 9})
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			action, body := "DescribeInstances", `{"Limit":100}`
			if i%2 == 0 {
				action, body = "RunInstances", `{"InstanceCount":2}`
			}
			if a := (tc3{action: action, body: body}).do(t, base); a.code() != "" {
				t.Errorf("%s: %s", action, a.Body)
			}
		}()
	}
	wg.Wait()
	if a := (tc3{body: `{"Limit":100}`}).do(t, base); a.Resp["TotalCount"] != float64(40) {
		t.Fatalf("after 20×2 runs: %s", a.Body)
	}
}
