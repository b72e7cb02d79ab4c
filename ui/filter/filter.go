// Package filter is the filter pane: a query line at the top (model's query
// language) over a form for its plain parts (a time range, actor, action,
// IP, target and free text), two views of one query kept in step as either
// is typed in. Each field, and each term of the line, is marked with where
// it runs: at the provider (server) or over every page trail fetches
// (client). The line recalls recent queries with ↑ and offers the saved
// ones with ctrl+o. Its keys are its own; Update says whether the root must
// apply the query, close the pane, or do nothing.
package filter

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

// Field indexes the filter pane's inputs, in the order shown.
type Field int

const (
	FieldQuery Field = iota // the query line
	FieldSince
	FieldUntil
	FieldActor
	FieldAction
	FieldIP
	FieldTarget
	FieldText
	fieldCount
)

// Outcome is what a key in the pane asks the root to do.
type Outcome int

const (
	Stay Outcome = iota
	Apply
	Cancel
)

// Model edits the query: a time range, actor, action and free text, each
// marked with where it runs (server-side at the provider, or client-side over
// every page fetched).
type Model struct {
	inputs  [fieldCount]textinput.Model
	focus   Field
	keys    KeyMap
	caps    sources.Capabilities
	actions []string // action types to choose from
	choice  int      // index into matches() of the highlighted action; -1 none
	typed   string   // what the user typed in the action field, before choosing
	err     string   // why the query cannot be applied
	width   int
	height  int
	loc     *time.Location
	st      *theme.Styles
	now     func() time.Time // the clock the time hints read

	terms      []model.Term // the line's terms the form has no field for
	actorExact bool         // the actor is an equality (actor:x), not a part (actor~x)
	lineErr    bool         // err is the query line's, said as it is typed
	history    []string     // recent query lines, oldest first
	histAt     int          // how far back ↑ has gone in history; 0 = the line being typed
	draft      string       // the line being typed, while ↑ shows older ones
	saved      []Saved      // the saved queries, for ctrl+o
	savedAt    int          // the saved query shown, from 1; 0 = none
}

// New returns the pane for a source's capabilities, drawn in st; now is the
// clock its time hints ("24h" is since ...) are read against.
func New(caps sources.Capabilities, st *theme.Styles, now func() time.Time) Model {
	f := Model{keys: DefaultKeyMap(), caps: caps, choice: -1, st: st, now: now}
	f.actions = append(f.actions, caps.Actions...)
	placeholders := [fieldCount]string{
		"e.g. outcome:failure -actor:svc-backup ip:203.0.113.0/24 since:7d",
		"e.g. 24h, 7d, 2026-11-20 or 2026-11-20T09:00:00Z",
		"empty = now",
		"user name, e-mail or id (substring)",
		"action type (exact); ↓ to choose",
		"client IP address (exact)",
		"target object (exact)",
		"any text in the event (substring)",
	}
	if last, whose, ok := common.DefaultWindow(caps); ok {
		placeholders[FieldSince] = "empty = " + whose + ": " + last
	}
	if caps.ActionRequired {
		placeholders[FieldAction] = "empty = the source's configured type; ↓ to choose"
	}
	for i := range f.inputs {
		in := textinput.New()
		in.Prompt = ""
		in.Placeholder = placeholders[i]
		in.CharLimit = 256
		in.SetStyles(st.Input)
		f.inputs[i] = in
	}
	f.inputs[FieldQuery].CharLimit = maxLine
	return f
}

// Restyle redraws the inputs in the pane's styles, after a change of theme.
func (f *Model) Restyle() {
	for i := range f.inputs {
		f.inputs[i].SetStyles(f.st.Input)
	}
}

