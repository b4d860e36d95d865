package ui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/aymanbagabas/go-udiff"
	"github.com/charmbracelet/x/ansi"
)

// historyKeys are the history pane's bindings.
type historyKeys struct {
	Up, Down, Open, Resend, Mark, Diff key.Binding
}

// reopenMsg asks the root to show a past result; resendMsg to send its
// request again.
type (
	reopenMsg struct{ r *result }
	resendMsg struct{ r *result }
)

// historyPane lists the session's requests, newest first.
type historyPane struct {
	c       *Common
	keys    historyKeys
	items   []*result // oldest first
	cursor  int       // index into the newest-first list
	marked  int       // seq of the result marked for diff (0: none)
	diff    []string  // diff lines when shown
	diffOff int
	width   int
	height  int
}

func newHistoryPane(c *Common) historyPane {
	b := func(keys []string, k, d string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, d))
	}
	return historyPane{c: c, keys: historyKeys{
		Up:     b([]string{"up", "k"}, "↑/k", "up"),
		Down:   b([]string{"down", "j"}, "↓/j", "down"),
		Open:   b([]string{"enter"}, "enter", "re-open"),
		Resend: b([]string{"r"}, "r", "re-send"),
		Mark:   b([]string{"space", "m"}, "space", "mark for diff"),
		Diff:   b([]string{"d"}, "d", "diff with marked"),
	}}
}

func (h *historyPane) add(r *result) { h.items = append(h.items, r); h.cursor = 0; h.diff = nil }

func (h *historyPane) at(i int) *result { return h.items[len(h.items)-1-i] }

func (h *historyPane) SetSize(w, ht int) { h.width, h.height = w, ht }

func (h historyPane) Update(msg tea.Msg) (historyPane, tea.Cmd) {
	kp, ok := msg.(tea.KeyPressMsg)
	if !ok || len(h.items) == 0 {
		return h, nil
	}
	k := h.keys
	if h.diff != nil {
		switch {
		case kp.String() == "esc" || key.Matches(kp, k.Diff):
			h.diff = nil
		case key.Matches(kp, k.Down):
			h.diffOff = min(h.diffOff+1, max(len(h.diff)-1, 0))
		case key.Matches(kp, k.Up):
			h.diffOff = max(h.diffOff-1, 0)
		}
		return h, nil
	}
	switch {
	case key.Matches(kp, k.Up):
		h.cursor = max(h.cursor-1, 0)
	case key.Matches(kp, k.Down):
		h.cursor = min(h.cursor+1, len(h.items)-1)
	case key.Matches(kp, k.Open):
		r := h.at(h.cursor)
		return h, func() tea.Msg { return reopenMsg{r} }
	case key.Matches(kp, k.Resend):
		r := h.at(h.cursor)
		return h, func() tea.Msg { return resendMsg{r} }
	case key.Matches(kp, k.Mark):
		r := h.at(h.cursor)
		if h.marked == r.seq {
			h.marked = 0
		} else {
			h.marked = r.seq
		}
	case key.Matches(kp, k.Diff):
		a := h.at(h.cursor)
		b := h.byseq(h.marked)
		if b == nil {
			// without a mark, compare with the previous request
			if h.cursor+1 < len(h.items) {
				b = h.at(h.cursor + 1)
			} else {
				return h, nil
			}
		}
		if a.seq > b.seq {
			a, b = b, a
		}
		h.diff = diffLines(a, b)
		h.diffOff = 0
	}
	return h, nil
}

func (h *historyPane) byseq(seq int) *result {
	for _, r := range h.items {
		if r.seq == seq && seq != 0 {
			return r
		}
	}
	return nil
}

// pretty is a result's body (or error) as indented JSON text for diffing.
func pretty(r *result) string {
	if r.past != nil {
		return "(" + r.code() + " in an earlier session; its body was not kept)\n"
	}
	if !r.ok() {
		return r.err.Error() + "\n"
	}
	var b bytes.Buffer
	if json.Indent(&b, r.resp.Body, "", "  ") != nil {
		return string(r.resp.Body) + "\n"
	}
	return b.String() + "\n"
}

func diffLines(a, b *result) []string {
	d := udiff.Unified(fmt.Sprintf("#%d %s", a.seq, a.req.Action), fmt.Sprintf("#%d %s", b.seq, b.req.Action), pretty(a), pretty(b))
	if d == "" {
		return []string{"the two responses are identical"}
	}
	return strings.Split(strings.TrimRight(d, "\n"), "\n")
}

func (h historyPane) View() string {
	s := h.c.Styles
	if len(h.items) == 0 {
		return s.Faint.Render("No requests yet in this session.")
	}
	if h.diff != nil {
		lines := []string{s.Title.Render("Diff") + s.Faint.Render("  ↑/↓ scroll · esc close")}
		for i := h.diffOff; i < len(h.diff) && len(lines) < h.height; i++ {
			l := h.diff[i]
			st := s.Text
			switch {
			case strings.HasPrefix(l, "+"):
				st = s.DiffAdd
			case strings.HasPrefix(l, "-"):
				st = s.DiffDel
			case strings.HasPrefix(l, "@@"):
				st = s.Accent
			}
			lines = append(lines, st.Render(ansi.Truncate(l, h.width, "…")))
		}
		return strings.Join(lines, "\n")
	}
	lines := []string{s.Title.Render("History") + s.Faint.Render("  enter re-open · r re-send · space mark · d diff")}
	for i := 0; i < len(h.items) && len(lines) < h.height; i++ {
		r := h.at(i)
		mark := "  "
		if r.seq == h.marked {
			mark = s.Accent.Render("◆ ")
		}
		code := r.code()
		cs := s.Success
		if !r.succeeded() {
			cs = s.Error
		}
		when := fmt.Sprintf("#%-3d %s", r.seq, r.at.Format("15:04:05"))
		if r.past != nil {
			when = r.at.Local().Format("01-02 15:04")
		}
		line := fmt.Sprintf("%s  %s %s  ", when, r.req.Service, r.req.Action) +
			cs.Render(code) + s.Faint.Render(fmt.Sprintf("  %s  %s", r.elapsed.Round(time.Millisecond), r.requestID()))
		if i == h.cursor {
			plain := ansi.Truncate(mark+ansi.Strip(line), h.width, "…")
			if p := h.width - ansi.StringWidth(plain); p > 0 {
				plain += strings.Repeat(" ", p)
			}
			lines = append(lines, s.Selected.Render(plain))
			continue
		}
		lines = append(lines, ansi.Truncate(mark+line, h.width, "…"))
	}
	return strings.Join(lines, "\n")
}
