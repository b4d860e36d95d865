package snippet

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/tcx-dev/tcx/internal/atomicfile"
	"github.com/tcx-dev/tcx/internal/xdg"
)

// Ext is the file extension of snippets in a store.
const Ext = ".yaml"

// DefaultDir is where snippets live: $XDG_DATA_HOME/tcx/snippets, else
// ~/.local/share/tcx/snippets. getenv is the environment (os.Getenv).
func DefaultDir(getenv func(string) string) (string, error) {
	d, err := xdg.DataDir(getenv)
	if err != nil {
		return "", fmt.Errorf("snippets: %w", err)
	}
	return filepath.Join(d, "snippets"), nil
}

// Store is a folder of snippet files, one "<name>.yaml" per snippet.
// The zero value is not usable; set Dir (see DefaultDir).
type Store struct {
	Dir string
}

// Entry is one snippet in a listing. Err is set (and Snippet nil) when the
// file could not be loaded; the listing still shows it.
type Entry struct {
	Name    string
	Path    string
	Snippet *Snippet
	Err     error
}

// Path is the file a snippet called name is stored in.
func (st Store) Path(name string) string { return filepath.Join(st.Dir, name+Ext) }

// List returns every snippet in the store, sorted by name. A missing folder
// is an empty store.
func (st Store) List() ([]Entry, error) {
	des, err := os.ReadDir(st.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("snippets: %w", err)
	}
	var out []Entry
	for _, de := range des {
		n := de.Name()
		if de.IsDir() || strings.HasPrefix(n, ".") || !(strings.HasSuffix(n, ".yaml") || strings.HasSuffix(n, ".yml")) {
			continue
		}
		p := filepath.Join(st.Dir, n)
		e := Entry{Name: strings.TrimSuffix(strings.TrimSuffix(n, ".yaml"), ".yml"), Path: p}
		// The name is the file's: it is what Load, replay and export take,
		// even when the file's own name: field says otherwise.
		e.Snippet, e.Err = LoadFile(p)
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// Load reads the snippet called name from the store.
func (st Store) Load(name string) (*Snippet, error) {
	if err := ValidName(name); err != nil {
		return nil, err
	}
	s, err := LoadFile(st.Path(name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("no snippet %q in %s (tcx snippets lists them)", name, st.Dir)
	}
	return s, err
}

// Save writes s as "<s.Name>.yaml", atomically, mode 0600, creating the
// folder (0700) if needed. It returns the path written.
func (st Store) Save(s *Snippet) (string, error) {
	if err := ValidName(s.Name); err != nil {
		return "", err
	}
	if err := os.MkdirAll(st.Dir, 0o700); err != nil {
		return "", fmt.Errorf("snippets: %w", err)
	}
	p := st.Path(s.Name)
	return p, SaveFile(p, s)
}

// Delete removes the snippet called name.
func (st Store) Delete(name string) error {
	if err := ValidName(name); err != nil {
		return err
	}
	if err := os.Remove(st.Path(name)); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("no snippet %q in %s", name, st.Dir)
		}
		return fmt.Errorf("snippets: %w", err)
	}
	return nil
}

// Resolve loads a snippet given as a file path or a store name: an argument
// with a path separator or a .yaml/.yml/.json ending, or naming an existing
// file, is a file; anything else is a name in the store. It returns where
// the snippet came from.
func (st Store) Resolve(arg string) (*Snippet, string, error) {
	isFile := strings.ContainsRune(arg, os.PathSeparator) || strings.ContainsRune(arg, '/') ||
		strings.HasSuffix(arg, ".yaml") || strings.HasSuffix(arg, ".yml") || strings.HasSuffix(arg, ".json")
	if !isFile {
		if fi, err := os.Stat(arg); err == nil && fi.Mode().IsRegular() {
			isFile = true
		}
	}
	if isFile {
		s, err := LoadFile(arg)
		return s, arg, err
	}
	s, err := st.Load(arg)
	return s, st.Path(arg), err
}

// LoadFile reads and parses one snippet file (see Parse).
func LoadFile(path string) (*Snippet, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	s, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// SaveFile writes s to path atomically with mode 0600 (see
// internal/atomicfile). It refuses a snippet that carries a credential.
func SaveFile(path string, s *Snippet) error {
	b, err := Marshal(s)
	if err != nil {
		return err
	}
	return atomicfile.Write(path, b, 0o600)
}

// SuggestName proposes a free name for a new snippet of product and action
// ("cvm-DescribeInstances", then "cvm-DescribeInstances-2" …), for the
// explorer's save prompt.
func (st Store) SuggestName(product, action string) string {
	clean := func(s string) string {
		return strings.Map(func(r rune) rune {
			switch {
			case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
				return r
			}
			return -1
		}, s)
	}
	base := strings.Trim(clean(product)+"-"+clean(action), "-")
	if base == "" {
		base = "snippet"
	}
	if len(base) > 100 {
		base = base[:100]
	}
	name := base
	for i := 2; ; i++ {
		if _, err := os.Stat(st.Path(name)); errors.Is(err, fs.ErrNotExist) {
			return name
		}
		name = fmt.Sprintf("%s-%d", base, i)
	}
}
