package api

import (
	"fmt"
	"strings"
	"sync"
	"time"
)

// BreakerState is the region breaker's state.
type BreakerState int

// Breaker states.
const (
	BreakerClosed BreakerState = iota
	BreakerHalfOpen
	BreakerOpen
)

// String is "closed", "half-open" or "open".
func (s BreakerState) String() string {
	switch s {
	case BreakerClosed:
		return "closed"
	case BreakerHalfOpen:
		return "half-open"
	case BreakerOpen:
		return "open"
	}
	return fmt.Sprintf("BreakerState(%d)", int(s))
}

// BreakerProfile configures the region breaker. Zero fields take the Python
// SDK's defaults.
type BreakerProfile struct {
	// BackupEndpoint is the domain appended to "<service>." while open:
	// "ap-guangzhou.tencentcloudapi.com" by default. A full URL
	// ("http://127.0.0.1:9001") is used as the backup host verbatim.
	BackupEndpoint string
	MaxFailNum     int           // failures in the window before the ratio applies: 5
	MaxFailPercent float64       // failure ratio that trips: 0.75
	WindowInterval time.Duration // closed-state counting window: 300 s
	Timeout        time.Duration // open duration before half-open: 60 s
	MaxRequests    int           // successes in half-open that close it: 5
}

// Breaker defaults (Python SDK).
const (
	DefaultBackupEndpoint = "ap-guangzhou.tencentcloudapi.com"
	breakerConsecutive    = 5 // consecutive failures that trip regardless of the ratio
	maxTransitions        = 32
)

func (p BreakerProfile) withDefaults() BreakerProfile {
	if p.BackupEndpoint == "" {
		p.BackupEndpoint = DefaultBackupEndpoint
	}
	if p.MaxFailNum == 0 {
		p.MaxFailNum = 5
	}
	if p.MaxFailPercent == 0 {
		p.MaxFailPercent = 0.75
	}
	if p.WindowInterval == 0 {
		p.WindowInterval = 300 * time.Second
	}
	if p.Timeout == 0 {
		p.Timeout = 60 * time.Second
	}
	if p.MaxRequests == 0 {
		p.MaxRequests = 5
	}
	return p
}

func (p BreakerProfile) validate() error {
	if p.MaxFailPercent < 0 || p.MaxFailPercent > 1 {
		return fmt.Errorf("breaker failure ratio %v must be within 0 and 1", p.MaxFailPercent)
	}
	if p.MaxFailNum < 0 || p.MaxRequests < 0 || p.WindowInterval < 0 || p.Timeout < 0 {
		return fmt.Errorf("breaker settings must not be negative")
	}
	if strings.Contains(p.BackupEndpoint, "://") {
		if _, err := parseEndpoint(p.BackupEndpoint, "https"); err != nil {
			return fmt.Errorf("breaker backup: %w", err)
		}
	}
	return nil
}

// BreakerTransition is one state change.
type BreakerTransition struct {
	From, To BreakerState
	At       time.Time
	Reason   string
}

// BreakerSnapshot is the breaker's state at one moment, for display.
type BreakerSnapshot struct {
	State                                BreakerState
	Generation                           uint64
	Total, Failures, ConsecutiveFailures int
	Primary, Backup, LastHost            string
	Expiry                               time.Time
	Transitions                          []BreakerTransition
}

// Breaker is the per-client region breaker (地域容灾): after repeated
// failures on the primary host it sends requests to the backup host for a
// while, then probes the primary again. It follows the Python/Go SDK state
// machine; see docs/api.md. Evaluate-and-count happens under one lock.
type Breaker struct {
	p   BreakerProfile
	now func() time.Time

	mu                     sync.Mutex
	state                  BreakerState
	gen                    uint64
	total, failures        int
	consecSucc, consecFail int
	expiry                 time.Time
	primary, backup, last  string
	transitions            []BreakerTransition
	subs                   map[int]chan BreakerSnapshot
	nextSub                int
}

func newBreaker(p BreakerProfile, now func() time.Time) *Breaker {
	p = p.withDefaults()
	return &Breaker{p: p, now: now, expiry: now().Add(p.WindowInterval), subs: map[int]chan BreakerSnapshot{}}
}

// Profile returns the settings in effect, defaults filled in.
func (b *Breaker) Profile() BreakerProfile { return b.p }

// backupFor returns the scheme and host of the backup for a service.
func (b *Breaker) backupFor(service, scheme string) (string, string) {
	if strings.Contains(b.p.BackupEndpoint, "://") {
		u, err := parseEndpoint(b.p.BackupEndpoint, scheme)
		if err == nil {
			return u.Scheme, u.Host
		}
	}
	return scheme, service + "." + b.p.BackupEndpoint
}

