package emulate

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// Entries arrive one per interval, each with its time, when a request comes.
func TestArriving(t *testing.T) {
	now := time.Date(2026, 11, 17, 15, 0, 0, 0, time.UTC)
	var got []time.Time
	h := Arriving(http.NotFoundHandler(), 5*time.Second, func() time.Time { return now }, func(at time.Time, n int) {
		if n != len(got)+1 {
			t.Errorf("entry numbered %d, want %d", n, len(got)+1)
		}
		got = append(got, at)
	})
	ask := func() { h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil)) }
	ask()
	if len(got) != 0 {
		t.Fatalf("%d entries before the first interval", len(got))
	}
	now = now.Add(12 * time.Second)
	ask()
	if len(got) != 2 || !got[1].Equal(now.Add(-2*time.Second)) {
		t.Errorf("after 12s: %v, want two, the second at 10s", got)
	}
	ask()
	if len(got) != 2 {
		t.Errorf("a second request at the same time added %d more", len(got)-2)
	}
}

// DemoArriving makes the emulator at the demo's now and hands that very
// emulator each arrival; with no interval it is the emulator alone.
func TestDemoArriving(t *testing.T) {
	now := time.Date(2026, 11, 17, 15, 0, 0, 0, time.UTC)
	type emu struct {
		http.Handler
		made  time.Time
		added []int
	}
	var made *emu
	newEm := func(at time.Time) *emu {
		made = &emu{Handler: http.NotFoundHandler(), made: at}
		return made
	}
	add := func(em *emu, at time.Time, n int) {
		if em != made || at.IsZero() {
			t.Errorf("arrival %d given to %p at %v, want %p", n, em, at, made)
		}
		em.added = append(em.added, n)
	}
	if h := DemoArriving(0, newEm, add)(now); h != http.Handler(made) || !made.made.Equal(now) {
		t.Errorf("no interval: %v, want the emulator made at %v", h, now)
	}
	h := DemoArriving(time.Nanosecond, newEm, add)(now)
	if h == http.Handler(made) || !made.made.Equal(now) {
		t.Fatalf("an interval: the emulator unwrapped or made at %v", made.made)
	}
	for range 1000 {
		if h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil)); len(made.added) > 0 {
			break
		}
	}
	if len(made.added) == 0 || made.added[0] != 1 {
		t.Errorf("arrivals %v, want them numbered from 1", made.added)
	}
}
