// Package insights is the insights pane (s): counts over the loaded events,
// or over every page of the query once asked (A), laid out as rows that
// each filter the list to what they count. Its keys are its own; Update
// returns an Action the root carries out (close, walk, pivot).
package insights

import (
	"context"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/ui/common"
	"github.com/trail-dev/trail/ui/keys"
	"github.com/trail-dev/trail/ui/theme"
	"github.com/trail-dev/trail/ui/window"
)

// row is one line of the insights pane. A row with a pivot filters
// the list to what it counts when enter is pressed on it.
type row struct {
	header bool   // a section title, not selectable
	label  string // what is counted, sanitized
	note   string // to the right of the label
	keep   int    // bytes at the end of label never cut: the row's time
	n, max int    // count, and the section's largest, for the bar
	danger bool   // drawn in the danger colour (a flag worth a look)
	pivot  func(q model.Query) model.Query
	at     *common.EventRef // the one event the row names, where it names one
}

// Model shows insights over the loaded events, or over every page
// of the query once asked (A).
type Model struct {
	in      Counts
	rows    []row
	cursor  int // index in rows, always on a selectable row when there is one
	offset  int
	scope   string // "the 250 loaded events"
	pending string // while a count of the loaded events runs: the scope it is over; "" when none
	walking bool
	prog    sources.WalkProgress
	cancel  context.CancelFunc
	gen     int
	loc     *time.Location
	keys    KeyMap
	nav     keys.KeyMap // the movement keys, as the user bound them
	st      *theme.Styles
	width   int
	height  int
}

// ActionKind says what a key in the pane asks the root to do.
type ActionKind int

const (
	None        ActionKind = iota
	Close                  // close the pane
	StoppedWalk            // a walk over every page was stopped; the counts are those shown before it
	WalkAll                // count every page of the query: the root starts Walk (see StartWalk)
	Pivot                  // filter the list to what the row counts (Action.Pivot)
	WalkFailed             // the walk over every page failed (Action.Err)
)

// Action is what the root must do after a key or a walk message.
type Action struct {
	Kind  ActionKind
	Pivot func(model.Query) model.Query // Pivot: the query the row filters to, from the one in force
	Label string                        // Pivot: the row, for the status line
	At    *common.EventRef              // Pivot: the one event the row names, if it names one
	Err   error                         // WalkFailed
}

// New opens the pane on counts over evs, named by scope ("the 250 loaded
// events"); km gives the movement keys and the key that opened the pane,
// which also closes it. It counts evs there and then; Open counts a large
// window in the background.
func New(evs window.Events, scope string, loc *time.Location, km keys.KeyMap, st *theme.Styles) *Model {
	p := newModel(loc, km, st)
	p.set(count(evs, loc), scope, loc)
	return p
}

// CountAtOnce is the most loaded events Open and Recount count on the
// caller's goroutine: counting takes about 3 µs an event, so this many
// fit in a few milliseconds, well within a frame. More are counted in the
// background (200,000, a full window, take about 0.6 s).
const CountAtOnce = 2000

// Open is New for the UI goroutine: a window of more than CountAtOnce
// events is counted in the background by the command it returns, the pane
// saying so meanwhile (Counting), and showing the counts, the same as
// New's, once CountedMsg comes.
func Open(evs window.Events, scope string, loc *time.Location, km keys.KeyMap, st *theme.Styles) (*Model, tea.Cmd) {
	if evs.Len() <= CountAtOnce {
		return New(evs, scope, loc, km, st), nil
	}
	p := newModel(loc, km, st)
	return p, p.countLater(evs, scope)
}

func newModel(loc *time.Location, km keys.KeyMap, st *theme.Styles) *Model {
	p := &Model{loc: loc, keys: defaultKeys(), nav: km, st: st}
	p.keys.Close = km.Closing(km.Insights)
	return p
}

// count counts the events of evs.
func count(evs window.Events, loc *time.Location) Counts {
	t := NewTally(loc)
	for i := 0; i < evs.Pages(); i++ {
		t.Add(evs.Page(i))
	}
	return t.Counts()
}

// Counting reports whether a count of the loaded events is running.
func (p *Model) Counting() bool { return p.pending != "" }

