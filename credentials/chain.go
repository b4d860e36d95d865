package credentials

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/tcx-dev/tcx/api"
)

// selection is the profile name each file source looks for.
type selection struct {
	ini, tccli string
	explicit   bool   // named with --profile
	from       string // where the name came from
}

func (o *Options) selection() selection {
	if p := strings.TrimSpace(o.Profile); p != "" {
		return selection{ini: p, tccli: p, explicit: true, from: "--profile"}
	}
	s := selection{ini: "default", tccli: "default", from: "default"}
	var from []string
	if p := strings.TrimSpace(o.getenv(EnvProfile)); p != "" {
		s.ini = p
		from = append(from, EnvProfile)
	}
	if p := strings.TrimSpace(o.getenv(EnvTccliProfile)); p != "" {
		s.tccli = p
		from = append(from, EnvTccliProfile)
	}
	if len(from) > 0 {
		s.from = strings.Join(from, ", ")
	}
	return s
}

// Resolved is the outcome of walking the chain.
type Resolved struct {
	// Provider is the winning source's provider: a Static for long-term
	// keys, a Cache for temporary ones. Keep it and reuse it.
	Provider api.CredentialProvider
	// Credential is the value the winner produced while resolving.
	Credential api.Credential
	Trace      Trace
}

type stepFunc func(ctx context.Context, o *Options, sel selection) (api.CredentialProvider, api.Credential, Step, error)

// Resolve walks the default chain — env → ini profile → tccli profile → CVM
// role → TKE OIDC — and stops at the first source that produces a
// credential. A source that is configured but broken (a malformed file, a
// half-set variable pair, a role that STS refuses) stops the chain too:
// falling through would sign with a key nobody chose. On failure the error
// is a *ChainError holding the Trace.
func Resolve(ctx context.Context, o Options) (*Resolved, error) {
	sel := o.selection()
	tr := Trace{Profile: sel.ini, ProfileFrom: sel.from}
	if sel.ini != sel.tccli {
		tr.Profile = sel.ini + " (ini) / " + sel.tccli + " (tccli)"
	}
	steps := []struct {
		name string
		fn   stepFunc
	}{
		{SourceEnv, func(_ context.Context, o *Options, sel selection) (api.CredentialProvider, api.Credential, Step, error) {
			c, st, err := envStep(o)
			if err == nil && sel.explicit {
				st.Outcome = Skipped
				return nil, api.Credential{}, st, skip("--profile %s was given; the named profile wins over the environment's keys", sel.ini)
			}
			if err != nil && sel.explicit {
				var nc *notConfigured
				if !errors.As(err, &nc) {
					return nil, api.Credential{}, st, skip("--profile %s was given (the environment is ignored: %v)", sel.ini, err)
				}
			}
			return Static{Credential: c, Now: o.Now}, c, st, err
		}},
		{SourceIni, iniStep},
		{SourceTccli, tccliStep},
		{SourceCVMRole, func(ctx context.Context, o *Options, _ selection) (api.CredentialProvider, api.Credential, Step, error) {
			return cvmStep(ctx, o)
		}},
		{SourceTKEOIDC, func(ctx context.Context, o *Options, _ selection) (api.CredentialProvider, api.Credential, Step, error) {
			return oidcStep(ctx, o)
		}},
	}
	var stop error
	for i, s := range steps {
		if stop != nil {
			tr.Steps = append(tr.Steps, Step{Source: s.name, Outcome: NotTried, Reason: "an earlier step decided"})
			continue
		}
		if sel.explicit && (s.name == SourceCVMRole || s.name == SourceTKEOIDC) {
			stop = &api.CredentialError{Msg: fmt.Sprintf("profile %q was named but neither the ini file nor tccli has it", sel.ini)}
			tr.Steps = append(tr.Steps, Step{Source: s.name, Outcome: NotTried, Reason: "a named profile never falls back to the instance's roles"})
			continue
		}
		if err := ctx.Err(); err != nil {
			stop = err
			tr.Steps = append(tr.Steps, Step{Source: s.name, Outcome: NotTried, Reason: "canceled"})
			continue
		}
		prov, cred, st, err := s.fn(ctx, &o, sel)
		st.Source = s.name
		var nc *notConfigured
		switch {
		case errors.As(err, &nc):
			st.Outcome, st.Reason = Skipped, nc.reason
		case err != nil:
			st.Outcome, st.Reason = Failed, errorText(err)
			stop = err
		default:
			st.Outcome = Found
			st.Reason = "using " + cred.Source
			tr.Steps = append(tr.Steps, st)
			tr.Winner = winnerOf(s.name, sel, cred, prov)
			for _, rest := range steps[i+1:] {
				tr.Steps = append(tr.Steps, Step{Source: rest.name, Outcome: NotTried, Reason: "an earlier step found a credential"})
			}
			return &Resolved{Provider: prov, Credential: cred, Trace: tr}, nil
		}
		tr.Steps = append(tr.Steps, st)
	}
	return nil, &ChainError{Trace: tr, Err: stop}
}

func winnerOf(source string, sel selection, c api.Credential, prov api.CredentialProvider) *Winner {
	w := &Winner{Source: source, Where: c.Source, MaskedID: c.MaskedID(), Token: c.Token != "", Expires: c.Expires, Region: c.Region}
	switch source {
	case SourceIni:
		w.Profile = sel.ini
	case SourceTccli:
		w.Profile = sel.tccli
	}
	w.Kind = "long-term"
	if c.Token != "" || !c.Expires.IsZero() {
		w.Kind = "temporary"
	}
	if cache, ok := prov.(*Cache); ok {
		switch p := cache.Provider.(type) {
		case *AssumeRole:
			w.Kind, w.RoleArn = "assume-role", p.RoleArn
		case *CVMRole:
			w.Kind = "cvm-role"
		case *WebIdentity:
			w.Kind, w.RoleArn = "oidc", p.RoleArn
		}
	}
	if source == SourceTccli && strings.Contains(c.Source, "tccli") && !c.Expires.IsZero() && w.Kind == "temporary" {
		w.Kind = "oauth"
	}
	return w
}

// Chain is the default chain as an api.CredentialProvider: the first
// Retrieve resolves (and remembers the winner and its Trace); later calls go
// straight to the winner. A failed resolution is not remembered, so a
// credential that appears later is found.
type Chain struct {
	Options Options

	mu       sync.Mutex
	resolved *Resolved
	trace    Trace
}

// NewChain returns the default chain over o.
func NewChain(o Options) *Chain { return &Chain{Options: o} }

// Retrieve resolves once, then asks the winner.
func (c *Chain) Retrieve(ctx context.Context) (api.Credential, error) {
	c.mu.Lock()
	r := c.resolved
	if r == nil {
		var err error
		r, err = Resolve(ctx, c.Options)
		if err != nil {
			var ce *ChainError
			if errors.As(err, &ce) {
				c.trace = ce.Trace
			}
			c.mu.Unlock()
			return api.Credential{}, err
		}
		c.resolved, c.trace = r, r.Trace
		c.mu.Unlock()
		return r.Credential, nil
	}
	c.mu.Unlock()
	return r.Provider.Retrieve(ctx)
}

// Trace returns the trace of the last resolution (zero before the first
// Retrieve).
func (c *Chain) Trace() Trace {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.trace
}
