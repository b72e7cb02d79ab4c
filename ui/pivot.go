package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/trail-dev/trail/model"
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
// target, keeping the rest of the filter; the filter before goes on the
// history, so backspace comes back to it.
func (m Model) pivotTo(p pivot) (tea.Model, tea.Cmd) {
	e := m.selected()
	if e == nil {
		return m, m.setStatus("no event selected", statusInfo, 2*time.Second)
	}
	q := m.query
	var what, value string
	switch p {
	case pivotActor:
		what, value = "actor", e.Actor
		if e.ActorID != "" {
			// The id is what providers filter on (Domo's user, Qualtrics'
			// userId), and it names one actor where a name may not.
			value = e.ActorID
		}
		q.Actor = value
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
	if q == m.query {
		return m, m.setStatus("already filtered to this "+what, statusInfo, 2*time.Second)
	}
	return m, tea.Batch(m.applyQuery(q), m.setStatus("filtered to "+what+" "+model.Sanitize(value)+"; backspace goes back", statusInfo, 4*time.Second))
}

// applyQuery puts q in force, remembering the query before it, and starts
// over from the first page.
func (m *Model) applyQuery(q model.Query) tea.Cmd {
	m.history = append(m.history, m.query)
	if len(m.history) > 100 {
		m.history = m.history[len(m.history)-100:]
	}
	m.query = q
	return m.restart()
}

// backFilter puts the previous filter back in force.
func (m Model) backFilter() (tea.Model, tea.Cmd) {
	if len(m.history) == 0 {
		return m, m.setStatus("no earlier filter", statusInfo, 2*time.Second)
	}
	m.query = m.history[len(m.history)-1]
	m.history = m.history[:len(m.history)-1]
	return m, tea.Batch(m.restart(), m.setStatus("back to the previous filter", statusInfo, 2*time.Second))
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
	m.detail.key = "" // redraw the detail in the new zone
	m.detail.SetEvent(m.selected(), m.loc, &m.styles)
	return m, m.setStatus("times shown in "+zoneName(m.loc, m.now()), statusInfo, 3*time.Second)
}

func sameZone(a, b *time.Location) bool { return a == b || a.String() == b.String() }

// toggleAge switches the list's time column between times and ages.
func (m Model) toggleAge() (tea.Model, tea.Cmd) {
	m.list.age = !m.list.age
	m.list.layoutColumns()
	if m.list.age {
		return m, m.setStatus("the list shows ages; T shows times again", statusInfo, 3*time.Second)
	}
	return m, m.setStatus("the list shows times", statusInfo, 2*time.Second)
}

// age formats how long before now t was: 42s, 5m, 3h, 12d, 2y.
func age(t, now time.Time) string {
	d := now.Sub(t)
	switch {
	case d < 0:
		return "future"
	case d < time.Minute:
		return itoa(int(d.Seconds())) + "s ago"
	case d < time.Hour:
		return itoa(int(d.Minutes())) + "m ago"
	case d < 48*time.Hour:
		return itoa(int(d.Hours())) + "h ago"
	case d < 730*24*time.Hour:
		return itoa(int(d.Hours()/24)) + "d ago"
	}
	return itoa(int(d.Hours()/24/365)) + "y ago"
}
