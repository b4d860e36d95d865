package cli

import (
	"errors"

	"github.com/spf13/cobra"
)

// newSnippetsCmd is replaced by the issue that owns the command.
func newSnippetsCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "snippets",
		Short: "List saved snippets",
		RunE: func(*cobra.Command, []string) error {
			return &ExitError{Code: ExitUsage, Err: errors.New("snippets is not built yet")}
		},
	}
}
