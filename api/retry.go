package api

import (
	"encoding/json"
	"fmt"
	"time"
)

// RetryPolicy retries network failures and RequestLimitExceeded answers.
// The zero value means no retries, as in the official SDKs.
//
// Every attempt is signed afresh (new timestamp), the delay grows
// exponentially from BaseDelay with "equal jitter" (half fixed, half random)
// and never exceeds MaxDelay, and there is no sleep after the last attempt.
type RetryPolicy struct {
	// MaxAttempts counts the first try: 3 means up to two retries. 0 or 1: off.
	MaxAttempts int
	BaseDelay   time.Duration // 1 s when zero
	MaxDelay    time.Duration // 20 s when zero
	// ClientToken adds a fresh ClientToken parameter when the request has
	// none. Independently of this flag, whenever retries are on, a ClientToken
	// parameter that is present but empty (or null) is filled, and the same
	// value is sent on every attempt: the server then runs a create action
	// at most once even if an attempt timed out after it was executed.
	// tcx cannot know which actions accept ClientToken, so adding an absent
	// one is left to callers that do (the CLI and explorer consult the schema).
	ClientToken bool
}

func (p RetryPolicy) attempts() int {
	if p.MaxAttempts < 1 {
		return 1
	}
	return p.MaxAttempts
}

func (p RetryPolicy) validate() error {
	if p.MaxAttempts < 0 || p.MaxAttempts > 20 {
		return fmt.Errorf("retry attempts %d out of range: use 0 (off) to 20", p.MaxAttempts)
	}
	if p.BaseDelay < 0 || p.MaxDelay < 0 {
		return fmt.Errorf("retry delays must not be negative")
	}
	return nil
}

// delay is the wait after failed attempt n (1-based): base·2^(n-1), capped,
// then half of it fixed and half scaled by r in [0,1).
func (p RetryPolicy) delay(n int, r float64) time.Duration {
	base, maxD := p.BaseDelay, p.MaxDelay
	if base == 0 {
		base = time.Second
	}
	if maxD == 0 {
		maxD = 20 * time.Second
	}
	d := base
	for i := 1; i < n && d < maxD; i++ {
		d *= 2
	}
	if d > maxD {
		d = maxD
	}
	half := d / 2
	return half + time.Duration(float64(d-half)*r)
}

// retryable: no answer at all, or a rate limit. An HTTP 5xx or unparsable
// body is not retried: the request may have run.
func retryable(err error) bool {
	e, ok := AsError(err)
	if !ok {
		return false
	}
	return e.Code == CodeNetwork || IsThrottled(err)
}

// withClientToken fills a ClientToken parameter as described on RetryPolicy.
func withClientToken(params any, add bool) (any, error) {
	m, err := ParamsMap(params)
	if err != nil {
		return nil, err
	}
	v, present := m["ClientToken"]
	empty := v == nil || v == ""
	if (present && !empty) || (!present && !add) {
		return params, nil
	}
	cp := make(map[string]any, len(m)+1)
	for k, vv := range m {
		cp[k] = vv
	}
	cp["ClientToken"] = newUUID()
	b, err := json.Marshal(cp)
	if err != nil {
		return nil, fmt.Errorf("parameters cannot be encoded as JSON: %w", err)
	}
	return b, nil
}
