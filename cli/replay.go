package cli

import (
	"errors"

	"github.com/spf13/cobra"
)

// newReplayCmd is replaced by the issue that owns the command.
func newReplayCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "replay",
		Short: "Replay a saved snippet",
		RunE: func(*cobra.Command, []string) error {
			return &ExitError{Code: ExitUsage, Err: errors.New("replay is not built yet")}
		},
	}
}
