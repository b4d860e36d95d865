package cli

import (
	"errors"

	"github.com/spf13/cobra"
)

// newSchemaCmd is replaced by the issue that owns the command.
func newSchemaCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "schema",
		Short: "Search and show the embedded API schema",
		RunE: func(*cobra.Command, []string) error {
			return &ExitError{Code: ExitUsage, Err: errors.New("schema is not built yet")}
		},
	}
}