// countLater starts a count of evs, a snapshot the root goes on changing
// without touching it (window.Events), named scope, in the background.
func (p *Model) countLater(evs window.Events, scope string) tea.Cmd {
	p.gen++
	p.pending = scope
	gen, loc := p.gen, p.loc
	return func() tea.Msg {
		return CountedMsg{gen: gen, in: count(evs, loc), scope: scope}
	}
}

// CountedMsg carries the counts of the loaded events made in the
// background.
type CountedMsg struct {
	gen   int
	in    Counts
	scope string
}

// SetSize gives the pane its cells.
func (p *Model) SetSize(w, h int) { p.width, p.height = w, h }

// ShortHelp is the pane's hint line; while a walk runs, the close key
// stops it.
func (p *Model) ShortHelp() []key.Binding {
	h := p.keys.ShortHelp()
	if p.walking {
		h = []key.Binding{key.NewBinding(key.WithKeys(p.keys.Close.Keys()...), key.WithHelp(p.keys.Close.Help().Key, "stop reading pages")), p.keys.Pivot}
	}
	return h
}

// FullHelp groups the pane's keys.
func (p *Model) FullHelp() [][]key.Binding { return p.keys.FullHelp() }

// Walking reports whether a walk over every page is running.
func (p *Model) Walking() bool { return p.walking }

// Scope names what the counts are over.
func (p *Model) Scope() string { return p.scope }

// Cursor is the row the cursor is on: its label, its section's title, and
// its index among the rows (titles included).
func (p *Model) Cursor() (label, section string, index int) {
	if p.cursor >= len(p.rows) {
		return "", "", p.cursor
	}
	for i := p.cursor; i >= 0; i-- {
		if p.rows[i].header {
			section = p.rows[i].label
			break
		}
	}
	return p.rows[p.cursor].label, section, p.cursor
}

// Len is the number of rows, titles included.
func (p *Model) Len() int { return len(p.rows) }

// StartWalk marks a walk over every page begun, stopped by cancel; the
// root runs Walk with the generation it returns.
func (p *Model) StartWalk(cancel context.CancelFunc) (gen int) {
	p.walking, p.cancel, p.prog, p.pending = true, cancel, sources.WalkProgress{}, ""
	p.gen++
	return p.gen
}

// Stop stops a running walk.
func (p *Model) Stop() {
	if p.walking {
		p.cancel()
		p.walking = false
	}
}

// Update moves through the rows on a key, and follows a walk on its
// messages; the Action says what the root must do.
func (p *Model) Update(msg tea.Msg) (tea.Cmd, Action) {
	switch msg := msg.(type) {
	case ProgressedMsg:
		if msg.gen != p.gen || !p.walking {
			return nil, Action{}
		}
		p.prog = msg.prog
		return common.AwaitNext(msg.ch), Action{}
	case CountedMsg:
		if msg.gen != p.gen || p.pending == "" {
			return nil, Action{} // stale: a walk or another count began since
		}
		p.pending = ""
		p.keepCursor(func() { p.in, p.scope = msg.in, msg.scope; p.rows = layout(p.in, p.loc) })
		return nil, Action{}
	case WalkedMsg:
		if msg.gen != p.gen || !p.walking {
			return nil, Action{}
		}
		p.walking = false
		if msg.err != nil {
			return nil, Action{Kind: WalkFailed, Err: msg.err}
		}
		p.set(msg.in, "all "+common.Plural(msg.n, "event")+" of the query", p.loc)
		return nil, Action{}
	case tea.KeyPressMsg:
		return nil, p.key(msg)
	}
	return nil, Action{}
}

