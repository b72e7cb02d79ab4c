package config

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// The options structs of the providers, as they declare them.
type (
	canaryOptions struct {
		BaseURL  string `toml:"base_url"`
		Token    string `toml:"token" secret:"true"`
		PageSize int    `toml:"page_size"`
	}
	domoOptions struct {
		ClientID     string `toml:"client_id" secret:"true"`
		ClientSecret string `toml:"client_secret" secret:"true"`
	}
	qualtricsOptions struct {
		BaseURL      string `toml:"base_url"`
		Token        string `toml:"token" secret:"true"`
		ActivityType string `toml:"activity_type"`
	}
	intercomOptions struct {
		BaseURL string `toml:"base_url"`
		Token   string `toml:"token" secret:"true"`
	}
	fileOptions struct {
		Path string `toml:"path"`
	}
)

func TestDecodeFull(t *testing.T) {
	f := mustLoadFixture(t, "full.toml")
	tests := []struct {
		name string
		opts any // a pointer to the zero options
		want any
	}{
		{"canary", &canaryOptions{}, &canaryOptions{BaseURL: "https://EXAMPLE.canary.tools", Token: "env:CANARY_AUTH_TOKEN", PageSize: 50}},
		{"domo", &domoOptions{}, &domoOptions{ClientID: "env:DOMO_CLIENT_ID", ClientSecret: "cmd:pass show domo/secret"}},
		{"qualtrics", &qualtricsOptions{}, &qualtricsOptions{BaseURL: "https://iad1.qualtrics.com/API/v3", Token: "file:~/.config/trail/qualtrics.token", ActivityType: "logins"}},
		{"intercom", &intercomOptions{}, &intercomOptions{BaseURL: "https://api.eu.intercom.io", Token: "env:INTERCOM_TOKEN"}},
		{"archive", &fileOptions{}, &fileOptions{Path: "~/audit/canary-2026-11.jsonl"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for range 2 { // once to validate, once to open
				if err := f.Decode(tt.name, tt.opts); err != nil {
					t.Fatal(err)
				}
			}
			if !reflect.DeepEqual(tt.opts, tt.want) {
				t.Errorf("Decode = %+v, want %+v", tt.opts, tt.want)
			}
		})
	}
	if w := f.Warnings(); len(w) > 0 {
		t.Errorf("Warnings() = %q for a file with only references", w)
	}
}

func TestDecodeKeepsPresets(t *testing.T) {
	f := mustLoadFixture(t, "minimal.toml")
	opts := canaryOptions{PageSize: 500}
	if err := f.Decode("canary", &opts); err != nil {
		t.Fatal(err)
	}
	if opts.PageSize != 500 || opts.Token != "env:CANARY_AUTH_TOKEN" {
		t.Errorf("Decode = %+v, want the preset page size kept and the token set", opts)
	}
}

func TestDecodeErrors(t *testing.T) {
	f := mustLoadFixture(t, "decode_errors.toml")
	tests := []struct {
		source string
		opts   any
		line   int
		want   []string
		hide   string
	}{
		{"typo", &canaryOptions{}, 4, []string{`unknown key "tokn" in [sources.typo] (did you mean "token"?); keys for this source: base_url, page_size, token`}, ""},
		{"wrong_type", &canaryOptions{}, 9, []string{"page_size in [sources.wrong_type] must be an integer, not a string"}, "ten"},
		{"secret_type", &canaryOptions{}, 13, []string{"token in [sources.secret_type] must be a string, not an integer"}, "73316245"},
		{"env_empty", &canaryOptions{}, 17, []string{"token in [sources.env_empty]", "env: needs a variable name"}, ""},
		{"env_bad", &canaryOptions{}, 21, []string{"token in [sources.env_bad]", "not starting with a digit"}, "1BAD"},
		{"file_empty", &canaryOptions{}, 25, []string{"file: needs a path"}, ""},
		{"cmd_empty", &canaryOptions{}, 29, []string{"cmd: needs a command"}, ""},
		{"cmd_quote", &canaryOptions{}, 33, []string{"single quote (') is not closed"}, "trail/token"},
		{"inline", &canaryOptions{}, 37, []string{`unknown key "extra"`}, ""},
		{"dotted", &canaryOptions{}, 41, []string{`unknown key "page"`}, ""},
		{"file", &fileOptions{}, 46, []string{`unknown key "token" in [sources.file]; keys for this source: path`}, ""},
		{"nope", &canaryOptions{}, 0, []string{`no source named "nope"`}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.source, func(t *testing.T) {
			err := f.Decode(tt.source, tt.opts)
			e := asConfigError(t, err)
			if e.Line != tt.line {
				t.Errorf("line = %d, want %d (%v)", e.Line, tt.line, err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if tt.hide != "" && strings.Contains(err.Error(), tt.hide) {
				t.Errorf("error %q reveals %q", err, tt.hide)
			}
		})
	}
}

func TestDecodeNeedsStructPointer(t *testing.T) {
	f := mustLoadFixture(t, "minimal.toml")
	for _, opts := range []any{nil, canaryOptions{}, new(string), (*canaryOptions)(nil)} {
		if err := f.Decode("canary", opts); err == nil {
			t.Errorf("Decode(%T) succeeded", opts)
		}
	}
}

func TestDecodeConcurrent(t *testing.T) {
	f := mustLoadFixture(t, "full.toml")
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			var opts canaryOptions
			if err := f.Decode("canary", &opts); err != nil || opts.PageSize != 50 {
				t.Errorf("Decode = %+v, %v", opts, err)
			}
		})
	}
	wg.Wait()
}

