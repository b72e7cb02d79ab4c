// Package list is the event list: trail's own virtual list, which draws only
// the rows on screen, so a frame costs the same over 200 events or 200,000
// (bubbles' list and table draw every row). It draws from a Window of the
// root's loaded events, given at each call: the events are the root's state.
package list

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/ui/common"
	"github.com/trail-dev/trail/ui/keys"
	"github.com/trail-dev/trail/ui/theme"
	"github.com/trail-dev/trail/ui/window"
)

// Model is the event list: one row per event, a header, and rows before
// and after the events that say what lies beyond them (loading, an error,
// the end of the log). It draws only the rows on screen, so its cost does not
// depend on how many events are loaded.
type Model struct {
	width, height int // outer size, header included
	cursor        int // index of the selected event in feed.events
	offset        int // index of the first row shown, in rows (see rowCount)
	focused       bool
	cols          columns
	order         []Column        // the columns chosen, in order; nil = the default layout
	measuredOrder []Column        // the content-sized ones among them
	contentW      [numColumns]int // widest value on screen of each content-sized column
	age           bool            // the time column shows ages ("5m ago")
	hscroll       int             // cells of the summary scrolled off to the left
	now           func() time.Time
	keys          keys.KeyMap
	st            *theme.Styles
	win           Window  // what View draws, set by SetWindow
	rv            RowView // and how
	failed        bool    // the last fetch failed (the hint line offers a retry)
}

// Window is the loaded events the list shows, in order, and whether the
// first of them is the first of the query (else a row above them says what
// lies before).
type Window struct {
	Events  window.Events
	AtStart bool
}

// New returns the list, moved by km's keys and drawn in st; now is the clock
// ages are read against.
func New(km keys.KeyMap, st *theme.Styles, now func() time.Time) Model {
	return Model{keys: km, st: st, now: now}
}

// ActionKind says what a key asks of the root, which owns the events.
type ActionKind int

const (
	None     ActionKind = iota
	MoveTo              // put the cursor on event Action.To (the root may fetch first)
	ToTop               // the first event of the query
	ToBottom            // the last event of the query
)

// Action is what the root must do after a key.
type Action struct {
	Kind ActionKind
	To   int
}

// Update answers the list's keys: moves ask the root to move the cursor
// (it owns the events and fetches what is missing); left and right scroll
// the summary here.
func (l Model) Update(msg tea.Msg) (Model, Action) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return l, Action{}
	}
	keys, page := &l.keys, l.RowsVisible()
	to := l.cursor
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
		return l, Action{Kind: ToTop}
	case key.Matches(k, keys.Bottom):
		return l, Action{Kind: ToBottom}
	case key.Matches(k, keys.Left):
		l.hscroll = max(l.hscroll-hscrollStep, 0)
		return l, Action{}
	case key.Matches(k, keys.Right):
		l.hscroll += hscrollStep
		return l, Action{}
	default:
		return l, Action{}
	}
	return l, Action{Kind: MoveTo, To: to}
}

// SetFailed says whether the last fetch failed: the hint line then offers
// the retry key.
func (l *Model) SetFailed(failed bool) { l.failed = failed }

// ShortHelp is the list's hint line.
func (l Model) ShortHelp() []key.Binding { return l.keys.ListHelp(l.failed) }

// FullHelp is every key of the key map: the list is where they all work.
func (l Model) FullHelp() [][]key.Binding { return l.keys.FullHelp() }

// Cursor is the index of the selected event in the window.
func (l *Model) Cursor() int { return l.cursor }

// Offset is the first row shown (see RowCount).
func (l *Model) Offset() int { return l.offset }

// Width and Height are the list's size, header included.
func (l *Model) Width() int  { return l.width }
func (l *Model) Height() int { return l.height }

// HScroll is how many cells of the summary are scrolled off to the left.
func (l *Model) HScroll() int { return l.hscroll }

