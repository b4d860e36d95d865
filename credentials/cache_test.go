package credentials

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tcx-dev/tcx/api"
)

// clock is a settable clock safe for concurrent reads.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// countingProvider issues credentials that live `life`, numbered by call.
type countingProvider struct {
	clk   *clock
	life  time.Duration
	calls atomic.Int64
	fail  atomic.Bool
	gate  chan struct{} // when set, each fetch waits for it
}

func (p *countingProvider) Retrieve(ctx context.Context) (api.Credential, error) {
	n := p.calls.Add(1)
	if p.gate != nil {
		select {
		case <-p.gate:
		case <-ctx.Done():
			return api.Credential{}, ctx.Err()
		}
	}
	if p.fail.Load() {
		return api.Credential{}, errors.New("sts is down")
	}
	return api.Credential{SecretID: fmt.Sprintf("AKIDcache%06d", n), SecretKey: "k-" + leakMark, Token: "t-" + leakMark,
		Expires: p.clk.now().Add(p.life), Source: "test"}, nil
}

func TestCacheReusesUntilTheWindow(t *testing.T) {
	clk := &clock{t: time.Unix(1_800_000_000, 0)}
	p := &countingProvider{clk: clk, life: time.Hour}
	c := &Cache{Provider: p, Window: 5 * time.Minute, Now: clk.now}
	ctx := context.Background()
	first, err := c.Retrieve(ctx)
	if err != nil {
		t.Fatal(err)
	}
	clk.add(54 * time.Minute)
	if got, _ := c.Retrieve(ctx); got.SecretID != first.SecretID || p.calls.Load() != 1 {
		t.Errorf("refreshed too early: %s after %d calls", got.SecretID, p.calls.Load())
	}
	clk.add(2 * time.Minute) // 4 minutes left: inside the window
	got, err := c.Retrieve(ctx)
	if err != nil || got.SecretID == first.SecretID || p.calls.Load() != 2 {
		t.Errorf("no refresh inside the window: %s, %v, %d calls", got.SecretID, err, p.calls.Load())
	}
	see(c, c.String(), fmt.Sprintf("%#v %+v", c, c), c.Status())
}

func TestCacheShortLivedCredentialRefreshesAtHalfLife(t *testing.T) {
	clk := &clock{t: time.Unix(1_800_000_000, 0)}
	p := &countingProvider{clk: clk, life: 4 * time.Minute}
	c := &Cache{Provider: p, Window: 5 * time.Minute, Now: clk.now}
	for range 5 {
		if _, err := c.Retrieve(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if p.calls.Load() != 1 {
		t.Errorf("a credential shorter than the window was fetched %d times", p.calls.Load())
	}
	clk.add(2*time.Minute + time.Second)
	_, _ = c.Retrieve(context.Background())
	if p.calls.Load() != 2 {
		t.Errorf("not refreshed after half its life: %d calls", p.calls.Load())
	}
}

func TestCacheOneRefreshUnderConcurrency(t *testing.T) {
	clk := &clock{t: time.Unix(1_800_000_000, 0)}
	p := &countingProvider{clk: clk, life: time.Hour, gate: make(chan struct{})}
	c := &Cache{Provider: p, Now: clk.now}
	ctx := context.Background()

	// Cold start: every goroutine waits for the single fetch.
	var wg sync.WaitGroup
	ids := make([]string, 64)
	errs := make([]error, 64)
	for i := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cr, err := c.Retrieve(ctx)
			ids[i], errs[i] = cr.SecretID, err
		}()
	}
	time.Sleep(20 * time.Millisecond)
	close(p.gate)
	wg.Wait()
	for i := range ids {
		if errs[i] != nil || ids[i] != ids[0] {
			t.Fatalf("goroutine %d: %s %v (want %s)", i, ids[i], errs[i], ids[0])
		}
	}
	if n := p.calls.Load(); n != 1 {
		t.Fatalf("cold start fetched %d times", n)
	}

	// Inside the window: one refresh; everybody else gets the still-valid
	// value at once.
	p.gate = make(chan struct{})
	clk.add(57 * time.Minute)
	var old atomic.Int64
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cr, err := c.Retrieve(ctx)
			if err != nil {
				t.Error(err)
			}
			if cr.SecretID == ids[0] {
				old.Add(1)
			}
		}()
	}
	time.Sleep(20 * time.Millisecond)
	close(p.gate)
	wg.Wait()
	if n := p.calls.Load(); n != 2 {
		t.Errorf("window refresh fetched %d times, want 1 more", n-1)
	}
	if old.Load() < 63 {
		t.Errorf("only %d callers got the still-valid value without waiting", old.Load())
	}
	if cr, _ := c.Retrieve(ctx); cr.SecretID == ids[0] {
		t.Errorf("refresh result not cached")
	}
}

