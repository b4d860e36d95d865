package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/tcx-dev/tcx/assets"
	"github.com/tcx-dev/tcx/schema"
)

// schemaFlags are the options shared by the `tcx schema` commands.
type schemaFlags struct {
	extra   []string
	version string
	limit   int
	json    bool
	all     bool
}

func newSchemaCmd(e *env) *cobra.Command {
	var f schemaFlags
	cmd := &cobra.Command{
		Use:   "schema",
		Short: "Search and show the embedded API schema",
		Long: `Search and show the API schema embedded in tcx: every product, API version,
action and parameter of Tencent Cloud, generated from tccli's definitions.

Extra definitions in tccli's layout (<product>/v<YYYYMMDD>/api.json) are
loaded from --extra folders and from TCX_SCHEMA_EXTRA (a list of folders
separated by the system's path list separator).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.PersistentFlags().StringArrayVar(&f.extra, "extra", nil, "also load definitions from this tccli-layout `folder` (repeatable)")

	search := &cobra.Command{
		Use:     "search QUERY...",
		Short:   "Find products and actions by name or title",
		Example: "  tcx schema search describe instances\n  tcx schema search 云服务器\n  tcx schema search runinst",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			return schemaSearch(e, f, strings.Join(args, " "))
		},
	}
	search.Flags().IntVarP(&f.limit, "limit", "n", 20, "show at most `N` hits (0: all)")
	search.Flags().BoolVar(&f.json, "json", false, "print hits as JSON")

	show := &cobra.Command{
		Use:   "show PRODUCT [ACTION]",
		Short: "Show a product's actions, or an action's docs, parameters and example",
		Example: "  tcx schema show cvm\n  tcx schema show cvm DescribeInstances\n" +
			"  tcx schema show tke DescribeClusters --version 2022-05-01",
		Args: cobra.RangeArgs(1, 2),
		RunE: func(_ *cobra.Command, args []string) error {
			return schemaShow(e, f, args)
		},
	}
	show.Flags().StringVar(&f.version, "version", "", "API `version` (default: the product's default version)")
	show.Flags().BoolVar(&f.all, "all", false, "show every example and the full docs of each parameter")
	show.Flags().BoolVar(&f.json, "json", false, "print the action's definition as JSON")

	skel := &cobra.Command{
		Use:     "skeleton PRODUCT ACTION",
		Short:   "Print a JSON skeleton of an action's parameters (like tccli --generate-cli-skeleton)",
		Example: "  tcx schema skeleton cvm RunInstances > params.json",
		Args:    cobra.ExactArgs(2),
		RunE: func(_ *cobra.Command, args []string) error {
			return schemaSkeleton(e, f, args[0], args[1])
		},
	}
	skel.Flags().StringVar(&f.version, "version", "", "API `version` (default: the product's default version)")

	stats := &cobra.Command{
		Use:   "stats",
		Short: "Count what the schema holds and how much it costs",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			return schemaStats(e, f)
		},
	}
	cmd.AddCommand(search, show, skel, stats)
	return cmd
}

// registry opens the embedded schema plus the extra definition folders
// (tccli layout) given here, in the config file's schema_extra and in
// TCX_SCHEMA_EXTRA, so every command — call,
// replay, sandbox, the explorer, schema — sees the same products. Problems
// in extra folders are warnings, not failures. It is loaded once per run
// (a command that validates and then builds a request asks twice); the
// first call's extra folders are the ones that apply.
func (e *env) registry(extra ...string) (*schema.Registry, error) {
	if e.reg != nil {
		return e.reg, nil
	}
	r, err := schema.Embedded()
	if err != nil {
		return nil, err
	}
	dirs := append([]string(nil), extra...)
	if c, _, err := e.config(); err != nil {
		fmt.Fprintln(e.stderr, "tcx: warning:", err)
	} else {
		dirs = append(dirs, c.SchemaExtra...)
	}
	if env := e.getenv("TCX_SCHEMA_EXTRA"); env != "" {
		dirs = append(dirs, filepath.SplitList(env)...)
	}
	for _, d := range dirs {
		for _, p := range r.LoadExtra(d) {
			fmt.Fprintln(e.stderr, "tcx: warning: extra schema:", p)
		}
	}
	e.reg = r
	return r, nil
}

func schemaSearch(e *env, f schemaFlags, q string) error {
	r, err := e.registry(f.extra...)
	if err != nil {
		return err
	}
	hits := r.Search(q, f.limit)
	if f.json {
		return writeJSON(e.stdout, hits)
	}
	if len(hits) == 0 {
		fmt.Fprintf(e.stderr, "no product or action matches %q\n", q)
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	for _, h := range hits {
		dep := ""
		if h.Deprecated {
			dep = "  (deprecated)"
		}
		switch h.Kind {
		case schema.HitProduct:
			fmt.Fprintf(tw, "product\t%s\t%s\t%s\n", h.Product, h.Version, h.Title)
		default:
			fmt.Fprintf(tw, "action\t%s %s\t%s\t%s%s\n", h.Product, h.Action, h.Version, h.Title, dep)
		}
	}
	return tw.Flush()
}

// lookupErr turns a registry error into a usage error with suggestions.
func lookupErr(r *schema.Registry, err error, query string) error {
	msg := err.Error()
	if errors.Is(err, schema.ErrUnknownProduct) || errors.Is(err, schema.ErrUnknownAction) {
		var sugg []string
		for _, h := range r.Search(query, 5) {
			if errors.Is(err, schema.ErrUnknownProduct) && h.Kind == schema.HitProduct {
				sugg = append(sugg, h.Product)
			} else if errors.Is(err, schema.ErrUnknownAction) && h.Kind == schema.HitAction {
				sugg = append(sugg, h.Product+" "+h.Action)
			}
		}
		if len(sugg) > 0 {
			msg += " (did you mean: " + strings.Join(sugg, ", ") + "?)"
		}
	}
	return &ExitError{Code: ExitUsage, Err: errors.New(msg)}
}

func schemaShow(e *env, f schemaFlags, args []string) error {
	r, err := e.registry(f.extra...)
	if err != nil {
		return err
	}
	p := r.Product(args[0])
	if p == nil {
		return lookupErr(r, fmt.Errorf("%w %q", schema.ErrUnknownProduct, args[0]), args[0])
	}
	if len(args) == 1 {
		return showProduct(e, r, p, f.version)
	}
	a, err := r.Action(p.Name, f.version, args[1])
	if err != nil {
		return lookupErr(r, err, p.Name+" "+args[1])
	}
	if f.json {
		return writeJSON(e.stdout, actionJSON(a))
	}
	showAction(e.stdout, a, f.all)
	return nil
}

func showProduct(e *env, r *schema.Registry, p *schema.Product, version string) error {
	refs, err := r.Actions(p.Name, version)
	if err != nil {
		return lookupErr(r, err, p.Name)
	}
	if version == "" {
		version = p.DefaultVersion
	}
	w := e.stdout
	fmt.Fprintf(w, "%s — %s\n", p.Name, p.DisplayName)
	fmt.Fprintf(w, "host      %s\n", p.Host)
	var vers []string
	for _, v := range p.Versions {
		if v == p.DefaultVersion {
			v += " (default)"
		}
		vers = append(vers, v)
	}
	fmt.Fprintf(w, "versions  %s\n", strings.Join(vers, ", "))
	if p.Folder != "" {
		fmt.Fprintf(w, "tccli     %s\n", p.Folder)
	}
	if p.Brief != "" {
		fmt.Fprintf(w, "\n%s\n", p.Brief)
	}
	fmt.Fprintf(w, "\n%d actions in %s:\n", len(refs), version)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, a := range refs {
		dep := ""
		if a.Deprecated {
			dep = "  (deprecated)"
		}
		fmt.Fprintf(tw, "  %s\t%s%s\n", a.Name, a.Title, dep)
	}
	return tw.Flush()
}

func showAction(w io.Writer, a *schema.Action, all bool) {
	fmt.Fprintf(w, "%s %s %s — %s\n", a.Product, a.Version, a.Name, a.Title)
	if a.Deprecated() {
		fmt.Fprintf(w, "status: %s\n", a.Status)
	}
	if a.Doc != "" {
		fmt.Fprintf(w, "\n%s\n", a.Doc)
	}
	fmt.Fprintf(w, "\nParameters (* required):\n")
	if len(a.Input.Members) == 0 {
		fmt.Fprintln(w, "  (none)")
	}
	printTree(w, a.Input, all, false)
	fmt.Fprintf(w, "\nResponse (* always present):\n")
	if len(a.Output.Members) <= 1 {
		fmt.Fprintln(w, "  (RequestId only)")
	}
	printTree(w, a.Output, all, true)
	for i, ex := range a.Examples {
		if i > 0 && !all {
			fmt.Fprintf(w, "\n(%d more examples: --all)\n", len(a.Examples)-1)
			break
		}
		fmt.Fprintf(w, "\nExample %d: %s\n", i+1, ex.Title)
		if ex.Doc != "" && ex.Doc != ex.Title {
			fmt.Fprintf(w, "%s\n", ex.Doc)
		}
		fmt.Fprintf(w, "request:\n%s\n", indentJSON(ex.Input))
		if all {
			fmt.Fprintf(w, "response:\n%s\n", indentJSON(ex.Output))
		}
	}
}

// printTree prints an object's members as an indented tree with types,
// required marks and each doc's first line. Recursive types are expanded
// once per path.
func printTree(w io.Writer, o *schema.Object, full, output bool) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	var walk func(o *schema.Object, indent string, onPath map[*schema.Object]bool)
	walk = func(o *schema.Object, indent string, onPath map[*schema.Object]bool) {
		for _, m := range o.Members {
			if output && m.Name == "RequestId" && indent == "  " {
				continue
			}
			mark := " "
			if (!output && m.Required) || (output && m.OutputRequired) {
				mark = "*"
			}
			note := ""
			if m.Object != nil && onPath[m.Object] {
				note = " (recursive)"
			}
			if len(m.Enum) > 0 {
				note = ": " + strings.Join(m.Enum, "|")
			}
			if full {
				// The whole doc, one row per line, in the column after the type.
				fmt.Fprintf(tw, "%s%s %s\t%s%s\t\n", indent, mark, m.Name, m.TypeString(), note)
				for _, l := range strings.Split(m.Doc, "\n") {
					fmt.Fprintf(tw, "\t\t%s\n", l)
				}
				if m.Example != "" {
					fmt.Fprintf(tw, "\t\texample: %s\n", m.Example)
				}
			} else {
				fmt.Fprintf(tw, "%s%s %s\t%s%s\t%s\n", indent, mark, m.Name, m.TypeString(), note, firstLineTrunc(m.Doc, 70))
			}
			if m.Object != nil && !onPath[m.Object] && len(indent) < 24 {
				onPath[m.Object] = true
				walk(m.Object, indent+"    ", onPath)
				delete(onPath, m.Object)
			}
		}
	}
	walk(o, "  ", map[*schema.Object]bool{o: true})
	tw.Flush()
}

func firstLineTrunc(s string, n int) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	r := []rune(s)
	if len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func indentJSON(s string) string {
	var v any
	if json.Unmarshal([]byte(s), &v) != nil {
		return s
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return s
	}
	return string(b)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// actionJSON is an action as a JSON document (objects expanded once per path).
func actionJSON(a *schema.Action) map[string]any {
	return map[string]any{
		"Product": a.Product, "Version": a.Version, "Name": a.Name, "Title": a.Title,
		"Status": a.Status, "Doc": a.Doc,
		"Input":    objectJSON(a.Input, map[*schema.Object]bool{}),
		"Output":   objectJSON(a.Output, map[*schema.Object]bool{}),
		"Examples": a.Examples,
	}
}

func objectJSON(o *schema.Object, onPath map[*schema.Object]bool) map[string]any {
	onPath[o] = true
	defer delete(onPath, o)
	var members []map[string]any
	for _, m := range o.Members {
		mm := map[string]any{"Name": m.Name, "Type": m.Type, "List": m.List, "Required": m.Required, "OutputRequired": m.OutputRequired, "Doc": m.Doc}
		if m.Example != "" {
			mm["Example"] = m.Example
		}
		if m.Format != "" {
			mm["Format"] = m.Format
		}
		if m.Object != nil {
			if onPath[m.Object] {
				mm["Object"] = map[string]any{"Name": m.Object.Name, "Recursive": true}
			} else {
				mm["Object"] = objectJSON(m.Object, onPath)
			}
		}
		members = append(members, mm)
	}
	return map[string]any{"Name": o.Name, "Doc": o.Doc, "Members": members}
}

func schemaSkeleton(e *env, f schemaFlags, product, action string) error {
	r, err := e.registry(f.extra...)
	if err != nil {
		return err
	}
	a, err := r.Action(product, f.version, action)
	if err != nil {
		return lookupErr(r, err, product+" "+action)
	}
	return writeJSON(e.stdout, schema.Skeleton(a.Input))
}

func schemaStats(e *env, f schemaFlags) error {
	start := time.Now()
	r, err := e.registry(f.extra...)
	if err != nil {
		return err
	}
	took := time.Since(start)
	s, rec := r.Stats(), r.Recorded()
	w := e.stdout
	fmt.Fprintf(w, "source      %s\n", r.Source())
	fmt.Fprintf(w, "products    %d\n", s.Products)
	fmt.Fprintf(w, "versions    %d\n", s.Versions)
	fmt.Fprintf(w, "actions     %d (%d deprecated or offline; %d names in more than one product)\n", s.Actions, s.Deprecated, s.SharedNames)
	fmt.Fprintf(w, "objects     %d, members %d, examples %d (as generated)\n", rec.Objects, rec.Members, rec.Examples)
	fmt.Fprintf(w, "skipped     %d members disabled in the source\n", rec.Skipped)
	fmt.Fprintf(w, "bundle      %s index + %s definitions embedded\n", size(len(assets.SchemaIndex())), size(len(assets.SchemaData())))
	fmt.Fprintf(w, "index load  %s\n", took.Round(10*time.Microsecond))
	if s.Products != rec.Products || s.Actions != rec.Actions {
		fmt.Fprintf(w, "generated   %d products, %d actions (extra folders changed the counts)\n", rec.Products, rec.Actions)
	}
	return nil
}

func size(n int) string {
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}
