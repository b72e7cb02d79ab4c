package ui

import (
	"context"
	"strconv"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/follow"
	"github.com/trail-dev/trail/ui/common"
)

// Follow mode (w): the list keeps up with the log. A follow.Plan, kept in
// the model, says when each source is next asked; a tick each second
// redraws the countdown and starts a check when one is due; the check runs
// as a command over plain values (the jobs) and its result comes back as a
// message, dropped if the follow was stopped or restarted since.
//
// New events go in front of the first page without moving the cursor or
// the rows on screen (feed.prepend, list.Shift), or after the last in a
// file's order (feed.appendNew). When the first page is not loaded (the
// user scrolled far down and it was let go), they are counted instead, and
// g, which starts again from the first page, shows them. Each check asks
// with the query in force, so filters and pivots apply to new events as to
// old; a new query starts the follow again from its first page.

// following is the state of follow mode.
type following struct {
	on      bool
	seeded  bool // the plan holds the loaded events of the query in force
	plan    follow.Plan
	gen     uint64 // bumped on each start, stop and new query; older results are dropped
	polling bool
	// unseen counts new events put in above the screen, not yet scrolled
	// to; pending those that could not be put in (the first page is not
	// loaded): g loads them (G in a file's order).
	unseen, pending int
	err             error // the last check's failure, until one succeeds
}

// followTickedMsg is the follow's once-a-second tick.
type followTickedMsg struct{ gen uint64 }

// followPolledMsg is a check's result.
type followPolledMsg struct {
	gen  uint64
	outs []follow.Outcome
}

// toggleFollow turns follow mode on or off.
func (m Model) toggleFollow() (tea.Model, tea.Cmd) {
	m.follow.gen++
	if m.follow.on {
		m.follow = following{gen: m.follow.gen}
		return m, m.setStatus("stopped following", statusInfo, 3*time.Second)
	}
	m.follow = following{on: true, gen: m.follow.gen}
	m.seedFollow()
	where := "following: new events come in at the top"
	if m.fileOrder() {
		where = "following: lines appended to the file come in at the bottom"
	}
	return m, tea.Batch(followTick(m.follow.gen, 0), m.setStatus(where, statusInfo, 3*time.Second))
}

// refollow starts the follow again for a new query, once its first page is
// in; nil when not following.
func (m *Model) refollow() tea.Cmd {
	if !m.follow.on {
		return nil
	}
	m.follow = following{on: true, gen: m.follow.gen + 1}
	return followTick(m.follow.gen, time.Second)
}

// seedFollow makes the plan from what is loaded, once the first page of
// the query is: the head is the newest event held, and the first check is
// due at once.
func (m *Model) seedFollow() {
	if m.follow.seeded || !m.feed.started() {
		return
	}
	opts := follow.Options{Walk: sources.WalkOptions{PageTimeout: m.opts.FetchTimeout}}
	m.follow.plan = follow.NewPlan(m.opts.Source, m.opts.SourceName, m.opts.Provider, m.sourceQuery(), opts, m.opts.FollowInterval)
	m.follow.plan.Observe(m.feed.events.Slice())
	m.follow.seeded = true
}

// handleFollowTick redraws the countdown and starts a check when one is due.
func (m Model) handleFollowTick(msg followTickedMsg) (tea.Model, tea.Cmd) {
	if msg.gen != m.follow.gen || !m.follow.on {
		return m, nil
	}
	m.seedFollow()
	m.seenFollowed()
	cmds := []tea.Cmd{followTick(m.follow.gen, time.Second)}
	now := m.now()
	if m.follow.seeded && !m.follow.polling && !m.follow.plan.Next().After(now) {
		if jobs := m.follow.plan.Jobs(now); len(jobs) > 0 {
			m.follow.polling = true
			cmds = append(cmds, pollFollow(m.ctx, m.follow.gen, jobs))
		}
	}
	return m, tea.Batch(cmds...)
}

// handleFollowPolled takes a check's new events in.
func (m Model) handleFollowPolled(msg followPolledMsg) (tea.Model, tea.Cmd) {
	if msg.gen != m.follow.gen || !m.follow.on {
		return m, nil
	}
	m.follow.polling = false
	evs, errs := m.follow.plan.Apply(msg.outs, m.now())
	var cmds []tea.Cmd
	if len(errs) > 0 {
		m.follow.err = errs[0]
		cmds = append(cmds, m.setStatus("follow: "+common.ErrorText(errs[0]), statusWarn, 10*time.Second))
	} else if len(msg.outs) > 0 {
		m.follow.err = nil
	}
	if len(evs) > 0 {
		m.takeFollowed(evs)
		cmds = append(cmds, m.refreshInsights())
		if m.search.Query() != "" && !m.search.Active() {
			cmds = append(cmds, m.recount()) // "match k of N" over the new events too
		}
	}
	return m, tea.Batch(cmds...)
}

