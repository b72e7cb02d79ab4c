package ui_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/canary"
	"github.com/trail-dev/trail/sources/canary/canaryemu"
	"github.com/trail-dev/trail/sources/faults"
	"github.com/trail-dev/trail/sources/file"
	"github.com/trail-dev/trail/sources/merge"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

// TestE2EGoToTimeOnEveryProvider: the view around a time (sources.Around,
// what @ reads) on each provider's real client against its emulator, and
// on a file: the page at the time holds the newest events before it; the
// pages after it lead to older events and the pages before it to newer
// ones, so that scrolling both ways gives exactly the reference walk of
// the whole log, in its order, split at the time. Times at an event, just
// after one, before the log and after it.
func TestE2EGoToTimeOnEveryProvider(t *testing.T) {
	now := time.Now().Truncate(time.Second)
	type opened struct {
		name string
		src  sources.Source
	}
	var srcs []opened
	for _, fp := range faultyProviders() {
		srv := httptest.NewServer(fp.emulator(now, faults.Plan{}))
		t.Cleanup(srv.Close)
		src, _ := openConfigured(t, fp.provider, fmt.Sprintf("[sources.x]\nprovider = %q\nbase_url = %q\n%s", fp.provider.Name, srv.URL, fp.table))
		srcs = append(srcs, opened{fp.provider.Name, src})
	}
	// A file: a Canary log exported, read back (it seeks).
	emu := httptest.NewServer(canaryemu.New(canaryemu.Options{Token: "t", Now: now, Events: 240, Seed: 9}))
	t.Cleanup(emu.Close)
	path := sourcetest.ExportFile(t, canary.New(canary.Config{Common: transport.Common{BaseURL: emu.URL}, Token: "t", PageSize: 100}), "evidence.jsonl", sources.ExportOptions{})
	archive, _ := openConfigured(t, file.Provider(canary.Codec()), fmt.Sprintf("[sources.archive]\nprovider = \"file\"\npath = %q\npage_size = 20\n", path))
	srcs = append(srcs, opened{"file", archive})
	// The same file oldest first, as a log that is appended to is.
	reversed := filepath.Join(t.TempDir(), "appended.jsonl")
	if err := os.WriteFile(reversed, reverseLines(t, path), 0o600); err != nil {
		t.Fatal(err)
	}
	appended, _ := openConfigured(t, file.Provider(canary.Codec()), fmt.Sprintf("[sources.appended]\nprovider = \"file\"\npath = %q\npage_size = 20\n", reversed))
	srcs = append(srcs, opened{"file oldest first", appended})
	// Merged views of a provider and a file, in either order.
	for _, f := range []opened{{"file", archive}, {"file oldest first", appended}} {
		view := merge.New([]merge.Named{{Name: "api", Provider: "canary", Source: srcs[0].src}, {Name: "archive", Provider: "file", Source: f.src}}, merge.Options{PageSize: 30})
		srcs = append(srcs, opened{"merged with " + f.name, view})
	}

	for _, o := range srcs {
		t.Run(o.name, func(t *testing.T) {
			want, err := sourcetest.Walked(context.Background(), o.src, model.Query{}, sources.WalkOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(want) < 100 {
				t.Fatalf("the reference walk holds %d events", len(want))
			}
			mid := want[len(want)/2].Time
			for _, at := range []time.Time{mid, mid.Add(time.Second), want[len(want)-1].Time.Add(-time.Hour), want[0].Time.Add(time.Hour), want[len(want)/3].Time.Add(-time.Millisecond)} {
				got, split := aroundAll(t, sources.NewAround(o.src, at, func() time.Time { return now.Add(time.Minute) }))
				if !slices.EqualFunc(got, want, func(a, b model.Event) bool { return a.ID == b.ID }) {
					t.Fatalf("at %v: the view scrolled both ways holds %d events, the log %d; first difference at %d", at, len(got), len(want), firstDiff(got, want))
				}
				// Above the time: the events after it in a log newest
				// first, the ones before it in a log oldest first.
				newestFirst := want[0].Time.After(want[len(want)-1].Time)
				for i, e := range got {
					if (i < split) != (newestFirst == !e.Time.Before(at)) {
						t.Fatalf("at %v: event %d (%v) is on the wrong side of the time (split at %d)", at, i, e.Time, split)
					}
				}
			}
		})
	}
}

// aroundAll reads a view around a time as the explorer does: the page at
// the time, then every page after it and every page before it, and returns
// the events in list order and the index of the first event of the page at
// the time.
func aroundAll(t *testing.T, a *sources.Around) ([]model.Event, int) {
	t.Helper()
	ctx := context.Background()
	q := model.Query{}
	first, err := a.Fetch(ctx, q, "")
	if err != nil {
		t.Fatal(err)
	}
	// pages reads the pages from cursor on, each reached by step from the
	// one before.
	pages := func(what, cursor string, step func(sources.Page) string) []sources.Page {
		var out []sources.Page
		for n := 0; cursor != ""; n++ {
			if n > 1000 {
				t.Fatal("no end " + what)
			}
			p, err := a.Fetch(ctx, q, cursor)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, p)
			cursor = step(p)
		}
		return out
	}
	below := append([]model.Event(nil), first.Events...)
	for _, p := range pages("below", first.Next, func(p sources.Page) string { return p.Next }) {
		below = append(below, p.Events...)
	}
	var above []model.Event
	for _, p := range pages("above", first.Prev, func(p sources.Page) string { return p.Prev }) {
		above = append(append([]model.Event(nil), p.Events...), above...)
	}
	return append(above, below...), len(above)
}

// reverseLines is the file at path with its lines in the other order.
func reverseLines(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(strings.TrimSuffix(string(b), "\n"), "\n")
	lines[len(lines)-1] += "\n"
	slices.Reverse(lines)
	return []byte(strings.Join(lines, ""))
}

func firstDiff(a, b []model.Event) int {
	for i := range min(len(a), len(b)) {
		if a[i].ID != b[i].ID {
			return i
		}
	}
	return min(len(a), len(b))
}
