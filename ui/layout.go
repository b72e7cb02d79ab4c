package ui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/trail-dev/trail/ui/common"
	"github.com/trail-dev/trail/ui/list"
	"github.com/trail-dev/trail/ui/timeline"
)

// The screen is laid out here and nowhere else: resize gives each pane its
// cells once per resize or change of mode, and render joins what the panes
// draw with lipgloss, top to bottom:
//
//	title bar      trail, and the filter in force (topBar)
//	timeline       the bars and their time axis, when there is room
//	list pane      its title rule, the column header, the rows
//	detail/filter  under the list, or beside it when the window is wide
//	status bar     segments, the least important dropped first (statusLine)
//	help line      the keys of whatever has the keyboard (helpLine)
//
// To move a pane, change resize (its size) and panes (where it is joined).
// Each pane draws its own lines, as wide as resize made it. Blocks one above
// the other are stacked as they are (stack): lipgloss.JoinVertical would
// measure and pad every line of the screen, grapheme by grapheme, which was
// two thirds of a frame's cost, and the terminal clears what a short line
// leaves anyway. Blocks side by side are joined with lipgloss.JoinHorizontal,
// which must know each line's width.

// resize lays the panes out for the window size and the current mode: the
// list and detail side by side when wide, stacked when tall enough, the list
// alone on small screens (enter then shows the detail full screen).
func (m *Model) resize() {
	body := m.bodyHeight()
	m.wide = m.width >= 140 && !m.zoom && !m.detailOff
	m.detailShown = m.zoom || (!m.detailOff && (m.wide || body >= 14))
	// The timeline takes its lines above the list when there is room.
	m.showTime = !m.zoom && body >= 16
	if m.showTime {
		body -= timeline.Lines
		m.recountTimeline()
	}
	listW, listH := m.width, body
	detW, detH := m.width, 0
	switch {
	case m.zoom:
		listH, detH = 0, body
	case m.wide:
		listW = m.width * 11 / 20
		detW, detH = m.width-listW-1, body
	case m.detailShown:
		detH = max(body*2/5, 6)
		listH = body - detH
	}
	if m.focus == focusFilter && !m.zoom {
		need := m.filterHeight()
		if m.wide {
			detH = body
		} else {
			detH = min(need, max(body-4, 3))
			listH = body - detH
		}
	}
	if listH > 0 {
		listH-- // the list's title rule
	}
	m.list.SetSize(listW, listH)
	m.detail.SetSize(detW, detH)
	m.filter.SetSize(m.width, detH)
	m.detail.SetFull(m.zoom)
	m.list.Scroll(m.feed.window())
	m.detail.SetEvent(m.selected(), m.loc)
}

// bodyHeight is what is left for the panes under the top bar and above the
// status and help lines.
func (m *Model) bodyHeight() int { return max(m.height-2-len(m.topBar()), 1) }

// listTop is how many lines of the body are above the list's column
// header: the timeline's and the list's title.
func (m *Model) listTop() int {
	n := 0
	if m.showTime {
		n += timeline.Lines
	}
	if m.list.Height() > 0 {
		n++
	}
	return n
}

// render draws the screen.
func (m *Model) render() string {
	if m.width < 20 || m.height < 6 {
		return common.Clip("trail: window too small", m.width)
	}
	return stack(strings.Join(m.topBar(), "\n"), m.body(m.bodyHeight()), m.statusLine(), m.helpLine())
}

// body draws the panes, or the screen that fills the body, into exactly h
// lines.
func (m *Model) body(h int) string {
	var view string
	switch {
	case m.insights != nil:
		m.insights.SetSize(m.width, h)
		view = m.insights.View()
	case m.showLog:
		lp := m.log
		lp.SetSize(m.width, h)
		lp.SetLocation(m.loc)
		view = lp.View()
	case m.showHelp:
		hp := m.help
		hp.SetSize(m.width, h)
		hp.SetNotes(m.helpNotes())
		view = hp.View()
	default:
		view = m.panes()
	}
	switch n := strings.Count(view, "\n") + 1; {
	case n > h:
		view = view[:indexNth(view, '\n', h)]
	case n < h:
		view += strings.Repeat("\n", h-n)
	}
	return view
}

// panes draws the timeline, list, detail and filter in the current layout.
func (m *Model) panes() string {
	st := m.styles
	var blocks []string
	if m.showTime && !m.zoom {
		blocks = append(blocks, m.timeline.View(st, m.width, m.loc, m.selected()))
	}
	var left, right string
	if m.list.Height() > 0 {
		top, topP, end, endP := m.edgeRows()
		lp := m.list
		lp.SetWindow(m.feed.window(), list.RowView{Loc: m.loc, Now: m.now(), Search: m.search.Shown(), Marked: m.markedFunc(), EdgeTop: top, EdgeTopP: topP, EdgeEnd: end, EdgeEndP: endP})
		title := common.TitleRule(st, "events", "", m.list.Width(), m.focus == focusList && !m.showHelp)
		left = title + "\n" + lp.View()
	}
	switch {
	case m.focus == focusFilter && !m.zoom:
		right = m.filter.View()
	case m.detail.Height() > 0:
		right = m.detail.View()
	}
	switch {
	case left == "":
		blocks = append(blocks, right)
	case right == "":
		blocks = append(blocks, left)
	case m.wide:
		h := strings.Count(left, "\n") + 1
		sep := strings.TrimSuffix(strings.Repeat(st.Muted.Render("│")+"\n", h), "\n")
		// The list's title rule is as wide as the list: JoinHorizontal pads
		// each of its lines to that.
		blocks = append(blocks, lipgloss.JoinHorizontal(lipgloss.Top, left, sep, right))
	default:
		blocks = append(blocks, left, right)
	}
	return stack(blocks...)
}

// stack puts blocks one above the other, each line as its pane drew it.
func stack(blocks ...string) string { return strings.Join(blocks, "\n") }

// indexNth is the index of the nth c in s, or len(s) if s has fewer.
func indexNth(s string, c byte, n int) int {
	at := 0
	for range n {
		i := strings.IndexByte(s[at:], c)
		if i < 0 {
			return len(s)
		}
		at += i + 1
	}
	return at - 1
}
