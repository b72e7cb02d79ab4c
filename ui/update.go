package ui

import (
	"context"
	"errors"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
)

// Update routes a message: window and theme changes to the layout, keys to
// whatever has the keyboard, fetch results to the feed, timers to their owner.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.resize()
		return m, nil
	case tea.BackgroundColorMsg:
		if m.opts.Theme == ThemeAuto || m.opts.Theme == "" {
			theme := ThemeLight
			if msg.IsDark() {
				theme = ThemeDark
			}
			m.setTheme(theme)
		}
		return m, nil
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	case tea.MouseWheelMsg:
		return m.handleWheel(msg)
	case tea.MouseClickMsg:
		return m.handleClick(msg)
	case pageLoadedMsg:
		return m.handlePage(msg)
	case fetchProgressedMsg:
		if !m.feed.current(msg.seq) {
			return m, nil // superseded; its goroutine ends with its context
		}
		m.feed.progress = msg.progress
		return m, awaitFetch(msg.ch)
	case retryTickedMsg:
		return m.handleRetryTick(msg)
	case statusExpiredMsg:
		if msg.id == m.status.id {
			m.status = statusMsg{}
		}
		return m, nil
	case searchFoundMsg, searchCountedMsg:
		return m.handleSearchResult(msg)
	case insightsProgressedMsg, insightsWalkedMsg:
		return m.handleInsightsMsg(msg)
	case exportProgressedMsg, exportFinishedMsg:
		return m.handleExportMsg(msg)
	case actionsListedMsg:
		if msg.err != nil {
			return m, m.setStatus("could not list the action types: "+errorText(msg.err), statusWarn, 8*time.Second)
		}
		m.filter.SetActions(msg.actions)
		return m, nil
	case spinner.TickMsg:
		if !m.feed.fetching() {
			return m, nil // let the tick chain end while idle: no redraws over SSH
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return m, cmd
	}
	// Anything else (cursor blinks) belongs to the input that has focus.
	var cmd tea.Cmd
	switch {
	case m.export.active:
		m.export.input, cmd = m.export.input.Update(msg)
	case m.search.active:
		m.search.input, cmd = m.search.input.Update(msg)
	case m.focus == focusFilter:
		*m.filter, cmd, _ = m.filter.Update(msg, m.now())
	}
	return m, cmd
}

