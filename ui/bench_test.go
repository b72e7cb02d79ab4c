package ui

import (
	"context"
	"runtime"
	"runtime/debug"
	"strconv"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/ui/search"
	"github.com/trail-dev/trail/ui/theme"
	"github.com/trail-dev/trail/ui/window"
)

// loadedModel returns a model at width x height with n events already loaded
// in pages of 100, the cursor in the middle, and nothing in flight.
func loadedModel(tb testing.TB, n, width, height int) Model {
	tb.Helper()
	base := sourcetest.GenerateEvents(1000, testNow, 0)
	evs := make([]model.Event, n)
	for i := range evs {
		evs[i] = base[i%len(base)]
		evs[i].ID = strconv.Itoa(n - i)
	}
	m := New(Options{
		Source: sourcetest.NewMemory(nil, 100), SourceName: "bench", Provider: "memory",
		Theme: theme.Dark, Now: func() time.Time { return testNow }, MaxEvents: n + 1,
	})
	m.cancel()
	m.feed.inflight = nil
	m.feed.events = window.Events{}
	for start, num := 0, 1; start < n; start, num = start+100, num+1 {
		m.feed.events.Append(evs[start:min(start+100, n)])
		m.feed.hist.Add(evs[start:min(start+100, n)])
		m.feed.pages = append(m.feed.pages, pageInfo{number: num, start: start, count: min(100, n-start), next: "more"})
		m.feed.history[num] = "c" + strconv.Itoa(num)
	}
	next, _ := m.Update(tea.WindowSizeMsg{Width: width, Height: height})
	m = next.(Model)
	// The same distance from the end for every n, so the rows on screen are
	// the same events (base repeats every 1000) and only the load differs.
	m.list.Move(m.feed.window(), n-500)
	return m
}

// BenchmarkCursorMove measures one keypress that moves the cursor one row,
// and the frame drawn after it: Update (which also rebuilds the detail pane
// for the new event) plus View. Its cost must not depend on how many events
// are loaded.
func BenchmarkCursorMove(b *testing.B) { benchCursorMove(b, true) }

// BenchmarkCursorMoveNoGC is BenchmarkCursorMove with the collector paused
// while the clock runs: the frame's own work. With the collector on, a
// small heap (1k events) is collected more often than a large one, so the
// 1k figure carries more collection per frame than the 1M one does; this
// benchmark is the like-for-like comparison of the two loads.
func BenchmarkCursorMoveNoGC(b *testing.B) { benchCursorMove(b, false) }

func benchCursorMove(b *testing.B, gc bool) {
	for _, n := range []int{1_000, 1_000_000} {
		b.Run("events="+strconv.Itoa(n), func(b *testing.B) {
			m := loadedModel(b, n, 120, 40)
			keys := []tea.KeyPressMsg{{Code: 'j', Text: "j"}, {Code: 'k', Text: "k"}}
			runtime.GC() // finish collecting the set-up before the clock starts
			if !gc {
				defer debug.SetGCPercent(debug.SetGCPercent(-1))
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if !gc && i%1000 == 999 { // collect outside the clock
					b.StopTimer()
					runtime.GC()
					b.StartTimer()
				}
				next, _ := m.Update(keys[i%2])
				m = next.(Model)
				_ = m.View()
			}
		})
	}
}

// TestFrameCostIndependentOfLoad checks, by counting, what the benchmark
// measures by time: a move renders the same number of rows with 1k and 1M
// events loaded.
func TestFrameCostIndependentOfLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a million events")
	}
	small := loadedModel(t, 1_000, 120, 40)
	big := loadedModel(t, 1_000_000, 120, 40)
	a, b := small.View().Content, big.View().Content
	if la, lb := len(splitLines(a)), len(splitLines(b)); la != lb || la != 40 {
		t.Fatalf("frames have %d and %d lines, want 40 each", la, lb)
	}
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// BenchmarkSearch1M measures `/` over a million loaded events: the scan to
// the first match for a term that occurs now and then, and for one that
// occurs nowhere (the whole list), and the count of all matches.
func BenchmarkSearch1M(b *testing.B) {
	m := loadedModel(b, 1_000_000, 120, 40)
	evs := m.feed.events
	ctx := context.Background()
	cases := []struct{ name, q string }{
		{"first-match-common", "user_login_failure"},
		{"first-match-rare", "#777)"},
		{"no-match", "no such text anywhere"},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				search.Find(ctx, evs, c.q, 0, 1)
			}
		})
	}
	b.Run("count", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			search.CountMatches(ctx, evs, "user_login_failure", -1)
		}
	})
}

// BenchmarkPageArrivalAtCap measures a page arriving once the window is at
// its 200,000-event cap (issue 21): the page message's Update on the UI
// goroutine, which takes the page in, lets the oldest page go and keeps
// the timeline and the list's place. It must cost the page, not the
// window: under 2 ms for 1,000 events.
func BenchmarkPageArrivalAtCap(b *testing.B) {
	const loaded = 200_000
	for _, size := range []int{100, 1_000} {
		b.Run("page="+strconv.Itoa(size), func(b *testing.B) {
			m := loadedModel(b, loaded, 120, 40)
			m.feed.maxEvents = loaded
			base := sourcetest.GenerateEvents(1000, testNow, 0)
			// Pages made before the clock starts, as the fetch goroutine
			// makes them; the window only reads them, so they can repeat.
			pages := make([][]model.Event, 64)
			for p := range pages {
				pages[p] = make([]model.Event, size)
				for i := range pages[p] {
					pages[p][i] = base[(p*size+i)%len(base)]
					pages[p][i].Time = testNow.Add(time.Duration(p*size+i) * time.Second)
				}
			}
			runtime.GC()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				// The cursor near the end, as while G walks or the user reads
				// on: the pages let go are the oldest.
				m.list.Move(m.feed.window(), m.feed.events.Len()-size/2)
				req, ok := m.feed.begin(dirNext)
				if !ok {
					b.Fatal("no next page to ask for")
				}
				next, _ := m.Update(pageLoadedMsg{seq: req.seq, page: sources.Page{Events: pages[i%len(pages)], Next: "more"}})
				m = next.(Model)
			}
			b.StopTimer()
			if n := m.feed.events.Len(); n > loaded+size || n < loaded-size {
				b.Fatalf("%d events loaded, want about %d", n, loaded)
			}
		})
	}
}
