// Package ui is tcx's interactive explorer, a Bubble Tea v2 program: one
// root model routes messages to panes (profiles, finder, parameter form,
// response, signature, history, settings) that each own their keys and view,
// with a live breaker panel beside them. Everything that can block runs in
// commands that return typed messages; Update never does I/O.
package ui

import (
	"time"

	"github.com/tcx-dev/tcx/ui/theme"
)

// Common is what every pane shares, passed by pointer so a resize or a
// theme change reaches all of them at once.
type Common struct {
	Styles        *theme.Styles
	Width, Height int
	// Now is the clock views read (elapsed time, countdowns); tests fix it.
	Now func() time.Time
}
