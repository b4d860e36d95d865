package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tcx-dev/tcx/api"
)

// Messages of the profile screen.
type (
	useProfileMsg struct{ index int }
	checkMsg      struct {
		profile string
		text    string
		err     error
	}
)

// checkIdentity calls sts GetCallerIdentity with the client (a command).
// When temp is set the client was built for this check and is closed after.
func checkIdentity(ctx context.Context, c *api.Client, profile string, temp bool) tea.Cmd {
	return func() tea.Msg {
		if temp {
			defer c.Close()
		}
		resp, err := c.Call(ctx, &api.Request{Service: "sts", Version: "2018-08-13", Action: "GetCallerIdentity", Params: map[string]any{}})
		if err != nil {
			return checkMsg{profile: profile, err: err}
		}
		var out struct {
			Arn, AccountId, UserId, PrincipalId, Type string
		}
		_ = json.Unmarshal(resp.Result(), &out)
		return checkMsg{profile: profile, text: fmt.Sprintf("account %s · %s · %s", out.AccountId, out.Type, out.Arn)}
	}
}

// profilesPane lists every profile and explains the highlighted one.
type profilesPane struct {
	c      *Common
	items  []Profile
	cursor int
	active int
	checks map[string]string
	width  int
	height int
}

func (p *profilesPane) SetSize(w, h int) { p.width, p.height = w, h }

func (p profilesPane) Update(msg tea.Msg) (profilesPane, tea.Cmd) {
	kp, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return p, nil
	}
	switch kp.String() {
	case "up", "k":
		p.cursor = max(p.cursor-1, 0)
	case "down", "j":
		p.cursor = min(p.cursor+1, len(p.items)-1)
	case "enter":
		i := p.cursor
		return p, func() tea.Msg { return useProfileMsg{i} }
	}
	return p, nil
}

func (p profilesPane) View() string {
	s := p.c.Styles
	listW := p.width
	if p.width >= 80 {
		listW = min(36, p.width/3)
	}
	lines := []string{s.Title.Render("Profiles")}
	for i, pr := range p.items {
		mark := "  "
		if i == p.active {
			mark = s.Success.Render("● ")
		}
		name := pr.Name
		if pr.Sandbox {
			name += " (local)"
		}
		line := mark + name
		if pr.Err != "" {
			line += s.Error.Render(" ✗")
		}
		if i == p.cursor {
			plain := ansi.Truncate(ansi.Strip(line), listW, "…")
			line = s.Selected.Render(plain + strings.Repeat(" ", max(listW-ansi.StringWidth(plain), 0)))
		}
		lines = append(lines, ansi.Truncate(line, listW, "…"))
	}
	lines = append(lines, "")
	if hint := "enter use · c check · r region"; ansi.StringWidth(hint) <= listW {
		lines = append(lines, s.Faint.Render(hint))
	} else { // one key a line rather than a phrase cut in two
		for _, h := range strings.Split(hint, " · ") {
			lines = append(lines, s.Faint.Render(h))
		}
	}
	left := lipgloss.NewStyle().Width(listW).Render(strings.Join(lines, "\n"))
	if listW == p.width {
		return left + "\n" + p.detail(p.width)
	}
	return lipgloss.JoinHorizontal(lipgloss.Top, left, "  ", p.detail(p.width-listW-2))
}

func (p profilesPane) detail(w int) string {
	s := p.c.Styles
	if p.cursor >= len(p.items) {
		return s.Faint.Render("no profiles: set TENCENTCLOUD_SECRET_ID/KEY or run tccli configure")
	}
	pr := p.items[p.cursor]
	kv := func(k, v string) string {
		return ansi.Truncate(s.Faint.Render(fmt.Sprintf("%-10s", k))+" "+v, w, "…")
	}
	id := pr.MaskedID
	if id == "" {
		id = s.Faint.Render("—")
	}
	lines := []string{s.Bold.Render(pr.Name), kv("source", pr.Source), kv("secret id", id), kv("region", pr.Region)}
	tok := "no (long-term key)"
	if pr.Token {
		tok = "yes (temporary)"
	}
	lines = append(lines, kv("token", tok))
	if !pr.Expires.IsZero() {
		left := pr.Expires.Sub(p.c.Now()).Round(time.Minute)
		lines = append(lines, kv("expires", fmt.Sprintf("%s (in %s)", pr.Expires.Format(time.RFC3339), left)))
	}
	if pr.Endpoint != "" {
		lines = append(lines, kv("endpoint", pr.Endpoint))
	}
	if pr.Backup != "" {
		lines = append(lines, kv("backup", pr.Backup))
	}
	if pr.Err != "" {
		for _, l := range strings.Split(lipgloss.Wrap("✗ "+pr.Err, w, " "), "\n") {
			lines = append(lines, s.Error.Render(l))
		}
	}
	if c, ok := p.checks[pr.Name]; ok {
		lines = append(lines, "", s.Bold.Render("GetCallerIdentity"), ansi.Truncate(c, w, "…"))
	}
	if len(pr.Trace) > 0 {
		lines = append(lines, "", s.Bold.Render("How the chain resolved it"))
		for _, t := range pr.Trace {
			for _, l := range strings.Split(lipgloss.Wrap(t, w-2, " "), "\n") {
				lines = append(lines, s.Faint.Render("  "+l))
			}
		}
	}
	if len(lines) > p.height {
		lines = lines[:p.height]
	}
	return strings.Join(lines, "\n")
}
