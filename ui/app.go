package ui

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/tcx-dev/tcx/api"
	"github.com/tcx-dev/tcx/schema"
	"github.com/tcx-dev/tcx/snippet"
	"github.com/tcx-dev/tcx/ui/finder"
	"github.com/tcx-dev/tcx/ui/form"
	"github.com/tcx-dev/tcx/ui/status"
	"github.com/tcx-dev/tcx/ui/theme"
)

// screen is one of the explorer's screens.
type screen int

const (
	scrProfiles screen = iota
	scrFinder
	scrParams
	scrResponse
	scrSignature
	scrHistory
	scrSettings
)

var screenNames = []string{"Profiles", "Find", "Params", "Response", "Signature", "History", "Settings"}

// responseMsg is the outcome of a send command.
type responseMsg struct{ r *result }

// Model is the explorer's root model: it owns the panes and routes to them.
type Model struct {
	c    *Common
	keys KeyMap
	help help.Model
	opts Options
	reg  *schema.Registry
	mk   ClientFactory

	profiles profilesPane
	finder   finder.Model
	form     form.Model
	resp     responsePane
	hist     historyPane
	settings settingsPane
	picker   regionPicker
	snips    snippetPicker
	brk      breakerPanel
	note     status.Model
	spin     spinner.Model
	set      *Settings

	screen, prev screen
	showHelp     bool
	wideBreaker  bool // breaker panel forced open on a narrow terminal

	profile    int
	client     *api.Client
	clientErr  string
	clientGen  int
	unsub      func()
	brkTicking bool // the open-state countdown is redrawing
	brkCh      <-chan api.BreakerSnapshot

	action *schema.Action
	recent []finder.ChosenMsg

	sending   bool
	sendStart time.Time
	cancel    context.CancelFunc
	seq       int
	lastSig   *api.SignatureTrace
	sigNote   string // why the signature shown is not the one sent
	sigOff    int    // scroll offset of the signature screen
	blocked   string
	quitting  bool
}

// New builds the explorer. It performs no I/O.
func New(o Options) *Model {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.NewClient == nil {
		o.NewClient = DefaultClientFactory
	}
	if o.Settings.Method == "" {
		d := DefaultSettings()
		d.Region = o.Settings.Region
		if d.Region == "" {
			d.Region = "ap-guangzhou"
		}
		o.Settings = d
	}
	c := &Common{Styles: theme.NewStyles(theme.New(o.Dark, o.NoColor)), Width: 80, Height: 24, Now: o.Now}
	set := o.Settings
	m := &Model{c: c, keys: DefaultKeyMap(), help: help.New(), opts: o, reg: o.Registry, mk: o.NewClient, set: &set}
	m.styleHelp()
	m.profiles = profilesPane{c: c, items: o.Profiles, checks: map[string]string{}}
	m.finder = finder.New(c.Styles, o.Registry)
	m.form = form.New(c.Styles)
	m.resp = newResponsePane(c)
	m.hist = newHistoryPane(c)
	m.settings = settingsPane{c: c, s: m.set}
	m.picker = newRegionPicker(c)
	m.snips = snippetPicker{c: c}
	m.brk = breakerPanel{c: c}
	m.spin = spinner.New(spinner.WithSpinner(spinner.Dot), spinner.WithStyle(c.Styles.Accent))
	m.profile = -1
	for i, p := range o.Profiles {
		if p.Name == o.Profile {
			m.profile = i
		}
	}
	if m.profile < 0 { // the first usable one
		m.profile = 0
		for i, p := range o.Profiles {
			if p.Provider != nil {
				m.profile = i
				break
			}
		}
	}
	m.profiles.active, m.profiles.cursor = m.profile, m.profile
	if p, ok := m.currentProfile(); ok && p.Region != "" && o.Settings.Region == "" {
		m.set.Region = p.Region
	}
	m.buildClient()
	m.screen = scrFinder
	if len(o.Profiles) > 1 && o.Profile == "" {
		m.screen = scrProfiles
	}
	if o.Action != "" {
		f := strings.Fields(o.Action)
		if len(f) == 2 {
			m.chooseAction(finder.ChosenMsg{Product: f[0], Action: f[1]})
		}
	}
	m.layout()
	return m
}

