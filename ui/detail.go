package ui

import (
	"bytes"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/ui/common"
	"github.com/trail-dev/trail/ui/theme"
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
	keyRaw        []byte // and its raw, compared rather than copied into key
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
func (d *detailPane) SetEvent(e *model.Event, loc *time.Location, st *theme.Styles) {
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
		prefix := st.Label.Render(common.Pad(label, 9)) + " "
		c := copyable{label, value, copyText}
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
		add(st.Label.Render(common.Pad("outcome", 9))+" "+st.Danger.Render("✗ failure"), copyable{"outcome", "failure", copyText})
	case model.OutcomeSuccess:
		add(st.Label.Render(common.Pad("outcome", 9))+" "+st.OK.Render("✓ success"), copyable{"outcome", "success", copyText})
	}
	field("id", e.ID)
	if len(e.Changes) > 0 {
		add("", copyable{})
		add(st.Header.Render("changes"), copyable{})
		side := func(v string, p theme.Paint) string {
			if v == "" {
				return st.Muted.Render("(none)")
			}
			return p.Render(common.Safe(model.Clip(v, maxShownValue), st, p.On))
		}
		for i, c := range e.Changes {
			if i == maxChanges {
				add(st.Muted.Render("  … "+common.Itoa(len(e.Changes)-i)+" more changes: y copies the raw JSON"), copyable{})
				break
			}
			line := "  " + st.JSONKey.Render(common.Safe(model.Clip(c.Field, 256), st, st.JSONKey.On)) + ": " +
				side(c.Before, st.Danger) + st.Muted.Render(" → ") + side(c.After, st.OK)
			for _, l := range strings.Split(ansi.Wrap(line, w, " ,"), "\n") {
				add(l, copyable{model.Sanitize(model.Clip(c.Field, 64)) + " (after)", c.After, copyText})
			}
		}
	}
	add("", copyable{})
	raw := string(e.Raw)
	add(st.Header.Render("raw")+st.Muted.Render("  (y copies it all)"), copyable{"raw JSON", raw, copyJSON})
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
func rawTextLines(raw string, st *theme.Styles) (lines []string, copies []copyable) {
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
			copies = append(copies, copyable{"raw text", raw, copyText})
			break
		}
		shown += min(len(line), maxShownValue)
		l := common.Safe(model.Clip(line, maxShownValue), st, "")
		if len(line) > maxShownValue {
			l += st.Escape.Render(" " + common.HumanBytes(len(line)-maxShownValue) + " more: Y copies it whole")
		}
		lines = append(lines, l)
		copies = append(copies, copyable{"line", line, copyText})
	}
	return lines, copies
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

func (d *detailPane) clampOffset() {
	d.offset = common.Clamp(d.offset, 0, max(len(d.lines)-d.bodyHeight(), 0))
}

// View draws the title rule and the visible lines.
func (d *detailPane) View(st *theme.Styles) string {
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

// rule is the title line: "── event 513 ───── 12–30 of 41 ──".
func (d *detailPane) rule(st *theme.Styles) string {
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
		right = " " + common.Itoa(d.offset+1) + "–" + common.Itoa(min(d.offset+h, len(d.lines))) + " of " + common.Itoa(len(d.lines)) + " ──"
	}
	fill := d.width - ansi.StringWidth(left) - ansi.StringWidth(right)
	if fill < 2 {
		return p.Render(common.Clip(left, d.width))
	}
	return p.Render(left + strings.Repeat("─", fill) + right)
}
