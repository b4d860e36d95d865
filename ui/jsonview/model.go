package jsonview

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/jmespath/go-jmespath"

	"github.com/tcx-dev/tcx/ui/status"
	"github.com/tcx-dev/tcx/ui/theme"
)

// KeyMap is the viewer's key bindings.
type KeyMap struct {
	Up, Down, PageUp, PageDown, HalfUp, HalfDown, Top, Bottom key.Binding
	Toggle, Fold, Unfold                                      key.Binding
	Search, Next, Prev, Filter, Clear                         key.Binding
	CopyValue, CopyBody                                       key.Binding
}

// DefaultKeyMap returns the viewer's bindings (vim and arrows).
func DefaultKeyMap() KeyMap {
	b := func(keys []string, k, d string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, d))
	}
	return KeyMap{
		Up:        b([]string{"up", "k"}, "↑/k", "up"),
		Down:      b([]string{"down", "j"}, "↓/j", "down"),
		PageUp:    b([]string{"pgup", "ctrl+b"}, "pgup", "page up"),
		PageDown:  b([]string{"pgdown", "ctrl+f"}, "pgdn", "page down"),
		HalfUp:    b([]string{"ctrl+u"}, "ctrl+u", "half page up"),
		HalfDown:  b([]string{"ctrl+d"}, "ctrl+d", "half page down"),
		Top:       b([]string{"g", "home"}, "g", "top"),
		Bottom:    b([]string{"G", "end"}, "G", "bottom"),
		Toggle:    b([]string{"enter", "space"}, "enter", "fold/unfold"),
		Fold:      b([]string{"left", "h"}, "←/h", "fold"),
		Unfold:    b([]string{"right", "l"}, "→/l", "unfold"),
		Search:    b([]string{"/"}, "/", "search"),
		Next:      b([]string{"n"}, "n/N", "next/prev match"),
		Prev:      b([]string{"N"}, "N", "previous match"),
		Filter:    b([]string{"f"}, "f", "JMESPath filter"),
		Clear:     b([]string{"esc"}, "esc", "clear search/filter"),
		CopyValue: b([]string{"y"}, "y", "copy value"),
		CopyBody:  b([]string{"Y"}, "Y", "copy body"),
	}
}

// ShortHelp is the footer's subset.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Toggle, k.Search, k.Next, k.Filter, k.CopyValue}
}

// FullHelp groups every binding for the help overlay.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.HalfUp, k.HalfDown, k.Top, k.Bottom},
		{k.Toggle, k.Fold, k.Unfold, k.Search, k.Next, k.Filter, k.Clear, k.CopyValue, k.CopyBody},
	}
}

type inputMode int

const (
	inputNone inputMode = iota
	inputSearch
	inputFilter
)

// FilterMsg carries the result of a JMESPath filter run in a command.
type FilterMsg struct {
	Seq  int
	Expr string
	Body []byte
	Err  error
}

// Model is the viewer. Its zero value is not usable; call New.
type Model struct {
	styles *theme.Styles
	keys   KeyMap

	orig   []byte // the body as received
	ix     *index // index of what is shown (orig or the filter's result)
	folded map[int]bool

	top, cursor   int // line indexes
	width, height int

	mode   inputMode
	input  textinput.Model
	query  string
	expr   string // the JMESPath filter in force
	seq    int
	filter string // error of the last filter, shown in the status row
}

// New returns an empty viewer.
func New(s *theme.Styles) Model {
	in := textinput.New()
	in.Prompt = ""
	return Model{styles: s, keys: DefaultKeyMap(), ix: newIndex(nil), folded: map[int]bool{}, input: in}
}

// Keys returns the viewer's key map.
func (m *Model) Keys() KeyMap { return m.keys }

// SetStyles changes the styles (after a background change).
func (m *Model) SetStyles(s *theme.Styles) { m.styles = s }

