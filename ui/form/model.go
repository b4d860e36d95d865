package form

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tcx-dev/tcx/schema"
	"github.com/tcx-dev/tcx/ui/doctext"
	"github.com/tcx-dev/tcx/ui/status"
	"github.com/tcx-dev/tcx/ui/theme"
)

// KeyMap is the form's bindings.
type KeyMap struct {
	Up, Down, Edit, Expand, Collapse, Add, Remove, MoveUp, MoveDown key.Binding
	Required, Raw, Commit, Cancel                                   key.Binding
}

// DefaultKeyMap returns the form's bindings.
func DefaultKeyMap() KeyMap {
	b := func(keys []string, k, d string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, d))
	}
	return KeyMap{
		Up:       b([]string{"up", "k"}, "↑/k", "up"),
		Down:     b([]string{"down", "j"}, "↓/j", "down"),
		Edit:     b([]string{"enter"}, "enter", "edit / expand"),
		Expand:   b([]string{"right", "l", "space"}, "→", "expand · next value"),
		Collapse: b([]string{"left", "h"}, "←", "collapse · previous value"),
		Add:      b([]string{"a", "+"}, "a", "add list element"),
		Remove:   b([]string{"x", "delete", "backspace"}, "x", "clear / remove"),
		MoveUp:   b([]string{"K", "shift+up"}, "K", "move element up"),
		MoveDown: b([]string{"J", "shift+down"}, "J", "move element down"),
		Required: b([]string{"o"}, "o", "only required"),
		Raw:      b([]string{"ctrl+t"}, "ctrl+t", "raw JSON ⇄ form"),
		Commit:   b([]string{"enter", "tab"}, "enter", "set value"),
		Cancel:   b([]string{"esc"}, "esc", "cancel edit"),
	}
}

// ShortHelp is the footer's subset.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Edit, k.Add, k.Remove, k.Raw}
}

// FullHelp lists every binding.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.Edit, k.Expand, k.Collapse},
		{k.Add, k.Remove, k.MoveUp, k.MoveDown, k.Required, k.Raw},
	}
}

// Model is the parameter form for one action.
type Model struct {
	styles *theme.Styles
	keys   KeyMap
	action *schema.Action
	root   *node
	extra  map[string]any // names the schema does not know, kept verbatim

	rows   []*node
	cursor int
	offset int

	editing bool
	input   textinput.Model

	raw      bool
	area     textarea.Model
	rawErr   string
	onlyReq  bool
	problems []schema.FieldError

	width, height int
}

// New returns an empty form (no action).
func New(s *theme.Styles) Model {
	in := textinput.New()
	in.Prompt = ""
	ta := textarea.New()
	ta.ShowLineNumbers = true
	ta.Prompt = ""
	return Model{styles: s, keys: DefaultKeyMap(), input: in, area: ta, extra: map[string]any{}}
}

// Keys returns the key map.
func (m *Model) Keys() KeyMap { return m.keys }

// SetStyles changes the styles.
func (m *Model) SetStyles(s *theme.Styles) { m.styles = s }

// SetAction resets the form for a.
func (m *Model) SetAction(a *schema.Action) {
	m.action = a
	var in *schema.Object
	if a != nil {
		in = a.Input
	}
	m.root = newRoot(in)
	m.extra = map[string]any{}
	m.cursor, m.offset, m.editing, m.raw, m.rawErr, m.problems = 0, 0, false, false, "", nil
	m.flatten()
}

// Action returns the form's action (nil when none).
func (m *Model) Action() *schema.Action { return m.action }

// Typing reports whether keys go to an input.
func (m *Model) Typing() bool { return m.editing || m.raw }

// Raw reports whether the raw-JSON editor is shown.
func (m *Model) Raw() bool { return m.raw }

// SetSize sets the pane size.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.input.SetWidth(max(m.treeWidth()/2, 8))
	m.area.SetWidth(max(w, 10))
	m.area.SetHeight(max(h-3, 3))
	m.clamp()
}

func (m *Model) treeWidth() int {
	if m.width >= 90 {
		return m.width * 3 / 5
	}
	return m.width
}

// Params returns the parameter document: every set field plus the names
// the schema does not know.
func (m *Model) Params() map[string]any {
	out := map[string]any{}
	if m.root != nil {
		if v, ok := m.root.jsonValue(); ok {
			out = v.(map[string]any)
		}
	}
	for k, v := range m.extra {
		if !strings.ContainsAny(k, ".[") {
			out[k] = v
		}
	}
	return out
}

