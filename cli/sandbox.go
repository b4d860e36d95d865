package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/tcx-dev/tcx/sandbox"
)

// sandboxFlags are the options of `tcx sandbox`.
type sandboxFlags struct {
	addrs    []string
	keys     []string
	keysFile string
	seed     int64
	faults   []string
	token    string
	noSchema bool
	empty    bool
	verbose  bool
}

func newSandboxCmd(e *env) *cobra.Command {
	var f sandboxFlags
	cmd := &cobra.Command{
		Use:   "sandbox",
		Short: "Run a local Tencent Cloud API sandbox",
		Long: `Run a local Tencent Cloud API on this machine. It verifies TC3-HMAC-SHA256 and
v1 signatures like the cloud, answers every action of the schema (CVM instances
and VPCs keep state), fakes STS and the CVM metadata service, and injects faults.

Point any SDK at it with endpoint host:port and scheme http, and use the
sandbox key it prints. Give --addr twice for a primary and a backup endpoint
that faults can tell apart (addr=…), e.g. to watch the region breaker.

Faults (--fault, repeatable; also changeable at run time through
/_sandbox/faults with the admin token):
  kind=html502,addr=127.0.0.1:9000      HTML 502 from one listener
  kind=ratelimit,action=RunInstances,rate=0.3
  kind=latency,latency=800ms,product=cvm
  kind=internal-error | reset | hang    (also host=cvm.tencentcloudapi.com)`,
		Example: `  tcx sandbox
  tcx sandbox --addr 127.0.0.1:9000 --addr 127.0.0.1:9001 --fault kind=html502,addr=127.0.0.1:9000
  tcx sandbox --key AKIDmine=secret --seed 42`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			return runSandbox(ctx, e, f)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&f.addrs, "addr", nil, "listen address (repeatable; default 127.0.0.1:9000, port 0 picks a free one)")
	fl.StringArrayVar(&f.keys, "key", nil, "accept this key pair as ID=KEY (repeatable; the default sandbox key is always accepted)")
	fl.StringVar(&f.keysFile, "keys-file", "", "read more ID=KEY pairs from this file, one per line")
	fl.Int64Var(&f.seed, "seed", 0, "seed for ids, synthesized answers and fault dice (0: random)")
	fl.StringArrayVar(&f.faults, "fault", nil, "fault rule, key=value pairs or JSON (repeatable)")
	fl.StringVar(&f.token, "admin-token", "", "admin token for /_sandbox/ (default: random, printed)")
	fl.BoolVar(&f.empty, "empty", false, "start with no instances or VPCs (default: a few demo resources)")
	fl.BoolVar(&f.noSchema, "no-schema", false, "do not load the API schema (every action answers an empty success)")
	fl.BoolVarP(&f.verbose, "verbose", "v", false, "log every request to stderr")
	return cmd
}

func runSandbox(ctx context.Context, e *env, f sandboxFlags) error {
	opts, err := sandboxOptions(e, f)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	srv := sandbox.New(opts)
	defer srv.Close()
	addrs := f.addrs
	if len(addrs) == 0 {
		addrs = []string{"127.0.0.1:9000"}
	}
	var urls []string
	for _, a := range addrs {
		u, err := srv.Start(ctx, a)
		if err != nil {
			return &ExitError{Code: ExitTransport, Err: fmt.Errorf("%w (is another sandbox running? try --addr 127.0.0.1:0)", err)}
		}
		urls = append(urls, u)
	}
	printSandboxBanner(e, srv, urls, opts)
	<-ctx.Done()
	fmt.Fprintln(e.stderr, "tcx sandbox: stopped")
	return nil
}

