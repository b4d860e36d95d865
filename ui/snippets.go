package ui

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tcx-dev/tcx/api"
	"github.com/tcx-dev/tcx/schema"
	"github.com/tcx-dev/tcx/snippet"
	"github.com/tcx-dev/tcx/ui/status"
)

// Snippet messages: results of the commands that touch the snippet folder.
type (
	snippetSavedMsg struct {
		name, path string
		err        error
	}
	snippetsListedMsg struct {
		entries []snippet.Entry
		err     error
	}
)

// saveSnippet writes the current request as a new snippet (a command: it
// reads the folder to pick a free name, then writes atomically).
func saveSnippet(st *snippet.Store, req *api.Request, o snippet.Overrides) tea.Cmd {
	return func() tea.Msg {
		name := st.SuggestName(req.Service, req.Action)
		s, err := snippet.FromRequest(name, req, o)
		if err != nil {
			return snippetSavedMsg{err: err}
		}
		path, err := st.Save(s)
		return snippetSavedMsg{name: name, path: path, err: err}
	}
}

// listSnippets reads the snippet folder (a command).
func listSnippets(st *snippet.Store) tea.Cmd {
	return func() tea.Msg {
		e, err := st.List()
		return snippetsListedMsg{entries: e, err: err}
	}
}

// snippetPicker lists saved snippets as an overlay.
type snippetPicker struct {
	c       *Common
	open    bool
	entries []snippet.Entry
	cursor  int
}

// loadSnippetMsg asks the root to load a snippet into the form.
type loadSnippetMsg struct{ s *snippet.Snippet }

// snippetFilledMsg is a snippet whose ${VAR} placeholders were filled from
// the environment; missing names the variables that had no value (their
// placeholders are left as typed, and send refuses until they are gone).
type snippetFilledMsg struct {
	s       *snippet.Snippet
	missing []string
	err     error
}

// fillSnippet fills a snippet's placeholders the way tcx replay does
// (snippet.Expand, typed by the action's input), in a command because it
// reads the environment. Variables without a value stay "${NAME}".
func fillSnippet(sn *snippet.Snippet, reg *schema.Registry, lookup func(string) (string, bool)) tea.Cmd {
	return func() tea.Msg {
		if lookup == nil {
			lookup = func(string) (string, bool) { return "", false }
		}
		vars := snippet.Vars{Lookup: lookup}
		if reg != nil {
			if a, err := reg.Action(sn.Product, sn.APIVersion, sn.Action); err == nil {
				vars.Input = a.Input
			}
		}
		filled, err := snippet.Expand(sn, vars)
		var mv *snippet.MissingVarsError
		if !errors.As(err, &mv) {
			return snippetFilledMsg{s: filled, err: err}
		}
		miss := map[string]bool{}
		for _, n := range mv.Names {
			miss[n] = true
		}
		vars.Lookup = func(n string) (string, bool) {
			if miss[n] {
				return "${" + n + "}", true
			}
			return lookup(n)
		}
		filled, err = snippet.Expand(sn, vars)
		return snippetFilledMsg{s: filled, missing: mv.Names, err: err}
	}
}

// unfilled lists the ${VAR} placeholders still in the form's parameters.
func unfilled(params map[string]any) []string {
	return snippet.Placeholders(&snippet.Snippet{Params: params})
}

func dollarNames(names []string) string {
	d := make([]string, len(names))
	for i, n := range names {
		d[i] = "${" + n + "}"
	}
	return strings.Join(d, ", ")
}

func (p snippetPicker) Update(msg tea.Msg) (snippetPicker, tea.Cmd) {
	kp, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return p, nil
	}
	switch kp.String() {
	case "esc", "q":
		p.open = false
	case "up", "k":
		p.cursor = max(p.cursor-1, 0)
	case "down", "j":
		p.cursor = min(p.cursor+1, max(len(p.entries)-1, 0))
	case "enter":
		p.open = false
		if p.cursor < len(p.entries) && p.entries[p.cursor].Snippet != nil {
			s := p.entries[p.cursor].Snippet
			return p, func() tea.Msg { return loadSnippetMsg{s} }
		}
	}
	return p, nil
}

func (p snippetPicker) View(w, h int) string {
	s := p.c.Styles
	lines := []string{s.Title.Render("Snippets") + s.Faint.Render("  enter open · esc close")}
	if len(p.entries) == 0 {
		lines = append(lines, s.Faint.Render("none saved yet: ctrl+s on the parameters screen saves one"))
	}
	start := max(p.cursor-(h-4)+1, 0)
	for i := start; i < len(p.entries) && len(lines) < h-2; i++ {
		e := p.entries[i]
		line := e.Name
		if e.Snippet != nil {
			line += s.Faint.Render(fmt.Sprintf("  %s %s  %s", e.Snippet.Product, e.Snippet.Action, e.Snippet.Description))
		} else if e.Err != nil {
			// the name is on the line already: the reason, not the path, first
			line += s.Error.Render("  ✗ " + strings.TrimPrefix(e.Err.Error(), e.Path+": "))
		}
		line = ansi.Truncate(line, w-6, "…")
		if i == p.cursor {
			line = s.Selected.Render("▸ " + ansi.Strip(line))
		} else {
			line = "  " + line
		}
		lines = append(lines, line)
	}
	return s.FocusedPane.Width(w).Render(strings.Join(lines, "\n"))
}

// loadSnippet puts a snippet's filled request into the form.
func (m *Model) loadSnippet(sn *snippet.Snippet, missing []string) tea.Cmd {
	a, err := m.reg.Action(sn.Product, sn.APIVersion, sn.Action)
	if err != nil {
		return status.Cmd(status.Error, "snippet "+sn.Name+": "+err.Error())
	}
	m.action = a
	m.form.SetAction(a)
	b, err := json.Marshal(sn.Params)
	if err == nil {
		err = m.form.SetParamsJSON(string(b))
	}
	if err != nil {
		return status.Cmd(status.Error, "snippet "+sn.Name+": "+err.Error())
	}
	if sn.Region != "" && !strings.Contains(sn.Region, "${") {
		m.set.Region = sn.Region
		m.buildClient()
	}
	m.show(scrParams)
	if len(missing) > 0 {
		n := status.Note{Level: status.Warn, TTL: 20 * time.Second,
			Text: fmt.Sprintf("snippet %s: %s not set in the environment — not sent; set it and open again (O), or edit the form",
				sn.Name, strings.Join(missing, ", "))}
		return tea.Batch(m.breakerCmds(), func() tea.Msg { return n })
	}
	return tea.Batch(m.breakerCmds(), status.Cmd(status.Success, "opened snippet "+sn.Name))
}
