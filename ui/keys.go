package ui

import "charm.land/bubbles/v2/key"

// KeyMap holds the explorer-wide bindings. Letter bindings are off while a
// pane has a text input focused (see Model.typing); ctrl and alt bindings
// work everywhere. Send is ctrl+r ("run") and also alt+enter; ctrl+s saves a
// snippet (S is its letter alias, off while typing).
type KeyMap struct {
	Quit, ForceQuit, Help, Find, FindAnywhere, Back          key.Binding
	Profiles, Params, Response, Signature, History, Settings key.Binding
	Send, Cancel, Breaker                                    key.Binding
	SaveSnippet, OpenSnippet                                 key.Binding
}

// DefaultKeyMap returns the global bindings.
func DefaultKeyMap() KeyMap {
	b := func(keys []string, k, d string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, d))
	}
	return KeyMap{
		Quit:         b([]string{"q"}, "q", "quit"),
		ForceQuit:    b([]string{"ctrl+c"}, "ctrl+c", "quit"),
		Help:         b([]string{"?"}, "?", "help"),
		Find:         b([]string{"/"}, "/", "find action"),
		FindAnywhere: b([]string{"ctrl+k"}, "ctrl+k", "find (anywhere)"),
		Back:         b([]string{"esc"}, "esc", "back"),
		Profiles:     b([]string{"1"}, "1", "profiles"),
		Params:       b([]string{"2"}, "2", "parameters"),
		Response:     b([]string{"3"}, "3", "response"),
		Signature:    b([]string{"4"}, "4", "signature"),
		History:      b([]string{"5"}, "5", "history"),
		Settings:     b([]string{"6"}, "6", "settings"),
		Send:         b([]string{"ctrl+r", "alt+enter"}, "ctrl+r", "send"),
		Cancel:       b([]string{"esc"}, "esc", "cancel request"),
		Breaker:      b([]string{"b"}, "b", "breaker panel"),
		SaveSnippet:  b([]string{"ctrl+s", "S"}, "ctrl+s", "save"),
		OpenSnippet:  b([]string{"O"}, "O", "open a snippet"),
	}
}

// ShortHelp is the footer's global part.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Find, k.Send, k.SaveSnippet, k.Help, k.Quit}
}

// FullHelp groups the global bindings for the help overlay.
func (k KeyMap) FullHelp() [][]key.Binding {
	send, save := k.Send, k.SaveSnippet
	send.SetHelp("ctrl+r/alt+enter", "send")
	save.SetHelp("ctrl+s/S", "save as snippet")
	return [][]key.Binding{
		{k.Find, k.FindAnywhere, send, k.Cancel, k.Back, k.Breaker, k.Help, k.Quit},
		{k.Profiles, k.Params, k.Response, k.Signature, k.History, k.Settings, save, k.OpenSnippet},
	}
}
