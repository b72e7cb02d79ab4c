package ui

import (
	"context"
	"errors"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/ui/common"
)

// Fetching: asking for pages as the cursor moves, taking them in, and what
// happens when one fails.

// afterMove follows the cursor: the detail pane shows the selected event, and
// a page is fetched when the cursor comes within a screen of either end of
// what is loaded.
func (m *Model) afterMove() tea.Cmd {
	m.detail.SetEvent(m.selected(), m.loc)
	m.moves.record(m.now(), m.list.Cursor())
	m.seenFollowed()
	if m.feed.fetching() || m.feed.err != nil || !m.feed.started() {
		return nil
	}
	lead := m.lead()
	if m.list.Cursor() >= m.feed.events.Len()-lead && !m.feed.atEnd() {
		return m.startFetch(dirNext)
	}
	if m.list.Cursor() < lead && m.feed.canPrev() {
		return m.startFetch(dirPrev)
	}
	return nil
}

// startFetch cancels what is in flight and asks for the page in direction d.
func (m *Model) startFetch(d direction) tea.Cmd {
	req, ok := m.feed.begin(d)
	if !ok {
		return nil
	}
	if d == dirNext && !m.toEnd { // G's walk keeps the source's size and its page count
		req.size = m.pageSize()
		m.feed.inflight.size = req.size
	}
	if m.cancel != nil {
		m.cancel()
	}
	ctx, cancel := context.WithCancel(m.ctx)
	m.cancel = cancel
	return tea.Batch(
		fetchPage(ctx, m.src(), m.sourceQuery(), req.cursor, req.size, d == dirLast, req.seq, m.opts.FetchTimeout),
		m.spinner.Tick,
	)
}

// restart drops what is loaded and fetches the first page of the query.
func (m *Model) restart() tea.Cmd { return m.restartAt(dirFirst) }

// restartAt drops what is loaded and fetches the first or the last page.
func (m *Model) restartAt(d direction) tea.Cmd {
	if m.cancel != nil {
		m.cancel()
		m.cancel = nil
	}
	m.feed.reset()
	m.feed.at = m.around != nil
	m.toEnd = false
	m.list.Reset()
	m.jumpTo = 0
	m.landing = nil
	m.searchCount = ""
	m.detail.SetEvent(nil, m.loc)
	m.resize() // the filter shown on top may now need another line
	return tea.Batch(m.startFetch(d), m.refollow())
}

// handlePage takes a fetch result in, unless it is stale.
func (m Model) handlePage(msg pageLoadedMsg) (tea.Model, tea.Cmd) {
	if !m.feed.current(msg.seq) {
		return m, nil
	}
	if m.cancel != nil {
		m.cancel()
		m.cancel = nil
	}
	if msg.err != nil {
		return m.handleFetchError(msg.err)
	}
	m.feed.noteLatency(msg.took)
	if msg.page.Parts != nil {
		m.noteParts(msg.page.Parts, msg.page.Notice)
		m.parts = msg.page.Parts
	}
	req := *m.feed.inflight
	shift := m.feed.add(msg.page, m.list.Cursor())
	m.mem.follow(m.feed.bytes)
	if m.showTime {
		m.recountTimeline()
	}
	switch {
	case req.dir == dirFirst:
		m.list.Reset()
		m.list.Move(m.feed.window(), 0)
	case req.dir == dirLast:
		m.list.Move(m.feed.window(), m.feed.events.Len()-1)
	case shift != 0:
		m.list.Shift(m.feed.window(), shift)
	default:
		m.list.Scroll(m.feed.window())
	}
	if m.toEnd && req.dir == dirNext {
		m.list.Move(m.feed.window(), m.feed.events.Len()-1) // afterMove below asks for the next page
	}
	var cmds []tea.Cmd
	if err := m.feed.endless(req, msg.page); err != nil {
		m.toEnd = false
		cmds = append(cmds, m.setStatus(common.ErrorText(err), statusError, 0))
	}
	if m.toEnd && m.feed.atEnd() {
		m.toEnd = false
		cmds = append(cmds, m.setStatus(m.toEndCount()+" in all", statusInfo, 5*time.Second))
	}
	if m.jumpTo == req.number {
		m.jumpTo = 0
		m.list.Top(m.feed.window(), rowStart(&m.feed, req.number))
	}
	if n := msg.page.Notice; n != "" && !m.notices[n] {
		m.notices[n] = true
		cmds = append(cmds, m.setStatus(n, statusWarn, 30*time.Second))
	}
	if m.search.Query() != "" && !m.search.Active() {
		cmds = append(cmds, m.recount())
	}
	if shift != 0 {
		m.recenterAt(shift)
	}
	cmds = append(cmds, m.landNearAt(), m.land(req), m.afterMove())
	return m, tea.Batch(cmds...)
}

