package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/ui/common"
	"github.com/trail-dev/trail/ui/timeprompt"
)

// Go to a time: @ asks for a time, and the list shows the events around
// it: the newest before it from the first page, the ones after it above,
// fetched as the user scrolls up (sources.Around says how each source is
// read that way). The cursor lands on the event nearest the time, the top
// bar says "at …", and esc or backspace go back to the view before, as
// after a pivot. The query in force stays as it is; the time is not a
// filter.

// atBase is the number the feed gives the page at the time: pages below it
// count up from it, pages above count down, and none comes near page 1,
// which the feed takes for the first page of the log.
const atBase = 1 << 40

// src is the source pages are fetched from: the log seen from the time
// gone to, or the log.
func (m *Model) src() sources.Source {
	switch {
	case m.around != nil:
		return m.around
	case m.atMatch != nil:
		return m.atMatch.src
	}
	return m.opts.Source
}

// opened reports whether the view is opened at a place (a time gone to, a
// match found in the file) rather than at the start of the query.
func (m *Model) opened() bool { return m.around != nil || m.atMatch != nil }

// viewBase is the number of the first page of the view: atBase,
// matchBase, or 0 for page 1.
func (m *Model) viewBase() int {
	switch {
	case m.around != nil:
		return atBase
	case m.atMatch != nil:
		return matchBase
	}
	return 0
}

// handleTimeKey edits the time prompt; enter on a time goes there.
func (m Model) handleTimeKey(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	cmd, act := m.timePrompt.Update(k, m.now(), m.loc)
	if act.Kind == timeprompt.Go {
		return m.goTo(act.T)
	}
	return m, cmd
}

// goTo shows the events around t, keeping the filter in force; the view
// before goes on the history, so backspace or esc come back to it.
func (m Model) goTo(t time.Time) (tea.Model, tea.Cmd) {
	m.history = append(m.history, m.here())
	if len(m.history) > 100 {
		m.history = m.history[len(m.history)-100:]
	}
	m.setAt(t)
	cmd := m.restart()
	status := m.setStatus(m.atStatus(""), statusInfo, 5*time.Second)
	m.atStatusID = m.statusSeq
	return m, tea.Batch(cmd, status)
}

// atStatus is what the status line says of the view at a time: where it
// is, which way the log runs from it (sides, once known) and how to leave.
func (m *Model) atStatus(sides string) string {
	if sides != "" {
		sides = ": " + sides
	}
	return "at " + m.atLabel() + sides + "; " + m.keys.Back.Help().Key + " goes back"
}

// setAt puts the view at t, or back on the whole log for a zero t; a view
// at a match is left either way.
func (m *Model) setAt(t time.Time) {
	m.atTime, m.around, m.atPending, m.atCenter = t, nil, false, -1
	m.atMatch = nil
	if !t.IsZero() {
		m.around = sources.NewAround(m.opts.Source, t, m.opts.Now)
		m.atPending = true
	}
}

// atLabel is the time gone to, as the top bar says it.
func (m *Model) atLabel() string {
	layout := "2006-01-02 15:04 MST"
	if t := m.atTime.In(m.loc); t.Second() != 0 || t.Nanosecond() != 0 {
		layout = "2006-01-02 15:04:05 MST"
	}
	return m.atTime.In(m.loc).Format(layout)
}

// atPart is the top bar's word on the time gone to, or the match found
// in the file; "" when none.
func (m *Model) atPart() string {
	if m.atMatch != nil {
		return m.matchPart()
	}
	if m.atTime.IsZero() {
		return ""
	}
	return m.styles.Accent.Render("at " + m.atLabel())
}

// landNearAt puts the cursor on the event nearest the time gone to, once
// the pages on both sides of it are loaded (or there is nothing above),
// the event on the middle row of the screen so both sides show; the status
// line, while it still says where the view went, then says which way the
// log runs from there (newer above in a provider's log, older above in a
// file that is appended to).
func (m *Model) landNearAt() tea.Cmd {
	if !m.atPending {
		return nil
	}
	f := &m.feed
	// at is the first event under the time: pages under it may have come
	// back empty (a provider's day-granular bound, trimmed by trail), and
	// the page holding it, like the events above the time, may not have
	// come yet.
	at, under := f.events.Len(), false
	above := false
	for _, p := range f.pages {
		if p.count == 0 {
			continue
		}
		if p.number < atBase {
			above = true
		} else if !under {
			at, under = p.start, true
		}
	}
	if !above && f.canPrev() {
		return nil // the events on the other side of the time are on their way
	}
	if !under && !f.atEnd() {
		return nil // the pages under the time held nothing yet; the next one comes
	}
	m.atPending = false
	best := -1
	for _, i := range [...]int{at - 1, at} {
		if i < 0 || i >= f.events.Len() || f.events.At(i).Time.IsZero() {
			continue
		}
		if best < 0 || absDur(f.events.At(i).Time.Sub(m.atTime)) < absDur(f.events.At(best).Time.Sub(m.atTime)) {
			best = i
		}
	}
	if best < 0 {
		best = min(at, max(f.events.Len()-1, 0))
	}
	m.list.Land(f.window(), best, m.list.RowsVisible()/2)
	m.atCenter = best
	if m.status.id != m.atStatusID {
		return nil
	}
	// Which side of the time the events next to it are on says which way
	// the log runs: the events above it are the newer ones in a log newest
	// first, the older ones in a file oldest first.
	var oldestFirst bool
	switch {
	case at > 0 && !f.events.At(at-1).Time.IsZero():
		oldestFirst = f.events.At(at - 1).Time.Before(m.atTime)
	case at < f.events.Len() && !f.events.At(at).Time.IsZero():
		oldestFirst = !f.events.At(at).Time.Before(m.atTime)
	default:
		return nil
	}
	sides := "newer events above, older below"
	if oldestFirst {
		sides = "older events above, newer below"
	}
	return m.setStatus(m.atStatus(sides), statusInfo, 5*time.Second)
}

// recenterAt keeps the event landed on in the middle of the screen while
// the pages above it arrive, until the user moves the cursor.
func (m *Model) recenterAt(shift int) {
	if m.atCenter < 0 || m.atPending {
		return
	}
	m.atCenter += shift
	if m.list.Cursor() != m.atCenter || !m.opened() {
		m.atCenter = -1
		return
	}
	m.list.Land(m.feed.window(), m.atCenter, m.list.RowsVisible()/2)
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// leaveAt leaves the view at a time or a match for the whole query (g, and
// G on a file), keeping the view on the history for backspace.
func (m *Model) leaveAt() {
	m.history = append(m.history, m.here())
	m.setAt(time.Time{})
}

// atPageLabel names a page of the view at a time or at a match; ok is
// false for a page of the whole log.
func atPageLabel(n int) (string, bool) {
	base, what, first := atBase, "the time", "the page at the time"
	if n > (atBase+matchBase)/2 {
		base, what, first = matchBase, "the match", "the page of the match"
	}
	switch {
	case n < atBase/2:
		return "", false
	case n == base:
		return first, true
	case n > base:
		return "page " + common.Itoa(n-base) + " below " + what, true
	}
	return "page " + common.Itoa(base-n) + " above " + what, true
}
