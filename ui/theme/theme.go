// Package theme holds the explorer's one semantic palette and the Styles
// derived from it. Every other ui package takes colours from here; no colour
// literal appears anywhere else.
package theme

import (
	"image/color"

	"charm.land/lipgloss/v2"
)

// Theme is the semantic palette: what a colour means, not what it is.
type Theme struct {
	Dark    bool // chosen for a dark terminal background
	NoColor bool // NO_COLOR is set: emphasis by weight and reverse only

	Text, Faint, Accent, Border, Selected, SelectedText color.Color
	Success, Warning, Error, Info                       color.Color

	// JSON token colours.
	Key, String, Number, Bool, Null, Punct color.Color
	Match                                  color.Color
}

// New returns the palette for a dark or light background; with noColor set
// every colour is nil and Styles fall back to bold, faint and reverse.
func New(dark, noColor bool) Theme {
	if noColor {
		return Theme{Dark: dark, NoColor: true}
	}
	ld := lipgloss.LightDark(dark)
	c := lipgloss.Color
	return Theme{
		Dark:         dark,
		Text:         ld(c("#1f2328"), c("#e6e6e6")),
		Faint:        ld(c("#6e7781"), c("#7d8590")),
		Accent:       ld(c("#0969da"), c("#6cb6ff")),
		Border:       ld(c("#d0d7de"), c("#3d444d")),
		Selected:     ld(c("#ddf4ff"), c("#253347")),
		SelectedText: ld(c("#0a3069"), c("#f0f6fc")),
		Success:      ld(c("#1a7f37"), c("#57d364")),
		Warning:      ld(c("#9a6700"), c("#e3b341")),
		Error:        ld(c("#cf222e"), c("#ff7b72")),
		Info:         ld(c("#8250df"), c("#d2a8ff")),
		Key:          ld(c("#0550ae"), c("#79c0ff")),
		String:       ld(c("#116329"), c("#a5d6ff")),
		Number:       ld(c("#953800"), c("#ffa657")),
		Bool:         ld(c("#8250df"), c("#d2a8ff")),
		Null:         ld(c("#6e7781"), c("#8b949e")),
		Punct:        ld(c("#57606a"), c("#8b949e")),
		Match:        ld(c("#fff8c5"), c("#6e5600")),
	}
}

// Styles are the lipgloss styles every pane renders with, built once from a
// Theme (and rebuilt when the terminal reports its background).
type Styles struct {
	Theme Theme

	Text, Faint, Bold, Accent lipgloss.Style
	Success, Warning, Error   lipgloss.Style
	Info                      lipgloss.Style
	Title, Subtle, Badge      lipgloss.Style
	SandboxBadge              lipgloss.Style
	Selected                  lipgloss.Style // the highlighted row
	Tab, ActiveTab            lipgloss.Style
	Pane, FocusedPane         lipgloss.Style // bordered boxes
	Crumb, CrumbSep           lipgloss.Style
	HelpKey, HelpDesc         lipgloss.Style
	Required                  lipgloss.Style
	Note, NoteError           lipgloss.Style
	Match                     lipgloss.Style // fuzzy and search matches
	Input                     lipgloss.Style

	JSON JSONStyles

	StateClosed, StateOpen, StateHalfOpen lipgloss.Style
	DiffAdd, DiffDel                      lipgloss.Style
}

// JSONStyles colour JSON tokens and the viewer's gutter.
type JSONStyles struct {
	Key, String, Number, Bool, Null, Punct lipgloss.Style
	LineNumber, Cursor, Match, Fold        lipgloss.Style
}

// NewStyles derives every style from t.
func NewStyles(t Theme) *Styles {
	fg := func(c color.Color) lipgloss.Style {
		s := lipgloss.NewStyle()
		if c != nil {
			s = s.Foreground(c)
		}
		return s
	}
	s := &Styles{Theme: t}
	s.Text = fg(t.Text)
	s.Faint = fg(t.Faint)
	if t.NoColor {
		s.Faint = s.Faint.Faint(true)
	}
	s.Bold = s.Text.Bold(true)
	s.Accent = fg(t.Accent).Bold(true)
	s.Success = fg(t.Success)
	s.Info = fg(t.Info)
	s.Warning = fg(t.Warning)
	s.Error = fg(t.Error).Bold(true)
	s.Title = fg(t.Accent).Bold(true)
	s.Subtle = s.Faint
	s.Badge = lipgloss.NewStyle().Padding(0, 1).Bold(true)
	s.SandboxBadge = s.Badge
	if t.NoColor {
		s.Badge = s.Badge.Reverse(true)
		s.SandboxBadge = s.SandboxBadge.Reverse(true)
	} else {
		s.Badge = s.Badge.Foreground(t.SelectedText).Background(t.Selected)
		s.SandboxBadge = s.SandboxBadge.Foreground(lipgloss.Color("#000000")).Background(t.Warning)
	}
	s.Selected = lipgloss.NewStyle().Bold(true)
	if t.NoColor {
		s.Selected = s.Selected.Reverse(true)
	} else {
		s.Selected = s.Selected.Foreground(t.SelectedText).Background(t.Selected)
	}
	s.Tab = s.Faint.Padding(0, 1)
	s.ActiveTab = s.Badge
	border := lipgloss.RoundedBorder()
	s.Pane = lipgloss.NewStyle().Border(border).Padding(0, 1)
	s.FocusedPane = s.Pane
	if !t.NoColor {
		s.Pane = s.Pane.BorderForeground(t.Border)
		s.FocusedPane = s.FocusedPane.BorderForeground(t.Accent)
	}
	s.Crumb = s.Text
	s.CrumbSep = s.Faint
	s.HelpKey = fg(t.Accent)
	s.HelpDesc = s.Faint
	s.Required = fg(t.Error).Bold(true)
	s.Note = fg(t.Info)
	s.NoteError = s.Error
	s.Match = fg(t.Accent).Bold(true).Underline(true)
	s.Input = s.Text
	s.StateClosed = fg(t.Success).Bold(true)
	s.StateOpen = fg(t.Error).Bold(true)
	s.StateHalfOpen = fg(t.Warning).Bold(true)
	s.DiffAdd = fg(t.Success)
	s.DiffDel = fg(t.Error)

	s.JSON = JSONStyles{
		Key:        fg(t.Key),
		String:     fg(t.String),
		Number:     fg(t.Number),
		Bool:       fg(t.Bool),
		Null:       fg(t.Null),
		Punct:      fg(t.Punct),
		LineNumber: s.Faint,
		Cursor:     s.Selected.Bold(false),
		Match:      lipgloss.NewStyle().Reverse(true),
		Fold:       s.Faint,
	}
	if !t.NoColor {
		s.JSON.Match = lipgloss.NewStyle().Background(t.Match)
	}
	return s
}
