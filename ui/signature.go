package ui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tcx-dev/tcx/api"
)

// signatureView renders the signature intermediates of the last request:
// canonical request, string to sign, scope and Authorization. The trace
// never holds the secret key.
func signatureView(c *Common, tr *api.SignatureTrace, note string, w, h, off int) string {
	s := c.Styles
	if tr == nil {
		return s.Faint.Render("No signed request yet: the signature of the last request (or of its failing attempt) shows here.")
	}
	var lines []string
	add := func(title string, body string) {
		lines = append(lines, s.Title.Render(title))
		for _, l := range strings.Split(body, "\n") {
			lines = append(lines, "  "+ansi.Truncate(l, w-2, "…"))
		}
		lines = append(lines, "")
	}
	lines = append(lines, s.Faint.Render(ansi.Truncate(fmt.Sprintf("%s · %s %s · timestamp %d · key %s", tr.Method, tr.HTTPMethod, tr.URL, tr.Timestamp, tr.MaskedID), w, "…")))
	if note != "" {
		for _, l := range strings.Split(lipgloss.Wrap("! "+note, w, " "), "\n") {
			lines = append(lines, s.Warning.Render(l))
		}
	}
	lines = append(lines, "")
	switch {
	case tr.TC3 != nil:
		t := tr.TC3
		add("Canonical request", t.CanonicalRequest)
		add("String to sign", t.StringToSign)
		add("Credential scope", t.CredentialScope)
		add("Signed headers", t.SignedHeaders)
		add("Authorization (secret id masked, secret key never held)", maskCredential(t.Authorization, tr.MaskedID))
	case tr.V1 != nil:
		add("String to sign", tr.V1.StringToSign)
		add("Signature", tr.V1.Signature)
	}
	off = max(min(off, len(lines)-h), 0)
	lines = lines[off:]
	if len(lines) > h {
		lines = lines[:h-1]
		lines = append(lines, s.Faint.Render("↓ more (j/↓)"))
	}
	return strings.Join(lines, "\n")
}

// maskCredential replaces the secret id in an Authorization value with its
// masked form, keeping the signature so it can be compared.
func maskCredential(auth, masked string) string {
	i := strings.Index(auth, "Credential=")
	if i < 0 {
		return auth
	}
	j := strings.IndexByte(auth[i:], '/')
	if j < 0 {
		return auth
	}
	return auth[:i] + "Credential=" + masked + auth[i+j:]
}
