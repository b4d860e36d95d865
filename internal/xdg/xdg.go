// Package xdg finds tcx's own folders under the XDG base directories, so
// snippets, history and the config file agree on where they live.
package xdg

import (
	"fmt"
	"os"
	"path/filepath"
)

// DataDir is $XDG_DATA_HOME/tcx, else ~/.local/share/tcx.
func DataDir(getenv func(string) string) (string, error) {
	return dir(getenv, "XDG_DATA_HOME", ".local/share")
}

// StateDir is $XDG_STATE_HOME/tcx, else ~/.local/state/tcx.
func StateDir(getenv func(string) string) (string, error) {
	return dir(getenv, "XDG_STATE_HOME", ".local/state")
}

// ConfigDir is $XDG_CONFIG_HOME/tcx, else ~/.config/tcx.
func ConfigDir(getenv func(string) string) (string, error) {
	return dir(getenv, "XDG_CONFIG_HOME", ".config")
}

// dir applies the XDG rule: the variable when it holds an absolute path,
// else the fallback under $HOME (or the user's home folder). getenv is the
// environment (os.Getenv), so tests pass their own.
func dir(getenv func(string) string, variable, fallback string) (string, error) {
	if d := getenv(variable); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "tcx"), nil
	}
	home := getenv("HOME")
	if home == "" {
		h, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("no $%s and no home folder: %w", variable, err)
		}
		home = h
	}
	return filepath.Join(home, filepath.FromSlash(fallback), "tcx"), nil
}
