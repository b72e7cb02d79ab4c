package ui

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// BenchmarkScrollHidesLatency scrolls at 20 rows a second against a source
// that takes 300 ms to answer each page of 100, and counts the frames in
// which the list shows its loading row after the first page. The target is
// none. It runs for a minute of real time (TRAIL_SCROLL_SECONDS changes it):
//
//	go test ./ui -run '^$' -bench ScrollHidesLatency -benchtime 1x
func BenchmarkScrollHidesLatency(b *testing.B) {
	seconds := 60
	if v, err := strconv.Atoi(os.Getenv("TRAIL_SCROLL_SECONDS")); err == nil && v > 0 {
		seconds = v
	}
	for i := 0; i < b.N; i++ {
		loading, frames := scrollAt(b, 20, 300*time.Millisecond, time.Duration(seconds)*time.Second)
		b.ReportMetric(float64(loading), "loading-frames")
		b.ReportMetric(float64(frames), "frames")
	}
}

// TestScrollHidesLatency is the benchmark's scenario, shortened, as a test:
// scrolling steadily never shows the loading row.
func TestScrollHidesLatency(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("runs in real time")
	}
	if loading, frames := scrollAt(t, 20, 300*time.Millisecond, 8*time.Second); loading > 0 {
		t.Errorf("%d of %d frames showed the loading row", loading, frames)
	}
}

// scrollAt moves the cursor down rowsPerSecond times a second for d, against
// a source answering each page of 100 after latency, and returns how many
// frames showed the loading row in the list, and how many frames there were.
func scrollAt(tb testing.TB, rowsPerSecond int, latency, d time.Duration) (loading, frames int) {
	evs := sourcetest.GenerateEvents(rowsPerSecond*int(d.Seconds())+500, testNow, time.Minute)
	mem := sourcetest.NewMemory(evs, 100)
	return holdKey(tb, mem, mem, "j", rowsPerSecond, latency, d)
}

// holdKey presses key perSecond times a second for d, against src (mem, or
// mem wrapped) answering each page after latency, and returns how many frames
// showed the loading row in the list, and how many frames there were.
func holdKey(tb testing.TB, src sources.Source, mem *sourcetest.Memory, key string, perSecond int, latency, d time.Duration) (loading, frames int) {
	mem.SetLatency(latency)
	drv := newDriver(tb, src, 120, 40, func(o *Options) { o.Now = time.Now })
	drv.until("first page", func(m *Model) bool { return m.feed.events.Len() > 0 })
	tick := time.NewTicker(time.Second / time.Duration(perSecond))
	defer tick.Stop()
	end := time.Now().Add(d)
	for time.Now().Before(end) {
		select {
		case msg := <-drv.msgs:
			drv.send(msg)
		case <-tick.C:
			drv.send(keyMsg(key))
			frames++
			if listShowsLoading(drv.screen()) {
				loading++
			}
		}
	}
	return loading, frames
}

// listShowsLoading reports whether the list part of a screen (not the status
// line) has its loading row (or a wait in its place).
func listShowsLoading(screen string) bool {
	lines := strings.Split(screen, "\n")
	for _, l := range lines[:max(len(lines)-2, 0)] {
		if strings.Contains(l, "loading ") || strings.Contains(l, "(r: now)") {
			return true
		}
	}
	return false
}

// TestFastScrollHidesLatency: faster than a screen per page's latency, the
// lead grows with the speed.
func TestFastScrollHidesLatency(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("runs in real time")
	}
	if loading, frames := scrollAt(t, 60, time.Second, 8*time.Second); loading > 0 {
		t.Errorf("%d of %d frames showed the loading row", loading, frames)
	}
}

// BenchmarkHeldPgDn holds PgDn at key-repeat rate (30 a second, a 40-row
// terminal) against a source that takes 300 ms to answer each page, and
// reports the share of frames that show the loading row after the first
// page (issue 21: the target is at most 5 %), and the fetches made.
// sizer=false hides the source's sources.Sizer (every page at its own size,
// as before the page size grew), ahead=false its sources.Predictor (one
// request in flight at a time, as before the second request). The cases:
// pages of 100 growing up to 1,000 (the Sizer alone suffices), and pages
// of 100 at their largest already (the Sizer cannot help: a provider whose
// largest page is its page size, or a source with no Sizer). It runs for
// 20 s of real time a case (TRAIL_SCROLL_SECONDS changes it):
//
//	go test ./ui -run '^$' -bench HeldPgDn -benchtime 1x
func BenchmarkHeldPgDn(b *testing.B) {
	seconds := 20
	if v, err := strconv.Atoi(os.Getenv("TRAIL_SCROLL_SECONDS")); err == nil && v > 0 {
		seconds = v
	}
	for _, c := range []struct {
		page, largest int
		sizer, ahead  bool
	}{
		{100, 1000, false, false}, {100, 1000, true, false}, {100, 1000, true, true},
		{100, 100, true, false}, {100, 100, true, true},
	} {
		name := fmt.Sprintf("page=%d/largest=%d/sizer=%t/ahead=%t", c.page, c.largest, c.sizer, c.ahead)
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				evs := sourcetest.GenerateEvents(40*30*seconds+2_000, testNow, time.Second)
				mem := sourcetest.NewMemory(evs, c.page)
				mem.SetMaxPageSize(c.largest)
				var src sources.Source
				switch {
				case c.sizer && c.ahead:
					src = mem
				case c.sizer:
					src = struct {
						sources.Source
						sources.Sizer
					}{mem, mem}
				case c.ahead:
					src = struct {
						sources.Source
						sources.Predictor
					}{mem, mem}
				default:
					src = struct{ sources.Source }{mem}
				}
				loading, frames := holdKey(b, src, mem, "pgdown", 30, 300*time.Millisecond, time.Duration(seconds)*time.Second)
				b.ReportMetric(100*float64(loading)/float64(max(frames, 1)), "%loading-frames")
				b.ReportMetric(float64(frames), "frames")
				b.ReportMetric(float64(mem.Calls()), "fetches")
			}
		})
	}
}
