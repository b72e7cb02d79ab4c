package config

import (
	"strings"
	"testing"
)

// CheckWith names the line of an unknown provider, of a key its provider
// does not take, and of a [keys] entry that names no action; a file with
// none of these passes.
func TestCheckWith(t *testing.T) {
	type opts struct {
		Token string `toml:"token"`
	}
	options := func(string) any { return &opts{} }
	for _, tt := range []struct{ toml, want string }{
		{"[sources.a]\nprovider = \"canary\"\ntoken = \"x\"\n[keys]\nquit = [\"q\"]\n", ""},
		{"[sources.a]\nprovider = \"canary\"\n\n[sources.b]\nprovider = \"nosuch\"\n", `:4: [sources.b] has unknown provider "nosuch"; this trail knows: canary, domo`},
		{"[sources.a]\nprovider = \"domo\"\ntokn = \"x\"\n", ":3:"},
		{"[sources.a]\nprovider = \"canary\"\n[keys]\nquit = [\"q\"]\nfly = [\"z\"]\n", `:5: [keys] has no action "fly"; actions: quit, up`},
	} {
		f, err := loadText(t, tt.toml)
		if err != nil {
			t.Fatalf("%q: %v", tt.toml, err)
		}
		err = f.CheckWith([]string{"canary", "domo"}, options, []string{"quit", "up"})
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%q: %v", tt.toml, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%q: error %v, want %q", tt.toml, err, tt.want)
		}
	}
}
