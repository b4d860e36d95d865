package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/tcx-dev/tcx/api"
	"github.com/tcx-dev/tcx/credentials"
)

// Variables that point the credential chain's services elsewhere (private
// networks, tests, the sandbox's fake metadata and STS).
const (
	envMetadataURL = "TCX_METADATA_URL" // CVM metadata base URL; "-" turns the CVM role step off
	envSTSEndpoint = "TCX_STS_ENDPOINT" // STS host or URL for AssumeRole / AssumeRoleWithWebIdentity
)

// credentialOptions are the chain's lookups, all read through e so that
// tests run commands with their own environment and home folder.
func (e *env) credentialOptions(profile string) credentials.Options {
	profile = strings.TrimSpace(profile)
	if profile == "default" {
		// "default" is what the chain looks for anyway, so naming it means
		// the same as no flag and does not turn the environment's keys off
		// (docs/credentials.md). The explorer, which lists each ini and
		// tccli profile as its own entry, sets Options.Profile itself.
		profile = ""
	}
	o := credentials.Options{
		Getenv:      e.getenv,
		LookupEnv:   e.lookupEnv(),
		Profile:     profile,
		MetadataURL: e.getenv(envMetadataURL),
		STSEndpoint: e.getenv(envSTSEndpoint),
	}
	return o
}

// lookupEnv tells set-but-empty from unset when e reads the real
// environment; a test's getenv cannot, so "" then counts as unset.
func (e *env) lookupEnv() func(string) (string, bool) { return e.lookupenv }

// credentialProvider returns the provider that commands sign with: the
// winner of the default chain (env → ini profile → tccli profile → CVM role
// → TKE OIDC). Warnings found on the way (a world-readable credentials
// file, a look-alike variable) go to stderr; the error, when nothing is
// found, lists every step and why it did not apply.
func (e *env) credentialProvider(ctx context.Context, profile string) (api.CredentialProvider, error) {
	r, err := e.credentialTrace(ctx, profile)
	if err != nil {
		return nil, err
	}
	for _, w := range r.Trace.Warnings() {
		fmt.Fprintln(e.stderr, "tcx: warning:", w)
	}
	return r.Provider, nil
}

// credentialTrace walks the chain and returns the winner with its trace,
// or a *credentials.ChainError holding the trace.
func (e *env) credentialTrace(ctx context.Context, profile string) (*credentials.Resolved, error) {
	return credentials.Resolve(ctx, e.credentialOptions(profile))
}

// credentialProfiles lists every profile of every source (for pickers);
// it never touches the network.
func (e *env) credentialProfiles(profile string) []credentials.Profile {
	return credentials.List(e.credentialOptions(profile))
}
