package ui

import (
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/tcx-dev/tcx/api"
	"github.com/tcx-dev/tcx/snippet"
	"github.com/tcx-dev/tcx/ui/status"
)

// What the explorer keeps across sessions: the request history
// (Options.History, a snippet.History file) and the settings
// (Options.SaveSettings). Both are written in commands, never in Update.

// historyLoadedMsg carries the previous sessions' requests.
type historyLoadedMsg struct {
	entries []snippet.HistoryEntry
	err     error
}

// loadHistory reads the history file (a command).
func loadHistory(h *snippet.History) tea.Cmd {
	return func() tea.Msg {
		e, err := h.Load()
		return historyLoadedMsg{entries: e, err: err}
	}
}

// pastResults turns history entries into results the history pane lists:
// no body (the file keeps requests and outcomes, not responses), negative
// sequence numbers so they sort before this session's and can be marked.
func pastResults(entries []snippet.HistoryEntry) []*result {
	out := make([]*result, 0, len(entries))
	for i := range entries {
		e := &entries[i]
		req, _, err := snippet.Request(e.Request, snippet.Vars{})
		if err != nil {
			continue // an entry that no longer makes a request is skipped
		}
		out = append(out, &result{seq: i - len(entries), req: req, profile: e.Request.Profile, at: e.At,
			elapsed: time.Duration(e.LatencyMS) * time.Millisecond, past: e})
	}
	return out
}

// recordHistory appends a finished request to the history file (a
// command). Only what was sent and how it ended is kept; credentials in
// parameters are redacted by snippet.History.
func recordHistory(h *snippet.History, r *result, o snippet.Overrides) tea.Cmd {
	e := snippet.HistoryEntry{At: r.at, LatencyMS: r.elapsed.Milliseconds()}
	switch {
	case r.ok():
		e.Status, e.RequestID = r.resp.Status, r.resp.RequestID
	default:
		e.Code, e.RequestID = r.code(), r.requestID()
		if ae, ok := api.AsError(r.err); ok {
			e.Status = ae.Status
		}
	}
	req := r.req
	return func() tea.Msg {
		s, err := snippet.FromRequest("history", req, o)
		if err == nil {
			e.Request = s
			err = h.Append(e)
		}
		if err != nil {
			return status.Note{Text: "history not saved: " + err.Error(), Level: status.Warn, TTL: 8 * time.Second}
		}
		return nil
	}
}

// saveSettings persists the settings (a command).
func saveSettings(save func(Settings) error, s Settings) tea.Cmd {
	return func() tea.Msg {
		if err := save(s); err != nil {
			return status.Note{Text: fmt.Sprintf("settings not saved: %v", err), Level: status.Warn, TTL: 8 * time.Second}
		}
		return nil
	}
}
