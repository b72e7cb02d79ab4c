// Package followtest is the follow scenario every provider runs against its
// emulator, and Log, a growing in-memory source, for what sits on top of a
// follow (a merged view, the collector).
package followtest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/follow"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// Interval is the follow interval the scenario moves its clock by.
const Interval = 30 * time.Second

// Fixture is a provider's client over its emulator, for Run.
type Fixture struct {
	// Source is the real client; the emulator behind it serves on loopback.
	Source sources.Source
	// PageSize is the client's page size: the scenario's bursts are bigger.
	PageSize int
	// Clock is the clock the client and the emulator read; Run moves it.
	Clock *sourcetest.Clock
	// Add records one new entry at each of the times given, in that order,
	// as the emulator's Add does while a client walks.
	Add func(at ...time.Time)
}

// Run follows fx.Source over several intervals while entries arrive: a
// burst of more than two pages, entries in the same second as the newest
// one held, one arriving late with a time inside the last interval, entries
// added while a poll walks its pages, and idle intervals. Every entry the
// log holds at the end, as a fresh walk finds it, must have been shown
// exactly once: by the backlog or by one poll.
func Run(t *testing.T, fx Fixture) {
	t.Helper()
	ctx := context.Background()
	start := fx.Clock.Now()
	q := model.Query{Since: start.Add(-time.Hour)}
	src := &arriving{Source: fx.Source}
	opts := follow.Options{Walk: sources.WalkOptions{Backoff: time.Millisecond}}
	plan := follow.NewPlan(src, "test", "", q, opts, func(string) time.Duration { return Interval })

	shown := map[string]int{}
	show := func(evs []model.Event) {
		for _, e := range evs {
			shown[e.ID]++
		}
	}
	backlog, err := sourcetest.Walked(ctx, fx.Source, q, opts.Walk)
	if err != nil {
		t.Fatalf("backlog: %v", err)
	}
	show(backlog)
	plan.Observe(backlog)

	head := func() time.Time { return plan.Parts[0].Head.Time }
	// poll asks for what is new, an interval after the last poll: the
	// clock has moved by then (tick).
	poll := func(step string) []model.Event {
		t.Helper()
		now := fx.Clock.Now()
		jobs := plan.Jobs(now)
		if len(jobs) != 1 {
			t.Fatalf("%s: %d jobs due after an interval, want 1", step, len(jobs))
		}
		evs, errs := plan.Apply(follow.Run(ctx, jobs), now)
		if len(errs) > 0 {
			t.Fatalf("%s: %v", step, errs)
		}
		for i := 1; i < len(evs); i++ {
			if evs[i].Time.After(evs[i-1].Time) {
				t.Fatalf("%s: new events not newest first: %v before %v", step, evs[i-1].Time, evs[i].Time)
			}
		}
		show(evs)
		return evs
	}
	tick := func() { fx.Clock.Add(Interval) }
	// spread is n times over the last interval, a few seconds apart.
	spread := func(n int) []time.Time {
		now := fx.Clock.Now()
		out := make([]time.Time, n)
		for i := range out {
			out[i] = now.Add(-Interval + time.Duration(i+1)*Interval/time.Duration(n+1)).Truncate(time.Second)
		}
		return out
	}

	// A burst of more than two pages inside one interval: every one is
	// walked, none skipped.
	burst := 2*fx.PageSize + 3
	tick()
	fx.Add(spread(burst)...)
	if got := poll("burst"); len(got) != burst {
		t.Errorf("burst: %d new events, want %d", len(got), burst)
	}
	// Two entries in the second of the newest one held.
	tick()
	same := head()
	fx.Add(same, same)
	if got := poll("same second"); len(got) != 2 {
		t.Errorf("same second as the head (%v): %d new events, want 2", same, len(got))
	}
	// An idle interval: nothing new, nothing again.
	tick()
	if got := poll("idle"); len(got) != 0 {
		t.Errorf("idle interval: %d events shown again: %v", len(got), sourcetest.IDs(got))
	}
	// One entry stamped before the head but inside the overlap, arriving
	// late, and one on time.
	tick()
	late := head().Add(-20 * time.Second)
	fx.Add(late, fx.Clock.Now().Add(-time.Second))
	if got := poll("late"); len(got) != 2 {
		t.Errorf("late arrival at %v: %d new events, want 2", late, len(got))
	}
	// Entries added while a poll walks its pages: more than a page before
	// the walk, then two after its first page. Those the walk misses come
	// in the next poll.
	tick()
	fx.Add(spread(fx.PageSize + 1)...)
	src.then(func() { fx.Add(fx.Clock.Now().Add(-time.Second), fx.Clock.Now().Add(-time.Second)) })
	poll("during the walk")
	tick()
	poll("after the walk")
	tick()
	poll("idle again")

	all, err := sourcetest.Walked(ctx, fx.Source, q, opts.Walk)
	if err != nil {
		t.Fatalf("final walk: %v", err)
	}
	RequireOnce(t, shown, all)
	if want := len(backlog) + burst + 2 + 2 + fx.PageSize + 1 + 2; len(all) != want {
		t.Errorf("the log holds %d events at the end, want %d (the backlog and every entry added)", len(all), want)
	}
}

