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

// A small window leaves a small heap, and Go collects whenever the heap has
// grown by what is live (GOGC=100): with 500 events loaded, every 2 MB or
// so, which a held key's frames allocate in about 25 presses; each
// collection costs about 4 ms of CPU, two frames' worth (issue 21). Below gcRoom of
// live heap, the collector is let grow the heap by about gcRoom instead, at
// most five times what is live; the memory limit above still bounds it.
const (
	gcRoom    = 8 << 20 // the least the heap grows between collections, while it is small
	gcBase    = 2 << 20 // what the heap holds besides the window, roughly
	gcMaxPerc = 400     // GOGC at most
)

// gcPercent is GOGC for a window of windowBytes: 100 once the heap is
// gcRoom or more, more below, up to gcMaxPerc.
func gcPercent(windowBytes int64) int {
	live := max(windowBytes, 0) + gcBase
	return int(min(max(100*gcRoom/live, 100), gcMaxPerc))
}

// memoryLimiter sets the runtime's soft memory limit, and GOGC, from the
// window's size. It leaves the limit alone when GOMEMLIMIT is set, and GOGC
// when GOGC is: the user's word stands.
type memoryLimiter struct {
	set     func(int64) int64 // debug.SetMemoryLimit; tests replace it
	percent func(int) int     // debug.SetGCPercent; tests replace it
	off     bool              // GOMEMLIMIT is the user's
	gcOff   bool              // GOGC is the user's
	last    int64             // the window bytes the limit was last set for; -1 = never
}

func newMemoryLimiter() memoryLimiter {
	_, user := os.LookupEnv("GOMEMLIMIT")
	_, userGC := os.LookupEnv("GOGC")
	return memoryLimiter{set: debug.SetMemoryLimit, percent: debug.SetGCPercent, off: user, gcOff: userGC, last: -1}
}

// follow sets the limit to the window's bytes plus memorySlack, and GOGC to
// gcPercent, when they moved by memoryStep or more since they were last set.
func (l *memoryLimiter) follow(windowBytes int64) {
	if l.last >= 0 && abs64(windowBytes-l.last) < memoryStep {
		return
	}
	l.last = windowBytes
	if !l.off && l.set != nil {
		l.set(min(windowBytes+memorySlack, math.MaxInt64))
	}
	if !l.gcOff && l.percent != nil {
		l.percent(gcPercent(windowBytes))
	}
}

func abs64(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}
