package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/trail-dev/trail/model"
)

// As the window narrows the status bar drops its least important segment
// first, to a shorter form and then away, and never cuts a word: at 120
// and 80 columns it says everything, paging in words; at 60 the paging in
// arrows; at 49 "loaded" and the source's provider go; at 40 the arrows.
func TestStatusBarNarrowsByPriority(t *testing.T) {
	d, _ := startOn(t, 150, 120, 40)
	d.m.status = statusMsg{}
	d.press("]")
	d.until("page 2", loaded(100))
	d.press("]")
	d.until("page 3", loaded(150))
	d.press("k") // the last row of page 2: an earlier and a later page exist
	whole := map[string]bool{"◀": true, "▶": true}
	for _, w := range strings.Fields(ansi.Strip(d.m.statusLine())) {
		whole[w] = true
	}
	for _, c := range []struct {
		width     int
		want, not []string
	}{
		{120, []string{"test (memory)  page 2 of 3 │ row 100 of 150 loaded │ [ prev page · ] next page"}, nil},
		{80, []string{"test (memory)  page 2 of 3 │ row 100 of 150 loaded │ [ prev page · ] next page"}, nil},
		{60, []string{"test (memory)  page 2 of 3 │ row 100 of 150 loaded │ ◀ ▶"}, []string{"prev page"}},
		{49, []string{"test  page 2 of 3 │ row 100 of 150 │ ◀ ▶"}, []string{"loaded", "(memory)"}},
		{40, []string{"test  page 2 of 3 │ row 100 of 150"}, []string{"◀"}},
	} {
		d.send(tea_size(c.width, 24))
		s := statusOf(d)
		if w := ansi.StringWidth(s); w > c.width {
			t.Errorf("at %d columns the bar is %d wide: %q", c.width, w, s)
		}
		requireHas(t, s, c.want, c.not, "at %d columns the bar", c.width)
		for _, w := range strings.Fields(s) {
			if !whole[w] {
				t.Errorf("at %d columns the bar has %q, not a word of the whole bar: %q", c.width, w, s)
			}
		}
	}
}

// bar.fit gives way lowest priority first: a segment's next form, then the
// segment; the last segment stays, and the message is cut rather than
// dropped while it has room, with where to read the rest.
func TestBarFitDropsTheLowestFirst(t *testing.T) {
	br := bar{sep: " | ", afterBadge: " ", more: " (m: more)"}
	segs := []segment{
		{badge: true, forms: []form{{" src (prov) ", 50}, {" src ", 60}}},
		{forms: []form{{"page 1", 85}}},
		{forms: []form{{"prev · next", 20}, {"◀ ▶", 35}}},
	}
	for _, c := range []struct {
		width int
		msg   message
		want  string
	}{
		{80, message{}, " src (prov)  page 1 | prev · next"},
		{32, message{}, " src (prov)  page 1 | ◀ ▶"},
		{24, message{}, " src (prov)  page 1"},
		{18, message{}, " src  page 1"},
		{11, message{}, " page 1"},
		{3, message{}, " p…"},
		{58, message{text: "a long notice that does not fit", prio: 40}, " src (prov)  page 1 | ◀ ▶ a long notice that does not fit "},
		{49, message{text: "a long notice that does not fit", prio: 40}, " src (prov)  page 1  a long notice tha… (m: more)"},
		{40, message{text: "a long notice that does not fit", prio: 40}, " src (prov)  page 1 | prev · next"},
		{49, message{text: "a long warning that does not fit", prio: 95}, " src  page 1    a long warning that does not fit "},
		{40, message{text: "a long warning that does not fit", prio: 95}, " page 1  a long warning that … (m: more)"},
	} {
		if got := br.fit(segs, c.msg, c.width); got != c.want {
			t.Errorf("at %d: %q, want %q", c.width, got, c.want)
		}
	}
}

// The bar names what the filter is on where there is room ("filtered:
// actor, action"), says only that there is one where there is less, and
// gives that up before the page and row.
func TestStatusBarSummarisesTheFilter(t *testing.T) {
	_, src := memoryLog(150, 50)
	d := newDriver(t, src, 120, 40, func(o *Options) {
		o.Query = model.Query{Actor: "alice@example.com", Action: "user_login"}
	})
	d.until("first page", func(m *Model) bool { return m.feed.started() && !m.feed.fetching() })
	d.m.status = statusMsg{}
	for _, c := range []struct {
		width     int
		want, not string
	}{
		{120, "filtered: actor, action", ""},
		{60, "filtered │", "filtered:"},
		{40, "page 1", "filtered"},
	} {
		d.send(tea_size(c.width, 24))
		s := statusOf(d)
		if !strings.Contains(s, c.want) || (c.not != "" && strings.Contains(s, c.not)) {
			t.Errorf("at %d columns the bar says %q; want %q and no %q", c.width, s, c.want, c.not)
		}
	}
}

// A message too long for the room left is dropped, and what gave way for
// it comes back: the bar is fitted again without it.
func TestBarFitRestoresWhatGaveWayForADroppedMessage(t *testing.T) {
	br := bar{sep: " | ", afterBadge: " ", more: " (m: more)"}
	segs := []segment{
		{forms: []form{{"page 1 fetched", 85}}},
		{forms: []form{{"prev · next", 20}, {"◀ ▶", 35}}},
	}
	msg := message{text: "filtered to actor alice@example.com; backspace goes back", prio: 40}
	if got, want := br.fit(segs, msg, 30), " page 1 fetched | prev · next"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
}

// A typed query's terms that no field holds (outcome, a negation, a
// pattern) are named too: "filtered: time, text" for a query on six fields
// would say less than the filter does, and a query on the outcome alone
// would show no filter at all.
func TestStatusBarNamesEveryFieldOfATypedQuery(t *testing.T) {
	q, err := model.ParseQuery(`outcome:failure -ip:203.0.113.0/24 action:user_login*,x actor:/^al/ client~firefox since:7d "logged in"`, time.Now(), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	_, src := memoryLog(150, 50)
	d := newDriver(t, src, 200, 40, func(o *Options) { o.Query = q })
	d.until("first page", func(m *Model) bool { return m.feed.started() && !m.feed.fetching() })
	d.m.status = statusMsg{}
	if s, want := statusOf(d), "filtered: time, actor, action, ip, client, outcome, text"; !strings.Contains(s, want) {
		t.Errorf("the bar says %q; want %q", s, want)
	}
	if d.m.query, err = model.ParseQuery("outcome:failure", time.Now(), time.UTC); err != nil {
		t.Fatal(err)
	}
	if s, want := statusOf(d), "filtered: outcome"; !strings.Contains(s, want) {
		t.Errorf("with the outcome alone the bar says %q; want %q", s, want)
	}
}

// What gave way for a segment that went anyway comes back where it fits:
// the source's name dropped to make room for a long activity, which then
// went too, is drawn again.
func TestBarFitRestoresWhatGaveWayForADroppedSegment(t *testing.T) {
	br := bar{sep: " | ", afterBadge: " ", more: " (m: more)"}
	segs := []segment{
		{badge: true, forms: []form{{" src ", 58}}},
		{forms: []form{{"page 1", 85}}},
		{forms: []form{{"an activity far too long to fit", 80}}},
	}
	if got, want := br.fit(segs, message{}, 20), " src  page 1"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
}
