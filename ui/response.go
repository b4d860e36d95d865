package ui

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tcx-dev/tcx/api"
	"github.com/tcx-dev/tcx/snippet"
	"github.com/tcx-dev/tcx/ui/jsonview"
	"github.com/tcx-dev/tcx/ui/status"
)

// result is one finished request: what was sent and what came back.
type result struct {
	seq     int
	req     *api.Request
	profile string
	resp    *api.Response
	err     error
	at      time.Time
	elapsed time.Duration
	// failedSig is the signature of the failing attempt (api.Error's
	// Signature), so the signature screen shows exactly what the server
	// rejected; also kept for a cancelled request.
	failedSig *api.SignatureTrace
	// resigned is the fallback when the call failed before signing: the
	// same request signed when the failure came back.
	resigned *api.SignatureTrace
	// past is set for a request from an earlier session (read from the
	// history file): its outcome is known, its body was not kept.
	past *snippet.HistoryEntry
}

// ok reports whether the call succeeded and its response is at hand.
func (r *result) ok() bool { return r.err == nil && r.resp != nil }

// succeeded reports whether the call succeeded, in this session or an
// earlier one.
func (r *result) succeeded() bool {
	if r.past != nil {
		return r.past.Code == "" && r.past.Status == 200
	}
	return r.ok()
}

// code is the status word for lists: 200, the error code, or "cancelled".
func (r *result) code() string {
	if r.past != nil {
		if r.past.Code != "" {
			return r.past.Code
		}
		return fmt.Sprint(r.past.Status)
	}
	if r.ok() {
		return fmt.Sprint(r.resp.Status)
	}
	if errors.Is(r.err, errCancelled) {
		return "cancelled"
	}
	if e, ok := api.AsError(r.err); ok {
		return e.Code
	}
	return "error"
}

func (r *result) requestID() string {
	if r.past != nil {
		return r.past.RequestID
	}
	if r.ok() {
		return r.resp.RequestID
	}
	if e, ok := api.AsError(r.err); ok {
		return e.RequestID
	}
	return ""
}

var errCancelled = errors.New("cancelled")

// responseKeys are the response pane's own bindings.
type responseKeys struct {
	Headers, CopyID key.Binding
}

// responsePane shows the last (or a re-opened) result.
type responsePane struct {
	c       *Common
	keys    responseKeys
	view    jsonview.Model
	res     *result
	headers bool
	width   int
	height  int
}

func newResponsePane(c *Common) responsePane {
	return responsePane{
		c: c,
		keys: responseKeys{
			Headers: key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "body ⇄ headers")),
			CopyID:  key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "copy RequestId")),
		},
		view: jsonview.New(c.Styles),
	}
}

func (p *responsePane) set(r *result) {
	p.res = r
	p.headers = false
	if r.ok() {
		p.view.SetBody(r.resp.Body)
	} else if e, ok := api.AsError(r.err); ok && e.Snippet != "" {
		p.view.SetBody([]byte(e.Snippet))
	} else {
		// nothing came back worth showing: show what was sent instead
		b, _ := json.Marshal(map[string]any{"Action": r.req.Action, "Version": r.req.Version, "Region": r.req.Region, "Params": r.req.Params})
		p.view.SetBody(b)
	}
	p.SetSize(p.width, p.height)
}

func (p *responsePane) typing() bool { return p.view.Typing() }

func (p *responsePane) SetSize(w, h int) {
	p.width, p.height = w, h
	top := 2
	if p.res != nil && !p.res.ok() {
		top = len(p.errorPanel())
	}
	p.view.SetSize(w, max(h-top, 2))
}

// maxErrorRows bounds the error panel so the request below stays visible.
const maxErrorRows = 8

func (p responsePane) Update(msg tea.Msg) (responsePane, tea.Cmd) {
	if kp, ok := msg.(tea.KeyPressMsg); ok && !p.view.Typing() && p.res != nil {
		switch {
		case key.Matches(kp, p.keys.Headers):
			p.headers = !p.headers
			return p, nil
		case key.Matches(kp, p.keys.CopyID):
			id := p.res.requestID()
			if id == "" {
				return p, status.Cmd(status.Warn, "no RequestId")
			}
			return p, tea.Batch(tea.SetClipboard(id), status.Cmd(status.Success, "copied RequestId "+id))
		}
	}
	var cmd tea.Cmd
	p.view, cmd = p.view.Update(msg)
	return p, cmd
}

func (p responsePane) View() string {
	s := p.c.Styles
	if p.res == nil {
		return s.Faint.Render("No response yet: choose an action (/), fill the parameters (2) and send (ctrl+r).")
	}
	r := p.res
	var top []string
	if r.ok() {
		st := s.Success
		if r.resp.Status >= 400 {
			st = s.Error
		}
		line := st.Render(fmt.Sprintf("● %d %s", r.resp.Status, http.StatusText(r.resp.Status))) +
			s.Faint.Render("  RequestId ") + s.Bold.Render(r.resp.RequestID) +
			s.Faint.Render(fmt.Sprintf("  %s  %s  host %s", r.resp.Latency.Round(time.Millisecond), jsonview.Size(len(r.resp.Body)), r.resp.Host))
		if r.resp.Attempts > 1 {
			line += s.Warning.Render(fmt.Sprintf("  %d attempts", r.resp.Attempts))
		}
		top = append(top, ansi.Truncate(line, p.width, "…"))
		tab := s.ActiveTab.Render("body") + s.Tab.Render("headers")
		if p.headers {
			tab = s.Tab.Render("body") + s.ActiveTab.Render("headers")
		}
		top = append(top, tab+s.Faint.Render("  t switch · i copy RequestId · y/Y copy · f filter"))
	} else {
		top = p.errorPanel()
	}
	body := p.view.View()
	if p.headers && r.ok() {
		body = p.headerView(p.height - len(top))
	}
	return strings.Join(top, "\n") + "\n" + body
}