// ActorWidth and SummaryWidth are the widths of those columns now.
func (l *Model) ActorWidth() int   { return l.cols.width(ColActor) }
func (l *Model) SummaryWidth() int { return l.cols.summary }

// last is the index of the last column shown, which no gap follows.
func (c *columns) last() int {
	i := len(c.cells) - 1
	for i >= 0 && c.cells[i].w == 0 && !(c.cells[i].id == ColSummary && c.summary > 0) {
		i--
	}
	return i
}

// width is column c's width now; 0 when it is not shown.
func (c *columns) width(id Column) int {
	for _, cw := range c.cells {
		if cw.id == id {
			return cw.w
		}
	}
	return 0
}

// ToggleAge switches the time column between times and ages; it says
// whether ages are shown now.
func (l *Model) ToggleAge() bool {
	l.age = !l.age
	l.layoutColumns()
	return l.age
}

// Reset puts the cursor and the view back on the first row.
func (l *Model) Reset() { l.cursor, l.offset = 0, 0 }

// Land puts the cursor on event i, on screen row row (as near as the rows
// allow): the cursor goes back where it was after a fresh fetch.
func (l *Model) Land(w Window, i, row int) {
	l.cursor = i
	rows := l.RowsVisible()
	l.offset = common.Clamp(RowOf(w, i)-min(row, rows-1), 0, max(RowCount(w)-rows, 0))
	l.Scroll(w)
}

// SetWindow sets what View draws: the events, and how rows are drawn.
func (l *Model) SetWindow(w Window, rv RowView) { l.win, l.rv = w, rv }

// columns is the width of each column for the current terminal width, in
// the order they are drawn; a width of zero means the column is not shown.
type columns struct {
	cells    []colWidth
	summary  int // width of the summary, where it is shown
	longTime bool
}

// colWidth is one column and its width now.
type colWidth struct {
	id Column
	w  int
}

const colGap = 1

// SetSize gives the list its cells, header included; the columns are laid
// out again.
func (l *Model) SetSize(w, h int) {
	l.width, l.height = w, h
	l.layoutColumns()
}

// Focus gives the list the keyboard: the cursor row is drawn selected.
func (l *Model) Focus() { l.focused = true }

// Blur takes the keyboard away.
func (l *Model) Blur() { l.focused = false }

// shownWidth is the cells s takes as the row shows it, control characters
// as their visible escapes (\u202e is six cells, not zero), up to limit; s is
// cut first, so a 1 MiB value costs what a short one does.
func shownWidth(s string, limit int) int {
	return common.WidthUpTo(model.Sanitize(model.Clip(s, 8*limit+16)), limit)
}

// fit sizes the content-sized columns to the events on screen: not to every
// event ever loaded, so a column narrows again once the long values scroll
// away or a filter that brought them is cleared.
func (l *Model) fit(f Window) {
	var w [numColumns]int
	from := l.offset
	if !f.AtStart {
		from-- // the row before the events
	}
	measured := l.measured()
	for i := max(from, 0); i < min(from+l.RowsVisible(), f.Events.Len()); i++ {
		e := f.Events.At(i)
		for _, c := range measured {
			w[c] = max(w[c], shownWidth(c.value(e), colSpecs[c].limit))
		}
	}
	if w != l.contentW {
		l.contentW = w
		l.layoutColumns()
	}
}

// measured is the content-sized columns in the layout.
func (l *Model) measured() []Column {
	if l.order == nil {
		return defaultMeasured[:]
	}
	return l.measuredOrder
}

// defaultMeasured is what the default layout sizes to content.
var defaultMeasured = [...]Column{ColActor, ColAction, ColIP, ColSource}

