package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/ui/filter"
)

// At 40x14 the filter pane is shorter than the form: moving the focus down
// scrolls it, so the focused field is always on screen, and the title says
// which fields are shown.
func TestFilterPaneScrollsToTheFocusedField(t *testing.T) {
	d, _ := startOn(t, 50, 40, 14)
	d.press("f")
	labels := []string{"query", "since", "until", "actor", "action", "ip", "target", "text"}
	for i, l := range labels {
		if i > 0 {
			d.press("tab")
		}
		if s := d.screen(); !strings.Contains(s, "▸ "+l) {
			t.Fatalf("focus on %s, which is not on screen:\n%s", l, s)
		}
	}
	d.requireScreen("fields 3–8 of 8")
	// And back up to the first.
	for range labels[1:] {
		d.press("shift+tab")
	}
	d.requireScreen("▸ query")
}

// The action chooser scrolls with the selection, shows it, and says how many
// action types match what is typed.
func TestActionChooserScrollsAndCounts(t *testing.T) {
	d, _ := startOn(t, 50, 80, 24)
	var actions []string
	for i := range 113 {
		actions = append(actions, fmt.Sprintf("type_%03d", i))
	}
	actions = append(actions, "user_login", "user_login_failure", "admin_login")
	d.m.filter.SetActions(actions)
	d.press("f", "tab", "tab", "tab", "tab") // query → since → until → actor → action
	d.typeText("login")
	choices := func() string {
		for _, l := range strings.Split(d.screen(), "\n") {
			if strings.Contains(l, " of 116") {
				return l
			}
		}
		t.Fatalf("no line says how many of the 116 action types match:\n%s", d.screen())
		return ""
	}
	if c := choices(); !strings.Contains(c, "3 of 116") {
		t.Errorf("typed login: %q, want 3 of 116", c)
	}
	d.press("ctrl+r")
	d.typeText("type_0")
	if c := choices(); !strings.Contains(c, "100 of 116") {
		t.Errorf("typed type_0: %q, want 100 of 116", c)
	}
	for range 30 {
		d.send(keyMsg("down"))
	}
	d.settle()
	if got := d.m.filter.Value(filter.FieldAction); got != "type_029" {
		t.Fatalf("after 30 downs the action is %q, want type_029", got)
	}
	if c := choices(); !strings.Contains(c, "type_029") || !strings.Contains(c, "30/100 of 116") {
		t.Errorf("the choices line does not show the selection type_029 and its place: %q", c)
	}
}

// A time the filter cannot read is said in full, wrapped, at 80x24 (it was
// cut to "since: time "7D": use RFC 3339 … a…").
func TestFilterErrorIsReadableInFull(t *testing.T) {
	d, _ := startOn(t, 50, 80, 24)
	d.press("f", "tab") // the since field
	for _, r := range "7D" {
		d.press(string(r))
	}
	d.press("enter")
	want := strings.Join(strings.Fields(model.Sanitize(d.m.filter.Err())), " ")
	if want == "" {
		t.Fatal("no error for since 7D")
	}
	if got := strings.Join(strings.Fields(d.screen()), " "); !strings.Contains(got, want) {
		t.Errorf("the screen lacks the whole error %q:\n%s", want, d.screen())
	}
}