func TestWarnings(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("permission bits mean nothing on Windows")
	}
	data, err := os.ReadFile(filepath.Join("testdata", "literal.toml"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		mode   os.FileMode
		decode bool
		want   []string // substrings, one per warning; nil = no warnings
	}{
		{"private", 0o600, true, nil},
		{"readable, decoded", 0o644, true, []string{"holds a literal secret (token in [sources.canary], client_secret in [sources.domo]) and is readable by other users; chmod 600 it"}},
		{"readable, not decoded yet", 0o644, false, nil},
		{"writable", 0o620, false, []string{"writable by other users"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "config.toml")
			if err := os.WriteFile(path, data, 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(path, tt.mode); err != nil {
				t.Fatal(err)
			}
			f, err := Load(path)
			if err != nil {
				t.Fatal(err)
			}
			if tt.decode {
				for range 2 { // a second Decode must not repeat a finding
					if err := f.Decode("canary", &canaryOptions{}); err != nil {
						t.Fatal(err)
					}
					if err := f.Decode("domo", &domoOptions{}); err != nil {
						t.Fatal(err)
					}
				}
			}
			got := f.Warnings()
			if len(got) != len(tt.want) {
				t.Fatalf("Warnings() = %q, want %d warnings", got, len(tt.want))
			}
			for i, w := range tt.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("warning %q lacks %q", got[i], w)
				}
				if strings.Contains(got[i], "hunter2") {
					t.Errorf("warning %q reveals a secret", got[i])
				}
			}
		})
	}
}

// A config file every user may write, or one in a directory every user may
// write, is refused as ssh refuses one, with what to do; a world-writable
// directory with the sticky bit (/tmp) is not, since others cannot replace
// a file in it.
func TestWritableByAllIsRefused(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("permission bits mean nothing on Windows")
	}
	cases := []struct {
		name          string
		dirMode, mode os.FileMode
		want          string // in the error; "" = loads
	}{
		{"file 0666", 0o700, 0o666, "will not read a config file every user may write (mode 0666)"},
		{"file 0602", 0o700, 0o602, "chmod 600"},
		{"directory 0777", 0o777, 0o600, "in a directory every user may write"},
		{"directory 0757", 0o757, 0o600, "chmod o-w"},
		{"directory 1777", 0o777 | os.ModeSticky, 0o600, ""},
		{"directory 0775", 0o775, 0o600, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "trail")
			if err := os.Mkdir(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, "config.toml")
			if err := os.WriteFile(path, []byte("[sources.c]\nprovider = \"canary\"\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(path, tc.mode); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(dir, tc.dirMode); err != nil {
				t.Fatal(err)
			}
			_, err := Load(path)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("Load: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("Load = %v, want an error with %q", err, tc.want)
			}
		})
	}
}

// A file: secret others can read or write is warned about, from Decode
// alone: no secret is read and no cmd: secret runs to find it.
func TestSecretFileWarnings(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("permission bits mean nothing on Windows")
	}
	dir := t.TempDir()
	ran := filepath.Join(dir, "ran")
	for name, mode := range map[string]os.FileMode{"open": 0o644, "swappable": 0o620, "private": 0o600} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("tok"), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(filepath.Join(dir, name), mode); err != nil {
			t.Fatal(err)
		}
	}
	conf := fmt.Sprintf(`[sources.a]
provider = "canary"
token = "file:%[1]s/open"
[sources.b]
provider = "canary"
token = "file:%[1]s/swappable"
[sources.c]
provider = "canary"
token = "file:%[1]s/private"
[sources.d]
provider = "canary"
token = "cmd:touch %[2]s"
`, dir, ran)
	path := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(path, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range f.Names() {
		if err := f.Decode(name, &canaryOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	got := f.Warnings()
	if len(got) != 2 || !strings.Contains(got[0], "/open (token in [sources.a]) is readable by other users; chmod 600 it") ||
		!strings.Contains(got[1], "/swappable (token in [sources.b]) is writable by other users") {
		t.Errorf("Warnings() = %q", got)
	}
	if _, err := os.Stat(ran); err == nil {
		t.Error("a cmd: secret ran before the warnings were known")
	}
}