// layoutColumns gives each column its width: time and outcome fixed, the
// others sized to their content within limits, and the summary the rest.
// In the default layout IP shows only where there is room (100 columns)
// and the source only in a merged view. As the terminal narrows, the
// columns shrink, then go from the right (the detail pane and pivots still
// show them), then the source and the time are cut short.
func (l *Model) layoutColumns() {
	w := l.width - 1 // one cell for the selection gutter
	c := columns{longTime: w >= 110}
	timeW := len(common.TimeLayoutShort)
	if c.longTime {
		timeW = len(common.TimeLayoutLong)
	}
	if l.age {
		timeW, c.longTime = len("999d ago"), false
	}
	order := l.order
	if order == nil {
		order = defaultOrder[:]
	}
	c.cells = make([]colWidth, 0, len(order))
	hasSummary := false
	for _, id := range order {
		cw := colWidth{id: id}
		switch id {
		case ColOutcome:
			cw.w = 1
		case ColTime:
			cw.w = timeW
		case ColSummary:
			hasSummary = true
		case ColSource:
			if l.contentW[id] > 0 {
				cw.w = max(l.contentW[id], len(colSpecs[id].title))
			}
		case ColIP:
			if l.order != nil || w >= 100 && l.contentW[id] > 0 {
				cw.w = max(l.contentW[id], len(colSpecs[id].title))
			}
		default:
			cw.w = common.Clamp(l.contentW[id], len(colSpecs[id].title), colSpecs[id].limit)
		}
		c.cells = append(c.cells, cw)
	}
	fixed := func() int {
		n := 0
		for _, cw := range c.cells {
			if cw.w > 0 {
				n += cw.w + colGap
			}
		}
		return n
	}
	// Keep at least this much for the summary, shrinking the others to make
	// room: 30 columns from 80 wide, 16 on the smallest screens. Without a
	// summary, the columns chosen must fit the width.
	minSummary := common.Clamp(w-49, 16, 30)
	if !hasSummary {
		minSummary = -colGap // the last column needs no gap after it
	}
	for w-fixed() < minSummary {
		widest := -1
		for i, cw := range c.cells {
			if shrinks(cw.id) && cw.w > 12 && (widest < 0 || cw.w > c.cells[widest].w) {
				widest = i
			}
		}
		if widest < 0 {
			break
		}
		c.cells[widest].w--
	}
	// Still too narrow: columns go from the right (in the default layout
	// the action, then the actor), then the source and the time are cut.
	for i := len(c.cells) - 1; i >= 0 && w-fixed() < minSummary; i-- {
		if id := c.cells[i].id; shrinks(id) || id == ColIP && l.order != nil {
			c.cells[i].w = 0
		}
	}
	for i := range c.cells {
		switch {
		case w-fixed() >= minSummary:
		case c.cells[i].id == ColSource:
			c.cells[i].w = min(c.cells[i].w, 6)
		}
	}
	for i := range c.cells {
		if w-fixed() < minSummary && c.cells[i].id == ColTime && !l.age {
			c.cells[i].w = len("15:04:05")
		}
	}
	if hasSummary {
		c.summary = max(w-fixed(), 0)
	}
	l.cols = c
}

// shrinks reports whether column c narrows, and goes, to make room for
// the summary.
func shrinks(c Column) bool {
	switch c {
	case ColOutcome, ColTime, ColSummary, ColSource, ColIP:
		return false
	}
	return true
}

// RowsVisible is how many rows fit under the header.
func (l *Model) RowsVisible() int { return max(l.height-1, 1) }

// RowCount is the number of rows: an optional row before the events (when
// earlier pages are not loaded), the events, and the row after them.
func RowCount(f Window) int {
	n := f.Events.Len() + 1
	if !f.AtStart {
		n++
	}
	return n
}

// RowOf returns the row index of event i.
func RowOf(f Window, i int) int {
	if !f.AtStart {
		return i + 1
	}
	return i
}

// Move puts the cursor on event i (clamped) and scrolls to keep it in view.
func (l *Model) Move(f Window, i int) {
	l.cursor = common.Clamp(i, 0, max(f.Events.Len()-1, 0))
	l.Scroll(f)
}

