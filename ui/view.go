package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// View draws header, pane (+ breaker panel), overlays and footer.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "tcx"
	if m.action != nil {
		v.WindowTitle = "tcx · " + m.action.Product + " " + m.action.Name
	}
	return v
}

func (m *Model) render() string {
	if m.quitting {
		return ""
	}
	w, h := m.c.Width, m.c.Height
	pane, brk := layoutRects(w, h, m.breakerBeside())
	body := m.paneView(pane)
	switch {
	case m.showHelp:
		body = m.helpView(pane)
	case m.picker.open:
		body = lipgloss.Place(pane.W, pane.H, lipgloss.Center, lipgloss.Center, m.picker.View(min(60, pane.W-2), min(20, pane.H)))
	case m.snips.open:
		body = lipgloss.Place(pane.W, pane.H, lipgloss.Center, lipgloss.Center, m.snips.View(min(70, pane.W-2), min(20, pane.H)))
	}
	body = fit(body, pane.W, pane.H)
	if brk.W > 0 {
		body = lipgloss.JoinHorizontal(lipgloss.Top, body, " ", fit(m.brk.View(), brk.W, brk.H))
	}
	return strings.Join([]string{m.header(), m.tabs(), body, m.footer()}, "\n")
}

// fit pads or cuts s to exactly w×h cells.
func fit(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		lw := ansi.StringWidth(l)
		if lw > w {
			l = ansi.Truncate(l, w, "")
			lw = ansi.StringWidth(l)
		}
		lines[i] = l + strings.Repeat(" ", w-lw)
	}
	for len(lines) < h {
		lines = append(lines, strings.Repeat(" ", w))
	}
	return strings.Join(lines, "\n")
}

func (m *Model) paneView(r rect) string {
	switch m.screen {
	case scrProfiles:
		return m.profiles.View()
	case scrFinder:
		return m.finder.View()
	case scrParams:
		return m.form.View()
	case scrResponse:
		return m.resp.View()
	case scrSignature:
		return signatureView(m.c, m.lastSig, m.sigNote, r.W, r.H, m.sigOff)
	case scrHistory:
		return m.hist.View()
	case scrSettings:
		return m.settings.View()
	}
	return ""
}

// header is the breadcrumb line: tcx › profile › product › action.
func (m *Model) header() string {
	s := m.c.Styles
	sep := s.CrumbSep.Render(" › ")
	crumbs := []string{s.Title.Render("tcx")}
	if p, ok := m.currentProfile(); ok {
		crumbs = append(crumbs, s.Crumb.Render(p.Name))
	}
	crumbs = append(crumbs, s.Faint.Render(m.set.Region))
	if m.action != nil {
		crumbs = append(crumbs, s.Crumb.Render(m.action.Product), s.Bold.Render(m.action.Name)+s.Faint.Render(" "+m.action.Version))
	}
	left := strings.Join(crumbs, sep)
	var right string
	if p, ok := m.currentProfile(); ok && p.Sandbox {
		right = s.SandboxBadge.Render("SANDBOX")
	}
	if !m.breakerBeside() {
		if sum := m.brk.summary(); sum != "" {
			right = sum + " " + right
		}
	}
	gap := m.c.Width - ansi.StringWidth(left) - ansi.StringWidth(right)
	if gap < 1 {
		left = ansi.Truncate(left, max(m.c.Width-ansi.StringWidth(right)-1, 1), "…")
		gap = m.c.Width - ansi.StringWidth(left) - ansi.StringWidth(right)
	}
	return left + strings.Repeat(" ", max(gap, 0)) + right
}

// tabs shows the screens with their number keys.
func (m *Model) tabs() string {
	s := m.c.Styles
	var parts []string
	for i := range screenNames {
		label := m.tabLabel(screen(i))
		if screen(i) == m.screen {
			parts = append(parts, s.ActiveTab.Render(label))
		} else {
			parts = append(parts, s.Tab.Render(label))
		}
	}
	return ansi.Truncate(strings.Join(parts, ""), m.c.Width, "…")
}

