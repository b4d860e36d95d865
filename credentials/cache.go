package credentials

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/tcx-dev/tcx/api"
)

// Cache defaults.
const (
	DefaultWindow       = 5 * time.Minute
	DefaultRetryAfter   = 10 * time.Second
	DefaultFetchTimeout = 30 * time.Second
)

// Cache wraps a provider of temporary credentials. It returns the cached
// value until fewer than Window remain, then refreshes: one refresh in
// flight however many goroutines ask; callers that still hold a valid value
// get it at once instead of waiting; a failed refresh keeps the old value
// until it expires (and is retried at most every RetryAfter), so a flaky
// STS or metadata service does not fail requests that could still be
// signed.
type Cache struct {
	Provider api.CredentialProvider
	// Window is how long before expiry to refresh; 0 means DefaultWindow.
	// A credential that lives less than twice Window is refreshed at half
	// its life instead.
	Window time.Duration
	// RetryAfter spaces refresh attempts after a failure; 0 means DefaultRetryAfter.
	RetryAfter time.Duration
	// Timeout bounds one refresh, which runs on its own so that one caller
	// giving up does not fail the others; 0 means DefaultFetchTimeout.
	Timeout time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time

	mu        sync.Mutex
	cred      api.Credential
	have      bool
	refreshAt time.Time
	flight    *flight
	lastErr   error
	lastErrAt time.Time
	fetches   int
}

type flight struct {
	done chan struct{}
	cred api.Credential
	err  error
}

// CacheStatus is what the cache holds, without secrets.
type CacheStatus struct {
	Cached    bool
	MaskedID  string
	Expires   time.Time
	RefreshAt time.Time
	Fetches   int   // calls made to the wrapped provider
	LastError error // of the last refresh, nil after a success
}

// Status reports the cache's state.
func (c *Cache) Status() CacheStatus {
	c.mu.Lock()
	defer c.mu.Unlock()
	return CacheStatus{Cached: c.have, MaskedID: c.cred.MaskedID(), Expires: c.cred.Expires, RefreshAt: c.refreshAt, Fetches: c.fetches, LastError: c.lastErr}
}

// Invalidate forgets the cached value; the next Retrieve fetches.
func (c *Cache) Invalidate() {
	c.mu.Lock()
	c.have = false
	c.cred = api.Credential{}
	c.mu.Unlock()
}

func (c *Cache) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// Retrieve returns the cached credential, refreshing it when due.
func (c *Cache) Retrieve(ctx context.Context) (api.Credential, error) {
	now := c.now()
	c.mu.Lock()
	if c.have && (c.cred.Expires.IsZero() || now.Before(c.refreshAt)) {
		cred := c.cred
		c.mu.Unlock()
		return cred, nil
	}
	old := c.cred
	valid := c.have && now.Before(old.Expires)
	retryAfter := c.RetryAfter
	if retryAfter <= 0 {
		retryAfter = DefaultRetryAfter
	}
	if valid && (c.flight != nil || (c.lastErr != nil && now.Sub(c.lastErrAt) < retryAfter)) {
		c.mu.Unlock()
		return old, nil
	}
	f := c.flight
	if f == nil {
		f = &flight{done: make(chan struct{})}
		c.flight = f
		go c.fetch(context.WithoutCancel(ctx), f)
	}
	c.mu.Unlock()

	select {
	case <-f.done:
	case <-ctx.Done():
		if valid {
			return old, nil
		}
		return api.Credential{}, ctx.Err()
	}
	if f.err == nil {
		return f.cred, nil
	}
	if valid {
		return old, nil
	}
	if c.have && !old.Expires.IsZero() {
		return api.Credential{}, fmt.Errorf("refreshing %s (expired %s): %w", old.MaskedID(), old.Expires.UTC().Format(time.RFC3339), f.err)
	}
	return api.Credential{}, f.err
}

func (c *Cache) fetch(ctx context.Context, f *flight) {
	t := c.Timeout
	if t <= 0 {
		t = DefaultFetchTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, t)
	defer cancel()
	cred, err := c.Provider.Retrieve(ctx)
	now := c.now()
	if err == nil && !cred.Expires.IsZero() && !now.Before(cred.Expires) {
		err = fmt.Errorf("%s returned a credential that expired at %s", cred.Source, cred.Expires.UTC().Format(time.RFC3339))
	}
	c.mu.Lock()
	c.fetches++
	if err == nil {
		c.cred, c.have, c.lastErr = cred, true, nil
		c.refreshAt = refreshTime(now, cred.Expires, c.Window)
	} else {
		c.lastErr, c.lastErrAt = err, now
	}
	f.cred, f.err = cred, err
	c.flight = nil
	c.mu.Unlock()
	close(f.done)
}

// refreshTime is Window before expiry, but no earlier than half the
// remaining life so a short-lived credential is not refreshed on every call.
func refreshTime(now, exp time.Time, window time.Duration) time.Time {
	if exp.IsZero() {
		return time.Time{}
	}
	if window <= 0 {
		window = DefaultWindow
	}
	at := exp.Add(-window)
	if half := now.Add(exp.Sub(now) / 2); at.Before(half) {
		at = half
	}
	return at
}

// String describes the cache without secrets (fmt would otherwise print
// the cached key).
func (c *Cache) String() string {
	s := c.Status()
	if !s.Cached {
		return fmt.Sprintf("cache of %v (empty)", c.Provider)
	}
	return fmt.Sprintf("cache of %v: %s expires %s", c.Provider, s.MaskedID, s.Expires.UTC().Format(time.RFC3339))
}

// GoString keeps %#v from printing secrets.
func (c *Cache) GoString() string { return c.String() }
