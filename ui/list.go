package ui

import (
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/ui/common"
	"github.com/trail-dev/trail/ui/theme"
)

// listPane is the event list: one row per event, a header, and rows before
// and after the events that say what lies beyond them (loading, an error,
// the end of the log). It draws only the rows on screen, so its cost does not
// depend on how many events are loaded.
type listPane struct {
	width, height int // outer size, header included
	cursor        int // index of the selected event in feed.events
	offset        int // index of the first row shown, in rows (see rowCount)
	focused       bool
	cols          columns
	actorW        int  // widest actor on screen, for sizing the column to content
	actionW       int  // widest action on screen
	ipW           int  // widest IP on screen
	sourceW       int  // widest source name on screen; 0 = no event there names its source
	age           bool // the time column shows ages ("5m ago")
	hscroll       int  // cells of the summary scrolled off to the left
	now           func() time.Time
}

// columns is the width of each column for the current terminal width; zero
// means the column is not shown.
type columns struct {
	time, source, outcome, actor, action, summary, ip int
	longTime                                          bool
}

const colGap = 1

func (l *listPane) SetSize(w, h int) {
	l.width, l.height = w, h
	l.layoutColumns()
}

func (l *listPane) Focus() { l.focused = true }
func (l *listPane) Blur()  { l.focused = false }

// fit sizes the content-sized columns to the events on screen: not to every
// event ever loaded, so a column narrows again once the long values scroll
// away or a filter that brought them is cleared.
func (l *listPane) fit(f *feed) {
	var actorW, actionW, ipW, sourceW int
	from := l.offset
	if !f.atStart() {
		from-- // the row before the events
	}
	for i := max(from, 0); i < min(from+l.rowsVisible(), len(f.events)); i++ {
		e := &f.events[i]
		actorW = max(actorW, common.WidthUpTo(e.Actor, 28))
		actionW = max(actionW, common.WidthUpTo(e.Action, 28))
		ipW = max(ipW, common.WidthUpTo(e.IP, 15))
		sourceW = max(sourceW, common.WidthUpTo(e.Source, 14))
	}
	if actorW != l.actorW || actionW != l.actionW || ipW != l.ipW || sourceW != l.sourceW {
		l.actorW, l.actionW, l.ipW, l.sourceW = actorW, actionW, ipW, sourceW
		l.layoutColumns()
	}
}

// layoutColumns gives each column its width: time and outcome fixed, actor and
// action sized to their content within limits, IP where there is room, and
// the summary the rest. As the terminal narrows, IP goes first, then the
// columns shrink, then the summary is what is left.
func (l *listPane) layoutColumns() {
	w := l.width - 1 // one cell for the selection gutter
	c := columns{outcome: 1, longTime: w >= 110}
	c.time = len(common.TimeLayoutShort)
	if c.longTime {
		c.time = len(common.TimeLayoutLong)
	}
	if l.age {
		c.time, c.longTime = len("999d ago"), false
	}
	if l.sourceW > 0 {
		c.source = max(l.sourceW, len("SOURCE"))
	}
	c.actor = common.Clamp(l.actorW, len("ACTOR"), 28)
	c.action = common.Clamp(l.actionW, len("ACTION"), 28)
	if w >= 100 && l.ipW > 0 {
		c.ip = max(l.ipW, len("IP"))
	}
	fixed := func() int {
		n := 0
		for _, w := range [...]int{c.time, c.source, c.outcome, c.actor, c.action, c.ip} {
			if w > 0 {
				n += w + colGap
			}
		}
		return n
	}
	// Keep at least this much for the summary, shrinking the others to make
	// room: 30 columns from 80 wide, 16 on the smallest screens.
	minSummary := common.Clamp(w-49, 16, 30)
	for w-fixed() < minSummary && (c.actor > 12 || c.action > 12) {
		if c.actor >= c.action {
			c.actor--
		} else {
			c.action--
		}
	}
	// Still too narrow: the action goes, then the actor (the detail pane and
	// pivots still show them), and the time is cut to the clock.
	if w-fixed() < minSummary {
		c.action = 0
	}
	if w-fixed() < minSummary {
		c.actor = 0
	}
	if w-fixed() < minSummary {
		c.source = min(c.source, 6)
	}
	if w-fixed() < minSummary && !l.age {
		c.time = len("15:04:05")
	}
	c.summary = max(w-fixed(), 0)
	l.cols = c
}