func TestCacheFailedRefreshKeepsOldValueUntilExpiry(t *testing.T) {
	clk := &clock{t: time.Unix(1_800_000_000, 0)}
	p := &countingProvider{clk: clk, life: time.Hour}
	c := &Cache{Provider: p, Now: clk.now, RetryAfter: 10 * time.Second}
	ctx := context.Background()
	first, _ := c.Retrieve(ctx)
	p.fail.Store(true)
	clk.add(58 * time.Minute)
	got, err := c.Retrieve(ctx)
	if err != nil || got.SecretID != first.SecretID {
		t.Fatalf("failed refresh: %s %v, want the old value", got.SecretID, err)
	}
	if st := c.Status(); st.LastError == nil {
		t.Errorf("status does not report the failed refresh")
	}
	calls := p.calls.Load()
	for range 10 {
		_, _ = c.Retrieve(ctx)
	}
	if p.calls.Load() != calls {
		t.Errorf("retried %d times within RetryAfter", p.calls.Load()-calls)
	}
	clk.add(11 * time.Second)
	_, _ = c.Retrieve(ctx)
	if p.calls.Load() != calls+1 {
		t.Errorf("no retry after RetryAfter")
	}
	clk.add(2 * time.Minute) // now expired
	_, err = c.Retrieve(ctx)
	see(err)
	if err == nil {
		t.Fatal("expired credential returned after failed refresh")
	}
	mustContain(t, err.Error(), "sts is down", "expired")
	p.fail.Store(false)
	if got, err := c.Retrieve(ctx); err != nil || got.SecretID == first.SecretID {
		t.Errorf("recovery: %s %v", got.SecretID, err)
	}
}

func TestCacheWaiterHonoursItsContext(t *testing.T) {
	clk := &clock{t: time.Unix(1_800_000_000, 0)}
	p := &countingProvider{clk: clk, life: time.Hour, gate: make(chan struct{})}
	defer close(p.gate)
	c := &Cache{Provider: p, Now: clk.now}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if _, err := c.Retrieve(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err %v, want deadline exceeded", err)
	}
}

func TestCacheRefusesAnAlreadyExpiredAnswer(t *testing.T) {
	clk := &clock{t: time.Unix(1_800_000_000, 0)}
	p := &countingProvider{clk: clk, life: -time.Second}
	c := &Cache{Provider: p, Now: clk.now}
	_, err := c.Retrieve(context.Background())
	see(err)
	if err == nil {
		t.Fatal("accepted an expired credential")
	}
	mustContain(t, err.Error(), "returned a credential that expired")
}

func TestCVMRoleRefreshesWith300sLeft(t *testing.T) {
	w := newWorld(t)
	clk := &clock{t: w.now}
	w.meta = newFakeMeta(t, "r", clk.now)
	o := w.options()
	o.Now = clk.now
	c := NewCVMRole(o, "")
	ctx := context.Background()
	if _, err := c.Retrieve(ctx); err != nil {
		t.Fatal(err)
	}
	clk.add(6*time.Hour - 301*time.Second)
	_, _ = c.Retrieve(ctx)
	if n := w.meta.creds.Load(); n != 1 {
		t.Errorf("refreshed with more than 300 s left (%d fetches)", n)
	}
	clk.add(2 * time.Second)
	_, _ = c.Retrieve(ctx)
	if n := w.meta.creds.Load(); n != 2 {
		t.Errorf("not refreshed with fewer than 300 s left (%d fetches)", n)
	}
	see(c.String(), fmt.Sprintf("%v %+v %#v", c, c, c))
}

func TestChainProviderUnderManyGoroutinesFetchesOnce(t *testing.T) {
	w := newWorld(t)
	clk := &clock{t: w.now}
	w.meta = newFakeMeta(t, "r", clk.now)
	o := w.options()
	o.Now = clk.now
	ch := NewChain(o)
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				if _, err := ch.Retrieve(context.Background()); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if n := w.meta.creds.Load(); n != 1 {
		t.Errorf("metadata credential fetched %d times by 1000 calls", n)
	}
	clk.add(6*time.Hour - 200*time.Second) // inside the 300 s window
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := ch.Retrieve(context.Background()); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	deadline := time.Now().Add(2 * time.Second)
	for w.meta.creds.Load() < 2 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if n := w.meta.creds.Load(); n != 2 {
		t.Errorf("refresh fetched %d times, want exactly one more", n-1)
	}
}
