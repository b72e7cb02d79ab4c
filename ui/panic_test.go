package ui

import (
	"context"
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

// bomb is a source with a bug: once armed, every Fetch and ListActions
// panics, as a provider's decoder might on data nobody foresaw.
type bomb struct {
	*sourcetest.Memory
	armed atomic.Bool
}

func (b *bomb) Fetch(ctx context.Context, q model.Query, cursor string) (sources.Page, error) {
	if b.armed.Load() {
		var evs []model.Event
		_ = evs[3] // index out of range
	}
	return b.Memory.Fetch(ctx, q, cursor)
}

// FetchSize keeps a sized fetch (a fast-paging user) on the bomb's Fetch.
func (b *bomb) FetchSize(ctx context.Context, q model.Query, cursor string, _ int) (sources.Page, error) {
	return b.Fetch(ctx, q, cursor)
}

func (b *bomb) ListActions(context.Context) ([]string, error) {
	panic("nil map")
}

func newBomb(t *testing.T) (*driver, *bomb) {
	_, mem := memoryLog(120, 50)
	src := &bomb{Memory: mem}
	d := newDriver(t, src, 120, 40)
	d.until("first page", loaded(50))
	src.armed.Store(true)
	return d, src
}

// A panic in the export's goroutine ends the export with an error on the
// status line; trail goes on (it used to die with the terminal left raw).
func TestPanicInExportIsAnError(t *testing.T) {
	d, _ := newBomb(t)
	d.press("e")
	d.m.export.SetName(filepath.Join(t.TempDir(), "x.jsonl"))
	d.press("enter")
	d.until("export ended", func(m *Model) bool { return !m.export.Running() })
	if !strings.Contains(d.m.status.text, "export failed") || !strings.Contains(d.m.status.text, "internal error") {
		t.Errorf("status %q does not report the failure", d.m.status.text)
	}
	d.press("j")
	if d.m.list.Cursor() != 1 {
		t.Error("trail stopped answering keys after the panic")
	}
}

// A panic while reading every page for insights is an error in the pane's
// place; trail goes on.
func TestPanicInInsightsWalkIsAnError(t *testing.T) {
	d, _ := newBomb(t)
	d.press("s", "A")
	d.until("walk ended", func(m *Model) bool { return m.insights == nil || !m.insights.Walking() })
	if !strings.Contains(d.m.status.text, "internal error") {
		t.Errorf("status %q does not report the failure", d.m.status.text)
	}
}

// A panic in a source while fetching the list, or listing action types, is
// an error on the status line.
func TestPanicInFetchOrListIsAnError(t *testing.T) {
	d, _ := newBomb(t)
	d.press("G", "]")
	d.until("fetch failed", func(m *Model) bool { return m.feed.err != nil })
	if !strings.Contains(d.m.feed.err.Error(), "internal error") {
		t.Errorf("fetch error %v", d.m.feed.err)
	}
	d.send(listActions(context.Background(), &bomb{})())
	if !strings.Contains(d.m.status.text, "could not list the action types: internal error") {
		t.Errorf("status %q does not report the failure", d.m.status.text)
	}
	d.send(func() (msg tea.Msg) {
		defer common.RecoverTo(&msg, "while searching")
		panic("a bug")
	}())
	if d.m.status.text != "internal error while searching (please report it): a bug" {
		t.Errorf("status %q does not report the failure", d.m.status.text)
	}
}
