package ui

import (
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tcx-dev/tcx/api"
)

// breakerMsg carries a snapshot pushed by the breaker's subscription.
type breakerMsg struct {
	gen  int // client generation, to drop snapshots of a replaced client
	snap api.BreakerSnapshot
	sub  bool // from the subscription: listen again
}

// breakerTickMsg redraws the countdown while the breaker is open.
type breakerTickMsg struct{ gen int }

// waitBreaker blocks on the subscription channel (in a command goroutine,
// never in Update) and returns the next snapshot.
func waitBreaker(gen int, ch <-chan api.BreakerSnapshot) tea.Cmd {
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		s, ok := <-ch
		if !ok {
			return nil
		}
		return breakerMsg{gen: gen, snap: s, sub: true}
	}
}

// breakerPanel draws the region breaker's state.
type breakerPanel struct {
	c       *Common
	on      bool
	snap    api.BreakerSnapshot
	has     bool
	profile api.BreakerProfile
	hosts   [2]string // the profile's primary and backup, until a request names them
	width   int
	height  int
}

func (p *breakerPanel) SetSize(w, h int) { p.width, p.height = w, h }

func (p *breakerPanel) set(s api.BreakerSnapshot) { p.snap, p.has = s, true }

func (p *breakerPanel) stateStyle(st api.BreakerState) lipgloss.Style {
	s := p.c.Styles
	switch st {
	case api.BreakerOpen:
		return s.StateOpen
	case api.BreakerHalfOpen:
		return s.StateHalfOpen
	}
	return s.StateClosed
}

// View renders the panel at its size (border included).
func (p *breakerPanel) View() string {
	s := p.c.Styles
	w := max(p.width-4, 10)
	var lines []string
	lines = append(lines, s.Title.Render("Region breaker"))
	if !p.on {
		lines = append(lines, s.Faint.Render("off (settings: 6)"))
		return p.box(lines)
	}
	if !p.has || p.snap.Primary == "" {
		lines = append(lines, s.StateClosed.Render("● CLOSED"), s.Faint.Render("no request yet"), "")
		prim, back := p.hosts[0], p.hosts[1]
		if prim == "" {
			prim = "<product>.tencentcloudapi.com"
		}
		if back == "" {
			back = "<product>." + api.DefaultBackupEndpoint
		}
		lines = append(lines, s.Faint.Render("primary ")+prim, s.Faint.Render("backup  ")+back)
		return p.box(lines)
	}
	sn := p.snap
	icon := map[api.BreakerState]string{api.BreakerClosed: "●", api.BreakerHalfOpen: "◐", api.BreakerOpen: "○"}[sn.State]
	lines = append(lines, p.stateStyle(sn.State).Render(icon+" "+strings.ToUpper(sn.State.String())))
	ratio := 0.0
	if sn.Total > 0 {
		ratio = float64(sn.Failures) / float64(sn.Total)
	}
	lines = append(lines, fmt.Sprintf("failures %d/%d (%.0f%%)", sn.Failures, sn.Total, ratio*100))
	lines = append(lines, s.Faint.Render(fmt.Sprintf("consecutive %d", sn.ConsecutiveFailures)))
	now := p.c.Now()
	switch sn.State {
	case api.BreakerOpen:
		left := sn.Expiry.Sub(now).Round(time.Second)
		if left < 0 {
			left = 0
		}
		lines = append(lines, s.Warning.Render(fmt.Sprintf("half-open in %s", left)))
	case api.BreakerClosed:
		if !sn.Expiry.IsZero() {
			left := sn.Expiry.Sub(now).Round(time.Second)
			if left > 0 {
				lines = append(lines, s.Faint.Render(fmt.Sprintf("window resets in %s", left)))
			}
		}
	case api.BreakerHalfOpen:
		lines = append(lines, s.Warning.Render("probing the primary"))
	}
	lines = append(lines, "")
	host := func(label, h string) string {
		mark := "  "
		if h != "" && h == sn.LastHost {
			mark = s.Accent.Render("▶ ")
		}
		return mark + s.Faint.Render(label) + " " + ansi.Truncate(h, w-len(label)-3, "…")
	}
	lines = append(lines, host("primary", sn.Primary), host("backup ", sn.Backup))
	if sn.LastHost != "" {
		lines = append(lines, s.Faint.Render("▶ served the last request"))
	}
	if len(sn.Transitions) > 0 {
		lines = append(lines, "", s.Bold.Render("Transitions"))
		tr := sn.Transitions
		room := max((p.height-len(lines)-3)/2, 1)
		if len(tr) > room {
			tr = tr[len(tr)-room:]
		}
		for i := len(tr) - 1; i >= 0; i-- {
			t := tr[i]
			lines = append(lines, t.At.Format("15:04:05")+" "+p.stateStyle(t.To).Render("→ "+t.To.String()), s.Faint.Render("  "+t.Reason))
		}
	}
	return p.box(lines)
}

func (p *breakerPanel) box(lines []string) string {
	w := max(p.width-4, 10)
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, w, "…")
	}
	h := max(p.height-2, 1)
	if len(lines) > h {
		lines = lines[:h]
	}
	return p.c.Styles.Pane.Width(p.width).Height(p.height).Render(strings.Join(lines, "\n"))
}

// summary is the one-line state for narrow terminals.
func (p *breakerPanel) summary() string {
	if !p.on || !p.has {
		return ""
	}
	sn := p.snap
	out := p.stateStyle(sn.State).Render("breaker " + sn.State.String())
	if sn.State == api.BreakerOpen {
		left := sn.Expiry.Sub(p.c.Now()).Round(time.Second)
		out += p.c.Styles.Faint.Render(fmt.Sprintf(" %s", max(left, 0)))
	}
	return out
}
