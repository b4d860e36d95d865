package ui

// rect is a region of the screen.
type rect struct{ X, Y, W, H int }

// Layout sizes, computed once per resize (and when the screen or the
// breaker toggle changes which panes share the body).
const (
	headerRows    = 2 // breadcrumbs, tabs
	footerRows    = 1
	breakerWidth  = 38
	wideThreshold = 110 // the breaker panel sits beside the pane from here
)

// layoutRects splits the body between the pane and the breaker panel.
func layoutRects(w, h int, withBreaker bool) (pane, brk rect) {
	bodyH := max(h-headerRows-footerRows, 3)
	pane = rect{0, headerRows, w, bodyH}
	if withBreaker {
		bw := min(breakerWidth, w/2)
		pane.W = w - bw - 1
		brk = rect{pane.W + 1, headerRows, bw, bodyH}
	}
	return pane, brk
}

// breakerBeside reports whether the breaker panel is drawn for this screen.
func (m *Model) breakerBeside() bool {
	switch m.screen {
	case scrParams, scrResponse, scrSignature, scrHistory, scrSettings:
	default:
		return false
	}
	if m.c.Width >= wideThreshold {
		return true
	}
	return m.wideBreaker
}

// layout gives every pane its size.
func (m *Model) layout() {
	pane, brk := layoutRects(m.c.Width, m.c.Height, m.breakerBeside())
	m.brk.SetSize(brk.W, brk.H)
	m.finder.SetSize(pane.W, pane.H)
	m.form.SetSize(pane.W, pane.H)
	m.resp.SetSize(pane.W, pane.H)
	m.hist.SetSize(pane.W, pane.H)
	m.settings.SetSize(pane.W, pane.H)
	m.profiles.SetSize(pane.W, pane.H)
	m.help.SetWidth(m.c.Width)
}
