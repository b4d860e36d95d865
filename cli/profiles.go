package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/tcx-dev/tcx/api"
	"github.com/tcx-dev/tcx/credentials"
)

type profilesFlags struct {
	profile  string
	check    bool
	jsonOut  bool
	endpoint string
	region   string
	timeout  float64
}

func newProfilesCmd(e *env) *cobra.Command {
	var f profilesFlags
	cmd := &cobra.Command{
		Use:   "profiles [--check [NAME]]",
		Short: "List credential profiles and explain the chain",
		Long: "profiles lists every credential profile tcx can see — the environment's key pair, each\n" +
			"section of the ini file, each tccli profile, the TKE OIDC role — and then walks the default\n" +
			"chain (env → ini profile → tccli profile → CVM role → TKE OIDC), showing where each step\n" +
			"looked and why it was used or skipped. Secret keys and tokens are never printed.\n\n" +
			"--check proves the chosen credential works by calling sts GetCallerIdentity and prints the\n" +
			"account, principal and ARN. NAME (or --profile) picks a profile; without it the chain's\n" +
			"winner is checked.\n\n" +
			"TCX_METADATA_URL and TCX_STS_ENDPOINT point the CVM role and STS steps elsewhere\n" +
			"(\"-\" turns the CVM role step off).\n\n" +
			"Exit status: 0 ok, 1 the check was refused by the API, 2 no usable credential,\n" +
			"3 network, TLS or timeout during the check.",
		Example: "  tcx profiles\n" +
			"  tcx profiles --profile prod --json\n" +
			"  tcx profiles --check prod\n" +
			"  tcx profiles --check --endpoint http://127.0.0.1:9000",
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				if !f.check {
					return usageErr("a profile NAME goes with --check; to choose the profile to explain use --profile %s", args[0])
				}
				f.profile = args[0]
			}
			if f.check {
				return runProfilesCheck(cmd, e, &f)
			}
			return runProfilesList(cmd, e, &f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.profile, "profile", "", "profile `name` to explain (default: TENCENTCLOUD_PROFILE / TCCLI_PROFILE, then default)")
	fl.BoolVar(&f.check, "check", false, "call sts GetCallerIdentity with the credential and print who it is")
	fl.BoolVar(&f.jsonOut, "json", false, "print JSON")
	fl.StringVar(&f.endpoint, "endpoint", "", "STS endpoint host or URL for --check (default: TCX_STS_ENDPOINT, then sts.tencentcloudapi.com)")
	fl.StringVar(&f.region, "region", "", "`region` for --check (default: the profile's, then ap-guangzhou)")
	fl.Float64Var(&f.timeout, "timeout", 15, "--check timeout in `seconds`")
	return cmd
}

// profilesJSON is the --json shape of tcx profiles.
type profilesJSON struct {
	Profiles []credentials.Profile `json:"profiles"`
	Trace    credentials.Trace     `json:"trace"`
	Error    string                `json:"error,omitempty"`
}

func runProfilesList(cmd *cobra.Command, e *env, f *profilesFlags) error {
	ctx := cmdContext(cmd)
	list := e.credentialProfiles(f.profile)
	r, err := e.credentialTrace(ctx, f.profile)
	var tr credentials.Trace
	var ce *credentials.ChainError
	switch {
	case err == nil:
		tr = r.Trace
	case errors.As(err, &ce):
		tr = ce.Trace
	default:
		return &ExitError{Code: ExitUsage, Err: err}
	}
	if f.jsonOut {
		out := profilesJSON{Profiles: list, Trace: tr}
		if out.Profiles == nil {
			out.Profiles = []credentials.Profile{}
		}
		if ce != nil {
			out.Error = chainSummary(ce)
		}
		if err := writeJSON(e.stdout, out); err != nil {
			return err
		}
	} else {
		printProfiles(e.stdout, list)
		fmt.Fprintln(e.stdout)
		printTrace(e.stdout, tr)
	}
	if ce != nil {
		return &ExitError{Code: ExitUsage, Err: errors.New(chainSummary(ce))}
	}
	return nil
}

// chainSummary is the one-line reason the chain found nothing.
func chainSummary(ce *credentials.ChainError) string {
	if ce.Err != nil {
		return "no usable credential: " + ce.Err.Error()
	}
	return "no credential found: set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY, write ~/.tencentcloud/credentials, or run tccli configure"
}

