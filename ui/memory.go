package ui

import (
	"math"
	"os"
	"runtime/debug"
)

// The loaded window is most of trail's heap. Go's collector lets the heap
// grow to twice what is live before it collects (GOGC=100), so RSS grew by
// about twice what an event holds; held to what the window holds plus a
// fixed room for the rest, it grows by what the events hold (issue 21).

// memorySlack is the room left above the window's estimated bytes (which
// count each event generously: eventOverhead) for everything else: the
// screen, a search, insights, an export's buffers, the runtime.
const memorySlack = 128 << 20

// memoryStep is how far the window's bytes move before the limit is set
// again: not on every page.
const memoryStep = 8 << 20

// memoryLimiter sets the runtime's soft memory limit from the window's size.
// It leaves the limit alone when GOMEMLIMIT is set: the user's word stands.
type memoryLimiter struct {
	set  func(int64) int64 // debug.SetMemoryLimit; tests replace it
	off  bool
	last int64 // the window bytes the limit was last set for; -1 = never
}

func newMemoryLimiter() memoryLimiter {
	_, user := os.LookupEnv("GOMEMLIMIT")
	return memoryLimiter{set: debug.SetMemoryLimit, off: user, last: -1}
}

// follow sets the limit to the window's bytes plus memorySlack when they
// moved by memoryStep or more since it was last set.
func (l *memoryLimiter) follow(windowBytes int64) {
	if l.off || l.set == nil {
		return
	}
	if l.last >= 0 && abs64(windowBytes-l.last) < memoryStep {
		return
	}
	l.last = windowBytes
	l.set(min(windowBytes+memorySlack, math.MaxInt64))
}

func abs64(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}
