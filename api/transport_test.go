package api

import (
	"encoding/pem"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// forwardProxy is a real HTTP forward proxy on loopback: it receives
// absolute-form requests and forwards every one of them to backend,
// keeping the Host the client asked for.
type forwardProxy struct {
	*httptest.Server
	mu    sync.Mutex
	hosts []string
}

func newForwardProxy(t *testing.T, backend string) *forwardProxy {
	t.Helper()
	p := &forwardProxy{}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		p.hosts = append(p.hosts, r.URL.Host)
		p.mu.Unlock()
		out, _ := http.NewRequestWithContext(r.Context(), r.Method, backend+r.URL.RequestURI(), r.Body)
		out.Header = r.Header.Clone()
		out.Host = r.Host
		resp, err := http.DefaultTransport.RoundTrip(out)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		for k, v := range resp.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(resp.StatusCode)
		io.Copy(w, resp.Body)
	}))
	t.Cleanup(p.Close)
	return p
}

func (p *forwardProxy) seen() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.hosts...)
}

func TestProxyExplicitAndFromEnvironment(t *testing.T) {
	backend := newAPIServer(t)
	proxy := newForwardProxy(t, backend.URL)
	cases := []struct {
		name string
		mod  func(*ClientProfile)
	}{
		{"explicit", func(p *ClientProfile) { p.HTTP.Proxy = proxy.URL }},
		{"HTTP_PROXY", func(p *ClientProfile) {
			p.Getenv = func(k string) string {
				if k == "HTTP_PROXY" {
					return proxy.URL
				}
				return ""
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := len(proxy.seen())
			// The host does not resolve: only the proxy can deliver it.
			c := newTestClient(t, "http://cvm.tcx-proxy-test.invalid", tc.mod)
			resp, err := call(t, c, cvmReq(`{"Limit":1}`))
			if err != nil {
				t.Fatal(err)
			}
			if got := proxy.seen(); len(got) != before+1 || got[len(got)-1] != "cvm.tcx-proxy-test.invalid" {
				t.Errorf("proxy saw %v", got)
			}
			last := backend.last(t)
			if !last.SigOK || last.Host != "cvm.tcx-proxy-test.invalid" {
				t.Errorf("backend: host %q sig %v %s", last.Host, last.SigOK, last.SigWhy)
			}
			if resp.RequestID == "" {
				t.Error("no RequestId")
			}
		})
	}
}

func TestNoProxyMatching(t *testing.T) {
	cases := []struct {
		list, host, port string
		want             bool
	}{
		{"*", "a.b", "", true},
		{"example.com", "cvm.example.com", "", true},
		{".example.com", "cvm.example.com", "", true},
		{"example.com", "example.org", "", false},
		{"xample.com", "cvm.example.com", "", false},
		{"10.0.0.0/8", "10.1.2.3", "", true},
		{"host:8080", "host", "8080", true},
		{"host:8080", "host", "443", false},
		{" a.com , tencentcloudapi.com", "cvm.tencentcloudapi.com", "", true},
	}
	for _, c := range cases {
		if got := noProxy(c.list, c.host, c.port); got != c.want {
			t.Errorf("noProxy(%q, %q, %q) = %v", c.list, c.host, c.port, got)
		}
	}
	// NO_PROXY and loopback bypass the environment proxy.
	env := map[string]string{"HTTPS_PROXY": "http://127.0.0.1:9", "NO_PROXY": "tencentcloudapi.com"}
	f := envProxy(func(k string) string { return env[k] })
	for host, want := range map[string]bool{"https://cvm.tencentcloudapi.com/": false, "https://127.0.0.1:9000/": false, "https://other.example/": true} {
		r, _ := http.NewRequest("GET", host, nil)
		u, err := f(r)
		if err != nil || (u != nil) != want {
			t.Errorf("%s: proxy %v err %v, want proxied=%v", host, u, err, want)
		}
	}
}

func TestTLSWithTestCAAndWithVerificationOff(t *testing.T) {
	api := newAPIServer(t)
	tlsSrv := httptest.NewTLSServer(api.Config.Handler)
	t.Cleanup(tlsSrv.Close)
	ca := filepath.Join(t.TempDir(), "ca.pem")
	pemBytes := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: tlsSrv.Certificate().Raw})
	if err := os.WriteFile(ca, pemBytes, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Run("system pool rejects the test certificate", func(t *testing.T) {
		c := newTestClient(t, tlsSrv.URL, nil)
		_, err := call(t, c, cvmReq(nil))
		if ae, ok := AsError(err); !ok || ae.Code != CodeNetwork {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("CA bundle", func(t *testing.T) {
		c := newTestClient(t, tlsSrv.URL, func(p *ClientProfile) { p.HTTP.CABundle = ca })
		if _, err := call(t, c, cvmReq(nil)); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("verification off", func(t *testing.T) {
		c := newTestClient(t, tlsSrv.URL, func(p *ClientProfile) { p.HTTP.InsecureSkipVerify = true })
		if _, err := call(t, c, cvmReq(nil)); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("bad CA bundle path", func(t *testing.T) {
		_, err := NewClient(nil, "", ClientProfile{HTTP: HTTPProfile{CABundle: filepath.Join(t.TempDir(), "missing.pem")}})
		if !IsClientError(err) {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestKeepAliveReusesOneConnection(t *testing.T) {
	api := newAPIServer(t)
	var mu sync.Mutex
	conns := map[string]bool{}
	srv := httptest.NewUnstartedServer(api.Config.Handler)
	srv.Config.ConnState = func(c net.Conn, s http.ConnState) {
		if s == http.StateNew {
			mu.Lock()
			conns[c.RemoteAddr().String()] = true
			mu.Unlock()
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	c := newTestClient(t, srv.URL, nil)
	for range 5 {
		if _, err := call(t, c, cvmReq(nil)); err != nil {
			t.Fatal(err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(conns) != 1 {
		t.Errorf("5 sequential calls opened %d connections, want 1", len(conns))
	}
}
