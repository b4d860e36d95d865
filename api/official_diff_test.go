package api_test

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	tc "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"

	"github.com/tcx-dev/tcx/api"
)

// captured is what the official SDK put on the wire.
type captured struct {
	auth, ctype, host, ts, token, sha string
	body                              []byte
}

// TestSignaturesMatchTheOfficialGoSDK sends random requests with the
// official Go SDK to a loopback server, then builds the same request with
// tcx (same parameters, timestamp, key and host) and requires the same body
// and the same Authorization header.
func TestSignaturesMatchTheOfficialGoSDK(t *testing.T) {
	var mu sync.Mutex
	var got captured
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = captured{auth: r.Header.Get("Authorization"), ctype: r.Header.Get("Content-Type"), host: r.Host,
			ts: r.Header.Get("X-TC-Timestamp"), token: r.Header.Get("X-TC-Token"), sha: r.Header.Get("X-TC-Content-SHA256"), body: b}
		mu.Unlock()
		w.Write([]byte(`{"Response":{"RequestId":"x"}}`))
	}))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")

	rng := rand.New(rand.NewPCG(42, 2026))
	services := []string{"cvm", "vpc", "cbs", "sts", "tke", "cls", "ai-x"}
	for i := range 60 {
		id := "AKID" + randText(rng, 32, false)
		key := randText(rng, 32, false)
		token := ""
		if rng.IntN(2) == 0 {
			token = randText(rng, 40, false)
		}
		service := services[rng.IntN(len(services))]
		params := randParams(rng)
		unsigned := rng.IntN(4) == 0
		region := []string{"", "ap-guangzhou", "ap-shanghai-fsi"}[rng.IntN(3)]

		// Official SDK.
		cpf := profile.NewClientProfile()
		cpf.HttpProfile.Endpoint = host
		cpf.HttpProfile.Scheme = "HTTP"
		cpf.UnsignedPayload = unsigned
		client := tc.NewCommonClient(tc.NewTokenCredential(id, key, token), region, cpf)
		req := tchttp.NewCommonRequest(service, "2020-01-01", "DoSomething")
		if err := req.SetActionParameters(params); err != nil {
			t.Fatal(err)
		}
		if err := client.Send(req, tchttp.NewCommonResponse()); err != nil {
			t.Fatalf("official SDK: %v", err)
		}
		mu.Lock()
		off := got
		mu.Unlock()

		// tcx, same inputs.
		ts, _ := strconv.ParseInt(off.ts, 10, 64)
		c, err := api.NewClient(api.StaticProvider{Credential: api.Credential{SecretID: id, SecretKey: key, Token: token}}, region,
			api.ClientProfile{HTTP: api.HTTPProfile{Endpoint: srv.URL}, UnsignedPayload: unsigned})
		if err != nil {
			t.Fatal(err)
		}
		sr, err := c.Sign(context.Background(), &api.Request{Service: service, Version: "2020-01-01", Action: "DoSomething", Params: params}, api.SignOptions{Timestamp: ts})
		if err != nil {
			t.Fatal(err)
		}
		c.Close()
		if string(sr.Body) != string(off.body) {
			t.Fatalf("case %d: body differs\n tcx:      %s\n official: %s", i, sr.Body, off.body)
		}
		if a := sr.Header.Get("Authorization"); a != off.auth {
			t.Fatalf("case %d (service %s, unsigned %v): Authorization differs\n tcx:      %s\n official: %s", i, service, unsigned, a, off.auth)
		}
		if sr.Header.Get("X-TC-Token") != off.token || sr.Header.Get("X-TC-Content-SHA256") != off.sha || sr.Header.Get("Content-Type") != off.ctype {
			t.Fatalf("case %d: headers differ: token %q/%q sha %q/%q ctype %q/%q", i, sr.Header.Get("X-TC-Token"), off.token,
				sr.Header.Get("X-TC-Content-SHA256"), off.sha, sr.Header.Get("Content-Type"), off.ctype)
		}
		// And the pure signer agrees from the wire alone.
		s := api.SignTC3(id, key, api.TC3Input{Method: "POST", Payload: off.body, Service: service, Timestamp: ts,
			PayloadHash: map[bool]string{true: api.PayloadHashOf([]byte(api.UnsignedPayload))}[unsigned],
			Headers:     []api.Header{{Name: "Content-Type", Value: off.ctype}, {Name: "Host", Value: off.host}}})
		if s.Authorization != off.auth {
			t.Fatalf("case %d: SignTC3 from the wire differs", i)
		}
	}
}

func randText(r *rand.Rand, n int, unicode bool) string {
	const ascii = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	var b strings.Builder
	for range n {
		if unicode && r.IntN(5) == 0 {
			b.WriteRune([]rune("未命名 区域&<>\"\\/é")[r.IntN(13)])
			continue
		}
		b.WriteByte(ascii[r.IntN(len(ascii))])
	}
	return b.String()
}

func randParams(r *rand.Rand) map[string]any {
	m := map[string]any{}
	for i := range r.IntN(6) {
		k := fmt.Sprintf("P%d%s", i, randText(r, 4, false))
		switch r.IntN(5) {
		case 0:
			m[k] = randText(r, r.IntN(30), true)
		case 1:
			m[k] = r.IntN(1000000)
		case 2:
			m[k] = r.IntN(2) == 0
		case 3:
			m[k] = []any{map[string]any{"Name": randText(r, 5, true), "Values": []any{randText(r, 8, true), randText(r, 3, true)}}}
		default:
			m[k] = r.Float64()
		}
	}
	return m
}
