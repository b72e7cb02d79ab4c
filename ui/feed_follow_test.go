package ui

import (
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// windowOf is a feed holding pages of the given sizes from the first page on,
// newest first, the last page the end of the log.
func windowOf(maxEvents int, sizes ...int) feed {
	f := newFeed(maxEvents, 0)
	total := 0
	for _, n := range sizes {
		total += n
	}
	evs := sourcetest.GenerateEvents(total, time.Date(2026, 11, 17, 15, 0, 0, 0, time.UTC), time.Second)
	at := 0
	for i, n := range sizes {
		d := dirNext
		if i == 0 {
			d = dirFirst
		}
		if _, ok := f.begin(d); !ok {
			panic("cannot begin")
		}
		next := "more"
		if i == len(sizes)-1 {
			next = ""
		}
		f.add(sources.Page{Events: evs[at : at+n], Next: next}, 0)
		at += n
	}
	return f
}

func newEvents(n int, from time.Time) []model.Event {
	return sourcetest.GenerateEvents(n, from.Add(time.Duration(n)*time.Second), time.Second)
}

// New events go in front of page 1 and move every index by their count; the
// window's bounds still hold, letting pages at the back go.
func TestFeedPrepend(t *testing.T) {
	f := windowOf(0, 3, 3)
	first := f.events.At(0).ID
	if shift := f.prepend(newEvents(2, time.Date(2026, 11, 17, 16, 0, 0, 0, time.UTC)), 0); shift != 2 {
		t.Fatalf("shift %d, want 2", shift)
	}
	if f.events.Len() != 8 || f.events.At(2).ID != first || f.pages[0].count != 5 || f.pages[1].start != 5 {
		t.Errorf("after prepend: %d events, event 2 %s (want %s), page 1 holds %d, page 2 starts at %d",
			f.events.Len(), f.events.At(2).ID, first, f.pages[0].count, f.pages[1].start)
	}

	capped := windowOf(6, 3, 3, 3)
	capped.prepend(newEvents(4, time.Date(2026, 11, 17, 16, 0, 0, 0, time.UTC)), 0)
	if len(capped.pages) != 2 || capped.events.Len() != 10 {
		t.Errorf("a capped window after prepend: %d pages, %d events; want the last page let go (2, 10)", len(capped.pages), capped.events.Len())
	}

	// Not at the start of the log: nothing is put in.
	scrolled := windowOf(0, 3, 3)
	scrolled.pages[0].number, scrolled.pages[0].prev = 2, "back"
	if shift := scrolled.prepend(newEvents(2, time.Now()), 0); shift != 0 || scrolled.events.Len() != 6 {
		t.Errorf("prepend away from the start: shift %d, %d events", shift, scrolled.events.Len())
	}
}

// In a file's order new events go after the last page, when it is the end.
func TestFeedAppendNew(t *testing.T) {
	f := windowOf(0, 3, 3)
	if shift := f.appendNew(newEvents(2, time.Now()), 0); shift != 0 || f.events.Len() != 8 || f.pages[1].count != 5 {
		t.Errorf("appendNew: shift %d, %d events, last page %d", shift, f.events.Len(), f.pages[1].count)
	}
	mid := windowOf(0, 3, 3)
	mid.pages[1].next = "more"
	if mid.appendNew(newEvents(2, time.Now()), 0); mid.events.Len() != 6 {
		t.Errorf("appendNew before the end of the log put %d events in", mid.events.Len()-6)
	}
}
