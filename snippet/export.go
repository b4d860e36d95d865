package snippet

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/format"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/tcx-dev/tcx/api"
)

// Export targets.
const (
	ToCurl   = "curl"   // a curl command with a freshly computed TC3 Authorization header
	ToPython = "python" // tencentcloud-sdk-python CommonClient
	ToGo     = "go"     // a Go program using tcx's api package
	ToGoSDK  = "go-sdk" // a Go program using the official Go SDK's common client
	ToNode   = "node"   // tencentcloud-sdk-nodejs-common CommonClient
	ToTccli  = "tccli"  // a tccli command line
)

// Targets lists every export target.
func Targets() []string { return []string{ToCurl, ToPython, ToGo, ToGoSDK, ToNode, ToTccli} }

// ExportOptions are what an export needs besides the snippet.
type ExportOptions struct {
	// Vars fill the snippet's placeholders (at export time: generated code
	// holds values, not placeholders).
	Vars Vars
	// Credential signs the curl export. Only its secret id and the
	// signature appear in the output; the secret key and token never do.
	// The other targets read credentials from the environment at run time.
	Credential api.Credential
	// Now is the signing time of the curl export; zero means time.Now().
	Now time.Time
}

// Environment variables the exported programs read credentials from.
const (
	EnvSecretID  = "TENCENTCLOUD_SECRET_ID"
	EnvSecretKey = "TENCENTCLOUD_SECRET_KEY"
	EnvToken     = "TENCENTCLOUD_SESSION_TOKEN"
)

// Export renders s as runnable code for target (see the To* constants).
// The result never contains opts.Credential's secret key or token: Export
// checks its own output and fails rather than leak one.
func Export(s *Snippet, target string, opts ExportOptions) ([]byte, error) {
	e, err := Expand(s, opts.Vars)
	if err != nil {
		return nil, err
	}
	body, err := ParamsJSON(e)
	if err != nil {
		return nil, err
	}
	x := exportCtx{s: e, body: body}
	if x.scheme, x.host, err = endpointOf(e); err != nil {
		return nil, err
	}
	var out []byte
	switch target {
	case ToCurl:
		out, err = x.curl(opts)
	case ToPython:
		out = x.python()
	case ToGo:
		out, err = gofmt(x.goAPI())
	case ToGoSDK:
		out, err = gofmt(x.goSDK())
	case ToNode:
		out = x.node()
	case ToTccli:
		out = x.tccli()
	default:
		return nil, fmt.Errorf("unknown export target %q: use %s", target, strings.Join(Targets(), ", "))
	}
	if err != nil {
		return nil, err
	}
	if ContainsSecret(string(out), opts.Credential.SecretKey, opts.Credential.Token) {
		return nil, fmt.Errorf("export refused: the generated %s would contain the secret key or token (is a credential in the snippet's values?)", target)
	}
	return out, nil
}

type exportCtx struct {
	s            *Snippet
	body         []byte
	scheme, host string
}

// endpointOf splits the snippet's endpoint into scheme and host, defaulting
// to https://<product>.tencentcloudapi.com; a default port is dropped so the
// Host header curl sends is the one that was signed.
func endpointOf(s *Snippet) (scheme, host string, err error) {
	ep := strings.TrimSuffix(s.Endpoint, "/")
	if ep == "" {
		return "https", s.Product + "." + api.DefaultRootDomain, nil
	}
	scheme = "https"
	if strings.Contains(ep, "://") {
		u, perr := url.Parse(ep)
		if perr != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") || (u.Path != "" && u.Path != "/") {
			return "", "", fmt.Errorf("endpoint %q is not a URL like http://127.0.0.1:9000 or a host like cvm.tencentcloudapi.com", s.Endpoint)
		}
		scheme, ep = u.Scheme, u.Host
	}
	if strings.ContainsAny(ep, "/?# ") {
		return "", "", fmt.Errorf("endpoint %q is not a host like cvm.tencentcloudapi.com", s.Endpoint)
	}
	if (scheme == "https" && strings.HasSuffix(ep, ":443")) || (scheme == "http" && strings.HasSuffix(ep, ":80")) {
		ep = ep[:strings.LastIndexByte(ep, ':')]
	}
	return scheme, ep, nil
}

func (x *exportCtx) method() string {
	if strings.EqualFold(x.s.Method, "GET") {
		return "GET"
	}
	return "POST"
}

