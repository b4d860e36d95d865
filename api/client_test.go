package api

import (
	"errors"
	"net/url"
	"strings"
	"testing"
)

func TestCallEverySigningModeIsAcceptedByTheServer(t *testing.T) {
	params := `{"Limit": 1, "Filters": [{"Name": "zone", "Values": ["ap-guangzhou-1", "未命名"]}], "DryRun": true}`
	cases := []struct {
		name, method, sign string
		unsigned           bool
	}{
		{"TC3 POST", "POST", TC3HMACSHA256, false},
		{"TC3 POST unsigned payload", "POST", TC3HMACSHA256, true},
		{"TC3 GET", "GET", TC3HMACSHA256, false},
		{"v1 HmacSHA256 POST", "POST", HmacSHA256, false},
		{"v1 HmacSHA1 GET", "GET", HmacSHA1, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newAPIServer(t)
			c := newTestClient(t, srv.URL, func(p *ClientProfile) {
				p.HTTP.Method, p.SignMethod, p.UnsignedPayload = tc.method, tc.sign, tc.unsigned
			})
			resp, err := call(t, c, cvmReq(params))
			if err != nil {
				t.Fatalf("call: %v", err)
			}
			got := srv.last(t)
			if !got.SigOK {
				t.Fatalf("server rejected the signature: %s", got.SigWhy)
			}
			if got.Method != tc.method {
				t.Errorf("method = %s, want %s", got.Method, tc.method)
			}
			if resp.RequestID != "rid-1" || resp.Attempts != 1 {
				t.Errorf("RequestID %q attempts %d", resp.RequestID, resp.Attempts)
			}
			// The parameters arrive, whatever the mode (the Go SDK drops them for GET/v1).
			var zone string
			switch {
			case tc.sign == TC3HMACSHA256 && tc.method == "POST":
				if string(got.Body) != params {
					t.Errorf("body = %s, want the caller's JSON byte for byte", got.Body)
				}
				zone = "ap-guangzhou-1"
			case tc.sign == TC3HMACSHA256:
				q, _ := url.ParseQuery(got.Query)
				zone = q.Get("Filters.0.Values.0")
				if q.Get("Filters.0.Values.1") != "未命名" || q.Get("DryRun") != "true" || q.Get("Limit") != "1" {
					t.Errorf("query = %s", got.Query)
				}
			default:
				zone = got.Form.Get("Filters.0.Values.0")
				if got.Form.Get("SecretId") != testID || got.Form.Get("SignatureMethod") != tc.sign || got.Form.Get("Region") != "ap-guangzhou" || got.Form.Get("Action") != "DescribeInstances" {
					t.Errorf("v1 params = %v", got.Form)
				}
			}
			if zone != "ap-guangzhou-1" {
				t.Errorf("Filters.0.Values.0 = %q", zone)
			}
			if tc.sign == TC3HMACSHA256 {
				h := got.Header
				if h.Get("X-TC-Action") != "DescribeInstances" || h.Get("X-TC-Version") != "2017-03-12" || h.Get("X-TC-Region") != "ap-guangzhou" {
					t.Errorf("headers = %v", h)
				}
				if tc.unsigned != (h.Get("X-TC-Content-SHA256") == UnsignedPayload) {
					t.Errorf("X-TC-Content-SHA256 = %q", h.Get("X-TC-Content-SHA256"))
				}
				if resp.Signature == nil || resp.Signature.TC3 == nil || !strings.Contains(resp.Signature.TC3.CredentialScope, "/cvm/tc3_request") {
					t.Errorf("trace = %+v", resp.Signature)
				}
			}
		})
	}
}

func TestCallSendsTokenRegionLanguageTraceAndCallerHeaders(t *testing.T) {
	srv := newAPIServer(t)
	p := ClientProfile{HTTP: HTTPProfile{Endpoint: srv.URL}, Language: "en-US", RequestClient: "ui"}
	c, err := NewClient(staticCreds(testToken), "", p)
	if err != nil {
		t.Fatal(err)
	}
	r := cvmReq(nil)
	r.Headers = map[string]string{"X-TC-Canary": "yes"}
	if _, err := call(t, c, r); err != nil {
		t.Fatal(err)
	}
	h := srv.last(t).Header
	if _, ok := h["X-Tc-Region"]; ok {
		t.Errorf("empty region must not send X-TC-Region, got %q", h.Get("X-TC-Region"))
	}
	if h.Get("X-TC-Token") != testToken || h.Get("X-TC-Language") != "en-US" || h.Get("X-TC-Canary") != "yes" {
		t.Errorf("headers = %v", h)
	}
	if h.Get("X-TC-RequestClient") != "TCX_"+Version+"; ui" {
		t.Errorf("RequestClient = %q", h.Get("X-TC-RequestClient"))
	}
	if tr := h.Get("X-TC-TraceId"); len(tr) != 36 || tr[14] != '4' {
		t.Errorf("generated TraceId %q is not a UUIDv4", tr)
	}
	r.Headers = map[string]string{"x-tc-traceid": "mine"}
	r.Region = "ap-shanghai"
	if _, err := call(t, c, r); err != nil {
		t.Fatal(err)
	}
	h = srv.last(t).Header
	if h.Get("X-TC-TraceId") != "mine" || h.Get("X-TC-Region") != "ap-shanghai" {
		t.Errorf("caller TraceId/region not kept: %v", h)
	}
}

func TestCallRejectsHeadersThatWouldBreakTheSignature(t *testing.T) {
	c := newTestClient(t, "http://127.0.0.1:1", nil)
	r := cvmReq(nil)
	r.Headers = map[string]string{"Content-Type": "text/plain"}
	_, err := call(t, c, r)
	if !IsClientError(err) || !strings.Contains(err.Error(), "Content-Type") {
		t.Fatalf("err = %v", err)
	}
}

func TestCallReportsCredentialErrorsWithoutSecrets(t *testing.T) {
	p := ClientProfile{HTTP: HTTPProfile{Endpoint: "http://127.0.0.1:1"}}
	c, err := NewClient(StaticProvider{Credential: Credential{SecretID: testID, SecretKey: " " + testKey}}, "", p)
	if err != nil {
		t.Fatal(err)
	}
	_, err = call(t, c, cvmReq(nil))
	var ae *Error
	if !errors.As(err, &ae) || ae.Code != CodeCredential {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), testKey) {
		t.Fatalf("error leaks the key: %v", err)
	}
}
