package cli

import (
	"errors"

	"github.com/spf13/cobra"
)

// newCallCmd is replaced by the issue that owns the command.
func newCallCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "call",
		Short: "Call any action of any product",
		RunE: func(*cobra.Command, []string) error {
			return &ExitError{Code: ExitUsage, Err: errors.New("call is not built yet")}
		},
	}
}
