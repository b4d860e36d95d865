package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// Request is one API call: any product, version and action.
type Request struct {
	Service, Version, Action string
	Region                   string // overrides the client's region when set
	// Params is JSON text ([]byte, string, json.RawMessage), a
	// map[string]any or a struct marshalled with encoding/json.
	Params  any
	Headers map[string]string // extra headers (X-TC-TraceId, X-TC-Canary …)
	// SkipSign sends Authorization: SKIP and needs no credential
	// (AssumeRoleWithWebIdentity).
	SkipSign bool
}

// Response is a successful call.
type Response struct {
	Body      []byte // the raw body as received (decompressed)
	RequestID string
	Status    int
	Header    http.Header
	Host      string        // host that served the request (the backup when the breaker is open)
	Latency   time.Duration // of the last attempt
	Attempts  int
	Signature *SignatureTrace // intermediates of the last attempt, no secret
}

// Result returns the content of the "Response" object, or the whole body when
// it has none (event streams).
func (r *Response) Result() json.RawMessage {
	var env struct{ Response json.RawMessage }
	if json.Unmarshal(r.Body, &env) == nil && len(env.Response) > 0 {
		return env.Response
	}
	return r.Body
}

// SignatureTrace is what was signed on the last attempt. It never holds the
// secret key; the secret id appears only masked.
type SignatureTrace struct {
	Method     string // TC3-HMAC-SHA256, HmacSHA256 or HmacSHA1
	HTTPMethod string
	URL        string
	Timestamp  int64
	MaskedID   string
	TC3        *TC3Signature // for TC3
	V1         *V1Signature  // for v1
}

// Client sends API 3.0 requests. It is safe for concurrent use; build one per
// profile and reuse it so connections are kept alive.
type Client struct {
	creds   CredentialProvider
	region  string
	p       ClientProfile
	http    *http.Client
	signer  *Signer
	breaker *Breaker
	now     func() time.Time
	sleep   func(context.Context, time.Duration) error
	log     *Logger
}

// NewClient validates the profile and builds a client. creds may be nil when
// every request uses SkipSign.
func NewClient(creds CredentialProvider, region string, p ClientProfile) (*Client, error) {
	if err := p.Validate(); err != nil {
		return nil, clientErr(CodeInvalidParam, "client profile: "+err.Error(), nil)
	}
	getenv := p.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	tr, err := newTransport(p.HTTP, getenv)
	if err != nil {
		return nil, clientErr(CodeInvalidParam, "client profile: "+err.Error(), nil)
	}
	c := &Client{creds: creds, region: region, p: p, signer: NewSigner(), log: p.Logger}
	c.now = p.Clock
	if c.now == nil {
		c.now = time.Now
	}
	c.sleep = p.Sleep
	if c.sleep == nil {
		c.sleep = sleepCtx
	}
	timeout := p.HTTP.Timeout
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	c.http = &http.Client{Transport: tr, Timeout: timeout,
		// API 3.0 never redirects; following one would re-send a signature to another host.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if p.Breaker != nil {
		c.breaker = newBreaker(*p.Breaker, c.now)
	}
	return c, nil
}

// Breaker returns the region breaker, or nil when it is off.
func (c *Client) Breaker() *Breaker { return c.breaker }

// Close releases idle connections.
func (c *Client) Close() { c.http.CloseIdleConnections() }

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// protectedHeader reports whether a (lower-case) header is set by the client,
// where a caller value would break the signature or contradict a Request
// field, and what to use instead.
func protectedHeader(lk string) (use string, ok bool) {
	switch lk {
	case "host", "content-type", "content-length", "authorization", "x-tc-timestamp":
		return "", true
	case "x-tc-action":
		return "Request.Action", true
	case "x-tc-version":
		return "Request.Version", true
	case "x-tc-region":
		return "Request.Region", true
	case "x-tc-token":
		return "the credential's token", true
	case "x-tc-content-sha256":
		return "the unsigned-payload option", true
	case "x-tc-requestclient":
		return "ClientProfile.RequestClient", true
	case "x-tc-language":
		return "ClientProfile.Language", true
	}
	return "", false
}

