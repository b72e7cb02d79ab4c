package ui

import (
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/ui/common"
	"github.com/trail-dev/trail/ui/theme"
)

// statusKind says how a status message is drawn.
type statusKind int

const (
	statusInfo statusKind = iota
	statusWarn
	statusError
)

// statusMsg is a transient message on the right of the status line.
type statusMsg struct {
	id   int
	text string
	kind statusKind
}

// topBar draws the first lines: the filter in force, each part marked
// server- or client-side. It takes a second line rather than hide part of
// the filter, and is cut only beyond that.
func (m *Model) topBar() []string {
	st := m.styles
	left := st.Badge.Render(" trail ") + " "
	parts := m.queryParts()
	if len(parts) == 0 {
		return []string{common.Clip(left+st.Muted.Render("no filter ("+m.keys.Filter.Help().Key+" to add one)"), m.width)}
	}
	// Break between the filter's parts, never inside one.
	sep := st.Muted.Render(" · ")
	lines := []string{left + parts[0]}
	for _, p := range parts[1:] {
		last := &lines[len(lines)-1]
		if ansi.StringWidth(*last)+ansi.StringWidth(sep)+ansi.StringWidth(p) <= m.width || m.width < 40 {
			*last += sep + p
		} else {
			lines = append(lines, "   "+p)
		}
	}
	if len(lines) > 2 {
		lines = []string{lines[0], strings.Join(lines[1:], sep)}
	}
	for i := range lines {
		lines[i] = common.Clip(lines[i], m.width)
	}
	return lines
}

// queryParts renders each part of the query in force: "since …",
// "actor ~ alice [client]".
func (m *Model) queryParts() []string {
	st := m.styles
	q := m.query
	var parts []string
	if at := m.atPart(); at != "" {
		parts = append(parts, at)
	}
	mark := func(f sources.Field) string {
		if m.caps.Server(f) {
			return st.Muted.Render(" [server]")
		}
		return st.Warn.Render(" [client]")
	}
	tf := func(t time.Time) string { return t.In(m.loc).Format("2006-01-02 15:04") }
	switch {
	case !q.Since.IsZero() && !q.Until.IsZero():
		parts = append(parts, tf(q.Since)+" → "+tf(q.Until)+mark(sources.FieldTime))
	case !q.Since.IsZero():
		parts = append(parts, "since "+tf(q.Since)+mark(sources.FieldTime))
	case !q.Until.IsZero():
		until := "until " + tf(q.Until) + mark(sources.FieldTime)
		if from, whose, ok := common.DefaultStart(m.caps); ok {
			until += st.Muted.Render(", from " + from + " (" + whose + ")")
		}
		parts = append(parts, until)
	default:
		if last, whose, ok := common.DefaultWindow(m.caps); ok {
			parts = append(parts, st.Muted.Render(last+" ("+whose+")"))
		}
	}
	if q.Action == "" && m.caps.DefaultAction != "" {
		parts = append(parts, "type = "+model.Sanitize(m.caps.DefaultAction)+mark(sources.FieldAction)+st.Muted.Render(" (configured)"))
	}
	if q.Actor != "" {
		op := " ~ " // a typed filter: part of the name, or the whole id
		if q.ActorExact {
			op = " = " // a pivot: the id or the name itself
		}
		parts = append(parts, "actor"+op+queryValue(q.Actor)+mark(sources.FieldActor))
	}
	if q.Action != "" {
		parts = append(parts, "action = "+queryValue(q.Action)+mark(sources.FieldAction))
	}
	if q.IP != "" {
		parts = append(parts, "ip = "+queryValue(q.IP)+mark(sources.FieldIP))
	}
	if q.Target != "" {
		parts = append(parts, "target = "+queryValue(q.Target)+mark(sources.FieldTarget))
	}
	if q.Text != "" {
		parts = append(parts, "text ~ "+queryValue(q.Text)+mark(sources.FieldText))
	}
	for _, t := range q.Terms { // what the query line adds: trail applies it to every page
		parts = append(parts, queryValue(t.String())+st.Warn.Render(" [client]"))
	}
	return parts
}

