package export

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrExists says that the output path names a file already there; without
// Force an export never replaces one.
var ErrExists = errors.New("already exists")

// FileOptions are the rules for opening an export's output file.
type FileOptions struct {
	// Force replaces an existing regular file: the export is written to a
	// new file beside it (NAME.*.partial), which is renamed over it when
	// closed, so the old file is never truncated in place or written through
	// a link, and stays as it was if the export stops early (see Fail).
	Force bool
	// Protect names files being read (the files of file sources); the output
	// may not be any of them, whatever its name, for writing it would empty
	// the evidence being exported.
	Protect []string
}

// File is an export's output file. It embeds the *os.File so that
// sources.Export can cut it back to its last whole line after a failed
// write.
type File struct {
	*os.File
	path string // where it ends up
	temp string // with Force, the file written, renamed to path on Close
}

// Path is where the export is written.
func (f *File) Path() string { return f.path }

// Fail closes the file of an export that stopped early and says where what
// was written is: the file itself, or, with Force, the new file beside the
// old one, which is left as it was (a partial export never replaces a
// whole one); "" if nothing was written there, in which case it is removed.
func (f *File) Fail() (string, error) {
	err := f.File.Close()
	if f.temp == "" {
		return f.path, err
	}
	if errors.Is(err, os.ErrClosed) {
		err = nil // Close ran first, and its rename failed
	}
	if info, serr := os.Stat(f.temp); serr != nil || info.Size() == 0 {
		_ = os.Remove(f.temp)
		return "", err
	}
	return f.temp, err
}

// Close closes the file and, with Force, renames it over the old one.
func (f *File) Close() error {
	err := f.File.Close()
	if f.temp == "" {
		return err
	}
	if err != nil {
		_ = os.Remove(f.temp)
		return err
	}
	if err := os.Rename(f.temp, f.path); err != nil {
		return fmt.Errorf("replacing %s: %w", f.path, err) // Fail says where the export is
	}
	return nil
}

// Create opens path for a new export, readable only by its owner (0600).
// It never truncates a file in place and never follows a symbolic link at
// the last component of path: an existing path is refused (ErrExists)
// unless opts.Force, a symbolic link or anything but a regular file is
// refused always, and so is any file in opts.Protect (compared as files,
// with os.SameFile, not by name).
func Create(path string, opts FileOptions) (*File, error) {
	if path == "" {
		return nil, errors.New("no output file named")
	}
	info, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL|noFollow, 0o600)
		if errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("%s %w", path, ErrExists) // made since the Lstat
		}
		if err != nil {
			return nil, err
		}
		return &File{File: f, path: path}, nil
	case err != nil:
		return nil, err
	case info.Mode()&fs.ModeSymlink != 0:
		return nil, fmt.Errorf("%s is a symbolic link; trail does not write through one: name the file itself", path)
	case !info.Mode().IsRegular():
		return nil, fmt.Errorf("%s exists and is not a regular file", path)
	}
	for _, p := range opts.Protect {
		if pi, err := os.Stat(p); err == nil && os.SameFile(info, pi) {
			return nil, fmt.Errorf("%s is the file source %s being exported; writing over it would destroy it", path, p)
		}
	}
	if !opts.Force {
		return nil, fmt.Errorf("%s %w", path, ErrExists)
	}
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.partial")
	if err != nil {
		return nil, err
	}
	return &File{File: f, path: path, temp: f.Name()}, nil
}
