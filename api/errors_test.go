package api

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func serve(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	s := httptest.NewServer(h)
	t.Cleanup(s.Close)
	return s
}

func gz(s string) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.Bytes()
}

func TestErrorShapesAreClassifiedAndExplained(t *testing.T) {
	cases := []struct {
		name      string
		h         http.HandlerFunc
		code      string
		transport bool
		inMsg     []string
	}{
		{"API error envelope", func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(`{"Response":{"Error":{"Code":"InvalidParameter","Message":"Limit bad"},"RequestId":"rid-7"}}`))
		}, "InvalidParameter", false, []string{"Limit bad", "RequestId rid-7"}},
		{"HTML 502 from a gateway", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(502)
			w.Write([]byte("<html><body>502 Bad Gateway</body></html>"))
		}, CodeHTTPStatus, true, []string{"502", "HTML", "<html><body>502"}},
		{"HTML with status 200", func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte("<!DOCTYPE html><title>portal</title>"))
		}, CodeParseJSON, true, []string{"HTML page", "DOCTYPE"}},
		{"truncated JSON", func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(`{"Response":{"RequestId":"x","Total`))
		}, CodeParseJSON, true, []string{"cut off", `{\"Response\"`}},
		{"JSON without envelope", func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(`{"hello":"world"}`))
		}, CodeParseJSON, true, []string{`no "Response" object`}},
		{"not JSON", func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(`hello`))
		}, CodeParseJSON, true, []string{"not JSON", "hello"}},
		{"empty body", func(w http.ResponseWriter, r *http.Request) {}, CodeParseJSON, true, []string{"empty"}},
		{"legacy v2 error", func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(`{"code":4100,"message":"auth failed","codeDesc":"AuthFailure"}`))
		}, "AuthFailure", false, []string{"auth failed"}},
		{"gzip header but not gzip", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			w.Write([]byte(`{"Response":{}}`))
		}, CodeIO, true, []string{"gzip"}},
		{"unknown content encoding", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "br")
			w.Write([]byte{1, 2, 3})
		}, CodeIO, true, []string{`"br"`}},
		{"body cut off by the server", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "100")
			w.Write([]byte(`{"Response":`))
			w.(http.Flusher).Flush()
			c, _, _ := w.(http.Hijacker).Hijack()
			c.Close()
		}, CodeIO, true, []string{"cannot read the response body"}},
		{"500 with JSON error envelope keeps the API code", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(500)
			w.Write([]byte(`{"Response":{"Error":{"Code":"InternalError","Message":"oops"},"RequestId":"r5"}}`))
		}, "InternalError", false, []string{"HTTP 500", "oops"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := serve(t, tc.h)
			c := newTestClient(t, srv.URL, nil)
			_, err := call(t, c, cvmReq(nil))
			var ae *Error
			if !errors.As(err, &ae) {
				t.Fatalf("err = %T %v, want *api.Error", err, err)
			}
			if ae.Code != tc.code {
				t.Errorf("Code = %q, want %q (%v)", ae.Code, tc.code, err)
			}
			if IsTransport(err) != tc.transport {
				t.Errorf("IsTransport = %v, want %v", IsTransport(err), tc.transport)
			}
			if ae.Endpoint != srv.URL+"/" {
				t.Errorf("Endpoint = %q", ae.Endpoint)
			}
			for _, s := range tc.inMsg {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q lacks %q", err.Error(), s)
				}
			}
		})
	}
}

func TestGzipResponsesAreDecompressed(t *testing.T) {
	for _, withHeader := range []bool{true, false} {
		srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
			if withHeader {
				w.Header().Set("Content-Encoding", "gzip")
			}
			w.Write(gz(`{"Response":{"RequestId":"gz"}}`))
		})
		c := newTestClient(t, srv.URL, nil)
		resp, err := call(t, c, cvmReq(nil))
		if err != nil || resp.RequestID != "gz" {
			t.Fatalf("header=%v: resp %+v err %v", withHeader, resp, err)
		}
	}
}

