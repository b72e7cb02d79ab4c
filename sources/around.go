package sources

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/trail-dev/trail/model"
)

// Around is a source seen from a time t, for the explorer's "go to a time":
// its first page holds the newest events before t (the list shows newest
// first, so they sit just under t), pages after it lead to older events as
// the log's own cursors do, and the page before it, and the ones before
// that, hold the events from t onwards, oldest first in coming, so the user
// scrolling up meets the events just after t first.
//
// How the events after t are reached depends on the source:
//
//   - A Seeker (a file) seeks: its last page of the events from t on is
//     the one just after t, and its Prev cursors lead to newer ones.
//   - Every other source (Canary, Domo, Qualtrics, Intercom, merged views)
//     pages only one way, newest first, from the newest event of a query;
//     a walk from t onwards would read the whole log after t before the
//     first event after t arrived. So the time after t is cut into windows,
//     each read whole (every page of q within it, newest first) and given
//     as one page: 15 minutes first, then each window twice as long while
//     the one before held fewer than windowGrow events, and half as long
//     when it held more than windowShrink, between a minute and a week. The
//     last window ends at now (or at the query's Until).
//
// Cursors are Around's own: "o:" and the source's cursor for the older
// pages, "s:" and the source's cursor for a Seeker's newer pages, and
// "w:FROM:TO" (Unix nanoseconds) for a window. Total is not passed on: page
// counts of the source's query are not Around's.
type Around struct {
	src Source
	t   time.Time
	now func() time.Time
}

// NewAround returns src seen from t; now bounds the last window of events
// after t.
func NewAround(src Source, t time.Time, now func() time.Time) *Around {
	if now == nil {
		now = time.Now
	}
	return &Around{src: src, t: t, now: now}
}

// Window bounds for the events after t; see Around.
const (
	firstWindow  = 15 * time.Minute
	minWindow    = time.Minute
	maxWindow    = 7 * 24 * time.Hour
	windowGrow   = 50
	windowShrink = 500
)

// Time is the time Around is seen from.
func (a *Around) Time() time.Time { return a.t }

// Unwrap is the source Around reads.
func (a *Around) Unwrap() Source { return a.src }

// older is q narrowed to the events before t.
func (a *Around) older(q model.Query) model.Query {
	if q.Until.IsZero() || q.Until.After(a.t) {
		q.Until = a.t
	}
	return q
}

// newer is q narrowed to the events from t on.
func (a *Around) newer(q model.Query) model.Query {
	if q.Since.IsZero() || q.Since.Before(a.t) {
		q.Since = a.t
	}
	return q
}

// Fetch answers Around's cursors: "" is the page at t.
func (a *Around) Fetch(ctx context.Context, q model.Query, cursor string) (Page, error) {
	kind, rest, _ := strings.Cut(cursor, ":")
	switch {
	case cursor == "":
		p, err := a.olderPage(ctx, q, "")
		if err != nil {
			return p, err
		}
		p.Prev = a.firstNewer(q)
		return p, nil
	case kind == "o":
		return a.olderPage(ctx, q, rest)
	case kind == "s":
		return a.seekerPage(ctx, q, rest)
	case kind == "w":
		return a.windowPage(ctx, q, rest)
	}
	return Page{}, fmt.Errorf("%w: not a cursor of a view around a time", ErrBadCursor)
}

// olderPage is the source's page of the events before t at cursor.
func (a *Around) olderPage(ctx context.Context, q model.Query, cursor string) (Page, error) {
	oq := a.older(q)
	if empty(oq) {
		return Page{}, nil // the query begins after t: nothing to ask a provider for
	}
	p, err := a.src.Fetch(ctx, oq, cursor)
	if err != nil {
		return Page{}, err
	}
	return prefixed(p, "o:"), nil
}

// prefixed is the source's page p as a page of the view: no total (the
// view's is not the source's), its cursors marked with kind.
func prefixed(p Page, kind string) Page {
	p.Total = 0
	if p.Next != "" {
		p.Next = kind + p.Next
	}
	if p.Prev != "" {
		p.Prev = kind + p.Prev
	}
	return p
}

// firstNewer is the cursor of the page just after t, or "" when the query
// ends before t.
func (a *Around) firstNewer(q model.Query) string {
	nq := a.newer(q)
	if empty(nq) {
		return ""
	}
	if _, ok := a.src.(Seeker); ok {
		return "s:"
	}
	return windowCursor(nq.Since, nq.Since.Add(firstWindow))
}

// seekerPage is a Seeker's page of the events from t on: its last page
// for "s:", else the page at its cursor. The page after it (older) is the
// one before, or the page at t.
func (a *Around) seekerPage(ctx context.Context, q model.Query, cursor string) (Page, error) {
	nq := a.newer(q)
	var p Page
	var err error
	if cursor == "" {
		p, err = a.src.(Seeker).Last(ctx, nq)
	} else {
		p, err = a.src.Fetch(ctx, nq, cursor)
	}
	if err != nil {
		return Page{}, err
	}
	// Next leads towards t: the feed has those pages loaded, or their
	// cursors in its history.
	return prefixed(p, "s:"), nil
}

// windowPage reads every page of q within one window after t and gives
// them as one page, with the next window (newer) as its Prev.
func (a *Around) windowPage(ctx context.Context, q model.Query, rest string) (Page, error) {
	from, to, err := parseWindow(rest)
	if err != nil {
		return Page{}, err
	}
	nq := a.newer(q)
	end := a.now()
	if !nq.Until.IsZero() {
		end = nq.Until
	}
	wq := nq
	if from.After(wq.Since) {
		wq.Since = from
	}
	last := !to.Before(end)
	if !last {
		wq.Until = to
	}
	var out Page
	if empty(wq) {
		return out, nil // past the query's end: the last window, and empty
	}
	err = Walk(ctx, a.src, wq, WalkOptions{Attempts: 1}, func(evs []model.Event) error {
		out.Events = append(out.Events, evs...)
		return nil
	})
	if err != nil {
		return Page{}, err
	}
	out.Scanned = len(out.Events)
	if !last {
		size := to.Sub(from)
		switch n := len(out.Events); {
		case n < windowGrow:
			size *= 2
		case n > windowShrink:
			size /= 2
		}
		size = min(max(size, minWindow), maxWindow)
		out.Prev = windowCursor(to, to.Add(size))
	}
	return out, nil
}

// empty reports whether q's time range holds no instant (Since at or
// after Until): some providers refuse such a range, and it matches nothing.
func empty(q model.Query) bool {
	return !q.Since.IsZero() && !q.Until.IsZero() && !q.Until.After(q.Since)
}

// windowCursor is the cursor of the window [from, to).
func windowCursor(from, to time.Time) string {
	return "w:" + strconv.FormatInt(from.UnixNano(), 10) + ":" + strconv.FormatInt(to.UnixNano(), 10)
}

// parseWindow reads a window cursor's times.
func parseWindow(s string) (from, to time.Time, err error) {
	a, b, ok := strings.Cut(s, ":")
	f, err1 := strconv.ParseInt(a, 10, 64)
	t, err2 := strconv.ParseInt(b, 10, 64)
	if !ok || err1 != nil || err2 != nil || t <= f {
		return time.Time{}, time.Time{}, fmt.Errorf("%w: not a window of a view around a time", ErrBadCursor)
	}
	return time.Unix(0, f).UTC(), time.Unix(0, t).UTC(), nil
}
