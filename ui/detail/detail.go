// Package detail is the detail pane: one event in full (its fields, any
// before → after changes, the raw JSON pretty-printed and coloured), a line
// cursor that picks what Y copies, and the copy kinds that keep a copy safe
// to paste. Its lines are cut once per event and width, within fixed bounds
// (a hostile event costs a frame what a small one does).
package detail

import (
	"bytes"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/ui/common"
	"github.com/trail-dev/trail/ui/keys"
	"github.com/trail-dev/trail/ui/theme"
)

// Model shows one event in full: the normalized fields, any before →
// after changes, then the provider's raw JSON, pretty-printed and coloured.
// Its lines are built when the event or the width changes, not per frame.
// With the keyboard, a line cursor picks what Y copies.
type Model struct {
	width, height int // outer size, title rule included
	lines         []string
	copies        []Copyable // what Y copies from each line; zero = nothing
	offset        int
	cursor        int // line the cursor is on, while focused
	focused       bool
	title         string
	key           string // identity of the event shown, to skip rebuilding
	keyRaw        []byte // and its raw, compared rather than copied into key
	full          bool   // full screen (enter), for the hint line
	keys          keys.KeyMap
	st            *theme.Styles
}

// New returns an empty pane that draws in st and scrolls with km's keys.
func New(km keys.KeyMap, st *theme.Styles) Model { return Model{keys: km, st: st} }

// SetSize gives the pane its cells, the title rule included; a new width
// cuts the lines again on the next SetEvent.
func (d *Model) SetSize(w, h int) {
	if w != d.width {
		d.key = "" // rewrap on the next SetEvent
	}
	d.width, d.height = w, h
	d.clampOffset()
}

// Focus gives the pane the keyboard: the line cursor shows, on the top line.
func (d *Model) Focus() { d.focused = true; d.cursor = d.offset }

// Blur takes the keyboard away.
func (d *Model) Blur() { d.focused = false }

// SetFull says whether the pane fills the screen (its hint line differs).
func (d *Model) SetFull(full bool) { d.full = full }

// Refresh makes the next SetEvent cut the lines again, even for the same
// event (a new theme or time zone).
func (d *Model) Refresh() { d.key = "" }

// Height is the pane's height, title rule included; 0 when it is not shown.
func (d *Model) Height() int { return d.height }

// Lines are the pane's lines as cut, for tests and the mouse.
func (d *Model) Lines() []string { return d.lines }

// Cursor is the line the cursor is on.
func (d *Model) Cursor() int { return d.cursor }

// Title names the event shown.
func (d *Model) Title() string { return d.title }

// Update scrolls the pane on a key: the line cursor moves and the view
// follows it. The pane asks nothing of the root.
func (d Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return d, nil
	}
	keys, page := &d.keys, max(d.bodyHeight()-1, 1)
	switch {
	case key.Matches(k, keys.Up):
		d.MoveCursor(-1)
	case key.Matches(k, keys.Down):
		d.MoveCursor(1)
	case key.Matches(k, keys.PageUp):
		d.MoveCursor(-page)
	case key.Matches(k, keys.PageDown):
		d.MoveCursor(page)
	case key.Matches(k, keys.HalfUp):
		d.MoveCursor(-page / 2)
	case key.Matches(k, keys.HalfDown):
		d.MoveCursor(page / 2)
	case key.Matches(k, keys.Top):
		d.MoveCursor(-len(d.lines))
	case key.Matches(k, keys.Bottom):
		d.MoveCursor(len(d.lines))
	}
	return d, nil
}

// ShortHelp is the hint line while the pane has the keyboard.
func (d Model) ShortHelp() []key.Binding { return d.keys.DetailHelp(d.full) }

// FullHelp groups the pane's keys.
func (d Model) FullHelp() [][]key.Binding { return [][]key.Binding{d.ShortHelp()} }

func (d *Model) bodyHeight() int { return max(d.height-1, 0) }

