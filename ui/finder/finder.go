// Package finder is the explorer's fuzzy finder over every product and
// action of the schema: one text input, results best first, recently used
// actions first when the query is empty, and a product scope that lists a
// product's actions in one of its versions.
package finder

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tcx-dev/tcx/schema"
	"github.com/tcx-dev/tcx/ui/doctext"
	"github.com/tcx-dev/tcx/ui/theme"
)

// Limit is how many hits a query shows.
const Limit = 200

// KeyMap is the finder's bindings; letters always go to the input.
type KeyMap struct {
	Up, Down, Select, Back, Version, Clear key.Binding
}

// DefaultKeyMap returns the finder's bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:      key.NewBinding(key.WithKeys("up", "ctrl+p"), key.WithHelp("↑", "up")),
		Down:    key.NewBinding(key.WithKeys("down", "ctrl+n"), key.WithHelp("↓", "down")),
		Select:  key.NewBinding(key.WithKeys("enter", "tab"), key.WithHelp("enter", "choose")),
		Back:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "leave product / back")),
		Version: key.NewBinding(key.WithKeys("ctrl+v"), key.WithHelp("ctrl+v", "next API version")),
		Clear:   key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "clear")),
	}
}

// ShortHelp is the footer's subset.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Select, k.Version, k.Back} }

// FullHelp lists every binding.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Select, k.Back, k.Version, k.Clear}}
}

// ChosenMsg says the user picked an action.
type ChosenMsg struct{ Product, Version, Action string }

// BackMsg says the user left the finder with esc.
type BackMsg struct{}

// item is one row.
type item struct {
	kind                            schema.HitKind
	product, version, action, title string
	matched                         []int
	field                           string
	deprecated, recent              bool
}

// Model is the finder.
type Model struct {
	styles *theme.Styles
	keys   KeyMap
	reg    *schema.Registry
	input  textinput.Model
	items  []item
	cursor int
	offset int

	scope        string // product whose actions are listed ("" = everything)
	scopeVersion string
	recent       []ChosenMsg

	width, height int
	doc           string // doc of the highlighted action
	docFor        string
	wrapped       *wrapCache
}

// wrapCache keeps the doc wrapped for the last width, so a keystroke does
// not re-wrap a long doc on every frame.
type wrapCache struct {
	key   string
	lines []string
}

// New returns a finder over reg.
func New(s *theme.Styles, reg *schema.Registry) Model {
	in := textinput.New()
	in.Prompt = "› "
	in.Placeholder = "product or action, e.g. cvm describeinst"
	m := Model{styles: s, keys: DefaultKeyMap(), reg: reg, input: in, wrapped: &wrapCache{}}
	m.input.Focus()
	m.refresh()
	return m
}

// Keys returns the key map.
func (m *Model) Keys() KeyMap { return m.keys }

// SetStyles changes the styles.
func (m *Model) SetStyles(s *theme.Styles) { m.styles = s }

// SetSize sets the pane size.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.input.SetWidth(max(w-4, 4))
	m.clampOffset()
}

// Focus gives the input focus.
func (m *Model) Focus() tea.Cmd { return m.input.Focus() }

// SetRecent sets the recently used actions, newest first.
func (m *Model) SetRecent(r []ChosenMsg) {
	m.recent = r
	m.refresh()
}

// Query returns the input's text.
func (m *Model) Query() string { return m.input.Value() }

// SetQuery replaces the query (used by tests and deep links).
func (m *Model) SetQuery(q string) {
	m.input.SetValue(q)
	m.refresh()
}

// Scope returns the product and version listed ("" when unscoped).
func (m *Model) Scope() (string, string) { return m.scope, m.scopeVersion }

// refresh recomputes the rows from the query and scope.
func (m *Model) refresh() {
	q := strings.TrimSpace(m.input.Value())
	m.items = m.items[:0]
	if m.reg == nil {
		return
	}
	if m.scope != "" {
		m.scoped(q)
	} else if q == "" {
		for _, r := range m.recent {
			m.items = append(m.items, item{kind: schema.HitAction, product: r.Product, version: r.Version, action: r.Action, recent: true, title: "recently used"})
		}
		for _, p := range m.reg.Products() {
			m.items = append(m.items, item{kind: schema.HitProduct, product: p.Name, version: p.DefaultVersion, title: p.DisplayName})
		}
	} else {
		recent := map[string]bool{}
		for _, r := range m.recent {
			recent[r.Product+"/"+r.Action] = true
		}
		var rest []item
		for _, h := range m.reg.Search(q, Limit) {
			if h.Kind == schema.HitMember {
				continue
			}
			it := item{kind: h.Kind, product: h.Product, version: h.Version, action: h.Action, title: h.Title, matched: h.Matched, field: h.Field, deprecated: h.Deprecated}
			// recently used matches first, in search order
			if h.Kind == schema.HitAction && recent[h.Product+"/"+h.Action] {
				it.recent = true
				m.items = append(m.items, it)
				continue
			}
			rest = append(rest, it)
		}
		m.items = append(m.items, rest...)
	}
	if m.cursor >= len(m.items) {
		m.cursor = max(len(m.items)-1, 0)
	}
	m.clampOffset()
	m.loadDoc()
}

