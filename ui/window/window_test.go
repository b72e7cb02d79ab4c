package window

import (
	"strconv"
	"strings"
	"testing"

	"github.com/trail-dev/trail/model"
)

func page(from, n int) []model.Event {
	evs := make([]model.Event, n)
	for i := range evs {
		evs[i].ID = strconv.Itoa(from + i)
	}
	return evs
}

// check asserts w holds the events numbered from..from+n-1 in order, by At,
// Each, EachBack and Slice.
func check(t *testing.T, w Events, from, n int) {
	t.Helper()
	if w.Len() != n {
		t.Fatalf("Len = %d, want %d", w.Len(), n)
	}
	for i := 0; i < n; i++ {
		if got, want := w.At(i).ID, strconv.Itoa(from+i); got != want {
			t.Fatalf("At(%d) = %s, want %s", i, got, want)
		}
	}
	next := 3
	w.Each(3, func(i int, e *model.Event) bool {
		if i != next || e.ID != strconv.Itoa(from+i) {
			t.Fatalf("Each gave %d %s, want %d", i, e.ID, next)
		}
		next++
		return true
	})
	if n > 3 && next != n {
		t.Fatalf("Each stopped at %d of %d", next, n)
	}
	prev := n - 2
	w.EachBack(n-2, func(i int, e *model.Event) bool {
		if i != prev || e.ID != strconv.Itoa(from+i) {
			t.Fatalf("EachBack gave %d %s, want %d", i, e.ID, prev)
		}
		prev--
		return true
	})
	if n > 1 && prev != -1 {
		t.Fatalf("EachBack stopped at %d", prev)
	}
	if s := w.Slice(); len(s) != n || n > 0 && s[n-1].ID != strconv.Itoa(from+n-1) {
		t.Fatalf("Slice = %d events", len(s))
	}
}

func TestAppendPrependDrop(t *testing.T) {
	var w Events
	check(t, w, 0, 0)
	w.Append(page(100, 10))
	w.Append(page(110, 0)) // an empty page (a filter kept nothing)
	w.Append(page(110, 5))
	check(t, w, 100, 15)
	w.Prepend(page(90, 10))
	w.Prepend(page(80, 10))
	check(t, w, 80, 35)
	if got := w.DropFront(2); got != 20 {
		t.Fatalf("DropFront(2) dropped %d, want 20", got)
	}
	check(t, w, 100, 15)
	if got := w.DropBack(1); got != 5 {
		t.Fatalf("DropBack(1) dropped %d, want 5", got)
	}
	check(t, w, 100, 10)
	w.Append(page(110, 7))
	check(t, w, 100, 17)
	w.DropFront(w.Pages())
	check(t, w, 0, 0)
	w.Append(page(0, 4))
	check(t, w, 0, 4)
}

// TestSnapshotUnchanged: a copy taken before the window moves reads the
// same events after, whatever is appended, prepended or dropped (a search
// in the background reads such a copy).
func TestSnapshotUnchanged(t *testing.T) {
	var w Events
	for p := 0; p < 4; p++ {
		w.Append(page(p*10, 10))
	}
	snap := w
	w.DropBack(2)
	w.Append(page(900, 10)) // where page 2 was in the index
	w.DropFront(1)
	w.Prepend(page(800, 10))
	check(t, snap, 0, 40)
	if w.At(0).ID != "800" || w.At(w.Len()-1).ID != "909" {
		t.Fatalf("window after the moves: %s … %s", w.At(0).ID, w.At(w.Len()-1).ID)
	}
}

// JoinFront and JoinBack grow the first and last pages in place of the
// window, and a snapshot taken before reads what it read.
func TestJoinFrontAndBackKeepSnapshots(t *testing.T) {
	ev := func(id string) model.Event { return model.Event{ID: id} }
	var w Events
	w.Append([]model.Event{ev("3"), ev("4")})
	w.Append([]model.Event{ev("5")})
	before := w
	w.JoinFront([]model.Event{ev("1"), ev("2")})
	w.JoinBack([]model.Event{ev("6")})
	var got []string
	for _, e := range w.Slice() {
		got = append(got, e.ID)
	}
	if strings.Join(got, "") != "123456" || w.Len() != 6 || w.Pages() != 2 || w.At(2).ID != "3" || w.At(5).ID != "6" {
		t.Errorf("after joins: %v, len %d, pages %d", got, w.Len(), w.Pages())
	}
	if before.Len() != 3 || before.At(0).ID != "3" || before.At(2).ID != "5" || len(before.Page(0)) != 2 {
		t.Errorf("the snapshot changed: len %d, first %s", before.Len(), before.At(0).ID)
	}
}