func (m *Model) currentProfile() (Profile, bool) {
	if m.profile >= 0 && m.profile < len(m.opts.Profiles) {
		return m.opts.Profiles[m.profile], true
	}
	return Profile{}, false
}

// buildClient replaces the client after a profile or settings change. The
// old breaker subscription is cancelled; the new one starts in Init/Update.
func (m *Model) buildClient() {
	if m.unsub != nil {
		m.unsub()
		m.unsub = nil
	}
	if m.client != nil {
		m.client.Close()
	}
	m.client, m.brkCh = nil, nil
	m.clientGen++
	m.brkTicking = false
	m.brk.on, m.brk.has = m.set.Breaker, false
	m.brk.hosts = [2]string{}
	if p, ok := m.currentProfile(); ok {
		m.brk.hosts = [2]string{p.Endpoint, p.Backup}
	}
	p, ok := m.currentProfile()
	if !ok {
		m.clientErr = "no profile: set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY, or start with --sandbox"
		return
	}
	c, err := m.mk(p, *m.set)
	if err != nil {
		m.clientErr = err.Error()
		return
	}
	m.client, m.clientErr = c, ""
	if b := c.Breaker(); b != nil {
		m.brkCh, m.unsub = b.Subscribe()
		m.brk.profile = b.Profile()
	}
}

// breakerCmds starts listening to the current client's breaker.
func (m *Model) breakerCmds() tea.Cmd {
	if m.client == nil || m.client.Breaker() == nil {
		return nil
	}
	b, gen := m.client.Breaker(), m.clientGen
	return tea.Batch(waitBreaker(gen, m.brkCh), func() tea.Msg { return breakerMsg{gen: gen, snap: b.Snapshot()} })
}

// Init starts the breaker subscription and asks for the background colour.
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor, m.breakerCmds()}
	if m.opts.Banner != "" {
		cmds = append(cmds, func() tea.Msg { return status.Note{Text: m.opts.Banner, Level: status.Warn, TTL: 15 * time.Second} })
	}
	if m.clientErr != "" {
		cmds = append(cmds, status.Cmd(status.Error, m.clientErr))
	}
	if m.opts.History != nil {
		cmds = append(cmds, loadHistory(m.opts.History))
	}
	return tea.Batch(cmds...)
}

// typing reports whether the focused pane has a text input, so letter keys
// belong to it.
func (m *Model) typing() bool {
	switch {
	case m.picker.open, m.snips.open:
		return true
	case m.screen == scrFinder:
		return true
	case m.screen == scrParams:
		return m.form.Typing()
	case m.screen == scrResponse:
		return m.resp.typing()
	}
	return false
}