// handleKey sends a key to the search input or the filter when they have the
// keyboard, and otherwise acts on the key map.
func (m Model) handleKey(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if k.String() == "ctrl+c" {
		return m.quit()
	}
	if m.export.active {
		return m.handleExportKey(k)
	}
	if m.search.active {
		return m.handleSearchKey(k)
	}
	if m.focus == focusFilter {
		return m.handleFilterKey(k)
	}
	if m.insights != nil {
		return m.handleInsightsKey(k)
	}
	if m.showHelp {
		// Like a pager: q, esc or ? close the help; ctrl+c (above) quits.
		switch keys := &m.keys; {
		case key.Matches(k, keys.Help, keys.Back, keys.Quit):
			m.showHelp, m.helpOffset = false, 0
		case key.Matches(k, keys.Down):
			m.helpOffset++
		case key.Matches(k, keys.Up):
			m.helpOffset = max(m.helpOffset-1, 0)
		case key.Matches(k, keys.PageDown, keys.HalfDown):
			m.helpOffset += m.bodyHeight() - 2
		case key.Matches(k, keys.PageUp, keys.HalfUp):
			m.helpOffset = max(m.helpOffset-m.bodyHeight()+2, 0)
		case key.Matches(k, keys.Top):
			m.helpOffset = 0
		}
		lines := strings.Count(m.fullHelp(), "\n")
		m.helpOffset = min(m.helpOffset, max(lines-m.bodyHeight()+1, 0))
		return m, nil
	}
	keys := &m.keys
	switch {
	case key.Matches(k, keys.Quit):
		if m.zoom {
			return m.back() // q leaves the full-screen detail first
		}
		return m.quit()
	case key.Matches(k, keys.Help):
		m.showHelp = true
		return m, nil
	case key.Matches(k, keys.Back):
		return m.back()
	case key.Matches(k, keys.Detail):
		m.zoom = !m.zoom
		if m.zoom {
			m.setFocus(focusDetail)
		} else {
			m.setFocus(focusList)
		}
		m.resize()
		return m, nil
	case key.Matches(k, keys.Focus, keys.FocusBack):
		if m.focus == focusList && m.detailShown {
			m.setFocus(focusDetail)
		} else if !m.zoom {
			m.setFocus(focusList)
		}
		return m, nil
	case key.Matches(k, keys.Filter):
		m.setFocus(focusFilter)
		m.zoom = false
		cmd := m.filter.Open(m.query, m.loc)
		m.resize()
		return m, cmd
	case key.Matches(k, keys.ClearFilter):
		if m.query.IsZero() {
			return m, m.setStatus("no filter to clear", statusInfo, 3*time.Second)
		}
		return m, tea.Batch(m.applyQuery(model.Query{}), m.setStatus("filter cleared; backspace brings it back", statusInfo, 3*time.Second))
	case key.Matches(k, keys.FilterBack):
		return m.backFilter()
	case key.Matches(k, keys.PivotActor):
		return m.pivotTo(pivotActor)
	case key.Matches(k, keys.PivotIP):
		return m.pivotTo(pivotIP)
	case key.Matches(k, keys.PivotAction):
		return m.pivotTo(pivotAction)
	case key.Matches(k, keys.PivotTarget):
		return m.pivotTo(pivotTarget)
	case key.Matches(k, keys.Insights):
		m.openInsights()
		return m, nil
	case key.Matches(k, keys.Zone):
		return m.toggleZone()
	case key.Matches(k, keys.Age):
		return m.toggleAge()
	case key.Matches(k, keys.Search):
		return m, m.search.Start(m.list.cursor)
	case key.Matches(k, keys.SearchNext, keys.SearchPrev):
		return m.searchStep(key.Matches(k, keys.SearchNext))
	case key.Matches(k, keys.Copy):
		return m.copySelected()
	case key.Matches(k, keys.CopyField):
		return m.copyField()
	case key.Matches(k, keys.Left):
		m.list.hscroll = max(m.list.hscroll-hscrollStep, 0)
		return m, nil
	case key.Matches(k, keys.Right):
		m.list.hscroll += hscrollStep
		return m, nil
	case key.Matches(k, keys.Export):
		if m.export.running {
			return m, m.setStatus("an export is already running; esc cancels it", statusWarn, 3*time.Second)
		}
		return m, m.export.Start(m.opts.SourceName, m.now())
	case key.Matches(k, keys.Retry):
		return m.retryNow()
	case key.Matches(k, keys.NextPage):
		return m.pageJump(+1)
	case key.Matches(k, keys.PrevPage):
		return m.pageJump(-1)
	}
	if m.focus == focusDetail {
		return m.handleDetailKey(k)
	}
	return m.handleListKey(k)
}

// handleListKey moves the cursor.
func (m Model) handleListKey(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	keys, page := &m.keys, m.list.rowsVisible()
	to := m.list.cursor
	switch {
	case key.Matches(k, keys.Up):
		to--
	case key.Matches(k, keys.Down):
		to++
	case key.Matches(k, keys.PageUp):
		to -= page
	case key.Matches(k, keys.PageDown):
		to += page
	case key.Matches(k, keys.HalfUp):
		to -= page / 2
	case key.Matches(k, keys.HalfDown):
		to += page / 2
	case key.Matches(k, keys.Top):
		if !m.feed.atStart() {
			return m, m.restartAt(dirFirst) // the first page was let go, or never loaded
		}
		to = 0
	case key.Matches(k, keys.Bottom):
		if _, ok := m.opts.Source.(sources.Seeker); ok && !m.seekless && !m.feed.atEnd() {
			return m, m.restartAt(dirLast) // a file: straight to its end
		}
		to = len(m.feed.events) - 1
	default:
		return m, nil
	}
	m.list.move(&m.feed, to)
	return m, m.afterMove()
}

