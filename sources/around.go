package sources

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/trail-dev/trail/model"
)

// Around is a source seen from a time t, for the explorer's "go to a time".
// The list shows a log in its own order, so Around's pages, read both ways
// from the page at t, are the log's own order split at t: the page at t
// holds the events on the side of t the log goes on to (the newest before t
// in a log that runs newest first, the oldest from t on in one that runs
// oldest first); pages after it go on in the log's order as its own cursors
// do, and the page before it, and the ones before that, hold the rest, the
// nearest to t coming first, so the user scrolling up meets them first.
//
// How the events on the other side of t are reached depends on the source:
//
//   - A Seeker (a file) seeks: its last page of the events on that side of
//     t is the one next to t, and its Prev cursors lead away from t. A
//     Seeker's order is found by OldestFirst, once, on the first fetch.
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
// pages of a log newest first, "s:" and the source's cursor for a Seeker's
// newer pages (read from their end); "n:" for the newer pages of a Seeker
// oldest first and "r:" for its older ones (read from their end); and
// "w:FROM:TO" (Unix nanoseconds) for a window. Total is not passed on: page
// counts of the source's query are not Around's.
type Around struct {
	src Source
	t   time.Time
	now func() time.Time

	mu     sync.Mutex
	known  bool // the order below has been found
	oldest bool // a Seeker whose log runs oldest first
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
		oldest, err := a.oldestFirst(ctx)
		if err != nil {
			return Page{}, err
		}
		if oldest {
			return a.appendedAt(ctx, q)
		}
		p, err := a.forward(ctx, a.older(q), "", "o:")
		if err != nil {
			return p, err
		}
		p.Prev = a.firstNewer(q)
		return p, nil
	case kind == "o":
		return a.forward(ctx, a.older(q), rest, "o:")
	case kind == "s" && a.seeks():
		return a.backward(ctx, a.newer(q), rest, "s:")
	case kind == "n" && a.seeks():
		return a.forward(ctx, a.newer(q), rest, "n:")
	case kind == "r" && a.seeks():
		return a.backward(ctx, a.older(q), rest, "r:")
	case kind == "w":
		return a.windowPage(ctx, q, rest)
	}
	return Page{}, fmt.Errorf("%w: not a cursor of a view around a time", ErrBadCursor)
}

// seeks reports whether the source is a Seeker.
func (a *Around) seeks() bool {
	_, ok := a.src.(Seeker)
	return ok
}

// oldestFirst finds, once, whether the source is a Seeker whose log runs
// oldest first.
func (a *Around) oldestFirst(ctx context.Context) (bool, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.known {
		oldest, err := OldestFirst(ctx, a.src)
		if err != nil {
			return false, err
		}
		a.known, a.oldest = true, oldest
	}
	return a.oldest, nil
}

// appendedAt is the page at t of a Seeker oldest first: its first page of
// the events from t on, with the events before t (read from their end)
// above it.
func (a *Around) appendedAt(ctx context.Context, q model.Query) (Page, error) {
	p, err := a.forward(ctx, a.newer(q), "", "n:")
	if err != nil {
		return p, err
	}
	p.Prev = ""
	if !empty(a.older(q)) {
		p.Prev = "r:"
	}
	return p, nil
}

// forward is the source's page of q at cursor, its cursors marked with
// kind.
func (a *Around) forward(ctx context.Context, q model.Query, cursor, kind string) (Page, error) {
	if empty(q) {
		return Page{}, nil // the query lies wholly on the other side of t: nothing to ask a provider for
	}
	p, err := a.src.Fetch(ctx, q, cursor)
	if err != nil {
		return Page{}, err
	}
	return prefixed(p, kind), nil
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

// backward is a Seeker's page of q read from its end: its last page for
// the cursor "", else the page at its cursor, with its cursors marked with
// kind. The page after it leads back towards t: the feed has those pages
// loaded, or their cursors in its history.
func (a *Around) backward(ctx context.Context, q model.Query, cursor, kind string) (Page, error) {
	if empty(q) {
		return Page{}, nil
	}
	var p Page
	var err error
	if cursor == "" {
		p, err = a.src.(Seeker).Last(ctx, q)
	} else {
		p, err = a.src.Fetch(ctx, q, cursor)
	}
	if err != nil {
		return Page{}, err
	}
	return prefixed(p, kind), nil
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
