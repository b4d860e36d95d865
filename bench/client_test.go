package bench

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
	_ "unsafe" // for go:linkname to the official SDK's own hash helpers

	tc "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"

	"github.com/tcx-dev/tcx/api"
)

// The official Go SDK signs inline in (*Client).sendWithSignatureTc3, which
// also builds and sends the request, so its signing cannot be called alone.
// officialSignTC3 is that code's signing part (common@v1.3.212 client.go,
// from "Canonical Headers" to "Authorization Header"), statement for
// statement, calling the SDK's own sha256hex and hmacsha256.

//go:linkname officialSHA256Hex github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common.sha256hex
func officialSHA256Hex(s string) string

//go:linkname officialHMACSHA256 github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common.hmacsha256
func officialHMACSHA256(s, key string) string

func officialSignTC3(secID, secKey, service, host, ts string, body []byte) string {
	headers := map[string]string{"Content-Type": "application/json", "Host": host, "X-TC-Timestamp": ts}
	httpRequestMethod := "POST"
	canonicalURI := "/"
	canonicalQueryString := ""
	canonicalHeaders := fmt.Sprintf("content-type:%s\nhost:%s\n", headers["Content-Type"], headers["Host"])
	signedHeaders := "content-type;host"
	requestPayload := string(body)
	hashedRequestPayload := officialSHA256Hex(requestPayload)
	canonicalRequest := fmt.Sprintf("%s\n%s\n%s\n%s\n%s\n%s",
		httpRequestMethod, canonicalURI, canonicalQueryString, canonicalHeaders, signedHeaders, hashedRequestPayload)
	algorithm := "TC3-HMAC-SHA256"
	requestTimestamp := headers["X-TC-Timestamp"]
	timestamp, _ := strconv.ParseInt(requestTimestamp, 10, 64)
	t := time.Unix(timestamp, 0).UTC()
	date := t.Format("2006-01-02")
	credentialScope := fmt.Sprintf("%s/%s/tc3_request", date, service)
	hashedCanonicalRequest := officialSHA256Hex(canonicalRequest)
	string2sign := fmt.Sprintf("%s\n%s\n%s\n%s", algorithm, requestTimestamp, credentialScope, hashedCanonicalRequest)
	secretDate := officialHMACSHA256(date, "TC3"+secKey)
	secretService := officialHMACSHA256(service, secretDate)
	secretKey := officialHMACSHA256("tc3_request", secretService)
	signature := hex.EncodeToString([]byte(officialHMACSHA256(string2sign, secretKey)))
	headers["Authorization"] = fmt.Sprintf("%s Credential=%s/%s, SignedHeaders=%s, Signature=%s",
		algorithm, secID, credentialScope, signedHeaders, signature)
	return headers["Authorization"]
}

const (
	benchID   = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE"
	benchKey  = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"
	benchHost = "cvm.tencentcloudapi.com"
	benchTS   = 1795900961
)

func benchBody(n int) []byte {
	prefix := `{"Filters":[{"Name":"zone","Values":["`
	suffix := `"]}],"Limit":1}`
	return []byte(prefix + strings.Repeat("a", n-len(prefix)-len(suffix)) + suffix)
}

func tc3Input(body []byte) api.TC3Input {
	return api.TC3Input{Method: "POST", Payload: body, Service: "cvm", Timestamp: benchTS,
		Headers: []api.Header{{Name: "content-type", Value: "application/json"}, {Name: "host", Value: benchHost}}}
}

// TestOfficialTranscriptionAgrees keeps the benchmark honest: the
// transcribed official signer and tcx produce the same Authorization.
func TestOfficialTranscriptionAgrees(t *testing.T) {
	for _, n := range []int{200, 64 << 10} {
		body := benchBody(n)
		want := officialSignTC3(benchID, benchKey, "cvm", benchHost, strconv.Itoa(benchTS), body)
		if got := api.NewSigner().SignTC3(benchID, benchKey, tc3Input(body)).Authorization; got != want {
			t.Fatalf("%d B: tcx %s\nofficial %s", n, got, want)
		}
		if got := api.NewSigner().Authorization(benchID, benchKey, tc3Input(body)); got != want {
			t.Fatalf("%d B: Authorization fast path differs", n)
		}
		if got := api.SignTC3(benchID, benchKey, tc3Input(body)).Authorization; got != want {
			t.Fatalf("%d B: SignTC3 differs", n)
		}
	}
}

