package theme

import (
	"strings"
	"testing"
)

func TestNoColorUsesNoColourCodes(t *testing.T) {
	s := NewStyles(New(true, true))
	for name, out := range map[string]string{
		"error": s.Error.Render("x"), "key": s.JSON.Key.Render("x"), "selected": s.Selected.Render("x"),
		"open": s.StateOpen.Render("x"), "badge": s.SandboxBadge.Render("x"),
	} {
		if strings.Contains(out, "38;") || strings.Contains(out, "48;") {
			t.Errorf("%s has a colour code with NO_COLOR: %q", name, out)
		}
	}
}

func TestLightAndDarkDiffer(t *testing.T) {
	d, l := New(true, false), New(false, false)
	if d.Text == l.Text || d.Key == l.Key {
		t.Fatal("light and dark palettes should differ")
	}
}
