package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/tcx-dev/tcx/api"
	"github.com/tcx-dev/tcx/schema"
)

// reqFlags are the request flags shared by call, sign and replay.
//
// Parameter values given with --param are typed like this: when the schema
// knows the member, its type decides (a string member keeps "123" a string);
// otherwise a value that is valid JSON (number, true/false, null, an object
// or a list) is sent as that JSON and anything else as a string. Quote a
// value to force a string: --param 'Name="123"'. Dotted keys build nested
// values: --param Filters.0.Name=zone --param Filters.0.Values.0=ap-guangzhou-1.
// --param is applied on top of --json.
type reqFlags struct {
	version, region  string
	params           []string
	jsonArg          string
	endpoint, method string
	signMethod       string
	language         string
	headers          []string
	unsignedPayload  bool
	timeout          float64
	profile          string
	retries          int
	proxy, caBundle  string
	insecure, debug  bool
}

func (f *reqFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.version, "version", "", "API `version` (default: the product's default version in the schema)")
	fs.StringVar(&f.region, "region", "", "`region`, e.g. ap-guangzhou (default: TENCENTCLOUD_REGION, then the profile's)")
	fs.StringArrayVarP(&f.params, "param", "p", nil, "parameter `Key=Value`; dotted keys nest (Filters.0.Name=zone); repeatable")
	fs.StringVar(&f.jsonArg, "json", "", "parameters as a `JSON` object, @file, or - for stdin")
	fs.StringVar(&f.endpoint, "endpoint", "", "endpoint host or URL, e.g. http://127.0.0.1:9000 (default <product>.tencentcloudapi.com)")
	fs.StringVar(&f.method, "method", "POST", "HTTP `method`: POST or GET")
	fs.StringVar(&f.signMethod, "sign-method", api.TC3HMACSHA256, "signature `method`: TC3-HMAC-SHA256, HmacSHA256 or HmacSHA1")
	fs.StringVar(&f.language, "language", "", "error message `language`: zh-CN or en-US")
	fs.StringArrayVarP(&f.headers, "header", "H", nil, "extra header `K:V` (X-TC-TraceId, X-TC-Canary …); repeatable")
	fs.BoolVar(&f.unsignedPayload, "unsigned-payload", false, "sign UNSIGNED-PAYLOAD instead of the body hash (TC3 POST)")
	fs.Float64Var(&f.timeout, "timeout", 60, "request timeout in `seconds`")
	fs.StringVar(&f.profile, "profile", "", "credential `profile` name")
	fs.IntVar(&f.retries, "retries", 0, "retry network failures and rate limits up to `N` times")
	fs.StringVar(&f.proxy, "proxy", "", "proxy `URL` (default: https_proxy / http_proxy from the environment)")
	fs.StringVar(&f.caBundle, "ca-bundle", "", "PEM `file` of certificate authorities to trust")
	fs.BoolVar(&f.insecure, "insecure", false, "do not verify TLS certificates (test gateways only)")
	fs.BoolVar(&f.debug, "debug", false, "log redacted request and response dumps to stderr")
}

// clientProfile builds the api profile the flags describe.
func (f *reqFlags) clientProfile(e *env) (api.ClientProfile, error) {
	var p api.ClientProfile
	if f.timeout <= 0 {
		return p, usageErr("--timeout must be a positive number of seconds, got %v", f.timeout)
	}
	if f.retries < 0 || f.retries > 10 {
		return p, usageErr("--retries must be between 0 and 10, got %d", f.retries)
	}
	p.HTTP = api.HTTPProfile{
		Endpoint: f.endpoint, Method: strings.ToUpper(f.method), Timeout: time.Duration(f.timeout * float64(time.Second)),
		Proxy: f.proxy, CABundle: f.caBundle, InsecureSkipVerify: f.insecure,
	}
	p.SignMethod = f.signMethod
	p.Language = f.language
	p.UnsignedPayload = f.unsignedPayload
	p.Getenv = e.getenv
	if f.retries > 0 {
		p.Retry = api.RetryPolicy{MaxAttempts: f.retries + 1}
	}
	if f.debug {
		p.Logger = api.NewStreamLogger(e.stderr, api.LevelDebug)
	}
	if err := p.Validate(); err != nil {
		return p, usageErr("%v", err)
	}
	if f.unsignedPayload && (p.HTTP.Method == "GET" || (f.signMethod != "" && f.signMethod != api.TC3HMACSHA256)) {
		return p, usageErr("--unsigned-payload applies to TC3-HMAC-SHA256 POST requests only")
	}
	return p, nil
}