// prepared is the part of a request that does not change between attempts.
type prepared struct {
	r      *Request
	region string
	method string // GET or POST
	sign   string // signature method
	body   []byte // JSON body (TC3 POST)
	query  string // encoded flattened params (TC3 GET)
	flat   map[string]string
	trace  string
}

// Call sends r and returns the response, or an *Error. Retries and the
// region breaker apply as configured in the profile.
func (c *Client) Call(ctx context.Context, r *Request) (*Response, error) {
	pr, err := c.prepare(r)
	if err != nil {
		return nil, err
	}
	max := c.p.Retry.attempts()
	var lastErr error
	for attempt := 1; ; attempt++ {
		resp, err := c.attempt(ctx, pr)
		if err == nil {
			resp.Attempts = attempt
			return resp, nil
		}
		lastErr = err
		if attempt >= max || ctx.Err() != nil || !retryable(err) {
			break
		}
		d := c.p.Retry.delay(attempt, rand.Float64())
		c.log.logf(LevelWarn, 1, "retry %d/%d in %s after %v", attempt, max-1, d, err)
		if err := c.sleep(ctx, d); err != nil {
			break
		}
	}
	return nil, lastErr
}

func (c *Client) prepare(r *Request) (*prepared, error) {
	if r == nil || r.Service == "" || r.Version == "" || r.Action == "" {
		return nil, clientErr(CodeInvalidParam, "request needs a service, a version and an action", nil)
	}
	if strings.ContainsAny(r.Service, "./:") {
		return nil, clientErr(CodeInvalidParam, fmt.Sprintf("service %q must be a product name such as cvm, not a host: set the endpoint in the profile", r.Service), nil)
	}
	pr := &prepared{r: r, region: r.Region, method: "POST", sign: c.p.SignMethod}
	if pr.region == "" {
		pr.region = c.region
	}
	if m := strings.ToUpper(c.p.HTTP.Method); m == "GET" {
		pr.method = "GET"
	}
	if pr.sign == "" {
		pr.sign = TC3HMACSHA256
	}
	for k, v := range r.Headers {
		lk := strings.ToLower(k)
		if use, ok := protectedHeader(lk); ok {
			msg := fmt.Sprintf("header %s is set by the client and cannot be overridden", k)
			if use != "" {
				msg += "; use " + use
			}
			return nil, clientErr(CodeInvalidParam, msg, nil)
		}
		if lk == "x-tc-traceid" {
			pr.trace = v
		}
	}
	if pr.trace == "" {
		pr.trace = newUUID()
	}
	params := r.Params
	if c.p.Retry.attempts() > 1 {
		p, err := withClientToken(params, c.p.Retry.ClientToken)
		if err != nil {
			return nil, clientErr(CodeInvalidParam, err.Error(), nil)
		}
		params = p
	}
	if pr.method == "POST" && pr.sign == TC3HMACSHA256 {
		b, err := paramsJSON(params)
		if err != nil {
			return nil, clientErr(CodeInvalidParam, err.Error(), nil)
		}
		pr.body = b
		return pr, nil
	}
	m, err := ParamsMap(params)
	if err != nil {
		return nil, clientErr(CodeInvalidParam, err.Error(), nil)
	}
	pr.flat = Flatten(m)
	if pr.sign == TC3HMACSHA256 {
		pr.query = EncodeQuery(pr.flat)
	}
	return pr, nil
}

// endpointFor returns scheme://host for the service, before the breaker.
func (c *Client) endpointFor(service string) (scheme, host string) {
	scheme = strings.ToLower(c.p.HTTP.Scheme)
	if scheme == "" {
		scheme = "https"
	}
	if ep := c.p.HTTP.Endpoint; ep != "" {
		u, err := parseEndpoint(ep, scheme)
		if err == nil { // validated in NewClient
			return u.Scheme, u.Host
		}
	}
	root := c.p.HTTP.RootDomain
	if root == "" {
		root = DefaultRootDomain
	}
	return scheme, service + "." + root
}