// ParamsJSON is Params as indented JSON.
func (m *Model) ParamsJSON() string {
	b, _ := json.MarshalIndent(m.Params(), "", "  ")
	return string(b)
}

// SetParams replaces every value from a decoded document.
func (m *Model) SetParams(p map[string]any) {
	if m.root == nil {
		return
	}
	m.extra = map[string]any{}
	m.root.fill(p, m.extra)
	m.flatten()
}

// SetParamsJSON replaces every value from JSON text.
func (m *Model) SetParamsJSON(text string) error {
	p, err := decode(text)
	if err != nil {
		return err
	}
	m.SetParams(p)
	return nil
}

func decode(text string) (map[string]any, error) {
	d := json.NewDecoder(strings.NewReader(text))
	d.UseNumber()
	var p map[string]any
	if err := d.Decode(&p); err != nil {
		var se *json.SyntaxError
		if ok := asSyntax(err, &se); ok {
			line, col := lineCol(text, int(se.Offset))
			return nil, fmt.Errorf("line %d, column %d: %v", line, col, err)
		}
		return nil, err
	}
	if d.More() {
		return nil, fmt.Errorf("text after the JSON object")
	}
	if p == nil {
		p = map[string]any{}
	}
	return p, nil
}

func asSyntax(err error, se **json.SyntaxError) bool {
	s, ok := err.(*json.SyntaxError)
	if ok {
		*se = s
	}
	return ok
}

func lineCol(text string, off int) (int, int) {
	if off > len(text) {
		off = len(text)
	}
	before := text[:off]
	line := strings.Count(before, "\n") + 1
	col := off - strings.LastIndex(before, "\n")
	return line, col
}

// Check validates the document against the schema; the problems are shown
// in the form and returned. Missing required fields block sending.
func (m *Model) Check() []schema.FieldError {
	if m.raw {
		if err := m.syncFromRaw(); err != nil {
			m.problems = []schema.FieldError{{Code: "InvalidParameter", Message: "raw JSON: " + err.Error()}}
			return m.problems
		}
	}
	if m.action == nil {
		return nil
	}
	p := m.Params()
	// round-trip so numbers are float64/json.Number as Validate expects
	b, _ := json.Marshal(p)
	var doc map[string]any
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	_ = d.Decode(&doc)
	// the form's own type errors first (they name what was typed), then
	// the schema's findings on other fields
	fe := m.FieldErrors()
	seen := map[string]bool{}
	for _, e := range fe {
		seen[e.Path] = true
	}
	for _, p := range schema.Validate(m.action.Input, doc) {
		if !seen[p.Path] {
			fe = append(fe, p)
		}
	}
	m.problems = fe
	return m.problems
}

// FieldErrors lists the fields whose text is not of their type (an integer
// field holding "1?"), as they stand now, without a full Check.
func (m *Model) FieldErrors() []schema.FieldError {
	if m.root == nil {
		return nil
	}
	return m.root.fieldErrors(nil)
}

// Problems returns the last Check's findings.
func (m *Model) Problems() []schema.FieldError { return m.problems }

// flatten lists the visible rows.
func (m *Model) flatten() {
	m.rows = m.rows[:0]
	if m.root == nil {
		return
	}
	var walk func(n *node)
	walk = func(n *node) {
		for _, c := range n.children {
			if m.onlyReq && n == m.root && !(c.member != nil && c.member.Required) && !c.hasValue() {
				continue
			}
			m.rows = append(m.rows, c)
			if c.kind != kScalar && c.expanded {
				c.ensure()
				walk(c)
			}
		}
	}
	walk(m.root)
	m.clamp()
}

func (m *Model) clamp() {
	if m.cursor >= len(m.rows) {
		m.cursor = max(len(m.rows)-1, 0)
	}
	rows := m.treeRows()
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if rows > 0 && m.cursor >= m.offset+rows {
		m.offset = m.cursor - rows + 1
	}
}

func (m *Model) treeRows() int {
	if m.width < 90 { // narrow: the doc goes below the tree
		return max(m.height-2-narrowDoc, 1)
	}
	return max(m.height-2, 1)
}