// request resolves product, version and action against the schema and
// builds the request with parameters and headers from the flags.
func (f *reqFlags) request(e *env, product, action string) (*api.Request, *schema.Action, error) {
	r := &api.Request{Service: strings.ToLower(product), Version: f.version, Action: action, Region: f.region}
	if r.Region == "" {
		r.Region = e.getenv("TENCENTCLOUD_REGION")
	}
	var act *schema.Action
	if reg, err := e.registry(); err == nil {
		if p := reg.Product(product); p != nil {
			r.Service = p.Name
			if r.Version == "" {
				r.Version = p.DefaultVersion
			}
			if a, err := reg.Action(p.Name, r.Version, action); err == nil {
				act = a
				r.Action = a.Name // the canonical spelling, whatever case was typed
			}
		}
	}
	if r.Version == "" {
		return nil, nil, usageErr("product %q is not in the schema: pass --version (e.g. --version 2017-03-12)", product)
	}
	var in *schema.Object
	if act != nil {
		in = act.Input
	}
	if f.jsonArg != "" && len(f.params) == 0 {
		// JSON alone is sent byte for byte, so the body hash matches the
		// caller's own code (what `tcx sign` is for).
		raw, err := f.readJSON(e)
		if err != nil {
			return nil, nil, err
		}
		r.Params = json.RawMessage(bytes.TrimSpace(raw))
	} else {
		params, err := f.buildParams(e, in)
		if err != nil {
			return nil, nil, err
		}
		r.Params = params
	}
	if len(f.headers) > 0 {
		r.Headers = map[string]string{}
		for _, h := range f.headers {
			k, v, ok := strings.Cut(h, ":")
			if !ok || strings.TrimSpace(k) == "" {
				return nil, nil, usageErr("--header %q: write it as Name:Value", h)
			}
			r.Headers[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	return r, act, nil
}

// buildParams reads --json, then applies every --param on top.
func (f *reqFlags) buildParams(e *env, in *schema.Object) (map[string]any, error) {
	params := map[string]any{}
	if f.jsonArg != "" {
		src, err := f.readJSON(e)
		if err != nil {
			return nil, err
		}
		d := json.NewDecoder(bytes.NewReader(src))
		d.UseNumber()
		if err := d.Decode(&params); err != nil {
			return nil, usageErr("--json: not a JSON object: %v", err)
		}
		if params == nil {
			params = map[string]any{}
		}
	}
	for _, kv := range f.params {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return nil, usageErr("--param %q: write it as Key=Value", kv)
		}
		if err := setPath(params, strings.Split(k, "."), paramValue(v, memberType(in, k))); err != nil {
			return nil, usageErr("--param %s: %v", k, err)
		}
	}
	return params, nil
}

// readJSON returns the text of --json (inline, @file or - for stdin),
// checked to be one JSON object.
func (f *reqFlags) readJSON(e *env) ([]byte, error) {
	var src []byte
	switch {
	case f.jsonArg == "-":
		b, err := io.ReadAll(e.stdin)
		if err != nil {
			return nil, usageErr("--json -: cannot read stdin: %v", err)
		}
		src = b
	case strings.HasPrefix(f.jsonArg, "@"):
		b, err := os.ReadFile(f.jsonArg[1:])
		if err != nil {
			return nil, usageErr("--json %s: %v", f.jsonArg, err)
		}
		src = b
	default:
		src = []byte(f.jsonArg)
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(src, &obj); err != nil {
		return nil, usageErr("--json: not a JSON object: %v", err)
	}
	return src, nil
}

// memberType is the schema type of a dotted parameter path ("" when unknown).
func memberType(o *schema.Object, path string) string {
	typ := ""
	for _, seg := range strings.Split(path, ".") {
		if isIndex(seg) {
			continue // a list index
		}
		if o == nil {
			return ""
		}
		var m *schema.Member
		for _, mm := range o.Members {
			if mm.Name == seg {
				m = mm
				break
			}
		}
		if m == nil {
			return ""
		}
		typ, o = m.Type, m.Object
	}
	return typ
}

// paramValue types a --param value: see reqFlags.
func paramValue(v, typ string) any {
	if typ == "string" || typ == "timestamp" || typ == "binary" {
		if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
			var s string
			if json.Unmarshal([]byte(v), &s) == nil {
				return s
			}
		}
		return v
	}
	d := json.NewDecoder(strings.NewReader(v))
	d.UseNumber()
	var x any
	if err := d.Decode(&x); err == nil && !d.More() {
		if _, extra := d.Token(); extra == io.EOF {
			return x
		}
	}
	return v
}

// setPath sets a dotted path in nested maps and lists; numeric segments are
// list indexes and must extend a list by at most one element.
func setPath(m map[string]any, path []string, v any) error {
	var cur any = m
	for i, seg := range path {
		last := i == len(path)-1
		var next any
		if !last {
			if isIndex(path[i+1]) {
				next = []any{}
			} else {
				next = map[string]any{}
			}
		}
		switch c := cur.(type) {
		case map[string]any:
			if seg == "" {
				return fmt.Errorf("empty key segment")
			}
			if last {
				c[seg] = v
				return nil
			}
			if existing, ok := c[seg]; ok && sameKind(existing, next) {
				next = existing
			}
			c[seg] = next
			if l, ok := next.([]any); ok {
				// lists are values: write back after growing
				nl, err := setInList(l, path[i+1:], v)
				if err != nil {
					return err
				}
				c[seg] = nl
				return nil
			}
			cur = next
		default:
			return fmt.Errorf("%s is not an object", strings.Join(path[:i], "."))
		}
	}
	return nil
}

func setInList(l []any, path []string, v any) ([]any, error) {
	idx, _ := strconv.Atoi(path[0])
	if idx < 0 || idx > len(l) {
		return nil, fmt.Errorf("list index %d skips ahead: the list has %d elements, use index %d next", idx, len(l), len(l))
	}
	if len(path) == 1 {
		if idx == len(l) {
			return append(l, v), nil
		}
		l[idx] = v
		return l, nil
	}
	var elem any
	if idx < len(l) {
		elem = l[idx]
	}
	if isIndex(path[1]) {
		sub, _ := elem.([]any)
		nl, err := setInList(sub, path[1:], v)
		if err != nil {
			return nil, err
		}
		elem = nl
	} else {
		sub, ok := elem.(map[string]any)
		if !ok {
			sub = map[string]any{}
		}
		if err := setPath(sub, path[1:], v); err != nil {
			return nil, err
		}
		elem = sub
	}
	if idx == len(l) {
		return append(l, elem), nil
	}
	l[idx] = elem
	return l, nil
}

// isIndex reports whether a dotted-path segment is a list index: a
// non-negative decimal without sign or leading zeros ("0", "12"). Anything
// else ("00", "-1", "+1", "x") is an object key.
func isIndex(seg string) bool {
	if seg == "" || len(seg) > 6 || (len(seg) > 1 && seg[0] == '0') {
		return false
	}
	for i := 0; i < len(seg); i++ {
		if seg[i] < '0' || seg[i] > '9' {
			return false
		}
	}
	return true
}

func sameKind(a, b any) bool {
	switch a.(type) {
	case map[string]any:
		_, ok := b.(map[string]any)
		return ok
	case []any:
		_, ok := b.([]any)
		return ok
	}
	return false
}

// provider returns the credential provider and the region to use when the
// flags and environment name none (the credential source's suggestion).
func (f *reqFlags) provider(ctx context.Context, e *env, r *api.Request) (api.CredentialProvider, error) {
	prov, err := e.credentialProvider(ctx, f.profile)
	if err != nil {
		return nil, &ExitError{Code: ExitUsage, Err: err}
	}
	if r.Region != "" {
		return prov, nil
	}
	cred, err := prov.Retrieve(ctx)
	if err != nil {
		return nil, &ExitError{Code: ExitUsage, Err: fmt.Errorf("credentials: %w", err)}
	}
	r.Region = cred.Region
	// Reuse the credential just fetched instead of asking the chain twice.
	return api.CredentialProviderFunc(func(context.Context) (api.Credential, error) { return cred, nil }), nil
}

// cmdContext is the command's context, bounded by nothing extra: the client's
// timeout applies per attempt.
func cmdContext(cmd *cobra.Command) context.Context {
	if ctx := cmd.Context(); ctx != nil {
		return ctx
	}
	return context.Background()
}

// overrideRequest applies only the flags the user set to an existing request
// (a replayed snippet): --version, --region, --header (merged), --json
// (replaces the parameters) and --param (set on top of them).
func (f *reqFlags) overrideRequest(fs *pflag.FlagSet, e *env, r *api.Request) error {
	if fs.Changed("version") {
		r.Version = f.version
	}
	if fs.Changed("region") {
		r.Region = f.region
	}
	for _, h := range f.headers {
		k, v, ok := strings.Cut(h, ":")
		if !ok || strings.TrimSpace(k) == "" {
			return usageErr("--header %q: write it as Name:Value", h)
		}
		if r.Headers == nil {
			r.Headers = map[string]string{}
		}
		r.Headers[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	if f.jsonArg == "" && len(f.params) == 0 {
		return nil
	}
	if f.jsonArg == "" {
		// --param on top of the request's own parameters.
		base, err := api.ParamsMap(r.Params)
		if err != nil {
			return usageErr("%v", err)
		}
		for _, kv := range f.params {
			k, v, ok := strings.Cut(kv, "=")
			if !ok || k == "" {
				return usageErr("--param %q: write it as Key=Value", kv)
			}
			if err := setPath(base, strings.Split(k, "."), paramValue(v, "")); err != nil {
				return usageErr("--param %s: %v", k, err)
			}
		}
		r.Params = base
		return nil
	}
	params, err := f.buildParams(e, nil)
	if err != nil {
		return err
	}
	r.Params = params
	return nil
}

// overrideProfile applies only the transport and signing flags the user set.
func (f *reqFlags) overrideProfile(fs *pflag.FlagSet, e *env, p *api.ClientProfile) error {
	full, err := f.clientProfile(e)
	if err != nil {
		return err
	}
	set := func(name string, apply func()) {
		if fs.Changed(name) {
			apply()
		}
	}
	set("endpoint", func() { p.HTTP.Endpoint = full.HTTP.Endpoint })
	set("method", func() { p.HTTP.Method = full.HTTP.Method })
	set("timeout", func() { p.HTTP.Timeout = full.HTTP.Timeout })
	set("proxy", func() { p.HTTP.Proxy = full.HTTP.Proxy })
	set("ca-bundle", func() { p.HTTP.CABundle = full.HTTP.CABundle })
	set("insecure", func() { p.HTTP.InsecureSkipVerify = full.HTTP.InsecureSkipVerify })
	set("sign-method", func() { p.SignMethod = full.SignMethod })
	set("language", func() { p.Language = full.Language })
	set("unsigned-payload", func() { p.UnsignedPayload = full.UnsignedPayload })
	set("retries", func() { p.Retry = full.Retry })
	set("debug", func() { p.Logger = full.Logger })
	if p.Getenv == nil {
		p.Getenv = e.getenv
	}
	if err := p.Validate(); err != nil {
		return usageErr("%v", err)
	}
	return nil
}
