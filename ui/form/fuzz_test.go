package form

import (
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// FuzzRawJSON feeds any text to the raw editor's parser and the tree: it
// must never panic, and whatever parses must survive a round trip.
func FuzzRawJSON(f *testing.F) {
	for _, s := range []string{`{}`, `{"Limit":1}`, `{"Filters":[{"Name":"zone","Values":["a"]}]}`,
		`{"Filters":{"x":1}}`, `{"InstanceIds":"x"}`, `{"Filters":[1,null,[]]}`, `[1]`, `{"Limit":1e400}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		m := newForm()
		if err := m.SetParamsJSON(text); err != nil {
			return
		}
		_ = ansi.Strip(m.View())
		_ = m.Check()
		first := m.ParamsJSON()
		if err := m.SetParamsJSON(first); err != nil {
			t.Fatalf("own output does not parse: %v\n%s", err, first)
		}
		if again := m.ParamsJSON(); again != first {
			t.Fatalf("round trip changed:\n%s\n%s", first, again)
		}
	})
}
