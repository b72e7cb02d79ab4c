package ui

import (
	"bytes"
	"encoding/json"
	"strings"
)

// prettyJSON indents raw and colours it: keys, strings, numbers and literals
// each in their paint, every string sanitized with its escapes marked. Raw
// that is not valid JSON (an entry kept because it could not be read) is shown
// as sanitized text instead. It returns the plain lines too, line for line.
func prettyJSON(raw []byte, st *Styles) (plain, coloured []string) {
	var buf bytes.Buffer
	if err := json.Indent(&buf, raw, "", "  "); err != nil {
		plain = strings.Split(string(raw), "\n")
		coloured = make([]string, len(plain))
		for i, l := range plain {
			coloured[i] = safe(l, st, "")
		}
		return plain, coloured
	}
	plain = strings.Split(buf.String(), "\n")
	coloured = make([]string, len(plain))
	for i, l := range plain {
		coloured[i] = colourJSONLine(l, st)
	}
	return plain, coloured
}

// colourJSONLine colours one line of indented JSON. Indented output puts at
// most one key and one value on a line, so a line-local scan is enough.
func colourJSONLine(line string, st *Styles) string {
	var b strings.Builder
	b.Grow(len(line) + 32)
	for i := 0; i < len(line); {
		c := line[i]
		switch {
		case c == '"':
			j := endOfString(line, i)
			tok := line[i:j]
			p := st.JSONStr
			if isKey(line, j) {
				p = st.JSONKey
			}
			b.WriteString(p.on)
			b.WriteString(safe(tok, st, p.on))
			if p.on != "" {
				b.WriteString("\x1b[m")
			}
			i = j
		case c == '-' || (c >= '0' && c <= '9'):
			j := i + 1
			for j < len(line) && strings.IndexByte("0123456789.eE+-", line[j]) >= 0 {
				j++
			}
			b.WriteString(st.JSONNum.render(line[i:j]))
			i = j
		case c == 't' || c == 'f' || c == 'n':
			j := i
			for j < len(line) && line[j] >= 'a' && line[j] <= 'z' {
				j++
			}
			b.WriteString(st.JSONLit.render(line[i:j]))
			i = j
		case c == '{' || c == '}' || c == '[' || c == ']' || c == ':' || c == ',':
			b.WriteString(st.Muted.render(line[i : i+1]))
			i++
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

// endOfString returns the index just past the JSON string starting at i.
func endOfString(s string, i int) int {
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return len(s)
}

// isKey reports whether the string ending at j is an object key.
func isKey(s string, j int) bool {
	for ; j < len(s); j++ {
		switch s[j] {
		case ' ':
		case ':':
			return true
		default:
			return false
		}
	}
	return false
}
