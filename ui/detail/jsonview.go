package detail

import (
	"strings"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/ui/common"
	"github.com/trail-dev/trail/ui/theme"
)

// Limits of the raw JSON shown in the detail pane. Measuring text for the
// screen costs about a microsecond a byte, and an event is hostile input: a
// 4 KB body can nest 2,000 deep, a user agent can be 256 KiB. So the pane
// shows each value up to maxShownValue bytes, nesting up to maxJSONDepth, and
// the raw up to maxRawLines lines or maxRawShown bytes, each cut marked;
// `y` copies the whole raw JSON and `Y` any value whole.
const (
	maxShownValue = 1024
	maxJSONDepth  = 16
	maxRawLines   = 1000
	maxRawShown   = 16 << 10
)

// jsonView lays out one raw JSON value as indented, coloured lines, with
// what Y copies from each: a scalar line its value, an object or array line
// the whole object or array. It reads the raw once, front to back; past the
// limits it stops drawing and only reads on, to check the rest and to find
// where each open object ends.
type jsonView struct {
	s      string
	i      int
	st     *theme.Styles
	lines  []string
	copies []Copyable
	shown  int  // bytes of raw drawn so far
	full   bool // a limit was reached: nothing more is drawn
	hidden int  // lines not drawn
	bad    bool // the raw is not valid JSON
}

// prettyJSON lays raw out as lines of indented JSON and their copyables, or
// reports ok false when raw is not valid JSON.
func prettyJSON(raw string, st *theme.Styles) (lines []string, copies []Copyable, ok bool) {
	p := &jsonView{s: raw, st: st}
	p.space()
	p.value(0, "", "raw JSON")
	p.space()
	if p.bad || p.i != len(p.s) {
		return nil, nil, false
	}
	if p.hidden > 0 || p.full {
		p.lines = append(p.lines, p.st.Muted.Render("… "+common.Itoa(p.hidden)+" more lines not shown ("+
			common.HumanBytes(len(p.s))+" in all): y copies the whole raw JSON"))
		p.copies = append(p.copies, Copyable{"raw JSON", raw, CopyJSON})
	}
	return p.lines, p.copies, true
}

// emit adds one line of JSON drawn from n bytes of the raw, unless a limit
// has been reached; it returns the line's index, or -1.
func (p *jsonView) emit(line string, n int, c Copyable) int {
	if p.full || len(p.lines) >= maxRawLines || p.shown+n > maxRawShown && len(p.lines) > 0 {
		p.full = true
		p.hidden++
		return -1
	}
	p.shown += n
	p.lines = append(p.lines, line)
	p.copies = append(p.copies, c)
	return len(p.lines) - 1
}

// value reads the value at p.i and draws it at depth, after prefix (the
// indentation and a key). name is what the status line calls the value.
func (p *jsonView) value(depth int, prefix, name string) {
	if p.i >= len(p.s) {
		p.bad = true
		return
	}
	start := p.i
	switch c := p.s[p.i]; c {
	case '{', '[':
		if depth >= maxJSONDepth {
			end := skipJSON(p.s, p.i)
			if end < 0 {
				p.bad = true
				return
			}
			p.i = end
			open := "{…}"
			if c == '[' {
				open = "[…]"
			}
			p.emit(prefix+p.st.Muted.Render(open)+p.comma()+p.st.Escape.Render(" nested deeper than "+common.Itoa(maxJSONDepth)+": Y copies it"),
				16, Copyable{name, p.s[start:end], CopyJSON})
			return
		}
		p.container(depth, prefix, name)
	case '"':
		end := endOfString(p.s, p.i)
		if end < 0 {
			p.bad = true
			return
		}
		p.i = end
		p.emit(prefix+p.jsonString(p.s[start:end], p.st.JSONStr)+p.comma(), min(end-start, maxShownValue),
			Copyable{name, p.s[start:end], CopyJSONString})
	default:
		j := p.i
		for j < len(p.s) && strings.IndexByte("0123456789.eE+-truefalsn", p.s[j]) >= 0 {
			j++
		}
		tok := p.s[p.i:j]
		if !validScalar(tok) {
			p.bad = true
			return
		}
		p.i = j
		pt := p.st.JSONNum
		if c == 't' || c == 'f' || c == 'n' {
			pt = p.st.JSONLit
		}
		p.emit(prefix+pt.Render(model.Clip(tok, maxShownValue))+p.comma(), min(len(tok), maxShownValue), Copyable{name, tok, CopyText})
	}
}

