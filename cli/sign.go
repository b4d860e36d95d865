package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tcx-dev/tcx/api"
)

// signFlags are sign's own flags on top of the request flags.
type signFlags struct {
	timestamp           int64
	nonce               uint64
	secretID, secretKey string
	output              string
}

// jsonOutput is what a bare --json stands for on sign: print JSON. With a
// value (--json '{…}', --json @file) it still carries the parameters.
const jsonOutput = "print"

func newSignCmd(e *env) *cobra.Command {
	var f reqFlags
	var s signFlags
	cmd := &cobra.Command{
		Use:   "sign PRODUCT ACTION [flags]",
		Short: "Show every step of a request signature",
		Long: "Sign builds the request tcx would send and prints every intermediate of its signature —\n" +
			"canonical request, string to sign, credential scope, signature, Authorization (or the v1\n" +
			"string to sign and parameters) — without sending it. Give the same timestamp, body and\n" +
			"keys as your own code to find the step where an AuthFailure.SignatureFailure starts.\n" +
			"The secret key is never printed.",
		Example: "  tcx sign cvm DescribeInstances --timestamp 1551113065 --json '{\"Limit\": 1}'\n" +
			"  tcx sign cvm DescribeInstances --sign-method HmacSHA1 --method GET --nonce 11886 --json\n" +
			"  tcx sign cvm DescribeInstances --json='{\"Limit\": 1}' --output json",
		Args: cobra.RangeArgs(2, 3),
		RunE: func(cmd *cobra.Command, args []string) error {
			// A bare --json asks for JSON output; "--json {…}" (value after a
			// space) arrives as a third argument and means parameters.
			if f.jsonArg == jsonOutput {
				f.jsonArg = ""
				if len(args) == 3 {
					f.jsonArg = args[2]
				} else {
					s.output = "json"
				}
			} else if len(args) == 3 {
				return usageErr("unexpected argument %q: sign takes PRODUCT ACTION", args[2])
			}
			if s.output != "text" && s.output != "json" {
				return usageErr("--output %q: use text or json", s.output)
			}
			return runSign(cmd, e, &f, &s, args[0], args[1])
		},
	}
	f.register(cmd.Flags())
	cmd.Flags().Lookup("json").NoOptDefVal = jsonOutput
	cmd.Flags().Lookup("json").Usage = "parameters as a `JSON` object, @file or - (stdin); a bare --json prints the result as JSON"
	cmd.Flags().Int64Var(&s.timestamp, "timestamp", 0, "Unix `seconds` to sign at (default: now)")
	cmd.Flags().Uint64Var(&s.nonce, "nonce", 0, "v1 `nonce` (default: random)")
	cmd.Flags().StringVar(&s.secretID, "secret-id", "", "secret `id` (default: TENCENTCLOUD_SECRET_ID or the profile)")
	cmd.Flags().StringVar(&s.secretKey, "secret-key", "", "secret `key` (default: TENCENTCLOUD_SECRET_KEY or the profile); never printed")
	cmd.Flags().StringVarP(&s.output, "output", "o", "text", "`format`: text, or json for one JSON object")
	return cmd
}

func runSign(cmd *cobra.Command, e *env, f *reqFlags, s *signFlags, product, action string) error {
	ctx := cmdContext(cmd)
	prof, err := f.clientProfile(e)
	if err != nil {
		return err
	}
	req, _, err := f.request(e, product, action)
	if err != nil {
		return err
	}
	var prov api.CredentialProvider
	if s.secretID != "" || s.secretKey != "" {
		id, key := s.secretID, s.secretKey
		if id == "" {
			id = e.getenv("TENCENTCLOUD_SECRET_ID")
		}
		if key == "" {
			key = e.getenv("TENCENTCLOUD_SECRET_KEY")
		}
		prov = api.StaticProvider{Credential: api.Credential{SecretID: id, SecretKey: key, Source: "command line"}}
	} else if prov, err = f.provider(ctx, e, req); err != nil {
		return err
	}
	client, err := api.NewClient(prov, req.Region, prof)
	if err != nil {
		return &ExitError{Code: ExitUsage, Err: err}
	}
	defer client.Close()
	sr, err := client.Sign(ctx, req, api.SignOptions{Timestamp: s.timestamp, Nonce: s.nonce})
	if err != nil {
		if ae, ok := api.AsError(err); ok {
			return &ExitError{Code: ExitUsage, Err: ae}
		}
		return &ExitError{Code: ExitUsage, Err: err}
	}
	sr = sr.Masked()
	if s.output == "json" {
		return signJSON(e.stdout, req, sr)
	}
	signText(e.stdout, req, sr)
	return nil
}

