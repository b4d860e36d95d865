package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tcx-dev/tcx/api"
	"github.com/tcx-dev/tcx/schema"
)

// fakeClock is a settable clock for expiry tests.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// embedded is the embedded schema, failing the test when it cannot load.
func embedded(t testing.TB) *schema.Registry {
	t.Helper()
	reg, err := schema.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

// start runs a sandbox with the embedded schema on a free loopback port.
func start(t testing.TB, o Options) (*Server, string) {
	t.Helper()
	if o.Registry == nil {
		o.Registry = embedded(t)
	}
	s := New(o)
	u, err := s.Start(context.Background(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s, u
}

// tc3 describes one hand-built TC3 request; zero fields get defaults.
type tc3 struct {
	method, host, ct        string
	service, action, region string
	version, token          string
	body, query             string
	ts                      int64
	key                     Key
	signedExtra             []string // extra headers to sign (names)
	unsigned                bool
	mutate                  func(*http.Request) // after signing
}

func (c tc3) request(t testing.TB, base string) *http.Request {
	t.Helper()
	if c.method == "" {
		c.method = http.MethodPost
	}
	if c.service == "" {
		c.service = "cvm"
	}
	if c.action == "" {
		c.action = "DescribeInstances"
	}
	if c.version == "" {
		c.version = "2017-03-12"
	}
	if c.region == "" {
		c.region = "ap-guangzhou"
	}
	if c.key == (Key{}) {
		c.key = DefaultKey()
	}
	if c.ts == 0 {
		c.ts = time.Now().Unix()
	}
	if c.ct == "" {
		c.ct = "application/json"
		if c.method == http.MethodGet {
			c.ct = "application/x-www-form-urlencoded"
		}
	}
	if c.method == http.MethodPost && c.body == "" {
		c.body = "{}"
	}
	u := base + "/"
	if c.query != "" {
		u += "?" + c.query
	}
	req, err := http.NewRequest(c.method, u, strings.NewReader(c.body))
	if err != nil {
		t.Fatal(err)
	}
	if c.host != "" {
		req.Host = c.host
	}
	host := req.Host
	if host == "" {
		host = req.URL.Host
	}
	req.Header.Set("Content-Type", c.ct)
	req.Header.Set("X-TC-Action", c.action)
	req.Header.Set("X-TC-Version", c.version)
	req.Header.Set("X-TC-Region", c.region)
	req.Header.Set("X-TC-Timestamp", strconv.FormatInt(c.ts, 10))
	if c.token != "" {
		req.Header.Set("X-TC-Token", c.token)
	}
	hdrs := []api.Header{{Name: "content-type", Value: c.ct}, {Name: "host", Value: host}}
	for _, n := range c.signedExtra {
		hdrs = append(hdrs, api.Header{Name: n, Value: req.Header.Get(n)})
	}
	in := api.TC3Input{Method: c.method, Query: c.query, Headers: hdrs, Service: c.service, Timestamp: c.ts}
	if c.method == http.MethodPost {
		in.Payload = []byte(c.body)
	}
	if c.unsigned {
		req.Header.Set("X-TC-Content-SHA256", api.UnsignedPayload)
		in.PayloadHash = api.PayloadHashOf([]byte(api.UnsignedPayload))
	}
	sig := api.SignTC3(c.key.SecretID, c.key.SecretKey, in)
	req.Header.Set("Authorization", sig.Authorization)
	if c.mutate != nil {
		c.mutate(req)
	}
	return req
}

// answer is a decoded envelope.
type answer struct {
	Status int
	Body   []byte
	Resp   map[string]any
}

func (a answer) code() string {
	e, _ := a.Resp["Error"].(map[string]any)
	c, _ := e["Code"].(string)
	return c
}

func (a answer) message() string {
	e, _ := a.Resp["Error"].(map[string]any)
	c, _ := e["Message"].(string)
	return c
}

func send(t testing.TB, req *http.Request) answer {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	a := answer{Status: res.StatusCode, Body: b}
	var env struct{ Response map[string]any }
	if err := json.Unmarshal(b, &env); err == nil {
		a.Resp = env.Response
	}
	return a
}

func (c tc3) do(t testing.TB, base string) answer {
	t.Helper()
	return send(t, c.request(t, base))
}

// v1 sends a v1-signed request built with api.SignV1.
func v1(t testing.TB, base, method, sigMethod string, key Key, params map[string]string) answer {
	t.Helper()
	u, _ := url.Parse(base)
	all := map[string]string{
		"Nonce": "11886", "Timestamp": strconv.FormatInt(time.Now().Unix(), 10),
		"SecretId": key.SecretID, "SignatureMethod": sigMethod,
	}
	for k, v := range params {
		all[k] = v
	}
	sig := api.SignV1(key.SecretKey, api.V1Input{Method: method, Host: u.Host, Path: "/", Params: all, SignatureMethod: sigMethod})
	var req *http.Request
	if method == http.MethodGet {
		req, _ = http.NewRequest(method, base+"/?"+sig.Encoded, nil)
	} else {
		req, _ = http.NewRequest(method, base+"/", strings.NewReader(sig.Encoded))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return send(t, req)
}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func ioNopCloser(s string) io.ReadCloser { return io.NopCloser(strings.NewReader(s)) }

func ioNopCloserBytes(b []byte) io.ReadCloser { return io.NopCloser(bytes.NewReader(b)) }

// sendTolerant is send for requests whose body the server may refuse to
// read to the end: the answer must still arrive.
func sendTolerant(t testing.TB, req *http.Request) answer {
	t.Helper()
	return send(t, req)
}
