package ui

import (
	"context"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/ui/common"
	"github.com/trail-dev/trail/ui/theme"
)

// insightRow is one line of the insights pane. A row with a pivot filters
// the list to what it counts when enter is pressed on it.
type insightRow struct {
	header bool   // a section title, not selectable
	label  string // what is counted, sanitized
	note   string // to the right of the label
	n, max int    // count, and the section's largest, for the bar
	danger bool   // drawn in the danger colour (a flag worth a look)
	pivot  func(q model.Query) model.Query
	at     *eventRef // the one event the row names, where it names one
}

// insightsPane shows insights over the loaded events, or over every page
// of the query once asked (A).
type insightsPane struct {
	in      insights
	rows    []insightRow
	cursor  int // index in rows, always on a selectable row when there is one
	offset  int
	scope   string // "the 250 loaded events"
	walking bool
	prog    sources.WalkProgress
	cancel  context.CancelFunc
	gen     int
}

// insightKeys are the pane's own keys.
type insightKeys struct {
	Pivot, All, Close key.Binding
}

func defaultInsightKeys() insightKeys {
	return insightKeys{
		Pivot: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "filter the list to this row")),
		All:   key.NewBinding(key.WithKeys("A"), key.WithHelp("A", "over all pages of the query")),
		Close: key.NewBinding(key.WithKeys("esc", "s", "q"), key.WithHelp("esc/s", "close")),
	}
}