// visible makes line feeds visible so that the canonical request's empty
// line and trailing whitespace can be compared with one's own output.
func visible(s string) string {
	return strings.ReplaceAll(s, "\n", "⏎\n")
}

func signText(w io.Writer, r *api.Request, sr *api.SignedRequest) {
	t := sr.Trace
	fmt.Fprintf(w, "Request      %s %s\n", sr.Method, sr.URL)
	fmt.Fprintf(w, "Service      %s (credential scope; the host does not decide it)\n", r.Service)
	fmt.Fprintf(w, "Action       %s  Version %s  Region %q\n", r.Action, r.Version, r.Region)
	fmt.Fprintf(w, "Timestamp    %d\n", t.Timestamp)
	fmt.Fprintf(w, "SecretId     %s (masked)\n", t.MaskedID)
	fmt.Fprintf(w, "Method       %s\n\n", t.Method)
	switch {
	case t.TC3 != nil:
		s := t.TC3
		fmt.Fprintf(w, "1. Payload SHA-256\n   %s\n", s.PayloadHash)
		fmt.Fprintf(w, "2. Canonical request (⏎ marks each line feed)\n%s\n\n", indent(visible(s.CanonicalRequest)))
		fmt.Fprintf(w, "3. Canonical request SHA-256\n   %s\n", s.HashedCanonicalRequest)
		fmt.Fprintf(w, "4. Credential scope (date is UTC)\n   %s\n", s.CredentialScope)
		fmt.Fprintf(w, "5. String to sign\n%s\n\n", indent(visible(s.StringToSign)))
		fmt.Fprintf(w, "6. Signature = hex(HMAC(kSigning, string to sign)),\n   kSigning = HMAC(HMAC(HMAC(\"TC3\"+key, %s), %s), \"tc3_request\")\n   %s\n", s.Date, r.Service, s.Signature)
		fmt.Fprintf(w, "7. Authorization\n   %s\n\n", s.Authorization)
	case t.V1 != nil:
		s := t.V1
		fmt.Fprintf(w, "1. String to sign (parameters sorted, values not encoded)\n   %s\n", s.StringToSign)
		fmt.Fprintf(w, "2. Signature = base64(HMAC-%s(key, string to sign))\n   %s\n", strings.TrimPrefix(t.Method, "Hmac"), s.Signature)
		fmt.Fprintf(w, "3. Encoded parameters (query for GET, form body for POST)\n   %s\n\n", s.Encoded)
	default:
		fmt.Fprintf(w, "Unsigned (Authorization: SKIP)\n\n")
	}
	fmt.Fprintf(w, "Headers\n")
	names := make([]string, 0, len(sr.Header))
	for k := range sr.Header {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		fmt.Fprintf(w, "   %s: %s\n", k, sr.Header.Get(k))
	}
	if len(sr.Body) > 0 {
		fmt.Fprintf(w, "Body (%d bytes)\n   %s\n", len(sr.Body), sr.Body)
	}
}

func indent(s string) string {
	return "   " + strings.ReplaceAll(s, "\n", "\n   ")
}

func signJSON(w io.Writer, r *api.Request, sr *api.SignedRequest) error {
	t := sr.Trace
	hdr := map[string]string{}
	for k := range sr.Header {
		hdr[k] = sr.Header.Get(k)
	}
	out := map[string]any{
		"method": sr.Method, "url": sr.URL, "service": r.Service, "action": r.Action, "version": r.Version,
		"region": r.Region, "timestamp": t.Timestamp, "secretIdMasked": t.MaskedID, "signMethod": t.Method,
		"headers": hdr, "body": string(sr.Body),
	}
	if s := t.TC3; s != nil {
		out["payloadHash"] = s.PayloadHash
		out["canonicalRequest"] = s.CanonicalRequest
		out["hashedCanonicalRequest"] = s.HashedCanonicalRequest
		out["date"] = s.Date
		out["credentialScope"] = s.CredentialScope
		out["stringToSign"] = s.StringToSign
		out["signedHeaders"] = s.SignedHeaders
		out["signature"] = s.Signature
		out["authorization"] = s.Authorization
	}
	if s := t.V1; s != nil {
		out["stringToSign"] = s.StringToSign
		out["signature"] = s.Signature
		out["encoded"] = s.Encoded
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