// takeFollowed puts new events (newest first) into the list, keeping the
// cursor on its event and the rows on screen where they are.
func (m *Model) takeFollowed(evs []model.Event) {
	empty := m.feed.events.Len() == 0
	if m.fileOrder() {
		ordered := make([]model.Event, len(evs))
		for i := range evs {
			ordered[len(evs)-1-i] = evs[i]
		}
		if !m.feed.atEnd() {
			m.follow.pending += len(evs)
			return
		}
		if shift := m.feed.appendNew(ordered, m.list.Cursor()); shift != 0 {
			m.list.Shift(m.feed.window(), shift)
			m.search.Shift(shift)
		}
		m.follow.unseen += len(evs)
	} else {
		if !m.feed.atStart() {
			m.follow.pending += len(evs)
			return
		}
		shift := m.feed.prepend(evs, m.list.Cursor())
		if empty {
			m.list.Move(m.feed.window(), 0)
		} else {
			m.list.Shift(m.feed.window(), shift)
		}
		m.search.Shift(shift)
		if m.list.Offset() > 0 {
			m.follow.unseen += len(evs)
		}
	}
	if m.showTime {
		m.recountTimeline()
	}
	m.detail.SetEvent(m.selected(), m.loc)
}

// seenFollowed forgets the new events once they are on screen: the top
// row is the newest (the bottom one, in a file's order).
func (m *Model) seenFollowed() {
	if m.fileOrder() && m.list.Cursor() >= m.feed.events.Len()-1 || !m.fileOrder() && m.list.Offset() == 0 {
		m.follow.unseen = 0
	}
}

// fileOrder reports whether the list is in a file's order, oldest first:
// a source that can start at its end (a file) lists its lines as written.
func (m *Model) fileOrder() bool {
	_, ok := m.opts.Source.(sources.Seeker)
	return ok
}

// followStatus is the follow's segment of the status line: "following · 3
// new ↑ · next check 12 s"; "" when not following.
func (m *Model) followStatus() string {
	full, _ := m.followForms()
	return full
}

// followForms are the follow's segment in full and short, without when
// the next check is: "following · 3 new ↑", or "following · check failed"
// (a narrow bar keeps that trail follows and what waits, not the clock).
func (m *Model) followForms() (full, short string) {
	if !m.follow.on {
		return "", ""
	}
	st := m.styles
	s := "following"
	arrow := "↑"
	if m.fileOrder() {
		arrow = "↓"
	}
	if n := m.follow.unseen + m.follow.pending; n > 0 {
		s += " · " + plural(n, "new") + " " + arrow
		if m.follow.pending > 0 {
			// The key that loads them: g in the newest-first list, G in a
			// file's order, where the newest are at the end.
			k := m.keys.Top
			if m.fileOrder() {
				k = m.keys.Bottom
			}
			s += " (" + k.Help().Key + ")"
		}
	}
	short = st.Accent.Render(s)
	switch {
	case m.follow.polling:
		s += " · checking"
	case !m.follow.seeded:
		s += " · waiting for the first page"
	case m.follow.err != nil:
		return st.Warn.Render(s + " · check failed, again in " + common.ShortDuration(max(m.follow.plan.Next().Sub(m.now()), 0))),
			st.Warn.Render(s + " · check failed")
	default:
		s += " · next check " + common.ShortDuration(max(m.follow.plan.Next().Sub(m.now()), 0))
	}
	return st.Accent.Render(s), short
}

// plural is "3 new": the word does not change.
func plural(n int, word string) string { return strconv.Itoa(n) + " " + word }

// followTick ticks after d (at once for 0).
func followTick(gen uint64, d time.Duration) tea.Cmd {
	if d <= 0 {
		return func() tea.Msg { return followTickedMsg{gen} }
	}
	return tea.Tick(d, func(time.Time) tea.Msg { return followTickedMsg{gen} })
}

// pollFollow runs a check's jobs.
func pollFollow(ctx context.Context, gen uint64, jobs []follow.Job) tea.Cmd {
	return func() tea.Msg {
		return followPolledMsg{gen: gen, outs: follow.Run(ctx, jobs)}
	}
}
