package emulate_test

import (
	"strings"
	"testing"

	"github.com/trail-dev/trail/sources/emulate"
)

// TestHostileLogins: each login carries a control a terminal would obey,
// with the title and the faked line where they were asked for.
func TestHostileLogins(t *testing.T) {
	got := emulate.HostileLogins("Console", "all is well")
	if len(got) != 6 {
		t.Fatalf("%d logins, want 6", len(got))
	}
	for _, h := range got {
		if !strings.ContainsAny(h.User+h.Agent, "\x1b\u009b\u202e\r") {
			t.Errorf("%q / %q carries no control", h.User, h.Agent)
		}
	}
	if got[1].User != "root\x1b]0;Console\x07" {
		t.Errorf("title login %q", got[1].User)
	}
	if !strings.HasSuffix(got[5].User, "\x1b[2Kall is well") {
		t.Errorf("faked line %q", got[5].User)
	}
	if !strings.Contains(got[2].Agent, "\x1b]52;c;") {
		t.Errorf("clipboard agent %q", got[2].Agent)
	}
}
