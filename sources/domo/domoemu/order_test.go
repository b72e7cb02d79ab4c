package domoemu

import (
	"slices"
	"testing"
	"time"
)

var testNow = time.Date(2026, 11, 17, 15, 4, 5, 0, time.UTC)

// TestEmulatorUnsorted: the unsorted order is neither newest nor oldest
// first, and arrivals do not reorder the entries already there.
func TestEmulatorUnsorted(t *testing.T) {
	em := New(Options{Events: 200, Seed: 3, Now: testNow, Order: Unsorted})
	before := em.Entries()
	times := make([]time.Time, len(before))
	for i, e := range before {
		times[i] = e.Time
	}
	if slices.IsSortedFunc(times, time.Time.Compare) || slices.IsSortedFunc(times, func(a, b time.Time) int { return b.Compare(a) }) {
		t.Fatal("the unsorted order is sorted by time")
	}
	em.Add(generateEntries(50, 99, testNow.Add(-time.Hour))...)
	var kept []Entry
	old := map[int64]bool{}
	for _, e := range before {
		old[e.seq] = true
	}
	for _, e := range em.Entries() {
		if old[e.seq] {
			kept = append(kept, e)
		}
	}
	if !slices.EqualFunc(kept, before, func(a, b Entry) bool { return a.seq == b.seq }) {
		t.Error("arrivals reordered the entries already in the log")
	}
}