// queryValue is a filter value as the top bar shows it: cut to what a line
// can hold before it is escaped and measured, so a pivot on a 1 MiB actor
// costs no more a frame than one on "alice".
func queryValue(s string) string { return model.Sanitize(model.Clip(s, 256)) }

// statusLine draws the bar under the panes: the source as its badge, where
// the cursor is, what runs, which pages exist, and the latest message on
// the right. statusSegments says what each segment holds and how much the
// bar holds on to it; bar.fit drops the least important first.
func (m *Model) statusLine() string {
	st := m.styles
	msg := message{}
	if m.status.text != "" {
		p, prio := st.Muted, prioInfo
		switch m.status.kind {
		case statusWarn:
			p, prio = st.Warn, prioAlert
		case statusError:
			p, prio = st.Danger, prioAlert
		}
		msg = message{text: p.Render(model.Sanitize(m.status.text)), prio: prio}
	}
	br := bar{
		sep:        st.Muted.Render(" │ "),
		afterBadge: " ",
		more:       st.Muted.Render(" (" + m.keys.Messages.Help().Key + ": more)"),
	}
	return br.fit(m.statusSegments(), msg, m.width)
}

// statusSegments are the status bar's segments, left to right: source,
// merged sources, filter, position, activity, export, search, paging.
func (m *Model) statusSegments() []segment {
	st := m.styles
	f := &m.feed
	name := model.Sanitize(m.opts.SourceName)
	full := name
	if m.opts.Provider != "" && m.opts.Provider != m.opts.SourceName {
		full += " (" + model.Sanitize(m.opts.Provider) + ")"
	}
	segs := []segment{{badge: true, forms: []form{
		{st.Badge.Render(" " + full + " "), prioSource},
		{st.Badge.Render(" " + name + " "), prioSource2},
	}}}
	if parts := m.partsText(false); parts != "" {
		segs = append(segs, segment{forms: []form{{parts, prioParts}, {m.partsText(true), prioParts2}}})
	}
	if fields := m.filterFields(); len(fields) > 0 {
		// The top bar says the filter in full; this says what it is on.
		segs = append(segs, segment{forms: []form{
			{st.Accent.Render("filtered") + ": " + strings.Join(fields, ", "), prioFilter},
			{st.Accent.Render("filtered"), prioFilter2},
		}})
	}
	segs = append(segs, m.positionSegments()...)

	switch {
	case f.fetching() && !f.progress.Until.IsZero():
		segs = append(segs, segment{forms: []form{{st.Warn.Render(m.spinner.View() + " " + waitText(f.progress, m.now())), prioActivity}}})
	case f.fetching() && m.toEnd:
		// G's walk: its words are long, and the hint bar says how to stop it.
		act := m.spinner.View() + " " + m.toEndText()
		segs = append(segs, segment{forms: []form{
			{act, prioDetail},
			{strings.TrimSuffix(act, " (esc stops)"), prioDetail2},
			{m.spinner.View() + " " + strings.SplitN(m.toEndText(), " · ", 2)[0], prioActivity},
		}})
	case f.fetching():
		act := m.spinner.View() + " loading " + pageName(f.inflight.number)
		forms := []form{{act, prioActivity}}
		if f.progress.Message != "" {
			forms = append([]form{{act + " · " + model.Sanitize(f.progress.Message), prioDetail}}, forms...)
		}
		segs = append(segs, segment{forms: forms})
	case f.err != nil && !f.retryAt.IsZero():
		segs = append(segs, segment{forms: []form{{st.Warn.Render("retrying in " + common.ShortDuration(f.retryAt.Sub(m.now())) + " (" + m.retryKey() + ": now)"), prioActivity}}})
	case f.err != nil:
		segs = append(segs, segment{forms: []form{{st.Danger.Render("✗ failed (" + m.retryKey() + ": retry)"), prioActivity}}})
	}
	if m.export.Running() {
		segs = append(segs, segment{forms: []form{{st.Accent.Render(m.export.Status(m.now())), prioExport}}})
	}
	if full, short := m.followForms(); full != "" {
		segs = append(segs, segment{forms: []form{{full, prioDetail}, {short, prioActivity}}})
	}
	if mk := m.marksText(); mk != "" {
		segs = append(segs, segment{forms: []form{{mk, prioSearch}}})
	}
	if m.insights != nil && m.insights.Counting() {
		segs = append(segs, segment{forms: []form{{m.spinner.View() + " counting insights…", prioSearch}}})
	}
	search, searchPrio := "", prioSearch
	switch {
	case m.fsearch.running:
		search, searchPrio = st.Accent.Render(m.fileSearchText()), prioActivity
	case m.search.Scanning():
		search = m.spinner.View() + " searching…"
	case m.search.Query() != "" && !m.search.Active():
		search = "/" + model.Sanitize(m.search.Query()) + " " + m.searchCount
	case m.search.Active() && !m.search.FoundAny() && m.search.Typed() != "":
		search = st.Warn.Render("no match")
	case m.search.Active() && m.search.Typed() != "" && m.searchCount != "":
		search = m.searchCount
	}
	if search != "" {
		segs = append(segs, segment{forms: []form{{search, searchPrio}}})
	}
	if words, arrows := m.navText(); words != "" {
		forms := []form{{words, prioNav}}
		if arrows != "" {
			forms = append(forms, form{arrows, prioNavShort})
		}
		segs = append(segs, segment{forms: forms})
	}
	return segs
}