// narrowDoc is how many rows the field doc takes below a narrow tree.
const narrowDoc = 5

func (m *Model) current() *node {
	if m.cursor < len(m.rows) {
		return m.rows[m.cursor]
	}
	return nil
}

// Focus moves the cursor to the field at path (e.g. "Limit", "Filters").
func (m *Model) Focus(path string) bool {
	for i, r := range m.rows {
		if r.path() == path {
			m.cursor = i
			m.clamp()
			return true
		}
	}
	return false
}

func (m *Model) toggleRaw() tea.Cmd {
	if m.raw {
		if err := m.syncFromRaw(); err != nil {
			m.rawErr = err.Error()
			return status.Cmd(status.Error, "fix the JSON first: "+err.Error())
		}
		m.raw = false
		m.area.Blur()
		return nil
	}
	m.raw = true
	m.rawErr = ""
	m.area.SetValue(m.ParamsJSON())
	return m.area.Focus()
}

func (m *Model) syncFromRaw() error {
	p, err := decode(m.area.Value())
	if err != nil {
		return err
	}
	m.SetParams(p)
	return nil
}

// Update handles keys.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	if m.raw {
		if kp, ok := msg.(tea.KeyPressMsg); ok && key.Matches(kp, m.keys.Raw) {
			return m, m.toggleRaw()
		}
		var cmd tea.Cmd
		m.area, cmd = m.area.Update(msg)
		if _, err := decode(m.area.Value()); err != nil {
			m.rawErr = err.Error()
		} else {
			m.rawErr = ""
		}
		return m, cmd
	}
	if m.editing {
		return m.updateEdit(msg)
	}
	kp, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return m, nil
	}
	k := m.keys
	n := m.current()
	switch {
	case key.Matches(kp, k.Raw):
		return m, m.toggleRaw()
	case key.Matches(kp, k.Up):
		if m.cursor > 0 {
			m.cursor--
		}
		m.clamp()
	case key.Matches(kp, k.Down):
		if m.cursor < len(m.rows)-1 {
			m.cursor++
		}
		m.clamp()
	case key.Matches(kp, k.Required):
		m.onlyReq = !m.onlyReq
		m.flatten()
	case n == nil:
		return m, nil
	case key.Matches(kp, k.Edit):
		return m, m.activate(n)
	case key.Matches(kp, k.Expand):
		if n.kind == kScalar {
			m.cycle(n, 1)
		} else {
			n.expanded = true
			m.flatten()
		}
	case key.Matches(kp, k.Collapse):
		switch {
		case n.kind != kScalar && n.expanded:
			n.expanded = false
			m.flatten()
		case n.kind == kScalar && (n.typ == schema.TypeBoolean || len(n.member.Enum) > 0):
			m.cycle(n, -1)
		case n.parent != nil && n.parent != m.root:
			m.Focus(n.parent.path())
		}
	case key.Matches(kp, k.Add):
		l := n
		for l != nil && l.kind != kList {
			l = l.parent
		}
		if l == nil {
			return m, status.Cmd(status.Warn, "not in a list: move to a list field (…s[]) to add an element")
		}
		e := newElem(l)
		at := len(l.children)
		if n.elem && n.parent == l {
			at = indexOf(l.children, n) + 1
		}
		l.children = append(l.children, nil)
		copy(l.children[at+1:], l.children[at:])
		l.children[at] = e
		l.expanded = true
		m.flatten()
		m.Focus(e.path())
		if e.kind == kObject && len(e.children) > 0 {
			m.cursor++ // straight to its first field
			m.clamp()
		}
	case key.Matches(kp, k.Remove):
		switch {
		case n.elem:
			l := n.parent
			i := indexOf(l.children, n)
			l.children = append(l.children[:i], l.children[i+1:]...)
		case n.kind == kScalar:
			n.set, n.value, n.err = false, "", ""
		case n.kind == kList:
			n.children = nil
		case n.kind == kObject:
			n.children, n.built = nil, false
			n.ensure()
		}
		m.flatten()
	case key.Matches(kp, k.MoveUp), key.Matches(kp, k.MoveDown):
		if !n.elem {
			return m, nil
		}
		l := n.parent
		i := indexOf(l.children, n)
		j := i - 1
		if key.Matches(kp, k.MoveDown) {
			j = i + 1
		}
		if j < 0 || j >= len(l.children) {
			return m, nil
		}
		l.children[i], l.children[j] = l.children[j], l.children[i]
		m.flatten()
		m.Focus(n.path())
	}
	return m, nil
}

