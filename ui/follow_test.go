package ui

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/follow/followtest"
	"github.com/trail-dev/trail/sources/merge"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// movingClock is a clock a test moves.
type movingClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *movingClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *movingClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// startFollow presses w and waits for the first check, which learns the
// head of the log.
func startFollow(d *driver) {
	d.t.Helper()
	d.press("w")
	d.until("the first check", func(m *Model) bool { return m.follow.seeded && !m.follow.polling })
}

// growingLog is a followtest.Log served pageSize at a time, holding n
// events step apart up to step before testNow.
func growingLog(pageSize, n int, step time.Duration) *followtest.Log {
	l := followtest.NewLog(pageSize)
	for i := n; i > 0; i-- {
		l.Add(testNow.Add(-time.Duration(i) * step))
	}
	return l
}

// followDriver is a 120×40 driver over src on a clock the test moves,
// its first page of n events loaded.
func followDriver(t *testing.T, src sources.Source, n int, opts ...func(*Options)) (*driver, *movingClock) {
	t.Helper()
	clock := &movingClock{now: testNow}
	d := newDriver(t, src, 120, 40, append([]func(*Options){func(o *Options) { o.Now = clock.Now }}, opts...)...)
	d.until("the first page", loaded(n))
	return d, clock
}

// followCheck moves the clock an interval on and makes the follow check.
func followCheck(d *driver, clock *movingClock) {
	d.t.Helper()
	clock.Add(30 * time.Second)
	d.send(followTickedMsg{gen: d.m.follow.gen})
	d.until("the check", func(m *Model) bool { return !m.follow.polling })
	d.settle()
}