// filterFields names what the query in force filters on: "time", "actor",
// "action", "ip", "target", "text", and the other fields a typed query
// names (actor_id, client, location, outcome, source).
func (m *Model) filterFields() []string {
	q := m.query
	// A typed query's terms no field holds count as their fields do.
	inTerms := func(name string) bool {
		for _, t := range q.Terms {
			if t.Field == name {
				return true
			}
		}
		return false
	}
	var out []string
	add := func(on bool, name string) {
		if on || inTerms(name) {
			out = append(out, name)
		}
	}
	add(!q.Since.IsZero() || !q.Until.IsZero(), "time")
	add(q.Actor != "", "actor")
	add(false, "actor_id")
	add(q.Action != "", "action")
	add(q.IP != "", "ip")
	add(q.Target != "", "target")
	add(false, "client")
	add(false, "location")
	add(false, "outcome")
	add(false, "source")
	add(q.Text != "", "text")
	return out
}

// positionSegments say where the cursor is, as positionText words it: the
// page, then the row, whose "loaded" goes before either.
func (m *Model) positionSegments() []segment {
	var segs []segment
	words := m.positionText()
	for i, w := range words {
		prio := prioPage
		if i == len(words)-1 {
			prio = prioRow
		}
		forms := []form{{w, prio}}
		if short := strings.TrimSuffix(w, " loaded"); short != w {
			forms = []form{{w, prioLoaded}, {short, prio}}
		}
		segs = append(segs, segment{forms: forms})
	}
	return segs
}

// positionText says where the cursor is: "page 2 of 5", "row 7 of 150
// loaded". With a filter trail applies itself it says instead what was
// fetched and what matched ("page 2 fetched", "4 of 200 match"): a row
// count of the matches next to the provider's page count misleads.
func (m *Model) positionText() []string {
	f := &m.feed
	var out []string
	var p pageInfo
	if f.started() {
		p = f.pages[f.pageAt(m.list.Cursor())]
	}
	if m.clientFiltered() {
		fetched := 0
		for _, pg := range f.pages {
			if pg.fetched == 0 {
				fetched = -1 // one page not counted: the sum would be wrong
				break
			}
			fetched += pg.fetched
		}
		if f.started() {
			// The pages the loaded events come from, so that "18 of 200
			// match" counts over exactly what the label names.
			first, last := f.pages[0].number, f.pages[len(f.pages)-1].number
			if first > 0 && last > first {
				out = append(out, "pages "+common.Itoa(first)+"–"+common.Itoa(last)+" fetched")
			} else {
				out = append(out, pageLabel(p.number)+" fetched")
			}
		}
		switch {
		case fetched > 0:
			out = append(out, common.Count(f.events.Len())+" of "+common.Count(fetched)+" match")
		default:
			out = append(out, common.Count(f.events.Len())+" match")
		}
		return out
	}
	if f.started() {
		page := pageLabel(p.number)
		if p.number > 0 && f.total > 0 {
			page += " of " + common.Itoa(f.total)
		}
		out = append(out, page)
	}
	loaded := common.Plural(f.events.Len(), "event") + " loaded"
	if f.events.Len() > 0 {
		loaded = "row " + common.Count(m.list.Cursor()+1) + " of " + common.Count(f.events.Len()) + " loaded"
	}
	return append(out, loaded)
}