func (c *Client) attempt(ctx context.Context, pr *prepared) (*Response, error) {
	scheme, host := c.endpointFor(pr.r.Service)
	var gen uint64
	useBreaker := c.breaker != nil
	if useBreaker {
		scheme, host, gen = c.breaker.before(pr.r.Service, scheme, host)
	}
	resp, err := c.send(ctx, pr, scheme, host)
	if useBreaker && ctx.Err() == nil { // the caller's own cancel says nothing about the host
		c.breaker.after(gen, host, breakerSuccess(err))
	}
	return resp, err
}

// breakerSuccess classifies like the Go SDK: an answer with a RequestId that
// is not InternalError is a success; transport, status, parse errors and
// InternalError are failures.
func breakerSuccess(err error) bool {
	if err == nil {
		return true
	}
	e, ok := AsError(err)
	return ok && e.RequestID != "" && e.Code != "InternalError"
}

func (c *Client) send(ctx context.Context, pr *prepared, scheme, host string) (*Response, error) {
	var cred Credential
	if !pr.r.SkipSign {
		if c.creds == nil {
			return nil, clientErr(CodeCredential, "no credential provider configured", nil)
		}
		var err error
		cred, err = c.creds.Retrieve(ctx)
		if err != nil {
			return nil, &Error{Code: CodeCredential, Message: "cannot get credentials", Err: err}
		}
		if err := cred.Validate(); err != nil {
			return nil, &Error{Code: CodeCredential, Message: "credential is not usable", Err: err}
		}
	}
	now := c.now()
	ts := now.Unix()
	endpoint := scheme + "://" + host + "/"
	hreq, trace, err := c.build(ctx, pr, cred, endpoint, host, ts, 0)
	if err != nil {
		return nil, err
	}
	c.log.dumpRequest(hreq, trace)
	resp, err := c.exchange(ctx, hreq, endpoint, host, ts, trace)
	if e, ok := err.(*Error); ok {
		e.Signature = trace
	}
	return resp, err
}

// exchange sends a signed request and decodes the answer.
func (c *Client) exchange(ctx context.Context, hreq *http.Request, endpoint, host string, ts int64, trace *SignatureTrace) (*Response, error) {
	start := time.Now()
	hresp, err := c.http.Do(hreq)
	if err != nil {
		return nil, transportError(ctx, err, endpoint, c.http.Timeout)
	}
	defer hresp.Body.Close()
	body, rerr := readBody(hresp)
	latency := time.Since(start)
	c.log.dumpResponse(hresp, body)
	if rerr != nil {
		if ctx.Err() != nil {
			return nil, transportError(ctx, rerr, endpoint, c.http.Timeout)
		}
		return nil, &Error{Code: CodeIO, Message: "cannot read the response body", Status: hresp.StatusCode, Endpoint: endpoint, Err: rerr, Snippet: snippet(body, 120)}
	}
	resp := &Response{Body: body, Status: hresp.StatusCode, Header: hresp.Header, Host: host, Latency: latency, Signature: trace}
	if err := parseEnvelope(resp, endpoint); err != nil {
		if err.Code == CodeSignatureExpire {
			err.ClockSkew = clockSkew(hresp.Header.Get("Date"), ts)
		}
		return nil, err
	}
	return resp, nil
}

// clockSkew is server time minus the local time the request was signed at.
// The Date header has one-second resolution, so the skew is rounded to seconds.
func clockSkew(date string, signedAt int64) time.Duration {
	t, err := http.ParseTime(date)
	if err != nil {
		return 0
	}
	return time.Duration(t.Unix()-signedAt) * time.Second
}

