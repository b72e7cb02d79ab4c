package ui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
)

// filterField indexes the filter pane's inputs, in the order shown.
type filterField int

const (
	fieldSince filterField = iota
	fieldUntil
	fieldActor
	fieldAction
	fieldIP
	fieldTarget
	fieldText
	fieldCount
)

// filterOutcome is what a key in the filter pane asks the root to do.
type filterOutcome int

const (
	filterStay filterOutcome = iota
	filterApply
	filterCancel
)

// filterPane edits the query: a time range, actor, action and free text, each
// marked with where it runs (server-side at the provider, or client-side over
// every page fetched).
type filterPane struct {
	inputs  [fieldCount]textinput.Model
	focus   filterField
	keys    filterKeys
	caps    sources.Capabilities
	actions []string // action types to choose from
	choice  int      // index into matches() of the highlighted action; -1 none
	typed   string   // what the user typed in the action field, before choosing
	err     string   // why the query cannot be applied
	width   int
	loc     *time.Location
}

func newFilterPane(caps sources.Capabilities) filterPane {
	f := filterPane{keys: defaultFilterKeys(), caps: caps, choice: -1}
	f.actions = append(f.actions, caps.Actions...)
	placeholders := [fieldCount]string{
		"e.g. 24h, 7d, 2026-11-20 or 2026-11-20T09:00:00Z",
		"empty = now",
		"user name, e-mail or id (substring)",
		"action type (exact); ↓ to choose",
		"client IP address (exact)",
		"target object (exact)",
		"any text in the event (substring)",
	}
	if caps.DefaultWindow > 0 {
		placeholders[fieldSince] = "empty = provider default: last " + shortDays(caps.DefaultWindow)
	}
	if caps.ActionRequired {
		placeholders[fieldAction] = "empty = the source's configured type; ↓ to choose"
	}
	for i := range f.inputs {
		in := textinput.New()
		in.Prompt = ""
		in.Placeholder = placeholders[i]
		in.CharLimit = 256
		f.inputs[i] = in
	}
	return f
}

func shortDays(d time.Duration) string {
	if days := d.Hours() / 24; days >= 1 && days == float64(int(days)) {
		return plural(int(days), "day")
	}
	return d.String()
}

// SetActions adds action types listed by the source at run time.
func (f *filterPane) SetActions(actions []string) {
	seen := make(map[string]bool, len(f.actions))
	for _, a := range f.actions {
		seen[a] = true
	}
	for _, a := range actions {
		if !seen[a] {
			f.actions = append(f.actions, a)
			seen[a] = true
		}
	}
}

func (f *filterPane) SetWidth(w int) {
	f.width = w
	for i := range f.inputs {
		f.inputs[i].SetWidth(max(w-24, 10))
	}
}

// Open fills the inputs from q and focuses the first one.
func (f *filterPane) Open(q model.Query, loc *time.Location) tea.Cmd {
	f.loc = loc
	f.err, f.choice = "", -1
	formatTime := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(loc).Format("2006-01-02 15:04:05")
	}
	f.inputs[fieldSince].SetValue(formatTime(q.Since))
	f.inputs[fieldUntil].SetValue(formatTime(q.Until))
	f.inputs[fieldActor].SetValue(q.Actor)
	f.inputs[fieldAction].SetValue(q.Action)
	f.inputs[fieldIP].SetValue(q.IP)
	f.inputs[fieldTarget].SetValue(q.Target)
	f.inputs[fieldText].SetValue(q.Text)
	for i := range f.inputs {
		f.inputs[i].CursorEnd()
	}
	return f.focusField(fieldSince)
}

func (f *filterPane) focusField(i filterField) tea.Cmd {
	for j := range f.inputs {
		f.inputs[j].Blur()
	}
	f.focus = (i + fieldCount) % fieldCount
	f.choice = -1
	return f.inputs[f.focus].Focus()
}

// Query reads the inputs; times are read in the pane's location, ages
// relative to now.
func (f *filterPane) Query(now time.Time) (model.Query, error) {
	var q model.Query
	var err error
	if v := strings.TrimSpace(f.inputs[fieldSince].Value()); v != "" {
		if q.Since, err = model.ParseTimeSpec(v, now, f.loc); err != nil {
			return q, fieldErr("since", err)
		}
	}
	if v := strings.TrimSpace(f.inputs[fieldUntil].Value()); v != "" {
		if q.Until, err = model.ParseTimeSpec(v, now, f.loc); err != nil {
			return q, fieldErr("until", err)
		}
	}
	if !q.Since.IsZero() && !q.Until.IsZero() && !q.Since.Before(q.Until) {
		return q, fieldErr("until", errString("must be after since"))
	}
	q.Actor = strings.TrimSpace(f.inputs[fieldActor].Value())
	q.Action = strings.TrimSpace(f.inputs[fieldAction].Value())
	q.IP = strings.TrimSpace(f.inputs[fieldIP].Value())
	q.Target = strings.TrimSpace(f.inputs[fieldTarget].Value())
	q.Text = strings.TrimSpace(f.inputs[fieldText].Value())
	return q, nil
}

type errString string

func (e errString) Error() string { return string(e) }

func fieldErr(field string, err error) error { return errString(field + ": " + err.Error()) }

// matches returns the action types that contain what is typed in the action field.
func (f *filterPane) matches() []string {
	typed := strings.TrimSpace(f.inputs[fieldAction].Value())
	if f.choice >= 0 {
		typed = f.typed // choosing fills the field; the choices stay those of what was typed
	}
	var out []string
	for _, a := range f.actions {
		if model.ContainsFold(a, typed) {
			out = append(out, a)
		}
	}
	return out
}

