package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/tcx-dev/tcx/api"
)

func newCallCmd(e *env) *cobra.Command {
	var f reqFlags
	var raw bool
	cmd := &cobra.Command{
		Use:   "call PRODUCT ACTION [flags]",
		Short: "Call any action of any product",
		Long: "Call sends one API 3.0 request and prints the response's \"Response\" object as indented\n" +
			"JSON on stdout (--raw prints the body as received). Errors go to stderr with the code,\n" +
			"message, RequestId and a hint.\n\n" +
			"Exit status: 0 ok, 1 the API answered with an error, 2 bad flags or credentials,\n" +
			"3 network, TLS, timeout or an unreadable response.",
		Example: "  tcx call cvm DescribeInstances --region ap-guangzhou --param Limit=1\n" +
			"  tcx call cvm DescribeZones --region ap-guangzhou --endpoint http://127.0.0.1:9000\n" +
			"  tcx call vpc DescribeVpcs --json '{\"Limit\": 10}' --method GET",
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCall(cmd, e, &f, args[0], args[1], raw)
		},
	}
	f.register(cmd.Flags())
	cmd.Flags().BoolVar(&raw, "raw", false, "print the response body exactly as received")
	return cmd
}

func runCall(cmd *cobra.Command, e *env, f *reqFlags, product, action string, raw bool) error {
	ctx := cmdContext(cmd)
	prof, err := f.clientProfile(e)
	if err != nil {
		return err
	}
	req, act, err := f.request(e, product, action)
	if err != nil {
		return err
	}
	if prof.Retry.MaxAttempts > 1 && act != nil && memberType(act.Input, "ClientToken") != "" {
		// The schema says the action is idempotent by ClientToken: send one,
		// the same on every attempt, so a retried create runs at most once.
		prof.Retry.ClientToken = true
	}
	resp, err := f.send(ctx, e, req, prof)
	if err != nil {
		return err
	}
	if raw {
		_, err = e.stdout.Write(resp.Body)
		return err
	}
	return printIndented(e.stdout, resp.Result())
}

// printIndented re-indents JSON keeping key order and number text.
func printIndented(w io.Writer, b []byte) error {
	var out bytes.Buffer
	if err := json.Indent(&out, b, "", "  "); err != nil {
		_, err = w.Write(b)
		return err
	}
	out.WriteByte('\n')
	_, err := w.Write(out.Bytes())
	return err
}

// callError prints an API or transport error readably and returns the exit
// status for it.
func callError(w io.Writer, err error) error {
	ae, ok := api.AsError(err)
	if !ok {
		return &ExitError{Code: ExitTransport, Err: err}
	}
	fmt.Fprintf(w, "error: %s\n", ae.Code)
	if ae.Message != "" {
		fmt.Fprintf(w, "  message:   %s\n", ae.Message)
	}
	if ae.Err != nil {
		fmt.Fprintf(w, "  cause:     %v\n", ae.Err)
	}
	if ae.RequestID != "" {
		fmt.Fprintf(w, "  RequestId: %s\n", ae.RequestID)
	}
	if ae.Status != 0 && ae.Status != 200 {
		fmt.Fprintf(w, "  HTTP:      %d\n", ae.Status)
	}
	if ae.Endpoint != "" {
		fmt.Fprintf(w, "  endpoint:  %s\n", ae.Endpoint)
	}
	if ae.Snippet != "" {
		fmt.Fprintf(w, "  body:      %q\n", ae.Snippet)
	}
	if h := ae.Hint(); h != "" {
		fmt.Fprintf(w, "  hint:      %s\n", h)
	}
	code := ExitAPIError
	switch {
	case api.IsTransport(err):
		code = ExitTransport
	case api.IsClientError(err):
		code = ExitUsage
	}
	return &ExitError{Code: code} // already printed
}

// send signs req with the credentials the flags select, sends it with prof
// and maps a failure to the user's message and exit code (shared by call and
// replay).
func (f *reqFlags) send(ctx context.Context, e *env, req *api.Request, prof api.ClientProfile) (*api.Response, error) {
	prov, err := f.provider(ctx, e, req)
	if err != nil {
		return nil, err
	}
	client, err := api.NewClient(prov, req.Region, prof)
	if err != nil {
		return nil, &ExitError{Code: ExitUsage, Err: err}
	}
	defer client.Close()
	resp, err := client.Call(ctx, req)
	if err != nil {
		return nil, callError(e.stderr, err)
	}
	return resp, nil
}
