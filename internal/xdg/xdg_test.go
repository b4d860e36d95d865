package xdg

import "testing"

func TestDirsFollowXDGThenHome(t *testing.T) {
	env := map[string]string{"HOME": "/home/u", "XDG_DATA_HOME": "/x/data", "XDG_STATE_HOME": "relative/ignored"}
	get := func(k string) string { return env[k] }
	for name, c := range map[string]struct {
		f    func(func(string) string) (string, error)
		want string
	}{
		"data from XDG":           {DataDir, "/x/data/tcx"},
		"state: relative ignored": {StateDir, "/home/u/.local/state/tcx"},
		"config from HOME":        {ConfigDir, "/home/u/.config/tcx"},
	} {
		if got, err := c.f(get); err != nil || got != c.want {
			t.Errorf("%s: %q %v, want %q", name, got, err, c.want)
		}
	}
}
