package ui

import (
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/ui/filter"
	"github.com/trail-dev/trail/ui/list"
	"github.com/trail-dev/trail/ui/theme"
)

// Keys: what each key does, depending on what has the keyboard.

// handleKey sends a key to the search input or the filter when they have the
// keyboard, and otherwise acts on the key map.
func (m Model) handleKey(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if m.export.Asking() {
		return m.handleQuitKey(k)
	}
	if k.String() == "ctrl+c" {
		return m.quit()
	}
	if m.export.Active() {
		return m.handleExport(k)
	}
	if m.search.Active() {
		return m.handleSearchKey(k)
	}
	if m.timePrompt.Active() {
		return m.handleTimeKey(k)
	}
	if m.focus == focusFilter {
		return m.handleFilterKey(k)
	}
	if m.insights != nil {
		return m.handleInsights(k)
	}
	if m.showLog {
		return m.handleLogKey(k)
	}
	if m.showHelp {
		// Like a pager: q, esc or ? close the help; ctrl+c (above) quits.
		m.help.SetSize(m.width, m.bodyHeight())
		m.help.SetNotes(m.helpNotes())
		var closed bool
		m.help, closed = m.help.Update(k)
		m.showHelp = !closed
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
	case key.Matches(k, keys.Messages):
		m.openLog()
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
	case key.Matches(k, keys.DetailPane):
		m.detailOff = !m.detailOff
		if m.detailOff && m.focus == focusDetail && !m.zoom {
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
		return m, tea.Batch(m.applyQuery(model.Query{}), m.setStatus("filter cleared; "+m.keys.FilterBack.Help().Key+" brings it back", statusInfo, 3*time.Second))
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
		return m, m.openInsights()
	case key.Matches(k, keys.Zone):
		return m.toggleZone()
	case key.Matches(k, keys.Age):
		return m.toggleAge()
	case key.Matches(k, keys.Search):
		m.stopFileSearch() // a new search replaces it
		return m, m.search.Start(m.list.Cursor())
	case key.Matches(k, keys.SearchNext, keys.SearchPrev):
		return m.searchStep(key.Matches(k, keys.SearchNext))
	case key.Matches(k, keys.Copy):
		return m.copySelected()
	case key.Matches(k, keys.CopyField):
		return m.copyField()
	case key.Matches(k, keys.Left, keys.Right):
		m.list, _ = m.list.Update(k) // the summary scrolls sideways whichever pane has the keys
		return m, nil
	case key.Matches(k, keys.Export):
		if m.export.Running() {
			return m, m.setStatus("an export is already running; "+m.keys.Back.Help().Key+" cancels it", statusWarn, 3*time.Second)
		}
		return m, m.export.Start(m.opts.SourceName, m.now(), m.marks.Len())
	case key.Matches(k, keys.Follow):
		return m.toggleFollow()
	case key.Matches(k, keys.GoTime):
		return m, m.timePrompt.Start()
	case key.Matches(k, keys.Mark):
		return m.toggleMark()
	case key.Matches(k, keys.NextMark, keys.PrevMark):
		return m.stepMark(key.Matches(k, keys.NextMark))
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

// handleListKey moves the cursor where the list asks; the ends of the
// query may need a fetch first, which only the root can start.
func (m Model) handleListKey(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	var act list.Action
	m.list, act = m.list.Update(k)
	to := act.To
	switch act.Kind {
	case list.MoveTo:
	case list.ToTop:
		if m.opened() {
			m.leaveAt() // the top of the query, not of the view at a time or a match
			return m, m.restartAt(dirFirst)
		}
		if !m.feed.atStart() {
			return m, m.restartAt(dirFirst) // the first page was let go, or never loaded
		}
		to = 0
	case list.ToBottom:
		if _, ok := m.opts.Source.(sources.Seeker); ok && !m.seekless && !m.feed.atEnd() {
			if m.opened() {
				m.leaveAt() // a file's end is the query's, not the view's
			}
			return m, m.restartAt(dirLast) // a file: straight to its end
		}
		if m.feed.started() && !m.feed.atEnd() {
			return m.walkToEnd()
		}
		to = m.feed.events.Len() - 1
	default:
		return m, nil
	}
	m.list.Move(m.feed.window(), to)
	return m, m.afterMove()
}

// handleDetailKey scrolls the detail pane.
func (m Model) handleDetailKey(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	m.detail, cmd = m.detail.Update(k)
	return m, cmd
}

// back closes whatever is open, innermost first.
func (m Model) back() (tea.Model, tea.Cmd) {
	switch {
	case m.toEnd:
		m.stopToEnd()
		return m, m.setStatus("stopped walking to the end at "+pageName(m.feed.pages[len(m.feed.pages)-1].number)+"; G goes on", statusInfo, 5*time.Second)
	case m.fsearch.running:
		m.stopFileSearch()
		return m, m.setStatus("stopped searching the file", statusInfo, 3*time.Second)
	case m.zoom:
		m.zoom = false
		m.setFocus(focusList)
		m.resize()
	case m.focus == focusDetail:
		m.setFocus(focusList)
	case m.search.Query() != "":
		m.search.Stop(false)
		m.searchCount = ""
	case m.export.Running():
		m.export.Cancel()
	case !m.atTime.IsZero() || m.atMatch != nil:
		return m.backFilter() // out of the view at a time or a match, as out of a pivot
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

func (m *Model) setTheme(name string) {
	m.theme = name
	*m.styles = theme.New(name)
	m.restyle()
	m.detail.Refresh() // rebuild its coloured lines
	m.detail.SetEvent(m.selected(), m.loc)
}

// restyle gives the bubbles components the theme's styles: the text inputs
// of the filter, search and export prompts, and the spinner.
func (m *Model) restyle() {
	m.filter.Restyle()
	m.search.SetStyles(m.styles.Input)
	m.timePrompt.SetStyles(m.styles.Input)
	m.export.SetStyles(m.styles.Input)
	m.spinner.Style = m.styles.Spinner
}

// quit ends the program; while an export runs it asks first, since quitting
// stops the export (main then says where its file stopped).
func (m Model) quit() (tea.Model, tea.Cmd) {
	if m.export.Ask() {
		// Asked once; a yes comes back here and quits.
		return m, m.setStatus("an export to "+m.export.Path()+" is running: quit and stop it? y/n", statusWarn, 0)
	}
	if m.cancel != nil {
		m.cancel()
	}
	m.dropAhead()
	return m, tea.Quit
}

// handleFilterKey edits the filter; applying it starts over from the first page.
func (m Model) handleFilterKey(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	var out filter.Outcome
	*m.filter, cmd, out = m.filter.Update(k, m.now())
	switch out {
	case filter.Cancel:
		m.setFocus(focusList)
		m.resize()
		return m, nil
	case filter.Apply:
		q, _ := m.filter.Query(m.now()) // the pane keeps a pivot's actor an equality (actor:x)
		m.setFocus(focusList)
		m.resize()
		save := m.rememberQuery(m.filter.Line())
		if q.Equal(m.query) {
			return m, tea.Batch(save, m.setStatus("filter unchanged", statusInfo, 2*time.Second))
		}
		said := m.setStatus("filter applied: loading from the first page", statusInfo, 3*time.Second)
		return m, tea.Batch(save, said, m.applyQuery(q)) // applyQuery's warning, if any, after it
	}
	return m, cmd
}