// rowsVisible is how many rows fit under the header.
func (l *listPane) rowsVisible() int { return max(l.height-1, 1) }

// rowCount is the number of rows: an optional row before the events (when
// earlier pages are not loaded), the events, and the row after them.
func rowCount(f *feed) int {
	n := len(f.events) + 1
	if !f.atStart() {
		n++
	}
	return n
}

// rowOf returns the row index of event i.
func rowOf(f *feed, i int) int {
	if !f.atStart() {
		return i + 1
	}
	return i
}

// move puts the cursor on event i (clamped) and scrolls to keep it in view.
func (l *listPane) move(f *feed, i int) {
	l.cursor = common.Clamp(i, 0, max(len(f.events)-1, 0))
	l.scroll(f)
}

// shift keeps the cursor and view on the same events after the feed put
// events in front (n > 0) or let them go (n < 0).
func (l *listPane) shift(f *feed, n int) {
	l.cursor += n
	l.offset += n
	l.move(f, l.cursor)
}

// scroll adjusts offset so the cursor row is on screen, and so the screen is
// full where there are rows enough.
func (l *listPane) scroll(f *feed) {
	if l.height <= 0 {
		return // not on screen (full-screen detail): keep the view for when it is back
	}
	rows := l.rowsVisible()
	r := rowOf(f, l.cursor)
	if len(f.events) == 0 {
		r = 0
	}
	if r < l.offset {
		l.offset = r
	}
	// On the last event, the row after it (end of log, loading) shows too.
	bottom := r
	if l.cursor == len(f.events)-1 {
		bottom++
	}
	if bottom >= l.offset+rows {
		l.offset = bottom - rows + 1
	}
	// The row before the events is shown when the cursor is on the first one.
	if l.cursor == 0 {
		l.offset = 0
	}
	l.offset = common.Clamp(l.offset, 0, max(rowCount(f)-rows, 0))
	l.fit(f)
}

// top puts the row of event i at the top of the screen (for page jumps).
func (l *listPane) top(f *feed, i int) {
	l.cursor = common.Clamp(i, 0, max(len(f.events)-1, 0))
	l.offset = common.Clamp(rowOf(f, l.cursor), 0, max(rowCount(f)-l.rowsVisible(), 0))
	l.scroll(f)
}

// rowView is what the list needs to know to draw, apart from the events.
type rowView struct {
	loc      *time.Location
	now      time.Time // for the zone's abbreviation in the header
	search   string    // highlighted in rows
	edgeTop  string    // text of the row before the events
	edgeEnd  string    // text of the row after them
	edgeTopP theme.Paint
	edgeEndP theme.Paint
}

// View draws the header and the rows on screen.
func (l *listPane) View(f *feed, st *theme.Styles, rv rowView) string {
	var b strings.Builder
	b.WriteString(st.Header.Render(l.header(rv)))
	rows := l.rowsVisible()
	if len(f.events) == 0 && f.atStart() {
		// Nothing loaded: the one row there is (loading, an error, "empty")
		// may wrap over the empty screen so a long error is read whole.
		lines := strings.Split(ansi.Wrap(rv.edgeEnd, max(l.width-2, 10), " "), "\n")
		for i := 0; i < rows; i++ {
			b.WriteByte('\n')
			if i < len(lines) {
				b.WriteString(rv.edgeEndP.Render(" " + common.Clip(lines[i], l.width-1)))
			}
		}
		return b.String()
	}
	total := rowCount(f)
	for r := l.offset; r < l.offset+rows; r++ {
		b.WriteByte('\n')
		if r >= total {
			continue
		}
		i := r
		if !f.atStart() {
			if r == 0 {
				b.WriteString(rv.edgeTopP.Render(common.Clip(" "+rv.edgeTop, l.width)))
				continue
			}
			i = r - 1
		}
		if i >= len(f.events) {
			b.WriteString(rv.edgeEndP.Render(common.Clip(" "+rv.edgeEnd, l.width)))
			continue
		}
		b.WriteString(l.row(&f.events[i], i == l.cursor, st, rv))
	}
	return b.String()
}

