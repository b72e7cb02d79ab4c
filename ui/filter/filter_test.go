package filter

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/ui/theme"
)

var testNow = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

// newPane is a filter pane 100 cells wide, without colour, for a source
// with no capabilities, whose clock says testNow.
func newPane() Model {
	st := theme.New(theme.None)
	f := New(sources.Capabilities{}, &st, func() time.Time { return testNow })
	f.SetSize(100, Height)
	return f
}

// openOn is newPane opened on the query line reads as, and that query.
func openOn(t *testing.T, line string) (Model, model.Query) {
	t.Helper()
	q, err := model.ParseQuery(line, testNow, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	f := newPane()
	f.Open(q, time.UTC)
	return f, q
}

// The pane answers its keys with an outcome: enter applies only a query it
// can read (else it says why and stays), esc cancels; the root does the rest.
func TestFilterOutcomes(t *testing.T) {
	f := newPane()
	f.Open(model.Query{Actor: "alice"}, time.UTC)
	f.SetValue(FieldSince, "yesterday-ish")
	f, _, out := f.Update(tea.KeyPressMsg{Code: tea.KeyEnter}, testNow)
	if out != Stay || !strings.Contains(ansi.Strip(f.View()), "since:") {
		t.Fatalf("a bad since: outcome %v, view:\n%s", out, ansi.Strip(f.View()))
	}
	f.SetValue(FieldSince, "24h")
	f, _, out = f.Update(tea.KeyPressMsg{Code: tea.KeyEnter}, testNow)
	q, err := f.Query(testNow)
	if out != Apply || err != nil || q.Actor != "alice" || !q.Since.Equal(testNow.Add(-24*time.Hour)) {
		t.Fatalf("apply: outcome %v, query %+v, %v", out, q, err)
	}
	if _, _, out = f.Update(tea.KeyPressMsg{Code: tea.KeyEscape}, testNow); out != Cancel {
		t.Fatalf("esc: outcome %v", out)
	}
	if n := strings.Count(f.View(), "\n") + 1; n > Height {
		t.Errorf("the form is %d lines, more than Height %d", n, Height)
	}
}

// The pane opens on the query in force as a line, a pivot's actor an
// equality; typing in the actor field makes it a part of the name, and the
// terms the form cannot show stay in the line.
func TestOpenWritesTheLine(t *testing.T) {
	f, q := openOn(t, "actor:root -outcome:success ip:192.0.2.0/24")
	if got := f.Value(FieldQuery); got != "actor:root -outcome:success ip:192.0.2.0/24" {
		t.Fatalf("line %q", got)
	}
	if got, err := f.Query(testNow); err != nil || !got.Equal(q) {
		t.Fatalf("Query() = %s, %v; want %s", got.String(), err, q.String())
	}
	f.SetValue(FieldActor, "roo")
	if got := f.Value(FieldQuery); got != "actor~roo -outcome:success ip:192.0.2.0/24" {
		t.Fatalf("after typing in the actor field the line is %q", got)
	}
	f.SetValue(FieldQuery, "since:24h action:flock_move")
	if f.Value(FieldActor) != "" || f.Value(FieldAction) != "flock_move" || f.Value(FieldSince) != "24h" {
		t.Fatalf("the form after the line: actor %q, action %q, since %q", f.Value(FieldActor), f.Value(FieldAction), f.Value(FieldSince))
	}
}

// With two wrong terms on the line the form still shows the rest of it,
// not what an earlier keystroke left: "foo" typed on the way to "foo:bar"
// after a wrong ip: term is no text filter.
func TestFormSkipsEveryWrongTerm(t *testing.T) {
	f := newPane()
	f.Open(model.Query{}, time.UTC)
	f.SetValue(FieldQuery, "ip:203.0.113/24 foo")
	f.SetValue(FieldQuery, "ip:203.0.113/24 foo:bar action:flock_move")
	if f.Value(FieldText) != "" || f.Value(FieldAction) != "flock_move" {
		t.Fatalf("the form after two wrong terms: text %q, action %q", f.Value(FieldText), f.Value(FieldAction))
	}
	if v := ansi.Strip(f.View()); !strings.Contains(v, "ip:203.0.113/24 ← not an address or CIDR") {
		t.Errorf("the first wrong term is not named:\n%s", v)
	}
}

// A relative time stays as typed: a query applied with since:7d opens
// again as since:7d, and editing another field leaves it so, rather than
// writing the instant it came to into the line (and so into the history).
func TestRelativeTimeStaysAsTyped(t *testing.T) {
	f, _ := openOn(t, "since:7d until:yesterday outcome:failure")
	if got := f.Value(FieldQuery); got != "since:7d until:yesterday outcome:failure" {
		t.Fatalf("opened on since:7d, the line is %q", got)
	}
	if f.Value(FieldSince) != "7d" || f.Value(FieldUntil) != "yesterday" {
		t.Errorf("the form's times: since %q, until %q", f.Value(FieldSince), f.Value(FieldUntil))
	}
	f.SetValue(FieldActor, "alice")
	if got := f.Value(FieldQuery); got != "since:7d until:yesterday actor~alice outcome:failure" {
		t.Errorf("after typing an actor the line is %q", got)
	}
	if got, err := f.Query(testNow); err != nil || !got.Since.Equal(testNow.Add(-7*24*time.Hour)) {
		t.Errorf("the query reads since %v (%v); want seven days before now", got.Since, err)
	}
}
