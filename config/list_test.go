package config

import (
	"strings"
	"testing"
)

func TestList(t *testing.T) {
	f := mustLoadFixture(t, "views.toml")
	var b strings.Builder
	if err := f.List(&b); err != nil {
		t.Fatal(err)
	}
	// A file source shows its file (it showed nothing).
	want := `NAME      PROVIDER  BASE URL OR PATH
canary    canary    https://EXAMPLE.canary.tools
intercom  intercom
archive   file      ~/audit/canary-2026-11.jsonl

VIEW    MERGES
all     canary, intercom, archive  (default)
logins  intercom, canary
`
	if b.String() != want {
		t.Errorf("List wrote:\n%s\nwant:\n%s", b.String(), want)
	}
}

// Without a file, trail sources says where it looked and where help is;
// Selectable lists sources then views.
func TestListMissingAndSelectable(t *testing.T) {
	var b strings.Builder
	if err := ListMissing(&b, "/x/config.toml", []string{"canary", "file"}); err != nil ||
		b.String() != "no config file at /x/config.toml\nproviders: canary, file\n`trail --help` shows a minimal config; `trail --demo` works without one\n" {
		t.Errorf("%q, %v", b.String(), err)
	}
	f := mustLoadFixture(t, "full.toml")
	if got := f.Selectable(); len(got) != len(f.Names())+len(f.ViewNames()) || got[0] != f.Names()[0] {
		t.Errorf("Selectable = %v", got)
	}
}
