package ui

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/ui/marks"
)

// withState keeps marks in dir.
func withState(dir string) func(*Options) { return func(o *Options) { o.StateDir = dir } }

// TestMarksRoundTrip: M marks the selected events, the rows show a ◆, the
// status line counts them, u and U step between them, and a new session on
// the same source finds them in the state file.
func TestMarksRoundTrip(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "trail")
	evs, src := memoryLog(120, 50)
	d := newDriver(t, src, 120, 40, withState(dir))
	d.until("first page", loaded(50))
	d.press("j", "M", "j", "j", "j", "M")
	d.until("saved", func(m *Model) bool { _, err := os.Stat(marks.Path(dir, "test")); return err == nil })
	d.requireScreen("◆ 2 marked")
	lines := strings.Split(d.screen(), "\n")
	marked := 0
	for _, l := range lines {
		if strings.HasPrefix(l, "◆") {
			marked++
		}
	}
	if marked != 2 {
		t.Errorf("%d rows drawn marked, want 2:\n%s", marked, d.screen())
	}
	d.press("g")
	d.press("u")
	if c := d.m.list.Cursor(); c != 1 {
		t.Errorf("u from the top went to row %d, want 1", c)
	}
	d.press("u")
	if c := d.m.list.Cursor(); c != 4 {
		t.Errorf("u again went to row %d, want 4", c)
	}
	d.press("u")
	if c := d.m.list.Cursor(); c != 4 || !strings.Contains(d.m.status.text, "no mark below") {
		t.Errorf("u past the last mark: row %d, status %q", c, d.m.status.text)
	}
	d.press("U")
	if c := d.m.list.Cursor(); c != 1 {
		t.Errorf("U went to row %d, want 1", c)
	}
	if info, err := os.Stat(marks.Path(dir, "test")); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("marks file: %v, %v; want it 0600", info, err)
	}
	d.settle()

	d2 := newDriver(t, src, 120, 40, withState(dir))
	d2.until("first page", loaded(50))
	if d2.m.marks.Len() != 2 || !d2.m.marks.Has(evs[1].ID) || !d2.m.marks.Has(evs[4].ID) {
		t.Fatalf("the next session has marks %v, want events 1 and 4", d2.m.marks.List())
	}
	d2.requireScreen("◆ 2 marked")
	// Unmarking is saved too.
	d2.press("j", "M")
	d2.until("saved", func(m *Model) bool {
		s, err := marks.Load(dir, "test")
		return err == nil && s.Len() == 1
	})
}

// TestMarksCorruptFile: a marks file that is not one is said on the status
// line and kept aside; trail runs with no marks.
func TestMarksCorruptFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(marks.Path(dir, "test"), []byte("not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	d, _ := startOn(t, 20, 120, 40, withState(dir))
	if !strings.Contains(d.m.status.text, "unreadable") {
		t.Errorf("the corrupt file was not said: status %q", d.m.status.text)
	}
	if d.m.marks.Len() != 0 {
		t.Errorf("%d marks from a corrupt file", d.m.marks.Len())
	}
}

// TestMarksOutsideTheWindow: with the marked event beyond the loaded
// pages, u goes to its time, the cursor on it, and says so; backspace
// comes back.
func TestMarksOutsideTheWindow(t *testing.T) {
	d, evs := startOn(t, 300, 120, 40)
	if _, err := d.m.marks.Toggle(evs[250].ID, evs[250].Time); err != nil {
		t.Fatal(err)
	}
	d.press("u")
	d.until("the view at the mark", settledAt)
	if e := d.m.selected(); e == nil || e.ID != evs[250].ID {
		t.Fatalf("u went to %v, want the marked event 250", e)
	}
	if !strings.Contains(d.m.status.text, "the next mark below was not loaded: going to its time") {
		t.Errorf("status %q does not say where u went", d.m.status.text)
	}
	d.press("backspace")
	d.until("back", func(m *Model) bool { return !m.feed.fetching() })
	if !d.m.atTime.IsZero() {
		t.Error("backspace did not come back from the mark's time")
	}
	d.press("g", "U")
	if !strings.Contains(d.m.status.text, "no mark above in this view") {
		t.Errorf("U at the top: status %q", d.m.status.text)
	}
}

// TestMarksBeyondTheWindowInAFilesOrder: in a list oldest first (a file
// as written), the marks above the loaded events are the older ones and
// those below the newer. U at the end of such a file said "no mark above"
// of a mark at its start: it looked for newer marks above, as in a
// newest-first list.
func TestMarksBeyondTheWindowInAFilesOrder(t *testing.T) {
	evs, _ := memoryLog(300, 50)
	slices.Reverse(evs) // oldest first
	d := newDriver(t, sourcetest.Seekable{Memory: sourcetest.NewMemory(evs, 50)}, 120, 40)
	d.until("first page", loaded(50))
	for _, i := range []int{10, 30} { // on the first page, older than the end
		if _, err := d.m.marks.Toggle(evs[i].ID, evs[i].Time); err != nil {
			t.Fatal(err)
		}
	}
	d.press("G")
	d.until("the last page", func(m *Model) bool { return !m.feed.fetching() && m.feed.atEnd() && !m.feed.atStart() })
	near, ok := d.m.markBeyond(false)
	if !ok || !near.Equal(evs[30].Time) {
		t.Fatalf("the mark above the end of the file: %v %v, want event 30's time %v", near, ok, evs[30].Time)
	}
	if _, ok := d.m.markBeyond(true); ok {
		t.Error("a mark below the end of the file")
	}
	d.send(keyMsg("U"))
	if !strings.Contains(d.m.status.text, "the next mark above was not loaded: going to its time") || !d.m.atTime.Equal(evs[30].Time) {
		t.Errorf("U at the end of the file: status %q, at %v", d.m.status.text, d.m.atTime)
	}
}

// TestExportMarkedOnly: e, tab, enter writes the marked events alone, in
// the log's order, whatever the filter, and stops at the last one.
func TestExportMarkedOnly(t *testing.T) {
	d, evs := startOn(t, 230, 120, 40)
	want := []int{3, 60, 61, 140}
	for _, i := range want {
		if _, err := d.m.marks.Toggle(evs[i].ID, evs[i].Time); err != nil {
			t.Fatal(err)
		}
	}
	d.m.query = model.Query{Action: "no-such-action"} // a filter hides none of the marks from the export
	d.press("e", "tab")
	path := filepath.Join(t.TempDir(), "marked.jsonl")
	recs := d.exportRecords(path, "exported 4 events to")
	if len(recs) != len(want) {
		t.Fatalf("%d lines, want %d:\n%+v", len(recs), len(want), recs)
	}
	for i, r := range recs {
		if r.ID != evs[want[i]].ID {
			t.Fatalf("line %d: %+v; want event %d", i, r, want[i])
		}
	}
}
