package ui

import (
	"context"

	tea "charm.land/bubbletea/v2"
	"github.com/trail-dev/trail/sources"
)

// A second request in flight. One request at a time delivers a page per
// round trip, whatever the user does; at 300 ms and pages of 100 that is
// 333 rows a second, and a held PgDn moves about 1,200. Where the page size
// cannot grow enough (sources.Sizer: not offered, or at its largest), a
// source that can tell the next page's cursor before the page in flight
// arrives (sources.Predictor) is asked for that next page too, while the
// user pages fast and the page in flight will not cover the rows they
// reach while it travels: two pages a round trip.
//
// The second request (feed.ahead) is for the page numbered one past the
// one in flight. Its result, if it comes first, waits in feed.aheadRes:
// pages are taken in in order whatever order they arrive. When the page in
// flight is taken in with the Next the second was made at, the second
// becomes the request in flight (and its waiting result is taken in);
// otherwise (the end of the log, a short page, another cursor, an error,
// the guard stopping the walk) it is cancelled and dropped. Anything that
// supersedes the request in flight (a new query, a jump, esc on G's walk)
// cancels it too. G's walk to the end keeps one request at a time, as it
// keeps the source's page size.

// isAhead reports whether seq is the second request's.
func (f *feed) isAhead(seq uint64) bool {
	return f.ahead != nil && f.ahead.seq == seq
}

// requestSize is about how many rows the page req asks for will bring: the
// size asked of a Sizer, else the source's own, else what the last loaded
// page held.
func (m *Model) requestSize(req request) int {
	if req.size > 0 {
		return req.size
	}
	if sz, ok := m.src().(sources.Sizer); ok {
		if base, _ := sz.PageSizes(); base > 0 {
			return base
		}
	}
	if n := len(m.feed.pages); n > 0 {
		return max(m.feed.pages[n-1].fetched, m.feed.pages[n-1].count)
	}
	return 0
}

// wantsAhead reports whether a second request should go out now: a next
// page is in flight, the user moves at least half a page of it while a page
// arrives, and the page in flight will not hold the rows they will reach
// before the page after it could arrive (afterMove's rule, as if the page
// in flight were loaded).
func (m *Model) wantsAhead() bool {
	f := &m.feed
	if m.toEnd || f.inflight == nil || f.inflight.dir != dirNext || f.ahead != nil || f.err != nil || !f.started() {
		return false
	}
	size := m.requestSize(*f.inflight)
	if size <= 0 || m.need() < size {
		return false
	}
	return m.list.Cursor() >= f.events.Len()+size-m.lead()
}

// startAhead sends the second request when wantsAhead says so and the
// source can predict its cursor.
func (m *Model) startAhead() tea.Cmd {
	pred, ok := m.src().(sources.Predictor)
	if !ok || !m.wantsAhead() {
		return nil
	}
	f := &m.feed
	in := *f.inflight
	q := m.sourceQuery()
	cursor, ok := pred.PredictNext(q, in.cursor, in.size)
	if !ok || cursor == "" {
		return nil
	}
	f.seq++
	req := request{seq: f.seq, dir: dirNext, number: in.number + 1, cursor: cursor, size: m.pageSize()}
	f.ahead = &req
	ctx, cancel := context.WithCancel(m.ctx)
	m.cancelAhead = cancel
	return fetchPage(ctx, m.src(), q, req.cursor, req.size, false, req.seq, m.opts.FetchTimeout)
}

// dropAhead cancels the second request and forgets it and its result.
func (m *Model) dropAhead() {
	if m.cancelAhead != nil {
		m.cancelAhead()
		m.cancelAhead = nil
	}
	m.feed.ahead, m.feed.aheadRes = nil, nil
}

// promoteAhead follows the page that answered req, just taken in: the
// second request becomes the one in flight when that page leads to it, and
// its result, if it came already, is taken in next; otherwise it is
// dropped.
func (m *Model) promoteAhead(req request, page sources.Page) tea.Cmd {
	f := &m.feed
	if f.ahead == nil {
		return nil
	}
	last := len(f.pages) - 1
	if f.err != nil || f.inflight != nil || req.dir != dirNext || page.Next == "" || page.Next != f.ahead.cursor ||
		f.ahead.number != req.number+1 || last < 0 || f.pages[last].number != req.number {
		m.dropAhead()
		return nil
	}
	f.inflight, f.ahead = f.ahead, nil
	m.cancel, m.cancelAhead = m.cancelAhead, nil
	res := f.aheadRes
	f.aheadRes = nil
	if res == nil {
		return nil
	}
	msg := *res
	return func() tea.Msg { return msg }
}
