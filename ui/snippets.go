package ui

import (
	"encoding/json"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tcx-dev/tcx/api"
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
		lines = append(lines, s.Faint.Render("none saved yet: S on the parameters screen saves one"))
	}
	start := max(p.cursor-(h-4)+1, 0)
	for i := start; i < len(p.entries) && len(lines) < h-2; i++ {
		e := p.entries[i]
		line := e.Name
		if e.Snippet != nil {
			line += s.Faint.Render(fmt.Sprintf("  %s %s  %s", e.Snippet.Product, e.Snippet.Action, e.Snippet.Description))
		} else if e.Err != nil {
			line += s.Error.Render("  ✗ " + e.Err.Error())
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

// loadSnippet puts a snippet's request into the form.
func (m *Model) loadSnippet(sn *snippet.Snippet) tea.Cmd {
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
	if sn.Region != "" {
		m.set.Region = sn.Region
		m.buildClient()
	}
	m.show(scrParams)
	return tea.Batch(m.breakerCmds(), status.Cmd(status.Success, "opened snippet "+sn.Name+" (placeholders are sent as typed; tcx replay fills them)"))
}
