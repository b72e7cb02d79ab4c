// Package file reads audit events from a file instead of an API: trail's own
// JSONL export, a JSON array of entries or records, or one saved API
// response of any provider. Each entry is decoded by its provider's codec,
// so an exported event read back shows exactly as it did from the API.
//
// Files are read lazily, a page at a time from a byte offset kept in the
// cursor, so a file of any size opens at once.
package file

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/trail-dev/trail/sources"
)

// Options is a [sources.NAME] table with provider = "file".
type Options struct {
	// Path is the file to read; a leading ~/ is the home directory.
	Path string `toml:"path"`
	// PageSize is how many entries make a page; 0 means 500.
	PageSize int `toml:"page_size"`
}

const (
	defaultPageSize = 500
	maxPageSize     = 100_000
)

// Provider returns the "file" provider, reading entries with the given
// providers' codecs.
func Provider(codecs ...sources.Codec) sources.Provider {
	return sources.Provider{
		Name:    "file",
		Summary: "a trail JSONL export, a JSON array, or a saved API page (path)",
		Options: func() any { return new(Options) },
		Open: func(ctx context.Context, env sources.Env) (sources.Source, error) {
			var opts Options
			if err := env.Decode(&opts); err != nil {
				return nil, fmt.Errorf("file: %w", err)
			}
			if strings.TrimSpace(opts.Path) == "" {
				return nil, fmt.Errorf("file: source %q needs path = \"...\" naming the file to read", env.Name)
			}
			if opts.PageSize < 0 || opts.PageSize > maxPageSize {
				return nil, fmt.Errorf("file: source %q: page_size must be between 1 and %d", env.Name, maxPageSize)
			}
			path, err := expandHome(opts.Path)
			if err != nil {
				return nil, fmt.Errorf("file: source %q: %w", env.Name, err)
			}
			return Open(path, opts.PageSize, codecs...)
		},
	}
}

// Open returns a source reading path, pageSize entries a page (0 = 500).
func Open(path string, pageSize int, codecs ...sources.Codec) (*Source, error) {
	info, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("file: %s does not exist; check path", path)
		}
		return nil, fmt.Errorf("file: %w", err)
	}
	if info.IsDir() {
		return nil, fmt.Errorf("file: %s is a directory; path must name a file", path)
	}
	if pageSize <= 0 {
		pageSize = defaultPageSize
	}
	s := &Source{path: path, pageSize: pageSize, codecs: map[string]sources.Codec{}}
	for _, c := range codecs {
		s.codecs[c.Provider] = c
		s.order = append(s.order, c)
	}
	return s, nil
}

func expandHome(path string) (string, error) {
	rest, ok := strings.CutPrefix(path, "~/")
	if !ok {
		return path, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("cannot expand ~: %w", err)
	}
	return filepath.Join(home, rest), nil
}
