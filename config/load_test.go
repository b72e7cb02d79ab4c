package config

import (
	"errors"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// loadFixture loads testdata/name.
func loadFixture(t *testing.T, name string) (*File, error) {
	t.Helper()
	return Load(filepath.Join("testdata", name))
}

// mustLoadFixture loads testdata/name, which must load.
func mustLoadFixture(t *testing.T, name string) *File {
	t.Helper()
	f, err := loadFixture(t, name)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestLoadFull(t *testing.T) {
	f := mustLoadFixture(t, "full.toml")
	if want := []string{"canary", "domo", "qualtrics", "intercom", "archive"}; !slices.Equal(f.Names(), want) {
		t.Errorf("Names() = %v, want %v (file order)", f.Names(), want)
	}
	if f.Default != "canary" {
		t.Errorf("Default = %q, want canary", f.Default)
	}
	if f.UI.Timezone != "Europe/Berlin" || f.UI.Location == nil || f.UI.Location.String() != "Europe/Berlin" {
		t.Errorf("UI timezone = %q, location %v; want Europe/Berlin", f.UI.Timezone, f.UI.Location)
	}
	if f.UI.Theme != "dark" {
		t.Errorf("UI.Theme = %q, want dark", f.UI.Theme)
	}
	tests := []SourceEntry{
		{Name: "canary", Provider: "canary", Line: 8, BaseURL: "https://EXAMPLE.canary.tools"},
		{Name: "domo", Provider: "domo", Line: 14},
		{Name: "qualtrics", Provider: "qualtrics", Line: 19, BaseURL: "https://iad1.qualtrics.com/API/v3"},
		{Name: "intercom", Provider: "intercom", Line: 25, BaseURL: "https://api.eu.intercom.io"},
		{Name: "archive", Provider: "file", Line: 30, Path: "~/audit/canary-2026-11.jsonl"},
	}
	for _, want := range tests {
		got, ok := f.Source(want.Name)
		if !ok || got != want {
			t.Errorf("Source(%q) = %+v, %v; want %+v", want.Name, got, ok, want)
		}
	}
	if _, ok := f.Source("nope"); ok {
		t.Error(`Source("nope") found a source`)
	}
}

func TestLoadValid(t *testing.T) {
	tests := []struct {
		file     string
		names    []string
		timezone string
		theme    string
	}{
		{"minimal.toml", []string{"canary"}, "Local", "auto"},
		{"empty.toml", nil, "Local", "none"},
		{"dotted.toml", []string{"canary", "intercom", "eu.prod"}, "Local", "auto"},
		{"loopback.toml", []string{"local", "v4", "v6"}, "Local", "auto"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f := mustLoadFixture(t, tt.file)
			if !slices.Equal(f.Names(), tt.names) {
				t.Errorf("Names() = %v, want %v", f.Names(), tt.names)
			}
			if f.UI.Timezone != tt.timezone || f.UI.Theme != tt.theme || f.UI.Location == nil {
				t.Errorf("UI = %+v, want timezone %q theme %q and a location", f.UI, tt.timezone, tt.theme)
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		file string
		line int
		want []string // substrings of the message
		hide []string // what the message must not contain
	}{
		{"missing_provider.toml", 4, []string{"[sources.domo] has no provider", `provider = "canary"`}, nil},
		{"empty_provider.toml", 2, []string{"empty provider"}, nil},
		{"provider_type.toml", 2, []string{"provider in [sources.canary] must be a string, not an integer"}, nil},
		{"unknown_top.toml", 2, []string{`unknown top-level key "colour"`}, nil},
		{"unknown_top_table.toml", 2, []string{`unknown top-level key "source"`, `did you mean "sources"?`}, nil},
		{"unknown_ui.toml", 3, []string{`unknown key "theem" in [ui]`, `did you mean "theme"?`, "theme, timezone"}, nil},
		{"ui_not_table.toml", 1, []string{"ui must be a table, not a string"}, nil},
		{"sources_not_table.toml", 1, []string{"sources must be a table"}, nil},
		{"source_not_table.toml", 2, []string{"canary in [sources] must be a table"}, nil},
		{"bad_timezone.toml", 3, []string{`timezone "Europe/Berln" is not known`, `"UTC", "Local"`}, nil},
		{"bad_theme.toml", 2, []string{`theme "drak" is not one of auto, dark, light, none`, `did you mean "dark"?`}, nil},
		{"default_missing.toml", 1, []string{`default = "canry" names no source`, `did you mean "canary"?`, "sources: canary"}, nil},
		{"default_no_sources.toml", 1, []string{"no [sources.NAME] tables"}, nil},
		{"default_type.toml", 1, []string{"default must be a string, not an array"}, nil},
		{"bad_name.toml", 4, []string{`source name "my canary" cannot be typed`}, nil},
		{"dash_name.toml", 1, []string{`starts with "-"`}, nil},
		{"command_name.toml", 1, []string{"also a command (trail export)"}, nil},
		{"command_version.toml", 1, []string{"also a command (trail version)"}, nil},
		{"http_remote.toml", 9, []string{`[sources.prod] base_url "http://canary.example.com" uses plain http to a remote host; use https://`}, nil},
		{"localhost_evil.toml", 3, []string{"plain http to a remote host"}, nil},
		{"nip_io.toml", 3, []string{"plain http to a remote host"}, nil},
		{"userinfo.toml", 3, []string{"user name or password", "put credentials in token"}, []string{"hunter2pass", "trail:"}},
		{"query.toml", 3, []string{`"https://example.canary.tools/api" has a query string`}, []string{"hunter2query", "auth_token"}},
		{"base_url_type.toml", 3, []string{"base_url in [sources.canary] must be a string, not an integer"}, nil},
		{"syntax.toml", 4, []string{"invalid TOML", "strings need quotes"}, []string{"hunter"}},
		{"syntax_string.toml", 3, []string{"invalid TOML", "strings cannot contain newlines"}, []string{"hunter2open"}},
		{"duplicate.toml", 4, []string{"invalid TOML"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			requireLoadError(t, tt.file, tt.line, tt.want, tt.hide)
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "nope.toml"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Load(missing) = %v, want an error that is fs.ErrNotExist", err)
	}
	asConfigError(t, err)
}

func TestDefaultSource(t *testing.T) {
	tests := []struct {
		file string
		want string   // "" = an error
		msg  []string // substrings of the error
	}{
		{"full.toml", "canary", nil},
		{"minimal.toml", "canary", nil},
		{"two_sources.toml", "", []string{"trail SOURCE", "default =", "canary, domo"}},
		{"empty.toml", "", []string{"no sources configured", "[sources.NAME]"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f := mustLoadFixture(t, tt.file)
			got, err := f.DefaultSource()
			if got != tt.want || (err != nil) != (tt.want == "") {
				t.Fatalf("DefaultSource() = %q, %v; want %q", got, err, tt.want)
			}
			for _, m := range tt.msg {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("error %q lacks %q", err, m)
				}
			}
		})
	}
}

func TestSelect(t *testing.T) {
	f := mustLoadFixture(t, "two_sources.toml")
	tests := []struct {
		arg, want, msg string
	}{
		{"domo", "domo", ""},
		{"canary", "canary", ""},
		{"cnary", "", `no source named "cnary" (did you mean "canary"?); sources: canary, domo`},
		{"", "", "several sources and no default"},
	}
	for _, tt := range tests {
		got, err := f.Select(tt.arg)
		if got != tt.want {
			t.Errorf("Select(%q) = %q, want %q", tt.arg, got, tt.want)
		}
		if tt.msg != "" && (err == nil || !strings.Contains(err.Error(), tt.msg)) {
			t.Errorf("Select(%q) error = %v, want one containing %q", tt.arg, err, tt.msg)
		}
	}
}

func TestDefaultPathFrom(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		home    string
		want    string
		wantErr bool
	}{
		{"xdg", map[string]string{"XDG_CONFIG_HOME": "/xdg"}, "/home/ann", "/xdg/trail/config.toml", false},
		{"home", nil, "/home/ann", "/home/ann/.config/trail/config.toml", false},
		{"relative xdg is ignored", map[string]string{"XDG_CONFIG_HOME": "rel"}, "/home/ann", "/home/ann/.config/trail/config.toml", false},
		{"nothing", nil, "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DefaultPathFrom(func(k string) string { return tt.env[k] }, tt.home)
			if got != filepath.FromSlash(tt.want) || (err != nil) != tt.wantErr {
				t.Errorf("DefaultPathFrom = %q, %v; want %q (error %v)", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

// asConfigError fails the test unless err is an *Error.
// requireLoadError loads testdata/file and fails t unless it is refused
// with a *config.Error at line, led by the file's path, that says each of
// want and reveals none of hide, in its text or its help.
func requireLoadError(t *testing.T, file string, line int, want, hide []string) {
	t.Helper()
	_, err := loadFixture(t, file)
	e := asConfigError(t, err)
	if e.Line != line {
		t.Errorf("line = %d, want %d (%v)", e.Line, line, err)
	}
	if prefix := filepath.Join("testdata", file) + ":"; !strings.HasPrefix(err.Error(), prefix) {
		t.Errorf("error %q does not start with %q", err, prefix)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q lacks %q", err, w)
		}
	}
	for _, h := range hide {
		if strings.Contains(err.Error(), h) || strings.Contains(e.Help, h) {
			t.Errorf("error %q reveals %q", err, h)
		}
	}
}

func asConfigError(t *testing.T, err error) *Error {
	t.Helper()
	e, ok := errors.AsType[*Error](err)
	if !ok {
		t.Fatalf("error %v (%T) is not a *config.Error", err, err)
	}
	return e
}

// LoadFrom reads --config's file, or the default one without it, and says
// which path it tried (for "no config file at ...").
func TestLoadFrom(t *testing.T) {
	home := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, "xdg"))
	f, path, err := LoadFrom("")
	if !errors.Is(err, fs.ErrNotExist) || f != nil || path != filepath.Join(home, "xdg", "trail", "config.toml") {
		t.Errorf("default: %v, %q, %v", f, path, err)
	}
	f, path, err = LoadFrom(filepath.Join("testdata", "minimal.toml"))
	if err != nil || f == nil || path != filepath.Join("testdata", "minimal.toml") {
		t.Errorf("--config: %q, %v", path, err)
	}
}