// SetActions adds action types listed by the source at run time.
func (f *Model) SetActions(actions []string) {
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

// SetSize gives the pane its cells: the inputs are as wide as the screen
// allows, and the form scrolls within h lines.
func (f *Model) SetSize(w, h int) {
	f.width, f.height = w, h
	for i := range f.inputs {
		f.inputs[i].SetWidth(max(w-24, 10))
	}
}

// Open fills the inputs from q and focuses the first one.
func (f *Model) Open(q model.Query, loc *time.Location) tea.Cmd {
	f.loc = loc
	f.err, f.choice = "", -1
	f.inputs[FieldSince].SetValue(f.timeText(q.Since, q.SinceText))
	f.inputs[FieldUntil].SetValue(f.timeText(q.Until, q.UntilText))
	f.inputs[FieldActor].SetValue(q.Actor)
	f.inputs[FieldAction].SetValue(q.Action)
	f.inputs[FieldIP].SetValue(q.IP)
	f.inputs[FieldTarget].SetValue(q.Target)
	f.inputs[FieldText].SetValue(q.Text)
	f.terms, f.actorExact, f.lineErr = q.Terms, q.ActorExact, false
	f.histAt, f.savedAt = 0, 0
	f.syncFromForm()
	for i := range f.inputs {
		f.inputs[i].CursorEnd()
	}
	return f.focusField(FieldQuery)
}

func (f *Model) focusField(i Field) tea.Cmd {
	for j := range f.inputs {
		f.inputs[j].Blur()
	}
	f.focus = (i + fieldCount) % fieldCount
	f.choice = -1
	return f.inputs[f.focus].Focus()
}

// Query reads the query line, which the form keeps in step; times are
// read in the pane's location, ages relative to now.
func (f *Model) Query(now time.Time) (model.Query, error) {
	q, err := model.ParseQuery(f.inputs[FieldQuery].Value(), now, f.loc)
	if err != nil {
		return q, err
	}
	if !q.Since.IsZero() && !q.Until.IsZero() && !q.Since.Before(q.Until) {
		return q, fieldErr("until", errString("must be after since"))
	}
	return q, nil
}

type errString string

func (e errString) Error() string { return string(e) }

func fieldErr(field string, err error) error { return errString(field + ": " + err.Error()) }

// matches returns the action types that contain what is typed in the action field.
func (f *Model) matches() []string {
	typed := strings.TrimSpace(f.inputs[FieldAction].Value())
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
func (f Model) Update(msg tea.Msg, now time.Time) (Model, tea.Cmd, Outcome) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		var cmd tea.Cmd
		f.inputs[f.focus], cmd = f.inputs[f.focus].Update(msg)
		return f, cmd, Stay
	}
	switch {
	case key.Matches(k, f.keys.Cancel):
		return f, nil, Cancel
	case key.Matches(k, f.keys.Apply):
		if _, err := f.Query(now); err != nil {
			f.err = err.Error()
			return f, nil, Stay
		}
		return f, nil, Apply
	case key.Matches(k, f.keys.Next):
		return f, f.focusField(f.focus + 1), Stay
	case key.Matches(k, f.keys.Prev):
		return f, f.focusField(f.focus - 1), Stay
	case key.Matches(k, f.keys.Clear):
		for i := range f.inputs {
			f.inputs[i].SetValue("")
		}
		f.err, f.terms, f.actorExact, f.lineErr, f.savedAt = "", nil, false, false, 0
		return f, nil, Stay
	case key.Matches(k, f.keys.Saved):
		f.nextSaved()
		return f, nil, Stay
	case f.focus == FieldQuery && key.Matches(k, f.keys.Choice, f.keys.Choose):
		f.recall(key.Matches(k, f.keys.Choose))
		return f, nil, Stay
	case f.focus == FieldAction && key.Matches(k, f.keys.Choice, f.keys.Choose):
		if f.choice < 0 {
			f.typed = strings.TrimSpace(f.inputs[FieldAction].Value())
		}
		if m := f.matches(); len(m) > 0 {
			if key.Matches(k, f.keys.Choice) {
				f.choice = (f.choice + 1) % len(m)
			} else {
				f.choice = (max(f.choice, 0) - 1 + len(m)) % len(m)
			}
			f.inputs[FieldAction].SetValue(m[f.choice])
			f.inputs[FieldAction].CursorEnd()
			f.syncFromForm()
		}
		return f, nil, Stay
	case key.Matches(k, f.keys.Choice):
		return f, f.focusField(f.focus + 1), Stay
	case key.Matches(k, f.keys.Choose):
		return f, f.focusField(f.focus - 1), Stay
	}
	var cmd tea.Cmd
	before := f.inputs[f.focus].Value()
	f.inputs[f.focus], cmd = f.inputs[f.focus].Update(msg)
	if f.inputs[f.focus].Value() != before {
		f.err = ""
		f.edited(f.focus)
	}
	return f, cmd, Stay
}

// where says where a field is applied, for its label.
func (f *Model) where(fl sources.Field) string {
	if f.caps.Server(fl) {
		return "server"
	}
	return "client"
}

// View draws the form: one line per field, the action choices under the
// action field while it has focus, and the error if any. When the pane is
// shorter than the form it scrolls to keep the focused field, with its hint
// or choices, on screen, and its title says which fields are shown.
func (f *Model) View() string {
	st, height, now := f.st, f.height, f.now()
	labels := [fieldCount]string{"query", "since", "until", "actor", "action", "ip", "target", "text"}
	fields := [fieldCount]sources.Field{0, sources.FieldTime, sources.FieldTime, sources.FieldActor, sources.FieldAction, sources.FieldIP, sources.FieldTarget, sources.FieldText}
	var lines []string
	fieldAt := []int{} // the field each line belongs to; -1 for the footer
	focusFrom, focusTo := 0, 0
	for i := range f.inputs {
		if Field(i) == f.focus {
			focusFrom = len(lines)
		}
		label := common.Pad(labels[i], 7)
		if Field(i) == f.focus {
			label = st.Accent.Render("▸ " + label)
		} else {
			label = "  " + st.Muted.Render(label)
		}
		where := f.where(fields[i])
		whereP := st.OK
		if where == "client" {
			whereP = st.Warn
		}
		if Field(i) == FieldQuery {
			where, whereP = "", st.Muted // each term is marked on the line below
		}
		line := label + " " + whereP.Render(common.Pad(where, 6)) + " " + f.inputs[i].View()
		lines = append(lines, line)
		if Field(i) == FieldQuery {
			if f.savedAt > 0 {
				lines = append(lines, f.savedLine())
			} else {
				lines = append(lines, f.termsLine())
			}
		}
		if Field(i) == FieldSince || Field(i) == FieldUntil {
			if hint := f.timeHint(Field(i), now); hint != "" && Field(i) == f.focus {
				lines = append(lines, strings.Repeat(" ", 18)+st.Muted.Render(hint))
			}
		}
		if Field(i) == FieldAction && f.focus == FieldAction {
			lines = append(lines, f.choicesLine(st))
		}
		for len(fieldAt) < len(lines) {
			fieldAt = append(fieldAt, i)
		}
		if Field(i) == f.focus {
			focusTo = len(lines) - 1
		}
	}
	if f.err != "" {
		// Wrapped, never cut: the error says what to type instead.
		for _, l := range common.WrapAtSpaces(model.Sanitize(f.err), f.width-2) {
			lines = append(lines, "  "+st.Danger.Render(l))
		}
		if !f.lineErr {
			focusTo = len(lines) - 1 // the error is what to read
		}
	} else {
		lines = append(lines, "  "+st.Muted.Render(common.Clip("server: the provider filters · client: trail filters every page it fetches", f.width-2)))
	}
	for len(fieldAt) < len(lines) {
		fieldAt = append(fieldAt, -1) // the error or the legend
	}
	// Scroll the lines under the title so the focused field's are in view.
	room := max(height-1, 1)
	top := 0
	if len(lines) > room {
		top = common.Clamp(focusTo-room+1, 0, focusFrom)
		lines, fieldAt = lines[top:min(top+room, len(lines))], fieldAt[top:min(top+room, len(fieldAt))]
	}
	right := ""
	if first, last := fieldAt[0], fieldAt[len(fieldAt)-1]; top > 0 || last != -1 {
		if last == -1 {
			last = int(fieldCount) - 1
		}
		right = "fields " + common.Itoa(max(first, 0)+1) + "–" + common.Itoa(last+1) + " of " + common.Itoa(int(fieldCount))
	}
	// The filter has the keyboard whenever it is shown.
	lines = append([]string{common.TitleRule(st, "filter", right, f.width, true)}, lines...)
	return strings.Join(lines[:min(len(lines), max(height, 1))], "\n")
}

// timeHint shows what a time field means once parsed.
func (f *Model) timeHint(i Field, now time.Time) string {
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
func (f *Model) choicesLine(st *theme.Styles) string {
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

// KeyMap is the pane's keys, for its Update and its hint line.
type KeyMap struct {
	Next, Prev     key.Binding
	Choose, Choice key.Binding
	Apply, Cancel  key.Binding
	Clear          key.Binding
	Saved          key.Binding // the next saved query, into the line
}

func DefaultKeyMap() KeyMap {
	return KeyMap{
		Next:   key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next field")),
		Prev:   key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous field")),
		Choice: key.NewBinding(key.WithKeys("down", "ctrl+n"), key.WithHelp("↓/↑", "choose action")),
		Choose: key.NewBinding(key.WithKeys("up", "ctrl+p")),
		Apply:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		Clear:  key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "clear all")),
		Saved:  key.NewBinding(key.WithKeys("ctrl+o"), key.WithHelp("ctrl+o", "saved queries")),
	}
}

// ShortHelp lists the pane's keys.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Next, k.Choice, k.Apply, k.Cancel, k.Clear}
}

// FieldHelp is the hint line for the field with the focus: ↓/↑ choose an
// action type in the action field, recall recent queries in the query line
// and move between fields elsewhere.
func (k KeyMap) FieldHelp(focus Field) []key.Binding {
	switch focus {
	case FieldAction:
		return k.ShortHelp()
	case FieldQuery:
		return []key.Binding{k.Next, keys.WithDesc(k.Choice, "recent"), k.Saved, k.Apply, k.Cancel, k.Clear}
	}
	return []key.Binding{k.Next, keys.WithDesc(k.Choice, "field"), k.Apply, k.Cancel, k.Clear}
}

// FullHelp groups the pane's keys.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{k.ShortHelp(), {keys.WithDesc(k.Choice, "recent queries (query line)"), k.Saved}}
}

// ShortHelp is the hint line for the field with the focus.
func (f *Model) ShortHelp() []key.Binding { return f.keys.FieldHelp(f.focus) }

// FullHelp groups the pane's keys.
func (f *Model) FullHelp() [][]key.Binding { return f.keys.FullHelp() }

// Height is the lines the whole form wants: its fields, title, the query
// line's terms, action choices, and the note or error.
const Height = int(fieldCount) + 5

// Value is what is typed in field i.
func (f *Model) Value(i Field) string { return f.inputs[i].Value() }

// SetValue types v into field i, as typing it would: the other view of
// the query follows.
func (f *Model) SetValue(i Field, v string) {
	f.inputs[i].SetValue(v)
	f.edited(i)
}

// Err is why the fields cannot be applied as typed, or "".
func (f *Model) Err() string { return f.err }