// header names the columns; the time column names the zone times are shown
// in ("TIME (UTC)"), as t changes it.
func (l *listPane) header(rv rowView) string {
	c := l.cols
	summary := "SUMMARY"
	if l.hscroll > 0 {
		summary = "SUMMARY « " + common.Itoa(l.hscroll)
	}
	timeTitle := "TIME"
	if l.age {
		timeTitle = "AGE"
	} else {
		for _, z := range zoneTitles(rv.loc, rv.now) {
			if t := "TIME (" + z + ")"; len(t) <= c.time {
				timeTitle = t
				break
			}
		}
	}
	var b strings.Builder
	b.WriteByte(' ')
	for _, cell := range [...]struct {
		title string
		w     int
	}{{" ", c.outcome}, {timeTitle, c.time}, {"SOURCE", c.source}, {"ACTOR", c.actor}, {"ACTION", c.action}, {"IP", c.ip}} {
		if cell.w > 0 {
			b.WriteString(common.Pad(cell.title, cell.w+colGap))
		}
	}
	b.WriteString(common.Pad(summary, c.summary))
	return common.Clip(b.String(), l.width)
}

// row draws one event. The selected row is drawn in one paint across the
// width; others colour the outcome and failures.
func (l *listPane) row(e *model.Event, selected bool, st *theme.Styles, rv rowView) string {
	c := l.cols
	layout := common.TimeLayoutShort
	switch {
	case c.longTime:
		layout = common.TimeLayoutLong
	case c.time < len(common.TimeLayoutShort):
		layout = "15:04:05"
	}
	ts := strings.Repeat(" ", c.time)
	switch {
	case e.Time.IsZero():
	case l.age && l.now != nil:
		ts = common.Fit(age(e.Time, l.now()), c.time)
	default:
		ts = common.Fit(e.Time.In(rv.loc).Format(layout), c.time)
	}
	mark, markP := " ", theme.Paint{}
	switch e.Outcome {
	case model.OutcomeFailure:
		mark, markP = "✗", st.Danger
	case model.OutcomeSuccess:
		mark, markP = "✓", st.OK
	}
	base := theme.Paint{}
	if selected {
		base = st.Inactive
		if l.focused {
			base = st.Selected
		}
	}
	// Inside the selection bar every cell is drawn in its paint; elsewhere
	// the time is muted and a failure's outcome and action are in red.
	timeP, actionP := st.Muted, theme.Paint{}
	if e.Outcome == model.OutcomeFailure {
		actionP = st.Danger
	}
	if selected {
		timeP, markP, actionP = theme.Paint{}, theme.Paint{}, theme.Paint{}
	}
	cell := func(p theme.Paint, s string, searchable bool) string {
		if searchable {
			restore := base.On
			if p.On != "" {
				restore = p.On
			}
			s = common.Highlight(s, rv.search, st.Match, restore)
		}
		return p.Render(s)
	}
	var b strings.Builder
	b.Grow(l.width + 64)
	b.WriteString(base.On)
	if selected {
		b.WriteString("▌")
	} else {
		b.WriteByte(' ')
	}
	// The outcome leads the row, so the gaps between the columns of text
	// are all alike whether or not an event has one.
	gap := strings.Repeat(" ", colGap)
	b.WriteString(cell(markP, mark, false) + gap)
	b.WriteString(cell(timeP, ts, false) + gap)
	if c.source > 0 {
		b.WriteString(cell(timeP, common.Fit(e.Source, c.source), true) + gap)
	}
	if c.actor > 0 {
		b.WriteString(cell(theme.Paint{}, common.Fit(e.Actor, c.actor), true) + gap)
	}
	if c.action > 0 {
		b.WriteString(cell(actionP, common.Fit(e.Action, c.action), true) + gap)
	}
	if c.ip > 0 {
		b.WriteString(cell(theme.Paint{}, common.Fit(e.IP, c.ip), true) + gap)
	}
	b.WriteString(cell(theme.Paint{}, common.FitFrom(e.Summary, l.hscroll, c.summary), true))
	if selected {
		b.WriteString(ansi.ResetStyle)
	}
	return b.String()
}

// zoneTitles names a zone for the time column's header, longest first.
func zoneTitles(loc *time.Location, now time.Time) []string {
	if loc == nil || loc == time.UTC {
		return []string{"UTC"}
	}
	abbr, _ := now.In(loc).Zone()
	if loc == time.Local {
		return []string{"local " + abbr, "local"}
	}
	return []string{loc.String(), abbr}
}

// hscrollStep is how far left and right move the summary.
const hscrollStep = 10
