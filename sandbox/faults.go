package sandbox

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// FaultKind is what a fault does to a matching request.
type FaultKind string

// Fault kinds.
const (
	// FaultLatency only delays the request (by Latency), then serves it.
	FaultLatency FaultKind = "latency"
	// FaultInternalError answers the InternalError code.
	FaultInternalError FaultKind = "internal-error"
	// FaultRateLimit answers RequestLimitExceeded.
	FaultRateLimit FaultKind = "ratelimit"
	// FaultHTML answers an HTML page with HTTP Status (502 by default), as
	// a gateway in front of the service would.
	FaultHTML FaultKind = "html"
	// FaultReset drops the connection without an answer (TCP RST).
	FaultReset FaultKind = "reset"
	// FaultHang holds the request until the client gives up (or MaxHang).
	FaultHang FaultKind = "hang"
)

// Fault is one fault rule. A request matches when every selector that is
// set matches; the rule then fires with probability Rate.
//
// Host and Addr let two endpoints of one sandbox behave differently: Host
// matches the Host header (with or without its port), Addr the local
// address of the listener that accepted the connection. So a client whose
// primary endpoint is 127.0.0.1:9000 and backup 127.0.0.1:9001 (two
// listeners of the same sandbox) sees failures on one only.
type Fault struct {
	Kind    FaultKind `json:"kind"`
	Action  string    `json:"action,omitempty"`  // exact action name
	Product string    `json:"product,omitempty"` // product (service) name
	Host    string    `json:"host,omitempty"`    // Host header
	Addr    string    `json:"addr,omitempty"`    // listener address, host:port
	// Rate is the probability in (0, 1] that a matching request is hit;
	// 0 means 1.
	Rate float64 `json:"rate,omitempty"`
	// Latency is added before the fault (or before the answer for
	// FaultLatency), as a Go duration: "250ms".
	Latency Duration `json:"latency,omitempty"`
	// Status is the HTTP status of FaultHTML (default 502).
	Status int `json:"status,omitempty"`
}

// Duration is a time.Duration written as text in JSON ("1.5s").
type Duration time.Duration

// MarshalJSON writes d as a Go duration string.
func (d Duration) MarshalJSON() ([]byte, error) {
	return json.Marshal(time.Duration(d).String())
}

// UnmarshalJSON reads a Go duration string or a number of milliseconds.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		var ms float64
		if err2 := json.Unmarshal(b, &ms); err2 != nil {
			return fmt.Errorf("latency: want a duration such as \"250ms\"")
		}
		*d = Duration(ms * float64(time.Millisecond))
		return nil
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("latency: %w", err)
	}
	*d = Duration(v)
	return nil
}

// Validate checks a rule and fills defaults where the kind implies them.
func (f *Fault) Validate() error {
	switch strings.ToLower(string(f.Kind)) {
	case "latency":
		f.Kind = FaultLatency
	case "internal-error", "internalerror", "internal", "error":
		f.Kind = FaultInternalError
	case "ratelimit", "requestlimitexceeded", "throttle":
		f.Kind = FaultRateLimit
	case "html", "html500", "html502", "html503", "html504":
		if n, err := strconv.Atoi(strings.TrimPrefix(strings.ToLower(string(f.Kind)), "html")); err == nil && f.Status == 0 {
			f.Status = n
		}
		f.Kind = FaultHTML
	case "reset":
		f.Kind = FaultReset
	case "hang", "timeout":
		f.Kind = FaultHang
	default:
		return fmt.Errorf("fault kind %q: want latency, internal-error, ratelimit, html (or html502…), reset or hang", f.Kind)
	}
	if f.Kind == FaultHTML && f.Status == 0 {
		f.Status = http.StatusBadGateway
	}
	if f.Status != 0 && (f.Status < 400 || f.Status > 599) {
		return fmt.Errorf("fault status %d: want 400–599", f.Status)
	}
	if f.Rate < 0 || f.Rate > 1 {
		return fmt.Errorf("fault rate %v: want 0 < rate ≤ 1", f.Rate)
	}
	if f.Latency < 0 {
		return fmt.Errorf("fault latency must not be negative")
	}
	return nil
}

// ParseFault parses a --fault flag: either a JSON object or comma-separated
// key=value pairs, e.g. "kind=html502,host=127.0.0.1:9000,rate=0.5".
func ParseFault(s string) (Fault, error) {
	var f Fault
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "{") {
		dec := json.NewDecoder(strings.NewReader(s))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&f); err != nil {
			return f, fmt.Errorf("fault %s: %w", s, err)
		}
		return f, f.Validate()
	}
	for _, kv := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(kv), "=")
		if !ok {
			if f.Kind == "" && !strings.Contains(kv, "=") {
				f.Kind = FaultKind(strings.TrimSpace(kv)) // "reset" alone
				continue
			}
			return f, fmt.Errorf("fault %q: want key=value pairs", s)
		}
		switch strings.ToLower(k) {
		case "kind":
			f.Kind = FaultKind(v)
		case "action":
			f.Action = v
		case "product", "service":
			f.Product = v
		case "host":
			f.Host = v
		case "addr":
			f.Addr = v
		case "rate":
			r, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return f, fmt.Errorf("fault rate %q: %w", v, err)
			}
			f.Rate = r
		case "latency":
			d, err := time.ParseDuration(v)
			if err != nil {
				return f, fmt.Errorf("fault latency %q: %w", v, err)
			}
			f.Latency = Duration(d)
		case "status":
			n, err := strconv.Atoi(v)
			if err != nil {
				return f, fmt.Errorf("fault status %q: %w", v, err)
			}
			f.Status = n
		default:
			return f, fmt.Errorf("fault %q: unknown key %q (kind, action, product, host, addr, rate, latency, status)", s, k)
		}
	}
	return f, f.Validate()
}