// Shift keeps the cursor and view on the same events after the feed put
// events in front (n > 0) or let them go (n < 0).
func (l *Model) Shift(f Window, n int) {
	l.cursor += n
	l.offset += n
	l.Move(f, l.cursor)
}

// Scroll adjusts offset so the cursor row is on screen, and so the screen is
// full where there are rows enough.
func (l *Model) Scroll(f Window) {
	if l.height <= 0 {
		return // not on screen (full-screen detail): keep the view for when it is back
	}
	rows := l.RowsVisible()
	r := RowOf(f, l.cursor)
	if f.Events.Len() == 0 {
		r = 0
	}
	if r < l.offset {
		l.offset = r
	}
	// On the last event, the row after it (end of log, loading) shows too.
	bottom := r
	if l.cursor == f.Events.Len()-1 {
		bottom++
	}
	if bottom >= l.offset+rows {
		l.offset = bottom - rows + 1
	}
	// The row before the events is shown when the cursor is on the first one.
	if l.cursor == 0 {
		l.offset = 0
	}
	l.offset = common.Clamp(l.offset, 0, max(RowCount(f)-rows, 0))
	l.fit(f)
}

// Top puts the row of event i at the top of the screen (for page jumps).
func (l *Model) Top(f Window, i int) {
	l.cursor = common.Clamp(i, 0, max(f.Events.Len()-1, 0))
	l.offset = common.Clamp(RowOf(f, l.cursor), 0, max(RowCount(f)-l.RowsVisible(), 0))
	l.Scroll(f)
}

// RowView is what the list needs to know to draw, apart from the events.
type RowView struct {
	Loc    *time.Location
	Now    time.Time // for the zone's abbreviation in the header
	Search string    // highlighted in rows
	// Marked says whether an event is marked (drawn with a ◆ in the
	// gutter); nil when none is.
	Marked   func(*model.Event) bool
	EdgeTop  string // text of the row before the events
	EdgeEnd  string // text of the row after them
	EdgeTopP theme.Paint
	EdgeEndP theme.Paint
}

// View draws the header and the rows on screen, from the window SetWindow
// gave.
func (l *Model) View() string {
	f, st, rv := l.win, l.st, l.rv
	var b strings.Builder
	b.WriteString(st.Header.Render(l.header(rv)))
	rows := l.RowsVisible()
	if f.Events.Len() == 0 && f.AtStart {
		// Nothing loaded: the one row there is (loading, an error, "empty")
		// may wrap over the empty screen so a long error is read whole.
		lines := strings.Split(ansi.Wrap(rv.EdgeEnd, max(l.width-2, 10), " "), "\n")
		for i := 0; i < rows; i++ {
			b.WriteByte('\n')
			if i < len(lines) {
				b.WriteString(rv.EdgeEndP.Render(" " + common.Clip(lines[i], l.width-1)))
			}
		}
		return b.String()
	}
	total := RowCount(f)
	for r := l.offset; r < l.offset+rows; r++ {
		b.WriteByte('\n')
		if r >= total {
			continue
		}
		i := r
		if !f.AtStart {
			if r == 0 {
				b.WriteString(rv.EdgeTopP.Render(common.Clip(" "+rv.EdgeTop, l.width)))
				continue
			}
			i = r - 1
		}
		if i >= f.Events.Len() {
			b.WriteString(rv.EdgeEndP.Render(common.Clip(" "+rv.EdgeEnd, l.width)))
			continue
		}
		b.WriteString(l.row(f.Events.At(i), i == l.cursor, st, rv))
	}
	return b.String()
}

