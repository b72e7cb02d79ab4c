package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
)

func TestExportKeyWritesTheFilteredView(t *testing.T) {
	d, evs := startOn(t, 230, 120, 40)
	d.m.query = model.Query{Action: "user_login_failure"}
	d.press("e")
	if !d.m.export.Active() || !strings.HasPrefix(d.m.export.Name(), "trail-test-") {
		t.Fatalf("e did not open the prompt with a default name: %q", d.m.export.Name())
	}
	path := filepath.Join(t.TempDir(), "failures.jsonl")
	recs := d.exportRecords(path, "exported 23 events to")
	var want []string
	for _, e := range evs {
		if e.Action == "user_login_failure" {
			want = append(want, e.ID)
		}
	}
	if len(recs) != len(want) {
		t.Fatalf("%d lines, want %d", len(recs), len(want))
	}
	for i, r := range recs {
		if r.ID != want[i] || r.Source != "test" {
			t.Fatalf("line %d: %+v", i, r)
		}
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
		t.Errorf("export is readable by others: %v", info.Mode())
	}

	// The same name again is refused rather than overwritten.
	d.press("e")
	d.exportTo(path, "export refused")
	if !strings.HasSuffix(d.m.status.text, path+" exists; choose another name") {
		t.Errorf("status %q does not refuse to overwrite", d.m.status.text)
	}
}

func TestExportCanBeCancelled(t *testing.T) {
	_, src := memoryLog(200, 50)
	d := newDriver(t, src, 120, 40)
	d.until("first page", loaded(50))
	release := src.Hold()
	defer release()
	path := filepath.Join(t.TempDir(), "x.csv")
	d.press("e")
	d.m.export.SetName(path)
	d.press("enter")
	if !d.m.export.Running() {
		t.Fatal("export not running")
	}
	d.requireScreen("exporting: page 0")
	d.press("esc")
	d.until("export cancelled", func(m *Model) bool { return !m.export.Running() })
	d.requireScreen("export cancelled")
	data, _ := os.ReadFile(path)
	if !strings.HasPrefix(string(data), "source,provider,id,time") {
		t.Errorf("CSV export lacks its header: %q", data)
	}
}

// filesSource is a source that says it reads files, as a file source does.
type filesSource struct {
	sources.Source
	files []string
}

func (s filesSource) Files() []string { return s.files }

// TestExportKeyRefusesTheFileBeingRead: `e` onto the file the source reads
// is refused by the same rules as `trail export -o` (issue 16.6), and the
// file keeps its content.
func TestExportKeyRefusesTheFileBeingRead(t *testing.T) {
	_, mem := memoryLog(60, 50)
	path := filepath.Join(t.TempDir(), "audit.jsonl")
	if err := os.WriteFile(path, []byte("evidence\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	d := newDriver(t, filesSource{mem, []string{path}}, 120, 40)
	d.until("first page", loaded(50))
	d.press("e")
	d.exportTo(path, "export refused")
	if !strings.Contains(d.m.status.text, "being exported") {
		t.Errorf("status %q does not say the file is being read", d.m.status.text)
	}
	if b, _ := os.ReadFile(path); string(b) != "evidence\n" {
		t.Errorf("the source's file now holds %q", b)
	}
}

// An export of a view without a filter does not say it is of "the
// filtered view": only what is true of the view is said.
func TestExportSaysWhetherTheViewIsFiltered(t *testing.T) {
	for _, c := range []struct {
		name string
		q    model.Query
		want string
	}{
		{"unfiltered", model.Query{}, "exporting every event of the view to "},
		{"filtered", model.Query{Action: "user_login_failure"}, "exporting the filtered view to "},
	} {
		t.Run(c.name, func(t *testing.T) {
			d, _ := startOn(t, 230, 120, 40)
			d.m.query = c.q
			d.press("e")
			d.m.export.SetName(filepath.Join(t.TempDir(), "out.jsonl"))
			d.press("enter")
			d.until("export done", func(m *Model) bool { return !m.export.Running() })
			d.press("m") // the message log holds the status line's words in full
			if s := squeeze(d.screen()); !strings.Contains(s, squeeze(c.want)) {
				t.Errorf("the messages do not say %q:\n%s", c.want, d.screen())
			}
		})
	}
}
