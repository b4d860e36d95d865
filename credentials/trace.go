package credentials

import (
	"fmt"
	"strings"
	"time"
)

// Outcome is what one step of the chain concluded.
type Outcome string

// Outcomes of a step.
const (
	// Found: this source produced the credential.
	Found Outcome = "found"
	// Skipped: the source is not configured here; the chain moved on.
	Skipped Outcome = "skipped"
	// Failed: the source is configured but broken; the chain stopped so that
	// a later source never silently signs with another key.
	Failed Outcome = "failed"
	// NotTried: an earlier step decided.
	NotTried Outcome = "not tried"
)

// Source names, as they appear in a Step and a Winner.
const (
	SourceStatic  = "static"
	SourceEnv     = "env"
	SourceIni     = "ini"
	SourceTccli   = "tccli"
	SourceCVMRole = "cvm-role"
	SourceTKEOIDC = "tke-oidc"
)

// Step is one source the chain looked at.
type Step struct {
	Source  string   `json:"source"`
	Looked  []string `json:"looked,omitempty"` // env var names, file paths, URLs
	Outcome Outcome  `json:"outcome"`
	Reason  string   `json:"reason"`
	// Warnings are problems that did not stop the step: a look-alike
	// variable, a world-readable file, an unknown key.
	Warnings []string `json:"warnings,omitempty"`
}

// Winner describes the credential the chain chose, without secrets.
type Winner struct {
	Source   string    `json:"source"`    // SourceEnv …
	Kind     string    `json:"kind"`      // "long-term", "temporary", "assume-role", "cvm-role", "oidc", "oauth"
	Profile  string    `json:"profile"`   // ini section or tccli profile ("" for env and roles)
	Where    string    `json:"where"`     // the Credential.Source text
	MaskedID string    `json:"masked_id"` // AKID…1a2b
	Token    bool      `json:"token"`     // a session token is present
	Expires  time.Time `json:"expires"`   // zero for long-term keys
	Region   string    `json:"region"`    // the region the source suggests
	RoleArn  string    `json:"role_arn,omitempty"`
}

// Trace is the explanation of one resolution.
type Trace struct {
	// Profile is the profile name asked for and where that name came from.
	Profile     string  `json:"profile"`
	ProfileFrom string  `json:"profile_from"` // "--profile", "TENCENTCLOUD_PROFILE", "TCCLI_PROFILE", "default"
	Steps       []Step  `json:"steps"`
	Winner      *Winner `json:"winner,omitempty"`
}

// Warnings returns every warning of every step, prefixed with its source.
func (t Trace) Warnings() []string {
	var out []string
	for _, s := range t.Steps {
		for _, w := range s.Warnings {
			out = append(out, s.Source+": "+w)
		}
	}
	return out
}

// String renders the trace for people, one step a line.
func (t Trace) String() string {
	var b strings.Builder
	if t.Profile != "" {
		fmt.Fprintf(&b, "profile %q (from %s)\n", t.Profile, t.ProfileFrom)
	}
	for i, s := range t.Steps {
		fmt.Fprintf(&b, "%d. %-8s %-9s %s\n", i+1, s.Source, s.Outcome, s.Reason)
		if len(s.Looked) > 0 {
			fmt.Fprintf(&b, "   looked: %s\n", strings.Join(s.Looked, ", "))
		}
		for _, w := range s.Warnings {
			fmt.Fprintf(&b, "   warning: %s\n", w)
		}
	}
	if w := t.Winner; w != nil {
		fmt.Fprintf(&b, "using %s", w.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// String describes the winner in one line.
func (w Winner) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s) from %s", w.MaskedID, w.Kind, w.Where)
	if w.Token {
		b.WriteString(", with token")
	}
	if !w.Expires.IsZero() {
		fmt.Fprintf(&b, ", expires %s", w.Expires.UTC().Format(time.RFC3339))
	}
	if w.Region != "" {
		fmt.Fprintf(&b, ", region %s", w.Region)
	}
	return b.String()
}

// ChainError is returned when no source produced a credential. It lists
// every step and why it did not apply; errors.As gives the Trace.
type ChainError struct {
	Trace Trace
	// Err is the failure that stopped the chain, nil when every source was
	// simply absent.
	Err error
}

func (e *ChainError) Error() string {
	var b strings.Builder
	if e.Err != nil {
		fmt.Fprintf(&b, "no usable credential: %v\n", e.Err)
	} else {
		b.WriteString("no credential found; set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY, write ~/.tencentcloud/credentials, or run on a CVM with a role\n")
	}
	b.WriteString("tried:\n")
	for _, s := range e.Trace.Steps {
		fmt.Fprintf(&b, "  %-8s %-9s %s", s.Source, s.Outcome, s.Reason)
		if len(s.Looked) > 0 {
			fmt.Fprintf(&b, " [%s]", strings.Join(s.Looked, ", "))
		}
		b.WriteByte('\n')
	}
	return strings.TrimRight(b.String(), "\n")
}

// Unwrap returns the failure that stopped the chain.
func (e *ChainError) Unwrap() error { return e.Err }

// FileError is a credentials file that cannot be used: unreadable or
// malformed. It names the file and, when known, the line; it never quotes
// the line (it may hold a key).
type FileError struct {
	Path    string
	Line    int // 1-based; 0 when unknown
	Column  int // 1-based; 0 when unknown
	Problem string
}

func (e *FileError) Error() string {
	switch {
	case e.Line > 0 && e.Column > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Line, e.Column, e.Problem)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Problem)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Problem)
}

// errNotConfigured marks a source that is simply absent: the chain skips it.
type notConfigured struct{ reason string }

func (e *notConfigured) Error() string { return e.reason }

func skip(format string, a ...any) error { return &notConfigured{reason: fmt.Sprintf(format, a...)} }

// Lines is String split into lines, for a UI that lays them out itself.
func (t Trace) Lines() []string {
	return strings.Split(strings.TrimRight(t.String(), "\n"), "\n")
}