// SetEvent shows e (nil shows nothing). It keeps the scroll position when
// the same event is shown again.
func (d *Model) SetEvent(e *model.Event, loc *time.Location) {
	st := d.st
	if e == nil {
		d.lines, d.copies, d.title, d.key, d.keyRaw, d.offset, d.cursor = nil, nil, "", "", nil, 0, 0
		return
	}
	key := e.ID + "\x00" + e.Time.String()
	if key == d.key && bytes.Equal(e.Raw, d.keyRaw) {
		return
	}
	d.key, d.keyRaw, d.offset, d.cursor = key, e.Raw, 0, 0
	d.title = "event " + model.Sanitize(model.Clip(e.ID, 64))
	d.lines = make([]string, 0, 64)
	d.copies = make([]Copyable, 0, 64)
	add := func(line string, c Copyable) {
		d.lines = append(d.lines, line)
		d.copies = append(d.copies, c)
	}
	w := max(d.width-1, 10)
	field := func(label, value string) {
		if value == "" {
			return
		}
		prefix := st.Label.Render(common.Pad(label, 9)) + " "
		c := Copyable{label, value, CopyText}
		wrapped := strings.Split(ansi.Wrap(common.Safe(model.Clip(value, maxShownValue), st, ""), w-10, " /,;"), "\n")
		if len(value) > maxShownValue {
			wrapped = append(wrapped, st.Escape.Render(common.HumanBytes(len(value)-maxShownValue)+" more: Y copies it whole"))
		}
		for i, l := range wrapped {
			if i == 0 {
				add(prefix+l, c)
			} else {
				add(strings.Repeat(" ", 10)+l, c)
			}
		}
	}
	if src := e.Source; src != "" { // a merged view: which of its sources this came from
		if e.Provider != "" && e.Provider != src {
			src += " (" + e.Provider + ")"
		}
		field("source", src)
	}
	if !e.Time.IsZero() {
		t := e.Time.In(loc)
		v := t.Format("2006-01-02 15:04:05.000 MST")
		if _, off := t.Zone(); off != 0 {
			v += "  (" + e.Time.UTC().Format("15:04:05 UTC") + ")"
		}
		field("time", v)
	}
	field("action", e.Action)
	actor := e.Actor
	if e.ActorID != "" && e.ActorID != e.Actor {
		actor += "  (id " + e.ActorID + ")"
	}
	field("actor", actor)
	field("target", e.Target)
	field("summary", e.Summary)
	field("ip", e.IP)
	field("client", e.Client)
	field("location", e.Location)
	switch e.Outcome {
	case model.OutcomeFailure:
		add(st.Label.Render(common.Pad("outcome", 9))+" "+st.Danger.Render("✗ failure"), Copyable{"outcome", "failure", CopyText})
	case model.OutcomeSuccess:
		add(st.Label.Render(common.Pad("outcome", 9))+" "+st.OK.Render("✓ success"), Copyable{"outcome", "success", CopyText})
	}
	field("id", e.ID)
	if len(e.Changes) > 0 {
		add("", Copyable{})
		add(st.Header.Render("changes"), Copyable{})
		side := func(v string, p theme.Paint) string {
			if v == "" {
				return st.Muted.Render("(none)")
			}
			return p.Render(common.Safe(model.Clip(v, maxShownValue), st, p.On))
		}
		for i, c := range e.Changes {
			if i == maxChanges {
				add(st.Muted.Render("  … "+common.Itoa(len(e.Changes)-i)+" more changes: y copies the raw JSON"), Copyable{})
				break
			}
			line := "  " + st.JSONKey.Render(common.Safe(model.Clip(c.Field, 256), st, st.JSONKey.On)) + ": " +
				side(c.Before, st.Danger) + st.Muted.Render(" → ") + side(c.After, st.OK)
			for _, l := range strings.Split(ansi.Wrap(line, w, " ,"), "\n") {
				add(l, Copyable{model.Sanitize(model.Clip(c.Field, 64)) + " (after)", c.After, CopyText})
			}
		}
	}
	if c := e.Clipped; c != nil { // Raw is the entry's start: say where the rest is
		add("", Copyable{})
		add(st.Escape.Render(common.Safe(c.String(), st, st.Escape.On)),
			Copyable{"file", c.File, CopyText})
	}
	add("", Copyable{})
	raw := string(e.Raw)
	add(st.Header.Render("raw")+st.Muted.Render("  (y copies it all)"), Copyable{"raw JSON", raw, CopyJSON})
	lines, copies, ok := prettyJSON(raw, st)
	if !ok {
		lines, copies = rawTextLines(raw, st)
	}
	for i, l := range lines {
		for _, piece := range hangingWrap(l, w) {
			add(piece, copies[i])
		}
	}
}

// maxChanges is how many before → after changes the pane lists.
const maxChanges = 200

