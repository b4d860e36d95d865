package cli

import (
	"context"

	"github.com/tcx-dev/tcx/api"
)

// credentialProvider returns the provider that commands sign with. The
// credentials issue replaces this environment-only version with the default
// chain (and the trace that explains it).
func (e *env) credentialProvider(_ context.Context, profile string) (api.CredentialProvider, error) {
	_ = profile
	return api.StaticProvider{Credential: api.Credential{
		SecretID:  e.getenv("TENCENTCLOUD_SECRET_ID"),
		SecretKey: e.getenv("TENCENTCLOUD_SECRET_KEY"),
		Token:     e.getenv("TENCENTCLOUD_SESSION_TOKEN"),
		Source:    "environment (TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY)",
	}}, nil
}
