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