// handleDetailKey scrolls the detail pane.
func (m Model) handleDetailKey(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	keys, page := &m.keys, max(m.detail.bodyHeight()-1, 1)
	switch {
	case key.Matches(k, keys.Up):
		m.detail.moveCursor(-1)
	case key.Matches(k, keys.Down):
		m.detail.moveCursor(1)
	case key.Matches(k, keys.PageUp):
		m.detail.moveCursor(-page)
	case key.Matches(k, keys.PageDown):
		m.detail.moveCursor(page)
	case key.Matches(k, keys.HalfUp):
		m.detail.moveCursor(-page / 2)
	case key.Matches(k, keys.HalfDown):
		m.detail.moveCursor(page / 2)
	case key.Matches(k, keys.Top):
		m.detail.moveCursor(-len(m.detail.lines))
	case key.Matches(k, keys.Bottom):
		m.detail.moveCursor(len(m.detail.lines))
	}
	return m, nil
}

// back closes whatever is open, innermost first.
func (m Model) back() (tea.Model, tea.Cmd) {
	switch {
	case m.zoom:
		m.zoom = false
		m.setFocus(focusList)
		m.resize()
	case m.focus == focusDetail:
		m.setFocus(focusList)
	case m.search.query != "":
		m.search.Stop(false)
		m.searchCount = ""
	case m.export.running:
		m.export.cancel()
	}
	return m, nil
}

func (m *Model) setFocus(f focus) {
	m.focus = f
	m.list.Blur()
	m.detail.Blur()
	switch f {
	case focusList:
		m.list.Focus()
	case focusDetail:
		m.detail.Focus()
	}
}

func (m *Model) setTheme(theme string) {
	m.theme = theme
	m.styles = NewStyles(theme)
	m.detail.key = "" // rebuild its coloured lines
	m.detail.SetEvent(m.selected(), m.loc, &m.styles)
}

func (m Model) quit() (tea.Model, tea.Cmd) {
	if m.cancel != nil {
		m.cancel()
	}
	return m, tea.Quit
}

