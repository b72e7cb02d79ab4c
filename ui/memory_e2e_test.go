package ui_test

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/canary"
	"github.com/trail-dev/trail/sources/canary/canaryemu"
	"github.com/trail-dev/trail/ui/window"
)

// heapNow is the heap in use after a collection.
func heapNow() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// BenchmarkWindowMemory measures what the loaded window holds per event
// browsing an API (issue 21): the canary client against its emulator on
// loopback, 100,000 events fetched in pages of 1,000 and kept as the
// window keeps them. It reports the heap per event, its raw entry's
// length, and the rest: what an event costs beyond its raw JSON.
func BenchmarkWindowMemory(b *testing.B) {
	const n = 100_000
	emu := canaryemu.New(canaryemu.Options{Token: e2eToken, Now: time.Now(), Events: n, Seed: 7})
	src, _ := serveConfigured(b, canary.Provider(), emu, "TRAIL_E2E_TOKEN", `
[sources.prod]
provider = "canary"
base_url = %q
token = "env:TRAIL_E2E_TOKEN"
page_size = 1000
`)
	for i := 0; i < b.N; i++ {
		var w window.Events
		raw := 0
		before := heapNow()
		err := sources.Walk(context.Background(), src, model.Query{}, sources.WalkOptions{}, func(page []model.Event) error {
			for i := range page {
				raw += len(page[i].Raw)
			}
			w.Append(page)
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		held := float64(heapNow() - before)
		if w.Len() != n {
			b.Fatalf("walked %d events, want %d", w.Len(), n)
		}
		b.ReportMetric(held/n, "heap-B/event")
		b.ReportMetric(float64(raw)/n, "raw-B/event")
		b.ReportMetric((held-float64(raw))/n, "beyond-raw-B/event")
		runtime.KeepAlive(w)
	}
}
