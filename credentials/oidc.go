package credentials

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/tcx-dev/tcx/api"
)

// TKE pod identity variables, checked in this order (spec 3.7).
const (
	EnvTKERegion     = "TKE_REGION"
	EnvTKEProviderID = "TKE_PROVIDER_ID"
	EnvTKETokenFile  = "TKE_WEB_IDENTITY_TOKEN_FILE"
	EnvTKERoleArn    = "TKE_ROLE_ARN"
)

var tkeVars = []string{EnvTKERegion, EnvTKEProviderID, EnvTKETokenFile, EnvTKERoleArn}

// WebIdentity exchanges a web identity token (TKE OIDC) for temporary
// credentials with sts AssumeRoleWithWebIdentity, unsigned, in Region (the
// Go SDK sends ap-guangzhou whatever TKE_REGION says; this does not). The
// token file is read on every Retrieve because the kubelet rotates it.
// Wrap it in a Cache (NewWebIdentity does).
type WebIdentity struct {
	Region          string
	ProviderID      string
	TokenFile       string
	RoleArn         string
	RoleSessionName string        // "" means tcx-<unix seconds>
	Duration        time.Duration // 0 means DefaultDuration
	STS             STSCaller
	Now             func() time.Time
}

// NewWebIdentity reads the TKE_* variables and returns a cached provider.
// Missing variables are an error naming them.
func NewWebIdentity(o Options) (*Cache, error) {
	w, _, err := webIdentityFromEnv(&o)
	if err != nil {
		return nil, err
	}
	return &Cache{Provider: w, Window: stsWindow, Now: o.Now}, nil
}

func webIdentityFromEnv(o *Options) (*WebIdentity, []string, error) {
	var missing, set []string
	vals := map[string]string{}
	for _, k := range tkeVars {
		v := strings.TrimSpace(o.getenv(k))
		vals[k] = v
		if v == "" {
			missing = append(missing, k)
		} else {
			set = append(set, k)
		}
	}
	if len(set) == 0 {
		return nil, nil, skip("%s are not set (not a TKE pod with OIDC)", strings.Join(tkeVars, ", "))
	}
	if len(missing) > 0 {
		return nil, set, &api.CredentialError{Msg: fmt.Sprintf("TKE OIDC is half configured: %s set but %s not", strings.Join(set, ", "), strings.Join(missing, ", "))}
	}
	return &WebIdentity{Region: vals[EnvTKERegion], ProviderID: vals[EnvTKEProviderID], TokenFile: vals[EnvTKETokenFile],
		RoleArn: vals[EnvTKERoleArn], STS: o.sts(), Now: o.Now}, set, nil
}

// Retrieve reads the token file and calls STS.
func (w *WebIdentity) Retrieve(ctx context.Context) (api.Credential, error) {
	now := time.Now
	if w.Now != nil {
		now = w.Now
	}
	raw, err := os.ReadFile(w.TokenFile)
	if err != nil {
		what := describeOSErr(err)
		if errors.Is(err, fs.ErrNotExist) {
			what += " (is the service account token volume mounted?)"
		}
		return api.Credential{}, fmt.Errorf("tke oidc: web identity token file %s %s", w.TokenFile, what)
	}
	tok := strings.TrimSpace(string(raw))
	if tok == "" {
		return api.Credential{}, fmt.Errorf("tke oidc: web identity token file %s is empty", w.TokenFile)
	}
	if exp, ok := jwtExpiry(tok); ok && !now().Before(exp) {
		return api.Credential{}, fmt.Errorf("tke oidc: the web identity token in %s expired at %s; the kubelet should rotate it — check the projected service account token volume", w.TokenFile, exp.UTC().Format(time.RFC3339))
	}
	d := w.Duration
	if d <= 0 {
		d = DefaultDuration
	}
	name := w.RoleSessionName
	if name == "" {
		name = "tcx-" + strconv.FormatInt(now().Unix(), 10)
	}
	params := map[string]any{"ProviderId": w.ProviderID, "WebIdentityToken": tok, "RoleArn": w.RoleArn,
		"RoleSessionName": name, "DurationSeconds": int(d / time.Second)}
	body, err := w.STS.CallSTS(ctx, "AssumeRoleWithWebIdentity", w.Region, params, nil)
	if err != nil {
		return api.Credential{}, fmt.Errorf("tke oidc: AssumeRoleWithWebIdentity for %s (token from %s): %w", w.RoleArn, w.TokenFile, err)
	}
	return decodeSTS(body, "AssumeRoleWithWebIdentity", "tke oidc role "+w.RoleArn+" (token "+w.TokenFile+")", w.Region)
}

// jwtExpiry reads the exp claim of a JWT without verifying it: only to say
// "expired" before asking STS.
func jwtExpiry(tok string) (time.Time, bool) {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return time.Time{}, false
	}
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return time.Time{}, false
	}
	var c struct {
		Exp json.Number `json:"exp"`
	}
	if json.Unmarshal(b, &c) != nil {
		return time.Time{}, false
	}
	f, err := strconv.ParseFloat(c.Exp.String(), 64)
	if err != nil || f <= 0 {
		return time.Time{}, false
	}
	return time.Unix(int64(f), 0), true
}

// oidcStep resolves TKE OIDC from the environment.
func oidcStep(ctx context.Context, o *Options) (api.CredentialProvider, api.Credential, Step, error) {
	st := Step{Source: SourceTKEOIDC, Looked: append([]string(nil), tkeVars...)}
	w, _, err := webIdentityFromEnv(o)
	if err != nil {
		return nil, api.Credential{}, st, err
	}
	st.Looked = append(st.Looked, w.TokenFile)
	cache := &Cache{Provider: w, Window: stsWindow, Now: o.Now}
	c, err := cache.Retrieve(ctx)
	if err != nil {
		return nil, api.Credential{}, st, err
	}
	return cache, c, st, nil
}

// String describes the provider (the token is read from TokenFile, never held).
func (w *WebIdentity) String() string {
	return "tke oidc role " + w.RoleArn + " (token " + w.TokenFile + ")"
}
