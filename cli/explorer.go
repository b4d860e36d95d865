package cli

import (
	"errors"

	"github.com/spf13/cobra"
)

func addExplorerFlags(*cobra.Command) {}

// runExplorer is replaced by the explorer issue.
func runExplorer(*cobra.Command, *env) error {
	return &ExitError{Code: ExitUsage, Err: errors.New("the explorer is not built yet")}
}
