package config

import (
	"slices"
	"strings"
	"testing"
)

// [ui] columns takes a list of known column names, each once; anything
// else is an error at its line naming the bad column and the allowed ones.
func TestColumns(t *testing.T) {
	for _, c := range []struct {
		v    string
		want []string
		err  string
	}{
		{`["time", "actor", "ip", "summary"]`, []string{"time", "actor", "ip", "summary"}, ""},
		{`["summary", "location", "client", "target", "actor_id"]`, []string{"summary", "location", "client", "target", "actor_id"}, ""},
		{`["time", "user"]`, nil, `no column "user"; columns: time, outcome, source, actor, actor_id, action, target, ip, client, location, summary`},
		{`["time", "acter"]`, nil, `no column "acter" (did you mean "actor"?)`},
		{`["time", "time"]`, nil, `"time" is given twice`},
		{`[]`, nil, "columns is empty"},
		{`"time"`, nil, "must be a list of column names"},
		{`[1, 2]`, nil, "must be a list of column names as strings"},
	} {
		f, err := loadText(t, "[ui]\ncolumns = "+c.v+"\n")
		switch {
		case c.err == "" && (err != nil || !slices.Equal(f.UI.Columns, c.want)):
			t.Errorf("%s: %v, %v", c.v, err, f)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), ":2: ") || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%s: error %v, want %q", c.v, err, c.err)
		}
	}
}