// tabAt returns the screen whose tab is at x, y (the tabs row).
func (m *Model) tabAt(x, y int) (screen, bool) {
	if y != 1 {
		return 0, false
	}
	pos := 0
	for i := range screenNames {
		w := ansi.StringWidth(m.tabLabel(screen(i))) + 2 // Tab padding
		if x >= pos && x < pos+w {
			return screen(i), true
		}
		pos += w
	}
	return 0, false
}

func (m *Model) tabLabel(s screen) string {
	if s == scrFinder {
		return "/ " + screenNames[s]
	}
	return fmt.Sprintf("%d %s", tabKey(s), screenNames[s])
}

func tabKey(s screen) int {
	switch s {
	case scrProfiles:
		return 1
	case scrParams:
		return 2
	case scrResponse:
		return 3
	case scrSignature:
		return 4
	case scrHistory:
		return 5
	case scrSettings:
		return 6
	}
	return 0
}

// footer shows the spinner while sending, the status note, or key hints.
func (m *Model) footer() string {
	s := m.c.Styles
	w := m.c.Width
	if m.sending {
		el := m.c.Now().Sub(m.sendStart).Round(100 * time.Millisecond)
		return ansi.Truncate(m.spin.View()+" "+s.Accent.Render("sending")+s.Faint.Render(fmt.Sprintf(" %s · esc cancel", el)), w, "…")
	}
	if n := m.note.View(s, w); n != "" {
		return n
	}
	return ansi.Truncate(m.help.ShortHelpView(m.shortHelp()), w, "…")
}

// shortHelp merges the pane's hints with the global ones.
func (m *Model) shortHelp() []key.Binding {
	var b []key.Binding
	switch m.screen {
	case scrFinder:
		b = m.finder.Keys().ShortHelp()
	case scrParams:
		b = m.form.Keys().ShortHelp()
	case scrResponse:
		b = m.resp.view.Keys().ShortHelp()
	case scrHistory:
		b = []key.Binding{m.hist.keys.Open, m.hist.keys.Resend, m.hist.keys.Diff}
	case scrProfiles:
		b = []key.Binding{
			key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "use")),
			key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "check")),
			key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "region")),
		}
	}
	global := m.keys.ShortHelp()
	if m.screen == scrResponse { // "/" searches the body there
		global[0] = m.keys.FindAnywhere
	}
	return append(b, global...)
}

// helpView is the full key map, generated from every KeyMap.
func (m *Model) helpView(r rect) string {
	s := m.c.Styles
	global := m.keys.FullHelp()
	var groups [][]key.Binding
	title := "Global"
	switch m.screen {
	case scrFinder:
		groups = append(groups, m.finder.Keys().FullHelp()...)
		title += " · Find"
	case scrParams:
		groups = append(groups, m.form.Keys().FullHelp()...)
		title += " · Parameters"
	case scrResponse:
		groups = append(groups, m.resp.view.Keys().FullHelp()...)
		groups = append(groups, []key.Binding{m.resp.keys.Headers, m.resp.keys.CopyID})
		title += " · Response"
	case scrHistory:
		k := m.hist.keys
		groups = append(groups, []key.Binding{k.Up, k.Down, k.Open, k.Resend, k.Mark, k.Diff})
		title += " · History"
	}
	h := m.help
	h.ShowAll = true
	content := s.Title.Render("Keys — "+title) + "\n\n" + h.FullHelpView(global)
	if len(groups) > 0 {
		content += "\n\n" + h.FullHelpView(groups)
	}
	content += "\n\n" + s.Faint.Render("any key closes")
	return lipgloss.Place(r.W, r.H, lipgloss.Center, lipgloss.Center, s.FocusedPane.Render(content))
}
