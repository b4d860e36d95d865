package ui

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/tcx-dev/tcx/api"
	"github.com/tcx-dev/tcx/schema"
	"github.com/tcx-dev/tcx/ui/finder"
	"github.com/tcx-dev/tcx/ui/status"
)

// fixedNow is the clock of every fixture, so screens are reproducible.
var fixedNow = time.Date(2026, 11, 29, 3, 0, 0, 0, time.UTC)

var (
	regOnce sync.Once
	regVal  *schema.Registry
	regErr  error
)

// registry returns the embedded schema, loaded once for the package's tests.
func registry(t testing.TB) *schema.Registry {
	t.Helper()
	regOnce.Do(func() { regVal, regErr = schema.Embedded() })
	if regErr != nil {
		t.Fatal(regErr)
	}
	return regVal
}

func testProfiles(endpoint string) []Profile {
	cred := api.Credential{SecretID: "AKIDtestTCXfixture00000000000001a2b", SecretKey: "not-a-real-key", Source: "test fixture"}
	return []Profile{
		{Name: "sandbox", Source: "tcx's in-process sandbox", MaskedID: api.MaskID(cred.SecretID), Region: "ap-guangzhou",
			Trace:    []string{"built in: the sandbox's default key pair", "primary " + endpoint},
			Provider: api.StaticProvider{Credential: cred}, Endpoint: endpoint, Backup: "http://127.0.0.1:2", Sandbox: true},
		{Name: "default", Source: "environment (TENCENTCLOUD_SECRET_ID)", Err: "env var TENCENTCLOUD_SECRET_KEY is empty",
			Trace: []string{"env var TENCENTCLOUD_SECRET_ID is set", "env var TENCENTCLOUD_SECRET_KEY is empty"}},
	}
}

// newTestModel builds the explorer at a size, with a fixed clock.
func newTestModel(t testing.TB, w, h int, dark bool) *Model {
	t.Helper()
	m := New(Options{
		Registry: registry(t),
		Profiles: testProfiles("http://127.0.0.1:1"),
		Profile:  "sandbox",
		Dark:     dark,
		Now:      func() time.Time { return fixedNow },
	})
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return m
}

func keyMsg(s string) tea.KeyPressMsg {
	switch s {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "alt+enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter, Mod: tea.ModAlt}
	}
	if strings.HasPrefix(s, "ctrl+") {
		return tea.KeyPressMsg{Code: rune(s[5]), Mod: tea.ModCtrl}
	}
	r := []rune(s)[0]
	return tea.KeyPressMsg{Code: r, Text: s}
}

// press sends keys, running the commands they return (one level deep,
// synchronously, skipping ticks and subscriptions that would block).
func press(m *Model, keys ...string) {
	for _, k := range keys {
		_, cmd := m.Update(keyMsg(k))
		run(m, cmd)
	}
}

// typeText sends each rune as a key press.
func typeText(m *Model, s string) {
	for _, r := range s {
		press(m, string(r))
	}
}

// run executes cmd and feeds back the messages that matter to the tests.
func run(m *Model, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-done:
	case <-time.After(50 * time.Millisecond):
		return // a tick or a subscription: not needed here
	}
	switch msg := msg.(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			run(m, c)
		}
	case nil:
	case status.Note:
		m.Update(msg) // its expiry tick is not needed
	default:
		_, next := m.Update(msg)
		run(m, next)
	}
}

// okResult is a synthetic successful DescribeInstances.
func okResult(seq int, body string) *result {
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("X-Tc-Requestid", "req-fixture-0001")
	return &result{
		seq: seq,
		req: &api.Request{Service: "cvm", Version: "2017-03-12", Action: "DescribeInstances", Region: "ap-guangzhou", Params: map[string]any{"Limit": 1}},
		resp: &api.Response{Body: []byte(body), RequestID: "req-fixture-0001", Status: 200, Header: h, Host: "127.0.0.1:9000",
			Latency: 42 * time.Millisecond, Attempts: 1, Signature: &api.SignatureTrace{
				Method: api.TC3HMACSHA256, HTTPMethod: "POST", URL: "http://127.0.0.1:9000/", Timestamp: 1795921200, MaskedID: "AKID…1a2b",
				TC3: &api.TC3Signature{Date: "2026-11-29", CredentialScope: "2026-11-29/cvm/tc3_request",
					CanonicalRequest:       "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:127.0.0.1:9000\nx-tc-action:describeinstances\n\ncontent-type;host;x-tc-action\n5f1c…",
					HashedCanonicalRequest: "9a0e…", StringToSign: "TC3-HMAC-SHA256\n1795921200\n2026-11-29/cvm/tc3_request\n9a0e…",
					SignedHeaders: "content-type;host;x-tc-action", Signature: "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00",
					Authorization: "TC3-HMAC-SHA256 Credential=AKIDtestTCXfixture00000000000001a2b/2026-11-29/cvm/tc3_request, SignedHeaders=content-type;host;x-tc-action, Signature=c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00"}}},
		at: fixedNow, elapsed: 42 * time.Millisecond,
	}
}

const fixtureBody = `{"Response":{"TotalCount":1,"InstanceSet":[{"InstanceId":"ins-8s2kd0fa","InstanceName":"web-1","Placement":{"Zone":"ap-guangzhou-3"},"CPU":2,"Memory":4,"InstanceState":"RUNNING","PrivateIpAddresses":["10.0.0.12"],"Tags":[]}],"RequestId":"req-fixture-0001"}}`

func errResult(seq int) *result {
	return &result{
		seq: seq,
		req: &api.Request{Service: "cvm", Version: "2017-03-12", Action: "DescribeInstances", Region: "ap-guangzhou"},
		err: &api.Error{Code: "AuthFailure.SignatureExpire", Message: "签名过期。Timestamp 和服务器时间相差不得超过五分钟。", RequestID: "req-fixture-0002",
			Status: 200, Endpoint: "http://127.0.0.1:9000/", ClockSkew: 9 * time.Minute},
		at: fixedNow, elapsed: 12 * time.Millisecond,
	}
}

func breakerOpenSnapshot() api.BreakerSnapshot {
	return api.BreakerSnapshot{
		State: api.BreakerOpen, Generation: 3, Total: 0, Failures: 0,
		Primary: "127.0.0.1:9000", Backup: "127.0.0.1:9001", LastHost: "127.0.0.1:9001",
		Expiry: fixedNow.Add(42 * time.Second),
		Transitions: []api.BreakerTransition{
			{From: api.BreakerClosed, To: api.BreakerOpen, At: fixedNow.Add(-18 * time.Second), Reason: "5 of 6 requests to 127.0.0.1:9000 failed"},
		},
	}
}

func chosen(product, action string) finder.ChosenMsg {
	return finder.ChosenMsg{Product: product, Action: action}
}