// SetBody shows body from the top. Nothing is laid out until View.
func (m *Model) SetBody(body []byte) {
	m.orig = body
	m.expr, m.filter, m.query = "", "", ""
	m.show(body)
}

func (m *Model) show(body []byte) {
	m.ix = newIndex(body)
	m.folded = map[int]bool{}
	m.top, m.cursor = 0, 0
}

// Body returns the body as received.
func (m *Model) Body() []byte { return m.orig }

// Shown returns the body on screen (the filter's result when one is in force).
func (m *Model) Shown() []byte { return m.ix.body }

// SetSize sets the viewer's size, status row included.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = max(w, 1), max(h, 2)
	m.input.SetWidth(max(w-12, 4))
	m.scrollToCursor()
}

// Typing reports whether a search or filter input has focus, so the
// parent turns its letter keys off.
func (m *Model) Typing() bool { return m.mode != inputNone }

func (m *Model) rows() int { return m.height - 1 }

// next returns the visible line after i, or -1.
func (m *Model) next(i int) int {
	l := m.ix.lines[i]
	if l.kind == kindOpen && m.folded[i] && l.match >= 0 {
		i = int(l.match)
	}
	i++
	m.ix.ensure(i + 1)
	if i >= len(m.ix.lines) {
		return -1
	}
	return i
}

// prev returns the visible line before i, or -1.
func (m *Model) prev(i int) int {
	if i <= 0 {
		return -1
	}
	j := i - 1
	l := m.ix.lines[j]
	if l.kind == kindClose && m.folded[int(l.match)] {
		j = int(l.match)
	}
	return j
}

// ScrollBy moves the cursor by n visible lines (negative: up) and keeps it
// on screen.
func (m *Model) ScrollBy(n int) {
	m.ix.ensure(1)
	if len(m.ix.lines) == 0 {
		return
	}
	for ; n > 0; n-- {
		j := m.next(m.cursor)
		if j < 0 {
			break
		}
		m.cursor = j
	}
	for ; n < 0; n++ {
		j := m.prev(m.cursor)
		if j < 0 {
			break
		}
		m.cursor = j
	}
	m.scrollToCursor()
}

// Top moves to the first line; Bottom to the last (indexing the whole body).
func (m *Model) Top() { m.cursor, m.top = 0, 0 }

// Bottom moves to the last line.
func (m *Model) Bottom() {
	m.ix.all()
	if len(m.ix.lines) == 0 {
		return
	}
	// the last visible line: the end may be inside a fold
	i := len(m.ix.lines) - 1
	if p := m.prev(len(m.ix.lines)); p >= 0 {
		i = p
	}
	m.cursor = i
	m.scrollToCursor()
}

func (m *Model) scrollToCursor() {
	if m.cursor < m.top {
		m.top = m.cursor
		return
	}
	// count visible lines from top to cursor
	n, i := 0, m.top
	for i >= 0 && i < m.cursor {
		i = m.next(i)
		n++
	}
	for n >= m.rows() {
		t := m.next(m.top)
		if t < 0 {
			break
		}
		m.top = t
		n--
	}
}

// Toggle folds or unfolds the container at the cursor.
func (m *Model) Toggle() {
	if len(m.ix.lines) == 0 {
		return
	}
	i := m.cursor
	l := m.ix.lines[i]
	if l.kind == kindClose {
		i = int(l.match)
		l = m.ix.lines[i]
	}
	if l.kind != kindOpen {
		return
	}
	if m.folded[i] {
		delete(m.folded, i)
		return
	}
	if m.ix.findClose(i) < 0 {
		return
	}
	m.folded[i] = true
	m.cursor = i
	m.scrollToCursor()
}

