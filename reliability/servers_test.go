package reliability

import (
	"bufio"
	"context"
	"encoding/pem"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tcx-dev/tcx/sandbox"
	"github.com/tcx-dev/tcx/schema"
)

// The sandbox's default key: fake, printed by `tcx sandbox`.
var sandboxCreds = map[string]string{
	"TENCENTCLOUD_SECRET_ID":  sandbox.DefaultSecretID,
	"TENCENTCLOUD_SECRET_KEY": sandbox.DefaultSecretKey,
}

var (
	regOnce sync.Once
	reg     *schema.Registry
	regErr  error
)

func registry(t testing.TB) *schema.Registry {
	t.Helper()
	regOnce.Do(func() { reg, regErr = schema.Embedded() })
	if regErr != nil {
		t.Fatal(regErr)
	}
	return reg
}

// clock is a settable clock for the sandbox (skew, token expiry).
type clock struct {
	mu     sync.Mutex
	offset time.Duration
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

func (c *clock) Set(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset = d
}

// sbx is an in-process sandbox behind an httptest server, so the test can
// wrap it (count requests, change faults after a request).
type sbx struct {
	*sandbox.Server
	URL      string
	requests atomic.Int64
	clock    *clock
	ca       string // PEM file of the TLS certificate, for TLS sandboxes
}

type sbxOptions struct {
	faults []sandbox.Fault
	keys   []sandbox.Key
	tls    bool
	// after runs after each request is served, with its 1-based number.
	after func(s *sbx, n int64)
}

func startSandbox(t *testing.T, o sbxOptions) *sbx {
	t.Helper()
	s := &sbx{clock: &clock{}}
	s.Server = sandbox.New(sandbox.Options{
		Registry: registry(t), Seed: 7, Keys: o.keys, Faults: o.faults,
		Clock: s.clock.Now, MaxHang: 20 * time.Second,
	})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.Server.ServeHTTP(w, r)
		n := s.requests.Add(1)
		if o.after != nil {
			o.after(s, n)
		}
	})
	hs := httptest.NewUnstartedServer(h)
	hs.Config.ErrorLog = log.New(io.Discard, "", 0) // resets and hangs are the point
	if o.tls {
		hs.StartTLS()
		s.ca = writeCA(t, hs)
	} else {
		hs.Start()
	}
	t.Cleanup(func() {
		hs.CloseClientConnections()
		hs.Close()
		_ = s.Server.Close()
	})
	s.URL = hs.URL
	return s
}

// writeCA writes the TLS server's certificate as a PEM bundle.
func writeCA(t *testing.T, hs *httptest.Server) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "ca.pem")
	b := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: hs.Certificate().Raw})
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// httpServer is a plain server on 127.0.0.1 for answers the sandbox does not give.
func httpServer(t *testing.T, h http.HandlerFunc) string {
	t.Helper()
	hs := httptest.NewServer(h)
	t.Cleanup(hs.Close)
	return hs.URL
}

// rawServer answers every connection with fn after reading one request, for
// shapes net/http will not write (a reset in the middle of a body).
func rawServer(t *testing.T, fn func(c *net.TCPConn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				_ = c.SetDeadline(time.Now().Add(30 * time.Second))
				req, err := http.ReadRequest(bufio.NewReader(c))
				if err != nil {
					return
				}
				_, _ = io.Copy(io.Discard, req.Body)
				fn(c.(*net.TCPConn))
			}()
		}
	}()
	return "http://" + ln.Addr().String()
}

// refusedEndpoint is a loopback address nothing listens on.
func refusedEndpoint(t *testing.T) string {
	t.Helper()
	var lc net.ListenConfig
	ln, err := lc.Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr
}
