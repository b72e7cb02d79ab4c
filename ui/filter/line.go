package filter

import (
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/ui/common"
)

// maxLine is the longest query line the pane takes (and history keeps).
const maxLine = 1024

// Saved is a query saved in the config under a name, offered by ctrl+o.
type Saved struct {
	Name, Line string
}

// SetSaved gives the pane the saved queries, in the config's order.
func (f *Model) SetSaved(saved []Saved) { f.saved = slices.Clone(saved) }

// SetHistory gives the pane the recent query lines, oldest first, for ↑.
func (f *Model) SetHistory(lines []string) { f.history = slices.Clone(lines) }

// Line is the query line as typed.
func (f *Model) Line() string { return strings.TrimSpace(f.inputs[FieldQuery].Value()) }

// edited keeps the other view in step after field i changed.
func (f *Model) edited(i Field) {
	switch i {
	case FieldQuery:
		f.histAt, f.savedAt = 0, 0
		f.syncFromLine()
		return
	case FieldAction:
		f.choice = -1
	case FieldActor:
		f.actorExact = false // a typed actor is a part of the name, as the field says
	}
	f.syncFromForm()
}

// syncFromLine reads the query line into the form, or says, as it is
// typed, which term is wrong.
func (f *Model) syncFromLine() {
	line := f.inputs[FieldQuery].Value()
	q, err := model.ParseQuery(line, f.now(), f.loc)
	if err != nil {
		f.err, f.lineErr = err.Error(), true
		// The form shows the rest of the line, as if the wrong term were
		// not there yet, rather than what an earlier keystroke left.
		// Every wrong term goes, one after the other (each named in turn
		// as the one before is put right).
		for rest, n := line, 0; err != nil; n++ {
			var qe *model.QueryError
			if !errors.As(err, &qe) || qe.End <= qe.Pos || n > len(line) {
				return
			}
			rest = rest[:qe.Pos] + " " + rest[qe.End:]
			q, err = model.ParseQuery(rest, f.now(), f.loc)
		}
	} else {
		f.err, f.lineErr = "", false
	}
	set := func(i Field, v string) {
		if f.inputs[i].Value() != v {
			f.inputs[i].SetValue(v)
			f.inputs[i].CursorEnd()
		}
	}
	set(FieldSince, f.timeText(q.Since, q.SinceText))
	set(FieldUntil, f.timeText(q.Until, q.UntilText))
	set(FieldActor, q.Actor)
	set(FieldAction, q.Action)
	set(FieldIP, q.IP)
	set(FieldTarget, q.Target)
	set(FieldText, q.Text)
	f.terms, f.actorExact = q.Terms, q.ActorExact
}

// syncFromForm writes the form, and the line's terms it has no field for,
// back into the query line. Times go as typed (since:7d), so the line says
// what the form does.
func (f *Model) syncFromForm() {
	var parts []string
	for _, tf := range []struct {
		name  string
		field Field
	}{{"since", FieldSince}, {"until", FieldUntil}} {
		if v := strings.TrimSpace(f.inputs[tf.field].Value()); v != "" {
			parts = append(parts, tf.name+":"+model.QuoteQueryValue(v))
		}
	}
	rest := model.Query{
		Actor: strings.TrimSpace(f.inputs[FieldActor].Value()), ActorExact: f.actorExact,
		Action: strings.TrimSpace(f.inputs[FieldAction].Value()), IP: strings.TrimSpace(f.inputs[FieldIP].Value()),
		Target: strings.TrimSpace(f.inputs[FieldTarget].Value()), Text: strings.TrimSpace(f.inputs[FieldText].Value()),
		Terms: f.terms,
	}
	if s := rest.String(); s != "" {
		parts = append(parts, s)
	}
	line := strings.Join(parts, " ")
	if f.inputs[FieldQuery].Value() != line {
		f.inputs[FieldQuery].SetValue(line)
		f.inputs[FieldQuery].CursorEnd()
	}
	f.lineErr = false
}

// formatTime is a time as the form's time fields show it.
// timeText is a time for the form: as it was typed (7d), so that the line
// made from the form says what was typed rather than the instant it came
// to, else as a date and time in the pane's zone.
func (f *Model) timeText(t time.Time, typed string) string {
	if typed != "" && !t.IsZero() {
		return typed
	}
	return f.formatTime(t)
}

