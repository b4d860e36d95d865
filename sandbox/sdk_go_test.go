package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"

	tccommon "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tcerr "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
)

// officialClient is the official Go SDK's common client pointed at base.
func officialClient(t *testing.T, base, id, key, signMethod, httpMethod string) *tccommon.Client {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	cpf := profile.NewClientProfile()
	cpf.HttpProfile.Endpoint = u.Host
	cpf.HttpProfile.Scheme = "http"
	cpf.HttpProfile.ReqMethod = httpMethod
	cpf.SignMethod = signMethod
	return tccommon.NewCommonClient(tccommon.NewCredential(id, key), "ap-guangzhou", cpf)
}

func officialCall(c *tccommon.Client, service, version, action string, params map[string]any) (map[string]any, error) {
	req := tchttp.NewCommonRequest(service, version, action)
	if err := req.SetActionParameters(params); err != nil {
		return nil, err
	}
	res := tchttp.NewCommonResponse()
	if err := c.Send(req, res); err != nil {
		return nil, err
	}
	var env struct{ Response map[string]any }
	if err := json.Unmarshal(res.GetBody(), &env); err != nil {
		return nil, err
	}
	return env.Response, nil
}

func sdkCode(err error) string {
	var e *tcerr.TencentCloudSDKError
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

func TestOfficialGoSDKWorksUnchanged(t *testing.T) {
	_, base := start(t, Options{Seed: 7})
	for _, c := range []struct{ name, sign, method string }{
		{"TC3 POST", "TC3-HMAC-SHA256", "POST"},
		{"v1 HmacSHA256 POST", "HmacSHA256", "POST"},
		{"v1 HmacSHA1 GET", "HmacSHA1", "GET"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cl := officialClient(t, base, DefaultSecretID, DefaultSecretKey, c.sign, c.method)
			resp, err := officialCall(cl, "cvm", "2017-03-12", "DescribeInstances", map[string]any{"Limit": 1})
			if err != nil {
				t.Fatal(err)
			}
			if resp["RequestId"] == "" || resp["TotalCount"] == nil {
				t.Fatalf("answer %v", resp)
			}
			bad := officialClient(t, base, DefaultSecretID, "wrong-key", c.sign, c.method)
			if _, err := officialCall(bad, "cvm", "2017-03-12", "DescribeInstances", nil); sdkCode(err) != "AuthFailure.SignatureFailure" {
				t.Fatalf("wrong key: %v", err)
			}
		})
	}
}

func TestOfficialGoSDKRunsTheCVMFlow(t *testing.T) {
	_, base := start(t, Options{Seed: 7})
	cl := officialClient(t, base, DefaultSecretID, DefaultSecretKey, "TC3-HMAC-SHA256", "POST")
	run, err := officialCall(cl, "cvm", "2017-03-12", "RunInstances", map[string]any{
		"InstanceCount": 2, "Placement": map[string]any{"Zone": "ap-guangzhou-3"}, "InstanceName": "web",
	})
	if err != nil {
		t.Fatal(err)
	}
	ids, _ := run["InstanceIdSet"].([]any)
	if len(ids) != 2 {
		t.Fatalf("RunInstances: %v", run)
	}
	desc, err := officialCall(cl, "cvm", "2017-03-12", "DescribeInstances", map[string]any{"InstanceIds": []any{ids[1]}})
	if err != nil {
		t.Fatal(err)
	}
	if desc["TotalCount"] != float64(1) {
		t.Fatalf("DescribeInstances: %v", desc)
	}
}

// TestOfficialGoSDKRegionBreakerSwitchesToTheBackup shows how the sandbox
// demonstrates a region breaker: a fault on the primary's Host only, and a
// dialer that sends every host to the sandbox, so the backup
// (cvm.<BackupEndpoint>) reaches the same sandbox with another Host header.
func TestOfficialGoSDKRegionBreakerSwitchesToTheBackup(t *testing.T) {
	_, base := start(t, Options{Faults: []Fault{{Kind: "html502", Host: "127.0.0.1"}}})
	sandboxAddr := strings.TrimPrefix(base, "http://")
	cpf := profile.NewClientProfile()
	cpf.HttpProfile.Endpoint = sandboxAddr
	cpf.HttpProfile.Scheme = "http"
	cpf.DisableRegionBreaker = false
	cpf.BackupEndpoint = "backup.sandbox.local"
	cl := tccommon.NewCommonClient(tccommon.NewCredential(DefaultSecretID, DefaultSecretKey), "ap-guangzhou", cpf)
	var d net.Dialer
	cl.WithHttpTransport(&http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return d.DialContext(ctx, network, sandboxAddr)
	}})
	var outcomes []string
	for range 8 {
		_, err := officialCall(cl, "cvm", "2017-03-12", "DescribeInstances", map[string]any{"Limit": 1})
		switch {
		case err == nil:
			outcomes = append(outcomes, "ok")
		case strings.Contains(err.Error(), "502"):
			outcomes = append(outcomes, "502")
		default:
			t.Fatalf("unexpected error: %v", err)
		}
	}
	want := "502 502 502 502 502 ok ok ok"
	if got := strings.Join(outcomes, " "); got != want {
		t.Fatalf("outcomes %q, want %q", got, want)
	}
}