// container draws the object or array at p.i: its opening line (which Y
// copies whole), its members one level in, and its closing line.
func (p *jsonView) container(depth int, prefix, name string) {
	start := p.i
	open := p.s[p.i]
	closer := byte('}')
	if open == '[' {
		closer = ']'
	}
	p.i++
	p.space()
	if p.i < len(p.s) && p.s[p.i] == closer {
		p.i++
		p.emit(prefix+p.st.Muted.Render(string(open)+string(closer))+p.comma(), 2, Copyable{name, p.s[start:p.i], CopyJSON})
		return
	}
	at := p.emit(prefix+p.st.Muted.Render(string(open)), 1, Copyable{})
	indent := strings.Repeat("  ", depth+1)
	for !p.bad {
		p.space()
		inner, innerName := indent, "JSON value"
		if open == '{' {
			if p.i >= len(p.s) || p.s[p.i] != '"' {
				p.bad = true
				return
			}
			end := endOfString(p.s, p.i)
			if end < 0 {
				p.bad = true
				return
			}
			key := p.s[p.i:end]
			p.i = end
			p.space()
			if p.i >= len(p.s) || p.s[p.i] != ':' {
				p.bad = true
				return
			}
			p.i++
			p.space()
			inner += p.jsonString(key, p.st.JSONKey) + p.st.Muted.Render(":") + " "
			innerName = keyName(key)
		}
		p.value(depth+1, inner, innerName)
		p.space()
		if p.i >= len(p.s) {
			p.bad = true
			return
		}
		if p.s[p.i] == ',' {
			p.i++
			continue
		}
		if p.s[p.i] != closer {
			p.bad = true
			return
		}
		p.i++
		break
	}
	if p.bad {
		return
	}
	if at >= 0 {
		p.copies[at] = Copyable{name, p.s[start:p.i], CopyJSON}
	}
	p.emit(strings.Repeat("  ", depth)+p.st.Muted.Render(string(closer))+p.comma(), 1, Copyable{})
}

// jsonString draws a JSON string token in paint, its escapes and any
// character Sanitize escapes marked, cut after maxShownValue bytes.
func (p *jsonView) jsonString(tok string, pt theme.Paint) string {
	more := ""
	if len(tok) > maxShownValue {
		more = p.st.Escape.Render(" " + common.HumanBytes(len(tok)-maxShownValue) + " more: Y copies it whole")
		tok = model.Clip(tok, maxShownValue)
	}
	if pt.On == "" {
		return common.Safe(tok, p.st, "") + more
	}
	return pt.On + common.Safe(tok, p.st, pt.On) + "\x1b[m" + more
}

// comma is the "," after a value when another follows it.
func (p *jsonView) comma() string {
	j := p.i
	for j < len(p.s) && isJSONSpace(p.s[j]) {
		j++
	}
	if j < len(p.s) && p.s[j] == ',' {
		return p.st.Muted.Render(",")
	}
	return ""
}

func (p *jsonView) space() {
	for p.i < len(p.s) && isJSONSpace(p.s[p.i]) {
		p.i++
	}
}

func isJSONSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// validScalar reports whether tok is a JSON number or literal.
func validScalar(tok string) bool {
	switch tok {
	case "true", "false", "null":
		return true
	case "":
		return false
	}
	i := 0
	if tok[i] == '-' {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(tok) && tok[i] >= '0' && tok[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if i < len(tok) && tok[i] == '0' {
		i++
	} else if digits() == 0 {
		return false
	}
	if i < len(tok) && tok[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(tok) && (tok[i] == 'e' || tok[i] == 'E') {
		i++
		if i < len(tok) && (tok[i] == '+' || tok[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(tok)
}

// keyName is an object key as the status line names it.
func keyName(tok string) string {
	s, _ := model.JSONText([]byte(model.Clip(tok, 64)))
	if s == "" {
		s = strings.Trim(model.Clip(tok, 64), `"`)
	}
	return `field "` + model.Sanitize(s) + `"`
}

// skipJSON returns the index just past the object or array at i, without
// drawing it, or -1 if it does not end. Strings are skipped whole, so their
// brackets do not count.
func skipJSON(s string, i int) int {
	depth := 0
	for ; i < len(s); i++ {
		switch s[i] {
		case '"':
			if i = endOfString(s, i) - 1; i < 0 {
				return -1
			}
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return i + 1
			}
		}
	}
	return -1
}

// endOfString returns the index just past the JSON string starting at i,
// or -1 when it does not end.
func endOfString(s string, i int) int {
	for j := i + 1; j < len(s); {
		k := strings.IndexByte(s[j:], '"')
		if k < 0 {
			return -1
		}
		j += k
		// The quote ends the string unless an odd run of backslashes escapes it.
		n := 0
		for b := j - 1; b > i && s[b] == '\\'; b-- {
			n++
		}
		if n%2 == 0 {
			return j + 1
		}
		j++
	}
	return -1
}
