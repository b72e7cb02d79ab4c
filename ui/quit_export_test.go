package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/trail-dev/trail/model"
)

// startSlowExport starts an export from the UI over a source slow enough
// that it is still running, with at least one page written.
func startSlowExport(t *testing.T) (*driver, string) {
	_, src := memoryLog(400, 50)
	d := newDriver(t, src, 120, 40)
	d.until("first page", loaded(50))
	src.SetLatency(150 * time.Millisecond)
	path := filepath.Join(t.TempDir(), "evidence.jsonl")
	d.press("e")
	d.m.export.input.SetValue(path)
	d.press("enter")
	d.until("a page exported", func(m *Model) bool { return m.export.prog.Events >= 50 })
	return d, path
}

// q during an export asks first; n keeps the export going.
func TestQuitDuringExportAsks(t *testing.T) {
	d, path := startSlowExport(t)
	for _, k := range []string{"q", "ctrl+c"} {
		next, cmd := d.m.Update(keyMsg(k))
		d.m = next.(Model)
		if cmd != nil {
			if _, quit := cmd().(tea.QuitMsg); quit {
				t.Fatalf("%s quit at once during an export", k)
			}
		}
		want := "an export to " + path + " is running: quit and stop it? y/n"
		if d.m.status.text != want {
			t.Fatalf("after %s the status is %q, want %q", k, d.m.status.text, want)
		}
		d.press("n")
		if !d.m.export.running || d.m.export.quitAsk {
			t.Fatalf("n stopped the export or left the question open")
		}
	}
}

// y quits; Close then stops the export and says how many whole events the
// file holds, which is what it holds.
func TestQuitDuringExportSaysWhereTheFileStopped(t *testing.T) {
	d, path := startSlowExport(t)
	d.press("q")
	next, cmd := d.m.Update(keyMsg("y"))
	d.m = next.(Model)
	if cmd == nil {
		t.Fatal("y did not quit")
	}
	if _, quit := cmd().(tea.QuitMsg); !quit {
		t.Fatal("y did not quit")
	}
	msg := d.m.Close()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) == 0 || data[len(data)-1] != '\n' {
		t.Fatalf("the file does not end on a whole line: %q", data[max(len(data)-40, 0):])
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	for i, l := range lines {
		if _, err := model.ParseRecord([]byte(l)); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
	}
	want := "the export to " + path + " was stopped: it holds " + plural(len(lines), "event") + ", as whole lines"
	if msg != want {
		t.Errorf("Close says %q,\nwant %q", msg, want)
	}
	if len(lines) >= 400 {
		t.Errorf("the export was not stopped: %d events", len(lines))
	}
}

// With no export running, q quits at once and Close has nothing to say.
func TestQuitWithoutExport(t *testing.T) {
	_, src := memoryLog(10, 50)
	d := newDriver(t, src, 80, 24)
	d.until("first page", loaded(10))
	_, cmd := d.m.Update(keyMsg("q"))
	if cmd == nil {
		t.Fatal("q did not quit")
	}
	if _, quit := cmd().(tea.QuitMsg); !quit {
		t.Fatal("q did not quit")
	}
	if msg := d.m.Close(); msg != "" {
		t.Errorf("Close says %q with no export", msg)
	}
}
