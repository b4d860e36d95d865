package cli

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/tcx-dev/tcx/snippet"
)

func newExportCmd(e *env) *cobra.Command {
	var (
		sf                        snippetFlags
		to, out                   string
		profile, region, endpoint string
		noValidate                bool
	)
	cmd := &cobra.Command{
		Use:   "export FILE|NAME --to curl|python|go|go-sdk|node|tccli",
		Short: "Export a snippet as code",
		Long: "Export writes runnable code that performs a snippet's request:\n\n" +
			"  curl    a curl command with a freshly computed TC3 Authorization header (it holds the\n" +
			"          secret id and the signature, never the secret key; valid for five minutes)\n" +
			"  python  tencentcloud-sdk-python's CommonClient\n" +
			"  go      a Go program with tcx's api package\n" +
			"  go-sdk  a Go program with the official Go SDK's common client\n" +
			"  node    tencentcloud-sdk-nodejs-common's CommonClient\n" +
			"  tccli   a tccli command line\n\n" +
			"Generated programs read credentials from TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY\n" +
			"and TENCENTCLOUD_SESSION_TOKEN when they run; only curl is signed now, with the current\n" +
			"credential chain (--profile). Placeholders are filled now, from --set and the environment.",
		Example: "  tcx export list-instances --to curl | sh\n" +
			"  tcx export ./describe-vpcs.yaml --to python -o describe_vpcs.py\n" +
			"  tcx export list-instances --to go --endpoint http://127.0.0.1:9000",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmdContext(cmd)
			if to == "" {
				return usageErr("--to is required: one of %s", strings.Join(snippet.Targets(), ", "))
			}
			sn, input, err := sf.load(e, args[0], noValidate)
			if err != nil {
				return err
			}
			if region != "" {
				sn.Region = region
			}
			if endpoint != "" {
				sn.Endpoint = endpoint
			}
			if sn.Region == "" {
				sn.Region = e.getenv("TENCENTCLOUD_REGION")
			}
			vars, err := sf.vars(e)
			if err != nil {
				return err
			}
			vars.Input = input
			opts := snippet.ExportOptions{Vars: vars}
			if to == snippet.ToCurl {
				if profile == "" {
					profile = sn.Profile
				}
				prov, err := e.credentialProvider(ctx, profile)
				if err != nil {
					return usageErr("%v", err)
				}
				cred, err := prov.Retrieve(ctx)
				if err != nil {
					return usageErr("the curl export is signed now and needs credentials: %v", err)
				}
				opts.Credential = cred
			}
			code, err := snippet.Export(sn, to, opts)
			if err != nil {
				return usageErr("%v", err)
			}
			return writeOutput(e, out, code)
		},
	}
	sf.register(cmd.Flags())
	fl := cmd.Flags()
	fl.StringVar(&to, "to", "", "target: "+strings.Join(snippet.Targets(), ", "))
	fl.StringVarP(&out, "output", "o", "", "write to `file` (0600) instead of stdout")
	fl.StringVar(&profile, "profile", "", "credential `profile` that signs the curl export (default: the snippet's)")
	fl.StringVar(&region, "region", "", "`region` to use instead of the snippet's")
	fl.StringVar(&endpoint, "endpoint", "", "endpoint host or `URL` to use instead of the snippet's (e.g. http://127.0.0.1:9000)")
	fl.BoolVar(&noValidate, "no-validate", false, "export even when the parameters do not match the schema")
	return cmd
}