func (x *exportCtx) signMethod() string {
	if x.s.SignMethod == "" {
		return "TC3-HMAC-SHA256"
	}
	return x.s.SignMethod
}

func (x *exportCtx) title() string {
	t := fmt.Sprintf("%s %s %s", x.s.Product, x.s.APIVersion, x.s.Action)
	if x.s.Name != "" {
		t += " (snippet " + x.s.Name + ")"
	}
	return t
}

// sortedHeaders returns the snippet's extra headers in name order.
func (x *exportCtx) sortedHeaders() [][2]string {
	var out [][2]string
	for k, v := range x.s.Headers {
		out = append(out, [2]string{k, v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

// prettyBody is the parameters indented for code that people read.
func (x *exportCtx) prettyBody() string {
	var b bytes.Buffer
	if json.Indent(&b, x.body, "", "  ") != nil {
		return string(x.body)
	}
	return b.String()
}

// ---- curl ----

func (x *exportCtx) curl(opts ExportOptions) ([]byte, error) {
	c := opts.Credential
	if c.SecretID == "" || c.SecretKey == "" {
		return nil, fmt.Errorf("the curl export is signed when it is made and needs credentials (set %s and %s, or pass --profile)", EnvSecretID, EnvSecretKey)
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	ts := now.Unix()
	method := x.method()
	in := api.TC3Input{Method: method, Service: x.s.Product, Timestamp: ts}
	var contentType string
	target := x.scheme + "://" + x.host + "/"
	var data string
	if method == "GET" {
		var params map[string]any
		d := json.NewDecoder(bytes.NewReader(x.body))
		d.UseNumber()
		if err := d.Decode(&params); err != nil {
			return nil, err
		}
		in.Query = api.EncodeQuery(api.Flatten(params))
		contentType = "application/x-www-form-urlencoded"
		if in.Query != "" {
			target += "?" + in.Query
		}
	} else {
		contentType = "application/json"
		in.Payload = x.body
		data = string(x.body)
	}
	in.Headers = []api.Header{{Name: "Content-Type", Value: contentType}, {Name: "Host", Value: x.host}}
	sig := api.SignTC3(c.SecretID, c.SecretKey, in)

	var b strings.Builder
	fmt.Fprintf(&b, "#!/bin/sh\n# tcx export: %s\n", x.title())
	fmt.Fprintf(&b, "# Signed at %s for %s. The signature expires five minutes after\n", time.Unix(ts, 0).UTC().Format(time.RFC3339), c.MaskedID())
	b.WriteString("# X-TC-Timestamp: run `tcx export` again for a fresh one. The Authorization header holds\n")
	b.WriteString("# the secret id and the signature, never the secret key.\n")
	if x.s.SignMethod != "" && x.s.SignMethod != "TC3-HMAC-SHA256" {
		fmt.Fprintf(&b, "# The snippet asks for %s; curl exports are always signed with TC3-HMAC-SHA256.\n", x.s.SignMethod)
	}
	if c.Token != "" {
		fmt.Fprintf(&b, "# Temporary credentials: %s must hold their session token when this runs.\n", EnvToken)
	}
	fmt.Fprintf(&b, "curl -sS -X %s %s \\\n", method, shQuote(target))
	hdr := func(name, value string) { fmt.Fprintf(&b, "  -H %s \\\n", shQuote(name+": "+value)) }
	hdr("Content-Type", contentType)
	hdr("X-TC-Action", x.s.Action)
	hdr("X-TC-Version", x.s.APIVersion)
	hdr("X-TC-Timestamp", strconv.FormatInt(ts, 10))
	if x.s.Region != "" {
		hdr("X-TC-Region", x.s.Region)
	}
	if x.s.Language != "" {
		hdr("X-TC-Language", x.s.Language)
	}
	for _, h := range x.sortedHeaders() {
		hdr(h[0], h[1])
	}
	if c.Token != "" {
		fmt.Fprintf(&b, "  -H \"X-TC-Token: $%s\" \\\n", EnvToken)
	}
	hdr("Authorization", sig.Authorization)
	if method == "POST" {
		fmt.Fprintf(&b, "  --data-raw %s\n", shQuote(data))
	} else {
		b.WriteString("  --data ''\n")
	}
	return []byte(b.String()), nil
}

// shQuote quotes s for a POSIX shell.
func shQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// ---- Python ----

func (x *exportCtx) python() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "#!/usr/bin/env python3\n# tcx export: %s\n", x.title())
	b.WriteString("# Needs: pip install tencentcloud-sdk-python-common\n")
	fmt.Fprintf(&b, "# Credentials come from %s and %s (and %s for temporary keys).\n", EnvSecretID, EnvSecretKey, EnvToken)
	b.WriteString(`import json
import os
import sys

from tencentcloud.common import credential
from tencentcloud.common.common_client import CommonClient
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile

`)
	fmt.Fprintf(&b, "cred = credential.Credential(\n    os.environ[%s],\n    os.environ[%s],\n    os.environ.get(%s) or None,\n)\n",
		pyStr(EnvSecretID), pyStr(EnvSecretKey), pyStr(EnvToken))
	fmt.Fprintf(&b, "http_profile = HttpProfile(endpoint=%s, reqMethod=%s)\n", pyStr(x.host), pyStr(x.method()))
	if x.scheme != "https" {
		fmt.Fprintf(&b, "http_profile.scheme = %s\n", pyStr(x.scheme))
	}
	fmt.Fprintf(&b, "client_profile = ClientProfile(signMethod=%s, httpProfile=http_profile", pyStr(x.signMethod()))
	if x.s.Language != "" {
		fmt.Fprintf(&b, ", language=%s", pyStr(x.s.Language))
	}
	b.WriteString(")\n")
	fmt.Fprintf(&b, "client = CommonClient(%s, %s, cred, %s, profile=client_profile)\n\n", pyStr(x.s.Product), pyStr(x.s.APIVersion), pyStr(x.s.Region))
	pretty := x.prettyBody()
	if strings.Contains(pretty, `'''`) || strings.Contains(pretty, `\`) {
		fmt.Fprintf(&b, "params = json.loads(%s)\n", pyStr(string(x.body)))
	} else {
		fmt.Fprintf(&b, "params = json.loads('''\n%s\n''')\n", pretty)
	}
	b.WriteString("headers = {")
	for i, h := range x.sortedHeaders() {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s: %s", pyStr(h[0]), pyStr(h[1]))
	}
	b.WriteString("}\n\n")
	fmt.Fprintf(&b, `try:
    resp = client.call_json(%s, params, headers=headers)
except TencentCloudSDKException as err:
    print(err, file=sys.stderr)
    sys.exit(1)
print(json.dumps(resp, indent=2, ensure_ascii=False))
`, pyStr(x.s.Action))
	return []byte(b.String())
}

// pyStr is a Python string literal. JSON string escapes are valid Python.
func pyStr(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// ---- Go (tcx api) ----

func (x *exportCtx) goAPI() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "// tcx export: %s\n", x.title())
	b.WriteString("//\n// Needs: go get github.com/tcx-dev/tcx/api\n")
	fmt.Fprintf(&b, "// Credentials come from %s and %s (and %s for temporary keys).\n", EnvSecretID, EnvSecretKey, EnvToken)
	b.WriteString(`package main

import (
	"context"
	"fmt"
	"os"

	"github.com/tcx-dev/tcx/api"
)

func main() {
	creds := api.StaticProvider{Credential: api.Credential{
`)
	fmt.Fprintf(&b, "\t\tSecretID:  os.Getenv(%q),\n\t\tSecretKey: os.Getenv(%q),\n\t\tToken:     os.Getenv(%q),\n", EnvSecretID, EnvSecretKey, EnvToken)
	b.WriteString("\t\tSource:    \"environment\",\n\t}}\n")
	var prof []string
	var http []string
	if x.s.Endpoint != "" {
		http = append(http, fmt.Sprintf("Endpoint: %q", x.scheme+"://"+x.host))
	}
	if x.method() != "POST" {
		http = append(http, fmt.Sprintf("Method: %q", x.method()))
	}
	if len(http) > 0 {
		prof = append(prof, "HTTP: api.HTTPProfile{"+strings.Join(http, ", ")+"}")
	}
	if x.s.SignMethod != "" {
		prof = append(prof, fmt.Sprintf("SignMethod: %q", x.s.SignMethod))
	}
	if x.s.Language != "" {
		prof = append(prof, fmt.Sprintf("Language: %q", x.s.Language))
	}
	fmt.Fprintf(&b, "\tclient, err := api.NewClient(creds, %q, api.ClientProfile{", x.s.Region)
	if len(prof) > 0 {
		b.WriteString("\n")
		for _, p := range prof {
			fmt.Fprintf(&b, "\t\t%s,\n", p)
		}
		b.WriteString("\t")
	}
	b.WriteString("})\n\tif err != nil {\n\t\tfmt.Fprintln(os.Stderr, err)\n\t\tos.Exit(2)\n\t}\n")
	b.WriteString("\tresp, err := client.Call(context.Background(), &api.Request{\n")
	fmt.Fprintf(&b, "\t\tService: %q,\n\t\tVersion: %q,\n\t\tAction:  %q,\n", x.s.Product, x.s.APIVersion, x.s.Action)
	// Compact JSON text: the client sends it byte for byte, as tcx replay does.
	fmt.Fprintf(&b, "\t\tParams:  %s,\n", goStr(string(x.body), "\t\t"))
	if hs := x.sortedHeaders(); len(hs) > 0 {
		b.WriteString("\t\tHeaders: map[string]string{\n")
		for _, h := range hs {
			fmt.Fprintf(&b, "\t\t\t%q: %q,\n", h[0], h[1])
		}
		b.WriteString("\t\t},\n")
	}
	b.WriteString("\t})\n\tif err != nil {\n\t\tfmt.Fprintln(os.Stderr, err)\n\t\tos.Exit(1)\n\t}\n\tfmt.Println(string(resp.Body))\n}\n")
	return []byte(b.String())
}

// gofmt formats generated Go source.
func gofmt(src []byte) ([]byte, error) {
	out, err := format.Source(src)
	if err != nil {
		return nil, fmt.Errorf("generated Go does not parse (a bug in tcx): %w", err)
	}
	return out, nil
}

// goStr is a Go string literal: a raw string when possible (readable JSON).
func goStr(s, indent string) string {
	if !strings.Contains(s, "`") && !strings.Contains(s, "\r") {
		return "`" + strings.ReplaceAll(s, "\n", "\n"+indent) + "`"
	}
	return strconv.Quote(s)
}

// ---- Go (official SDK) ----

func (x *exportCtx) goSDK() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "// tcx export: %s\n", x.title())
	b.WriteString("//\n// Needs: go get github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common\n")
	fmt.Fprintf(&b, "// Credentials come from %s and %s (and %s for temporary keys).\n", EnvSecretID, EnvSecretKey, EnvToken)
	if x.method() != "POST" || x.signMethod() != "TC3-HMAC-SHA256" {
		b.WriteString("// The official Go SDK's common client sends no parameters with GET or v1 signing,\n")
		b.WriteString("// so this program uses POST and TC3-HMAC-SHA256.\n")
	}
	b.WriteString(`package main

import (
	"fmt"
	"os"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
)

func main() {
`)
	fmt.Fprintf(&b, "\tcred := common.NewTokenCredential(os.Getenv(%q), os.Getenv(%q), os.Getenv(%q))\n", EnvSecretID, EnvSecretKey, EnvToken)
	b.WriteString("\tcpf := profile.NewClientProfile()\n")
	if x.s.Endpoint != "" {
		fmt.Fprintf(&b, "\tcpf.HttpProfile.Endpoint = %q\n", x.host)
		fmt.Fprintf(&b, "\tcpf.HttpProfile.Scheme = %q\n", strings.ToUpper(x.scheme))
	}
	if x.s.Language != "" {
		fmt.Fprintf(&b, "\tcpf.Language = %q\n", x.s.Language)
	}
	fmt.Fprintf(&b, "\tclient := common.NewCommonClient(cred, %q, cpf)\n", x.s.Region)
	fmt.Fprintf(&b, "\treq := tchttp.NewCommonRequest(%q, %q, %q)\n", x.s.Product, x.s.APIVersion, x.s.Action)
	fmt.Fprintf(&b, "\tif err := req.SetActionParameters(%s); err != nil {\n\t\tfmt.Fprintln(os.Stderr, err)\n\t\tos.Exit(2)\n\t}\n", goStr(x.prettyBody(), "\t"))
	if hs := x.sortedHeaders(); len(hs) > 0 {
		b.WriteString("\treq.SetHeader(map[string]string{\n")
		for _, h := range hs {
			fmt.Fprintf(&b, "\t\t%q: %q,\n", h[0], h[1])
		}
		b.WriteString("\t})\n")
	}
	b.WriteString("\tresp := tchttp.NewCommonResponse()\n\tif err := client.Send(req, resp); err != nil {\n\t\tfmt.Fprintln(os.Stderr, err)\n\t\tos.Exit(1)\n\t}\n\tfmt.Println(string(resp.GetBody()))\n}\n")
	return []byte(b.String())
}

// ---- Node ----

func (x *exportCtx) node() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "// tcx export: %s\n", x.title())
	b.WriteString("// Needs: npm install tencentcloud-sdk-nodejs-common\n")
	fmt.Fprintf(&b, "// Credentials come from %s and %s (and %s for temporary keys).\n", EnvSecretID, EnvSecretKey, EnvToken)
	b.WriteString("// The Node SDK takes the service name from the endpoint's first label, so a\n")
	b.WriteString("// sandbox needs a name such as cvm.sandbox.local (see docs/sandbox.md).\n")
	b.WriteString("const { CommonClient } = require(\"tencentcloud-sdk-nodejs-common\");\n\n")
	ep := x.host
	if x.s.Endpoint == "" {
		ep = x.s.Product + "." + api.DefaultRootDomain
	}
	fmt.Fprintf(&b, "const client = new CommonClient(%s, %s, {\n", pyStr(ep), pyStr(x.s.APIVersion))
	b.WriteString("  credential: {\n")
	fmt.Fprintf(&b, "    secretId: process.env.%s,\n    secretKey: process.env.%s,\n    token: process.env.%s,\n  },\n", EnvSecretID, EnvSecretKey, EnvToken)
	fmt.Fprintf(&b, "  region: %s,\n", pyStr(x.s.Region))
	b.WriteString("  profile: {\n")
	fmt.Fprintf(&b, "    signMethod: %s,\n", pyStr(x.signMethod()))
	fmt.Fprintf(&b, "    httpProfile: { reqMethod: %s, protocol: %s },\n", pyStr(x.method()), pyStr(x.scheme+"://"))
	if x.s.Language != "" {
		fmt.Fprintf(&b, "    language: %s,\n", pyStr(x.s.Language))
	}
	b.WriteString("  },\n});\n\n")
	fmt.Fprintf(&b, "const params = %s;\n", x.prettyBody())
	b.WriteString("const options = { headers: {")
	for i, h := range x.sortedHeaders() {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, " %s: %s", pyStr(h[0]), pyStr(h[1]))
	}
	b.WriteString(" } };\n\n")
	fmt.Fprintf(&b, "client.request(%s, params, options).then(\n", pyStr(x.s.Action))
	b.WriteString("  (resp) => console.log(JSON.stringify(resp, null, 2)),\n")
	b.WriteString("  (err) => {\n    console.error(err);\n    process.exitCode = 1;\n  },\n);\n")
	return []byte(b.String())
}

// ---- tccli ----

func (x *exportCtx) tccli() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# tcx export: %s\n", x.title())
	b.WriteString("# Needs: pip install tccli; credentials from `tccli configure` or the environment.\n")
	if x.scheme == "http" {
		b.WriteString("# tccli always uses HTTPS: an http:// endpoint (a local sandbox) cannot be reached this way.\n")
	}
	fmt.Fprintf(&b, "tccli %s %s", x.s.Product, x.s.Action)
	fmt.Fprintf(&b, " \\\n  --version %s", shQuote(x.s.APIVersion))
	if x.s.Region != "" {
		fmt.Fprintf(&b, " \\\n  --region %s", shQuote(x.s.Region))
	}
	if x.s.Endpoint != "" {
		fmt.Fprintf(&b, " \\\n  --endpoint %s", shQuote(x.host))
	}
	if x.s.Language != "" {
		fmt.Fprintf(&b, " \\\n  --language %s", shQuote(x.s.Language))
	}
	if x.s.Profile != "" {
		fmt.Fprintf(&b, " \\\n  --profile %s", shQuote(x.s.Profile))
	}
	var params map[string]json.RawMessage
	_ = json.Unmarshal(x.body, &params)
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := string(params[k])
		var str string
		if json.Unmarshal(params[k], &str) == nil {
			v = str // tccli takes plain strings as they are, JSON for the rest
		}
		fmt.Fprintf(&b, " \\\n  --%s %s", k, shQuote(v))
	}
	b.WriteString("\n")
	return []byte(b.String())
}