func TestSignatureExpireCarriesClockSkew(t *testing.T) {
	local := time.Date(2026, 11, 29, 2, 0, 0, 0, time.UTC)
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", local.Add(-7*time.Minute).Format(http.TimeFormat))
		w.Write([]byte(`{"Response":{"Error":{"Code":"AuthFailure.SignatureExpire","Message":"expired"},"RequestId":"r"}}`))
	})
	c := newTestClient(t, srv.URL, func(p *ClientProfile) { p.Clock = func() time.Time { return local } })
	_, err := call(t, c, cvmReq(nil))
	ae, ok := AsError(err)
	if !ok || ae.ClockSkew != -7*time.Minute {
		t.Fatalf("err = %v, skew %v", err, ae.ClockSkew)
	}
	if !strings.Contains(ae.Hint(), "7 minutes") {
		t.Errorf("hint = %q", ae.Hint())
	}
}

func TestTransportErrors(t *testing.T) {
	t.Run("connection refused", func(t *testing.T) {
		c := newTestClient(t, "http://127.0.0.1:1", nil)
		_, err := call(t, c, cvmReq(nil))
		ae, ok := AsError(err)
		if !ok || ae.Code != CodeNetwork || !IsTransport(err) || !strings.Contains(err.Error(), "cannot reach http://127.0.0.1:1/") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("timeout", func(t *testing.T) {
		release := make(chan struct{})
		srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-release:
			}
		})
		defer close(release)
		c := newTestClient(t, srv.URL, func(p *ClientProfile) { p.HTTP.Timeout = 50 * time.Millisecond })
		_, err := call(t, c, cvmReq(nil))
		if ae, ok := AsError(err); !ok || ae.Code != CodeNetwork || !strings.Contains(ae.Message, "timeout") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("context canceled", func(t *testing.T) {
		srv := newAPIServer(t)
		c := newTestClient(t, srv.URL, nil)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := c.Call(ctx, cvmReq(nil))
		if !errors.Is(err, context.Canceled) || !IsTransport(err) {
			t.Fatalf("err = %v", err)
		}
		if len(srv.requests()) != 0 {
			t.Error("a canceled call must not reach the server")
		}
	})
}

func TestBadInputsAreClientErrors(t *testing.T) {
	c := newTestClient(t, "http://127.0.0.1:1", nil)
	for name, r := range map[string]*Request{
		"no action":     {Service: "cvm", Version: "v"},
		"host service":  {Service: "cvm.tencentcloudapi.com", Version: "v", Action: "A"},
		"array params":  cvmReq(`[1,2]`),
		"broken params": cvmReq(`{"Limit":`),
		"func params":   cvmReq(map[string]any{"f": func() {}}),
	} {
		_, err := call(t, c, r)
		if !IsClientError(err) {
			t.Errorf("%s: err = %v, want a client error", name, err)
		}
	}
	if _, err := NewClient(nil, "", ClientProfile{Language: "fr-FR"}); err == nil || !strings.Contains(err.Error(), "zh-CN or en-US") {
		t.Errorf("language not validated: %v", err)
	}
	if _, err := NewClient(nil, "", ClientProfile{SignMethod: "HmacMD5"}); err == nil {
		t.Error("sign method not validated")
	}
	if _, err := NewClient(nil, "", ClientProfile{RequestClient: "bad suffix!"}); err == nil {
		t.Error("request client not validated")
	}
	if _, err := NewClient(nil, "", ClientProfile{HTTP: HTTPProfile{Endpoint: "http://h/path"}}); err == nil {
		t.Error("endpoint with a path accepted")
	}
}

func TestSkipSignNeedsNoCredential(t *testing.T) {
	srv := newAPIServer(t)
	c, err := NewClient(nil, "ap-guangzhou", ClientProfile{HTTP: HTTPProfile{Endpoint: srv.URL}})
	if err != nil {
		t.Fatal(err)
	}
	r := &Request{Service: "sts", Version: "2018-08-13", Action: "AssumeRoleWithWebIdentity", SkipSign: true}
	if _, err := call(t, c, r); err != nil {
		t.Fatal(err)
	}
	if got := srv.last(t).Header.Get("Authorization"); got != "SKIP" {
		t.Errorf("Authorization = %q", got)
	}
}
