package credentials

import (
	"context"
	"time"

	"github.com/tcx-dev/tcx/api"
)

// Static is a fixed credential: an id, a key, an optional token and an
// optional expiry. Retrieve validates it every time (empty values and stray
// whitespace are refused, naming the value and Source) and refuses it once
// it has expired.
type Static struct {
	Credential api.Credential
	// Now is the clock for the expiry check; nil means time.Now.
	Now func() time.Time
}

// Retrieve returns the credential after validating it.
func (s Static) Retrieve(ctx context.Context) (api.Credential, error) {
	c, err := api.StaticProvider{Credential: s.Credential}.Retrieve(ctx)
	if err != nil {
		return api.Credential{}, err
	}
	if !c.Expires.IsZero() {
		now := time.Now
		if s.Now != nil {
			now = s.Now
		}
		if !now().Before(c.Expires) {
			return api.Credential{}, &api.CredentialError{Msg: "the temporary credential " + c.MaskedID() + " from " + c.Source + " expired at " + c.Expires.UTC().Format(time.RFC3339)}
		}
	}
	return c, nil
}

// String describes the provider without secrets.
func (s Static) String() string { return "static " + s.Credential.String() }

// GoString keeps %#v from printing secrets.
func (s Static) GoString() string { return s.String() }
