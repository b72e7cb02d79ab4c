package ui

import (
	"encoding/json"
	"testing"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/ui/internal/uitest"
)

// hostileFrameEvents are the events of issue 16.2 that froze the screen: each is
// small on the wire, but drawing it was quadratic or grew without bound.
func hostileFrameEvents() map[string]model.Event {
	ua := uitest.RepeatTo("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 ", 256*1024)
	uaRaw, _ := json.Marshal(map[string]string{"id": "ua", "user_browser_agent": ua})
	mib := uitest.RepeatTo("abcdefghijklmnopqrstuvwxyz ÄÖÜ 漢字 ", 1<<20)
	mibRaw, _ := json.Marshal(map[string]string{"id": "mib", "message": mib})
	return map[string]model.Event{
		"user-agent-256KiB": {ID: "ua", Time: testNow, Actor: "alice", Client: ua, Raw: uaRaw},
		"nested-2000":       {ID: "deep2k", Time: testNow, Raw: uitest.NestedJSON(2000)},
		"nested-10000":      {ID: "deep10k", Time: testNow, Raw: uitest.NestedJSON(10000)},
		"list-field-1MiB":   {ID: "mib", Time: testNow, Actor: mib, Summary: mib, Raw: mibRaw},
	}
}

// BenchmarkHostileFrame measures the frame drawn when a hostile event is
// selected: the detail pane built for it and the whole screen drawn, at
// 120x40 with the detail pane open. Each must stay under 5 ms.
func BenchmarkHostileFrame(b *testing.B) {
	for _, name := range []string{"user-agent-256KiB", "nested-2000", "nested-10000", "list-field-1MiB"} {
		b.Run(name, func(b *testing.B) {
			m := loadedModel(b, 1_000, 120, 40)
			*m.feed.events.At(m.list.Cursor()) = hostileFrameEvents()[name]
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				m.detail.Refresh() // as if the cursor had just arrived on it
				m.detail.SetEvent(m.selected(), m.loc)
				_ = m.View()
			}
		})
	}
}