// Update routes messages.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.c.Width, m.c.Height = msg.Width, msg.Height
		m.layout()
		return m, nil
	case tea.BackgroundColorMsg:
		*m.c.Styles = *theme.NewStyles(theme.New(msg.IsDark(), m.opts.NoColor))
		m.spin.Style = m.c.Styles.Accent
		m.styleHelp()
		return m, nil
	case status.Note:
		return m, m.note.Set(msg)
	case spinner.TickMsg:
		if !m.sending {
			return m, nil
		}
		var cmd tea.Cmd
		m.spin, cmd = m.spin.Update(msg)
		return m, cmd
	case breakerMsg:
		if msg.gen != m.clientGen {
			return m, nil
		}
		m.brk.set(msg.snap)
		var cmds []tea.Cmd
		if msg.sub {
			cmds = append(cmds, waitBreaker(m.clientGen, m.brkCh))
		}
		if msg.snap.State == api.BreakerOpen && !m.brkTicking {
			m.brkTicking = true
			gen := m.clientGen
			cmds = append(cmds, tea.Tick(time.Second, func(time.Time) tea.Msg { return breakerTickMsg{gen} }))
		}
		return m, tea.Batch(cmds...)
	case breakerTickMsg:
		if msg.gen != m.clientGen || m.brk.snap.State != api.BreakerOpen || m.client == nil {
			m.brkTicking = false
			return m, nil
		}
		gen := m.clientGen
		if !m.c.Now().Before(m.brk.snap.Expiry) {
			// the open period is over: read the breaker once so its
			// time-based move to half-open shows without a request
			b := m.client.Breaker()
			return m, func() tea.Msg { return breakerMsg{gen: gen, snap: b.Snapshot()} }
		}
		return m, tea.Tick(time.Second, func(time.Time) tea.Msg { return breakerTickMsg{gen} })
	case responseMsg:
		return m, m.finish(msg.r)
	case historyLoadedMsg:
		if msg.err != nil {
			return m, status.Cmd(status.Warn, "history: "+msg.err.Error())
		}
		m.hist.items = append(pastResults(msg.entries), m.hist.items...)
		return m, nil
	case checkMsg:
		if msg.err != nil {
			m.profiles.checks[msg.profile] = "✗ " + msg.err.Error()
			return m, status.Cmd(status.Error, "check failed: "+msg.err.Error())
		}
		m.profiles.checks[msg.profile] = msg.text
		return m, status.Cmd(status.Success, "credentials work: "+msg.text)
	case finder.ChosenMsg:
		return m, m.chooseAction(msg)
	case finder.BackMsg:
		m.back()
		return m, nil
	case useProfileMsg:
		m.profile = msg.index
		m.profiles.active = msg.index
		if p, ok := m.currentProfile(); ok && p.Region != "" {
			m.set.Region = p.Region
		}
		m.buildClient()
		cmd := m.breakerCmds()
		if m.clientErr != "" {
			return m, tea.Batch(cmd, status.Cmd(status.Error, m.clientErr))
		}
		m.screen = scrFinder
		return m, tea.Batch(cmd, m.finder.Focus(), status.Cmd(status.Success, "using profile "+m.opts.Profiles[m.profile].Name))
	case settingsChangedMsg:
		m.buildClient()
		return m, tea.Batch(m.breakerCmds(), m.persistSettings(), status.Cmd(status.Info, "settings applied"))
	case openRegionMsg:
		return m, m.picker.Open(m.set.Region)
	case regionChosenMsg:
		m.set.Region = msg.region
		m.buildClient()
		return m, tea.Batch(m.breakerCmds(), m.persistSettings(), status.Cmd(status.Success, "region "+msg.region))
	case snippetSavedMsg:
		if msg.err != nil {
			return m, status.Cmd(status.Error, "saving the snippet: "+msg.err.Error())
		}
		return m, status.Cmd(status.Success, "saved snippet "+msg.name+" → "+msg.path)
	case snippetsListedMsg:
		if msg.err != nil {
			return m, status.Cmd(status.Error, "reading snippets: "+msg.err.Error())
		}
		m.snips.entries, m.snips.cursor, m.snips.open = msg.entries, 0, true
		return m, nil
	case loadSnippetMsg:
		return m, fillSnippet(msg.s, m.reg, m.opts.LookupEnv)
	case snippetFilledMsg:
		if msg.err != nil {
			return m, status.Cmd(status.Error, "snippet: "+msg.err.Error())
		}
		return m, m.loadSnippet(msg.s, msg.missing)
	case reopenMsg:
		m.resp.set(msg.r)
		m.signatureOf(msg.r)
		m.screen = scrResponse
		return m, nil
	case resendMsg:
		return m, m.resend(msg.r)
	case tea.KeyPressMsg:
		return m, m.handleKey(msg)
	case tea.MouseClickMsg:
		if s, ok := m.tabAt(msg.Mouse().X, msg.Mouse().Y); ok {
			if s == scrFinder {
				return m, m.openFinder()
			}
			m.show(s)
		}
		return m, nil
	case tea.MouseWheelMsg:
		if m.screen == scrResponse {
			var cmd tea.Cmd
			m.resp, cmd = m.resp.Update(msg)
			return m, cmd
		}
		return m, nil
	}
	m.note.Update(msg)
	return m, m.routeToPane(msg)
}

