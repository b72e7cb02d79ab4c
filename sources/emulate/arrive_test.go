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
