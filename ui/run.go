package ui

import (
	"context"
	"errors"
	"fmt"

	tea "charm.land/bubbletea/v2"
)

// Run runs the explorer until the user quits or ctx ends. The terminal is
// restored on every exit: Bubble Tea restores it when Run returns and when
// Update, View or a command panics (its own handler, which returns
// tea.ErrProgramPanic); a panic outside the program loop is recovered here
// after restoring the terminal, and returned as an error.
func Run(ctx context.Context, o Options, opts ...tea.ProgramOption) (err error) {
	m := New(o)
	p := tea.NewProgram(m, append([]tea.ProgramOption{tea.WithContext(ctx)}, opts...)...)
	defer func() {
		if r := recover(); r != nil {
			_ = p.RestoreTerminal()
			err = fmt.Errorf("the explorer stopped unexpectedly (%v); the terminal was restored", r)
		}
		m.close()
	}()
	_, err = p.Run()
	switch {
	case errors.Is(err, tea.ErrProgramPanic):
		return fmt.Errorf("the explorer stopped unexpectedly; the terminal was restored: %w", err)
	case errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil:
		return nil
	}
	return err
}

// close releases the client and the breaker subscription.
func (m *Model) close() {
	if m.cancel != nil {
		m.cancel()
	}
	if m.unsub != nil {
		m.unsub()
		m.unsub = nil
	}
	if m.client != nil {
		m.client.Close()
	}
}