func (p responsePane) headerView(h int) string {
	s := p.c.Styles
	hd := p.res.resp.Header
	names := make([]string, 0, len(hd))
	for k := range hd {
		names = append(names, k)
	}
	sort.Strings(names)
	var lines []string
	for _, n := range names {
		for _, v := range hd[n] {
			lines = append(lines, ansi.Truncate(s.JSON.Key.Render(n)+": "+api.RedactHeader(n, v), p.width, "…"))
		}
	}
	if len(lines) > h {
		lines = lines[:h]
	}
	return strings.Join(lines, "\n")
}

// errorPanel shows code, message, RequestId and a hint.
func (p responsePane) errorPanel() []string {
	s := p.c.Styles
	r := p.res
	w := p.width
	if r.past != nil {
		st := s.Success
		if !r.succeeded() {
			st = s.Error
		}
		line := st.Render("◷ "+r.code()) + s.Faint.Render(" in an earlier session, "+r.at.Local().Format("2006-01-02 15:04"))
		if id := r.requestID(); id != "" {
			line += s.Faint.Render("  RequestId ") + s.Bold.Render(id)
		}
		return []string{ansi.Truncate(line, w, "…"),
			ansi.Truncate(s.Faint.Render("the body was not kept; below is the request. r in History (5) sends it again."), w, "…")}
	}
	if errors.Is(r.err, errCancelled) {
		return []string{s.Warning.Render("■ request cancelled"), s.Faint.Render(fmt.Sprintf("after %s", r.elapsed.Round(time.Millisecond)))}
	}
	e, ok := api.AsError(r.err)
	if !ok {
		return strings.Split(s.Error.Render(lipgloss.Wrap("✗ "+r.err.Error(), w, " ")), "\n")
	}
	out := []string{
		s.Error.Render("✗ " + e.Code),
		ansi.Truncate(s.Text.Render(e.Message), w, "…"),
	}
	// The wrapped cause tells refused from DNS from TLS from timeout, as
	// the CLI's "cause:" line does; up to two wrapped lines.
	if c := causeText(e); c != "" {
		for i, l := range strings.Split(lipgloss.Wrap("cause: "+c, w, " /:"), "\n") {
			if i < 2 {
				out = append(out, ansi.Truncate(s.Text.Render(l), w, "…"))
			}
		}
	}
	meta := []string{}
	if e.RequestID != "" {
		meta = append(meta, "RequestId "+s.Bold.Render(e.RequestID))
	}
	if e.Status != 0 {
		meta = append(meta, fmt.Sprintf("HTTP %d", e.Status))
	}
	if e.Endpoint != "" {
		meta = append(meta, e.Endpoint)
	}
	out = append(out, ansi.Truncate(s.Faint.Render(strings.Join(meta, " · ")), w, "…"))
	hint := e.Hint()
	if hint == "" {
		hint = extraHint(e, r)
	}
	if e.ClockSkew != 0 && !strings.Contains(hint, "off") {
		hint += fmt.Sprintf(" (measured skew: %s)", e.ClockSkew.Round(time.Second))
	}
	if hint != "" {
		for i, l := range strings.Split(lipgloss.Wrap("hint: "+hint, w, " "), "\n") {
			if i < 2 {
				out = append(out, s.Warning.Render(l))
			}
		}
	}
	if e.Snippet == "" {
		out = append(out, s.Faint.Render("the request that was sent:"))
	}
	if len(out) > maxErrorRows {
		out = out[:maxErrorRows]
	}
	return out
}

// causeText is the error's wrapped cause without the "Post \"URL\": "
// prefix of a *url.Error (the endpoint is on the line below), or "" when
// there is none or the message already says it.
func causeText(e *api.Error) string {
	if e.Err == nil {
		return ""
	}
	c := e.Err
	var ue *url.Error
	if errors.As(c, &ue) && ue.Err != nil {
		c = ue.Err
	}
	t := c.Error()
	if strings.Contains(e.Message, t) {
		return ""
	}
	return t
}

// extraHint adds explorer-side hints the core's Hint does not give.
func extraHint(e *api.Error, r *result) string {
	switch {
	case strings.Contains(e.Code, "UnsupportedRegion"):
		return fmt.Sprintf("%s is not offered in region %s: pick another region (6, or r on the profile screen)", r.req.Service, r.req.Region)
	case strings.HasPrefix(e.Code, "MissingParameter"), strings.HasPrefix(e.Code, "InvalidParameter"):
		return "check the parameters (2): the form marks required fields with *"
	}
	return ""
}