// scoped lists the actions of one product version matching q in order.
func (m *Model) scoped(q string) {
	refs, err := m.reg.Actions(m.scope, m.scopeVersion)
	if err != nil {
		return
	}
	ql := strings.ToLower(q)
	seen := map[string]bool{}
	if q != "" {
		// the registry's ranking first (exact, prefix, word), then the rest
		for _, h := range m.reg.Search(m.scope+" "+q, Limit) {
			if h.Kind != schema.HitAction || h.Product != m.scope || h.Version != m.scopeVersion {
				continue
			}
			seen[h.Action] = true
			m.items = append(m.items, item{kind: schema.HitAction, product: h.Product, version: h.Version, action: h.Action, title: h.Title, matched: h.Matched, field: h.Field, deprecated: h.Deprecated})
		}
	}
	for _, r := range refs {
		if seen[r.Name] {
			continue
		}
		idx := subsequence(strings.ToLower(r.Name), ql)
		if ql != "" && idx == nil && !strings.Contains(strings.ToLower(r.Title), ql) {
			continue
		}
		m.items = append(m.items, item{kind: schema.HitAction, product: r.Product, version: r.Version, action: r.Name, title: r.Title, matched: idx, field: "name", deprecated: r.Deprecated})
	}
}

// subsequence returns the positions of q's letters in s in order, or nil.
func subsequence(s, q string) []int {
	if q == "" {
		return nil
	}
	rs, qs := []rune(s), []rune(q)
	var idx []int
	j := 0
	for i := 0; i < len(rs) && j < len(qs); i++ {
		if rs[i] == qs[j] {
			idx = append(idx, i)
			j++
		}
	}
	if j < len(qs) {
		return nil
	}
	return idx
}

// loadDoc fetches the doc of the highlighted action. Decoding a product
// version is CPU work on the embedded bundle (no I/O) and happens once.
func (m *Model) loadDoc() {
	if m.cursor >= len(m.items) {
		m.doc, m.docFor = "", ""
		return
	}
	it := m.items[m.cursor]
	id := it.product + "/" + it.version + "/" + it.action
	if id == m.docFor {
		return
	}
	m.docFor = id
	if it.kind == schema.HitProduct {
		p := m.reg.Product(it.product)
		if p == nil {
			m.doc = ""
			return
		}
		m.doc = fmt.Sprintf("%s %s\nversions: %s\nhost: %s\n\n%s", p.Name, p.DisplayName, strings.Join(p.Versions, ", "), p.Host, p.Brief)
		return
	}
	a, err := m.reg.Action(it.product, it.version, it.action)
	if err != nil {
		m.doc = err.Error()
		return
	}
	m.doc = a.Title + "\n\n" + a.Doc
}

func (m *Model) clampOffset() {
	rows := m.listRows()
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if rows > 0 && m.cursor >= m.offset+rows {
		m.offset = m.cursor - rows + 1
	}
}

func (m *Model) listRows() int { return max(m.height-3, 1) }

// Update handles keys.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	kp, ok := msg.(tea.KeyPressMsg)
	if !ok {
		if pm, ok := msg.(tea.PasteMsg); ok {
			var cmd tea.Cmd
			m.input, cmd = m.input.Update(pm)
			m.refresh()
			return m, cmd
		}
		return m, nil
	}
	k := m.keys
	switch {
	case key.Matches(kp, k.Up):
		if m.cursor > 0 {
			m.cursor--
		}
		m.clampOffset()
		m.loadDoc()
		return m, nil
	case key.Matches(kp, k.Down):
		if m.cursor < len(m.items)-1 {
			m.cursor++
		}
		m.clampOffset()
		m.loadDoc()
		return m, nil
	case key.Matches(kp, k.Clear):
		m.input.SetValue("")
		m.refresh()
		return m, nil
	case key.Matches(kp, k.Back):
		if m.scope != "" {
			m.scope, m.scopeVersion = "", ""
			m.input.SetValue("")
			m.cursor = 0
			m.refresh()
			return m, nil
		}
		return m, func() tea.Msg { return BackMsg{} }
	case key.Matches(kp, k.Version):
		if m.scope != "" {
			if p := m.reg.Product(m.scope); p != nil && len(p.Versions) > 1 {
				for i, v := range p.Versions {
					if v == m.scopeVersion {
						m.scopeVersion = p.Versions[(i+1)%len(p.Versions)]
						break
					}
				}
				m.refresh()
			}
		}
		return m, nil
	case key.Matches(kp, k.Select):
		if m.cursor >= len(m.items) {
			return m, nil
		}
		it := m.items[m.cursor]
		if it.kind == schema.HitProduct {
			m.scope, m.scopeVersion = it.product, it.version
			m.input.SetValue("")
			m.cursor, m.offset = 0, 0
			m.refresh()
			return m, nil
		}
		c := ChosenMsg{Product: it.product, Version: it.version, Action: it.action}
		return m, func() tea.Msg { return c }
	}
	before := m.input.Value()
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(kp)
	if m.input.Value() != before {
		// "cvm " scopes to a product when the words before the space name one
		if m.scope == "" && strings.HasSuffix(m.input.Value(), " ") {
			if p := m.reg.Product(strings.TrimSpace(m.input.Value())); p != nil && !strings.Contains(strings.TrimSpace(m.input.Value()), " ") {
				m.scope, m.scopeVersion = p.Name, p.DefaultVersion
				m.input.SetValue("")
			}
		}
		m.cursor, m.offset = 0, 0
		m.refresh()
	}
	return m, cmd
}

