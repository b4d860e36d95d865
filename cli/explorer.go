package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/tcx-dev/tcx/api"
	"github.com/tcx-dev/tcx/config"
	"github.com/tcx-dev/tcx/credentials"
	"github.com/tcx-dev/tcx/sandbox"
	"github.com/tcx-dev/tcx/schema"
	"github.com/tcx-dev/tcx/snippet"
	"github.com/tcx-dev/tcx/ui"
)

// explorerFlags are the root command's flags, used when tcx runs the
// explorer (no subcommand).
type explorerFlags struct {
	profile, region, endpoint, action string
	sandbox                           bool
	sandboxAddrs                      []string
	sandboxToken                      string
	sandboxSeed                       int64
	breakerTimeout                    time.Duration
	breakerMaxRequests                int
}

// addExplorerFlags registers the explorer's flags on the root command.
// runExplorer reads them back from the command, so no state outlives it.
func addExplorerFlags(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.String("profile", "", "credential profile to start with (default: the first the chain finds)")
	fl.String("region", "", "region to start with (default: the profile's, else ap-guangzhou)")
	fl.String("endpoint", "", "send every request to this host or URL instead of <product>.tencentcloudapi.com")
	fl.Bool("sandbox", false, "explore the local sandbox even when credentials are configured")
	fl.String("action", "", `open this action at start, e.g. "cvm DescribeInstances"`)
	fl.StringArray("sandbox-addr", nil, "listen addresses of the in-process sandbox: primary, then backup (default 127.0.0.1:0 twice)")
	fl.String("sandbox-admin-token", "", "admin token of the in-process sandbox's /_sandbox/faults (default: random)")
	fl.Int64("sandbox-seed", 0, "seed of the in-process sandbox's ids and answers (0: random)")
	fl.Duration("breaker-timeout", 0, "how long the region breaker stays open before probing the primary (default 60s; env TCX_BREAKER_TIMEOUT)")
	fl.Int("breaker-max-requests", 0, "successes in half-open that close the breaker (default 5)")
	_ = fl.MarkHidden("sandbox-addr")
	_ = fl.MarkHidden("sandbox-admin-token")
	_ = fl.MarkHidden("sandbox-seed")
	_ = fl.MarkHidden("breaker-max-requests")
}

// readExplorerFlags reads the flags addExplorerFlags registered.
func readExplorerFlags(cmd *cobra.Command) *explorerFlags {
	fl := cmd.Flags()
	f := &explorerFlags{}
	f.profile, _ = fl.GetString("profile")
	f.region, _ = fl.GetString("region")
	f.endpoint, _ = fl.GetString("endpoint")
	f.sandbox, _ = fl.GetBool("sandbox")
	f.action, _ = fl.GetString("action")
	f.sandboxAddrs, _ = fl.GetStringArray("sandbox-addr")
	f.sandboxToken, _ = fl.GetString("sandbox-admin-token")
	f.sandboxSeed, _ = fl.GetInt64("sandbox-seed")
	f.breakerTimeout, _ = fl.GetDuration("breaker-timeout")
	f.breakerMaxRequests, _ = fl.GetInt("breaker-max-requests")
	return f
}

