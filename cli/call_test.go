package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/spf13/pflag"

	"github.com/tcx-dev/tcx/api"
)

const (
	callTestID  = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE"
	callTestKey = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"
)

// runTCX runs tcx in-process with the given environment.
func runTCX(t *testing.T, vars map[string]string, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb, getenv: func(k string) string { return vars[k] }}
	code := Run(args, e)
	return code, out.String(), errb.String()
}

func credVars() map[string]string {
	return map[string]string{"TENCENTCLOUD_SECRET_ID": callTestID, "TENCENTCLOUD_SECRET_KEY": callTestKey}
}

// callServer verifies TC3 signatures from the wire and answers with body.
type callServer struct {
	*httptest.Server
	lastBody   []byte
	lastHeader http.Header
	answer     string
	status     int
}

func newCallServer(t *testing.T, answer string) *callServer {
	t.Helper()
	s := &callServer{answer: answer, status: 200}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s.lastBody, s.lastHeader = body, r.Header.Clone()
		auth := r.Header.Get("Authorization")
		var ts int64
		fmt.Sscan(r.Header.Get("X-TC-Timestamp"), &ts)
		want := api.SignTC3(callTestID, callTestKey, api.TC3Input{Method: r.Method, Query: r.URL.RawQuery, Payload: body, Service: "cvm", Timestamp: ts,
			Headers: []api.Header{{Name: "content-type", Value: r.Header.Get("Content-Type")}, {Name: "host", Value: r.Host}}})
		w.Header().Set("Content-Type", "application/json")
		if want.Authorization != auth {
			fmt.Fprint(w, `{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":"bad signature"},"RequestId":"rid-bad"}}`)
			return
		}
		w.WriteHeader(s.status)
		fmt.Fprint(w, s.answer)
	}))
	t.Cleanup(s.Close)
	return s
}

func TestCallPrintsResponseObjectAndSendsParams(t *testing.T) {
	srv := newCallServer(t, `{"Response":{"TotalCount":2,"Big":12345678901234567890,"RequestId":"rid-1"}}`)
	code, out, errs := runTCX(t, credVars(), "", "call", "CVM", "describeinstances", "--endpoint", srv.URL,
		"--region", "ap-guangzhou", "--param", "Limit=1", "--param", "Filters.0.Name=zone", "--param", "Filters.0.Values.0=ap-guangzhou-1",
		"--header", "X-TC-Canary: yes")
	if code != ExitOK {
		t.Fatalf("exit %d, stderr %s", code, errs)
	}
	var got map[string]any
	d := json.NewDecoder(strings.NewReader(out))
	d.UseNumber()
	if err := d.Decode(&got); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, out)
	}
	if got["RequestId"] != "rid-1" || got["Big"].(json.Number).String() != "12345678901234567890" {
		t.Errorf("stdout = %s", out)
	}
	if string(srv.lastBody) != `{"Filters":[{"Name":"zone","Values":["ap-guangzhou-1"]}],"Limit":1}` {
		t.Errorf("body = %s", srv.lastBody)
	}
	if srv.lastHeader.Get("X-TC-Action") != "DescribeInstances" || srv.lastHeader.Get("X-TC-Version") != "2017-03-12" || srv.lastHeader.Get("X-TC-Canary") != "yes" {
		t.Errorf("headers = %v", srv.lastHeader)
	}
}

