package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/jmespath/go-jmespath"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/tcx-dev/tcx/internal/atomicfile"
	"github.com/tcx-dev/tcx/schema"
	"github.com/tcx-dev/tcx/snippet"
)

// snippetFlags are what replay and export share: where snippets live and
// the values of their ${VAR} placeholders.
type snippetFlags struct {
	dir  string
	sets []string
}

func (s *snippetFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&s.dir, "dir", "", "snippet `folder` (default $XDG_DATA_HOME/tcx/snippets or ~/.local/share/tcx/snippets)")
	fs.StringArrayVar(&s.sets, "set", nil, "placeholder value `Key=Value` for ${Key} in the snippet; repeatable (the environment fills the rest)")
}

// store is the snippet folder the flags name.
func (s *snippetFlags) store(e *env) (snippet.Store, error) {
	if s.dir != "" {
		return snippet.Store{Dir: s.dir}, nil
	}
	d, err := snippet.DefaultDir(e.getenv)
	if err != nil {
		return snippet.Store{}, usageErr("%v", err)
	}
	return snippet.Store{Dir: d}, nil
}

// vars are the placeholder values: --set first, then the environment.
func (s *snippetFlags) vars(e *env) (snippet.Vars, error) {
	v := snippet.Vars{Set: map[string]string{}, Lookup: func(k string) (string, bool) {
		x := e.getenv(k)
		return x, x != ""
	}}
	for _, kv := range s.sets {
		k, val, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return v, usageErr("--set %q: write it as Key=Value", kv)
		}
		v.Set[k] = val
	}
	return v, nil
}

// load resolves FILE|NAME and checks the snippet against the schema,
// printing notes to stderr. Schema problems are a usage error unless
// noValidate. It returns the action's input type when the schema knows it
// (placeholders at string members then stay strings).
func (s *snippetFlags) load(e *env, arg string, noValidate bool) (*snippet.Snippet, *schema.Object, error) {
	st, err := s.store(e)
	if err != nil {
		return nil, nil, err
	}
	sn, _, err := st.Resolve(arg)
	if err != nil {
		return nil, nil, usageErr("%v", err)
	}
	reg, err := e.registry()
	if err != nil {
		reg = nil
	}
	r := snippet.Validate(sn, reg)
	for _, n := range r.Notes {
		fmt.Fprintln(e.stderr, "tcx: note:", n)
	}
	if !r.OK() && !noValidate {
		return nil, nil, usageErr("%v\n(fix the snippet, or pass --no-validate to send it anyway)", r.Err())
	}
	if r.Action != nil {
		return sn, r.Action.Input, nil
	}
	return sn, nil, nil
}

// replayOwnFlags are the shared request flags that make sense for a saved
// request; the request itself (parameters, version) comes from the snippet.
func replayOwnFlags() []string {
	return []string{"profile", "region", "endpoint", "method", "sign-method", "language",
		"timeout", "retries", "proxy", "ca-bundle", "insecure", "debug"}
}

func newReplayCmd(e *env) *cobra.Command {
	var (
		f          reqFlags
		sf         snippetFlags
		filter     string
		raw        bool
		noValidate bool
	)
	cmd := &cobra.Command{
		Use:   "replay FILE|NAME [flags]",
		Short: "Replay a saved snippet",
		Long: "Replay sends a saved request (a snippet file, or the name of one in the snippet folder)\n" +
			"through the core client with the current credential chain and prints the response's\n" +
			"\"Response\" object as indented JSON. ${VAR} placeholders are filled from --set, then\n" +
			"the environment. Flags override the snippet's profile, region and endpoint settings.\n\n" +
			"Exit status: 0 ok, 1 the API answered with an error, 2 bad flags, snippet or\n" +
			"credentials, 3 network, TLS, timeout or an unreadable response.",
		Example: "  tcx replay list-instances --region ap-shanghai\n" +
			"  tcx replay ./describe-vpcs.yaml --set VPC=vpc-123 --filter 'VpcSet[].VpcId'\n" +
			"  tcx replay list-instances --endpoint http://127.0.0.1:9000",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runReplay(cmd, e, &f, &sf, args[0], filter, raw, noValidate)
		},
	}
	all := pflag.NewFlagSet("request", pflag.ContinueOnError)
	f.register(all)
	for _, name := range replayOwnFlags() {
		cmd.Flags().AddFlag(all.Lookup(name))
	}
	sf.register(cmd.Flags())
	cmd.Flags().StringVar(&filter, "filter", "", "print only what the JMESPath `expression` selects from the response")
	cmd.Flags().BoolVar(&raw, "raw", false, "print the response body exactly as received")
	cmd.Flags().BoolVar(&noValidate, "no-validate", false, "send even when the parameters do not match the schema")
	return cmd
}

