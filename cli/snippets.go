package cli

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/tcx-dev/tcx/snippet"
)

func newSnippetsCmd(e *env) *cobra.Command {
	var (
		sf     snippetFlags
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "snippets",
		Short: "List saved snippets",
		Long: "Snippets lists the saved requests in the snippet folder ($XDG_DATA_HOME/tcx/snippets, else\n" +
			"~/.local/share/tcx/snippets, or --dir): name, product and action, region, profile and file.\n" +
			"A file that cannot be loaded is listed with the reason. Replay one with `tcx replay NAME`,\n" +
			"export it with `tcx export NAME --to curl`; the explorer saves new ones with ctrl+s.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := sf.store(e)
			if err != nil {
				return err
			}
			entries, err := st.List()
			if err != nil {
				return &ExitError{Code: ExitUsage, Err: err}
			}
			if asJSON {
				return printSnippetsJSON(e, entries)
			}
			if len(entries) == 0 {
				fmt.Fprintf(e.stderr, "no snippets in %s (save one from the explorer with ctrl+s, or write a file: docs/snippets.md)\n", st.Dir)
				return nil
			}
			tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tACTION\tREGION\tPROFILE\tPATH")
			for _, en := range entries {
				if en.Err != nil {
					fmt.Fprintf(tw, "%s\t(unreadable: %v)\t\t\t%s\n", en.Name, en.Err, en.Path)
					continue
				}
				s := en.Snippet
				fmt.Fprintf(tw, "%s\t%s %s\t%s\t%s\t%s\n", en.Name, s.Product, s.Action, dash(s.Region), dash(s.Profile), en.Path)
			}
			return tw.Flush()
		},
	}
	cmd.PersistentFlags().StringVar(&sf.dir, "dir", "", "snippet `folder` (default $XDG_DATA_HOME/tcx/snippets or ~/.local/share/tcx/snippets)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the list as JSON")
	cmd.AddCommand(
		&cobra.Command{
			Use:   "show NAME",
			Short: "Print a saved snippet",
			Args:  cobra.ExactArgs(1),
			RunE: func(_ *cobra.Command, args []string) error {
				st, err := sf.store(e)
				if err != nil {
					return err
				}
				s, _, err := st.Resolve(args[0])
				if err != nil {
					return usageErr("%v", err)
				}
				b, err := snippet.Marshal(s)
				if err != nil {
					return usageErr("%v", err)
				}
				_, err = e.stdout.Write(b)
				return err
			},
		},
		&cobra.Command{
			Use:   "rm NAME",
			Short: "Delete a saved snippet",
			Args:  cobra.ExactArgs(1),
			RunE: func(_ *cobra.Command, args []string) error {
				st, err := sf.store(e)
				if err != nil {
					return err
				}
				if err := st.Delete(args[0]); err != nil {
					return usageErr("%v", err)
				}
				fmt.Fprintln(e.stderr, "tcx: deleted", st.Path(args[0]))
				return nil
			},
		},
	)
	return cmd
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func printSnippetsJSON(e *env, entries []snippet.Entry) error {
	type row struct {
		Name        string `json:"name"`
		Path        string `json:"path"`
		Product     string `json:"product,omitempty"`
		APIVersion  string `json:"api_version,omitempty"`
		Action      string `json:"action,omitempty"`
		Region      string `json:"region,omitempty"`
		Profile     string `json:"profile,omitempty"`
		Description string `json:"description,omitempty"`
		Error       string `json:"error,omitempty"`
	}
	rows := make([]row, 0, len(entries))
	for _, en := range entries {
		r := row{Name: en.Name, Path: en.Path}
		if en.Err != nil {
			r.Error = en.Err.Error()
		} else {
			s := en.Snippet
			r.Product, r.APIVersion, r.Action, r.Region, r.Profile, r.Description = s.Product, s.APIVersion, s.Action, s.Region, s.Profile, s.Description
		}
		rows = append(rows, r)
	}
	b, err := json.MarshalIndent(rows, "", "  ")
	if err != nil {
		return err
	}
	_, err = e.stdout.Write(append(b, '\n'))
	return err
}
