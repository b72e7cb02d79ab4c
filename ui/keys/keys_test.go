package keys

import (
	"strings"
	"testing"
)

// A [keys] table that names no action, binds a key twice or leaves an
// action without keys is refused; the defaults never clash.
func TestRebindRefusesBadTables(t *testing.T) {
	k := DefaultKeyMap()
	for _, bad := range []map[string][]string{{"donw": {"x"}}, {"down": {"k"}}, {"quit": {}}} {
		if err := k.Rebind(bad); err == nil {
			t.Errorf("Rebind(%v) accepted", bad)
		}
	}
	if k := DefaultKeyMap(); k.Rebind(nil) != nil {
		t.Errorf("the default bindings clash: %v", k.Rebind(nil))
	}
}

// A rebound action's help names the keys it has now.
func TestRebindRelabels(t *testing.T) {
	k := DefaultKeyMap()
	if err := k.Rebind(map[string][]string{"down": {"ctrl+n", "down"}}); err != nil {
		t.Fatal(err)
	}
	if got := k.Down.Help().Key; got != "ctrl+n/↓" {
		t.Errorf("down is labelled %q", got)
	}
	if len(Names()) == 0 || Names()[0] != "up" {
		t.Errorf("Names() = %v", Names())
	}
}

// Y's help says what it copies from the detail pane: the value on the
// cursor line (ui's copyField), not the pane's top field.
func TestCopyFieldHelpNamesTheCursorLine(t *testing.T) {
	desc := DefaultKeyMap().CopyField.Help().Desc
	if want := "cursor line"; !strings.Contains(desc, want) || strings.Contains(desc, "top field") {
		t.Errorf("Y's help says %q; want it to name the %s", desc, want)
	}
}
