package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/ui/common"
)

// stalling serves its first `serve` fetches, then holds every later one
// until its context ends, as a provider that stopped answering.
type stalling struct {
	*sourcetest.Memory
	serve int32
	calls atomic.Int32
}

func (s *stalling) Fetch(ctx context.Context, q model.Query, cursor string) (sources.Page, error) {
	if s.calls.Add(1) > s.serve {
		<-ctx.Done()
		return sources.Page{}, ctx.Err()
	}
	return s.Memory.Fetch(ctx, q, cursor)
}

// FetchSize keeps a sized fetch (a fast-paging user) on the stalling Fetch.
func (s *stalling) FetchSize(ctx context.Context, q model.Query, cursor string, _ int) (sources.Page, error) {
	return s.Fetch(ctx, q, cursor)
}

// startSlowExport starts an export from the UI that has written its first
// page (50 events) and waits for the second.
func startSlowExport(t *testing.T) (*driver, string) {
	_, mem := memoryLog(400, 50)
	src := &stalling{Memory: mem, serve: 2} // the list's first page, the export's first
	d := newDriver(t, src, 120, 40)
	d.until("first page", loaded(50))
	path := filepath.Join(t.TempDir(), "evidence.jsonl")
	d.press("e")
	d.m.export.SetName(path)
	d.press("enter")
	d.until("a page exported", func(m *Model) bool { return m.export.Exported() >= 50 })
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
		if !d.m.export.Running() || d.m.export.Asking() {
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
	want := "the export to " + path + " was stopped: it holds " + common.Plural(len(lines), "event") + ", as whole lines"
	if msg != want {
		t.Errorf("Close says %q,\nwant %q", msg, want)
	}
	if len(lines) != 50 {
		t.Errorf("the file holds %d events, want the first page's 50", len(lines))
	}
}

// With no export running, q quits at once and Close has nothing to say.
func TestQuitWithoutExport(t *testing.T) {
	d, _ := startOn(t, 10, 80, 24)
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

// While an export runs the hint bar says how to stop it, and while trail
// asks whether to quit it shows the answers, not the list's keys.
func TestExportHintsSayHowToStopAndAnswer(t *testing.T) {
	d, _ := startSlowExport(t)
	last := func() string {
		lines := strings.Split(d.screen(), "\n")
		return lines[len(lines)-1]
	}
	if h := last(); !strings.Contains(h, "esc stop the export") {
		t.Errorf("hint bar during an export: %q", h)
	}
	next, _ := d.m.Update(keyMsg("q"))
	d.m = next.(Model)
	if h := last(); !strings.Contains(h, "y quit and stop the export") || !strings.Contains(h, "n keep exporting") || strings.Contains(h, "f filter") {
		t.Errorf("hint bar while asking: %q", h)
	}
	d.press("n")
}
