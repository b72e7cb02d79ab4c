package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources/follow"
	"github.com/trail-dev/trail/ui/common"
	"github.com/trail-dev/trail/ui/list"
)

// pivot names one way to narrow the log to what the selected event has.
type pivot int

const (
	pivotActor pivot = iota
	pivotIP
	pivotAction
	pivotTarget
)

// pivotTo filters the log to the selected event's actor, IP, action or
// target, keeping the rest of the filter. A pivot is an equality: the
// actor's id where the event has one, else its exact name; the IP, action
// or target itself. The filter before goes on the history, so backspace
// comes back to it, and the cursor stays on the event pivoted from.
func (m Model) pivotTo(p pivot) (tea.Model, tea.Cmd) {
	e := m.selected()
	if e == nil {
		return m, m.setStatus("no event selected", statusInfo, 2*time.Second)
	}
	q := m.query
	var what, value string
	switch p {
	case pivotActor:
		what, value = "actor", common.ActorKey(e)
		q.Actor, q.ActorExact = value, true

	case pivotIP:
		what, value = "IP", e.IP
		q.IP = value
	case pivotAction:
		what, value = "action", e.Action
		q.Action = value
	case pivotTarget:
		what, value = "target", e.Target
		q.Target = value
	}
	if value == "" {
		return m, m.setStatus("this event has no "+what, statusInfo, 3*time.Second)
	}
	if q.Equal(m.query) {
		return m, m.setStatus("already filtered to this "+what, statusInfo, 2*time.Second)
	}
	label := what + " " + model.Sanitize(value)
	if p == pivotActor && e.Actor != "" && e.Actor != value {
		label = "actor " + model.Sanitize(e.Actor) + " (id " + model.Sanitize(value) + ")" // the top bar shows the id alone
	}
	ref, row := common.RefOf(e), list.RowOf(m.feed.window(), m.list.Cursor())-m.list.Offset()
	cmd := m.applyQuery(q)
	m.landOn(ref, row, landingPages)
	return m, tea.Batch(cmd, m.setStatus("filtered to "+label+"; backspace goes back", statusInfo, 4*time.Second))
}

// applyQuery puts q in force, remembering the filter before it and what was
// on screen with it, and starts over from the first page.
func (m *Model) applyQuery(q model.Query) tea.Cmd {
	m.history = append(m.history, m.here())
	if len(m.history) > 100 {
		m.history = m.history[len(m.history)-100:]
	}
	m.query = q
	m.setAt(time.Time{}) // a new filter is read from its first page
	cmd := m.restart()
	// A source: term that names none of the sources here reads nothing:
	// say so, rather than let an empty list pass for an empty log.
	if err := follow.SourceTermsMatchNone(q, m.opts.Source, m.opts.SourceName, m.opts.Provider); err != nil {
		return tea.Batch(cmd, m.setStatus(err.Error(), statusWarn, 10*time.Second))
	}
	return cmd
}

// backFilter puts the previous filter back in force, with the cursor on
// the event it was on and the insights that were open, as they were.
func (m Model) backFilter() (tea.Model, tea.Cmd) {
	if len(m.history) == 0 {
		return m, m.setStatus("no earlier filter", statusInfo, 2*time.Second)
	}
	step := m.history[len(m.history)-1]
	m.history = m.history[:len(m.history)-1]
	// Say what comes back: a filter, or (the filter unchanged, as after @
	// or g) a view at a time or the view before one.
	said := "back to the previous filter"
	if step.query.Equal(m.query) {
		said = "back to the view before"
	}
	m.query = step.query
	m.setAt(step.atTime)
	if step.atMatch != nil {
		v := *step.atMatch
		v.pending = true // the cursor goes back to the match
		m.atMatch = &v
	}
	if m.insights != nil && m.insights.Walking() {
		m.insights.Stop()
	}
	m.insights = step.insights
	cmd := m.restart()
	if step.at != nil && step.atTime.IsZero() && step.atMatch == nil { // a view at a time or a match lands there instead
		// It was on page step.page: look a little beyond, in case the
		// log grew at the front since.
		m.landOn(*step.at, step.row, common.Clamp(step.page+2, landingPages, 100))
	}
	if !step.atTime.IsZero() && said != "back to the previous filter" {
		said = "back to " + m.atLabel()
	}
	if step.atMatch != nil && said != "back to the previous filter" {
		said = "back to the match of /" + model.Sanitize(step.atMatch.text)
	}
	return m, tea.Batch(cmd, m.setStatus(said, statusInfo, 2*time.Second))
}

// toggleZone switches every time on screen between the configured zone and
// UTC (or local time, when UTC is what is configured).
func (m Model) toggleZone() (tea.Model, tea.Cmd) {
	other := time.UTC
	if sameZone(m.baseLoc, time.UTC) {
		other = time.Local
	}
	if sameZone(m.loc, m.baseLoc) {
		m.loc = other
	} else {
		m.loc = m.baseLoc
	}
	m.detail.Refresh() // redraw the detail in the new zone
	m.detail.SetEvent(m.selected(), m.loc)
	if m.showTime {
		m.recountTimeline() // its axis in the new zone
	}
	return m, m.setStatus("times shown in "+common.ZoneName(m.loc, m.now()), statusInfo, 3*time.Second)
}

func sameZone(a, b *time.Location) bool { return a == b || a.String() == b.String() }

// toggleAge switches the list's time column between times and ages.
func (m Model) toggleAge() (tea.Model, tea.Cmd) {
	if m.list.ToggleAge() {
		return m, m.setStatus("the list shows ages; T shows times again", statusInfo, 3*time.Second)
	}
	return m, m.setStatus("the list shows times", statusInfo, 2*time.Second)
}