func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.ForceQuit):
		return m.quit()
	case m.picker.open:
		var cmd tea.Cmd
		m.picker, cmd = m.picker.Update(msg)
		return cmd
	case m.snips.open:
		var cmd tea.Cmd
		m.snips, cmd = m.snips.Update(msg)
		return cmd
	case m.showHelp:
		m.showHelp = false
		return nil
	case m.sending && key.Matches(msg, k.Cancel):
		m.cancel()
		return status.Cmd(status.Warn, "cancelling…")
	case key.Matches(msg, k.Send):
		return m.send()
	case key.Matches(msg, k.SaveSnippet) && (msg.String() == "ctrl+s" || !m.typing()):
		return m.saveSnippet()
	case key.Matches(msg, k.FindAnywhere):
		return m.openFinder()
	}
	if !m.typing() {
		for _, j := range []struct {
			b  key.Binding
			to screen
		}{{k.Profiles, scrProfiles}, {k.Params, scrParams}, {k.Response, scrResponse}, {k.Signature, scrSignature}, {k.History, scrHistory}, {k.Settings, scrSettings}} {
			if key.Matches(msg, j.b) {
				m.show(j.to)
				return nil
			}
		}
		switch {
		case key.Matches(msg, k.Quit):
			return m.quit()
		case key.Matches(msg, k.Help):
			m.showHelp = true
			return nil
		case key.Matches(msg, k.Find) && m.screen != scrResponse:
			return m.openFinder()
		case key.Matches(msg, k.Breaker):
			m.wideBreaker = !m.wideBreaker
			m.layout()
			return nil
		case key.Matches(msg, k.OpenSnippet):
			if m.opts.Snippets == nil {
				return status.Cmd(status.Warn, "no snippet folder")
			}
			return listSnippets(m.opts.Snippets)
		case m.screen == scrProfiles && msg.String() == "c":
			return m.check()
		case m.screen == scrProfiles && msg.String() == "r":
			return m.picker.Open(m.set.Region)
		case key.Matches(msg, k.Back) && m.screen != scrResponse && m.screen != scrHistory:
			m.back()
			return nil
		}
	}
	return m.routeToPane(msg)
}

func (m *Model) routeToPane(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	switch m.screen {
	case scrProfiles:
		m.profiles, cmd = m.profiles.Update(msg)
	case scrFinder:
		m.finder, cmd = m.finder.Update(msg)
	case scrParams:
		m.form, cmd = m.form.Update(msg)
	case scrResponse:
		if kp, ok := msg.(tea.KeyPressMsg); ok && !m.resp.typing() && key.Matches(kp, m.keys.Back) && !m.resp.view.Active() {
			m.back()
			return nil
		}
		m.resp, cmd = m.resp.Update(msg)
	case scrHistory:
		if kp, ok := msg.(tea.KeyPressMsg); ok && key.Matches(kp, m.keys.Back) && m.hist.diff == nil {
			m.back()
			return nil
		}
		m.hist, cmd = m.hist.Update(msg)
	case scrSettings:
		m.settings, cmd = m.settings.Update(msg)
	case scrSignature:
		if kp, ok := msg.(tea.KeyPressMsg); ok {
			switch kp.String() {
			case "down", "j":
				m.sigOff++
			case "up", "k":
				m.sigOff = max(m.sigOff-1, 0)
			}
		}
	}
	return cmd
}

func (m *Model) show(s screen) {
	if s != m.screen {
		m.prev, m.screen = m.screen, s
	}
	m.layout()
}

func (m *Model) back() {
	switch m.screen {
	case scrFinder:
		if m.action != nil {
			m.show(scrParams)
		} else {
			m.show(scrProfiles)
		}
	case scrParams:
		m.show(scrFinder)
	case scrResponse, scrSignature, scrHistory, scrSettings:
		if m.action != nil {
			m.show(scrParams)
		} else {
			m.show(scrFinder)
		}
	}
}

func (m *Model) openFinder() tea.Cmd {
	m.show(scrFinder)
	return m.finder.Focus()
}

func (m *Model) quit() tea.Cmd {
	m.quitting = true
	if m.cancel != nil {
		m.cancel()
	}
	if m.unsub != nil {
		m.unsub()
		m.unsub = nil
	}
	return tea.Quit
}

