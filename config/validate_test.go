package config

import (
	"strings"
	"testing"
)

func TestCheckBaseURL(t *testing.T) {
	tests := []struct {
		url  string
		want string // "" = accepted, else a substring of the error
		hide string // must not appear in the error
	}{
		{"https://EXAMPLE.canary.tools", "", ""},
		{"https://iad1.qualtrics.com/API/v3", "", ""},
		{"http://localhost:8080", "", ""},
		{"http://LOCALHOST", "", ""},
		{"http://127.0.0.1:9", "", ""},
		{"http://127.8.9.10/x", "", ""},
		{"http://[::1]:9", "", ""},
		{"http://canary.example.com", "plain http to a remote host", ""},
		{"http://localhost.evil.com", "plain http to a remote host", ""},
		{"http://127.0.0.1.nip.io", "plain http to a remote host", ""},
		{"http://10.0.0.1", "plain http to a remote host", ""},
		{"http://[::2]:9", "plain http to a remote host", ""},
		{"ftp://example.com", "must start with https://", ""},
		{"example.canary.tools", "not an absolute URL", ""},
		{"https://", "not an absolute URL", ""},
		{"https://u:hunter2@example.com", "user name or password", "hunter2"},
		{"https:u:hunter2@example.com", "not an absolute URL", "hunter2"},
		{"https://u:hunter2@exa mple.com", "not a valid URL", "hunter2"},
		{"https://example.com/?token=hunter2", "query string", "hunter2"},
		{"https://example.com/#hunter2", "fragment", "hunter2"},
		{"", "empty", ""},
		// A token pasted on the base_url line is no URL, and is not echoed.
		{"c0ffee0123456789abcdef0123456789", "not an absolute URL", "c0ffee0123456789abcdef0123456789"},
		{"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl", "not an absolute URL", "eyJzdWIiOiIxIn0"},
		{"dG9rOmFiY2RlZjEyMzQ1Njc4OTA=", "not an absolute URL", "dG9rOmFiY2RlZjEyMzQ1Njc4OTA"},
	}
	for _, tt := range tests {
		err := checkBaseURL(tt.url)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("checkBaseURL(%q) = %v, want ok", tt.url, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("checkBaseURL(%q) = %v, want an error with %q", tt.url, err, tt.want)
		case tt.hide != "" && err != nil && strings.Contains(err.Error(), tt.hide):
			t.Errorf("checkBaseURL(%q) = %v, reveals %q", tt.url, err, tt.hide)
		}
	}
}

func TestCheckName(t *testing.T) {
	tests := []struct {
		name string
		ok   bool
	}{
		{"canary", true},
		{"canary-prod_2.eu", true},
		{"Domo", true},
		{"", false},
		{"my canary", false},
		{"canary;rm", false},
		{"-prod", false},
		{"sources", false},
		{"kanäle", false},
	}
	for _, tt := range tests {
		for _, what := range []string{"source", "view"} {
			err := checkName(what, tt.name)
			if (err == nil) != tt.ok {
				t.Errorf("checkName(%q, %q) = %v, want ok %v", what, tt.name, err, tt.ok)
			}
			if err != nil && !strings.HasPrefix(err.Error(), what+" name") {
				t.Errorf("checkName(%q, %q) = %v, does not say what it is about", what, tt.name, err)
			}
		}
	}
}

// [ui] max_loaded takes a size with a unit, within bounds; anything else
// is an error at its line that says how to write one.
func TestMaxLoaded(t *testing.T) {
	for _, c := range []struct {
		v    string
		want int64
		err  string
	}{
		{"256MiB", 256 << 20, ""},
		{"1GiB", 1 << 30, ""},
		{"500 MB", 500e6, ""},
		{"256", 0, "is not a size"},
		{"lots", 0, "is not a size"},
		{"1MiB", 0, "out of range: use 16MiB to 64GiB"},
		{"99999999999999999999GiB", 0, "out of range"},
	} {
		f, err := loadText(t, "[ui]\nmax_loaded = \""+c.v+"\"\n")
		switch {
		case c.err == "" && (err != nil || f.UI.MaxLoaded != c.want):
			t.Errorf("%q: %v, %v", c.v, err, f)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), ":2: max_loaded ") || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%q: error %v, want %q", c.v, err, c.err)
		}
	}
}
