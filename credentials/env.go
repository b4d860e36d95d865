package credentials

import (
	"context"
	"fmt"
	"strings"

	"github.com/tcx-dev/tcx/api"
)

// Environment variables read by Env.
const (
	EnvSecretID     = "TENCENTCLOUD_SECRET_ID"
	EnvSecretKey    = "TENCENTCLOUD_SECRET_KEY"
	EnvSessionToken = "TENCENTCLOUD_SESSION_TOKEN"
	EnvRegion       = "TENCENTCLOUD_REGION"
)

// lookAlikes are names people set by mistake, with who uses them, mapped
// to the name the SDKs and tcx read (spec 3.2 and 11).
var lookAlikes = []struct{ name, want, who string }{
	{"TENCENTCLOUD_SECRETID", EnvSecretID, "SCF runtimes inject it"},
	{"TENCENTCLOUD_SECRETKEY", EnvSecretKey, "SCF runtimes inject it"},
	{"TENCENTCLOUD_SESSIONTOKEN", EnvSessionToken, "SCF runtimes inject it"},
	{"TENCENTCLOUD_SECURITY_TOKEN", EnvSessionToken, "the Terraform provider's name"},
	{"TENCENTCLOUD_TOKEN", EnvSessionToken, "only tccli reads it"},
	{"TENCENTCLOUD_API_SECRET_ID", EnvSecretID, "the CSI driver's name"},
	{"TENCENTCLOUD_API_SECRET_KEY", EnvSecretKey, "the CSI driver's name"},
}

// Env reads TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY and
// TENCENTCLOUD_SESSION_TOKEN (the Node SDK's token variable; the others read
// none). The region comes from TENCENTCLOUD_REGION.
type Env struct{ Options Options }

// Retrieve reads the variables now.
func (p Env) Retrieve(ctx context.Context) (api.Credential, error) {
	c, _, err := envStep(&p.Options)
	if err != nil {
		return api.Credential{}, err
	}
	return Static{Credential: c}.Retrieve(ctx)
}

// envStep reads the environment and says what it saw. A notConfigured error
// means neither variable holds a value.
func envStep(o *Options) (api.Credential, Step, error) {
	st := Step{Source: SourceEnv, Looked: []string{EnvSecretID, EnvSecretKey, EnvSessionToken}}
	for _, la := range lookAlikes {
		if v, ok := o.lookupEnv(la.name); ok {
			what := "set"
			if v == "" {
				what = "set but empty"
			}
			st.Warnings = append(st.Warnings, fmt.Sprintf("%s is %s, but the SDKs and tcx do not read it (%s): did you mean %s?", la.name, what, la.who, la.want))
		}
	}
	id, idSet := o.lookupEnv(EnvSecretID)
	key, keySet := o.lookupEnv(EnvSecretKey)
	tok, tokSet := o.lookupEnv(EnvSessionToken)
	switch {
	case id == "" && key == "":
		var why string
		switch {
		case idSet || keySet:
			why = fmt.Sprintf("%s and %s are set but empty (treated as unset)", EnvSecretID, EnvSecretKey)
		default:
			why = fmt.Sprintf("%s and %s are not set", EnvSecretID, EnvSecretKey)
		}
		if tok != "" {
			why += fmt.Sprintf("; %s is set but has no key pair to go with", EnvSessionToken)
		}
		if len(st.Warnings) > 0 {
			why += " (see the warnings about look-alike names)"
		}
		return api.Credential{}, st, skip("%s", why)
	case id == "":
		return api.Credential{}, st, &api.CredentialError{Msg: fmt.Sprintf("%s is set but %s is %s", EnvSecretKey, EnvSecretID, emptyOrUnset(idSet))}
	case key == "":
		return api.Credential{}, st, &api.CredentialError{Msg: fmt.Sprintf("%s is set but %s is %s", EnvSecretID, EnvSecretKey, emptyOrUnset(keySet))}
	}
	src := "environment (" + EnvSecretID + ", " + EnvSecretKey
	if tok != "" {
		src += ", " + EnvSessionToken
	} else if tokSet {
		st.Warnings = append(st.Warnings, EnvSessionToken+" is set but empty: no token is sent")
	}
	src += ")"
	c := api.Credential{SecretID: id, SecretKey: key, Token: tok, Source: src, Region: strings.TrimSpace(o.getenv(EnvRegion))}
	if err := c.Validate(); err != nil {
		return api.Credential{}, st, err
	}
	return c, st, nil
}

func emptyOrUnset(set bool) string {
	if set {
		return "empty"
	}
	return "not set"
}