// Fold folds the container at the cursor, or moves to its parent.
func (m *Model) Fold() {
	if len(m.ix.lines) == 0 {
		return
	}
	l := m.ix.lines[m.cursor]
	if l.kind == kindOpen && !m.folded[m.cursor] {
		m.Toggle()
		return
	}
	// move to the enclosing open line
	d := l.depth
	if l.kind == kindClose {
		m.cursor = int(l.match)
		m.scrollToCursor()
		return
	}
	for i := m.cursor - 1; i >= 0; i-- {
		if m.ix.lines[i].kind == kindOpen && m.ix.lines[i].depth < d {
			m.cursor = i
			break
		}
	}
	m.scrollToCursor()
}

// Unfold opens the fold at the cursor.
func (m *Model) Unfold() {
	if m.folded[m.cursor] {
		delete(m.folded, m.cursor)
	}
}

// Search sets the query and jumps to its first match from the cursor.
func (m *Model) Search(q string) bool {
	m.query = q
	if q == "" {
		return false
	}
	return m.find(true, true)
}

// find moves to the next (or previous) match; inclusive also tries the
// cursor line itself.
func (m *Model) find(forward, inclusive bool) bool {
	b := m.ix.body
	q := []byte(m.query)
	m.ix.ensure(m.cursor + 1)
	if len(q) == 0 || len(m.ix.lines) == 0 {
		return false
	}
	curOff := m.ix.lines[m.cursor].off
	var p int
	if forward {
		from := curOff
		if !inclusive {
			if n := m.cursor + 1; n < len(m.ix.lines) || !m.ix.done {
				m.ix.ensure(n + 1)
				if n < len(m.ix.lines) {
					from = m.ix.lines[n].off
				} else {
					from = len(b)
				}
			} else {
				from = len(b)
			}
		}
		k := bytes.Index(b[from:], q)
		if k < 0 {
			k = bytes.Index(b[:from], q) // wrap
			if k < 0 {
				return false
			}
			p = k
		} else {
			p = from + k
		}
	} else {
		k := bytes.LastIndex(b[:curOff], q)
		if k < 0 {
			k = bytes.LastIndex(b, q)
			if k < 0 {
				return false
			}
		}
		p = k
	}
	m.ix.until(p + 1)
	i := sort.Search(len(m.ix.lines), func(i int) bool { return m.ix.lines[i].off > p }) - 1
	if i < 0 {
		i = 0
	}
	// unfold everything hiding it
	for o := range m.folded {
		if o < i && int(m.ix.lines[o].match) >= i {
			delete(m.folded, o)
		}
	}
	m.cursor = i
	if m.cursor < m.top {
		m.top = m.cursor
	}
	m.scrollToCursor()
	return true
}

// ValueAt returns the value on the cursor line as compact JSON (a scalar's
// own text, a container from its bracket to the matching one).
func (m *Model) ValueAt() []byte {
	if len(m.ix.lines) == 0 {
		return nil
	}
	i := m.cursor
	l := m.ix.lines[i]
	if l.kind == kindClose {
		i = int(l.match)
		l = m.ix.lines[i]
	}
	b := m.ix.body
	if l.kind == kindRaw {
		end := bytes.IndexByte(b[l.off:], '\n')
		if end < 0 {
			end = len(b) - l.off
		}
		return b[l.off : l.off+end]
	}
	_, p := keyPrefix(b, l.off)
	if p >= len(b) {
		return nil
	}
	var end int
	switch {
	case l.kind == kindOpen:
		c := m.ix.findClose(i)
		if c < 0 {
			return b[p:]
		}
		end = m.ix.lines[c].off + 1
	case b[p] == '{' || b[p] == '[':
		end = p + 1
		for end < len(b) && isSpace(b[end]) {
			end++
		}
		end = min(end+1, len(b))
	default:
		end, _ = skipScalar(b, p)
	}
	v := b[p:end]
	var out bytes.Buffer
	if json.Compact(&out, v) == nil {
		return out.Bytes()
	}
	return v
}

// Active reports whether a search or a filter is in force (esc clears it).
func (m *Model) Active() bool { return m.query != "" || m.expr != "" }

// Filtered reports the JMESPath expression in force ("" for none).
func (m *Model) Filtered() string { return m.expr }

