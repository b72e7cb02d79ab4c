package config

import (
	"errors"
	"fmt"
	"io/fs"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// Error is a problem with the config file, told so the user can fix it: the
// file, the line, what is wrong and what to do. Msg never holds a secret's
// value: messages name keys and references, never what a key is set to when
// that could be a secret.
type Error struct {
	// Path is the file as shown to the user, with the home directory as ~.
	Path string
	// Line is the 1-based line of the problem, 0 if it is not on one line.
	Line int
	// Msg says what is wrong and how to fix it.
	Msg string
	// Help is longer guidance for some TOML syntax errors, several lines, or
	// "". It is kept out of Error() so that a report stays one line.
	Help string
	// Err is the underlying error, if any: the *fs.PathError of a file that
	// could not be read (so errors.Is(err, fs.ErrNotExist) works), or the
	// toml.ParseError of a syntax error. Print Error(), not Err: toml's
	// ErrorWithPosition quotes the file, which may hold a literal secret.
	Err error
}

// Error returns "path:line: msg", or "path: msg" when there is no line.
func (e *Error) Error() string {
	switch {
	case e.Path == "":
		return e.Msg
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	default:
		return e.Path + ": " + e.Msg
	}
}

// Unwrap exposes the underlying error to errors.Is and errors.As.
func (e *Error) Unwrap() error { return e.Err }

// errorf makes an *Error about f at line.
func (f *File) errorf(line int, format string, args ...any) *Error {
	return &Error{Path: f.display, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// errAt makes an *Error on the line where the key at path is written.
func (f *File) errAt(path []string, format string, args ...any) *Error {
	return f.errorf(f.lines.line(path...), format, args...)
}

// readError reports a file Load could not read. A missing file keeps
// fs.ErrNotExist reachable so main can fall back to the demo.
func readError(display string, err error) *Error {
	if errors.Is(err, fs.ErrNotExist) {
		return &Error{Path: display, Msg: "no config file here; create one (trail --help shows a minimal one) or pass --config FILE", Err: err}
	}
	cause := err
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		cause = pe.Err
	}
	return &Error{Path: display, Msg: "cannot read the config file: " + cause.Error(), Err: err}
}

// syntaxError reports a TOML syntax error at its line. toml quotes pieces
// of the input in its messages ("expected value but found \"hunter\""), and
// an unquoted literal token is a likely mistake, so any quoted piece that
// comes from the value side of the bad line is hidden.
func syntaxError(display, src string, err error) *Error {
	pe, ok := errors.AsType[toml.ParseError](err)
	if !ok {
		return &Error{Path: display, Msg: "invalid TOML", Err: err}
	}
	line := pe.Position.Line
	value := "" // the bad line after its "=", or all of it inside a multi-line value
	if lines := strings.Split(src, "\n"); line >= 1 && line <= len(lines) {
		value = lines[line-1]
		if _, v, found := strings.Cut(value, "="); found {
			value = v
		} else if strings.HasPrefix(strings.TrimSpace(value), "[") {
			value = "" // a table header holds only names
		}
	}
	msg := hideQuoted(pe.Message, value)
	if strings.HasPrefix(pe.Message, "expected value but found") {
		msg += `; strings need quotes, as in key = "value"`
	}
	help := ""
	if full := pe.ErrorWithUsage(); strings.Contains(full, "Error help:") {
		_, help, _ = strings.Cut(full, "Error help:")
		help = strings.TrimSpace(help)
	}
	return &Error{Path: display, Line: line, Msg: "invalid TOML: " + msg, Help: help, Err: pe}
}

// hideQuoted replaces each quoted piece of msg ('x' or "x", as toml
// quotes them) that occurs in value with "(value hidden)". Single characters
// stay: "but got '=' instead" is useful and reveals nothing.
func hideQuoted(msg, value string) string {
	var b strings.Builder
	for i := 0; i < len(msg); i++ {
		q := msg[i]
		if q != '"' && q != '\'' {
			b.WriteByte(q)
			continue
		}
		end := i + 1
		for end < len(msg) && msg[end] != q {
			if q == '"' && msg[end] == '\\' {
				end++
			}
			end++
		}
		if end >= len(msg) { // unbalanced: keep the rest as it is
			b.WriteString(msg[i:])
			break
		}
		piece := msg[i : end+1]
		inner := piece[1 : len(piece)-1]
		if u, err := strconv.Unquote(piece); err == nil && q == '"' {
			inner = u
		}
		if len(inner) > 1 && strings.Contains(value, inner) {
			piece = "(value hidden)"
		}
		b.WriteString(piece)
		i = end
	}
	return b.String()
}

// didYouMean suggests the candidate nearest to word, if one is close enough
// to be a typo, as ` (did you mean "x"?)`.
func didYouMean(word string, candidates []string) string {
	best, bestDist := "", 3 // at most two edits
	for _, c := range candidates {
		if d := editDistance(strings.ToLower(word), strings.ToLower(c)); d < bestDist && d < len(c) {
			best, bestDist = c, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// tableName writes a table path as its TOML header: [sources."eu.prod"].
func tableName(path ...string) string {
	parts := make([]string, len(path))
	for i, p := range path {
		parts[i] = quoteKey(p)
	}
	return "[" + strings.Join(parts, ".") + "]"
}

// quoteKey quotes a key unless it is a bare key.
func quoteKey(k string) string {
	if k != "" && strings.Trim(k, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") == "" {
		return k
	}
	return strconv.Quote(k)
}

// describeKey names the key at path for a message: `token in [sources.canary]`.
func describeKey(path []string) string {
	if len(path) == 1 {
		return quoteKey(path[0])
	}
	return quoteKey(path[len(path)-1]) + " in " + tableName(path[:len(path)-1]...)
}

// tomlTypeName says what a value of MetaData.Type t is, for "must be X, not Y".
func tomlTypeName(t string) string {
	switch t {
	case "String":
		return "a string"
	case "Integer":
		return "an integer"
	case "Float":
		return "a number"
	case "Bool":
		return "true or false"
	case "Datetime":
		return "a date and time"
	case "Array":
		return "an array"
	case "Hash", "": // "" is a table made implicitly by a dotted key
		return "a table"
	case "ArrayHash":
		return "an array of tables"
	}
	return strings.ToLower(t)
}

// goTypeName says what TOML value decodes into t, in tomlTypeName's words.
func goTypeName(t reflect.Type) string {
	switch t {
	case reflect.TypeFor[time.Duration]():
		return `a duration such as "30s"`
	case reflect.TypeFor[time.Time]():
		return "a date and time"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Map, reflect.Struct:
		return "a table"
	}
	return t.String()
}
