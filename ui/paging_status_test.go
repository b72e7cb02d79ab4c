package ui

import (
	"context"
	"strings"
	"testing"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// statusOf is the status line of the screen: the one above the hint line.
func statusOf(d *driver) string {
	lines := strings.Split(d.screen(), "\n")
	return lines[len(lines)-2]
}

// Where there is room the status line says in words whether an earlier and
// a later page exist, and which keys go there (as the key map binds them).
func TestStatusSaysPagesInWords(t *testing.T) {
	d, _ := startOn(t, 150, 120, 40, func(o *Options) { o.Keys = map[string][]string{"next_page": {"}"}} })
	if _, _, end, _ := d.m.edgeRows(); end != "▼ more: scroll down or } to load the next page" {
		t.Errorf("the row after the events says %q; want it to name }", end)
	}
	if s := statusOf(d); !strings.Contains(s, "first page · } next page") || strings.Contains(s, "▶") {
		t.Errorf("on the first page the status line says %q; want \"first page · } next page\" in words", s)
	}
	d.press("}")
	d.until("page 2", loaded(100))
	if s := statusOf(d); !strings.Contains(s, "[ prev page · } next page") {
		t.Errorf("on page 2 the status line says %q", s)
	}
	d.press("}")
	d.until("page 3", loaded(150))
	if s := statusOf(d); !strings.Contains(s, "[ prev page · end of log") {
		t.Errorf("on the last page the status line says %q", s)
	}
	// Narrower, an arrow is shown only where there is a page to go to.
	d.send(tea_size(60, 24))
	if s := statusOf(d); !strings.Contains(s, "◀ end") || strings.Contains(s, "▶") {
		t.Errorf("at 60 columns on the last page the status line says %q; want ◀ and end, no ▶", s)
	}
}

// clientSide plays a source that filters nothing itself: it sends whole
// pages and trims them to the query, counting what it fetched.
type clientSide struct{ *sourcetest.Memory }

func (s clientSide) Capabilities() sources.Capabilities { return sources.Capabilities{} }

func (s clientSide) Fetch(ctx context.Context, q model.Query, c string) (sources.Page, error) {
	p, err := s.Memory.Fetch(ctx, model.Query{}, c)
	p.Scanned = len(p.Events)
	p.Events = sources.Trim(p.Events, q)
	return p, err
}

// With a filter trail applies itself the status line says what was fetched
// and what matched, never a row count of the matches beside the page count.
func TestStatusSaysWhatMatchedOfWhatWasFetched(t *testing.T) {
	evs := sourcetest.GenerateEvents(250, testNow, 3*60e9)
	// Tall enough that the 25 matches do not fill the list: every page is
	// fetched.
	d := newDriver(t, clientSide{sourcetest.NewMemory(evs, 50)}, 120, 46, func(o *Options) {
		o.Query = model.Query{Action: "user_login_failure"}
	})
	d.until("every page", func(m *Model) bool { return m.feed.atEnd() && !m.feed.fetching() })
	// Every page holds a few failures: 25 of the 250 fetched.
	s := statusOf(d)
	// The label names the pages the count is over: all five loaded (it said
	// "page 1 fetched │ 25 of 250 match", which read as one page's worth).
	if !strings.Contains(s, "pages 1–5 fetched │ 25 of 250 match") {
		t.Errorf("status line says %q; want \"pages 1–5 fetched │ 25 of 250 match\"", s)
	}
	if strings.Contains(s, "of 5 ") || strings.Contains(s, "row ") {
		t.Errorf("status line says %q: a row count of the matches beside the page count", s)
	}
	d.press("]")
	if s := statusOf(d); !strings.Contains(s, "pages 1–5 fetched │ 25 of 250 match") {
		t.Errorf("after ] the status line says %q; want \"pages 1–5 fetched │ 25 of 250 match\"", s)
	}
}