// ApplyFilter runs expr over body; it is the pure work behind the filter
// command (unmarshal, search, indent).
func ApplyFilter(body []byte, expr string) ([]byte, error) {
	jp, err := jmespath.Compile(expr)
	if err != nil {
		return nil, err
	}
	var doc any
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	if err := d.Decode(&doc); err != nil {
		return nil, fmt.Errorf("the body is not JSON: %w", err)
	}
	res, err := jp.Search(normalizeNumbers(doc))
	if err != nil {
		return nil, err
	}
	return json.MarshalIndent(res, "", "  ")
}

// normalizeNumbers turns json.Number into float64 where it is exact, so
// JMESPath comparisons work, and keeps big integers as their text.
func normalizeNumbers(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			t[k] = normalizeNumbers(e)
		}
	case []any:
		for i, e := range t {
			t[i] = normalizeNumbers(e)
		}
	case json.Number:
		if i, err := t.Int64(); err == nil {
			if i > -(1<<53) && i < 1<<53 {
				return float64(i)
			}
			return t
		}
		if f, err := t.Float64(); err == nil {
			return f
		}
		return t
	}
	return v
}

// Update handles keys and filter results.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case FilterMsg:
		if msg.Seq != m.seq {
			return m, nil
		}
		if msg.Err != nil {
			m.filter = msg.Err.Error()
			return m, status.Cmd(status.Error, "filter: "+msg.Err.Error())
		}
		m.expr, m.filter = msg.Expr, ""
		m.show(msg.Body)
		return m, nil
	case tea.PasteMsg:
		if m.mode != inputNone {
			var cmd tea.Cmd
			m.input, cmd = m.input.Update(msg)
			return m, cmd
		}
	case tea.KeyPressMsg:
		if m.mode != inputNone {
			return m.updateInput(msg)
		}
		k := m.keys
		switch {
		case key.Matches(msg, k.Up):
			m.ScrollBy(-1)
		case key.Matches(msg, k.Down):
			m.ScrollBy(1)
		case key.Matches(msg, k.PageUp):
			m.ScrollBy(-m.rows())
		case key.Matches(msg, k.PageDown):
			m.ScrollBy(m.rows())
		case key.Matches(msg, k.HalfUp):
			m.ScrollBy(-m.rows() / 2)
		case key.Matches(msg, k.HalfDown):
			m.ScrollBy(m.rows() / 2)
		case key.Matches(msg, k.Top):
			m.Top()
		case key.Matches(msg, k.Bottom):
			m.Bottom()
		case key.Matches(msg, k.Toggle):
			m.Toggle()
		case key.Matches(msg, k.Fold):
			m.Fold()
		case key.Matches(msg, k.Unfold):
			m.Unfold()
		case key.Matches(msg, k.Search):
			m.mode = inputSearch
			m.input.SetValue(m.query)
			m.input.CursorEnd()
			return m, m.input.Focus()
		case key.Matches(msg, k.Filter):
			m.mode = inputFilter
			m.input.SetValue(m.expr)
			m.input.CursorEnd()
			return m, m.input.Focus()
		case key.Matches(msg, k.Next):
			if !m.find(true, false) && m.query != "" {
				return m, status.Cmd(status.Warn, "no match for "+strconv.Quote(m.query))
			}
		case key.Matches(msg, k.Prev):
			if !m.find(false, false) && m.query != "" {
				return m, status.Cmd(status.Warn, "no match for "+strconv.Quote(m.query))
			}
		case key.Matches(msg, k.Clear):
			if m.expr != "" {
				m.expr = ""
				m.show(m.orig)
				return m, status.Cmd(status.Info, "filter cleared")
			}
			m.query = ""
		case key.Matches(msg, k.CopyValue):
			v := m.ValueAt()
			return m, tea.Batch(tea.SetClipboard(string(v)), status.Cmd(status.Success, fmt.Sprintf("copied %s (OSC 52)", Size(len(v)))))
		case key.Matches(msg, k.CopyBody):
			return m, tea.Batch(tea.SetClipboard(string(m.ix.body)), status.Cmd(status.Success, fmt.Sprintf("copied the body, %s (OSC 52)", Size(len(m.ix.body)))))
		}
	case tea.MouseWheelMsg:
		switch msg.Mouse().Button {
		case tea.MouseWheelUp:
			m.ScrollBy(-3)
		case tea.MouseWheelDown:
			m.ScrollBy(3)
		}
	}
	return m, nil
}