func (k insightKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Close, k.Pivot, k.All} }
func (k insightKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// set fills the pane from computed insights.
func (p *insightsPane) set(in insights, scope string, loc *time.Location) {
	p.in, p.scope = in, scope
	p.rows = insightRows(in, loc)
	p.cursor, p.offset = 0, 0
	p.move(0)
}

// insightRows lays insights out as sections of rows, the flags first.
func insightRows(in insights, loc *time.Location) []insightRow {
	var rows []insightRow
	section := func(title string) { rows = append(rows, insightRow{header: true, label: title}) }
	tallies := func(title string, ts []tally, limit int, pivot func(v string) func(model.Query) model.Query) {
		if len(ts) == 0 {
			return
		}
		section(title)
		for _, t := range ts[:min(len(ts), limit)] {
			rows = append(rows, insightRow{label: model.Sanitize(t.value), n: t.n, max: ts[0].n, pivot: pivot(t.value)})
		}
	}
	if len(in.newPlaces) > 0 {
		section("⚑ new places: an actor's first sight of an IP or a country after their first day here")
		for _, s := range in.newPlaces[:min(len(in.newPlaces), 10)] {
			s := s
			rows = append(rows, insightRow{danger: true,
				label: model.Sanitize(s.actor) + ": new " + s.what + " " + model.Sanitize(s.value),
				note:  s.at.In(loc).Format("2006-01-02 15:04"),
				at:    &s.ref,
				pivot: func(q model.Query) model.Query {
					q.Actor, q.ActorExact = s.key, true
					if s.what == "IP" {
						q.IP = s.value
					} else {
						q.Text = s.value
					}
					return q
				}})
		}
	}
	if len(in.offHours) > 0 {
		section("⚑ off-hours: outside the hours the actor usually keeps")
		for _, s := range in.offHours[:min(len(in.offHours), 10)] {
			s := s
			day := dayOf(s.at, loc)
			rows = append(rows, insightRow{danger: true,
				label: model.Sanitize(s.actor) + " at " + s.value,
				note:  s.at.In(loc).Format("2006-01-02"),
				at:    &s.ref,
				pivot: func(q model.Query) model.Query {
					q.Actor, q.ActorExact, q.Since, q.Until = s.key, true, day, day.AddDate(0, 0, 1)
					return q
				}})
		}
	}
	by := func(set func(*model.Query, string)) func(string) func(model.Query) model.Query {
		return func(v string) func(model.Query) model.Query {
			return func(q model.Query) model.Query { set(&q, v); return q }
		}
	}
	byActor := by(func(q *model.Query, v string) { q.Actor, q.ActorExact = in.actorKey(v), true })
	tallies("failures by actor", in.failuresBy, 5, byActor)
	tallies("top actors", in.actors, 5, byActor)
	tallies("top actions", in.actions, 5, by(func(q *model.Query, v string) { q.Action = v }))
	tallies("top objects", in.targets, 5, by(func(q *model.Query, v string) { q.Target = v }))
	tallies("top IPs", in.ips, 5, by(func(q *model.Query, v string) { q.IP = v }))
	tallies("top countries", in.countries, 5, by(func(q *model.Query, v string) { q.Text = v }))
	tallies("events per day", in.days, 14, func(v string) func(model.Query) model.Query {
		return func(q model.Query) model.Query {
			if d, err := time.ParseInLocation("2006-01-02", v, loc); err == nil {
				q.Since, q.Until = d, d.AddDate(0, 0, 1)
			}
			return q
		}
	})
	return rows
}

func dayOf(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// move puts the cursor n selectable rows further (0: onto the nearest one).
func (p *insightsPane) move(n int) {
	var selectable []int
	pos := -1
	for i, r := range p.rows {
		if r.header {
			continue
		}
		if pos < 0 && i >= p.cursor {
			pos = len(selectable)
		}
		selectable = append(selectable, i)
	}
	if len(selectable) == 0 {
		return
	}
	if pos < 0 {
		pos = len(selectable) - 1
	}
	p.cursor = selectable[common.Clamp(pos+n, 0, len(selectable)-1)]
}

// View draws the pane in h lines.
func (p *insightsPane) View(st *theme.Styles, width, h int, now time.Time) []string {
	title := " insights over " + p.scope
	if p.walking {
		title += st.Warn.Render("  reading page " + common.Itoa(p.prog.Pages+1) + " · " + common.Plural(p.prog.Events, "event") + "… (esc stops)")
	} else {
		title += st.Muted.Render("  (A: all pages of the query)")
	}
	lines := []string{st.Title.Render(common.Clip(title, width))}
	lines = append(lines, p.hoursChart(st, width)...)
	body := h - len(lines)
	if p.cursor < p.offset {
		p.offset = p.cursor
	}
	if p.cursor >= p.offset+body {
		p.offset = p.cursor - body + 1
	}
	if p.offset > 0 && !p.rows[p.offset].header && p.rows[p.offset-1].header {
		p.offset-- // keep a section's title with its first row
	}
	labelW := min(max(width/2, 20), 60)
	for i := p.offset; i < len(p.rows) && len(lines) < h; i++ {
		r := p.rows[i]
		if r.header {
			lines = append(lines, st.Header.Render(common.Clip(" "+r.label, width)))
			continue
		}
		mark := "  "
		if i == p.cursor {
			mark = st.Accent.Render("▸ ")
		}
		label := common.Pad(common.Clip(r.label, labelW), labelW)
		if r.danger {
			label = st.Danger.Render(label)
		}
		line := mark + label
		if r.note != "" {
			line += " " + st.Muted.Render(r.note)
		}
		if r.max > 0 {
			room := max(width-labelW-12, 4)
			bar := strings.Repeat("█", max(1, r.n*room/r.max))
			line += " " + common.Pad(common.Count(r.n), 7) + st.Accent.Render(bar)
		}
		lines = append(lines, common.Clip(line, width))
	}
	if len(p.rows) == 0 {
		lines = append(lines, st.Muted.Render("  nothing to count: no events are loaded"))
	}
	return lines
}

// hoursChart is the events per hour of the day as one row of bars with the
// hours under it.
func (p *insightsPane) hoursChart(st *theme.Styles, width int) []string {
	peak := 0
	for _, n := range p.in.hours {
		peak = max(peak, n)
	}
	if peak == 0 || width < 60 {
		return nil
	}
	levels := []rune(" ▁▂▃▄▅▆▇█")
	var bars, axis strings.Builder
	bars.WriteString(" hour of day  ")
	axis.WriteString("              ")
	for h, n := range p.in.hours {
		lvl := 0
		if n > 0 {
			lvl = max(1, n*(len(levels)-1)/peak)
		}
		bars.WriteString(strings.Repeat(string(levels[lvl]), 2))
		if h%6 == 0 {
			axis.WriteString(common.Pad(common.Itoa(h), 2))
		} else {
			axis.WriteString("  ")
		}
	}
	return []string{st.Accent.Render(bars.String()), st.Muted.Render(axis.String())}
}

// insightsWalkedMsg carries insights computed over every page of the query.
type insightsWalkedMsg struct {
	gen int
	in  insights
	n   int
	err error
}

// insightsProgressedMsg reports a walk's progress; ch delivers the next message.
type insightsProgressedMsg struct {
	gen  int
	prog sources.WalkProgress
	ch   <-chan tea.Msg
}

// walkInsights reads every page of q in the background and counts it. The
// events are kept without their raw entries, which insights do not need.
func walkInsights(ctx context.Context, src sources.Source, q model.Query, loc *time.Location, gen int) tea.Cmd {
	return func() tea.Msg {
		ch := make(chan tea.Msg, 8)
		go func() {
			defer close(ch)
			defer func() {
				// A bug in the source or the counting fails the walk, not trail.
				if v := recover(); v != nil {
					select {
					case ch <- insightsWalkedMsg{gen: gen, err: sources.PanicError("while reading every page", v)}:
					case <-ctx.Done():
					}
				}
			}()
			var evs []model.Event
			err := sources.Walk(ctx, src, q, sources.WalkOptions{Progress: func(p sources.WalkProgress) {
				select {
				case ch <- insightsProgressedMsg{gen: gen, prog: p, ch: ch}:
				default:
				}
			}}, func(page []model.Event) error {
				for _, e := range page {
					e.Raw = nil
					evs = append(evs, e)
				}
				return nil
			})
			msg := insightsWalkedMsg{gen: gen, n: len(evs), err: err}
			if err == nil {
				msg.in = computeInsights(evs, loc)
			}
			select {
			case ch <- msg:
			case <-ctx.Done():
			}
		}()
		return awaitNext(ch)()
	}
}

// handleInsightsKey moves through the pane, pivots, walks or closes.
func (m Model) handleInsightsKey(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	p, keys := m.insights, &m.keys
	switch {
	case key.Matches(k, m.insightKeys.Close):
		if p.walking {
			p.cancel()
			p.walking = false
			return m, m.setStatus("stopped reading pages; insights are over what was loaded", statusInfo, 3*time.Second)
		}
		m.insights = nil
		return m, nil
	case key.Matches(k, m.insightKeys.All):
		if p.walking {
			return m, nil
		}
		ctx, cancel := context.WithCancel(m.ctx)
		p.walking, p.cancel, p.prog = true, cancel, sources.WalkProgress{}
		p.gen++
		return m, walkInsights(ctx, m.opts.Source, m.query, m.loc, p.gen)
	case key.Matches(k, m.insightKeys.Pivot):
		if p.cursor >= len(p.rows) || p.rows[p.cursor].pivot == nil {
			return m, nil
		}
		row := p.rows[p.cursor]
		q := row.pivot(m.query)
		if p.walking {
			// Stopped: backspace shows the insights over what was loaded.
			p.cancel()
			p.walking = false
		}
		if q == m.query {
			m.insights = nil
			return m, m.setStatus("the list is already filtered to this", statusInfo, 2*time.Second)
		}
		// The insights go on the history with the filter, as they are.
		var stay *eventRef // the event under the cursor stays there if it is in the new list
		if e := m.selected(); e != nil && q.Matches(e) {
			ref := refOf(e)
			stay = &ref
		}
		at := rowOf(&m.feed, m.list.cursor) - m.list.offset
		cmd := m.applyQuery(q)
		m.insights = nil
		switch {
		case row.at != nil:
			m.landOn(*row.at, at, landingPages)
		case stay != nil:
			m.landOn(*stay, at, landingPages)
		}
		return m, tea.Batch(cmd, m.setStatus("filtered to "+model.Sanitize(row.label)+"; backspace goes back", statusInfo, 4*time.Second))
	case key.Matches(k, keys.Down):
		p.move(1)
	case key.Matches(k, keys.Up):
		p.move(-1)
	case key.Matches(k, keys.PageDown, keys.HalfDown):
		p.move(10)
	case key.Matches(k, keys.PageUp, keys.HalfUp):
		p.move(-10)
	case key.Matches(k, keys.Top):
		p.move(-len(p.rows))
	case key.Matches(k, keys.Bottom):
		p.move(len(p.rows))
	}
	return m, nil
}

// handleInsightsMsg follows a walk over every page.
func (m Model) handleInsightsMsg(msg tea.Msg) (tea.Model, tea.Cmd) {
	p := m.insights
	switch msg := msg.(type) {
	case insightsProgressedMsg:
		if p == nil || msg.gen != p.gen || !p.walking {
			return m, nil
		}
		p.prog = msg.prog
		return m, awaitNext(msg.ch)
	case insightsWalkedMsg:
		if p == nil || msg.gen != p.gen || !p.walking {
			return m, nil
		}
		p.walking = false
		if msg.err != nil {
			return m, m.setStatus("could not read every page: "+errorText(msg.err), statusError, 0)
		}
		p.set(msg.in, "all "+common.Plural(msg.n, "event")+" of the query", m.loc)
	}
	return m, nil
}

// openInsights counts the loaded events.
func (m *Model) openInsights() {
	p := &insightsPane{}
	p.set(computeInsights(m.feed.events, m.loc), "the "+common.Plural(len(m.feed.events), "loaded event"), m.loc)
	m.insights = p
}