// sandboxOptions turns flags into sandbox options.
func sandboxOptions(e *env, f sandboxFlags) (sandbox.Options, error) {
	opts := sandbox.Options{Seed: f.seed, AdminToken: f.token, Keys: []sandbox.Key{sandbox.DefaultKey()}, Demo: !f.empty}
	for _, k := range f.keys {
		key, err := sandbox.ParseKey(k)
		if err != nil {
			return opts, usageErr("--key: %v", err)
		}
		opts.Keys = append(opts.Keys, key)
	}
	if f.keysFile != "" {
		fh, err := os.Open(f.keysFile)
		if err != nil {
			return opts, usageErr("--keys-file: %v", err)
		}
		keys, err := sandbox.ReadKeys(fh)
		_ = fh.Close()
		if err != nil {
			return opts, usageErr("--keys-file %s: %v", f.keysFile, err)
		}
		opts.Keys = append(opts.Keys, keys...)
	}
	for _, s := range f.faults {
		r, err := sandbox.ParseFault(s)
		if err != nil {
			return opts, usageErr("--fault: %v", err)
		}
		opts.Faults = append(opts.Faults, r)
	}
	if !f.noSchema {
		if err := withSchema(e, &opts); err != nil {
			fmt.Fprintf(e.stderr, "tcx sandbox: no schema (%v); every action answers an empty success\n", err)
		}
	}
	if f.verbose {
		opts.Logf = func(format string, a ...any) { fmt.Fprintf(e.stderr, format+"\n", a...) }
	}
	return opts, nil
}

func printSandboxBanner(e *env, srv *sandbox.Server, urls []string, opts sandbox.Options) {
	w := e.stdout
	fmt.Fprintln(w, "tcx sandbox: a local Tencent Cloud API (fake keys; nothing leaves this machine)")
	for i, u := range urls {
		label := "URL"
		if i > 0 {
			label = fmt.Sprintf("URL %d", i+1)
		}
		fmt.Fprintf(w, "  %-12s %s\n", label+":", u)
	}
	fmt.Fprintf(w, "  %-12s %s\n", "SecretId:", sandbox.DefaultSecretID)
	fmt.Fprintf(w, "  %-12s %s   (sandbox-only key, not a credential)\n", "SecretKey:", sandbox.DefaultSecretKey)
	if n := len(opts.Keys) - 1; n > 0 {
		fmt.Fprintf(w, "  %-12s %d more from --key/--keys-file\n", "Keys:", n)
	}
	fmt.Fprintf(w, "  %-12s %s\n", "Admin token:", srv.AdminToken())
	fmt.Fprintf(w, "  %-12s %d\n", "Seed:", srv.Seed())
	for _, r := range srv.Faults() {
		fmt.Fprintf(w, "  %-12s %s\n", "Fault:", describeFault(r))
	}
	host := strings.TrimPrefix(urls[0], "http://")
	fmt.Fprintf(w, "\nSDKs: endpoint %s, scheme http. Shell:\n", host)
	fmt.Fprintf(w, "  export TENCENTCLOUD_SECRET_ID=%s TENCENTCLOUD_SECRET_KEY=%s\n", sandbox.DefaultSecretID, sandbox.DefaultSecretKey)
	fmt.Fprintf(w, "Faults: curl -H 'Authorization: Bearer %s' %s/_sandbox/faults\n", srv.AdminToken(), urls[0])
	fmt.Fprintln(w, "Ctrl-C stops it.")
}

func describeFault(f sandbox.Fault) string {
	parts := []string{"kind=" + string(f.Kind)}
	add := func(k, v string) {
		if v != "" {
			parts = append(parts, k+"="+v)
		}
	}
	add("action", f.Action)
	add("product", f.Product)
	add("host", f.Host)
	add("addr", f.Addr)
	if f.Rate > 0 {
		parts = append(parts, fmt.Sprintf("rate=%g", f.Rate))
	}
	if f.Latency > 0 {
		parts = append(parts, fmt.Sprintf("latency=%v", f.Latency.Std()))
	}
	if f.Status > 0 {
		parts = append(parts, fmt.Sprintf("status=%d", f.Status))
	}
	return strings.Join(parts, ",")
}

// withSchema plugs the API schema (embedded plus TCX_SCHEMA_EXTRA) into the sandbox.
func withSchema(e *env, o *sandbox.Options) error {
	reg, err := e.registry()
	if err != nil {
		return err
	}
	o.Registry = reg
	return nil
}
