package api

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	testID    = "AKIDtestsecretid0000001a2b"
	testKey   = "testsecretkey-never-logged"
	testToken = "session-token-never-logged"
)

// seen is one request as the server received it.
type seen struct {
	Method, Host, Query, ContentType string
	Header                           http.Header
	Body                             []byte
	Form                             url.Values // v1 params (query or form body)
	SigOK                            bool
	SigWhy                           string
}

// apiServer is a loopback API that verifies signatures with the same signer
// from what arrived on the wire, and answers with a canned body.
type apiServer struct {
	*httptest.Server
	mu     sync.Mutex
	reqs   []seen
	answer func(n int, s seen, w http.ResponseWriter) // nil: success envelope
}

func newAPIServer(t *testing.T) *apiServer {
	t.Helper()
	s := &apiServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *apiServer) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	sn := seen{Method: r.Method, Host: r.Host, Query: r.URL.RawQuery, ContentType: r.Header.Get("Content-Type"), Header: r.Header.Clone(), Body: body}
	sn.SigOK, sn.SigWhy = verify(r, body, &sn)
	s.mu.Lock()
	s.reqs = append(s.reqs, sn)
	n := len(s.reqs)
	ans := s.answer
	s.mu.Unlock()
	if ans != nil {
		ans(n, sn, w)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if !sn.SigOK {
		fmt.Fprintf(w, `{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":%q},"RequestId":"rid-%d"}}`, sn.SigWhy, n)
		return
	}
	fmt.Fprintf(w, `{"Response":{"TotalCount":0,"RequestId":"rid-%d"}}`, n)
}

func (s *apiServer) requests() []seen {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]seen(nil), s.reqs...)
}

func (s *apiServer) last(t *testing.T) seen {
	t.Helper()
	r := s.requests()
	if len(r) == 0 {
		t.Fatal("server saw no request")
	}
	return r[len(r)-1]
}

// verify recomputes the signature from the wire.
func verify(r *http.Request, body []byte, sn *seen) (bool, string) {
	auth := r.Header.Get("Authorization")
	if auth == "SKIP" {
		return true, ""
	}
	if strings.HasPrefix(auth, TC3HMACSHA256) {
		ts := r.Header.Get("X-TC-Timestamp")
		var t int64
		fmt.Sscan(ts, &t)
		// service from the credential scope
		scope := auth[strings.Index(auth, "Credential=")+len("Credential="):]
		parts := strings.Split(strings.SplitN(scope, ",", 2)[0], "/")
		if len(parts) != 4 || parts[0] != testID {
			return false, "bad credential " + scope
		}
		in := TC3Input{Method: r.Method, Query: r.URL.RawQuery, Payload: body, Service: parts[2], Timestamp: t,
			Headers: []Header{{"content-type", r.Header.Get("Content-Type")}, {"host", r.Host}}}
		if r.Header.Get("X-TC-Content-SHA256") == UnsignedPayload {
			in.PayloadHash = PayloadHashOf([]byte(UnsignedPayload))
		}
		want := SignTC3(testID, testKey, in)
		if want.Authorization != auth {
			return false, "want " + want.Authorization + " got " + auth
		}
		return true, ""
	}
	var form url.Values
	if r.Method == "GET" {
		form, _ = url.ParseQuery(r.URL.RawQuery)
	} else {
		form, _ = url.ParseQuery(string(body))
	}
	sn.Form = form
	if form.Get("Signature") == "" {
		return false, "no signature"
	}
	params := map[string]string{}
	for k, v := range form {
		if k != "Signature" {
			params[k] = v[0]
		}
	}
	want := SignV1(testKey, V1Input{Method: r.Method, Host: r.Host, Params: params, SignatureMethod: form.Get("SignatureMethod")})
	if want.Signature != form.Get("Signature") {
		return false, "v1 signature mismatch; string to sign " + want.StringToSign
	}
	return true, ""
}

func staticCreds(token string) CredentialProvider {
	return StaticProvider{Credential: Credential{SecretID: testID, SecretKey: testKey, Token: token, Source: "test"}}
}

func newTestClient(t *testing.T, endpoint string, mod func(*ClientProfile)) *Client {
	t.Helper()
	p := ClientProfile{HTTP: HTTPProfile{Endpoint: endpoint, Timeout: 10 * time.Second}}
	p.Getenv = func(string) string { return "" }
	if mod != nil {
		mod(&p)
	}
	c, err := NewClient(staticCreds(""), "ap-guangzhou", p)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

func call(t *testing.T, c *Client, r *Request) (*Response, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return c.Call(ctx, r)
}

func cvmReq(params any) *Request {
	return &Request{Service: "cvm", Version: "2017-03-12", Action: "DescribeInstances", Params: params}
}

func mustJSON(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("not JSON: %v: %s", err, b)
	}
	return m
}
