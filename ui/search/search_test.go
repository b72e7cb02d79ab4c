package search

import (
	"context"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/ui/window"
)

// Find wraps around in either direction; CountMatches ranks the event at an
// index among the matches.
func TestFindAndCount(t *testing.T) {
	// Two pages, as the window holds them: the scans cross from one to the other.
	evs := window.Of([]model.Event{{Actor: "alice"}, {Actor: "bob"}})
	evs.Append([]model.Event{{Actor: "carol"}, {Actor: "bob"}})
	if i := Find(context.Background(), evs, "bob", 2, -1); i != 1 {
		t.Errorf("bob back from 2: %d, want 1", i)
	}
	if i := Find(context.Background(), evs, "bob", 4, 1); i != 1 { // 4 wraps to 0
		t.Errorf("bob from 4: %d, want 1", i)
	}
	ctx := context.Background()
	if i := Find(ctx, evs, "bob", 2, 1); i != 3 {
		t.Errorf("forward from 2: %d", i)
	}
	if i := Find(ctx, evs, "bob", 0, -1); i != 3 {
		t.Errorf("backward from 0 wraps to %d, want 3", i)
	}
	if i := Find(ctx, evs, "dave", 0, 1); i != -1 {
		t.Errorf("no match gave %d", i)
	}
	if n, k := CountMatches(ctx, evs, "bob", 3); n != 2 || k != 2 {
		t.Errorf("count = %d, rank %d; want 2, 2", n, k)
	}
}

// Typing asks for a scan; a superseded scan's result is dropped; esc
// cancels and drops the query.
func TestPromptKeys(t *testing.T) {
	s := New()
	s.Start(0)
	if _, act := s.Update(tea.KeyPressMsg{Code: 'b', Text: "b"}); act != Changed || s.Typed() != "b" {
		t.Fatalf("typing: %v, typed %q", act, s.Typed())
	}
	evs := window.Of([]model.Event{{Actor: "alice"}, {Actor: "bob"}})
	msg := s.Scan(context.Background(), evs, s.Typed(), s.Origin(), 1)()
	s.Scan(context.Background(), evs, "bo", s.Origin(), 1) // supersedes the first
	if _, _, ok := s.Found(msg.(FoundMsg)); ok {
		t.Error("a superseded scan's result was taken")
	}
	if _, act := s.Update(tea.KeyPressMsg{Code: tea.KeyEnter}); act != Accepted || s.Query() != "b" || s.Active() {
		t.Fatalf("enter: %v, query %q, active %v", act, s.Query(), s.Active())
	}
	s.Start(1)
	if _, act := s.Update(tea.KeyPressMsg{Code: tea.KeyEscape}); act != Canceled || s.Query() != "" {
		t.Errorf("esc: %v, query %q", act, s.Query())
	}
}

// Found says whether a scan's match lies behind where it began, in its
// direction, so the root knows nothing more is loaded that way.
func TestFoundTellsAWrap(t *testing.T) {
	evs := window.Of([]model.Event{{Actor: "bob"}, {Actor: "alice"}, {Actor: "carol"}})
	s := New()
	s.Start(0)
	s.Update(tea.KeyPressMsg{Code: 'b', Text: "b"})
	s.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	for _, c := range []struct {
		at      int
		forward bool
		wrapped bool
	}{{0, true, true}, {2, true, true}, {1, false, false}, {0, false, true}} {
		msg := s.Step(context.Background(), evs, c.at, c.forward)()
		i, wrapped, ok := s.Found(msg.(FoundMsg))
		if !ok || i != 0 || wrapped != c.wrapped || s.Wrapped() != c.wrapped || s.Forward() != c.forward {
			t.Errorf("from %d forward %v: index %d, wrapped %v/%v, forward %v; want 0, %v", c.at, c.forward, i, wrapped, s.Wrapped(), s.Forward(), c.wrapped)
		}
	}
}

// A scan's match is reported where it is once the loaded events moved
// while the scan ran (a page put in front, or let go from the front).
func TestFoundFollowsAShift(t *testing.T) {
	evs := window.Of([]model.Event{{Actor: "alice"}, {Actor: "bob"}})
	s := New()
	msg := s.Scan(context.Background(), evs, "bob", 0, 1)()
	s.Shift(100) // a page of 100 came in front
	if i, _, ok := s.Found(msg.(FoundMsg)); !ok || i != 101 {
		t.Errorf("after a page in front: %d, want 101", i)
	}
	s.Start(1)
	s.Shift(100)
	if s.Origin() != 101 {
		t.Errorf("the place the search began moved to %d, want 101", s.Origin())
	}
	msg = s.Scan(context.Background(), evs, "bob", 0, 1)()
	s.Shift(-2) // its page was let go
	if i, _, ok := s.Found(msg.(FoundMsg)); !ok || i != -1 || s.FoundAny() {
		t.Errorf("after its page was let go: %d, found %v; want -1", i, s.FoundAny())
	}
}