// rowStart returns the index of the first event of page number n, or 0.
func rowStart(f *feed, n int) int {
	for _, p := range f.pages {
		if p.number == n {
			return p.start
		}
	}
	return 0
}

// handleFetchError keeps what is loaded and says what went wrong. A rate
// limit is retried by itself after the wait the provider asked for.
func (m Model) handleFetchError(err error) (tea.Model, tea.Cmd) {
	if errors.Is(err, errors.ErrUnsupported) && m.feed.inflight != nil && m.feed.inflight.dir == dirLast {
		// This source cannot start from the end after all (a JSON array):
		// page forwards from the start, and G moves through what is loaded.
		m.seekless = true
		return m, tea.Batch(m.restartAt(dirFirst), m.setStatus("this file can only be read from its start: G loads page by page", statusInfo, 5*time.Second))
	}
	if wait, limited := sources.RetryAfter(err); limited {
		if wait <= 0 {
			wait = 5 * time.Second
		}
		m.feed.fail(err, m.now().Add(wait))
		return m, tickRetry(m.feed.seq, min(wait, waitTick))
	}
	m.feed.fail(err, time.Time{})
	m.toEnd = false // G again goes on from here
	if errors.Is(err, context.DeadlineExceeded) {
		return m, m.setStatus("the provider did not answer in time", statusError, 0)
	}
	return m, m.setStatus(common.ErrorText(err), statusError, 0)
}

// handleRetryTick counts a rate-limit wait down and retries at its end.
func (m Model) handleRetryTick(msg retryTickedMsg) (tea.Model, tea.Cmd) {
	if msg.seq != m.feed.seq || m.feed.err == nil || m.feed.retryAt.IsZero() {
		return m, nil
	}
	if left := m.feed.retryAt.Sub(m.now()); left > 0 {
		return m, tickRetry(msg.seq, min(left, waitTick))
	}
	return m, m.startFetch(m.feed.errDir)
}

// retryNow retries a failed fetch, or cuts short a wait in flight.
func (m Model) retryNow() (tea.Model, tea.Cmd) {
	switch {
	case m.feed.err != nil:
		m.status = statusMsg{}
		return m, m.startFetch(m.feed.errDir)
	case m.feed.fetching() && !m.feed.progress.Until.IsZero():
		return m, m.startFetch(m.feed.inflight.dir)
	}
	return m, m.setStatus("nothing to retry", statusInfo, 2*time.Second)
}

// pageJump moves to the start of the next (+1) or previous (-1) page,
// fetching it first when it is not loaded.
func (m Model) pageJump(dir int) (tea.Model, tea.Cmd) {
	f := &m.feed
	if !f.started() {
		return m, nil
	}
	p := f.pageAt(m.list.Cursor())
	target := p + dir
	// Skip pages the query trimmed to nothing.
	for target >= 0 && target < len(f.pages) && f.pages[target].count == 0 {
		target += dir
	}
	if target >= 0 && target < len(f.pages) {
		m.list.Top(f.window(), f.pages[target].start)
		return m, m.afterMove()
	}
	var d direction
	var number int
	if dir > 0 {
		if f.atEnd() {
			m.list.Move(f.window(), f.events.Len()-1)
			return m, tea.Batch(m.afterMove(), m.setStatus("this is the last page", statusInfo, 2*time.Second))
		}
		d, number = dirNext, f.pages[len(f.pages)-1].number+1
	} else {
		if !f.canPrev() {
			m.list.Top(f.window(), 0)
			return m, tea.Batch(m.afterMove(), m.setStatus("this is the first page", statusInfo, 2*time.Second))
		}
		d, number = dirPrev, f.pages[0].number-1
	}
	m.jumpTo = number
	if f.fetching() && f.inflight.dir == d {
		return m, nil // already on its way
	}
	return m, m.startFetch(d) // after a failure, an explicit request is a retry
}