func (m Model) updateInput(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	switch msg.String() {
	case "esc":
		m.mode = inputNone
		m.input.Blur()
		return m, nil
	case "enter":
		v := strings.TrimSpace(m.input.Value())
		mode := m.mode
		m.mode = inputNone
		m.input.Blur()
		if mode == inputSearch {
			if v != "" && !m.Search(v) {
				return m, status.Cmd(status.Warn, "no match for "+strconv.Quote(v))
			}
			if v == "" {
				m.query = ""
			}
			return m, nil
		}
		if v == "" {
			m.expr = ""
			m.show(m.orig)
			return m, nil
		}
		m.seq++
		seq, body := m.seq, m.orig
		return m, tea.Batch(status.Cmd(status.Info, "filtering…"), func() tea.Msg {
			out, err := ApplyFilter(body, v)
			return FilterMsg{Seq: seq, Expr: v, Body: out, Err: err}
		})
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	return m, cmd
}

// Size formats a byte count for people: "97 B", "1.5 KB", "20.0 MB".
func Size(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// View renders the visible lines and the status row.
func (m Model) View() string {
	s := m.styles
	js := &s.JSON
	rows := m.rows()
	m.ix.ensure(m.top + rows + 1)
	out := make([]string, 0, m.height)
	last := m.top
	// gutter sized for the lines on screen
	gut := 3
	if n := len(strconv.Itoa(m.top + rows)); n > gut {
		gut = n
	}
	textW := max(m.width-gut-1, 1)
	i := m.top
	if len(m.ix.lines) == 0 {
		i = -1
		out = append(out, s.Faint.Render("(empty body)"))
	}
	for r := 0; r < rows && i >= 0; r++ {
		l := m.ix.lines[i]
		segs := m.ix.segments(i, m.folded[i], textW*4)
		indent := strings.Repeat("  ", int(l.depth))
		num := js.LineNumber.Render(fmt.Sprintf("%*d ", gut, i+1))
		var text string
		if i == m.cursor {
			text = js.Cursor.Render(ansi.Truncate(indent+plain(segs), textW, "…"))
			if pad := textW - ansi.StringWidth(text); pad > 0 {
				text += js.Cursor.Render(strings.Repeat(" ", pad))
			}
		} else {
			text = styleLine(js, indent, segs, m.query, textW)
		}
		out = append(out, num+text)
		last = i
		i = m.next(i)
	}
	for len(out) < rows {
		out = append(out, "")
	}
	out = append(out, m.statusRow(last))
	return strings.Join(out, "\n")
}

func (m Model) statusRow(last int) string {
	s := m.styles
	switch m.mode {
	case inputSearch:
		return s.Accent.Render("/") + m.input.View()
	case inputFilter:
		return s.Accent.Render("jmespath› ") + m.input.View()
	}
	total := "…"
	if m.ix.done {
		total = strconv.Itoa(len(m.ix.lines))
	}
	parts := []string{fmt.Sprintf("line %d/%s", m.cursor+1, total), Size(len(m.ix.body))}
	if m.expr != "" {
		parts = append(parts, "filter: "+m.expr)
	}
	if m.query != "" {
		parts = append(parts, "search: "+m.query)
	}
	if m.filter != "" {
		parts = append(parts, "filter error: "+m.filter)
	}
	_ = last
	return s.Faint.Render(ansi.Truncate(strings.Join(parts, " · "), m.width, "…"))
}