// clientFiltered reports whether part of the query in force is applied by
// trail over what the provider sends, rather than by the provider.
func (m *Model) clientFiltered() bool {
	q, c := m.query, m.caps
	return (!(q.Since.IsZero() && q.Until.IsZero()) && !c.Server(sources.FieldTime)) ||
		(q.Actor != "" && !c.Server(sources.FieldActor)) ||
		(q.Action != "" && !c.Server(sources.FieldAction)) ||
		(q.IP != "" && !c.Server(sources.FieldIP)) ||
		(q.Target != "" && !c.Server(sources.FieldTarget)) ||
		(q.Text != "" && !c.Server(sources.FieldText)) || len(q.Terms) > 0
}

// navText says whether an earlier and a later page exist: in words, with
// the keys that go there ("[ prev page · ] next page", "first page · end
// of log"), and in arrows shown only where there is a page to go to ("◀
// ▶", "◀ end"): never two arrows told apart by colour. The status bar draws
// the words where there is room.
func (m *Model) navText() (words, arrows string) {
	f := &m.feed
	if !f.started() {
		return "", ""
	}
	earlier, later := f.canPrev(), !f.atEnd()
	cur := f.pageAt(m.list.Cursor())
	for i, p := range f.pages {
		if p.count > 0 && i < cur {
			earlier = true
		}
		if p.count > 0 && i > cur {
			later = true
		}
	}
	st := m.styles
	var parts []string
	if earlier {
		parts = append(parts, "◀")
	}
	if later {
		parts = append(parts, "▶")
	} else if f.atEnd() {
		parts = append(parts, st.Muted.Render("end"))
	}
	arrows = strings.Join(parts, " ")
	prev, next := st.Muted.Render("first page"), st.Muted.Render("end of log")
	if m.failedParts() != "" {
		next = st.Warn.Render("end of what loaded") // a failed source's events are missing
	}
	if earlier {
		prev = st.Accent.Render(m.keys.PrevPage.Help().Key) + " prev page"
	}
	if later {
		next = st.Accent.Render(m.keys.NextPage.Help().Key) + " next page"
	}
	return prev + st.Muted.Render(" · ") + next, arrows
}

// partsText is each source of a merged view with its state, in words:
// "canary: all 120 read · domo: failed · intercom: 80 so far" (events of
// each delivered so far).
func (m *Model) partsText(short bool) string {
	if len(m.parts) == 0 {
		return ""
	}
	st := m.styles
	if short { // "3 sources, 1 failed"
		failed := 0
		for _, p := range m.parts {
			if p.Err != nil {
				failed++
			}
		}
		s := common.Plural(len(m.parts), "source")
		if failed > 0 {
			return s + ", " + st.Danger.Render(common.Itoa(failed)+" failed")
		}
		return s
	}
	var out []string
	for _, p := range m.parts {
		s := model.Sanitize(p.Name) + ": "
		switch {
		case p.Err != nil:
			s = st.Danger.Render(s + "failed")
		case p.Done:
			s += "all " + common.Count(p.Events) + st.Muted.Render(" read")
		default:
			s += common.Count(p.Events) + st.Muted.Render(" so far")
		}
		out = append(out, s)
	}
	return strings.Join(out, st.Muted.Render(" · "))
}

