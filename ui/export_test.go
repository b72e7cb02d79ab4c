package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trail-dev/trail/model"
)

func TestExportKeyWritesTheFilteredView(t *testing.T) {
	evs, src := memoryLog(230, 50)
	d := newDriver(t, src, 120, 40)
	d.until("first page", loaded(50))
	d.m.query = model.Query{Action: "user_login_failure"}
	d.press("e")
	if !d.m.export.active || !strings.HasPrefix(d.m.export.input.Value(), "trail-test-") {
		t.Fatalf("e did not open the prompt with a default name: %q", d.m.export.input.Value())
	}
	path := filepath.Join(t.TempDir(), "failures.jsonl")
	d.m.export.input.SetValue(path)
	d.press("enter")
	d.until("export done", func(m *Model) bool { return !m.export.running })
	d.requireScreen("exported 23 events to")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	var want []string
	for _, e := range evs {
		if e.Action == "user_login_failure" {
			want = append(want, e.ID)
		}
	}
	if len(lines) != len(want) {
		t.Fatalf("%d lines, want %d", len(lines), len(want))
	}
	for i, l := range lines {
		r, err := model.ParseRecord([]byte(l))
		if err != nil || r.ID != want[i] || r.Source != "test" {
			t.Fatalf("line %d: %+v %v", i, r, err)
		}
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
		t.Errorf("export is readable by others: %v", info.Mode())
	}

	// The same name again is refused rather than overwritten.
	d.press("e")
	d.m.export.input.SetValue(path)
	d.press("enter")
	d.until("export refused", func(m *Model) bool { return !m.export.running })
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
	d.m.export.input.SetValue(path)
	d.press("enter")
	if !d.m.export.running {
		t.Fatal("export not running")
	}
	d.requireScreen("exporting: page 0")
	d.press("esc")
	d.until("export cancelled", func(m *Model) bool { return !m.export.running })
	d.requireScreen("export cancelled")
	data, _ := os.ReadFile(path)
	if !strings.HasPrefix(string(data), "source,provider,id,time") {
		t.Errorf("CSV export lacks its header: %q", data)
	}
}