func TestCallExitCodes(t *testing.T) {
	apiErr := newCallServer(t, `{"Response":{"Error":{"Code":"InvalidParameter","Message":"Limit is wrong"},"RequestId":"rid-9"}}`)
	html := newCallServer(t, `<html>bad gateway</html>`)
	html.status = 502
	cases := []struct {
		name  string
		vars  map[string]string
		args  []string
		code  int
		inErr []string
	}{
		{"API error", credVars(), []string{"call", "cvm", "DescribeInstances", "--endpoint", apiErr.URL}, ExitAPIError, []string{"InvalidParameter", "Limit is wrong", "rid-9"}},
		{"HTML 502", credVars(), []string{"call", "cvm", "DescribeInstances", "--endpoint", html.URL}, ExitTransport, []string{"HttpStatusCodeError", "502", "<html>bad gateway"}},
		{"connection refused", credVars(), []string{"call", "cvm", "DescribeInstances", "--endpoint", "http://127.0.0.1:1"}, ExitTransport, []string{"NetworkError", "hint"}},
		{"bad param", credVars(), []string{"call", "cvm", "DescribeInstances", "--param", "Limit"}, ExitUsage, []string{"Key=Value"}},
		{"bad language", credVars(), []string{"call", "cvm", "DescribeInstances", "--language", "fr"}, ExitUsage, []string{"zh-CN or en-US"}},
		{"unknown product without version", credVars(), []string{"call", "nosuchproduct", "X"}, ExitUsage, []string{"--version"}},
		// TCX_METADATA_URL=- keeps the credential chain off the network.
		{"no credentials", map[string]string{"TCX_METADATA_URL": "-"}, []string{"call", "cvm", "DescribeInstances", "--endpoint", "http://127.0.0.1:1", "--region", "ap-guangzhou"}, ExitUsage, []string{"TENCENTCLOUD_SECRET_ID"}},
		{"missing action", credVars(), []string{"call", "cvm"}, ExitUsage, []string{"arg"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runTCX(t, tc.vars, "", tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr %s", code, tc.code, errs)
			}
			if out != "" {
				t.Errorf("stdout should be empty on error, got %q", out)
			}
			for _, s := range tc.inErr {
				if !strings.Contains(errs, s) {
					t.Errorf("stderr lacks %q:\n%s", s, errs)
				}
			}
			if strings.Contains(errs, callTestKey) {
				t.Errorf("stderr leaks the secret key")
			}
		})
	}
}

func TestCallJSONFromStdinIsSentVerbatim(t *testing.T) {
	srv := newCallServer(t, `{"Response":{"RequestId":"r"}}`)
	body := `{"Limit": 1,  "Offset": 0}`
	code, _, errs := runTCX(t, credVars(), body, "call", "cvm", "DescribeInstances", "--endpoint", srv.URL, "--json", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if string(srv.lastBody) != body {
		t.Errorf("body = %q, want the input byte for byte", srv.lastBody)
	}
}

func TestSignReproducesPublishedVectorsWithoutPrintingTheKey(t *testing.T) {
	bodyA := `{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}`
	code, out, errs := runTCX(t, credVars(), "", "sign", "cvm", "DescribeInstances", "--timestamp", "1551113065", "--json", bodyA)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"683bd0b53659853c39699162253251192320a09b3937e27bf8e08a559b1465b8", // spec (D), Python SDK POST
		"df142fa7176428137ac6a6b25b5efcb6b4c08a91fc30d75ecebe47877d3143d8",
		"2019-02-25/cvm/tc3_request",
		"AKID…MPLE",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s", want)
		}
	}
	if strings.Contains(out, callTestKey) || strings.Contains(out, callTestID) {
		t.Errorf("output shows the key or the full id:\n%s", out)
	}
}

func TestSignJSONOutputV1(t *testing.T) {
	code, out, errs := runTCX(t, nil, "", "sign", "cvm", "DescribeInstances", "--secret-id", callTestID, "--secret-key", callTestKey,
		"--timestamp", "1465185768", "--nonce", "11886", "--region", "ap-guangzhou", "--method", "GET", "--sign-method", "HmacSHA1",
		"--param", "InstanceIds.0=ins-09dx96dg", "--param", "Limit=20", "--param", "Offset=0", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("not one JSON object: %v\n%s", err, out)
	}
	sts, _ := m["stringToSign"].(string)
	if !strings.HasPrefix(sts, "GETcvm.tencentcloudapi.com/?Action=DescribeInstances&InstanceIds.0=ins-09dx96dg&Limit=20&Nonce=11886&Offset=0&Region=ap-guangzhou") {
		t.Errorf("stringToSign = %s", sts)
	}
	if m["signMethod"] != "HmacSHA1" || m["signature"] == "" {
		t.Errorf("json = %v", m)
	}
	if strings.Contains(out, callTestKey) {
		t.Error("output leaks the secret key")
	}
}

