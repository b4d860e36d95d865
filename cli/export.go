package cli

import (
	"errors"

	"github.com/spf13/cobra"
)

// newExportCmd is replaced by the issue that owns the command.
func newExportCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "export",
		Short: "Export a snippet as code",
		RunE: func(*cobra.Command, []string) error {
			return &ExitError{Code: ExitUsage, Err: errors.New("export is not built yet")}
		},
	}
}
