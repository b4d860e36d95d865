// Package atomicfile writes files so that a reader (or a crash) sees either
// the old content or the new content, never a mix or a truncated file.
//
// Write creates a temporary file in the target's directory, writes and
// fsyncs it, sets its mode, renames it over the target and fsyncs the
// directory. A process that dies at any point before the rename leaves the
// old file untouched (and, at worst, a stray ".name.tmp-*" file beside it,
// which the next Write of the same name does not trip over).
//
// Snippets use it; the explorer's history and settings are meant to as well.
package atomicfile

import (
	"fmt"
	"os"
	"path/filepath"
)

// Write replaces path with data, atomically, with mode perm (use 0o600 for
// anything private). The directory must exist.
func Write(path string, data []byte, perm os.FileMode) error {
	return write(path, data, perm, nil)
}

// write is Write with a hook that runs after the temporary file is complete
// and before the rename; tests use it to die at the worst moment.
func write(path string, data []byte, perm os.FileMode, beforeRename func(tmp string)) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("atomic write %s: %w", path, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(tmp)
		}
	}()
	// CreateTemp makes the file 0600; Chmod gives the caller's mode (still
	// before any byte is written, so a wider umask never exposes content).
	if err = f.Chmod(perm); err != nil {
		return fmt.Errorf("atomic write %s: %w", path, err)
	}
	if _, err = f.Write(data); err != nil {
		return fmt.Errorf("atomic write %s: %w", path, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("atomic write %s: sync: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("atomic write %s: %w", path, err)
	}
	if beforeRename != nil {
		beforeRename(tmp)
	}
	if err = os.Rename(tmp, path); err != nil {
		return fmt.Errorf("atomic write %s: %w", path, err)
	}
	// Make the rename itself durable. Some file systems cannot sync a
	// directory; the data is already safe, so that is not an error.
	if d, derr := os.Open(dir); derr == nil {
		_ = d.Sync()
		_ = d.Close()
	}
	return nil
}
