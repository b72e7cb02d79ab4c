package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/trail-dev/trail/ui/filter"
)

var ctrlO = tea.KeyPressMsg{Code: 'o', Mod: tea.ModCtrl}

// The query line and the form are two views of one query: typing in one
// changes the other, and terms the form has no field for stay in the line.
func TestQueryLineAndFormStayInStep(t *testing.T) {
	d, _ := startOn(t, 50, 120, 40)
	d.press("f")
	d.typeText("actor:alice action:user_login -ip:203.0.113.0/24")
	if a, b := d.m.filter.Value(filter.FieldActor), d.m.filter.Value(filter.FieldAction); a != "alice" || b != "user_login" {
		t.Fatalf("the form shows actor %q, action %q; want alice, user_login", a, b)
	}
	d.press("tab", "tab", "tab") // the query line → since → until → actor
	d.typeText("x")
	if got, want := d.m.filter.Value(filter.FieldQuery), "actor~alicex action:user_login -ip:203.0.113.0/24"; got != want {
		t.Fatalf("after typing in the actor field the line is %q; want %q", got, want)
	}
	d.requireScreen("-ip:203.0.113.0/24 client")
	d.press("enter")
	if got := d.m.query.String(); got != "actor~alicex action:user_login -ip:203.0.113.0/24" {
		t.Errorf("applied %q", got)
	}
	d.requireScreen("-ip:203.0.113.0/24 [client]")
}

// A wrong term is named as it is typed, before enter, and enter applies
// nothing while it is there.
func TestQueryLineErrorsLive(t *testing.T) {
	d, _ := startOn(t, 50, 80, 24)
	d.press("f")
	d.typeText("outcome:failure ip:203.0.113/24")
	d.requireScreen("ip:203.0.113/24 ← not an address or CIDR")
	d.press("enter")
	if !d.m.query.IsZero() {
		t.Fatalf("a query with a wrong term was applied: %s", d.m.query.String())
	}
	d.press("backspace", "backspace", "backspace")
	d.typeText(".0/24")
	if strings.Contains(d.screen(), "←") {
		t.Fatalf("the error stayed once the term was right:\n%s", d.screen())
	}
}

// Negation, lists and patterns are applied to every page, as the top bar
// says: no event the query excludes is shown.
func TestQueryLineFiltersClientSide(t *testing.T) {
	d, _ := startOn(t, 150, 120, 40)
	d.press("f")
	d.typeText("-action:user_login* actor:alice@example.com,bob@example.com")
	d.press("enter")
	d.until("filtered", func(m *Model) bool { return m.feed.started() && !m.feed.fetching() && m.feed.events.Len() > 0 })
	for _, e := range d.m.feed.events.Slice() {
		if strings.HasPrefix(e.Action, "user_login") || (e.Actor != "alice@example.com" && e.Actor != "bob@example.com") {
			t.Fatalf("an event the query excludes is shown: %+v", e)
		}
	}
	d.requireScreen("-action:user_login* [client]")
}

// ↑ in the query line goes back through the recent queries and ↓ comes
// back to what was being typed; an applied line becomes the most recent,
// and is written to the history file, readable by its owner only.
func TestQueryHistory(t *testing.T) {
	_, src := memoryLog(50, 50)
	file := filepath.Join(t.TempDir(), "state", "trail", "history")
	d := newDriver(t, src, 120, 40, func(o *Options) {
		o.History = []string{"outcome:failure", "action:flock_move"}
		o.HistoryFile = file
	})
	d.until("first page", loaded(50))
	d.press("f")
	d.typeText("act")
	line := func() string { return d.m.filter.Value(filter.FieldQuery) }
	for _, step := range []struct{ key, want string }{
		{"up", "action:flock_move"}, {"up", "outcome:failure"}, {"up", "outcome:failure"},
		{"down", "action:flock_move"}, {"down", "act"},
	} {
		d.press(step.key)
		if line() != step.want {
			t.Fatalf("after %s the line is %q; want %q", step.key, line(), step.want)
		}
	}
	d.press("up", "up", "enter")
	if d.m.query.String() != "outcome:failure" {
		t.Fatalf("applied %q", d.m.query.String())
	}
	d.press("f", "ctrl+r")
	d.typeText("-actor:bob@example.com")
	d.press("enter")
	d.until("history written", func(*Model) bool { _, err := os.Stat(file); return err == nil })
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), "action:flock_move\noutcome:failure\n-actor:bob@example.com\n"; got != want {
		t.Errorf("history file:\n%s\nwant:\n%s", got, want)
	}
	if info, _ := os.Stat(file); info.Mode().Perm() != 0o600 {
		t.Errorf("history file mode %v; want 0600", info.Mode().Perm())
	}
	if got := LoadHistory(file); strings.Join(got, "|") != "action:flock_move|outcome:failure|-actor:bob@example.com" {
		t.Errorf("LoadHistory = %q", got)
	}
}

// The history keeps each line once, the latest last, and no more than
// historyMax of them; lines that cannot be queries are not kept.
func TestRememberBounded(t *testing.T) {
	var h []string
	for i := range historyMax + 50 {
		h = remember(h, "text:"+strings.Repeat("x", i%300+1))
	}
	if len(h) != historyMax {
		t.Errorf("%d lines kept; want %d", len(h), historyMax)
	}
	first := h[0]
	h = remember(h, first)
	if h[len(h)-1] != first || h[0] == first || len(h) != historyMax {
		t.Errorf("a repeated line was not moved to the end")
	}
	for _, bad := range []string{"", "  ", "a\x1b[2Jb", strings.Repeat("y", historyLineMax+1)} {
		if got := remember(nil, bad); len(got) != 0 {
			t.Errorf("remember(%q) kept it", bad)
		}
	}
}

// ctrl+o goes through the config's saved queries in the line, naming each.
func TestSavedQueryPicker(t *testing.T) {
	_, src := memoryLog(50, 50)
	d := newDriver(t, src, 120, 40, func(o *Options) {
		o.SavedQueries = []SavedQuery{{Name: "failed", Line: "outcome:failure"}, {Name: "no-alice", Line: "-actor:alice@example.com"}}
	})
	d.until("first page", loaded(50))
	d.press("f")
	d.send(ctrlO)
	d.settle()
	d.requireScreen("saved 1/2")
	d.send(ctrlO)
	d.settle()
	if got := d.m.filter.Value(filter.FieldQuery); got != "-actor:alice@example.com" {
		t.Fatalf("second saved query: line %q", got)
	}
	d.press("enter")
	if d.m.query.String() != "-actor:alice@example.com" {
		t.Errorf("applied %q", d.m.query.String())
	}
}

// One source answers source: for itself, by its name or its provider.
func TestSourceTermOnOneSource(t *testing.T) {
	for _, tc := range []struct {
		line string
		want bool
	}{{"source:test", true}, {"source:memory", true}, {"-source:test", false}, {"source:other", false}} {
		d, _ := startOn(t, 30, 120, 40)
		d.press("f")
		d.typeText(tc.line)
		d.press("enter")
		d.until("filtered", func(m *Model) bool { return m.feed.started() && !m.feed.fetching() })
		if got := d.m.feed.events.Len() == 30; got != tc.want {
			t.Errorf("%s: %d events shown; want all 30: %v", tc.line, d.m.feed.events.Len(), tc.want)
		}
		// A term that rules the one source out says so: an empty list is
		// not an empty log.
		if said := strings.Contains(d.m.status.text, "names none of the sources read here (test (memory))"); said == tc.want {
			t.Errorf("%s: the status %q (should say the term names no source: %v)", tc.line, d.m.status.text, !tc.want)
		}
	}
}