func (f *Model) formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(f.loc).Format("2006-01-02 15:04:05")
}

// termsLine marks each part of the query line with where it runs, as the
// form marks its fields: what the provider filters (server) and what trail
// applies to every page (client).
func (f *Model) termsLine() string {
	st := f.st
	indent := strings.Repeat(" ", 17)
	q, err := model.ParseQuery(f.inputs[FieldQuery].Value(), f.now(), f.loc)
	if err != nil {
		return indent + st.Muted.Render(common.Clip("(the wrong term is named below)", f.width-len(indent)))
	}
	type part struct {
		text  string
		field sources.Field // 0: a term only trail applies
	}
	var parts []part
	add := func(q model.Query, field sources.Field) {
		if s := q.String(); s != "" {
			parts = append(parts, part{s, field})
		}
	}
	add(model.Query{Since: q.Since, Until: q.Until}, sources.FieldTime)
	add(model.Query{Actor: q.Actor, ActorExact: q.ActorExact}, sources.FieldActor)
	add(model.Query{Action: q.Action}, sources.FieldAction)
	add(model.Query{IP: q.IP}, sources.FieldIP)
	add(model.Query{Target: q.Target}, sources.FieldTarget)
	add(model.Query{Text: q.Text}, sources.FieldText)
	for _, t := range q.Terms {
		parts = append(parts, part{t.String(), 0})
	}
	if len(parts) == 0 {
		return indent + st.Muted.Render(common.Clip("terms: field:value field~part -not a,b val* /re/ ip:10.0.0.0/8 \"phrase\"", f.width-len(indent)))
	}
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteString("  ")
		}
		label := p.text
		if p.field == sources.FieldTime {
			label = "time"
		}
		b.WriteString(model.Sanitize(model.Clip(label, 60)))
		if p.field != 0 && f.caps.Server(p.field) {
			b.WriteString(st.OK.Render(" server"))
		} else {
			b.WriteString(st.Warn.Render(" client"))
		}
	}
	return common.Clip(indent+b.String(), f.width)
}

// recall puts an older (back) or newer line from the history in the query
// line; past the newest, the line being typed comes back.
func (f *Model) recall(back bool) {
	if f.histAt == 0 {
		f.draft = f.inputs[FieldQuery].Value()
	}
	at := f.histAt
	if back && at < len(f.history) {
		at++
	} else if !back && at > 0 {
		at--
	}
	if at == f.histAt {
		return
	}
	f.histAt = at
	line := f.draft
	if at > 0 {
		line = f.history[len(f.history)-at]
	}
	f.inputs[FieldQuery].SetValue(line)
	f.inputs[FieldQuery].CursorEnd()
	f.syncFromLine()
}

// nextSaved puts the next saved query in the line, the first after the
// last; with none saved it says how to save one.
func (f *Model) nextSaved() {
	if len(f.saved) == 0 {
		f.err, f.lineErr = `no saved queries: add them to the config as [queries] name = "query line"`, true
		return
	}
	f.savedAt = f.savedAt%len(f.saved) + 1
	f.inputs[FieldQuery].SetValue(f.saved[f.savedAt-1].Line)
	f.inputs[FieldQuery].CursorEnd()
	f.histAt = 0
	f.syncFromLine()
	f.focusField(FieldQuery)
}

// savedLine names the saved query in the line, and the others, while ctrl+o
// goes through them.
func (f *Model) savedLine() string {
	st := f.st
	indent := strings.Repeat(" ", 17)
	var b strings.Builder
	b.WriteString(st.Muted.Render("saved " + common.Itoa(f.savedAt) + "/" + common.Itoa(len(f.saved)) + " "))
	for i, s := range f.saved {
		name := model.Sanitize(s.Name)
		if i == f.savedAt-1 {
			b.WriteString(st.Selected.Render(name) + "  ")
		} else {
			b.WriteString(st.Muted.Render(name) + "  ")
		}
	}
	return common.Clip(indent+b.String(), f.width)
}
