package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzLoad feeds arbitrary files to Load and Decode: they must return an
// error or a config, never panic, and never quote the literal secret.
// go test ./config -run '^$' -fuzz FuzzLoad -fuzztime 1m
func FuzzLoad(f *testing.F) {
	for _, name := range []string{"full.toml", "minimal.toml", "literal.toml", "dotted.toml", "lines.toml", "views.toml"} {
		if b, err := os.ReadFile(filepath.Join("testdata", name)); err == nil {
			f.Add(string(b))
		}
	}
	f.Add("[sources.x]\nprovider = \"canary\"\ntoken = \"hunter2-fuzz-secret\"\ntokn = 1\n")
	f.Add("default = \"x\"\n[sources.x\nprovider=\"canary\"\ntoken = hunter2-fuzz-secret\n")
	f.Add("[ui]\ntimezone = \"Mars/Olympus\"\n")
	f.Fuzz(func(t *testing.T, data string) {
		path := filepath.Join(t.TempDir(), "config.toml")
		if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		cfg, err := Load(path)
		check := func(err error) {
			if err != nil && strings.Contains(data, "hunter2-fuzz-secret") && strings.Contains(err.Error(), "hunter2-fuzz-secret") {
				t.Fatalf("error quotes the secret: %v", err)
			}
		}
		check(err)
		if err != nil {
			return
		}
		for _, name := range cfg.Names() {
			var opts struct {
				BaseURL  string `toml:"base_url"`
				Token    string `toml:"token" secret:"true"`
				PageSize int    `toml:"page_size"`
			}
			check(cfg.Decode(name, &opts))
		}
		_, _ = cfg.DefaultSource()
		_, _ = cfg.SelectMany(nil)
		_, _ = cfg.SelectMany(cfg.ViewNames())
		_ = cfg.Warnings()
	})
}
