package api

import (
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestBreakerTripsServesBackupHalfOpensAndCloses(t *testing.T) {
	var primaryOK atomic.Bool
	primary := newAPIServer(t)
	primary.answer = func(n int, s seen, w http.ResponseWriter) {
		if !primaryOK.Load() {
			w.WriteHeader(502)
			w.Write([]byte("<html>bad gateway</html>"))
			return
		}
		fmt.Fprintf(w, `{"Response":{"RequestId":"p%d"}}`, n)
	}
	backup := newAPIServer(t)
	clk := newFakeClock()
	c := newTestClient(t, primary.URL, func(p *ClientProfile) {
		p.Clock = clk.Now
		p.Breaker = &BreakerProfile{BackupEndpoint: backup.URL, Timeout: 30 * time.Second}
	})
	b := c.Breaker()
	updates, cancel := b.Subscribe()
	defer cancel()
	if s := <-updates; s.State != BreakerClosed {
		t.Fatalf("initial snapshot %v", s.State)
	}

	// Five consecutive failures on the primary open the breaker.
	for i := range 5 {
		if _, err := call(t, c, cvmReq(nil)); !IsTransport(err) {
			t.Fatalf("call %d: err = %v", i, err)
		}
	}
	s := b.Snapshot()
	if s.State != BreakerOpen || len(s.Transitions) != 1 || !strings.Contains(s.Transitions[0].Reason, "5 of 5") {
		t.Fatalf("after 5 failures: %+v", s)
	}
	if u := latest(updates); u.State != BreakerOpen {
		t.Errorf("subscriber saw %v, want open", u.State)
	}

	// Open: requests go to the backup, signed for the backup's host.
	resp, err := call(t, c, cvmReq(nil))
	if err != nil {
		t.Fatal(err)
	}
	backupHost := strings.TrimPrefix(backup.URL, "http://")
	if resp.Host != backupHost {
		t.Errorf("served by %q, want backup %q", resp.Host, backupHost)
	}
	if got := backup.last(t); !got.SigOK || got.Host != backupHost {
		t.Errorf("backup request: host %q sig %v %s", got.Host, got.SigOK, got.SigWhy)
	}
	if n := len(primary.requests()); n != 5 {
		t.Errorf("primary saw %d requests while open, want 5", n)
	}

	// After the (shortened) timeout it half-opens and probes the primary.
	clk.Advance(31 * time.Second)
	if s := b.Snapshot(); s.State != BreakerHalfOpen {
		t.Fatalf("after timeout: %v", s.State)
	}
	primaryOK.Store(true)
	for i := range 4 {
		if _, err := call(t, c, cvmReq(nil)); err != nil {
			t.Fatal(err)
		}
		if s := b.Snapshot(); s.State != BreakerHalfOpen {
			t.Fatalf("closed after %d successes, want 5", i+1)
		}
	}
	if _, err := call(t, c, cvmReq(nil)); err != nil {
		t.Fatal(err)
	}
	s = b.Snapshot()
	if s.State != BreakerClosed || s.LastHost != strings.TrimPrefix(primary.URL, "http://") {
		t.Fatalf("after 5 half-open successes: %+v", s)
	}
	var path []string
	for _, tr := range s.Transitions {
		path = append(path, tr.From.String()+"→"+tr.To.String())
	}
	if got := strings.Join(path, " "); got != "closed→open open→half-open half-open→closed" {
		t.Errorf("transitions = %s", got)
	}
	if u := latest(updates); u.State != BreakerClosed {
		t.Errorf("subscriber saw %v, want closed", u.State)
	}
}

func latest(ch <-chan BreakerSnapshot) BreakerSnapshot {
	var s BreakerSnapshot
	for {
		select {
		case s = <-ch:
		default:
			return s
		}
	}
}

// driveBreaker feeds outcomes straight into a breaker.
func driveBreaker(b *Breaker, outcomes string) {
	for _, o := range outcomes {
		_, host, gen := b.before("cvm", "https", "cvm.tencentcloudapi.com")
		b.after(gen, host, o == 'S')
	}
}

func TestBreakerRatioTripAndHalfOpenFailure(t *testing.T) {
	clk := newFakeClock()
	b := newBreaker(BreakerProfile{}, clk.Now)
	driveBreaker(b, "FFFFS") // 4 of 5 failed, but fewer than 5 failures: stays closed
	if s := b.Snapshot(); s.State != BreakerClosed || s.Failures != 4 || s.ConsecutiveFailures != 0 {
		t.Fatalf("%+v", s)
	}
	driveBreaker(b, "F") // 5 of 6 = 83% ≥ 75%
	s := b.Snapshot()
	if s.State != BreakerOpen || !strings.Contains(s.Transitions[0].Reason, "5 of 6") {
		t.Fatalf("%+v", s)
	}
	if s.Backup != "cvm.ap-guangzhou.tencentcloudapi.com" {
		t.Errorf("default backup host = %q", s.Backup)
	}
	driveBreaker(b, "FFFFFFFF") // outcomes while open are not counted
	if s := b.Snapshot(); s.State != BreakerOpen || s.Total != 0 {
		t.Fatalf("open counted outcomes: %+v", s)
	}
	clk.Advance(60 * time.Second) // Python default timeout
	driveBreaker(b, "SF")
	if s := b.Snapshot(); s.State != BreakerOpen {
		t.Fatalf("a half-open failure must reopen: %+v", s)
	}
}

func TestBreakerWindowResetsAndStaleOutcomesAreDropped(t *testing.T) {
	clk := newFakeClock()
	b := newBreaker(BreakerProfile{}, clk.Now)
	driveBreaker(b, "FFFF")
	clk.Advance(300 * time.Second) // Python default window
	_, host, gen := b.before("cvm", "https", "cvm.tencentcloudapi.com")
	if s := b.Snapshot(); s.Failures != 0 || s.Generation != gen {
		t.Fatalf("window expiry must clear counters: %+v", s)
	}
	clk.Advance(300 * time.Second)
	b.Snapshot() // the window expires again: a new generation
	b.after(gen, host, false)
	if s := b.Snapshot(); s.Total != 0 {
		t.Errorf("outcome of an old generation counted: %+v", s)
	}
}

func TestBreakerSubscribersNeverBlockTheClient(t *testing.T) {
	b := newBreaker(BreakerProfile{}, newFakeClock().Now)
	ch, cancel := b.Subscribe()
	driveBreaker(b, strings.Repeat("S", 100)) // nobody reads: must not block
	if s := latest(ch); s.Total != 100 {
		t.Errorf("latest snapshot total %d, want 100", s.Total)
	}
	cancel()
	cancel() // idempotent
	driveBreaker(b, "S")
	if _, ok := <-ch; ok {
		t.Error("channel not closed after cancel")
	}
}

func TestBreakerCountsAPIAnswersAsSuccessExceptInternalError(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{nil, true},
		{&Error{Code: "InvalidParameter", RequestID: "r"}, true},
		{&Error{Code: "InternalError", RequestID: "r"}, false},
		{&Error{Code: CodeNetwork}, false},
		{&Error{Code: CodeHTTPStatus, Status: 502}, false},
	} {
		if got := breakerSuccess(tc.err); got != tc.want {
			t.Errorf("breakerSuccess(%v) = %v", tc.err, got)
		}
	}
}