func runReplay(cmd *cobra.Command, e *env, f *reqFlags, sf *snippetFlags, arg, filter string, raw, noValidate bool) error {
	ctx := cmdContext(cmd)
	var jp *jmespath.JMESPath
	if filter != "" {
		var err error
		if jp, err = jmespath.Compile(filter); err != nil {
			return usageErr("--filter: %v", err)
		}
	}
	sn, input, err := sf.load(e, arg, noValidate)
	if err != nil {
		return err
	}
	vars, err := sf.vars(e)
	if err != nil {
		return err
	}
	vars.Input = input
	req, o, err := snippet.Request(sn, vars)
	if err != nil {
		return usageErr("%v", err)
	}
	// Flags win over the snippet; the snippet wins over the flags' defaults.
	fl := cmd.Flags()
	for name, field := range map[string]*string{"endpoint": &o.Endpoint, "method": &o.Method, "sign-method": &o.SignMethod, "language": &o.Language, "profile": &o.Profile} {
		if fl.Changed(name) {
			*field = ""
		}
	}
	if fl.Changed("region") {
		req.Region = f.region
	}
	if req.Region == "" {
		req.Region = e.getenv("TENCENTCLOUD_REGION")
	}
	if f.profile == "" {
		f.profile = o.Profile
	}
	prof, err := f.clientProfile(e)
	if err != nil {
		return err
	}
	o.Apply(&prof)
	if err := prof.Validate(); err != nil {
		return usageErr("snippet: %v", err)
	}
	resp, err := f.send(ctx, e, req, prof)
	if err != nil {
		return err
	}
	switch {
	case jp != nil:
		return printFiltered(e, jp, resp.Result())
	case raw:
		_, err = e.stdout.Write(resp.Body)
		return err
	}
	return printIndented(e.stdout, resp.Result())
}

// printFiltered applies a JMESPath expression to the response object and
// prints the result as indented JSON.
func printFiltered(e *env, jp *jmespath.JMESPath, body []byte) error {
	var doc any
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	if err := d.Decode(&doc); err != nil {
		return &ExitError{Code: ExitTransport, Err: fmt.Errorf("response is not JSON: %w", err)}
	}
	out, err := jp.Search(numbersToFloat(doc))
	if err != nil {
		return usageErr("--filter: %v", err)
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	_, err = e.stdout.Write(b)
	return err
}

// numbersToFloat converts json.Number to float64 for go-jmespath, which
// compares and sorts float64 only (integers above 2^53 lose precision in a
// filtered result; unfiltered output keeps their exact text).
func numbersToFloat(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = numbersToFloat(e)
		}
	case []any:
		for i, e := range x {
			x[i] = numbersToFloat(e)
		}
	case json.Number:
		if f, err := x.Float64(); err == nil {
			return f
		}
	}
	return v
}

// writeOutput writes generated text to path (atomically, 0600) or stdout.
func writeOutput(e *env, path string, b []byte) error {
	if path == "" || path == "-" {
		_, err := e.stdout.Write(b)
		return err
	}
	if err := atomicfile.Write(path, b, 0o600); err != nil {
		return &ExitError{Code: ExitUsage, Err: err}
	}
	fmt.Fprintln(e.stderr, "tcx: wrote", path)
	return nil
}
