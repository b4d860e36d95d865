// Package status is the explorer's status line: transient notes with a
// time-to-live that any pane can raise by returning a Note message.
package status

import (
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tcx-dev/tcx/ui/theme"
)

// Level is how a note is shown.
type Level int

// Note levels.
const (
	Info Level = iota
	Success
	Warn
	Error
)

// Note is a message for the status line; panes return it from commands.
type Note struct {
	Text  string
	Level Level
	TTL   time.Duration // 0: the default (4 s; errors 8 s)
}

// Cmd returns a command that raises a note.
func Cmd(level Level, text string) tea.Cmd {
	return func() tea.Msg { return Note{Text: text, Level: level} }
}

// expireMsg ends a note when its time is up.
type expireMsg struct{ seq int }

// Model holds the current note.
type Model struct {
	note Note
	seq  int
	set  bool
}

// Set shows n and returns the command that expires it.
func (m *Model) Set(n Note) tea.Cmd {
	m.seq++
	m.note, m.set = n, true
	ttl := n.TTL
	if ttl == 0 {
		ttl = 4 * time.Second
		if n.Level == Error {
			ttl = 8 * time.Second
		}
	}
	seq := m.seq
	return tea.Tick(ttl, func(time.Time) tea.Msg { return expireMsg{seq: seq} })
}

// Update handles expiry.
func (m *Model) Update(msg tea.Msg) {
	if e, ok := msg.(expireMsg); ok && e.seq == m.seq {
		m.set = false
	}
}

// Current returns the note shown now, if any.
func (m *Model) Current() (Note, bool) { return m.note, m.set }

// View renders the note in width cells ("" when none).
func (m *Model) View(s *theme.Styles, width int) string {
	if !m.set {
		return ""
	}
	st := s.Note
	icon := "•"
	switch m.note.Level {
	case Success:
		st, icon = s.Success, "✓"
	case Warn:
		st, icon = s.Warning, "!"
	case Error:
		st, icon = s.NoteError, "✗"
	}
	return st.Render(ansi.Truncate(icon+" "+m.note.Text, width, "…"))
}