func TestParamTyping(t *testing.T) {
	f := reqFlags{params: []string{"Limit=10", "DryRun=true", "Name=\"123\"", "Free=hello world", "Tags.0.Key=a", "Tags.0.Value=1", "Tags.1.Key=b", "Ids.0=x", "Ids.1=y", "Obj={\"a\":1}"}}
	got, err := f.buildParams(&env{getenv: func(string) string { return "" }}, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(got)
	want := `{"DryRun":true,"Free":"hello world","Ids":["x","y"],"Limit":10,"Name":"123","Obj":{"a":1},"Tags":[{"Key":"a","Value":1},{"Key":"b"}]}`
	if string(b) != want {
		t.Errorf("params = %s\nwant     %s", b, want)
	}
	f = reqFlags{params: []string{"A.00=x", "B.-1=y", "C.0=z"}}
	got, err = f.buildParams(&env{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := json.Marshal(got); string(b) != `{"A":{"00":"x"},"B":{"-1":"y"},"C":["z"]}` {
		t.Errorf("only canonical numbers are list indexes: %s", b)
	}
	f = reqFlags{params: []string{"Ids.1=x"}}
	if _, err := f.buildParams(&env{}, nil); err == nil || !strings.Contains(err.Error(), "index 0 next") {
		t.Errorf("skipping a list index must fail clearly, got %v", err)
	}
}

func TestOverrideRequestAppliesOnlyChangedFlags(t *testing.T) {
	var f reqFlags
	fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
	f.register(fs)
	if err := fs.Parse([]string{"--region", "ap-beijing", "--param", "Limit=5", "--header", "X-TC-Canary:1"}); err != nil {
		t.Fatal(err)
	}
	r := &api.Request{Service: "cvm", Version: "2017-03-12", Action: "DescribeInstances", Region: "ap-guangzhou", Params: `{"Offset": 0, "Limit": 1}`}
	if err := f.overrideRequest(fs, &env{}, r); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(r.Params)
	if r.Region != "ap-beijing" || r.Version != "2017-03-12" || string(b) != `{"Limit":5,"Offset":0}` || r.Headers["X-TC-Canary"] != "1" {
		t.Errorf("request = %+v params %s", r, b)
	}
	p := api.ClientProfile{HTTP: api.HTTPProfile{Endpoint: "http://127.0.0.1:9000"}, SignMethod: api.HmacSHA1}
	if err := f.overrideProfile(fs, &env{getenv: func(string) string { return "" }}, &p); err != nil {
		t.Fatal(err)
	}
	if p.HTTP.Endpoint != "http://127.0.0.1:9000" || p.SignMethod != api.HmacSHA1 || p.HTTP.Timeout != 0 {
		t.Errorf("unchanged flags overrode the profile: %+v", p)
	}
}

func TestDebugAndSignNeverPrintSecretsOrToken(t *testing.T) {
	srv := newCallServer(t, `{"Response":{"RequestId":"r"}}`)
	vars := credVars()
	vars["TENCENTCLOUD_SESSION_TOKEN"] = "session-token-value-xyz"
	code, out, errs := runTCX(t, vars, "", "call", "cvm", "DescribeInstances", "--endpoint", srv.URL, "--debug")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(errs, "SendRequest:") {
		t.Fatalf("--debug logged nothing: %s", errs)
	}
	if srv.lastHeader.Get("X-TC-Token") != "session-token-value-xyz" {
		t.Fatalf("token not sent: %v", srv.lastHeader)
	}
	code, sout, serrs := runTCX(t, vars, "", "sign", "cvm", "DescribeInstances", "--json")
	if code != ExitOK {
		t.Fatalf("sign exit %d: %s", code, serrs)
	}
	for _, s := range []string{callTestKey, callTestID, "session-token-value-xyz"} {
		if strings.Contains(out+errs+sout+serrs, s) {
			t.Errorf("output contains %q", s)
		}
	}
}

func TestCallWithRetriesSendsClientTokenWhenTheActionHasOne(t *testing.T) {
	srv := newCallServer(t, `{"Response":{"RequestId":"r"}}`)
	code, _, errs := runTCX(t, credVars(), "", "call", "cvm", "RunInstances", "--endpoint", srv.URL, "--region", "ap-guangzhou", "--retries", "2", "--param", "InstanceCount=1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var m map[string]any
	if err := json.Unmarshal(srv.lastBody, &m); err != nil {
		t.Fatal(err)
	}
	if tok, _ := m["ClientToken"].(string); len(tok) != 36 {
		t.Errorf("ClientToken = %v in %s", m["ClientToken"], srv.lastBody)
	}
	code, _, errs = runTCX(t, credVars(), "", "call", "cvm", "DescribeInstances", "--endpoint", srv.URL, "--region", "ap-guangzhou", "--retries", "2")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if strings.Contains(string(srv.lastBody), "ClientToken") {
		t.Errorf("ClientToken added to an action without one: %s", srv.lastBody)
	}
}
