// Package cli wires tcx's subcommands (call, sign, profiles, schema, sandbox,
// replay, export, snippets) and the explorer behind one cobra root. Each
// subcommand lives in its own file; this file only assembles them and maps
// errors to exit codes.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/tcx-dev/tcx/schema"
)

// Exit codes shared by every command.
const (
	ExitOK        = 0
	ExitAPIError  = 1 // the service answered with an error
	ExitUsage     = 2 // bad flags, arguments or input files
	ExitTransport = 3 // network, TLS, timeout or an unreadable response
)

// ExitError carries an exit code with the message shown to the user.
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string { return e.Err.Error() }
func (e *ExitError) Unwrap() error { return e.Err }

// usageErr wraps err as a usage error (exit 2).
func usageErr(format string, a ...any) error {
	return &ExitError{Code: ExitUsage, Err: fmt.Errorf(format, a...)}
}

// env gives commands the process environment and streams without globals, so
// tests can run commands in-process with their own environment.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	// lookupenv tells a variable set to "" from an unset one; nil in tests
	// that only give getenv, where "" then counts as unset.
	lookupenv func(string) (string, bool)

	reg *schema.Registry // the schema, once loaded (see registry)
}

// Main runs tcx with args and returns the process exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return Run(args, &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: osGetenv, lookupenv: os.LookupEnv})
}

// Run is Main with an explicit environment (used by tests).
func Run(args []string, e *env) int {
	root := newRoot(e)
	root.SetArgs(args)
	root.SetIn(e.stdin)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	err := root.Execute()
	if err == nil {
		return ExitOK
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		if ee.Err != nil {
			fmt.Fprintln(e.stderr, "tcx:", ee.Err)
		}
		return ee.Code
	}
	// cobra's own errors (unknown flag, missing argument) are usage errors.
	fmt.Fprintln(e.stderr, "tcx:", err)
	return ExitUsage
}

func newRoot(e *env) *cobra.Command {
	root := &cobra.Command{
		Use:   "tcx",
		Short: "Explore, call and debug Tencent Cloud APIs",
		Long: "tcx explores, calls and debugs Tencent Cloud APIs.\n\n" +
			"Run it without arguments for the interactive explorer (on a local sandbox when no\n" +
			"credentials are configured), or use the commands below in scripts.",
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runExplorer(cmd, e)
		},
	}
	addExplorerFlags(root)
	root.AddCommand(
		newCallCmd(e),
		newSignCmd(e),
		newProfilesCmd(e),
		newSchemaCmd(e),
		newSandboxCmd(e),
		newReplayCmd(e),
		newExportCmd(e),
		newSnippetsCmd(e),
	)
	return root
}
