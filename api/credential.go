package api

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"
)

// Credential is one resolved key pair, with an optional session token for
// temporary credentials. It carries where it came from so that the CLI and
// the explorer can answer "which key is this request using, and why?".
//
// The String and GoString methods never print the secret key or the token;
// use MaskedID to show the id.
type Credential struct {
	SecretID string
	// SecretKey and Token are never marshalled: a Credential written to JSON
	// (a trace, a debug dump) must not carry them.
	SecretKey string `json:"-"`
	// Token is the session token of temporary credentials ("" for long-term keys).
	Token string `json:"-"`
	// Expires is when temporary credentials stop working; zero for long-term keys.
	Expires time.Time
	// Source says where the credential was found, in words a person can act on:
	// `environment (TENCENTCLOUD_SECRET_ID)`, `ini file /home/u/.tencentcloud/credentials [prod]`.
	Source string
	// Region is the region the source suggests ("" when it suggests none).
	Region string
}

// CredentialProvider is anything that can produce a Credential. Providers that
// fetch temporary credentials are wrapped in a cache (see credentials.Cache)
// rather than caching themselves.
type CredentialProvider interface {
	Retrieve(ctx context.Context) (Credential, error)
}

// CredentialProviderFunc adapts a function to CredentialProvider.
type CredentialProviderFunc func(ctx context.Context) (Credential, error)

// Retrieve calls f.
func (f CredentialProviderFunc) Retrieve(ctx context.Context) (Credential, error) { return f(ctx) }

// StaticProvider returns one fixed credential. It validates the credential on
// every call so a bad value is reported where it is used.
type StaticProvider struct{ Credential Credential }

// Retrieve returns the static credential after validating it.
func (p StaticProvider) Retrieve(context.Context) (Credential, error) {
	if err := p.Credential.Validate(); err != nil {
		return Credential{}, err
	}
	return p.Credential, nil
}

// HasToken reports whether the credential carries a session token.
func (c Credential) HasToken() bool { return c.Token != "" }

// Temporary reports whether the credential has an expiry.
func (c Credential) Temporary() bool { return !c.Expires.IsZero() }

// ExpiresWithin reports whether the credential expires within d of now.
// Long-term credentials never expire.
func (c Credential) ExpiresWithin(now time.Time, d time.Duration) bool {
	return c.Temporary() && !now.Add(d).Before(c.Expires)
}

// MaskedID is the secret id as it may be shown: `AKID…1a2b`.
func (c Credential) MaskedID() string { return MaskID(c.SecretID) }

// String describes the credential without any secret material.
func (c Credential) String() string {
	var b strings.Builder
	b.WriteString(c.MaskedID())
	if c.Token != "" {
		b.WriteString(" +token")
	}
	if !c.Expires.IsZero() {
		b.WriteString(" expires ")
		b.WriteString(c.Expires.UTC().Format(time.RFC3339))
	}
	if c.Source != "" {
		b.WriteString(" from ")
		b.WriteString(c.Source)
	}
	return b.String()
}

// GoString keeps %#v from printing secrets.
func (c Credential) GoString() string { return "api.Credential{" + c.String() + "}" }

// Validate rejects empty values and values with stray whitespace, naming the
// value and its source, like the Python SDK but with the place to fix it.
func (c Credential) Validate() error {
	where := ""
	if c.Source != "" {
		where = " (from " + c.Source + ")"
	}
	check := func(name, v string, secret bool) error {
		if v == "" {
			return &CredentialError{Msg: fmt.Sprintf("%s is empty%s", name, where)}
		}
		if strings.TrimFunc(v, unicode.IsSpace) != v {
			shown := ""
			if !secret {
				shown = fmt.Sprintf(" %q", MaskID(v))
			}
			return &CredentialError{Msg: fmt.Sprintf("%s%s has leading or trailing whitespace%s: remove it; a stray space or newline makes every signature fail", name, shown, where)}
		}
		if strings.ContainsFunc(v, unicode.IsSpace) {
			return &CredentialError{Msg: fmt.Sprintf("%s contains whitespace%s", name, where)}
		}
		return nil
	}
	if err := check("secret id", c.SecretID, false); err != nil {
		return err
	}
	if err := check("secret key", c.SecretKey, true); err != nil {
		return err
	}
	if c.Token != "" && strings.TrimFunc(c.Token, unicode.IsSpace) != c.Token {
		return &CredentialError{Msg: "session token has leading or trailing whitespace" + where}
	}
	return nil
}

// CredentialError reports a credential that cannot be used. It never holds a
// secret key or token.
type CredentialError struct{ Msg string }

func (e *CredentialError) Error() string { return "credentials: " + e.Msg }

// MaskID shows the first four and last four characters of an id, joined by an
// ellipsis: `AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE` → `AKID…MPLE`. Short ids are
// masked entirely so that nothing useful leaks.
func MaskID(id string) string {
	r := []rune(id)
	switch {
	case len(r) == 0:
		return "(none)"
	case len(r) <= 8:
		return strings.Repeat("*", len(r))
	}
	return string(r[:4]) + "…" + string(r[len(r)-4:])
}