func TestBreakerTripsOnFiveConsecutiveFailuresBelowTheRatio(t *testing.T) {
	b := newBreaker(BreakerProfile{}, newFakeClock().Now)
	driveBreaker(b, "SSSSSSSSSSFFFF")
	if s := b.Snapshot(); s.State != BreakerClosed {
		t.Fatalf("tripped early: %+v", s)
	}
	driveBreaker(b, "F") // 5 of 15 failed (33%), but 5 in a row
	s := b.Snapshot()
	if s.State != BreakerOpen || !strings.Contains(s.Transitions[0].Reason, "5 consecutive") {
		t.Fatalf("%+v", s)
	}
}

func TestBreakerUnderConcurrentCalls(t *testing.T) {
	srv := newAPIServer(t)
	backup := newAPIServer(t)
	c := newTestClient(t, srv.URL, func(p *ClientProfile) { p.Breaker = &BreakerProfile{BackupEndpoint: backup.URL} })
	updates, cancel := c.Breaker().Subscribe()
	defer cancel()
	done := make(chan error, 8)
	for range 8 {
		go func() {
			var err error
			for range 10 {
				if _, e := call(t, c, cvmReq(nil)); e != nil {
					err = e
				}
			}
			done <- err
		}()
	}
	for range 8 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	if s := latest(updates); s.State != BreakerClosed || s.Total != 80 || s.Failures != 0 {
		t.Errorf("after 80 concurrent successes: %+v", s)
	}
}
