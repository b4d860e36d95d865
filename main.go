// Command tcx explores, calls and debugs Tencent Cloud APIs from a terminal.
// Run it with no arguments for the interactive explorer; see `tcx --help` for
// the scriptable commands.
package main

import (
	"os"

	"github.com/tcx-dev/tcx/cli"
)

func main() { os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }
