package ui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/ui/common"
	"github.com/trail-dev/trail/ui/keys"
	"github.com/trail-dev/trail/ui/theme"
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
		return common.Plural(int(days), "day")
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
// action field while it has focus, and the error if any. When the pane is
// shorter than the form it scrolls to keep the focused field, with its hint
// or choices, on screen, and its title says which fields are shown.
func (f *filterPane) View(st *theme.Styles, height int, now time.Time) string {
	labels := [fieldCount]string{"since", "until", "actor", "action", "ip", "target", "text"}
	fields := [fieldCount]sources.Field{sources.FieldTime, sources.FieldTime, sources.FieldActor, sources.FieldAction, sources.FieldIP, sources.FieldTarget, sources.FieldText}
	var lines []string
	fieldAt := []int{} // the field each line belongs to; -1 for the footer
	focusFrom, focusTo := 0, 0
	for i := range f.inputs {
		if filterField(i) == f.focus {
			focusFrom = len(lines)
		}
		label := common.Pad(labels[i], 7)
		if filterField(i) == f.focus {
			label = st.Accent.Render("▸ " + label)
		} else {
			label = "  " + st.Muted.Render(label)
		}
		where := f.where(fields[i])
		whereP := st.OK
		if where == "client" {
			whereP = st.Warn
		}
		line := label + " " + whereP.Render(common.Pad(where, 6)) + " " + f.inputs[i].View()
		lines = append(lines, line)
		if filterField(i) <= fieldUntil {
			if hint := f.timeHint(filterField(i), now); hint != "" && filterField(i) == f.focus {
				lines = append(lines, strings.Repeat(" ", 18)+st.Muted.Render(hint))
			}
		}
		if filterField(i) == fieldAction && f.focus == fieldAction {
			lines = append(lines, f.choicesLine(st))
		}
		for len(fieldAt) < len(lines) {
			fieldAt = append(fieldAt, i)
		}
		if filterField(i) == f.focus {
			focusTo = len(lines) - 1
		}
	}
	if f.err != "" {
		lines = append(lines, "  "+st.Danger.Render(common.Clip(model.Sanitize(f.err), f.width-2)))
		focusTo = len(lines) - 1 // the error is what to read
	} else {
		lines = append(lines, "  "+st.Muted.Render(common.Clip("server: the provider filters · client: trail filters every page it fetches", f.width-2)))
	}
	fieldAt = append(fieldAt, -1)
	// Scroll the lines under the title so the focused field's are in view.
	room := max(height-1, 1)
	top := 0
	if len(lines) > room {
		top = common.Clamp(focusTo-room+1, 0, focusFrom)
		lines, fieldAt = lines[top:min(top+room, len(lines))], fieldAt[top:min(top+room, len(fieldAt))]
	}
	title := "── filter "
	if first, last := fieldAt[0], fieldAt[len(fieldAt)-1]; top > 0 || last != -1 {
		if last == -1 {
			last = int(fieldCount) - 1
		}
		title += "· fields " + common.Itoa(max(first, 0)+1) + "–" + common.Itoa(last+1) + " of " + common.Itoa(int(fieldCount)) + " "
	}
	title += strings.Repeat("─", max(f.width-ansi.StringWidth(title), 0))
	lines = append([]string{st.Accent.Render(common.Clip(title, f.width))}, lines...)
	return strings.Join(lines[:min(len(lines), max(height, 1))], "\n")
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

// choicesLine lists the action types matching what is typed, as many as
// fit on one line after how many match ("3 of 116"); it scrolls so the
// chosen one is always among those shown, marked.
func (f *filterPane) choicesLine(st *theme.Styles) string {
	indent := strings.Repeat(" ", min(18, max(f.width/3, 2)))
	m := f.matches()
	if len(m) == 0 {
		if len(f.actions) == 0 {
			return indent + st.Muted.Render(common.Clip("this source does not list its action types; type one", f.width-len(indent)))
		}
		return indent + st.Muted.Render(common.Clip("no known action type matches; it will still be used", f.width-len(indent)))
	}
	head := common.Itoa(len(m)) + " of " + common.Itoa(len(f.actions)) + " "
	if f.choice >= 0 {
		head = common.Itoa(f.choice+1) + "/" + common.Itoa(len(m)) + " of " + common.Itoa(len(f.actions)) + " "
	}
	room := f.width - len(indent) - len(head)
	names := make([]string, len(m))
	for i := range m {
		names[i] = model.Sanitize(m[i])
	}
	// The first shown: 0, or as late as needed for the choice to fit.
	fits := func(from, to int) bool {
		w := 0
		if from > 0 {
			w += 2 // "… "
		}
		for i := from; i <= to; i++ {
			w += ansi.StringWidth(names[i]) + 2
		}
		if to < len(names)-1 {
			w += len("…+") + len(common.Itoa(len(names)-1-to))
		}
		return w <= room
	}
	from := 0
	for f.choice >= 0 && from < f.choice && !fits(from, f.choice) {
		from++
	}
	var b strings.Builder
	b.WriteString(indent + st.Muted.Render(head))
	if from > 0 {
		b.WriteString(st.Muted.Render("… "))
	}
	shown := from
	for i := from; i < len(names); i++ {
		if i != f.choice && !fits(from, i) {
			break
		}
		if i == f.choice {
			b.WriteString(st.Selected.Render(common.Clip(names[i], max(room, 4))) + "  ")
		} else {
			b.WriteString(st.Muted.Render(names[i]) + "  ")
		}
		shown = i + 1
	}
	if shown < len(names) {
		b.WriteString(st.Muted.Render("…+" + common.Itoa(len(names)-shown)))
	}
	return common.Clip(b.String(), f.width)
}

// filterKeys are the bindings of the filter pane, for its help line.
type filterKeys struct {
	Next, Prev     key.Binding
	Choose, Choice key.Binding
	Apply, Cancel  key.Binding
	Clear          key.Binding
}

func defaultFilterKeys() filterKeys {
	return filterKeys{
		Next:   key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next field")),
		Prev:   key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous field")),
		Choice: key.NewBinding(key.WithKeys("down", "ctrl+n"), key.WithHelp("↓/↑", "choose action")),
		Choose: key.NewBinding(key.WithKeys("up", "ctrl+p")),
		Apply:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		Clear:  key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "clear all")),
	}
}

func (k filterKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Next, k.Choice, k.Apply, k.Cancel, k.Clear}
}

// FieldHelp is the hint line for the field with the focus: ↓/↑ choose an
// action type in the action field and move between fields elsewhere.
func (k filterKeys) FieldHelp(onAction bool) []key.Binding {
	if onAction {
		return k.ShortHelp()
	}
	return []key.Binding{k.Next, keys.WithDesc(k.Choice, "field"), k.Apply, k.Cancel, k.Clear}
}

func (k filterKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }
