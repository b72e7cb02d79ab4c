// Package config reads trail's one TOML file: which sources exist, which one
// opens by default, and how the screen looks. It checks everything it can
// without knowing the providers (unknown keys, types, URLs, names) when the
// file is loaded, and the provider-specific keys when main asks it to decode a
// source into that provider's options struct, so a typo is reported with the
// file and line before any network request is made.
//
// Secrets are not values here but references (env:NAME, file:PATH,
// cmd:COMMAND or a literal), resolved only when a source opens, by
// ResolveSecret. No error this package returns contains a secret's value.
//
// The package imports only the standard library and BurntSushi/toml, so that
// sources and ui stay independent of the file format.
package config

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/BurntSushi/toml"
)

// File is a loaded and checked config file. Its exported fields are the
// settings that need no provider to understand; each source's own keys stay
// undecoded until Decode is given the provider's options struct.
//
// A File is safe for concurrent use.
type File struct {
	// Path is the file as given to Load.
	Path string
	// Default is the source opened when none is named, "" if unset. Load
	// checks that it names a source.
	Default string
	// UI holds the [ui] settings, with defaults filled in.
	UI UI
	// Net holds the [net] settings; zero values mean the transport's defaults.
	Net Net
	// Keys is the [keys] table: action name → the keys bound to it.
	Keys map[string][]string
	// Views is the [views] table: a view's name → the sources it merges
	// into one list, in the order written. Load checks that each names two
	// or more configured sources and that no view has a source's name.
	Views map[string][]string
	// Queries is the [queries] table: a saved query's name → its query
	// line, for trail NAME and the filter pane's picker. Load checks that no
	// name is a source's or a view's; main reads each line.
	Queries map[string]string

	display string      // Path as shown in messages, home as ~
	mode    os.FileMode // permission bits, for the literal-secret warning
	lines   lineIndex
	names   []string // source names in file order
	sources map[string]*source
	// viewNames are the [views] names in file order.
	viewNames []string
	// queryNames are the [queries] names in file order.
	queryNames []string

	mu       sync.Mutex    // guards md (PrimitiveDecode mutates it) and literals
	md       toml.MetaData // kept so Decode can decode the sources' Primitives
	literals []string      // "token in [sources.canary]": literal secrets Decode saw
	// secretFiles are the file: secrets Decode saw, for Warnings.
	secretFiles []secretFile
}

// secretFile is a file: secret reference: its path as written and the key
// that names it ("token in [sources.qualtrics]").
type secretFile struct{ path, key string }

// Net is the [net] table: how long to wait on the network.
type Net struct {
	// Timeout bounds one HTTP request, from sending to the last byte.
	Timeout time.Duration
	// ConnectTimeout bounds connecting to the provider.
	ConnectTimeout time.Duration
	// MaxWait is the longest wait a server may ask for (Retry-After, a
	// rate-limit reset): a longer one fails with an error instead of a wait
	// that looks like a hang. 1s to 24h; 0 means the default, 15 minutes.
	MaxWait time.Duration
}

// UI is the [ui] table.
type UI struct {
	// Timezone is as written: "UTC", "Local" or an IANA name. Default "Local".
	Timezone string
	// Theme is auto, dark, light or none. Default "auto".
	Theme string
	// Mouse turns on the mouse in the explorer. Default false, so the
	// terminal's own selection works over SSH.
	Mouse bool
	// Location is Timezone loaded, so the UI never has to handle a bad name.
	Location *time.Location
	// MaxLoaded is max_loaded in bytes: how much of the log the explorer
	// keeps loaded before it lets pages far from the cursor go. 0 means the
	// explorer's default (see ui.Options.MaxBytes).
	MaxLoaded int64
	// Columns is [ui] columns: the list's columns, in order, each one of
	// Columns; nil means the explorer's default layout.
	Columns []string
}

// SourceEntry is what Load knows about a source without its provider.
type SourceEntry struct {
	// Name is the table's name: [sources.NAME].
	Name string
	// Provider is the value of provider, such as "canary".
	Provider string
	// Line is the line of the source's table header, for messages about it.
	Line int
	// BaseURL is base_url if set (already checked: https, or http to
	// loopback), else "" for the provider's default host.
	BaseURL string
	// Path is path as written, for a source that reads a file; checked when
	// the provider decodes its options.
	Path string
	// FollowInterval is follow_interval: how often a follow asks this
	// source for new events. 0 means the default (30s, see sources/follow).
	FollowInterval time.Duration
}

// MinFollowInterval is the shortest follow_interval: a follow that asks
// more often than this would spend a provider's rate limit for nothing.
const MinFollowInterval = 5 * time.Second