// listRows is the list's rows on screen: the lines between the header and
// the detail pane's rule.
func listRows(screen string) string {
	lines := strings.Split(screen, "\n")
	var out []string
	for _, l := range lines[3:] {
		if strings.HasPrefix(l, "──") {
			break
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// w follows the log: new events come in at the top without moving the
// cursor or the rows on screen, the status line counts them and says when
// the next check is, a burst bigger than a page comes in whole, each event
// once, and g shows them.
func TestFollowKeepsTheCursorAndRows(t *testing.T) {
	l := growingLog(10, 40, time.Minute)
	d, clock := followDriver(t, l, 10)
	d.press("j", "j", "j")
	before, rows, n0 := d.m.selected().ID, listRows(d.screen()), d.m.feed.events.Len()
	startFollow(d)
	d.requireScreen("following · next check 30s")

	l.Add(testNow.Add(-10*time.Second), testNow.Add(-5*time.Second), testNow.Add(-5*time.Second))
	followCheck(d, clock)
	if got := d.m.selected().ID; got != before {
		t.Errorf("the cursor moved from event %s to %s", before, got)
	}
	if got := listRows(d.screen()); got != rows {
		t.Errorf("the rows on screen moved:\nbefore\n%s\nafter\n%s", rows, got)
	}
	d.requireScreen("following · 3 new ↑ · next check 30s")

	// A burst of more than two pages, some in the second of the newest held.
	var burst []time.Time
	for i := range 25 {
		burst = append(burst, testNow.Add(time.Duration(i/3)*time.Second))
	}
	l.Add(burst...)
	followCheck(d, clock)
	seen := map[string]int{}
	for _, e := range d.m.feed.events.Slice() {
		seen[e.ID]++
	}
	for id, n := range seen {
		if n > 1 {
			t.Errorf("event %s loaded %d times", id, n)
		}
	}
	if d.m.feed.events.Len() != n0+3+25 || d.m.selected().ID != before {
		t.Errorf("%d events loaded (want %d), cursor on %s (want %s)", d.m.feed.events.Len(), n0+28, d.m.selected().ID, before)
	}
	d.requireScreen("following · 28 new ↑")

	d.press("g")
	if d.m.list.Cursor() != 0 || d.m.selected().ID != "68" {
		t.Errorf("g: cursor on %d, event %s; want the newest, 68", d.m.list.Cursor(), d.m.selected().ID)
	}
	if strings.Contains(d.screen(), "new ↑") {
		t.Errorf("the new events are on screen but still counted:\n%s", d.screen())
	}
	d.press("w")
	if strings.Contains(d.screen(), "following ·") {
		t.Errorf("w again did not stop following:\n%s", d.screen())
	}
}

// A filter applies to new events as to old: a check asks with the query
// in force, so only matching events come in.
func TestFollowAppliesTheFilter(t *testing.T) {
	l := followtest.NewLog(10)
	l.AddEvents(model.Event{ID: "1", Time: testNow.Add(-time.Hour), Actor: "alice"}, model.Event{ID: "2", Time: testNow.Add(-time.Minute), Actor: "bob"})
	d, clock := followDriver(t, l, 1, func(o *Options) { o.Query = model.Query{Actor: "alice", ActorExact: true} })
	startFollow(d)
	l.AddEvents(model.Event{ID: "3", Time: testNow, Actor: "bob"}, model.Event{ID: "4", Time: testNow, Actor: "alice"})
	followCheck(d, clock)
	var ids []string
	for _, e := range d.m.feed.events.Slice() {
		ids = append(ids, e.ID)
	}
	if got := strings.Join(ids, " "); got != "4 1" {
		t.Errorf("loaded %q, want the new event of alice on top of hers: 4 1", got)
	}
}

// A check that fails says so and when it tries again; the follow goes on.
func TestFollowSaysAFailedCheck(t *testing.T) {
	l := followtest.NewLog(10)
	l.Add(testNow.Add(-time.Hour))
	d, clock := followDriver(t, l, 1)
	startFollow(d)
	l.FailNext(&sources.Error{Kind: sources.ErrForbidden, Provider: "log", Status: 403, Message: "no access"})
	followCheck(d, clock)
	d.requireScreen("follow: test: log: no access (HTTP 403)")
	if got := ansi.Strip(d.m.followStatus()); got != "following · check failed, again in 30s" {
		t.Errorf("follow status %q", got)
	}
}

// A merged view follows each source on its own: the new events of both
// come in once each, named by their source, the cursor staying put.
func TestFollowMergedView(t *testing.T) {
	a, b := followtest.NewLog(5), followtest.NewLog(5)
	for i := 12; i > 0; i-- {
		a.Add(testNow.Add(-time.Duration(i) * time.Minute))
		b.Add(testNow.Add(-time.Duration(i)*time.Minute - 30*time.Second))
	}
	view := merge.New([]merge.Named{{Name: "a", Provider: "canary", Source: a}, {Name: "b", Provider: "intercom", Source: b}}, merge.Options{PageSize: 8})
	d, clock := followDriver(t, view, 8, func(o *Options) {
		o.FollowInterval = func(name string) time.Duration {
			return map[string]time.Duration{"a": 30 * time.Second, "b": time.Minute}[name]
		}
	})
	d.press("j")
	before := d.m.selected().Source + "/" + d.m.selected().ID
	startFollow(d)
	if len(d.m.follow.plan.Parts) != 2 {
		t.Fatalf("the merged view was followed as %d parts", len(d.m.follow.plan.Parts))
	}
	for range 4 {
		a.Add(clock.Now(), clock.Now(), clock.Now().Add(-time.Second))
		b.Add(clock.Now())
		followCheck(d, clock)
	}
	followCheck(d, clock)
	followCheck(d, clock)
	seen := map[string]int{}
	for _, e := range d.m.feed.events.Slice() {
		if e.Source == "" {
			t.Errorf("event %s came in without its source's name", e.ID)
		}
		seen[e.Source+"/"+e.ID]++
	}
	for _, p := range []struct {
		name string
		log  *followtest.Log
	}{{"a", a}, {"b", b}} {
		for i := 13; i <= 12+map[string]int{"a": 12, "b": 4}[p.name]; i++ {
			if n := seen[p.name+"/"+strconv.Itoa(i)]; n != 1 {
				t.Errorf("new event %s/%d loaded %d times, want once", p.name, i, n)
			}
		}
	}
	if got := d.m.selected().Source + "/" + d.m.selected().ID; got != before {
		t.Errorf("the cursor moved from %s to %s", before, got)
	}
}

// The timeline and insights over the loaded events take new events in.
func TestFollowUpdatesTimelineAndInsights(t *testing.T) {
	l := growingLog(50, 10, time.Hour)
	d, clock := followDriver(t, l, 10)
	startFollow(d)
	d.press("s")
	d.requireScreen("the 10 loaded events")
	l.Add(testNow, testNow)
	followCheck(d, clock)
	d.requireScreen("the 12 loaded events")
	if got := d.m.timeline.View(d.m.styles, 120, time.UTC, nil); !strings.Contains(got, testNow.Format("01-02 15:04")) {
		t.Errorf("the timeline does not reach the new events at %s: %q", testNow.Format("01-02 15:04"), got)
	}
}

// seekingMemory is a memory log that says it can jump to its end, as a file
// does: the list is then in a file's order, oldest first.
type seekingMemory struct{ sources.Source }

func (s seekingMemory) Last(context.Context, model.Query) (sources.Page, error) {
	return sources.Page{}, nil
}

// New events that could not be put in are counted with the key that loads
// them: g where the newest are at the top, G in a file's order.
func TestFollowNamesTheKeyThatLoadsPendingEvents(t *testing.T) {
	for _, tc := range []struct {
		name string
		wrap func(sources.Source) sources.Source
		want string
	}{
		{"newest first", func(s sources.Source) sources.Source { return s }, "3 new ↑ (g/home)"},
		{"file order", func(s sources.Source) sources.Source { return seekingMemory{s} }, "3 new ↓ (G/end)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, _ := startOn(t, 120, 120, 40)
			d.m.opts.Source = tc.wrap(d.m.opts.Source)
			d.m.follow = following{on: true, seeded: true, pending: 3}
			if got := ansi.Strip(d.m.followStatus()); !strings.Contains(got, tc.want) {
				t.Errorf("follow status %q lacks %q", got, tc.want)
			}
		})
	}
}

// At 50 columns the follow's segment keeps what matters, that trail
// follows and how many new events wait ("following · 3 new ↑"), giving up
// the time of the next check first rather than vanishing whole; and the
// source's name, which gave way while the longer form was tried, comes
// back when there is room for it again.
func TestFollowStatusNarrows(t *testing.T) {
	clock := &movingClock{now: testNow}
	l := followtest.NewLog(10)
	for i := 40; i > 0; i-- {
		l.Add(testNow.Add(-time.Duration(i) * time.Minute))
	}
	d := newDriver(t, l, 120, 40, func(o *Options) { o.Now = clock.Now })
	d.until("the first page", loaded(10))
	d.press("j", "w")
	d.until("the first check", func(m *Model) bool { return m.follow.seeded && !m.follow.polling })
	l.Add(testNow.Add(-10*time.Second), testNow.Add(-5*time.Second), testNow.Add(-5*time.Second))
	followCheck(d, clock)
	d.m.status = statusMsg{}
	d.send(tea_size(50, 24))
	s := statusOf(d)
	if !strings.Contains(s, "following · 3 new ↑") {
		t.Errorf("at 50 columns the bar says %q; want the follow and its new events", s)
	}
	if !strings.Contains(s, " test ") {
		t.Errorf("at 50 columns the bar says %q; there is room for the source's name", s)
	}
}

// The ? screen says where new events come in as follow mode puts them: at
// the top (g) in a newest-first list, at the bottom (G) in a file's order,
// where it said "at the top" and "g goes to the newest" for a file too.
func TestHelpSaysWhereFollowedEventsComeIn(t *testing.T) {
	evs, mem := memoryLog(60, 20)
	for _, c := range []struct {
		name      string
		src       sources.Source
		want, not string
	}{
		{"api", mem, "new events come in at the top", "at the bottom"},
		{"file", sourcetest.Seekable{Memory: sourcetest.NewMemory(evs, 20)}, "lines appended to the file come in at the bottom", "at the top"},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := newDriver(t, c.src, 120, 40)
			d.until("first page", loaded(20))
			d.press("?")
			s := strings.Join(strings.Fields(d.screen()), " ")
			if !strings.Contains(s, c.want) || strings.Contains(s, c.not) {
				t.Errorf("? says %q, want %q and not %q", s, c.want, c.not)
			}
		})
	}
}

// w says where new events will come in: at the top of a newest-first
// list, at the bottom of a file's (it said "at the top" for a file too).
func TestFollowSaysWhereNewEventsComeIn(t *testing.T) {
	evs, mem := memoryLog(60, 20)
	for _, c := range []struct {
		name string
		src  sources.Source
		want string
	}{
		{"api", mem, "following: new events come in at the top"},
		{"file", sourcetest.Seekable{Memory: sourcetest.NewMemory(evs, 20)}, "following: lines appended to the file come in at the bottom"},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := newDriver(t, c.src, 120, 40)
			d.until("first page", loaded(20))
			d.send(keyMsg("w"))
			if d.m.status.text != c.want {
				t.Errorf("w says %q, want %q", d.m.status.text, c.want)
			}
		})
	}
}
