package cli

import (
	"errors"

	"github.com/spf13/cobra"
)

// newSignCmd is replaced by the issue that owns the command.
func newSignCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "sign",
		Short: "Show every step of a request signature",
		RunE: func(*cobra.Command, []string) error {
			return &ExitError{Code: ExitUsage, Err: errors.New("sign is not built yet")}
		},
	}
}
