package ui

import (
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tcx-dev/tcx/schema"
)

// regionChosenMsg carries the region picked in the picker.
type regionChosenMsg struct{ region string }

// regionPicker is a filterable list of regions shown as an overlay.
type regionPicker struct {
	c      *Common
	open   bool
	input  textinput.Model
	all    []schema.Region
	shown  []schema.Region
	cursor int
}

func newRegionPicker(c *Common) regionPicker {
	in := textinput.New()
	in.Prompt = "region › "
	in.Placeholder = "type to filter"
	return regionPicker{c: c, input: in, all: schema.Regions()}
}

func (p *regionPicker) Open(current string) tea.Cmd {
	p.open = true
	p.input.SetValue("")
	p.filter()
	for i, r := range p.shown {
		if r.ID == current {
			p.cursor = i
		}
	}
	return p.input.Focus()
}

func (p *regionPicker) filter() {
	q := strings.ToLower(strings.TrimSpace(p.input.Value()))
	p.shown = p.shown[:0]
	for _, r := range p.all {
		if q == "" || strings.Contains(strings.ToLower(r.ID+" "+r.Name+" "+r.EnglishName), q) {
			p.shown = append(p.shown, r)
		}
	}
	// an exact id first, so "ap-shanghai" does not pick ap-shanghai-fsi
	for i, r := range p.shown {
		if r.ID == q && i > 0 {
			copy(p.shown[1:i+1], p.shown[:i])
			p.shown[0] = r
		}
	}
	p.cursor = min(p.cursor, max(len(p.shown)-1, 0))
}

func (p regionPicker) Update(msg tea.Msg) (regionPicker, tea.Cmd) {
	if kp, ok := msg.(tea.KeyPressMsg); ok {
		switch kp.String() {
		case "esc":
			p.open = false
			return p, nil
		case "up", "ctrl+p":
			p.cursor = max(p.cursor-1, 0)
			return p, nil
		case "down", "ctrl+n":
			p.cursor = min(p.cursor+1, max(len(p.shown)-1, 0))
			return p, nil
		case "enter":
			p.open = false
			if p.cursor < len(p.shown) {
				r := p.shown[p.cursor].ID
				return p, func() tea.Msg { return regionChosenMsg{r} }
			}
			return p, nil
		}
	}
	var cmd tea.Cmd
	before := p.input.Value()
	p.input, cmd = p.input.Update(msg)
	if p.input.Value() != before {
		p.cursor = 0
	}
	p.filter()
	return p, cmd
}

func (p regionPicker) View(w, h int) string {
	s := p.c.Styles
	lines := []string{s.Title.Render("Choose a region"), p.input.View()}
	start := 0
	rows := h - 4
	if p.cursor >= rows {
		start = p.cursor - rows + 1
	}
	for i := start; i < len(p.shown) && len(lines) < h-2; i++ {
		r := p.shown[i]
		line := ansi.Truncate(r.ID+"  "+r.EnglishName+"  "+r.Name, w-6, "…")
		if i == p.cursor {
			line = s.Selected.Render("▸ " + line)
		} else {
			line = "  " + line
		}
		lines = append(lines, line)
	}
	return s.FocusedPane.Width(w).Render(strings.Join(lines, "\n"))
}