func indexOf(s []*node, n *node) int {
	for i, c := range s {
		if c == n {
			return i
		}
	}
	return -1
}

// activate is enter on a row: edit a scalar, toggle a container.
func (m *Model) activate(n *node) tea.Cmd {
	if n.kind != kScalar {
		n.expanded = !n.expanded
		if n.kind == kList && n.expanded && len(n.children) == 0 {
			// an empty list opens with one element to fill
			n.children = append(n.children, newElem(n))
		}
		m.flatten()
		return nil
	}
	if n.typ == schema.TypeBoolean {
		m.cycle(n, 1)
		return nil
	}
	m.editing = true
	m.input.SetValue(n.value)
	m.input.CursorEnd()
	m.input.Placeholder = n.describe()
	if n.member != nil && len(n.member.Enum) > 0 {
		m.input.SetSuggestions(n.member.Enum)
		m.input.ShowSuggestions = true
	} else {
		m.input.SetSuggestions(nil)
		m.input.ShowSuggestions = false
	}
	return m.input.Focus()
}

// cycle steps a boolean or enum through its values (and unset).
func (m *Model) cycle(n *node, dir int) {
	var vals []string
	switch {
	case n.typ == schema.TypeBoolean:
		vals = []string{"true", "false"}
	case n.member != nil && len(n.member.Enum) > 0:
		vals = n.member.Enum
	default:
		return
	}
	// position -1 is unset
	pos := -1
	if n.set {
		for i, v := range vals {
			if v == n.value {
				pos = i
			}
		}
	}
	pos += dir
	if pos >= len(vals) {
		pos = -1
	}
	if pos < -1 {
		pos = len(vals) - 1
	}
	if pos == -1 {
		n.set, n.value = false, ""
	} else {
		n.set, n.value = true, vals[pos]
	}
}

func (m Model) updateEdit(msg tea.Msg) (Model, tea.Cmd) {
	if kp, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(kp, m.keys.Cancel):
			m.editing = false
			m.input.Blur()
			return m, nil
		case key.Matches(kp, m.keys.Commit):
			n := m.current()
			m.editing = false
			m.input.Blur()
			if n != nil {
				n.value = m.input.Value()
				n.set = true
				n.scalar() // sets err
				if kp.String() == "tab" && m.cursor < len(m.rows)-1 {
					m.cursor++
					m.clamp()
				}
			}
			return m, nil
		}
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	return m, cmd
}

// View renders the tree (or the raw editor) and the doc of the focused field.
func (m Model) View() string {
	s := m.styles
	if m.action == nil {
		return s.Faint.Render("No action chosen yet: press / to find one.")
	}
	if m.raw {
		foot := s.Faint.Render("raw JSON · ctrl+t back to the form (kept in sync)")
		if m.rawErr != "" {
			foot = s.Error.Render("✗ " + m.rawErr)
		}
		return lipgloss.JoinVertical(lipgloss.Left, s.Title.Render("Parameters (JSON)"), m.area.View(), foot)
	}
	tw := m.treeWidth()
	lines := []string{m.header(tw)}
	rows := m.treeRows()
	bad := map[string]string{}
	for _, p := range m.problems {
		bad[p.Path] = p.Message
	}
	for i := m.offset; i < len(m.rows) && i < m.offset+rows; i++ {
		lines = append(lines, m.row(m.rows[i], i == m.cursor, tw, bad))
	}
	if len(m.rows) == 0 {
		lines = append(lines, s.Faint.Render("  this action takes no parameters"))
	}
	lines = append(lines, m.footer(tw))
	if tw == m.width {
		// the doc sits at the bottom, growing up into the space the tree
		// leaves (at least narrowDoc rows are kept for it)
		if n := m.current(); n != nil {
			doc := strings.Split(doctext.Wrap(n.doc(), tw), "\n")
			room := max(m.height-len(lines)-2, narrowDoc-1) // a blank row and the rule
			if len(doc) > room {
				doc = append(doc[:room-1], "…")
			}
			for len(lines) < m.height-len(doc)-1 {
				lines = append(lines, "")
			}
			lines = append(lines, s.Faint.Render(strings.Repeat("─", tw)))
			for _, d := range doc {
				lines = append(lines, s.Faint.Render(d))
			}
		}
		return lipgloss.NewStyle().Width(tw).Height(m.height).MaxHeight(m.height).Render(strings.Join(lines, "\n"))
	}
	left := lipgloss.NewStyle().Width(tw).Height(m.height).MaxHeight(m.height).Render(strings.Join(lines, "\n"))
	dw := m.width - tw - 2
	doc := ""
	if n := m.current(); n != nil {
		doc = n.doc()
	}
	docView := lipgloss.NewStyle().Width(dw).Height(m.height).MaxHeight(m.height).
		Render(s.Faint.Render(doctext.Wrap(doc, dw)))
	return lipgloss.JoinHorizontal(lipgloss.Top, left, "  ", docView)
}