// failedParts names the sources of a merged view that failed, or "".
func (m *Model) failedParts() string {
	var names []string
	for _, p := range m.parts {
		if p.Err != nil {
			names = append(names, model.Sanitize(p.Name))
		}
	}
	return strings.Join(names, ", ")
}

// waitText describes a wait reported by the source: "rate limited: waiting 8s".
func waitText(p sources.Progress, now time.Time) string {
	msg := p.Message
	if msg == "" {
		msg = "waiting"
	}
	return model.Sanitize(msg) + " " + common.ShortDuration(p.Until.Sub(now))
}

// edgeRows says what the rows before and after the events show.
func (m *Model) edgeRows() (top string, topP theme.Paint, end string, endP theme.Paint) {
	st := m.styles
	f := &m.feed
	top, topP = "▲ earlier pages are not loaded: scroll up or "+m.keys.PrevPage.Help().Key+" to load them", st.Muted
	if m.around != nil {
		top = "▲ newer events are not loaded: scroll up or " + m.keys.PrevPage.Help().Key + " to load them"
	}
	if f.fetching() && f.inflight.dir == dirPrev {
		top, topP = m.spinner.View()+" loading the previous page…", st.Accent
		if m.around != nil {
			top = m.spinner.View() + " loading newer events…"
		}
	} else if f.err != nil && f.errDir == dirPrev {
		top, topP = "✗ "+common.ErrorText(f.err)+" — "+m.retryKey()+" retries", st.Danger
	}
	switch {
	case f.fetching() && f.inflight.dir != dirPrev:
		end, endP = m.spinner.View()+" loading "+pageName(f.inflight.number)+"…", st.Accent
		if !f.progress.Until.IsZero() {
			end, endP = m.spinner.View()+" "+waitText(f.progress, m.now())+" ("+m.retryKey()+": now)", st.Warn
		}
	case f.err != nil && f.errDir != dirPrev:
		end, endP = "✗ "+common.ErrorText(f.err)+" — "+m.retryKey()+" retries", st.Danger
		if !f.retryAt.IsZero() {
			end, endP = "⏳ "+common.ErrorText(f.err)+" — retrying in "+common.ShortDuration(f.retryAt.Sub(m.now()))+", "+m.retryKey()+": now", st.Warn
		}
	case !f.started():
		end, endP = "", st.Muted
	case f.atEnd() && f.events.Len() == 0:
		end, endP = "no events match this query", st.Muted
		if m.query.IsZero() {
			end = "the log is empty"
		}
	case f.atEnd() && m.failedParts() != "":
		// A failed source's events are not all here: this is the end of
		// what the others hold, not of the log.
		end, endP = "── end of what the other sources hold ── "+m.failedParts()+" failed ("+m.keys.Messages.Help().Key+": why) · "+common.Plural(f.events.Len(), "event")+" loaded", st.Warn
	case f.atEnd():
		end, endP = "── end of log ── "+common.Plural(f.events.Len(), "event")+" loaded", st.Muted
	default:
		end, endP = "▼ more: scroll down or "+m.keys.NextPage.Help().Key+" to load the next page", st.Muted
	}
	return top, topP, end, endP
}

// retryKey is the key that retries, as the key map names it.
func (m *Model) retryKey() string { return m.keys.Retry.Help().Key }

// pageLabel is a page's number for the status line: "page 3", "page 1
// from the end".
func pageLabel(n int) string {
	if s, ok := atPageLabel(n); ok {
		return s
	}
	if n < 0 {
		return "page " + common.Itoa(-n) + " from the end"
	}
	return "page " + common.Itoa(n)
}

// pageName names a page by its number: "page 3", "the last page", "page 2
// from the end".
func pageName(n int) string {
	if s, ok := atPageLabel(n); ok {
		return s
	}
	switch {
	case n == -1:
		return "the last page"
	case n < 0:
		return "page " + common.Itoa(-n) + " from the end"
	}
	return "page " + common.Itoa(n)
}
