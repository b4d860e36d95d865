package sandbox

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tcx-dev/tcx/api"
)

// checkEnvelope fails unless rec holds the cloud's envelope with a
// RequestId and no InternalError (which only the panic guard answers here).
func checkEnvelope(t *testing.T, rec *httptest.ResponseRecorder) {
	t.Helper()
	var env struct {
		Response struct {
			Error     *struct{ Code, Message string }
			RequestId string
		}
	}
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &env); err != nil || env.Response.RequestId == "" {
		t.Fatalf("not an envelope: %v %s", err, rec.Body)
	}
	if e := env.Response.Error; e != nil && (e.Code == "InternalError" || e.Code == "") {
		t.Fatalf("error %+v", e)
	}
}

// FuzzRequest throws arbitrary requests at the parser and verifier: every
// answer must be an envelope with a proper code, never a crash.
func FuzzRequest(f *testing.F) {
	now := time.Now().Unix()
	sig := api.SignTC3(DefaultSecretID, DefaultSecretKey, api.TC3Input{
		Method: "POST", Headers: []api.Header{{Name: "content-type", Value: "application/json"}, {Name: "host", Value: "example.com"}},
		Payload: []byte(`{"Limit":1}`), Service: "cvm", Timestamp: now,
	})
	f.Add("POST", "", "application/json", sig.Authorization, "DescribeInstances", strconv.FormatInt(now, 10), `{"Limit":1}`)
	f.Add("GET", "Action=DescribeInstances&Version=2017-03-12&SecretId=x&Signature=y&Nonce=1&Timestamp=1", "", "", "", "", "")
	f.Add("POST", "", "application/x-www-form-urlencoded", "", "", "", "Action=A&Filters.0.Name=x&Filters.1.Values.0=y")
	f.Add("PUT", "a=%zz", "text/plain", "TC3-HMAC-SHA256 Credential=a/b/c/tc3_request, SignedHeaders=host, Signature=00", "X", "nan", "\x00")
	f.Add("POST", "", "application/json", "SKIP", "AssumeRoleWithWebIdentity", strconv.FormatInt(now, 10), `{"RoleArn":1}`)
	s := New(Options{Seed: 1})
	f.Fuzz(func(t *testing.T, method, query, ct, authz, action, ts, body string) {
		req := httptest.NewRequest(http.MethodPost, "http://example.com/", strings.NewReader(body))
		req.Method = method
		req.URL.RawQuery = query
		req.Header.Set("Content-Type", ct)
		req.Header.Set("Authorization", authz)
		req.Header.Set("X-TC-Action", action)
		req.Header.Set("X-TC-Version", "2017-03-12")
		req.Header.Set("X-TC-Timestamp", ts)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		checkEnvelope(t, rec)
	})
}

// FuzzSignedParams signs whatever body or query it is given, so the fuzzer
// reaches parameter decoding, validation and the stateful flows.
func FuzzSignedParams(f *testing.F) {
	f.Add("cvm", "RunInstances", "POST", `{"InstanceCount":2,"Placement":{"Zone":"ap-guangzhou-3"}}`)
	f.Add("cvm", "DescribeInstances", "GET", "Filters.0.Name=zone&Filters.0.Values.0=ap-guangzhou-3&Offset=1&Limit=1")
	f.Add("cvm", "DescribeInstances", "GET", "Filters.1.Name=zone&InstanceIds.0=a&InstanceIds=b")
	f.Add("vpc", "CreateVpc", "POST", `{"VpcName":"a","CidrBlock":"10.0.0.0/16"}`)
	f.Add("vpc", "DescribeVpcs", "POST", `{"Offset":"x","Limit":1e300}`)
	f.Add("sts", "AssumeRole", "POST", `{"RoleArn":"qcs::cam::uin/1:roleName/r","RoleSessionName":"s","DurationSeconds":-1}`)
	s := New(Options{Seed: 1})
	f.Fuzz(func(t *testing.T, service, action, method, params string) {
		if method != http.MethodGet {
			method = http.MethodPost
		}
		c := tc3{method: method, service: service, action: action, host: "example.com"}
		if method == http.MethodGet {
			c.query = params
		} else {
			c.body = params
		}
		if strings.ContainsAny(action+service, "\r\n\x00") {
			return // not representable in a header
		}
		if _, err := url.Parse("http://example.com/?" + c.query); err != nil {
			return // not representable in a request line
		}
		req := c.request(t, "http://example.com")
		req.RemoteAddr = "127.0.0.1:1"
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		checkEnvelope(t, rec)
	})
}