// chooseAction loads an action into the form (decoding its product version
// from the embedded bundle on first use: CPU work, no I/O).
func (m *Model) chooseAction(c finder.ChosenMsg) tea.Cmd {
	if m.reg == nil {
		return status.Cmd(status.Error, "no schema loaded")
	}
	a, err := m.reg.Action(c.Product, c.Version, c.Action)
	if err != nil {
		return status.Cmd(status.Error, err.Error())
	}
	m.action = a
	m.form.SetAction(a)
	ref := finder.ChosenMsg{Product: a.Product, Version: a.Version, Action: a.Name}
	rec := []finder.ChosenMsg{ref}
	for _, r := range m.recent {
		if r != ref && len(rec) < 8 {
			rec = append(rec, r)
		}
	}
	m.recent = rec
	m.finder.SetRecent(rec)
	m.show(scrParams)
	return nil
}

// send checks the form and starts the request in a command.
func (m *Model) send() tea.Cmd {
	if m.sending {
		return status.Cmd(status.Warn, "a request is in flight: esc cancels it")
	}
	if m.action == nil {
		return status.Cmd(status.Warn, "choose an action first: press /")
	}
	if m.client == nil {
		return status.Cmd(status.Error, "cannot send: "+m.clientErr)
	}
	if names := unfilled(m.form.Params()); len(names) > 0 {
		m.show(scrParams)
		return status.Cmd(status.Warn, "not sent: "+dollarNames(names)+" has no value — set "+names[0]+" and reopen the snippet (O), or edit the form")
	}
	probs := m.form.Check()
	var blocking []string
	for _, p := range probs {
		if p.Code != "UnknownParameter" {
			blocking = append(blocking, p.Message)
		}
	}
	pj := m.form.ParamsJSON()
	if len(blocking) > 0 && m.blocked != pj {
		m.blocked = pj
		m.show(scrParams)
		more := ""
		if len(blocking) > 1 {
			more = fmt.Sprintf(" (+%d more)", len(blocking)-1)
		}
		return status.Cmd(status.Warn, "not sent: "+blocking[0]+more+" — fix it, or press ctrl+r again to send anyway")
	}
	m.blocked = ""
	a := m.action
	req := &api.Request{Service: a.Product, Version: a.Version, Action: a.Name, Region: m.set.Region, Params: m.form.Params(), SkipSign: a.SkipSign}
	return m.start(req)
}

func (m *Model) start(req *api.Request) tea.Cmd {
	ctx, cancel := context.WithCancel(context.Background())
	m.cancel = cancel
	m.sending = true
	m.sendStart = m.c.Now()
	m.seq++
	seq, client, start := m.seq, m.client, m.sendStart
	profile := ""
	if p, ok := m.currentProfile(); ok {
		profile = p.Name
	}
	call := func() tea.Msg {
		t0 := time.Now()
		resp, err := client.Call(ctx, req)
		var failed *api.SignatureTrace // what the server checked on the failing attempt
		if e, ok := api.AsError(err); ok {
			failed = e.Signature
		}
		if err != nil && ctx.Err() != nil {
			err = errCancelled
		}
		r := &result{seq: seq, req: req, profile: profile, resp: resp, err: err, at: start, elapsed: time.Since(t0), failedSig: failed}
		if err != nil && err != errCancelled && failed == nil {
			// it failed before signing (credentials, a malformed request):
			// signing now is the best the signature screen can show
			if sr, serr := client.Sign(ctx, req, api.SignOptions{}); serr == nil {
				r.resigned = sr.Trace
			}
		}
		cancel()
		return responseMsg{r}
	}
	return tea.Batch(m.spin.Tick, call)
}

// finish records a result and shows it.
func (m *Model) finish(r *result) tea.Cmd {
	if r.seq == m.seq {
		m.sending = false
	}
	m.hist.add(r)
	m.resp.set(r)
	m.signatureOf(r)
	m.show(scrResponse)
	var rec tea.Cmd
	if m.opts.History != nil && !errors.Is(r.err, errCancelled) {
		rec = recordHistory(m.opts.History, r, m.snippetOverrides())
	}
	if r.ok() {
		return tea.Batch(rec, status.Cmd(status.Success, fmt.Sprintf("%s %d in %s · RequestId %s", r.req.Action, r.resp.Status, r.resp.Latency.Round(time.Millisecond), r.resp.RequestID)))
	}
	return tea.Batch(rec, status.Cmd(status.Error, r.code()))
}

