package bench

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/tcx-dev/tcx/api"
	"github.com/tcx-dev/tcx/sandbox"
	"github.com/tcx-dev/tcx/schema"
)

// BenchmarkSandbox compares verified sandbox requests per second over
// loopback with a bare net/http hello handler in the same run, with the
// same client, connection reuse and parallelism. The sandbox request is
// signed once (TC3, POST JSON) and sent repeatedly, so the client does the
// same work in both cases and the difference is the server's: parsing,
// signature verification, schema validation, the CVM DescribeInstances flow
// and the envelope.
//
//	go test -run '^$' -bench Sandbox -benchtime 3s ./bench/
func BenchmarkSandbox(b *testing.B) {
	b.Run("hello", func(b *testing.B) { sbxRun(b, sbxHelloTarget(b)) })
	b.Run("sandbox-verified", func(b *testing.B) { sbxRun(b, sbxSandboxTarget(b)) })
}

// BenchmarkSandboxInterleaved alternates short windows of the two servers
// so that load from other processes hits both alike, and reports the ratio.
//
//	go test -run '^$' -bench SandboxInterleaved -benchtime 1x ./bench/
func BenchmarkSandboxInterleaved(b *testing.B) {
	hello, sbx := sbxHelloTarget(b), sbxSandboxTarget(b)
	tr := &http.Transport{MaxIdleConnsPerHost: 256, MaxConnsPerHost: 256}
	b.Cleanup(tr.CloseIdleConnections)
	client := &http.Client{Transport: tr}
	var nHello, nSandbox int
	var tHello, tSandbox time.Duration
	for range b.N {
		for range 8 {
			n, d := sbxWindow(b, client, hello, 250*time.Millisecond)
			nHello, tHello = nHello+n, tHello+d
			n, d = sbxWindow(b, client, sbx, 250*time.Millisecond)
			nSandbox, tSandbox = nSandbox+n, tSandbox+d
		}
	}
	h, s := float64(nHello)/tHello.Seconds(), float64(nSandbox)/tSandbox.Seconds()
	b.ReportMetric(h, "hello-req/s")
	b.ReportMetric(s, "sandbox-req/s")
	b.ReportMetric(s/h, "ratio")
}

// sbxWindow sends requests from 8 goroutines for about d and counts answers.
func sbxWindow(b *testing.B, client *http.Client, newReq func() *http.Request, d time.Duration) (int, time.Duration) {
	var wg sync.WaitGroup
	counts := make([]int, 8)
	start := time.Now()
	stop := start.Add(d)
	for g := range counts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(stop) {
				if !sbxOnce(b, client, newReq()) {
					return
				}
				counts[g]++
			}
		}()
	}
	wg.Wait()
	total := 0
	for _, c := range counts {
		total += c
	}
	return total, time.Since(start)
}

// sbxHelloTarget is a bare net/http handler answering a fixed envelope.
func sbxHelloTarget(b *testing.B) func() *http.Request {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"Response":{"RequestId":"hello"}}`))
	})
	base := sbxServe(b, h)
	return func() *http.Request {
		req, _ := http.NewRequest(http.MethodPost, base+"/", bytes.NewReader([]byte(`{"Limit":1}`)))
		req.Header.Set("Content-Type", "application/json")
		return req
	}
}

// sbxSandboxTarget is a sandbox with the embedded schema and a request signed
// once (TC3, POST JSON, cvm DescribeInstances).
func sbxSandboxTarget(b *testing.B) func() *http.Request {
	reg, err := schema.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	s := sandbox.New(sandbox.Options{Seed: 1, Registry: reg})
	b.Cleanup(func() { _ = s.Close() })
	base, err := s.Start(context.Background(), "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	host := base[len("http://"):]
	body := []byte(`{"Limit":1}`)
	ts := time.Now().Unix()
	sig := api.SignTC3(sandbox.DefaultSecretID, sandbox.DefaultSecretKey, api.TC3Input{
		Method:  http.MethodPost,
		Headers: []api.Header{{Name: "content-type", Value: "application/json"}, {Name: "host", Value: host}},
		Payload: body, Service: "cvm", Timestamp: ts,
	})
	return func() *http.Request {
		req, _ := http.NewRequest(http.MethodPost, base+"/", bytes.NewReader(body))
		h := req.Header
		h.Set("Content-Type", "application/json")
		h.Set("Authorization", sig.Authorization)
		h.Set("X-TC-Action", "DescribeInstances")
		h.Set("X-TC-Version", "2017-03-12")
		h.Set("X-TC-Region", "ap-guangzhou")
		h.Set("X-TC-Timestamp", strconv.FormatInt(ts, 10))
		return req
	}
}

func sbxServe(b *testing.B, h http.Handler) string {
	b.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &http.Server{Handler: h}
	go func() { _ = srv.Serve(ln) }()
	b.Cleanup(func() { _ = srv.Close() })
	return "http://" + ln.Addr().String()
}

// sbxRun sends requests from parallel goroutines over kept-alive connections
// and reports requests per second; any answer other than a success fails.
func sbxRun(b *testing.B, newReq func() *http.Request) {
	tr := &http.Transport{MaxIdleConnsPerHost: 256, MaxConnsPerHost: 256}
	b.Cleanup(tr.CloseIdleConnections)
	client := &http.Client{Transport: tr}
	b.SetParallelism(8)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if !sbxOnce(b, client, newReq()) {
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

// sbxOnce sends one request and reports whether it succeeded.
func sbxOnce(b *testing.B, client *http.Client, req *http.Request) bool {
	res, err := client.Do(req)
	if err != nil {
		b.Error(err)
		return false
	}
	var buf [4096]byte
	n, _ := io.ReadFull(res.Body, buf[:])
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || bytes.Contains(buf[:n], []byte(`"Error"`)) {
		b.Errorf("answer %d %s", res.StatusCode, buf[:n])
		return false
	}
	return true
}
