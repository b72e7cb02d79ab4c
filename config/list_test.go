package config

import (
	"strings"
	"testing"
)

func TestList(t *testing.T) {
	f, err := loadFixture(t, "views.toml")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := f.List(&b); err != nil {
		t.Fatal(err)
	}
	want := `NAME      PROVIDER  BASE URL
canary    canary    https://EXAMPLE.canary.tools
intercom  intercom
archive   file

VIEW    MERGES
all     canary, intercom, archive  (default)
logins  intercom, canary
`
	if b.String() != want {
		t.Errorf("List wrote:\n%s\nwant:\n%s", b.String(), want)
	}
}
