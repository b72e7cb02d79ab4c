package ui

import (
	"strings"
	"testing"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// An entry the file source clipped (issue 16.8: kept, clipped for display,
// the whole one a key away) says so in the detail pane: how long it is and
// where the whole entry is.
func TestDetailSaysWhereAClippedEntryIs(t *testing.T) {
	evs, _ := memoryLog(3, 10)
	evs[0].Raw = []byte(`{"start":"` + strings.Repeat("a", 100))
	evs[0].Clipped = &model.ClipInfo{Size: 3 << 20, File: "/var/log/audit.jsonl", Line: 7, Offset: 1234}
	d := newDriver(t, sourcetest.NewMemory(evs, 10), 120, 40)
	d.until("first page", loaded(3))
	d.requireScreen("entry clipped: 3145728 bytes, whole entry at line 7 of /var/log/audit.jsonl")
	d.press("j")
	if strings.Contains(d.screen(), "entry clipped") {
		t.Error("an entry that was not clipped says it was")
	}
}
