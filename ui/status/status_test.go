package status

import (
	"strings"
	"testing"

	"github.com/tcx-dev/tcx/ui/theme"
)

func TestNoteShowsUntilItsOwnExpiry(t *testing.T) {
	var m Model
	s := theme.NewStyles(theme.New(true, true))
	m.Set(Note{Text: "first"})
	old := m.seq
	m.Set(Note{Text: "second", Level: Error})
	m.Update(expireMsg{seq: old}) // the first note's timer must not clear the second
	if !strings.Contains(m.View(s, 40), "second") {
		t.Fatal("second note cleared by the first note's expiry")
	}
	m.Update(expireMsg{seq: m.seq})
	if m.View(s, 40) != "" {
		t.Fatal("note should expire")
	}
}
