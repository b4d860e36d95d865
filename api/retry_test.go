package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"
)

// fakeClock is a settable clock for timestamps and the breaker.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{t: time.Date(2026, 11, 29, 3, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// recordSleep records delays and advances the clock instead of sleeping.
type recordSleep struct {
	mu     sync.Mutex
	delays []time.Duration
	clock  *fakeClock
}

func (r *recordSleep) Sleep(_ context.Context, d time.Duration) error {
	r.mu.Lock()
	r.delays = append(r.delays, d)
	r.mu.Unlock()
	r.clock.Advance(d)
	return nil
}

func TestRetriesRateLimitsReSignedWithBackoffAndNoFinalSleep(t *testing.T) {
	srv := newAPIServer(t)
	srv.answer = func(n int, s seen, w http.ResponseWriter) {
		if !s.SigOK {
			fmt.Fprintf(w, `{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":%q},"RequestId":"bad"}}`, s.SigWhy)
			return
		}
		if n <= 2 {
			fmt.Fprintf(w, `{"Response":{"Error":{"Code":"RequestLimitExceeded.UinLimitExceeded","Message":"slow down"},"RequestId":"r%d"}}`, n)
			return
		}
		fmt.Fprintf(w, `{"Response":{"RequestId":"r%d"}}`, n)
	}
	clk := newFakeClock()
	rs := &recordSleep{clock: clk}
	c := newTestClient(t, srv.URL, func(p *ClientProfile) {
		p.Clock, p.Sleep = clk.Now, rs.Sleep
		p.Retry = RetryPolicy{MaxAttempts: 4, BaseDelay: 4 * time.Second, MaxDelay: 30 * time.Second}
	})
	resp, err := call(t, c, cvmReq(`{"ClientToken": "", "Limit": 1}`))
	if err != nil {
		t.Fatal(err)
	}
	if resp.Attempts != 3 || resp.RequestID != "r3" {
		t.Fatalf("attempts %d rid %s", resp.Attempts, resp.RequestID)
	}
	if len(rs.delays) != 2 {
		t.Fatalf("slept %v, want two sleeps", rs.delays)
	}
	for i, d := range rs.delays {
		full := 4 * time.Second << i
		if d < full/2 || d > full {
			t.Errorf("delay %d = %v, want within [%v, %v]", i+1, d, full/2, full)
		}
	}
	reqs := srv.requests()
	tokens := map[string]bool{}
	stamps := map[string]bool{}
	for _, r := range reqs {
		m := mustJSON(t, r.Body)
		tok, _ := m["ClientToken"].(string)
		tokens[tok] = true
		stamps[r.Header.Get("X-TC-Timestamp")] = true
	}
	if len(tokens) != 1 || tokens[""] {
		t.Errorf("ClientToken across attempts = %v, want one non-empty value", tokens)
	}
	if len(stamps) != 3 {
		t.Errorf("timestamps %v: each attempt must be signed afresh", stamps)
	}
}

func TestRetriesStopAtMaxWithoutSleepingAfterTheLast(t *testing.T) {
	clk := newFakeClock()
	rs := &recordSleep{clock: clk}
	c := newTestClient(t, "http://127.0.0.1:1", func(p *ClientProfile) {
		p.Clock, p.Sleep = clk.Now, rs.Sleep
		p.Retry = RetryPolicy{MaxAttempts: 3, BaseDelay: 10 * time.Second, MaxDelay: 15 * time.Second}
	})
	_, err := call(t, c, cvmReq(nil))
	if ae, ok := AsError(err); !ok || ae.Code != CodeNetwork {
		t.Fatalf("err = %v", err)
	}
	if len(rs.delays) != 2 {
		t.Fatalf("delays = %v, want 2 (none after the last attempt)", rs.delays)
	}
	if rs.delays[1] > 15*time.Second || rs.delays[1] < 7500*time.Millisecond {
		t.Errorf("second delay %v not capped at 15s with jitter", rs.delays[1])
	}
}

func TestNoRetryForOtherErrorsOrWhenOff(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"Response":{"Error":{"Code":"InvalidParameter","Message":"x"},"RequestId":"r"}}`))
	})
	rs := &recordSleep{clock: newFakeClock()}
	c := newTestClient(t, srv.URL, func(p *ClientProfile) { p.Sleep = rs.Sleep; p.Retry.MaxAttempts = 5 })
	if _, err := call(t, c, cvmReq(nil)); !IsAPIError(err) || len(rs.delays) != 0 {
		t.Fatalf("err %v delays %v", err, rs.delays)
	}
	limited := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"Response":{"Error":{"Code":"RequestLimitExceeded","Message":"x"},"RequestId":"r"}}`))
	})
	c = newTestClient(t, limited.URL, func(p *ClientProfile) { p.Sleep = rs.Sleep })
	if _, err := call(t, c, cvmReq(nil)); !IsThrottled(err) || len(rs.delays) != 0 {
		t.Fatalf("retries off by default: err %v delays %v", err, rs.delays)
	}
}

func TestRetrySleepHonoursCancellation(t *testing.T) {
	c := newTestClient(t, "http://127.0.0.1:1", func(p *ClientProfile) {
		p.Retry = RetryPolicy{MaxAttempts: 3}
		p.Sleep = func(ctx context.Context, d time.Duration) error { return context.Canceled }
	})
	_, err := call(t, c, cvmReq(nil))
	if ae, ok := AsError(err); !ok || ae.Code != CodeNetwork {
		t.Fatalf("err = %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := sleepCtx(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Errorf("sleepCtx ignored cancellation: %v", err)
	}
}

func TestClientTokenAddedOnlyWhenAskedOrPresent(t *testing.T) {
	srv := newAPIServer(t)
	c := newTestClient(t, srv.URL, func(p *ClientProfile) { p.Retry = RetryPolicy{MaxAttempts: 2} })
	if _, err := call(t, c, cvmReq(`{"Limit":1}`)); err != nil {
		t.Fatal(err)
	}
	if _, ok := mustJSON(t, srv.last(t).Body)["ClientToken"]; ok {
		t.Error("ClientToken added although absent and not asked for")
	}
	c = newTestClient(t, srv.URL, func(p *ClientProfile) { p.Retry = RetryPolicy{MaxAttempts: 2, ClientToken: true} })
	if _, err := call(t, c, cvmReq(`{"Limit":1}`)); err != nil {
		t.Fatal(err)
	}
	if tok, _ := mustJSON(t, srv.last(t).Body)["ClientToken"].(string); len(tok) != 36 {
		t.Errorf("ClientToken = %q, want a UUID", tok)
	}
	if _, err := call(t, c, cvmReq(`{"ClientToken":"mine"}`)); err != nil {
		t.Fatal(err)
	}
	if tok := mustJSON(t, srv.last(t).Body)["ClientToken"]; tok != "mine" {
		t.Errorf("caller's ClientToken replaced: %v", tok)
	}
}
