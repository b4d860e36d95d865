package snippet

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/tcx-dev/tcx/internal/atomicfile"
	"github.com/tcx-dev/tcx/internal/xdg"
)

// HistoryEntry is one request the explorer sent, kept across sessions: the
// request as a snippet (so it can be re-sent or saved as one) and how it
// ended. It never holds a credential: Append redacts secret-bearing values.
type HistoryEntry struct {
	At        time.Time `yaml:"at"`
	Request   *Snippet  `yaml:"request"`
	Status    int       `yaml:"status,omitempty"`     // HTTP status; 0 when no answer arrived
	Code      string    `yaml:"code,omitempty"`       // the error code; "" for success
	RequestID string    `yaml:"request_id,omitempty"` // the service's RequestId
	LatencyMS int64     `yaml:"latency_ms,omitempty"`
}

// historyFile is the on-disk shape, versioned like snippets.
type historyFile struct {
	Version int            `yaml:"version"`
	Entries []HistoryEntry `yaml:"entries"`
}

// DefaultHistoryMax is how many entries a History keeps when Max is 0.
const DefaultHistoryMax = 200

// Redacted replaces the value of a field that would hold a credential.
const Redacted = "<redacted>"

// History is the explorer's request history in one YAML file, newest last.
// The file is rewritten atomically (temp file + rename, mode 0600) on every
// Append, so a crash never leaves half a history.
type History struct {
	Path string
	Max  int // entries kept; 0 means DefaultHistoryMax
}

// DefaultHistoryPath is $XDG_STATE_HOME/tcx/history.yaml, else
// ~/.local/state/tcx/history.yaml. getenv is the environment (os.Getenv).
func DefaultHistoryPath(getenv func(string) string) (string, error) {
	d, err := xdg.StateDir(getenv)
	if err != nil {
		return "", fmt.Errorf("history: %w", err)
	}
	return filepath.Join(d, "history.yaml"), nil
}

// Load returns the entries, oldest first. A missing file is an empty
// history; a damaged one is an error naming the file, so the caller can say
// so and carry on with an empty history.
func (h History) Load() ([]HistoryEntry, error) {
	b, err := os.ReadFile(h.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("history %s: %w", h.Path, err)
	}
	var f historyFile
	if err := yaml.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("history %s is damaged (%v): move it away to start a new one", h.Path, err)
	}
	if f.Version != FormatVersion {
		return nil, fmt.Errorf("history %s has version %d; this tcx reads version %d", h.Path, f.Version, FormatVersion)
	}
	out := f.Entries[:0]
	for _, e := range f.Entries {
		if e.Request != nil { // a hand-edited entry without a request is dropped
			out = append(out, e)
		}
	}
	return out, nil
}

// Append adds e (with credentials redacted) and keeps the newest Max
// entries. A damaged file is replaced rather than blocking the history.
func (h History) Append(e HistoryEntry) error {
	if e.Request == nil {
		return errors.New("history: an entry needs a request")
	}
	entries, err := h.Load()
	if err != nil {
		entries = nil
	}
	req := *e.Request
	req.Params, _ = redactSecrets(req.Params).(map[string]any)
	if len(req.Headers) > 0 {
		hs := make(map[string]string, len(req.Headers))
		for k, v := range req.Headers {
			if secretName(k) != "" || credentialValue.MatchString(v) {
				v = Redacted
			}
			hs[k] = v
		}
		req.Headers = hs
	}
	req.Version = FormatVersion
	e.Request = &req
	entries = append(entries, e)
	max := h.Max
	if max <= 0 {
		max = DefaultHistoryMax
	}
	if len(entries) > max {
		entries = entries[len(entries)-max:]
	}
	b, err := yaml.Marshal(historyFile{Version: FormatVersion, Entries: entries})
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(h.Path), 0o700); err != nil {
		return fmt.Errorf("history: %w", err)
	}
	return atomicfile.Write(h.Path, b, 0o600)
}

// redactSecrets copies v, replacing the values of credential-bearing keys
// (the same rule that makes a snippet refuse them) and signature-looking
// strings with Redacted.
func redactSecrets(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			if secretName(k) != "" && !emptyValue(e) {
				out[k] = Redacted
				continue
			}
			out[k] = redactSecrets(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = redactSecrets(e)
		}
		return out
	case string:
		if credentialValue.MatchString(x) {
			return Redacted
		}
	}
	return v
}