// Numbered is a Fixture.Add for an emulator that records one entry at a
// time: add is called for each time given with the entry's number, 1 for the
// first entry added over the scenario, so that each can be told apart.
func Numbered(add func(n int, at time.Time)) func(at ...time.Time) {
	n := 0
	return func(at ...time.Time) {
		for _, ts := range at {
			n++
			add(n, ts)
		}
	}
}

// RequireOnce checks that every event of all was shown exactly once, and
// nothing else was.
func RequireOnce(t testing.TB, shown map[string]int, all []model.Event) {
	t.Helper()
	want := map[string]bool{}
	for _, e := range all {
		want[e.ID] = true
		if n := shown[e.ID]; n != 1 {
			t.Errorf("event %s at %v shown %d times, want once", e.ID, e.Time, n)
		}
	}
	for id := range shown {
		if !want[id] {
			t.Errorf("event %s shown but not in the log", id)
		}
	}
}

// arriving is a source that runs a function once, after the first page of
// the next walk, as entries that arrive while a client pages.
type arriving struct {
	sources.Source
	mu   sync.Mutex
	next func()
}

func (a *arriving) then(fn func()) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.next = fn
}

// Fetch implements sources.Source.
func (a *arriving) Fetch(ctx context.Context, q model.Query, cursor string) (sources.Page, error) {
	page, err := a.Source.Fetch(ctx, q, cursor)
	a.fire()
	return page, err
}

// fire runs the function then gave, once.
func (a *arriving) fire() {
	a.mu.Lock()
	fn := a.next
	a.next = nil
	a.mu.Unlock()
	if fn != nil {
		fn()
	}
}

// Tail passes a follow.Tailer's Tail on (errors.ErrUnsupported for other
// sources), running the function after it as Fetch does.
func (a *arriving) Tail(ctx context.Context, q model.Query, mark string) ([]model.Event, string, string, error) {
	t, ok := a.Source.(follow.Tailer)
	if !ok {
		return nil, "", "", errors.ErrUnsupported
	}
	evs, next, notice, err := t.Tail(ctx, q, mark)
	a.fire()
	return evs, next, notice, err
}

// Log is a source over a log that grows, newest first, paged by offset
// like a console that inserts at the top: a page boundary moves down as
// entries arrive. It is safe for concurrent use.
type Log struct {
	mu       sync.Mutex
	events   []model.Event
	pageSize int
	seq      int
	fail     []error
	fetches  int
}

// NewLog returns an empty Log served pageSize at a time.
func NewLog(pageSize int) *Log { return &Log{pageSize: pageSize} }

// Add records an event at each time given, with the next id.
func (l *Log) Add(at ...time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, t := range at {
		l.seq++
		l.insert(model.Event{ID: fmt.Sprint(l.seq), Time: t.UTC(), Action: "user_login", Actor: "alice",
			Raw: []byte(fmt.Sprintf(`{"id":%d,"time":%q}`, l.seq, t.UTC().Format(time.RFC3339)))})
	}
}

// AddEvents records events as given (their ids and times kept).
func (l *Log) AddEvents(evs ...model.Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, e := range evs {
		l.insert(e)
	}
}

// insert puts e after every event as new or newer; l.mu is held.
func (l *Log) insert(e model.Event) {
	i := 0
	for i < len(l.events) && !l.events[i].Time.Before(e.Time) {
		i++
	}
	l.events = append(l.events[:i], append([]model.Event{e}, l.events[i:]...)...)
}

// FailNext makes the next fetches fail with errs, in order.
func (l *Log) FailNext(errs ...error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.fail = append(l.fail, errs...)
}

// Fetches counts the fetches answered or failed.
func (l *Log) Fetches() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.fetches
}

// Fetch implements sources.Source. The cursor is the offset.
func (l *Log) Fetch(ctx context.Context, q model.Query, cursor string) (sources.Page, error) {
	if err := ctx.Err(); err != nil {
		return sources.Page{}, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.fetches++
	if len(l.fail) > 0 {
		err := l.fail[0]
		l.fail = l.fail[1:]
		return sources.Page{}, err
	}
	offset := 0
	if cursor != "" {
		if _, err := fmt.Sscan(cursor, &offset); err != nil {
			return sources.Page{}, &sources.Error{Kind: sources.ErrBadCursor, Provider: "log", Message: "not a cursor of this log"}
		}
	}
	var matched []model.Event
	for i := range l.events {
		if q.Matches(&l.events[i]) {
			matched = append(matched, l.events[i])
		}
	}
	var page sources.Page
	if offset < len(matched) {
		end := min(offset+l.pageSize, len(matched))
		page.Events = append(page.Events, matched[offset:end]...)
		if end < len(matched) {
			page.Next = fmt.Sprint(end)
		}
	}
	return page, nil
}