// runExplorer starts the explorer: it resolves profiles, starts the
// in-process sandbox (always listed as the "sandbox" profile; chosen when
// no credentials are found or --sandbox is given) and runs the UI.
func runExplorer(cmd *cobra.Command, e *env) error {
	f := readExplorerFlags(cmd)
	ctx := cmd.Context()
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	reg, err := e.registry()
	if err != nil {
		return &ExitError{Code: ExitUsage, Err: fmt.Errorf("loading the API schema: %w", err)}
	}
	if f.breakerTimeout == 0 {
		if v := e.getenv("TCX_BREAKER_TIMEOUT"); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil {
				return usageErr("TCX_BREAKER_TIMEOUT: %v", err)
			}
			f.breakerTimeout = d
		}
	}

	if f.profile == "sandbox" { // the built-in profile, not a credential source's
		f.sandbox, f.profile = true, ""
	}
	profiles := cloudProfiles(ctx, e, f)
	srv, urls, err := startExplorerSandbox(ctx, reg, f)
	if err != nil {
		return &ExitError{Code: ExitTransport, Err: fmt.Errorf("starting the local sandbox: %w", err)}
	}
	defer srv.Close()
	key := sandbox.DefaultKey()
	sb := ui.Profile{
		Name:     "sandbox",
		Source:   "tcx's in-process sandbox (fake keys; nothing leaves this machine)",
		MaskedID: api.MaskID(key.SecretID),
		Region:   "ap-guangzhou",
		Trace:    []string{"built in: the sandbox's default key pair", "primary " + urls[0], "backup  " + urls[1], "admin token " + maskToken(srv.AdminToken())},
		Provider: api.StaticProvider{Credential: api.Credential{SecretID: key.SecretID, SecretKey: key.SecretKey, Source: "sandbox default key"}},
		Endpoint: urls[0],
		Backup:   urls[1],
		Sandbox:  true,
	}

	o := ui.Options{
		Registry: reg,
		NoColor:  e.getenv("NO_COLOR") != "",
		Dark:     true,
		Action:   f.action,
	}
	usable := usableProfiles(profiles)
	switch {
	case f.sandbox:
		o.Profiles = append([]ui.Profile{sb}, profiles...)
		o.Profile = "sandbox"
		o.Banner = "sandbox mode (--sandbox): requests go to " + urls[0] + " with fake keys"
	case usable == 0:
		o.Profiles = append([]ui.Profile{sb}, profiles...)
		o.Profile = "sandbox"
		o.Banner = "no credentials found — exploring the local sandbox at " + urls[0] + " (fake keys; set TENCENTCLOUD_SECRET_ID/KEY for the real cloud)"
	default:
		o.Profiles = append(profiles, sb)
		o.Profile = f.profile
	}
	if f.profile != "" {
		o.Profile = f.profile
	}
	if dir, err := snippet.DefaultDir(e.getenv); err == nil {
		o.Snippets = &snippet.Store{Dir: dir}
	}
	// a snippet's ${VAR} placeholders come from the environment, as in tcx replay
	o.LookupEnv = e.lookupenv
	if o.LookupEnv == nil {
		o.LookupEnv = func(k string) (string, bool) {
			x := e.getenv(k)
			return x, x != ""
		}
	}
	if path, err := snippet.DefaultHistoryPath(e.getenv); err == nil {
		o.History = &snippet.History{Path: path}
	}
	// region: the flag, else the one saved last time, else the profile's,
	// else ap-guangzhou
	s := ui.DefaultSettings()
	s.Region = ""
	cfg, _, cfgErr := e.config()
	if cfgErr != nil {
		o.Banner = strings.TrimSpace(o.Banner + " · settings not restored: " + cfgErr.Error())
	} else {
		applySavedSettings(&s, cfg.Explorer)
		o.SaveSettings = func(s ui.Settings) error { return e.saveExplorerSettings(s) }
	}
	if f.region != "" {
		s.Region = f.region
	}
	if s.Region == "" {
		for _, p := range o.Profiles {
			if p.Name == o.Profile || (o.Profile == "" && p.Region != "") {
				s.Region = p.Region
				break
			}
		}
	}
	if s.Region == "" {
		s.Region = "ap-guangzhou"
	}
	s.BreakerTimeout = f.breakerTimeout
	s.BreakerMaxRequests = f.breakerMaxRequests
	o.Settings = s
	if err := ui.Run(ctx, o); err != nil {
		return &ExitError{Code: ExitUsage, Err: err}
	}
	return nil
}

// cloudProfiles lists every credential profile of every source (no
// network: credentials.List) and resolves the ones that need no network
// (long-term and temporary keys in the environment, ini and tccli files) so
// the profile screen shows each one's chain trace. Profiles that call STS or
// the metadata service resolve on first use, inside the explorer's request
// command.
func cloudProfiles(ctx context.Context, e *env, f *explorerFlags) []ui.Profile {
	var out []ui.Profile
	for _, lp := range e.credentialProfiles(f.profile) {
		name := lp.Name
		if name == "" {
			name = lp.Source
		}
		p := ui.Profile{
			Name:     name,
			Source:   describeSource(lp),
			MaskedID: lp.MaskedID,
			Region:   lp.Region,
			Token:    lp.Token,
			Expires:  lp.Expires,
			Endpoint: f.endpoint,
			Err:      lp.Problem,
		}
		o := e.credentialOptions(lp.Name)
		if lp.Source == credentials.SourceIni || lp.Source == credentials.SourceTccli {
			o.Profile = lp.Name // named explicitly, so the environment's keys do not win
		}
		if lp.Source != credentials.SourceCVMRole {
			o.MetadataURL = "-" // listing must not probe the metadata service
		}
		switch {
		case lp.Problem != "":
			p.Trace = []string{lp.Problem}
		case lp.Kind == "long-term" || lp.Kind == "temporary":
			r, err := credentials.Resolve(ctx, o)
			if err != nil {
				p.Err = err.Error()
				var ce *credentials.ChainError
				if errors.As(err, &ce) {
					p.Trace = ce.Trace.Lines()
				}
				break
			}
			p.Provider, p.Trace = r.Provider, r.Trace.Lines()
			if p.MaskedID == "" {
				p.MaskedID = r.Credential.MaskedID()
			}
		default:
			p.Provider = &lazyProvider{opts: o}
			p.Trace = []string{lp.Kind + ": resolved when first used (calls STS or the metadata service)"}
		}
		if lp.Note != "" {
			p.Trace = append(p.Trace, lp.Note)
		}
		out = append(out, p)
	}
	return out
}