func printProfiles(w io.Writer, list []credentials.Profile) {
	fmt.Fprintln(w, "Profiles (* = selected for its source)")
	if len(list) == 0 {
		fmt.Fprintln(w, "  none")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  \tSOURCE\tNAME\tKIND\tREGION\tID\tDETAIL")
	for _, p := range list {
		mark := ""
		if p.Selected {
			mark = "*"
		}
		detail := p.Path
		switch {
		case p.Problem != "":
			detail = "problem: " + p.Problem
		case p.RoleArn != "":
			detail = "role " + p.RoleArn
		case p.Note != "":
			detail = p.Path + " (" + p.Note + ")"
		}
		if p.Token {
			detail += " +token"
		}
		if !p.Expires.IsZero() {
			detail += " expires " + p.Expires.UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\t%s\n", mark, p.Source, cell(p.Name), cell(p.Kind), cell(p.Region), cell(p.MaskedID), detail)
	}
	tw.Flush()
}

// cell shows an empty value (or MaskID's "(none)") as "-".
func cell(s string) string {
	if s == "" || s == "(none)" {
		return "-"
	}
	return s
}

func printTrace(w io.Writer, tr credentials.Trace) {
	fmt.Fprintf(w, "Chain for profile %q (%s)\n", tr.Profile, tr.ProfileFrom)
	for i, s := range tr.Steps {
		fmt.Fprintf(w, "  %d. %-8s  %-9s  %s\n", i+1, s.Source, s.Outcome, s.Reason)
		if len(s.Looked) > 0 && s.Outcome != credentials.NotTried {
			fmt.Fprintf(w, "     looked at %s\n", strings.Join(s.Looked, ", "))
		}
		for _, warn := range s.Warnings {
			fmt.Fprintf(w, "     warning: %s\n", warn)
		}
	}
	if tr.Winner != nil {
		fmt.Fprintf(w, "Using %s\n", tr.Winner)
	} else {
		fmt.Fprintln(w, "No usable credential.")
	}
}

type checkJSON struct {
	Profile     string              `json:"profile"`
	Winner      *credentials.Winner `json:"winner"`
	AccountID   string              `json:"account_id"`
	PrincipalID string              `json:"principal_id"`
	UserID      string              `json:"user_id"`
	Arn         string              `json:"arn"`
	Type        string              `json:"type"`
	RequestID   string              `json:"request_id"`
}

func runProfilesCheck(cmd *cobra.Command, e *env, f *profilesFlags) error {
	ctx := cmdContext(cmd)
	if f.timeout <= 0 {
		return usageErr("--timeout must be a positive number of seconds, got %v", f.timeout)
	}
	r, err := e.credentialTrace(ctx, f.profile)
	if err != nil {
		var ce *credentials.ChainError
		if errors.As(err, &ce) {
			if !f.jsonOut {
				printTrace(e.stderr, ce.Trace)
			}
			return &ExitError{Code: ExitUsage, Err: errors.New(chainSummary(ce))}
		}
		return &ExitError{Code: ExitUsage, Err: err}
	}
	region := f.region
	if region == "" {
		region = r.Credential.Region
	}
	if region == "" {
		region = credentials.DefaultSTSRegion
	}
	endpoint := f.endpoint
	if endpoint == "" {
		endpoint = e.getenv(envSTSEndpoint) // the STS the chain itself uses
	}
	client, err := api.NewClient(r.Provider, region, api.ClientProfile{
		HTTP:   api.HTTPProfile{Endpoint: endpoint, Timeout: time.Duration(f.timeout * float64(time.Second))},
		Getenv: e.getenv,
	})
	if err != nil {
		return &ExitError{Code: ExitUsage, Err: err}
	}
	defer client.Close()
	resp, err := client.Call(ctx, &api.Request{Service: "sts", Version: "2018-08-13", Action: "GetCallerIdentity", Params: map[string]any{}})
	if err != nil {
		fmt.Fprintf(e.stderr, "credential %s from %s was refused:\n", r.Trace.Winner.MaskedID, r.Trace.Winner.Where)
		return callError(e.stderr, err)
	}
	var id struct {
		Arn         string
		AccountID   string `json:"AccountId"`
		UserID      string `json:"UserId"`
		PrincipalID string `json:"PrincipalId"`
		Type        string
	}
	if err := json.Unmarshal(resp.Result(), &id); err != nil || id.Arn == "" {
		return &ExitError{Code: ExitTransport, Err: fmt.Errorf("sts GetCallerIdentity: the answer has no Arn (RequestId %s)", resp.RequestID)}
	}
	name := r.Trace.Winner.Profile
	if name == "" {
		name = r.Trace.Winner.Source
	}
	if f.jsonOut {
		return writeJSON(e.stdout, checkJSON{Profile: name, Winner: r.Trace.Winner, AccountID: id.AccountID, PrincipalID: id.PrincipalID,
			UserID: id.UserID, Arn: id.Arn, Type: id.Type, RequestID: resp.RequestID})
	}
	w := e.stdout
	fmt.Fprintf(w, "profile    %s\n", name)
	fmt.Fprintf(w, "credential %s\n", r.Trace.Winner)
	fmt.Fprintf(w, "account    %s\n", id.AccountID)
	fmt.Fprintf(w, "principal  %s\n", id.PrincipalID)
	if id.UserID != "" && id.UserID != id.PrincipalID {
		fmt.Fprintf(w, "user       %s\n", id.UserID)
	}
	fmt.Fprintf(w, "arn        %s\n", id.Arn)
	if id.Type != "" {
		fmt.Fprintf(w, "type       %s\n", id.Type)
	}
	fmt.Fprintf(w, "RequestId  %s\n", resp.RequestID)
	return nil
}