// header names the columns; the time column names the zone times are shown
// in ("TIME (UTC)"), as t changes it.
func (l *Model) header(rv RowView) string {
	c := l.cols
	summary := "SUMMARY"
	if l.hscroll > 0 {
		summary = "SUMMARY « " + common.Itoa(l.hscroll)
	}
	timeTitle := "TIME"
	if l.age {
		timeTitle = "AGE"
	} else {
		for _, z := range zoneTitles(rv.Loc, rv.Now) {
			if t := "TIME (" + z + ")"; len(t) <= c.width(ColTime) {
				timeTitle = t
				break
			}
		}
	}
	var b strings.Builder
	b.WriteByte(' ')
	last := c.last()
	for i, cw := range c.cells {
		title, w := colSpecs[cw.id].title, cw.w
		switch {
		case cw.id == ColSummary && c.summary > 0:
			title, w = summary, c.summary
		case cw.w == 0:
			continue
		case cw.id == ColTime:
			title = timeTitle
		}
		if i != last {
			w += colGap
		}
		b.WriteString(common.Pad(title, w))
	}
	return common.Clip(b.String(), l.width)
}

// row draws one event. The selected row is drawn in one paint across the
// width; others colour the outcome and failures.
func (l *Model) row(e *model.Event, selected bool, st *theme.Styles, rv RowView) string {
	c := l.cols
	timeW := c.width(ColTime)
	layout := common.TimeLayoutShort
	switch {
	case c.longTime:
		layout = common.TimeLayoutLong
	case timeW < len(common.TimeLayoutShort):
		layout = "15:04:05"
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
			s = common.Highlight(s, rv.Search, st.Match, restore)
		}
		return p.Render(s)
	}
	var b strings.Builder
	b.Grow(l.width + 64)
	b.WriteString(base.On)
	// The gutter: a mark shows in every theme, none included, and on the
	// selected row too, where it takes the place of the bar.
	switch {
	case rv.Marked != nil && rv.Marked(e):
		b.WriteString(cell(markedPaint(st, selected), "◆", false))
	case selected:
		b.WriteString("▌")
	default:
		b.WriteByte(' ')
	}
	gap := strings.Repeat(" ", colGap)
	last := c.last()
	for i, cw := range c.cells {
		var text string
		switch {
		case cw.id == ColSummary && c.summary > 0:
			text = cell(theme.Paint{}, common.FitFrom(e.Summary, l.hscroll, c.summary), true)
		case cw.w == 0:
			continue
		case cw.id == ColOutcome:
			text = cell(markP, mark, false)
		case cw.id == ColTime:
			ts := strings.Repeat(" ", cw.w)
			switch {
			case e.Time.IsZero():
			case l.age && l.now != nil:
				ts = common.Fit(age(e.Time, l.now()), cw.w)
			default:
				ts = common.Fit(e.Time.In(rv.Loc).Format(layout), cw.w)
			}
			text = cell(timeP, ts, false)
		case cw.id == ColSource:
			text = cell(timeP, common.Fit(e.Source, cw.w), true)
		case cw.id == ColAction:
			text = cell(actionP, common.Fit(e.Action, cw.w), true)
		default:
			text = cell(theme.Paint{}, common.Fit(cw.id.value(e), cw.w), true)
		}
		b.WriteString(text)
		if i != last {
			b.WriteString(gap)
		}
	}
	if selected {
		b.WriteString(ansi.ResetStyle)
	}
	return b.String()
}

// markedPaint is the gutter's paint for a marked row: the accent, or the
// selection's own paint on the selected row.
func markedPaint(st *theme.Styles, selected bool) theme.Paint {
	if selected {
		return theme.Paint{}
	}
	return st.Accent
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

// age formats how long before now t was: 42s, 5m, 3h, 12d, 2y.
func age(t, now time.Time) string {
	d := now.Sub(t)
	switch {
	case d < 0:
		return "future"
	case d < time.Minute:
		return common.Itoa(int(d.Seconds())) + "s ago"
	case d < time.Hour:
		return common.Itoa(int(d.Minutes())) + "m ago"
	case d < 48*time.Hour:
		return common.Itoa(int(d.Hours())) + "h ago"
	case d < 730*24*time.Hour:
		return common.Itoa(int(d.Hours()/24)) + "d ago"
	}
	return common.Itoa(int(d.Hours()/24/365)) + "y ago"
}
