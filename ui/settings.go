package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tcx-dev/tcx/api"
)

// settingsChangedMsg tells the root to rebuild the client.
type settingsChangedMsg struct{}

// openRegionMsg asks the root to open the region picker.
type openRegionMsg struct{}

// settingsPane edits Settings with ←/→ per row.
type settingsPane struct {
	c      *Common
	s      *Settings
	cursor int
	width  int
	height int
}

type settingRow struct {
	name, value, help string
	choices           []string
}

func (p *settingsPane) rows() []settingRow {
	s := p.s
	onoff := "off"
	if s.Breaker {
		onoff = "on"
	}
	lang := s.Language
	if lang == "" {
		lang = "default"
	}
	return []settingRow{
		{"Region", s.Region, "enter: pick from the list", nil},
		{"Method", s.Method, "POST sends JSON; GET a flattened query", []string{"POST", "GET"}},
		{"Sign method", s.SignMethod, "TC3 for every product; v1 only for older ones", []string{api.TC3HMACSHA256, "HmacSHA256", "HmacSHA1"}},
		{"Language", lang, "language of error messages (X-TC-Language)", []string{"default", "en-US", "zh-CN"}},
		{"Region breaker", onoff, "fail over to the backup host when the primary keeps failing", []string{"on", "off"}},
	}
}

func (p *settingsPane) SetSize(w, h int) { p.width, p.height = w, h }

func (p settingsPane) Update(msg tea.Msg) (settingsPane, tea.Cmd) {
	kp, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return p, nil
	}
	rows := p.rows()
	switch kp.String() {
	case "up", "k":
		p.cursor = max(p.cursor-1, 0)
	case "down", "j":
		p.cursor = min(p.cursor+1, len(rows)-1)
	case "enter", "right", "l", "left", "h", "space":
		r := rows[p.cursor]
		if r.choices == nil {
			return p, func() tea.Msg { return openRegionMsg{} }
		}
		dir := 1
		if kp.String() == "left" || kp.String() == "h" {
			dir = -1
		}
		i := 0
		for j, c := range r.choices {
			if c == r.value {
				i = j
			}
		}
		v := r.choices[(i+dir+len(r.choices))%len(r.choices)]
		switch p.cursor {
		case 1:
			p.s.Method = v
		case 2:
			p.s.SignMethod = v
		case 3:
			if v == "default" {
				v = ""
			}
			p.s.Language = v
		case 4:
			p.s.Breaker = v == "on"
		}
		return p, func() tea.Msg { return settingsChangedMsg{} }
	}
	return p, nil
}

func (p settingsPane) View() string {
	st := p.c.Styles
	lines := []string{st.Title.Render("Settings") + st.Faint.Render("  ←/→ change · enter pick · applies to the next request"), ""}
	for i, r := range p.rows() {
		line := fmt.Sprintf("%-16s %-20s %s", r.name, "‹ "+r.value+" ›", st.Faint.Render(r.help))
		if i == p.cursor {
			plain := ansi.Truncate(ansi.Strip(line), p.width, "…")
			line = st.Selected.Render(plain + strings.Repeat(" ", max(p.width-ansi.StringWidth(plain), 0)))
		} else {
			line = ansi.Truncate(line, p.width, "…")
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}
