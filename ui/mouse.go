package ui

import (
	tea "charm.land/bubbletea/v2"
)

// Mouse input, only with Options.Mouse (--mouse): off by default so the
// terminal's own selection works over SSH, as lnav and k9s do.

// region says which pane a screen cell belongs to.
type region int

const (
	regionNone region = iota
	regionList
	regionDetail
)

// at maps a cell to a pane and, in the list, to an event index (-1 when the
// row holds no event).
func (m *Model) at(x, y int) (region, int) {
	top := len(m.topBar())
	y -= top
	if y < 0 || y >= m.bodyHeight() || m.showHelp {
		return regionNone, -1
	}
	if m.list.Height() == 0 {
		return regionDetail, -1
	}
	y -= m.listTop() // the timeline, and the list's title
	if y < 0 {
		return regionNone, -1
	}
	inList := y < m.list.Height() && (!m.wide || x < m.list.Width())
	if !inList {
		return regionDetail, -1
	}
	row := y - 1 // the header
	if row < 0 {
		return regionList, -1
	}
	i := m.list.Offset() + row
	if !m.feed.atStart() {
		i-- // the row before the events
	}
	if i < 0 || i >= m.feed.events.Len() {
		return regionList, -1
	}
	return regionList, i
}

// handleWheel scrolls the pane under the pointer three lines a notch.
func (m Model) handleWheel(msg tea.MouseWheelMsg) (tea.Model, tea.Cmd) {
	mouse := msg.Mouse()
	step := 3
	switch mouse.Button {
	case tea.MouseWheelUp:
		step = -3
	case tea.MouseWheelDown:
	default:
		return m, nil
	}
	if r, _ := m.at(mouse.X, mouse.Y); r == regionDetail || m.zoom {
		m.detail.MoveCursor(step)
		return m, nil
	}
	m.list.Move(m.feed.window(), m.list.Cursor()+step)
	return m, m.afterMove()
}

// handleClick selects the event clicked, or gives the keyboard to the
// detail pane when it is clicked.
func (m Model) handleClick(msg tea.MouseClickMsg) (tea.Model, tea.Cmd) {
	mouse := msg.Mouse()
	if mouse.Button != tea.MouseLeft {
		return m, nil
	}
	switch r, i := m.at(mouse.X, mouse.Y); {
	case r == regionList && i >= 0:
		m.setFocus(focusList)
		m.list.Move(m.feed.window(), i)
		return m, m.afterMove()
	case r == regionDetail && m.detailShown:
		m.setFocus(focusDetail)
	}
	return m, nil
}