// BenchmarkTC3Sign compares, in one run, for a 200 B and a 64 KiB body:
//
//   - tcx-signer: api.Signer (derived key cached per key/date/service), full trace;
//   - tcx-fast: api.Signer.Authorization, the same signature without the trace;
//   - tcx-SignTC3: the pure function, key derived every time, full trace;
//   - official: the official Go SDK's signing statements (see officialSignTC3);
//   - bare: only the hashing the algorithm needs with a cached key — SHA-256 of
//     the body and of a prebuilt canonical request, one HMAC of a prebuilt
//     string to sign, hex encoding — no string building;
//   - bare-derive: bare plus the three key-derivation HMACs.
//
// Run:
//
//	go test -run '^$' -bench TC3Sign -benchmem -count 5 ./bench/
func BenchmarkTC3Sign(b *testing.B) {
	for _, size := range []struct {
		name string
		n    int
	}{{"200B", 200}, {"64KiB", 64 << 10}} {
		body := benchBody(size.n)
		in := tc3Input(body)
		ref := api.SignTC3(benchID, benchKey, in)
		b.Run(size.name+"/tcx-signer", func(b *testing.B) {
			s := api.NewSigner()
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if s.SignTC3(benchID, benchKey, in).Signature == "" {
					b.Fatal("empty")
				}
			}
		})
		b.Run(size.name+"/tcx-fast", func(b *testing.B) {
			s := api.NewSigner()
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if s.Authorization(benchID, benchKey, in) == "" {
					b.Fatal("empty")
				}
			}
		})
		b.Run(size.name+"/tcx-SignTC3", func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if api.SignTC3(benchID, benchKey, in).Signature == "" {
					b.Fatal("empty")
				}
			}
		})
		b.Run(size.name+"/official", func(b *testing.B) {
			ts := strconv.Itoa(benchTS)
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if officialSignTC3(benchID, benchKey, "cvm", benchHost, ts, body) == "" {
					b.Fatal("empty")
				}
			}
		})
		canon := []byte(ref.CanonicalRequest)
		sts := []byte(ref.StringToSign)
		kSigning := api.TC3SigningKey(benchKey, ref.Date, "cvm")
		b.Run(size.name+"/bare", func(b *testing.B) {
			mac := hmac.New(sha256.New, kSigning)
			var hexbuf [64]byte
			var out []byte
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				p := sha256.Sum256(body)
				hex.Encode(hexbuf[:], p[:])
				c := sha256.Sum256(canon)
				hex.Encode(hexbuf[:], c[:])
				mac.Reset()
				mac.Write(sts)
				out = mac.Sum(out[:0])
				hex.Encode(hexbuf[:], out)
			}
		})
		b.Run(size.name+"/bare-derive", func(b *testing.B) {
			var hexbuf [64]byte
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				p := sha256.Sum256(body)
				hex.Encode(hexbuf[:], p[:])
				c := sha256.Sum256(canon)
				hex.Encode(hexbuf[:], c[:])
				k := api.TC3SigningKey(benchKey, ref.Date, "cvm")
				mac := hmac.New(sha256.New, k)
				mac.Write(sts)
				hex.Encode(hexbuf[:], mac.Sum(nil))
			}
		})
	}
}

// BenchmarkRoundTrip measures sequential calls per second to a loopback
// keep-alive server answering a small envelope: the tcx client vs the
// official Go SDK's CommonClient, same body, both POST + TC3.
//
//	go test -run '^$' -bench RoundTrip -benchmem -count 5 ./bench/
func BenchmarkRoundTrip(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"Response":{"TotalCount":0,"InstanceSet":[],"RequestId":"6e7e2d2c-4f0e-4a51-9a4b-3f7d0d2f9a11"}}`))
	}))
	b.Cleanup(srv.Close)
	params := map[string]any{"Limit": 1, "Filters": []any{map[string]any{"Name": "zone", "Values": []any{"ap-guangzhou-1"}}}}

	b.Run("tcx", func(b *testing.B) {
		c, err := api.NewClient(api.StaticProvider{Credential: api.Credential{SecretID: benchID, SecretKey: benchKey}}, "ap-guangzhou",
			api.ClientProfile{HTTP: api.HTTPProfile{Endpoint: srv.URL}})
		if err != nil {
			b.Fatal(err)
		}
		defer c.Close()
		req := &api.Request{Service: "cvm", Version: "2017-03-12", Action: "DescribeInstances", Params: params}
		ctx := context.Background()
		b.ReportAllocs()
		start := time.Now()
		for b.Loop() {
			if _, err := c.Call(ctx, req); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "calls/s")
	})
	b.Run("official", func(b *testing.B) {
		cpf := profile.NewClientProfile()
		cpf.HttpProfile.Endpoint = strings.TrimPrefix(srv.URL, "http://")
		cpf.HttpProfile.Scheme = "HTTP"
		c := tc.NewCommonClient(tc.NewCredential(benchID, benchKey), "ap-guangzhou", cpf)
		b.ReportAllocs()
		start := time.Now()
		for b.Loop() {
			req := tchttp.NewCommonRequest("cvm", "2017-03-12", "DescribeInstances")
			if err := req.SetActionParameters(params); err != nil {
				b.Fatal(err)
			}
			if err := c.Send(req, tchttp.NewCommonResponse()); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "calls/s")
	})
}