// faultSet is the live list of rules, changed by the admin endpoint.
type faultSet struct {
	mu    sync.Mutex
	rules []Fault
	rng   *rand.Rand
}

func newFaultSet(rules []Fault, seed int64) *faultSet {
	return &faultSet{rules: append([]Fault(nil), rules...), rng: rand.New(rand.NewPCG(uint64(seed), 0x7463782d66617563))}
}

func (fs *faultSet) list() []Fault {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return append([]Fault{}, fs.rules...)
}

func (fs *faultSet) set(rules []Fault) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.rules = append([]Fault(nil), rules...)
}

func (fs *faultSet) add(rules []Fault) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.rules = append(fs.rules, rules...)
}

// pick returns the total latency to add and the first terminal fault that
// fires for the request (nil if none).
func (fs *faultSet) pick(q *request, localAddr string) (time.Duration, *Fault) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if len(fs.rules) == 0 {
		return 0, nil
	}
	var delay time.Duration
	for i := range fs.rules {
		f := &fs.rules[i]
		if !f.matches(q, localAddr) {
			continue
		}
		if f.Rate > 0 && f.Rate < 1 && fs.rng.Float64() >= f.Rate {
			continue
		}
		delay += time.Duration(f.Latency)
		if f.Kind != FaultLatency {
			hit := *f
			return delay, &hit
		}
	}
	return delay, nil
}

func (f *Fault) matches(q *request, localAddr string) bool {
	if f.Action != "" && !strings.EqualFold(f.Action, q.action) {
		return false
	}
	if f.Product != "" && !strings.EqualFold(f.Product, q.product) && !strings.EqualFold(f.Product, q.service) && !strings.EqualFold(f.Product, hostLabel(q.host)) {
		return false
	}
	if f.Host != "" && !hostMatches(f.Host, q.host) {
		return false
	}
	if f.Addr != "" && !strings.EqualFold(f.Addr, localAddr) {
		return false
	}
	return true
}

// hostMatches compares a rule's host with a Host header; a rule without a
// port matches any port.
func hostMatches(rule, host string) bool {
	if strings.EqualFold(rule, host) {
		return true
	}
	if _, _, err := net.SplitHostPort(rule); err == nil {
		return false
	}
	h, _, err := net.SplitHostPort(host)
	return err == nil && strings.EqualFold(rule, h)
}

// applyFault carries out a terminal fault: it answers or drops the request.
func (s *Server) applyFault(ctx context.Context, w http.ResponseWriter, rid string, f *Fault) {
	switch f.Kind {
	case FaultInternalError:
		writeError(w, rid, errorf("InternalError", "An internal error has occurred. Retry your request, but if the problem persists, contact us. (sandbox fault)"))
	case FaultRateLimit:
		writeError(w, rid, errorf("RequestLimitExceeded", "Your current request times equals to `20` in a second, which exceeds the frequency limit `20` for a second. Please reduce the frequency of calls. (sandbox fault)"))
	case FaultHTML:
		body := fmt.Sprintf("<html>\r\n<head><title>%d %s</title></head>\r\n<body>\r\n<center><h1>%d %s</h1></center>\r\n<hr><center>stgw</center>\r\n</body>\r\n</html>\r\n",
			f.Status, http.StatusText(f.Status), f.Status, http.StatusText(f.Status))
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(f.Status)
		_, _ = w.Write([]byte(body))
	case FaultReset:
		resetConnection(w)
	case FaultHang:
		t := time.NewTimer(s.maxHang)
		defer t.Stop()
		select {
		case <-ctx.Done():
		case <-t.C:
		case <-s.closing:
		}
		// The client has gone (or the bound was reached): drop the
		// connection rather than answer late.
		resetConnection(w)
	default:
		writeError(w, rid, errorf("InternalError", "The sandbox has a fault rule of unknown kind %q.", f.Kind))
	}
}

// resetConnection closes the client connection abruptly (RST when possible).
func resetConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		// Not a plain HTTP/1 connection (a test recorder): the closest
		// thing is an empty 502.
		w.WriteHeader(http.StatusBadGateway)
		return
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		return
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}

// sleepCtx waits for d or until ctx ends; it reports whether d elapsed.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// Std returns d as a time.Duration.
func (d Duration) Std() time.Duration { return time.Duration(d) }
