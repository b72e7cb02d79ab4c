package config

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const querySources = `[sources.canary]
provider = "canary"

[sources.intercom]
provider = "intercom"

[views]
both = ["canary", "intercom"]

`

func loadText(t *testing.T, text string) (*File, error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return Load(path)
}

func TestLoadQueries(t *testing.T) {
	f, err := loadText(t, querySources+`[queries]
failed = "outcome:failure since:7d"
"not-backup" = '-actor:svc-backup ip:203.0.113.0/24'
`)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"failed", "not-backup"}; !slices.Equal(f.QueryNames(), want) {
		t.Errorf("QueryNames() = %v, want %v (file order)", f.QueryNames(), want)
	}
	if got := f.Queries["not-backup"]; got != "-actor:svc-backup ip:203.0.113.0/24" {
		t.Errorf("Queries[not-backup] = %q", got)
	}
	if err := f.QueryError("failed", "bad %s", "term"); err == nil || !strings.Contains(err.Error(), ":11:") {
		t.Errorf("QueryError = %v; want it at line 11", err)
	}
}

// A saved query's name means one thing on the command line: never a
// source's, a view's or a command's.
func TestLoadQueryErrors(t *testing.T) {
	tests := []struct{ body, want string }{
		{"canary = \"outcome:failure\"", `query "canary" has the name of the source on line 1, so trail canary would not know which is meant; rename the query`},
		{"both = \"outcome:failure\"", `query "both" has the name of a view`},
		{"export = \"outcome:failure\"", `query name "export" is also a command`},
		{"empty = \"  \"", `query "empty" is empty`},
		{"n = 3", `query "n" must be a query line as a string`},
		{"\"a b\" = \"x\"", `cannot be typed as trail QUERY`},
	}
	for _, tt := range tests {
		_, err := loadText(t, querySources+"[queries]\n"+tt.body+"\n")
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), ":11:") {
			t.Errorf("%s: %v; want an error at line 11 saying %q", tt.body, err, tt.want)
		}
	}
}