// build serialises, signs and returns the HTTP request.
func (c *Client) build(ctx context.Context, pr *prepared, cred Credential, endpoint, host string, ts int64, nonce uint64) (*http.Request, *SignatureTrace, error) {
	trace := &SignatureTrace{Method: pr.sign, HTTPMethod: pr.method, Timestamp: ts, MaskedID: MaskID(cred.SecretID)}
	rc := "TCX_" + Version
	if c.p.RequestClient != "" {
		rc += "; " + c.p.RequestClient
	}
	h := make(http.Header, 12)
	for k, v := range pr.r.Headers {
		h.Set(k, v)
	}
	h.Set("X-TC-TraceId", pr.trace)
	var body []byte
	target := endpoint
	if pr.sign == TC3HMACSHA256 {
		ctype := "application/json"
		if pr.method == "GET" {
			ctype = "application/x-www-form-urlencoded"
			if pr.query != "" {
				target += "?" + pr.query
			}
		} else {
			body = pr.body
		}
		h.Set("Content-Type", ctype)
		h.Set("X-TC-Action", pr.r.Action)
		h.Set("X-TC-Version", pr.r.Version)
		h.Set("X-TC-Timestamp", strconv.FormatInt(ts, 10))
		h.Set("X-TC-RequestClient", rc)
		if pr.region != "" {
			h.Set("X-TC-Region", pr.region)
		}
		if c.p.Language != "" {
			h.Set("X-TC-Language", c.p.Language)
		}
		if cred.Token != "" && !pr.r.SkipSign {
			h.Set("X-TC-Token", cred.Token)
		}
		in := TC3Input{Method: pr.method, Query: pr.query, Payload: body, Service: pr.r.Service, Timestamp: ts,
			Headers: []Header{{"content-type", ctype}, {"host", host}}}
		if pr.method == "POST" && c.p.UnsignedPayload {
			h.Set("X-TC-Content-SHA256", UnsignedPayload)
			in.PayloadHash = unsignedPayloadHash
		}
		if pr.r.SkipSign {
			h.Set("Authorization", "SKIP")
		} else {
			sig := c.signer.SignTC3(cred.SecretID, cred.SecretKey, in)
			h.Set("Authorization", sig.Authorization)
			trace.TC3 = &sig
		}
	} else {
		params := make(map[string]string, len(pr.flat)+10)
		for k, v := range pr.flat {
			params[k] = v
		}
		params["Action"] = pr.r.Action
		params["Version"] = pr.r.Version
		params["Timestamp"] = strconv.FormatInt(ts, 10)
		if nonce == 0 {
			nonce = rand.Uint64()>>1 | 1 // in [1, 2^63), like the Python SDK
		}
		params["Nonce"] = strconv.FormatUint(nonce, 10)
		params["SecretId"] = cred.SecretID
		params["SignatureMethod"] = pr.sign
		params["RequestClient"] = rc
		if pr.region != "" {
			params["Region"] = pr.region
		}
		if cred.Token != "" {
			params["Token"] = cred.Token
		}
		if c.p.Language != "" {
			params["Language"] = c.p.Language
		}
		sig := SignV1(cred.SecretKey, V1Input{Method: pr.method, Host: host, Path: "/", Params: params, SignatureMethod: pr.sign})
		trace.V1 = &sig
		h.Set("Content-Type", "application/x-www-form-urlencoded")
		if pr.method == "GET" {
			target += "?" + sig.Encoded
		} else {
			body = []byte(sig.Encoded)
		}
	}
	trace.URL = endpoint
	var rd *bytes.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	var hreq *http.Request
	var err error
	if rd != nil {
		hreq, err = http.NewRequestWithContext(ctx, pr.method, target, rd)
	} else {
		hreq, err = http.NewRequestWithContext(ctx, pr.method, target, nil)
	}
	if err != nil {
		return nil, nil, clientErr(CodeInvalidParam, "cannot build the HTTP request", err)
	}
	hreq.Header = h
	hreq.Host = host
	return hreq, trace, nil
}

// unsignedPayloadHash is SHA-256("UNSIGNED-PAYLOAD") (spec vector D).
const unsignedPayloadHash = "438d4109ef0d676b8c2c7ed13cdfcb418e494d53b843d4634ce3b1085f07bb96"

