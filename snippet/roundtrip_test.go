package snippet

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/tcx-dev/tcx/api"
)

// captured is one request as a loopback server saw it.
type captured struct {
	Method, URL string
	Header      http.Header
	Body        string
}

// captureServer answers every request with an empty success and records it.
func captureServer(t *testing.T) (*httptest.Server, func() []captured) {
	t.Helper()
	ch := make(chan captured, 16)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		h := r.Header.Clone()
		h.Set("Host", r.Host)
		ch <- captured{Method: r.Method, URL: r.URL.String(), Header: h, Body: string(b)}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"Response":{"RequestId":"rid-1"}}`)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []captured {
		var out []captured
		for {
			select {
			case c := <-ch:
				out = append(out, c)
			default:
				return out
			}
		}
	}
}

var testCred = api.Credential{SecretID: "AKIDroundtrip0000000000000000000000", SecretKey: "roundtripSecretKey000000000000000", Source: "test"}

// send calls the loopback server with the explorer's client settings.
func send(t *testing.T, r *api.Request, p api.ClientProfile) {
	t.Helper()
	c, err := api.NewClient(api.StaticProvider{Credential: testCred}, "ap-guangzhou", p)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Call(context.Background(), r); err != nil {
		t.Fatalf("call: %v", err)
	}
}

// volatile removes what differs on every send: the time, the nonce, the
// signature (and the trace id when the client generated it).
func volatile(c captured, keepTrace bool) captured {
	h := c.Header.Clone()
	for _, k := range []string{"X-Tc-Timestamp", "Authorization", "Content-Length", "Accept-Encoding", "User-Agent"} {
		h.Del(k)
	}
	if !keepTrace {
		h.Del("X-Tc-Traceid")
	}
	c.Header = h
	strip := func(s string) string {
		v, err := url.ParseQuery(s)
		if err != nil || !v.Has("Signature") {
			return s
		}
		v.Del("Timestamp")
		v.Del("Nonce")
		v.Del("Signature")
		return v.Encode()
	}
	c.Body = strip(c.Body)
	if i := strings.IndexByte(c.URL, '?'); i >= 0 {
		c.URL = c.URL[:i+1] + strip(c.URL[i+1:])
	}
	return c
}

func TestRoundTripSendsTheSameRequest(t *testing.T) {
	srv, drain := captureServer(t)
	tests := []struct {
		name    string
		params  any
		headers map[string]string
		prof    api.ClientProfile
	}{
		{"TC3 POST, JSON text", `{"Filters":[{"Name":"zone","Values":["ap-guangzhou-3"]}],"Limit":1}`,
			map[string]string{"X-TC-TraceId": "trace-1", "X-TC-Canary": "1"}, api.ClientProfile{Language: "en-US"}},
		{"TC3 POST, map with unicode and big numbers", map[string]any{"InstanceName": "未命名 <web> & co", "Big": uint64(18446744073709551615), "F": 1.5, "B": true, "Nested": map[string]any{"L": []any{int64(1), "x"}}},
			nil, api.ClientProfile{}},
		{"TC3 GET", map[string]any{"Limit": 2, "InstanceIds": []any{"ins-1", "ins-2"}},
			nil, api.ClientProfile{HTTP: api.HTTPProfile{Method: "GET"}}},
		{"v1 HmacSHA256 POST", map[string]any{"Limit": 3, "Filters": []any{map[string]any{"Name": "zone", "Values": []any{"a b"}}}},
			nil, api.ClientProfile{SignMethod: "HmacSHA256"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prof := tt.prof
			prof.HTTP.Endpoint = srv.URL
			orig := &api.Request{Service: "cvm", Version: "2017-03-12", Action: "DescribeInstances", Region: "ap-shanghai", Params: tt.params, Headers: tt.headers}
			send(t, orig, prof)

			s, err := FromRequest("rt", orig, Overrides{Endpoint: prof.HTTP.Endpoint, Method: prof.HTTP.Method, SignMethod: prof.SignMethod, Language: prof.Language})
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "rt.yaml")
			if err := SaveFile(path, s); err != nil {
				t.Fatal(err)
			}
			loaded, err := LoadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			req, o, err := Request(loaded, Vars{})
			if err != nil {
				t.Fatal(err)
			}
			var replayProf api.ClientProfile
			o.Apply(&replayProf)
			send(t, req, replayProf)

			got := drain()
			if len(got) != 2 {
				t.Fatalf("server saw %d requests", len(got))
			}
			keepTrace := tt.headers["X-TC-TraceId"] != ""
			a, b := volatile(got[0], keepTrace), volatile(got[1], keepTrace)
			if !reflect.DeepEqual(a, b) {
				t.Fatalf("replay differs from the original:\noriginal %+v\nreplay   %+v", a, b)
			}
			// The signature covers the same things: same scope and signed headers.
			if sh := signedPart(got[0].Header.Get("Authorization")); sh != signedPart(got[1].Header.Get("Authorization")) {
				t.Fatalf("signed headers differ: %q vs %q", got[0].Header.Get("Authorization"), got[1].Header.Get("Authorization"))
			}
		})
	}
}

// signedPart keeps the credential id and signed headers of a TC3 header.
func signedPart(auth string) string {
	var keep []string
	for _, p := range strings.Split(auth, ", ") {
		if strings.HasPrefix(p, "SignedHeaders=") || strings.HasPrefix(p, "TC3-HMAC-SHA256 Credential=") {
			if i := strings.IndexByte(p, '/'); i >= 0 && strings.HasPrefix(p, "TC3") {
				p = p[:i]
			}
			keep = append(keep, p)
		}
	}
	sort.Strings(keep)
	return strings.Join(keep, ",")
}