// FollowInterval returns the follow_interval of the source called name, 0
// when it sets none or is not a configured source.
func (f *File) FollowInterval(name string) time.Duration {
	if s, ok := f.sources[name]; ok {
		return s.entry.FollowInterval
	}
	return 0
}

// source is one [sources.NAME] table, its keys kept undecoded for Decode.
type source struct {
	entry  SourceEntry
	keys   []string // the table's keys in file order
	values map[string]toml.Primitive
}

// Names returns the source names in the order the file lists them, which is
// the order `trail sources` shows them in.
func (f *File) Names() []string { return slices.Clone(f.names) }

// Source returns what Load knows about the source called name.
func (f *File) Source(name string) (SourceEntry, bool) {
	s, ok := f.sources[name]
	if !ok {
		return SourceEntry{}, false
	}
	return s.entry, true
}

// DefaultSource returns the source to open when the command line names none:
// default if set (which may name a view: see SelectMany), else the only
// source. With no sources, or several and no default, the error says what
// to do; main may prefer the demo for the first.
func (f *File) DefaultSource() (string, error) {
	switch {
	case f.Default != "":
		return f.Default, nil
	case len(f.names) == 1:
		return f.names[0], nil
	case len(f.names) == 0:
		return "", f.errorf(0, "no sources configured; add a [sources.NAME] table with a provider (trail --help shows one), or run trail --demo")
	default:
		return "", f.errorf(0, "several sources and no default; name one (trail SOURCE) or set default = %q at the top of the file; sources: %s",
			f.names[0], strings.Join(f.names, ", "))
	}
}

// Select returns the one source `trail [SOURCE]` should open: arg if it
// names one, DefaultSource if arg is empty. An unknown name is an error that
// suggests the nearest configured name, and so is a view's name (or a
// default that names a view): SelectMany opens those.
func (f *File) Select(arg string) (string, error) {
	name := arg
	if name == "" {
		def, err := f.DefaultSource()
		if err != nil {
			return "", err
		}
		name = def
	}
	if _, ok := f.sources[name]; ok {
		return name, nil
	}
	if v, ok := f.Views[name]; ok {
		return "", f.errorf(0, "%q is a view of several sources (%s), not one source", name, strings.Join(v, ", "))
	}
	return "", f.unknownSource(name)
}

// unknownSource is the error for a name that is neither a [sources.NAME]
// table nor a view.
func (f *File) unknownSource(name string) *Error {
	if len(f.names) == 0 {
		return f.errorf(0, "no source named %q: the file has no [sources.NAME] tables", name)
	}
	if len(f.viewNames) == 0 {
		return f.errorf(0, "no source named %q%s; sources: %s", name, didYouMean(name, f.names), strings.Join(f.names, ", "))
	}
	return f.errorf(0, "no source or view named %q%s; sources: %s; views: %s", name,
		didYouMean(name, append(f.Names(), f.viewNames...)), strings.Join(f.names, ", "), strings.Join(f.viewNames, ", "))
}

// DefaultPath returns where trail looks for its config when --config is not
// given: $XDG_CONFIG_HOME/trail/config.toml, else ~/.config/trail/config.toml.
// It reads the real environment; see DefaultPathFrom.
func DefaultPath() (string, error) {
	home, _ := os.UserHomeDir() // "" is handled by DefaultPathFrom
	return DefaultPathFrom(os.Getenv, home)
}

// DefaultPathFrom is DefaultPath with the environment passed in, so tests
// need not change the process's environment. A relative XDG_CONFIG_HOME is
// ignored, as the XDG Base Directory spec asks.
func DefaultPathFrom(getenv func(string) string, home string) (string, error) {
	if dir := getenv("XDG_CONFIG_HOME"); dir != "" && filepath.IsAbs(dir) {
		return filepath.Join(dir, "trail", "config.toml"), nil
	}
	if home == "" {
		return "", errors.New("cannot find the config file: neither XDG_CONFIG_HOME nor HOME is set; pass --config FILE")
	}
	return filepath.Join(home, ".config", "trail", "config.toml"), nil
}

// displayPath shortens path for messages: the home directory becomes ~, so
// messages match what the user typed and the README.
func displayPath(path string) string {
	home, err := os.UserHomeDir()
	if err != nil || home == "" || !filepath.IsAbs(path) {
		return path
	}
	if rest, ok := strings.CutPrefix(path, home+string(filepath.Separator)); ok {
		return "~" + string(filepath.Separator) + rest
	}
	return path
}