// afterMove follows the cursor: the detail pane shows the selected event, and
// a page is fetched when the cursor comes within a screen of either end of
// what is loaded.
func (m *Model) afterMove() tea.Cmd {
	m.detail.SetEvent(m.selected(), m.loc, &m.styles)
	m.moves.record(m.now(), m.list.cursor)
	if m.feed.fetching() || m.feed.err != nil || !m.feed.started() {
		return nil
	}
	lead := m.lead()
	if m.list.cursor >= len(m.feed.events)-lead && !m.feed.atEnd() {
		return m.startFetch(dirNext)
	}
	if m.list.cursor < lead && m.feed.canPrev() {
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
	if m.cancel != nil {
		m.cancel()
	}
	ctx, cancel := context.WithCancel(m.ctx)
	m.cancel = cancel
	return tea.Batch(
		fetchPage(ctx, m.opts.Source, m.query, req.cursor, d == dirLast, req.seq, m.opts.FetchTimeout),
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
	m.list.cursor, m.list.offset = 0, 0
	m.jumpTo = 0
	m.searchCount = ""
	m.detail.SetEvent(nil, m.loc, &m.styles)
	m.resize() // the filter shown on top may now need another line
	return m.startFetch(d)
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
		m.parts = msg.page.Parts
	}
	req := *m.feed.inflight
	shift := m.feed.add(msg.page)
	m.list.observe(msg.page.Events)
	if m.showTime {
		m.recountTimeline()
	}
	switch {
	case req.dir == dirFirst:
		m.list.cursor, m.list.offset = 0, 0
		m.list.move(&m.feed, 0)
	case req.dir == dirLast:
		m.list.move(&m.feed, len(m.feed.events)-1)
	case shift != 0:
		m.list.shift(&m.feed, shift)
	default:
		m.list.scroll(&m.feed)
	}
	var cmds []tea.Cmd
	if m.jumpTo == req.number {
		m.jumpTo = 0
		m.list.top(&m.feed, rowStart(&m.feed, req.number))
	}
	if n := msg.page.Notice; n != "" && !m.notices[n] {
		m.notices[n] = true
		cmds = append(cmds, m.setStatus(n, statusWarn, 30*time.Second))
	}
	if m.search.query != "" && !m.search.active {
		cmds = append(cmds, m.recount())
	}
	cmds = append(cmds, m.afterMove())
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
	if errors.Is(err, context.DeadlineExceeded) {
		return m, m.setStatus("the provider did not answer in time; r retries", statusError, 0)
	}
	return m, m.setStatus(errorText(err), statusError, 0)
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
	p := f.pageAt(m.list.cursor)
	target := p + dir
	// Skip pages the query trimmed to nothing.
	for target >= 0 && target < len(f.pages) && f.pages[target].count == 0 {
		target += dir
	}
	if target >= 0 && target < len(f.pages) {
		m.list.top(f, f.pages[target].start)
		return m, m.afterMove()
	}
	var d direction
	var number int
	if dir > 0 {
		if f.atEnd() {
			m.list.move(f, len(f.events)-1)
			return m, tea.Batch(m.afterMove(), m.setStatus("this is the last page", statusInfo, 2*time.Second))
		}
		d, number = dirNext, f.pages[len(f.pages)-1].number+1
	} else {
		if !f.canPrev() {
			m.list.top(f, 0)
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

// setStatus shows text on the right of the status line; ttl 0 keeps it until
// it is replaced.
func (m *Model) setStatus(text string, kind statusKind, ttl time.Duration) tea.Cmd {
	m.statusSeq++
	m.status = statusMsg{id: m.statusSeq, text: text, kind: kind}
	if ttl <= 0 {
		return nil
	}
	return expireStatus(m.statusSeq, ttl)
}

// copySelected puts the selected event's raw JSON on the clipboard.
func (m Model) copySelected() (tea.Model, tea.Cmd) {
	e := m.selected()
	if e == nil || len(e.Raw) == 0 {
		return m, m.setStatus("nothing to copy", statusInfo, 2*time.Second)
	}
	return m.copy("raw JSON of event "+model.Sanitize(e.ID), string(e.Raw), true)
}

// copyField copies the summary, or, while the detail pane has the keyboard,
// the field or JSON value on its cursor line.
func (m Model) copyField() (tea.Model, tea.Cmd) {
	e := m.selected()
	if e == nil {
		return m, m.setStatus("nothing to copy", statusInfo, 2*time.Second)
	}
	if m.focus == focusDetail {
		c := m.detail.selection()
		if c.value == "" {
			return m, m.setStatus("nothing to copy on this line", statusInfo, 2*time.Second)
		}
		return m.copy(c.name, c.value, c.name == "raw JSON")
	}
	if e.Summary == "" {
		return m, m.setStatus("this event has no summary; tab to the detail pane to pick a field", statusInfo, 3*time.Second)
	}
	return m.copy("summary", e.Summary, false)
}

// copy puts text on the clipboard, through OSC 52 (which crosses SSH) and,
// inside tmux, through tmux itself, and says what was copied and how big.
// A field's control characters are escaped first, since a copy is pasted into
// terminals too; raw JSON is copied as the provider sent it (it is evidence,
// and valid JSON holds no raw control characters).
func (m Model) copy(what, text string, raw bool) (tea.Model, tea.Cmd) {
	if !raw {
		text = model.Sanitize(text)
	}
	status := "copied " + what + " (" + humanBytes(len(text)) + ")"
	kind := statusInfo
	if len(text) > 74_994 {
		status += "; some terminals drop copies this large"
		kind = statusWarn
	}
	cmds := []tea.Cmd{tea.SetClipboard(text), m.setStatus(status, kind, 4*time.Second)}
	if m.opts.Getenv("TMUX") != "" {
		cmds = append(cmds, tmuxCopy(text))
	}
	return m, tea.Batch(cmds...)
}