// before picks the host for a request and returns the generation the
// outcome must be counted against.
func (b *Breaker) before(service, scheme, host string) (string, string, uint64) {
	bs, bh := b.backupFor(service, scheme)
	b.mu.Lock()
	defer b.mu.Unlock()
	changed := b.evaluate(b.now())
	b.primary, b.backup = host, bh
	if b.state == BreakerOpen {
		scheme, host = bs, bh
	}
	b.last = host
	if changed {
		b.notify()
	}
	return scheme, host, b.gen
}

// after counts an outcome, unless the generation moved on meanwhile.
func (b *Breaker) after(gen uint64, host string, success bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	changed := b.evaluate(now)
	if gen != b.gen || b.state == BreakerOpen {
		if changed {
			b.notify()
		}
		return
	}
	b.total++
	if success {
		b.consecSucc++
		b.consecFail = 0
		if b.state == BreakerHalfOpen && b.total-b.failures >= b.p.MaxRequests {
			b.setState(BreakerClosed, now, fmt.Sprintf("%d successes on %s while half-open", b.total-b.failures, host))
		}
	} else {
		b.failures++
		b.consecFail++
		b.consecSucc = 0
		switch {
		case b.state == BreakerHalfOpen:
			b.setState(BreakerOpen, now, "failure on "+host+" while half-open")
		case b.failures >= b.p.MaxFailNum && float64(b.failures)/float64(b.total) >= b.p.MaxFailPercent:
			b.setState(BreakerOpen, now, fmt.Sprintf("%d of %d requests to %s failed", b.failures, b.total, host))
		case b.consecFail >= breakerConsecutive:
			b.setState(BreakerOpen, now, fmt.Sprintf("%d consecutive failures on %s", b.consecFail, host))
		}
	}
	b.notify()
}

// evaluate applies time-based changes; it reports whether anything changed.
func (b *Breaker) evaluate(now time.Time) bool {
	if now.Before(b.expiry) {
		return false
	}
	switch b.state {
	case BreakerClosed:
		b.newGeneration(now)
	case BreakerOpen:
		b.setState(BreakerHalfOpen, now, fmt.Sprintf("open for %s: probing the primary", b.p.Timeout))
	default:
		return false // half-open has no expiry
	}
	return true
}

func (b *Breaker) newGeneration(now time.Time) {
	b.gen++
	b.total, b.failures, b.consecSucc, b.consecFail = 0, 0, 0, 0
	switch b.state {
	case BreakerClosed:
		b.expiry = now.Add(b.p.WindowInterval)
	case BreakerOpen:
		b.expiry = now.Add(b.p.Timeout)
	default:
		b.expiry = time.Time{}
	}
}

func (b *Breaker) setState(to BreakerState, now time.Time, reason string) {
	from := b.state
	b.state = to
	b.newGeneration(now)
	b.transitions = append(b.transitions, BreakerTransition{From: from, To: to, At: now, Reason: reason})
	if len(b.transitions) > maxTransitions {
		b.transitions = append(b.transitions[:0:0], b.transitions[len(b.transitions)-maxTransitions:]...)
	}
}

// Snapshot returns the current state. It evaluates time first, so an open
// breaker whose timeout has passed reads as half-open.
func (b *Breaker) Snapshot() BreakerSnapshot {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.evaluate(b.now()) {
		b.notify()
	}
	return b.snapshot()
}

func (b *Breaker) snapshot() BreakerSnapshot {
	s := BreakerSnapshot{State: b.state, Generation: b.gen, Total: b.total, Failures: b.failures,
		ConsecutiveFailures: b.consecFail, Primary: b.primary, Backup: b.backup, LastHost: b.last, Expiry: b.expiry}
	s.Transitions = append([]BreakerTransition(nil), b.transitions...)
	return s
}

// Subscribe delivers a snapshot after every change. The channel holds only
// the latest snapshot, so a slow reader skips intermediate ones and the
// client never blocks. cancel stops delivery and closes the channel.
func (b *Breaker) Subscribe() (updates <-chan BreakerSnapshot, cancel func()) {
	ch := make(chan BreakerSnapshot, 1)
	b.mu.Lock()
	id := b.nextSub
	b.nextSub++
	b.subs[id] = ch
	ch <- b.snapshot()
	b.mu.Unlock()
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			b.mu.Lock()
			delete(b.subs, id)
			b.mu.Unlock()
			close(ch)
		})
	}
}

// notify sends the snapshot to every subscriber, replacing an unread one.
// Called with b.mu held, which also serialises senders.
func (b *Breaker) notify() {
	if len(b.subs) == 0 {
		return
	}
	s := b.snapshot()
	for _, ch := range b.subs {
		select {
		case <-ch:
		default:
		}
		select {
		case ch <- s:
		default:
		}
	}
}