func (m Model) header(w int) string {
	s := m.styles
	req := 0
	if m.root != nil {
		for _, c := range m.root.children {
			if c.member != nil && c.member.Required {
				req++
			}
		}
	}
	h := s.Title.Render("Parameters") + s.Faint.Render(fmt.Sprintf("  %d fields, %d required (%s)", len(m.root.children), req, s.Required.Render("*")))
	if m.onlyReq {
		h += s.Warning.Render("  only required")
	}
	return ansi.Truncate(h, w, "…")
}

func (m Model) footer(w int) string {
	s := m.styles
	probs := m.problems
	if len(probs) == 0 {
		probs = m.FieldErrors() // shown as soon as the value is committed
	}
	if len(probs) > 0 {
		p := probs[0]
		more := ""
		if len(probs) > 1 {
			more = fmt.Sprintf(" (+%d more)", len(probs)-1)
		}
		return ansi.Truncate(s.Error.Render("✗ "+p.Code+": "+p.Message+more), w, "…")
	}
	if len(m.extra) > 0 {
		keys := make([]string, 0, len(m.extra))
		for k := range m.extra {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		return ansi.Truncate(s.Warning.Render("! not in the schema, sent as typed: "+strings.Join(keys, ", ")), w, "…")
	}
	return s.Faint.Render(ansi.Truncate("ctrl+r send · ctrl+s save · ctrl+t raw JSON · a add · x remove", w, "…"))
}

func (m Model) row(n *node, selected bool, w int, bad map[string]string) string {
	s := m.styles
	indent := strings.Repeat("  ", n.depth-1)
	mark := " "
	switch n.kind {
	case kObject, kList:
		mark = "▸"
		if n.expanded {
			mark = "▾"
		}
	}
	name := n.label()
	req := " "
	if n.member != nil && n.member.Required && !n.elem {
		req = s.Required.Render("*")
	}
	var val string
	switch n.kind {
	case kScalar:
		switch {
		case selected && m.editing:
			val = m.input.View()
		case n.set:
			val = s.JSON.String.Render(n.value)
			if n.typ != schema.TypeString && n.typ != schema.TypeTimestamp {
				val = s.JSON.Number.Render(n.value)
			}
		default:
			hint := n.describe()
			if n.member != nil && len(n.member.Enum) > 0 {
				hint = strings.Join(n.member.Enum, "|")
			}
			val = s.Faint.Render("‹" + hint + "›")
		}
		if n.err != "" {
			val += s.Error.Render("  ✗ " + n.err)
		}
	case kList:
		val = s.Faint.Render(fmt.Sprintf("%s [%d]", n.describe(), len(n.children)))
	case kObject:
		val = s.Faint.Render(n.describe())
	}
	if msg, ok := bad[n.path()]; ok && n.err == "" {
		val += s.Error.Render("  ✗ " + strings.TrimPrefix(msg, n.path()+": "))
	}
	left := indent + mark + " " + name
	pad := 28
	if w < 70 {
		pad = 20
	}
	if lw := ansi.StringWidth(left); lw < pad {
		left += strings.Repeat(" ", pad-lw)
	}
	line := req + left + " " + val
	if selected && !m.editing {
		plain := ansi.Truncate(ansi.Strip(line), w, "…")
		if p := w - ansi.StringWidth(plain); p > 0 {
			plain += strings.Repeat(" ", p)
		}
		return s.Selected.Render(plain)
	}
	return ansi.Truncate(line, w, "…")
}