func (p *Model) key(k tea.KeyPressMsg) Action {
	nav := &p.nav
	switch {
	case key.Matches(k, p.keys.Close):
		if p.walking {
			p.Stop()
			return Action{Kind: StoppedWalk}
		}
		return Action{Kind: Close}
	case key.Matches(k, p.keys.All):
		if p.walking {
			return Action{}
		}
		return Action{Kind: WalkAll}
	case key.Matches(k, p.keys.Pivot):
		if p.cursor >= len(p.rows) || p.rows[p.cursor].pivot == nil {
			return Action{}
		}
		r := p.rows[p.cursor]
		p.Stop() // backspace shows the insights over what was loaded
		return Action{Kind: Pivot, Pivot: r.pivot, Label: r.label, At: r.at}
	case key.Matches(k, nav.Down):
		p.move(1)
	case key.Matches(k, nav.Up):
		p.move(-1)
	case key.Matches(k, nav.PageDown, nav.HalfDown):
		p.move(10)
	case key.Matches(k, nav.PageUp, nav.HalfUp):
		p.move(-10)
	case key.Matches(k, nav.Top):
		p.move(-len(p.rows))
	case key.Matches(k, nav.Bottom):
		p.move(len(p.rows))
	}
	return Action{}
}

// KeyMap is the pane's own keys; it moves with the key map's.
type KeyMap struct {
	Pivot, All, Close key.Binding
}

func defaultKeys() KeyMap {
	return KeyMap{
		Pivot: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "filter the list to this row")),
		All:   key.NewBinding(key.WithKeys("A"), key.WithHelp("A", "over all pages of the query")),
		Close: key.NewBinding(key.WithKeys("esc", "s", "q"), key.WithHelp("esc/s", "close")),
	}
}

// ShortHelp lists the pane's keys.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Close, k.Pivot, k.All} }

