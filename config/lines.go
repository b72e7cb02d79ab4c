package config

import (
	"slices"
	"strconv"
	"strings"
)

// lineIndex maps a key path, joined by keySep, to the line it is first
// written on. BurntSushi's MetaData knows where keys are but does not export
// it, and a message about a config file is only useful with a line number, so
// Load scans the text for itself. The text has already parsed, which keeps
// the scanner small: it need only find headers and keys, and skip values.
//
// Keys inside inline tables and arrays are not indexed; a lookup for one
// falls back to the key or header that contains it.
type lineIndex map[string]int

// keySep joins key paths in a lineIndex; it cannot occur in a TOML key
// without an escape, which the scanner has already decoded.
const keySep = "\x00"

// line returns the line of the key at path, or of its nearest indexed
// parent, or 0 if none is indexed.
func (ix lineIndex) line(path ...string) int {
	for n := len(path); n > 0; n-- {
		if l, ok := ix[strings.Join(path[:n], keySep)]; ok {
			return l
		}
	}
	return 0
}

// lineScanner walks TOML text statement by statement.
type lineScanner struct {
	src   string
	pos   int
	line  int
	table []string // path of the current [table] or [[array]] header
	index lineIndex
}

// indexLines scans src, which must be valid TOML, for its keys' lines.
func indexLines(src string) lineIndex {
	s := &lineScanner{src: src, line: 1, index: lineIndex{}}
	for s.pos < len(s.src) {
		start := s.pos
		s.statement()
		if s.pos == start { // not reachable with valid TOML; ensures progress
			s.pos++
		}
	}
	return s.index
}

// statement reads one header, key/value pair or comment.
func (s *lineScanner) statement() {
	s.skipBlank(true)
	if s.pos >= len(s.src) {
		return
	}
	switch s.src[s.pos] {
	case '#':
		s.skipLine()
	case '[':
		line := s.line
		s.pos++
		if s.peek() == '[' {
			s.pos++
		}
		s.table = s.keyPath()
		s.record(s.table, line)
		s.skipLine() // the closing brackets and any comment
	default:
		line := s.line
		keys := s.keyPath()
		if len(keys) == 0 || s.peek() != '=' {
			s.skipLine()
			return
		}
		s.pos++
		s.record(append(slices.Clone(s.table), keys...), line)
		s.value()
	}
}

// record notes line for path and each of its parents not yet seen, so a
// table made implicitly by a dotted key or header has a line too.
func (s *lineScanner) record(path []string, line int) {
	for n := 1; n <= len(path); n++ {
		k := strings.Join(path[:n], keySep)
		if _, seen := s.index[k]; !seen {
			s.index[k] = line
		}
	}
}

// keyPath reads a dotted key: a.b."c d".'e'.
func (s *lineScanner) keyPath() []string {
	var keys []string
	for {
		s.skipBlank(false)
		k, ok := s.keyPart()
		if !ok {
			return keys
		}
		keys = append(keys, k)
		s.skipBlank(false)
		if s.peek() != '.' {
			return keys
		}
		s.pos++
	}
}

// keyPart reads one bare or quoted key.
func (s *lineScanner) keyPart() (string, bool) {
	switch s.peek() {
	case '"':
		raw := s.quoted('"')
		if k, err := strconv.Unquote(`"` + raw + `"`); err == nil {
			return k, true
		}
		return raw, true
	case '\'':
		return s.quoted('\''), true
	}
	start := s.pos
	for s.pos < len(s.src) && isBareKeyByte(s.src[s.pos]) {
		s.pos++
	}
	return s.src[start:s.pos], s.pos > start
}

// isBareKeyByte reports whether c may appear in a bare key. Bytes of
// multi-byte characters count, for TOML 1.1's Unicode bare keys.
func isBareKeyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '_' || c == '-' || c >= 0x80
}

// value skips a value, which may span lines inside brackets, braces and
// multi-line strings, up to the end of its line.
func (s *lineScanner) value() {
	depth := 0
	for s.pos < len(s.src) {
		switch c := s.src[s.pos]; c {
		case '\n':
			if depth <= 0 {
				return
			}
			s.line++
			s.pos++
		case '#':
			s.skipLine()
		case '"', '\'':
			s.skipString(c)
		case '[', '{':
			depth++
			s.pos++
		case ']', '}':
			depth--
			s.pos++
		default:
			s.pos++
		}
	}
}

// skipString skips a string of any of TOML's four kinds, counting lines.
func (s *lineScanner) skipString(q byte) {
	delim := strings.Repeat(string(q), 3)
	if !strings.HasPrefix(s.src[s.pos:], delim) {
		s.quoted(q)
		return
	}
	s.pos += len(delim)
	for s.pos < len(s.src) {
		c := s.src[s.pos]
		switch {
		case c == '\\' && q == '"':
			s.pos++
			if s.pos < len(s.src) && s.src[s.pos] == '\n' {
				s.line++
			}
			s.pos++
		case c == '\n':
			s.line++
			s.pos++
		case strings.HasPrefix(s.src[s.pos:], delim):
			for s.pos < len(s.src) && s.src[s.pos] == q { // up to two quotes may end the content
				s.pos++
			}
			return
		default:
			s.pos++
		}
	}
}

// quoted reads a one-line string opened by q and returns its raw content.
func (s *lineScanner) quoted(q byte) string {
	s.pos++
	start := s.pos
	for s.pos < len(s.src) {
		switch c := s.src[s.pos]; {
		case c == '\\' && q == '"':
			s.pos = min(s.pos+2, len(s.src))
		case c == q:
			s.pos++
			return s.src[start : s.pos-1]
		case c == '\n':
			return s.src[start:s.pos]
		default:
			s.pos++
		}
	}
	return s.src[start:]
}

// skipBlank skips spaces and tabs, and newlines too if lines is set.
func (s *lineScanner) skipBlank(lines bool) {
	for s.pos < len(s.src) {
		switch s.src[s.pos] {
		case ' ', '\t', '\r':
		case '\n':
			if !lines {
				return
			}
			s.line++
		default:
			return
		}
		s.pos++
	}
}

// skipLine moves to the end of the line, leaving the newline.
func (s *lineScanner) skipLine() {
	if i := strings.IndexByte(s.src[s.pos:], '\n'); i >= 0 {
		s.pos += i
	} else {
		s.pos = len(s.src)
	}
}

// peek returns the byte at the cursor, or 0 at the end.
func (s *lineScanner) peek() byte {
	if s.pos < len(s.src) {
		return s.src[s.pos]
	}
	return 0
}
