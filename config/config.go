// Package config reads and writes tcx's own settings file:
// $XDG_CONFIG_HOME/tcx/config.yaml (else ~/.config/tcx/config.yaml). It holds
// preferences only — never a credential; profiles live in the credential
// files the official tools use. Writes are atomic (temp file + rename) with
// mode 0600.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/tcx-dev/tcx/internal/atomicfile"
	"github.com/tcx-dev/tcx/internal/xdg"
)

// Version is the file format this package reads and writes.
const Version = 1

// Config is the whole settings file.
type Config struct {
	Version int `yaml:"version"`
	// SchemaExtra are folders of extra API definitions in tccli's layout,
	// loaded by every command (like TCX_SCHEMA_EXTRA).
	SchemaExtra []string `yaml:"schema_extra,omitempty"`
	// Explorer is what the explorer's settings pane edits; it is saved when
	// a setting changes and restored at the next start.
	Explorer Explorer `yaml:"explorer,omitempty"`
}

// Explorer holds the explorer's request settings. Empty fields mean "the
// default" so that a file written by an older tcx stays valid.
type Explorer struct {
	Region     string        `yaml:"region,omitempty"`
	Method     string        `yaml:"method,omitempty"`      // POST or GET
	SignMethod string        `yaml:"sign_method,omitempty"` // TC3-HMAC-SHA256, HmacSHA256, HmacSHA1
	Language   string        `yaml:"language,omitempty"`    // zh-CN or en-US
	Breaker    *bool         `yaml:"breaker,omitempty"`
	Timeout    time.Duration `yaml:"timeout,omitempty"`
}

// DefaultPath is $XDG_CONFIG_HOME/tcx/config.yaml, else
// ~/.config/tcx/config.yaml. getenv is the environment (os.Getenv).
func DefaultPath(getenv func(string) string) (string, error) {
	d, err := xdg.ConfigDir(getenv)
	if err != nil {
		return "", fmt.Errorf("config: %w", err)
	}
	return filepath.Join(d, "config.yaml"), nil
}

// Load reads path. A missing file is the zero Config. A malformed file is an
// error that names the file and the line, and says how to recover.
func Load(path string) (Config, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Config{Version: Version}, nil
	}
	if err != nil {
		return Config{}, fmt.Errorf("config %s: %w", path, err)
	}
	var c Config
	if len(bytes.TrimSpace(b)) == 0 {
		return Config{Version: Version}, nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true) // a misspelt key is reported, not silently ignored
	if err := dec.Decode(&c); err != nil {
		return Config{}, fmt.Errorf("config %s: %s (fix the file or delete it to start over)", path, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if c.Version == 0 {
		c.Version = Version
	}
	if c.Version != Version {
		return Config{}, fmt.Errorf("config %s has version %d; this tcx reads version %d", path, c.Version, Version)
	}
	return c, c.check(path)
}

func (c Config) check(path string) error {
	e := c.Explorer
	switch strings.ToUpper(e.Method) {
	case "", "GET", "POST":
	default:
		return fmt.Errorf("config %s: explorer.method %q: use GET or POST", path, e.Method)
	}
	switch e.SignMethod {
	case "", "TC3-HMAC-SHA256", "HmacSHA256", "HmacSHA1":
	default:
		return fmt.Errorf("config %s: explorer.sign_method %q: use TC3-HMAC-SHA256, HmacSHA256 or HmacSHA1", path, e.SignMethod)
	}
	switch e.Language {
	case "", "zh-CN", "en-US":
	default:
		return fmt.Errorf("config %s: explorer.language %q: use zh-CN or en-US", path, e.Language)
	}
	if e.Timeout < 0 {
		return fmt.Errorf("config %s: explorer.timeout must not be negative", path)
	}
	return nil
}

// Save writes c to path atomically with mode 0600, creating the folder.
func Save(path string, c Config) error {
	c.Version = Version
	if err := c.check(path); err != nil {
		return err
	}
	b, err := yaml.Marshal(c)
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("config: %w", err)
	}
	return atomicfile.Write(path, b, 0o600)
}
