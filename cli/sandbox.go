package cli

import (
	"errors"

	"github.com/spf13/cobra"
)

// newSandboxCmd is replaced by the issue that owns the command.
func newSandboxCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "sandbox",
		Short: "Run a local Tencent Cloud API sandbox",
		RunE: func(*cobra.Command, []string) error {
			return &ExitError{Code: ExitUsage, Err: errors.New("sandbox is not built yet")}
		},
	}
}
