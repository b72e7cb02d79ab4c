package ui

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/trail-dev/trail/model"
)

// detailPane shows one event in full: the normalized fields, any before →
// after changes, then the provider's raw JSON, pretty-printed and coloured.
// Its lines are built when the event or the width changes, not per frame.
// With the keyboard, a line cursor picks what Y copies.
type detailPane struct {
	width, height int // outer size, title rule included
	lines         []string
	copies        []copyable // what Y copies from each line; zero = nothing
	offset        int
	cursor        int // line the cursor is on, while focused
	focused       bool
	title         string
	key           string // identity of the event shown, to skip rebuilding
}

// copyable is a value Y can copy, and its name for the status line.
type copyable struct {
	name, value string
}

func (d *detailPane) SetSize(w, h int) {
	if w != d.width {
		d.key = "" // rewrap on the next SetEvent
	}
	d.width, d.height = w, h
	d.clampOffset()
}

func (d *detailPane) Focus() { d.focused = true; d.cursor = d.offset }
func (d *detailPane) Blur()  { d.focused = false }

func (d *detailPane) bodyHeight() int { return max(d.height-1, 0) }

// SetEvent shows e (nil shows nothing). It keeps the scroll position when
// the same event is shown again.
func (d *detailPane) SetEvent(e *model.Event, loc *time.Location, st *Styles) {
	if e == nil {
		d.lines, d.copies, d.title, d.key, d.offset, d.cursor = nil, nil, "", "", 0, 0
		return
	}
	key := e.ID + "\x00" + e.Time.String() + "\x00" + string(e.Raw)
	if key == d.key {
		return
	}
	d.key, d.offset, d.cursor = key, 0, 0
	d.title = "event " + model.Sanitize(e.ID)
	d.lines = make([]string, 0, 64)
	d.copies = make([]copyable, 0, 64)
	add := func(line string, c copyable) {
		d.lines = append(d.lines, line)
		d.copies = append(d.copies, c)
	}
	w := max(d.width-1, 10)
	field := func(label, value string) {
		if value == "" {
			return
		}
		prefix := st.Label.render(pad(label, 9)) + " "
		wrapped := strings.Split(ansi.Wrap(safe(value, st, ""), w-10, " /,;"), "\n")
		for i, l := range wrapped {
			if i == 0 {
				add(prefix+l, copyable{label, value})
			} else {
				add(strings.Repeat(" ", 10)+l, copyable{label, value})
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
		add(st.Label.render(pad("outcome", 9))+" "+st.Danger.render("✗ failure"), copyable{"outcome", "failure"})
	case model.OutcomeSuccess:
		add(st.Label.render(pad("outcome", 9))+" "+st.OK.render("✓ success"), copyable{"outcome", "success"})
	}
	field("id", e.ID)
	if len(e.Changes) > 0 {
		add("", copyable{})
		add(st.Header.render("changes"), copyable{})
		side := func(v string, p paint) string {
			if v == "" {
				return st.Muted.render("(none)")
			}
			return p.render(safe(v, st, p.on))
		}
		for _, c := range e.Changes {
			line := "  " + st.JSONKey.render(safe(c.Field, st, st.JSONKey.on)) + ": " +
				side(c.Before, st.Danger) + st.Muted.render(" → ") + side(c.After, st.OK)
			for _, l := range strings.Split(ansi.Wrap(line, w, " ,"), "\n") {
				add(l, copyable{c.Field + " (after)", c.After})
			}
		}
	}
	add("", copyable{})
	add(st.Header.render("raw")+st.Muted.render("  (y copies it all)"), copyable{"raw JSON", string(e.Raw)})
	plain, coloured := prettyJSON(e.Raw, st)
	for i, l := range coloured {
		c := jsonLineValue(plain[i])
		for _, piece := range hangingWrap(l, w) {
			add(piece, c)
		}
	}
}

// jsonLineValue is what Y copies from a line of indented JSON: the value of
// a "key": value line (a string unquoted), or the line itself.
func jsonLineValue(line string) copyable {
	t := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(line), ","))
	if t == "" || t == "{" || t == "}" || t == "[" || t == "]" {
		return copyable{}
	}
	if strings.HasPrefix(t, `"`) {
		if j := endOfString(t, 0); j < len(t) && isKey(t, j) {
			var k string
			_ = json.Unmarshal([]byte(t[:j]), &k)
			v := strings.TrimSpace(t[strings.IndexByte(t[j:], ':')+j+1:])
			var s string
			if json.Unmarshal([]byte(v), &s) == nil {
				return copyable{k, s}
			}
			return copyable{k, v}
		}
	}
	return copyable{"JSON value", t}
}

// selection is what Y copies while the pane has the keyboard.
func (d *detailPane) selection() copyable {
	if d.cursor >= 0 && d.cursor < len(d.copies) {
		return d.copies[d.cursor]
	}
	return copyable{}
}

// moveCursor moves the line cursor by n and scrolls to keep it in view.
func (d *detailPane) moveCursor(n int) {
	d.cursor = clampInt(d.cursor+n, 0, max(len(d.lines)-1, 0))
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
// exactly the provider's.
func hangingWrap(l string, w int) []string {
	total := ansi.StringWidth(l)
	if total <= w || w < 4 {
		return []string{l}
	}
	indent := len(l) - len(strings.TrimLeft(l, " ")) + 2
	if indent > w/2 {
		indent = 2
	}
	out := []string{ansi.Cut(l, 0, w)}
	for at := w; at < total; at += w - indent {
		out = append(out, strings.Repeat(" ", indent)+ansi.Cut(l, at, min(at+w-indent, total)))
	}
	return out
}

func (d *detailPane) clampOffset() {
	d.offset = clampInt(d.offset, 0, max(len(d.lines)-d.bodyHeight(), 0))
}

// View draws the title rule and the visible lines.
func (d *detailPane) View(st *Styles) string {
	var b strings.Builder
	b.WriteString(d.rule(st))
	h := d.bodyHeight()
	for i := d.offset; i < d.offset+h; i++ {
		b.WriteByte('\n')
		if i >= len(d.lines) {
			continue
		}
		if d.focused && i == d.cursor {
			b.WriteString(st.Accent.render("▸"))
		} else {
			b.WriteByte(' ')
		}
		b.WriteString(d.lines[i])
	}
	return b.String()
}

// rule is the title line: "── event 513 ───── 12–30 of 41 ──".
func (d *detailPane) rule(st *Styles) string {
	p := st.Muted
	if d.focused {
		p = st.Accent
	}
	title := d.title
	if title == "" {
		title = "no event selected"
	}
	left := "── " + title + " "
	right := ""
	if h := d.bodyHeight(); len(d.lines) > h && h > 0 {
		right = " " + itoa(d.offset+1) + "–" + itoa(min(d.offset+h, len(d.lines))) + " of " + itoa(len(d.lines)) + " ──"
	}
	fill := d.width - ansi.StringWidth(left) - ansi.StringWidth(right)
	if fill < 2 {
		return p.render(clip(left, d.width))
	}
	return p.render(left + strings.Repeat("─", fill) + right)
}
