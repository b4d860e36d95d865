package cli

import (
	"errors"

	"github.com/spf13/cobra"
)

// newProfilesCmd is replaced by the issue that owns the command.
func newProfilesCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "profiles",
		Short: "List credential profiles and explain the chain",
		RunE: func(*cobra.Command, []string) error {
			return &ExitError{Code: ExitUsage, Err: errors.New("profiles is not built yet")}
		},
	}
}