// View renders the input, the results and the doc of the highlighted one.
func (m Model) View() string {
	s := m.styles
	listW := m.width
	docW := 0
	if m.width >= 100 {
		docW = m.width * 2 / 5
		listW = m.width - docW - 2
	}
	var head string
	if m.scope != "" {
		p := m.reg.Product(m.scope)
		vers := m.scopeVersion
		if p != nil && len(p.Versions) > 1 {
			vers += fmt.Sprintf(" (1 of %d, ctrl+v)", len(p.Versions))
		}
		title := m.scope
		if p != nil {
			title += " " + p.DisplayName
		}
		head = " " + s.Badge.Render(title) + " " + s.Faint.Render("version "+vers+" · esc: all products")
	} else {
		head = s.Faint.Render(fmt.Sprintf("  %d results", len(m.items)))
	}
	lines := []string{m.input.View(), ansi.Truncate(head, listW, "…")}
	rows := m.listRows()
	for i := m.offset; i < len(m.items) && i < m.offset+rows; i++ {
		lines = append(lines, m.row(m.items[i], i == m.cursor, listW))
	}
	if len(m.items) == 0 {
		lines = append(lines, s.Faint.Render("  no match — try fewer letters, or a product name followed by a space"))
	}
	left := pad(lines, listW, m.height)
	if docW == 0 {
		return strings.Join(left, "\n")
	}
	key := fmt.Sprint(docW, "\x00", m.docFor, "\x00", m.doc)
	if m.wrapped.key != key {
		m.wrapped.key = key
		m.wrapped.lines = strings.Split(s.Faint.Render(doctext.Wrap(m.doc, docW-2)), "\n")
	}
	right := pad(m.wrapped.lines, docW, m.height)
	out := make([]string, m.height)
	for i := range out {
		out[i] = left[i] + "  " + right[i]
	}
	return strings.Join(out, "\n")
}

// pad cuts or fills lines to exactly w cells and h rows.
func pad(lines []string, w, h int) []string {
	out := make([]string, h)
	for i := range out {
		l := ""
		if i < len(lines) {
			l = lines[i]
		}
		lw := ansi.StringWidth(l)
		if lw > w {
			l = ansi.Truncate(l, w, "")
			lw = ansi.StringWidth(l)
		}
		out[i] = l + strings.Repeat(" ", w-lw)
	}
	return out
}

func (m Model) row(it item, selected bool, w int) string {
	s := m.styles
	var tag, name string
	switch {
	case it.recent:
		tag = "recent "
	case it.kind == schema.HitProduct:
		tag = "product"
	default:
		tag = "action "
	}
	if it.kind == schema.HitProduct {
		name = it.product
	} else {
		name = it.action
	}
	hl := func(text string) string {
		if selected || it.field != "name" || len(it.matched) == 0 {
			return text
		}
		return lipgloss.StyleRunes(text, it.matched, s.Match, s.Text)
	}
	var body string
	if it.kind == schema.HitProduct {
		body = hl(name) + "  " + s.Faint.Render(it.title)
	} else {
		body = s.Faint.Render(it.product+" ") + hl(name) + "  " + s.Faint.Render(it.title)
	}
	if it.kind == schema.HitAction && it.version != "" {
		if p := m.reg.Product(it.product); p != nil && len(p.Versions) > 1 && p.DefaultVersion != it.version {
			body += s.Info.Render(" " + it.version)
		}
	}
	if it.deprecated {
		body += s.Warning.Render(" (deprecated)")
	}
	line := "  " + s.Faint.Render(tag) + " " + body
	if selected {
		plain := ansi.Strip(line)
		line = s.Selected.Render(ansi.Truncate("▸ "+plain[2:], w, "…"))
		if pad := w - ansi.StringWidth(line); pad > 0 {
			line += s.Selected.Render(strings.Repeat(" ", pad))
		}
		return line
	}
	return ansi.Truncate(line, w, "…")
}