// FullHelp groups the pane's keys.
func (k KeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// set fills the pane from computed insights.
func (p *Model) set(in Counts, scope string, loc *time.Location) {
	p.in, p.scope = in, scope
	p.rows = layout(in, loc)
	p.cursor, p.offset = 0, 0
	p.move(0)
}

// layout lays the counts out as sections of rows, the flags first.
func layout(in Counts, loc *time.Location) []row {
	var rows []row
	section := func(title string) { rows = append(rows, row{header: true, label: title}) }
	tallies := func(title string, ts []tally, limit int, pivot func(v string) func(model.Query) model.Query) {
		if len(ts) == 0 {
			return
		}
		section(title)
		shown := ts[:min(len(ts), limit)]
		// The largest shown sets the scale: events per day go by date, so
		// the first row is not always the largest.
		most := 0
		for _, t := range shown {
			most = max(most, t.n)
		}
		for _, t := range shown {
			rows = append(rows, row{label: model.Sanitize(t.value), n: t.n, max: most, pivot: pivot(t.value)})
		}
	}
	if len(in.newPlaces) > 0 {
		section("⚑ new places: an actor's first sight of an IP or a country after their first day here")
		for _, s := range in.newPlaces[:min(len(in.newPlaces), 10)] {
			s := s
			rows = append(rows, row{danger: true,
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
			rows = append(rows, row{danger: true,
				label: model.Sanitize(s.actor) + " at " + s.value,
				keep:  len(" at " + s.value),
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
	const shownDays = 14
	days := "events per day"
	if len(in.days) > shownDays {
		days += ": the newest " + common.Itoa(shownDays) + " of " + common.Itoa(len(in.days))
	}
	tallies(days, in.days, shownDays, func(v string) func(model.Query) model.Query {
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
func (p *Model) move(n int) {
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

// cut fits the row's label to w cells, cutting its start before the part
// it keeps (an off-hours row's time).
func (r row) cut(w int) string {
	if ansi.StringWidth(r.label) <= w || r.keep <= 0 || r.keep > len(r.label) {
		return common.Clip(r.label, w)
	}
	head, tail := r.label[:len(r.label)-r.keep], r.label[len(r.label)-r.keep:]
	tw := ansi.StringWidth(tail)
	if w-tw < 2 {
		return common.Clip(r.label, w)
	}
	return common.Clip(head, w-tw) + tail
}

// View draws the pane in its height.
func (p *Model) View() string {
	st, width, h := p.st, p.width, p.height
	title := "insights over " + p.scope
	right := "A: all pages of the query"
	if p.pending != "" && len(p.rows) == 0 {
		lines := []string{common.TitleRule(st, "insights over "+p.pending, right, width, true),
			st.Warn.Render("  counting " + p.pending + "…")}
		return strings.Join(lines, "\n")
	}
	if p.pending != "" {
		right = st.Warn.Render("counting " + p.pending + "…")
	}
	if p.walking {
		// The progress in as many words as fit: the title drops a right
		// part too long for it, and then nothing said the walk ran.
		n := common.Count(p.prog.Events)
		for _, r := range []string{
			"reading page " + common.Itoa(p.prog.Pages+1) + " · " + common.Plural(p.prog.Events, "event") + "… (esc stops)",
			n + " events read… (esc stops)",
			n + "… (esc stops)",
		} {
			right = r
			if ansi.StringWidth(title)+ansi.StringWidth(r)+11 <= width { // TitleRule's rules and spaces
				break
			}
		}
		right = st.Warn.Render(right)
	}
	lines := []string{common.TitleRule(st, title, right, width, true)}
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
		label := common.Pad(r.cut(labelW), labelW)
		if r.danger {
			label = st.Danger.Render(label)
		}
		line := mark + label
		if r.max > 0 {
			// The count right-aligned against its bar, every bar starting
			// in the same column; a note after the bar.
			room := max(width-labelW-12, 4)
			bar := strings.Repeat("█", max(1, r.n*room/r.max))
			n := common.Count(r.n)
			line += " " + strings.Repeat(" ", max(7-len(n), 0)) + n + " " + st.Accent.Render(bar)
		}
		if r.note != "" {
			line += " " + st.Muted.Render(r.note)
		}
		lines = append(lines, common.Clip(line, width))
	}
	if len(p.rows) == 0 {
		lines = append(lines, st.Muted.Render("  nothing to count: no events are loaded"))
	}
	return strings.Join(lines, "\n")
}

// hoursChart is the events per hour of the day as one row of bars with the
// hours under it.
func (p *Model) hoursChart(st *theme.Styles, width int) []string {
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

// WalkedMsg carries the counts made over every page of the query.
type WalkedMsg struct {
	gen int
	in  Counts
	n   int
	err error
}

// ProgressedMsg reports a walk's progress; ch delivers the next message.
type ProgressedMsg struct {
	gen  int
	prog sources.WalkProgress
	ch   <-chan tea.Msg
}

// Walk reads every page of q in the background and counts it, a page at
// a time: what it keeps is the counts (a Tally), not the events, so its
// memory grows with the distinct actors, IPs and actions, not the log.
func Walk(ctx context.Context, src sources.Source, q model.Query, loc *time.Location, gen int) tea.Cmd {
	return func() tea.Msg {
		ch := make(chan tea.Msg, 8)
		go func() {
			defer close(ch)
			defer func() {
				// A bug in the source or the counting fails the walk, not trail.
				if v := recover(); v != nil {
					select {
					case ch <- WalkedMsg{gen: gen, err: sources.PanicError("while reading every page", v)}:
					case <-ctx.Done():
					}
				}
			}()
			t := NewTally(loc)
			err := sources.Walk(ctx, src, q, sources.WalkOptions{Progress: func(p sources.WalkProgress) {
				select {
				case ch <- ProgressedMsg{gen: gen, prog: p, ch: ch}:
				default:
				}
			}}, func(page []model.Event) error {
				t.Add(page)
				return nil
			})
			msg := WalkedMsg{gen: gen, n: t.total, err: err}
			if err == nil {
				msg.in = t.Counts()
			}
			select {
			case ch <- msg:
			case <-ctx.Done():
			}
		}()
		return common.AwaitNext(ch)()
	}
}

// Recount counts evs again, as new events came in while the list follows
// the log, keeping the cursor on its row where the rows allow. A window of
// more than CountAtOnce events is counted in the background by the command
// it returns; the counts shown until then are the ones before.
func (p *Model) Recount(evs window.Events, scope string) tea.Cmd {
	if evs.Len() > CountAtOnce {
		return p.countLater(evs, scope)
	}
	p.gen++ // a count still running is older than this one
	p.pending = ""
	p.keepCursor(func() { p.in, p.scope = count(evs, p.loc), scope; p.rows = layout(p.in, p.loc) })
	return nil
}

// keepCursor runs change, which lays the rows out again, keeping the
// cursor on its row where the rows allow.
func (p *Model) keepCursor(change func()) {
	cursor, offset := p.cursor, p.offset
	change()
	p.cursor, p.offset = min(cursor, max(len(p.rows)-1, 0)), offset
	p.move(0)
}
