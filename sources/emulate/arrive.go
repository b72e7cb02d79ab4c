package emulate

import (
	"net/http"
	"sync"
	"time"
)

// Arriving wraps an emulator so that its log grows as a provider's does
// while someone watches: one entry every every, from the moment it is made,
// each added by add with its arrival time and its number (from 1), just
// before the request that first could see it is answered. No goroutine
// runs: the entries due are added when a request comes, so an emulator
// nobody asks costs nothing. The demo's follow mode (trail --demo --arrive
// 5s) uses it; tests add entries themselves, at the times they choose.
func Arriving(h http.Handler, every time.Duration, now func() time.Time, add func(at time.Time, n int)) http.Handler {
	if every <= 0 {
		return h
	}
	if now == nil {
		now = time.Now
	}
	return &arriving{h: h, every: every, now: now, start: now(), add: add}
}

// DemoArriving is a provider's demo emulator, as newEm makes it at now,
// growing by one entry every every (none when it is 0), so the demo's
// follow mode has something to show: add puts the n-th arrival in em, made
// as the generated log's entries are and stamped with its arrival time at.
// Each emulator's DemoArriving is this with its own newEm and add.
func DemoArriving[H http.Handler](every time.Duration, newEm func(now time.Time) H, add func(em H, at time.Time, n int)) func(now time.Time) http.Handler {
	return func(now time.Time) http.Handler {
		em := newEm(now)
		return Arriving(em, every, nil, func(at time.Time, n int) { add(em, at, n) })
	}
}

type arriving struct {
	h     http.Handler
	every time.Duration
	now   func() time.Time
	start time.Time
	add   func(at time.Time, n int)

	mu    sync.Mutex
	added int
}

// ServeHTTP adds the entries due by now, then answers.
func (a *arriving) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	due := int(a.now().Sub(a.start) / a.every)
	for a.added < due {
		a.added++
		a.add(a.start.Add(time.Duration(a.added)*a.every), a.added)
	}
	a.mu.Unlock()
	a.h.ServeHTTP(w, r)
}