// Update handles a key and says whether to apply, cancel or stay.
func (f filterPane) Update(msg tea.Msg, now time.Time) (filterPane, tea.Cmd, filterOutcome) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		var cmd tea.Cmd
		f.inputs[f.focus], cmd = f.inputs[f.focus].Update(msg)
		return f, cmd, filterStay
	}
	switch {
	case key.Matches(k, f.keys.Cancel):
		return f, nil, filterCancel
	case key.Matches(k, f.keys.Apply):
		if _, err := f.Query(now); err != nil {
			f.err = err.Error()
			return f, nil, filterStay
		}
		return f, nil, filterApply
	case key.Matches(k, f.keys.Next):
		return f, f.focusField(f.focus + 1), filterStay
	case key.Matches(k, f.keys.Prev):
		return f, f.focusField(f.focus - 1), filterStay
	case key.Matches(k, f.keys.Clear):
		for i := range f.inputs {
			f.inputs[i].SetValue("")
		}
		f.err = ""
		return f, nil, filterStay
	case f.focus == fieldAction && key.Matches(k, f.keys.Choice, f.keys.Choose):
		if f.choice < 0 {
			f.typed = strings.TrimSpace(f.inputs[fieldAction].Value())
		}
		if m := f.matches(); len(m) > 0 {
			if key.Matches(k, f.keys.Choice) {
				f.choice = (f.choice + 1) % len(m)
			} else {
				f.choice = (max(f.choice, 0) - 1 + len(m)) % len(m)
			}
			f.inputs[fieldAction].SetValue(m[f.choice])
			f.inputs[fieldAction].CursorEnd()
		}
		return f, nil, filterStay
	case key.Matches(k, f.keys.Choice):
		return f, f.focusField(f.focus + 1), filterStay
	case key.Matches(k, f.keys.Choose):
		return f, f.focusField(f.focus - 1), filterStay
	}
	var cmd tea.Cmd
	before := f.inputs[f.focus].Value()
	f.inputs[f.focus], cmd = f.inputs[f.focus].Update(msg)
	if f.inputs[f.focus].Value() != before {
		f.err = ""
		if f.focus == fieldAction {
			f.choice = -1
		}
	}
	return f, cmd, filterStay
}

// where says where a field is applied, for its label.
func (f *filterPane) where(fl sources.Field) string {
	if f.caps.Server(fl) {
		return "server"
	}
	return "client"
}

// View draws the form: one line per field, the action choices under the
// action field while it has focus, and the error if any.
func (f *filterPane) View(st *Styles, height int, now time.Time) string {
	labels := [fieldCount]string{"since", "until", "actor", "action", "ip", "target", "text"}
	fields := [fieldCount]sources.Field{sources.FieldTime, sources.FieldTime, sources.FieldActor, sources.FieldAction, sources.FieldIP, sources.FieldTarget, sources.FieldText}
	var lines []string
	title := "── filter " + strings.Repeat("─", max(f.width-10, 0))
	lines = append(lines, st.Accent.render(clip(title, f.width)))
	for i := range f.inputs {
		label := pad(labels[i], 7)
		if filterField(i) == f.focus {
			label = st.Accent.render("▸ " + label)
		} else {
			label = "  " + st.Muted.render(label)
		}
		where := f.where(fields[i])
		whereP := st.OK
		if where == "client" {
			whereP = st.Warn
		}
		line := label + " " + whereP.render(pad(where, 6)) + " " + f.inputs[i].View()
		lines = append(lines, line)
		if filterField(i) <= fieldUntil {
			if hint := f.timeHint(filterField(i), now); hint != "" && filterField(i) == f.focus {
				lines = append(lines, strings.Repeat(" ", 18)+st.Muted.render(hint))
			}
		}
		if filterField(i) == fieldAction && f.focus == fieldAction {
			lines = append(lines, f.choicesLine(st))
		}
	}
	if f.err != "" {
		lines = append(lines, "  "+st.Danger.render(clip(model.Sanitize(f.err), f.width-2)))
	} else {
		lines = append(lines, "  "+st.Muted.render(clip("server: the provider filters · client: trail filters every page it fetches", f.width-2)))
	}
	for len(lines) > height && len(lines) > 1 {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n")
}

// timeHint shows what a time field means once parsed.
func (f *filterPane) timeHint(i filterField, now time.Time) string {
	v := strings.TrimSpace(f.inputs[i].Value())
	if v == "" {
		return ""
	}
	t, err := model.ParseTimeSpec(v, now, f.loc)
	if err != nil {
		return "not a time yet"
	}
	return "= " + t.In(f.loc).Format("2006-01-02 15:04:05 MST")
}

// choicesLine lists the action types matching what is typed, the chosen one
// marked, as much as fits on one line.
func (f *filterPane) choicesLine(st *Styles) string {
	m := f.matches()
	if len(m) == 0 {
		if len(f.actions) == 0 {
			return strings.Repeat(" ", 18) + st.Muted.render("this source does not list its action types; type one")
		}
		return strings.Repeat(" ", 18) + st.Muted.render("no known action type matches; it will still be used")
	}
	var b strings.Builder
	b.WriteString(strings.Repeat(" ", 18))
	room := f.width - 18
	for i, a := range m {
		a = model.Sanitize(a)
		item := a
		if i == f.choice {
			item = st.Selected.render(a)
		} else {
			item = st.Muted.render(a)
		}
		if len(a)+2 > room {
			b.WriteString(st.Muted.render("…+" + itoa(len(m)-i)))
			break
		}
		b.WriteString(item + "  ")
		room -= len(a) + 2
	}
	return b.String()
}