// persistSettings saves the settings when the caller keeps them.
func (m *Model) persistSettings() tea.Cmd {
	if m.opts.SaveSettings == nil {
		return nil
	}
	return saveSettings(m.opts.SaveSettings, *m.set)
}

// signatureOf points the signature screen at r's signature: the one sent,
// the failing attempt's, or (failed before signing) the request signed now.
func (m *Model) signatureOf(r *result) {
	switch {
	case r.ok() && r.resp.Signature != nil:
		m.lastSig, m.sigNote, m.sigOff = r.resp.Signature, "", 0
	case r.failedSig != nil:
		m.lastSig, m.sigOff = r.failedSig, 0
		m.sigNote = "the signature of the failing attempt (" + r.code() + "): exactly what the server checked"
	case r.past != nil:
		m.lastSig, m.sigOff = nil, 0 // an earlier session's signature is not kept
	case r.resigned != nil:
		m.lastSig, m.sigOff = r.resigned, 0
		m.sigNote = "the call failed before it was signed: this is the same request signed now (new timestamp, primary host)"
	}
}

// resend loads a past request into the form and sends it again.
func (m *Model) resend(r *result) tea.Cmd {
	if m.client == nil {
		return status.Cmd(status.Error, "cannot send: "+m.clientErr)
	}
	if a, err := m.reg.Action(r.req.Service, r.req.Version, r.req.Action); err == nil {
		m.action = a
		m.form.SetAction(a)
		if b, err := json.Marshal(r.req.Params); err == nil {
			d := json.NewDecoder(bytes.NewReader(b))
			d.UseNumber()
			var p map[string]any
			if d.Decode(&p) == nil {
				m.form.SetParams(p)
			}
		}
	}
	req := *r.req
	return m.start(&req)
}

// check runs GetCallerIdentity for the highlighted profile.
func (m *Model) check() tea.Cmd {
	i := m.profiles.cursor
	if i >= len(m.opts.Profiles) {
		return nil
	}
	p := m.opts.Profiles[i]
	c, temp := m.client, false
	if i != m.profile || c == nil {
		var err error
		if c, err = m.mk(p, *m.set); err != nil {
			return status.Cmd(status.Error, err.Error())
		}
		temp = true
	}
	return tea.Batch(status.Cmd(status.Info, "calling sts GetCallerIdentity as "+p.Name+"…"), checkIdentity(context.Background(), c, p.Name, temp))
}

// saveSnippet saves the form's request as a snippet (in a command).
func (m *Model) saveSnippet() tea.Cmd {
	if m.opts.Snippets == nil {
		return status.Cmd(status.Warn, "no snippet folder")
	}
	if m.action == nil {
		return status.Cmd(status.Warn, "choose an action first: press /")
	}
	a := m.action
	req := &api.Request{Service: a.Product, Version: a.Version, Action: a.Name, Region: m.set.Region, Params: m.form.Params()}
	return saveSnippet(m.opts.Snippets, req, m.snippetOverrides())
}

// snippetOverrides are the settings and profile a saved request (a snippet
// or a history entry) carries: the profile's name, never its credential.
func (m *Model) snippetOverrides() snippet.Overrides {
	o := snippet.Overrides{Method: m.set.Method, SignMethod: m.set.SignMethod, Language: m.set.Language}
	if p, ok := m.currentProfile(); ok && !p.Sandbox {
		o.Profile = p.Name
	} else if ok {
		o.Endpoint = p.Endpoint
	}
	return o
}

// styleHelp gives the help model the theme's key and description styles.
func (m *Model) styleHelp() {
	s := m.c.Styles
	m.help.Styles.ShortKey, m.help.Styles.ShortDesc = s.HelpKey, s.HelpDesc
	m.help.Styles.FullKey, m.help.Styles.FullDesc = s.HelpKey, s.HelpDesc
	m.help.Styles.ShortSeparator, m.help.Styles.FullSeparator = s.Faint, s.Faint
}
