// Package sandbox is a local Tencent Cloud API over real HTTP. It speaks the
// cloud's wire protocol: it verifies TC3-HMAC-SHA256 and v1 signatures with
// the same signer tcx's client uses (package api), answers in the cloud's
// envelope with the cloud's error codes, validates parameters against the
// schema and answers from it, keeps state for a few common flows (CVM
// instances, VPCs), fakes STS and the CVM metadata service, and injects
// faults (latency, error codes, HTML gateway errors, resets, hangs) chosen
// per action, product, Host or listener, changeable while it runs.
//
// Build one with New and either mount it (it is an http.Handler) or call
// Start, which listens on loopback and returns its URL.
package sandbox

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tcx-dev/tcx/schema"
)

// Options configure a sandbox. The zero value is usable: the default key,
// a random seed, the real clock, no faults.
type Options struct {
	// Keys are the long-term keys accepted; empty means DefaultKey only.
	Keys []Key
	// Seed makes answers (ids, synthesized values, RequestIds, fault
	// dice) the same on every run; 0 picks a random seed.
	Seed int64
	// Registry is the API schema the sandbox validates against and answers
	// from (schema.Embedded()); nil knows only the sandbox's own flows
	// (CVM instances, VPCs, STS) and answers any other action with an
	// empty success.
	Registry *schema.Registry
	// Clock is the server's time (signature expiry, temporary credentials,
	// created times); nil means time.Now.
	Clock func() time.Time
	// Faults are the fault rules in force at start. Rules that fail
	// Fault.Validate are dropped (and reported to Logf): check them first
	// with Validate or ParseFault.
	Faults []Fault
	// AdminToken guards /_sandbox/faults; "" generates a random one.
	AdminToken string
	// MaxHang bounds a "hang" fault when the client never gives up
	// (default 2 minutes).
	MaxHang time.Duration
	// MetadataRole is the CAM role the fake metadata service reports
	// (default "tcx-sandbox-role").
	MetadataRole string
	// Demo starts the stateful flows with a few resources (a VPC with three
	// instances in ap-guangzhou, a VPC in ap-shanghai) instead of none.
	Demo bool
	// Logf, when set, receives one line per request.
	Logf func(format string, args ...any)
}

// Server is a running (or mountable) sandbox. It is safe for concurrent use.
type Server struct {
	keys       *keyring
	faults     *faultSet
	catalog    *catalog
	state      *state
	seed       int64
	reqSeq     atomic.Uint64
	clock      func() time.Time
	maxHang    time.Duration
	adminToken string
	role       string
	logf       func(string, ...any)

	metaMu   sync.Mutex
	metaCred principal

	closing   chan struct{}
	closeOnce sync.Once
	mu        sync.Mutex
	servers   []*http.Server
	urls      []string
}

// New builds a sandbox. It does not listen; see Start.
func New(o Options) *Server {
	keys := o.Keys
	if len(keys) == 0 {
		keys = []Key{DefaultKey()}
	}
	seed := o.Seed
	if seed == 0 {
		var b [8]byte
		_, _ = rand.Read(b[:])
		seed = int64(binary.LittleEndian.Uint64(b[:]) | 1)
	}
	clock := o.Clock
	if clock == nil {
		clock = time.Now
	}
	s := &Server{
		keys:       newKeyring(keys),
		faults:     newFaultSet(validFaults(o.Faults, o.Logf), seed),
		catalog:    newCatalog(o),
		seed:       seed,
		clock:      clock,
		maxHang:    o.MaxHang,
		adminToken: o.AdminToken,
		role:       o.MetadataRole,
		logf:       o.Logf,
		closing:    make(chan struct{}),
	}
	if s.maxHang <= 0 {
		s.maxHang = 2 * time.Minute
	}
	if s.adminToken == "" {
		s.adminToken = "sbx_" + randomToken(24)
	}
	if s.role == "" {
		s.role = "tcx-sandbox-role"
	}
	s.state = newState(seed, clock)
	if o.Demo {
		s.state.preload()
	}
	return s
}

// Start builds a sandbox from o and listens on addr (see (*Server).Start);
// it is the one call the explorer and tests need. Close the server when done.
func Start(ctx context.Context, addr string, o Options) (*Server, string, error) {
	s := New(o)
	u, err := s.Start(ctx, addr)
	if err != nil {
		return nil, "", err
	}
	return s, u, nil
}

// validFaults returns the rules that validate, normalised.
func validFaults(rules []Fault, logf func(string, ...any)) []Fault {
	out := make([]Fault, 0, len(rules))
	for _, r := range rules {
		if err := r.Validate(); err != nil {
			if logf != nil {
				logf("sandbox: fault rule dropped: %v", err)
			}
			continue
		}
		out = append(out, r)
	}
	return out
}