func transportError(ctx context.Context, err error, endpoint string, timeout time.Duration) *Error {
	e := &Error{Code: CodeNetwork, Endpoint: endpoint, Err: err}
	switch {
	case errors.Is(ctx.Err(), context.Canceled):
		e.Message = "request canceled"
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		e.Message = "request deadline exceeded"
	case isTimeout(err):
		e.Message = fmt.Sprintf("no complete response within the %s timeout", timeout)
	default:
		e.Message = "cannot reach " + endpoint
	}
	return e
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

// SignOptions fixes the inputs that normally vary, so a signature can be
// reproduced: the timestamp (zero: now) and the v1 nonce (zero: random).
type SignOptions struct {
	Timestamp int64
	Nonce     uint64
}

// SignedRequest is a request exactly as Call would send it, without sending it.
type SignedRequest struct {
	Method string
	URL    string
	Header http.Header // includes Authorization and, with temporary credentials, X-TC-Token
	Body   []byte
	Trace  *SignatureTrace

	secretID, token string
}

// Masked returns a copy safe to print: the secret id is masked and the
// session token replaced wherever they occur (Authorization, v1 parameters,
// X-TC-Token). The signature stays, since comparing it is the point.
func (sr *SignedRequest) Masked() *SignedRequest {
	repl := func(s string) string {
		if sr.token != "" {
			s = strings.ReplaceAll(s, sr.token, "<token>")
			s = strings.ReplaceAll(s, url.QueryEscape(sr.token), "<token>")
		}
		if sr.secretID != "" {
			s = strings.ReplaceAll(s, sr.secretID, MaskID(sr.secretID))
			s = strings.ReplaceAll(s, url.QueryEscape(sr.secretID), url.QueryEscape(MaskID(sr.secretID)))
		}
		return s
	}
	out := &SignedRequest{Method: sr.Method, URL: repl(sr.URL), Header: http.Header{}, Body: []byte(repl(string(sr.Body)))}
	for k, vs := range sr.Header {
		for _, v := range vs {
			out.Header.Add(k, repl(v))
		}
	}
	t := *sr.Trace
	if t.TC3 != nil {
		s := *t.TC3
		s.Authorization = repl(s.Authorization)
		t.TC3 = &s
	}
	if t.V1 != nil {
		s := *t.V1
		s.StringToSign, s.Encoded = repl(s.StringToSign), repl(s.Encoded)
		t.V1 = &s
	}
	out.Trace = &t
	return out
}

// Sign builds and signs r as Call would (first attempt, primary host) and
// returns it without sending: the signature debugger behind `tcx sign`.
func (c *Client) Sign(ctx context.Context, r *Request, o SignOptions) (*SignedRequest, error) {
	pr, err := c.prepare(r)
	if err != nil {
		return nil, err
	}
	var cred Credential
	if !r.SkipSign {
		if c.creds == nil {
			return nil, clientErr(CodeCredential, "no credential provider configured", nil)
		}
		if cred, err = c.creds.Retrieve(ctx); err != nil {
			return nil, &Error{Code: CodeCredential, Message: "cannot get credentials", Err: err}
		}
		if err := cred.Validate(); err != nil {
			return nil, &Error{Code: CodeCredential, Message: "credential is not usable", Err: err}
		}
	}
	ts := o.Timestamp
	if ts == 0 {
		ts = c.now().Unix()
	}
	scheme, host := c.endpointFor(r.Service)
	hreq, trace, err := c.build(ctx, pr, cred, scheme+"://"+host+"/", host, ts, o.Nonce)
	if err != nil {
		return nil, err
	}
	out := &SignedRequest{Method: hreq.Method, URL: hreq.URL.String(), Header: hreq.Header, Trace: trace, secretID: cred.SecretID, token: cred.Token}
	out.Header.Set("Host", host)
	if pr.method == "POST" {
		if trace.V1 != nil {
			out.Body = []byte(trace.V1.Encoded)
		} else {
			out.Body = pr.body
		}
	}
	return out, nil
}