// usableProfiles counts the profiles that can sign now. The CVM role is
// only a hint until the metadata service answers, so it does not count.
func usableProfiles(ps []ui.Profile) int {
	n := 0
	for _, p := range ps {
		if p.Provider != nil && p.Name != credentials.SourceCVMRole {
			n++
		}
	}
	return n
}

// describeSource says where a listed profile lives.
func describeSource(lp credentials.Profile) string {
	s := lp.Source
	if lp.Path != "" {
		s += " " + lp.Path
	}
	if lp.Kind != "" {
		s += " (" + lp.Kind + ")"
	}
	return s
}

// lazyProvider resolves the chain on its first Retrieve (which runs in the
// explorer's request command, never in Update) and reuses the winner.
type lazyProvider struct {
	opts credentials.Options
	mu   sync.Mutex
	prov api.CredentialProvider
}

// Retrieve resolves once, then delegates to the winning provider.
func (l *lazyProvider) Retrieve(ctx context.Context) (api.Credential, error) {
	l.mu.Lock()
	if l.prov == nil {
		r, err := credentials.Resolve(ctx, l.opts)
		if err != nil {
			l.mu.Unlock()
			return api.Credential{}, err
		}
		l.prov = r.Provider
	}
	p := l.prov
	l.mu.Unlock()
	return p.Retrieve(ctx)
}

// startExplorerSandbox starts the in-process sandbox on two loopback
// listeners: the primary endpoint and the breaker's backup. It holds the
// same demo resources as `tcx sandbox` (a VPC with three instances in
// ap-guangzhou, one in ap-shanghai), so a newcomer's first
// DescribeInstances or DescribeVpcs lists something.
func startExplorerSandbox(ctx context.Context, reg *schema.Registry, f *explorerFlags) (*sandbox.Server, []string, error) {
	srv := sandbox.New(sandbox.Options{Registry: reg, AdminToken: f.sandboxToken, Seed: f.sandboxSeed,
		Keys: []sandbox.Key{sandbox.DefaultKey()}, Demo: true})
	addrs := f.sandboxAddrs
	for len(addrs) < 2 {
		addrs = append(addrs, "127.0.0.1:0")
	}
	var urls []string
	for _, a := range addrs[:2] {
		u, err := srv.Start(ctx, a)
		if err != nil {
			srv.Close()
			return nil, nil, err
		}
		urls = append(urls, u)
	}
	return srv, urls, nil
}

func maskToken(t string) string {
	if len(t) <= 4 {
		return "…"
	}
	return "…" + t[len(t)-4:]
}

// applySavedSettings restores what the settings pane saved last time;
// flags given on the command line override it afterwards.
func applySavedSettings(s *ui.Settings, x config.Explorer) {
	if x.Region != "" {
		s.Region = x.Region
	}
	if x.Method != "" {
		s.Method = strings.ToUpper(x.Method)
	}
	if x.SignMethod != "" {
		s.SignMethod = x.SignMethod
	}
	s.Language = x.Language
	if x.Breaker != nil {
		s.Breaker = *x.Breaker
	}
	if x.Timeout > 0 {
		s.Timeout = x.Timeout
	}
}

// saveExplorerSettings writes the settings pane's values into the config
// file, keeping everything else in it. A file that cannot be read is not
// overwritten: the user's content wins over a preference.
func (e *env) saveExplorerSettings(s ui.Settings) error {
	c, path, err := e.config()
	if err != nil {
		return err
	}
	breaker := s.Breaker
	c.Explorer = config.Explorer{Region: s.Region, Method: s.Method, SignMethod: s.SignMethod,
		Language: s.Language, Breaker: &breaker, Timeout: s.Timeout}
	return config.Save(path, c)
}