// AdminToken is the bearer token of the admin endpoint.
func (s *Server) AdminToken() string { return s.adminToken }

// Seed is the seed in use (the one given, or the random one picked).
func (s *Server) Seed() int64 { return s.seed }

// Faults returns the fault rules in force.
func (s *Server) Faults() []Fault { return s.faults.list() }

// SetFaults replaces the fault rules; it changes nothing when one of them
// is invalid.
func (s *Server) SetFaults(rules []Fault) error {
	rules = append([]Fault(nil), rules...)
	for i := range rules {
		if err := rules[i].Validate(); err != nil {
			return err
		}
	}
	s.faults.set(rules)
	return nil
}

// Start listens on addr (default 127.0.0.1:0, a free port; a missing host
// means 127.0.0.1) and serves until ctx ends or Close is called. It returns
// the base URL, e.g. http://127.0.0.1:9000. Call it again to add another
// listener (for a primary and a backup endpoint on one sandbox).
func (s *Server) Start(ctx context.Context, addr string) (string, error) {
	select {
	case <-s.closing:
		return "", errors.New("sandbox: closed")
	default:
	}
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	if host, port, err := net.SplitHostPort(addr); err == nil && host == "" {
		addr = net.JoinHostPort("127.0.0.1", port)
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return "", fmt.Errorf("sandbox: listen on %s: %w", addr, err)
	}
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		// Bounds a client that never finishes sending its body. It also
		// ends faults (latency, hang) that outlast it, which is fine: a
		// real gateway would have given up too.
		ReadTimeout:    2 * time.Minute,
		IdleTimeout:    2 * time.Minute,
		MaxHeaderBytes: 64 << 10,
		ErrorLog:       log.New(io.Discard, "", 0),
		BaseContext:    func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	url := "http://" + ln.Addr().String()
	s.mu.Lock()
	s.servers = append(s.servers, srv)
	s.urls = append(s.urls, url)
	s.mu.Unlock()
	go func() { _ = srv.Serve(ln) }()
	go func() {
		select {
		case <-ctx.Done():
		case <-s.closing: // also covers a Start racing with Close
		}
		_ = srv.Close()
	}()
	return url, nil
}

// URLs are the base URLs of every listener started.
func (s *Server) URLs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.urls...)
}

// Close stops every listener and drops open connections; hanging requests
// end at once.
func (s *Server) Close() error {
	s.closeOnce.Do(func() { close(s.closing) })
	s.mu.Lock()
	servers := s.servers
	s.servers = nil
	s.mu.Unlock()
	var first error
	for _, srv := range servers {
		if err := srv.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// ServeHTTP routes the admin endpoint, the metadata service and API calls.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rid := s.requestID()
	defer func() {
		if v := recover(); v != nil {
			// Last resort: a bug must cost one request, not the server.
			writeError(w, rid, errorf("InternalError", "The sandbox failed while serving this request: %v", v))
		}
	}()
	// The Date header is the server's clock, as Options.Clock says: clients
	// (tcx, the SDKs) measure their clock skew from it on SignatureExpire.
	w.Header().Set("Date", s.clock().UTC().Format(http.TimeFormat))
	switch {
	case strings.HasPrefix(r.URL.Path, "/_sandbox/"):
		s.serveAdmin(w, r)
	case strings.HasPrefix(r.URL.Path, "/latest/"):
		s.serveMetadata(w, r)
	default:
		s.serveAPI(w, r, rid)
	}
}

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request, rid string) {
	start := time.Now()
	var q request
	e := parse(w, r, &q)
	if e == nil {
		e = s.resolveProduct(&q)
	}
	code := "OK"
	defer func() {
		if s.logf != nil {
			s.logf("%s %s %s %s/%s %s %s", rid, r.Method, q.host, q.product, q.action, code, time.Since(start).Round(time.Microsecond))
		}
	}()

	if delay, f := s.faults.pick(&q, localAddr(r)); delay > 0 || f != nil {
		if !sleepCtx(r.Context(), delay) {
			code = "client gone"
			return
		}
		if f != nil {
			code = "fault " + string(f.Kind)
			s.applyFault(r.Context(), w, rid, f)
			return
		}
	}
	if e != nil {
		code = e.Code
		writeError(w, rid, e)
		return
	}
	p, e := s.verify(r, &q)
	if e != nil {
		code = e.Code
		writeError(w, rid, e)
		return
	}
	out, e := s.dispatch(r.Context(), &q, p)
	if e != nil {
		code = e.Code
		writeError(w, rid, e)
		return
	}
	writeSuccess(w, rid, out)
}

func localAddr(r *http.Request) string {
	if a, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr); ok {
		return a.String()
	}
	return ""
}
