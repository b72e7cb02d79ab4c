package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/ui/common"
	"github.com/trail-dev/trail/ui/marks"
)

// Marks: M marks the selected event, u and U step down and up between the
// marked events, the list draws them with a ◆ and the status line counts
// them. They are kept per source in the state directory (Options.StateDir)
// by event id and time, and saved in the background after each change.

// marksSavedMsg says how a save of the marks ended.
type marksSavedMsg struct{ err error }

// markKey is what a mark names an event by: its id, and in a merged view
// the source it came from, whose ids may repeat another's.
func markKey(e *model.Event) string {
	if e.ID == "" || e.Source == "" {
		return e.ID
	}
	return e.Source + "\x1f" + e.ID
}

// loadMarks reads the marks of the source from the state directory, when
// there is one; a file that cannot be read is said, and the marks start
// empty.
func (m *Model) loadMarks() tea.Cmd {
	m.marksW = new(marks.Writer)
	if m.opts.StateDir == "" {
		return nil
	}
	set, err := marks.Load(m.opts.StateDir, m.opts.SourceName)
	m.marks = set
	if err != nil {
		return m.setStatus(err.Error(), statusWarn, startNoticeTTL)
	}
	return nil
}

// toggleMark marks or unmarks the selected event and saves the marks.
func (m Model) toggleMark() (tea.Model, tea.Cmd) {
	e := m.selected()
	if e == nil {
		return m, m.setStatus("no event selected", statusInfo, 2*time.Second)
	}
	on, err := m.marks.Toggle(markKey(e), e.Time)
	if err != nil {
		return m, m.setStatus(err.Error(), statusWarn, 4*time.Second)
	}
	text := "unmarked; " + common.Plural(m.marks.Len(), "mark") + " left"
	if on {
		text = "marked (" + common.Plural(m.marks.Len(), "mark") + "); " + m.keys.NextMark.Help().Key + "/" + m.keys.PrevMark.Help().Key + " step between them, " +
			m.keys.Export.Help().Key + " exports them"
	}
	return m, tea.Batch(m.saveMarks(), m.setStatus(text, statusInfo, 3*time.Second))
}

// saveMarks writes the marks in the background, when there is a state
// directory to keep them in.
func (m *Model) saveMarks() tea.Cmd {
	if m.opts.StateDir == "" {
		return nil
	}
	m.marksSeq++
	return saveMarks(m.marksW, m.marksSeq, m.opts.StateDir, m.opts.SourceName, m.marks.List())
}

// saveMarks writes list as source's marks in dir; w drops a save that a
// newer one has overtaken.
func saveMarks(w *marks.Writer, seq uint64, dir, source string, list []marks.Mark) tea.Cmd {
	return func() tea.Msg { return marksSavedMsg{err: w.Save(seq, dir, source, list)} }
}

// stepMark moves the cursor to the next marked event below it (down) or
// above it (up) among those loaded. Where there is none
// but a mark lies beyond the loaded events, it goes to that mark's time
// (as @ does: backspace comes back); else it says there is none.
func (m Model) stepMark(down bool) (tea.Model, tea.Cmd) {
	if m.marks.Len() == 0 {
		return m, m.setStatus("no marks; "+m.keys.Mark.Help().Key+" marks the selected event", statusInfo, 3*time.Second)
	}
	evs, cur := m.feed.events, m.list.Cursor()
	hit := -1
	find := func(i int, e *model.Event) bool {
		if m.marks.Has(markKey(e)) {
			hit = i
			return false
		}
		return true
	}
	if down {
		evs.Each(cur+1, find)
	} else {
		evs.EachBack(cur-1, find)
	}
	if hit >= 0 {
		m.list.Move(m.feed.window(), hit)
		return m, m.afterMove()
	}
	way := "above"
	if down {
		way = "below"
	}
	near, ok := m.markBeyond(down)
	if !ok {
		return m, m.setStatus("no mark "+way+" in this view ("+common.Plural(m.marks.Len(), "mark")+" in all; a filter may hide some)", statusInfo, 6*time.Second)
	}
	next, cmd := m.goTo(near)
	nm := next.(Model)
	return nm, tea.Batch(cmd, nm.setStatus("the next mark "+way+" was not loaded: going to its time, "+near.In(m.loc).Format("2006-01-02 15:04:05")+
		"; "+m.keys.FilterBack.Help().Key+" comes back", statusInfo, 6*time.Second))
}

// markBeyond is the time of the nearest mark beyond the loaded events that
// way (below: older in a newest-first list, newer in a file's order), if
// the log goes on that way.
func (m *Model) markBeyond(down bool) (time.Time, bool) {
	evs := m.feed.events
	if evs.Len() == 0 || down && m.feed.atEnd() || !down && m.feed.atStart() {
		return time.Time{}, false
	}
	loaded := make(map[string]bool, evs.Len())
	evs.Each(0, func(_ int, e *model.Event) bool {
		loaded[markKey(e)] = true
		return true
	})
	// Below is older in a list newest first, newer in one oldest first (a
	// file as written): the loaded events say which this list is.
	bound := evs.At(0).Time
	if down {
		bound = evs.At(evs.Len() - 1).Time
	}
	older := down != evs.At(0).Time.Before(evs.At(evs.Len()-1).Time)
	var near time.Time
	found := false
	for _, mk := range m.marks.List() {
		if loaded[mk.ID] || mk.Time.IsZero() {
			continue
		}
		if older && !mk.Time.After(bound) && (!found || mk.Time.After(near)) ||
			!older && !mk.Time.Before(bound) && (!found || mk.Time.Before(near)) {
			near, found = mk.Time, true
		}
	}
	return near, found
}

// markedExport is what an export of the marked events walks and keeps:
// every event from the earliest mark's time to the latest's, whatever the
// filter (a mark is evidence the filter in force may hide), kept when
// marked, the walk ending once all are written. The span is a second
// wider each way, for providers that filter by whole seconds.
func (m *Model) markedExport() (q model.Query, keep func(*model.Event) bool, want int) {
	first, last := m.marks.Span()
	if !first.IsZero() {
		q.Since = first.Add(-time.Second)
	}
	if !last.IsZero() {
		q.Until = last.Add(time.Second)
	}
	set := m.marks
	return q, func(e *model.Event) bool { return set.Has(markKey(e)) }, set.Len()
}

// marksText counts the marks for the status line; "" when there are none.
func (m *Model) marksText() string {
	if m.marks.Len() == 0 {
		return ""
	}
	return "◆ " + common.Count(m.marks.Len()) + " marked"
}

// markedFunc tells the list which events are marked; nil when none are,
// so a list without marks costs nothing more per row.
func (m *Model) markedFunc() func(*model.Event) bool {
	if m.marks.Len() == 0 {
		return nil
	}
	set := m.marks
	return func(e *model.Event) bool { return set.Has(markKey(e)) }
}