// rawTextLines shows raw that is not JSON (an entry kept because it could
// not be read) as sanitized text, line by line, within the same limits as
// JSON; Y copies a line as text.
func rawTextLines(raw string, st *theme.Styles) (lines []string, copies []Copyable) {
	shown := 0
	for rest := raw; rest != ""; {
		line := rest
		if i := strings.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			rest = ""
		}
		if len(lines) >= maxRawLines || shown >= maxRawShown {
			lines = append(lines, st.Muted.Render("… the rest ("+common.HumanBytes(len(rest)+len(line))+") is not shown: y copies it all"))
			copies = append(copies, Copyable{"raw text", raw, CopyText})
			break
		}
		shown += min(len(line), maxShownValue)
		l := common.Safe(model.Clip(line, maxShownValue), st, "")
		if len(line) > maxShownValue {
			l += st.Escape.Render(" " + common.HumanBytes(len(line)-maxShownValue) + " more: Y copies it whole")
		}
		lines = append(lines, l)
		copies = append(copies, Copyable{"line", line, CopyText})
	}
	return lines, copies
}

// Selection is what Y copies while the pane has the keyboard.
func (d *Model) Selection() Copyable {
	if d.cursor >= 0 && d.cursor < len(d.copies) {
		return d.copies[d.cursor]
	}
	return Copyable{}
}

// MoveCursor moves the line cursor by n and scrolls to keep it in view.
func (d *Model) MoveCursor(n int) {
	d.cursor = common.Clamp(d.cursor+n, 0, max(len(d.lines)-1, 0))
	h := d.bodyHeight()
	if d.cursor < d.offset {
		d.offset = d.cursor
	}
	if d.cursor >= d.offset+h {
		d.offset = d.cursor - h + 1
	}
	d.clampOffset()
}

// hangingWrap cuts a line of indented JSON into pieces of w cells, indenting
// the continuations under the value so the structure stays readable. It cuts
// at cell boundaries and keeps every character, so the raw text shown is
// exactly the provider's. It reads the line once: the colour in force at a
// cut is ended there and taken up again on the next piece.
func hangingWrap(l string, w int) []string {
	if len(l) <= w || w < 4 { // a cell takes at least a byte
		return []string{l}
	}
	indent := len(l) - len(strings.TrimLeft(l, " ")) + 2
	if indent > w/2 {
		indent = 2
	}
	var out []string
	var b strings.Builder
	active := "" // colour sequences since the last reset
	col := 0
	for i := 0; i < len(l); {
		if l[i] == 0x1b { // one of trail's own colour sequences
			j := i + 1
			if j < len(l) && l[j] == '[' {
				for j++; j < len(l) && (l[j] < 0x40 || l[j] > 0x7e); j++ {
				}
			}
			j = min(j+1, len(l))
			seq := l[i:j]
			if seq == "\x1b[m" || seq == "\x1b[0m" {
				active = ""
			} else {
				active += seq
			}
			b.WriteString(seq)
			i = j
			continue
		}
		cluster, cw := l[i:i+1], 1
		if l[i] >= 0x80 || i+1 < len(l) && l[i+1] >= 0x80 {
			cluster, cw = ansi.FirstGraphemeCluster(l[i:], ansi.GraphemeWidth)
		}
		if col+cw > w && col > 0 {
			if active != "" {
				b.WriteString(ansi.ResetStyle)
			}
			out = append(out, b.String())
			b.Reset()
			b.WriteString(strings.Repeat(" ", indent))
			b.WriteString(active)
			col = indent
		}
		b.WriteString(cluster)
		col += cw
		i += len(cluster)
	}
	return append(out, b.String())
}

func (d *Model) clampOffset() {
	d.offset = common.Clamp(d.offset, 0, max(len(d.lines)-d.bodyHeight(), 0))
}

// View draws the title rule and the visible lines.
func (d Model) View() string {
	st := d.st
	var b strings.Builder
	b.WriteString(d.rule(st))
	h := d.bodyHeight()
	for i := d.offset; i < d.offset+h; i++ {
		b.WriteByte('\n')
		if i >= len(d.lines) {
			continue
		}
		if d.focused && i == d.cursor {
			b.WriteString(st.Accent.Render("▸"))
		} else {
			b.WriteByte(' ')
		}
		b.WriteString(d.lines[i])
	}
	return b.String()
}

// rule is the title line: "── event 513 ───── 12–30 of 41 ──", heavy and
// badged when the pane has the keyboard.
func (d *Model) rule(st *theme.Styles) string {
	title := d.title
	if title == "" {
		title = "no event selected"
	}
	right := ""
	if h := d.bodyHeight(); len(d.lines) > h && h > 0 {
		right = common.Itoa(d.offset+1) + "–" + common.Itoa(min(d.offset+h, len(d.lines))) + " of " + common.Itoa(len(d.lines))
	}
	return common.TitleRule(st, title, right, d.width, d.focused)
}
