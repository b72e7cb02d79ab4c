package model

import (
	"fmt"
	"net/netip"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// The query language is one line of terms, all of which an event must
// satisfy:
//
//	field:value    equality (field:val* a wildcard, field:/re/ a regexp,
//	               field:a,b any of, ip:203.0.113.0/24 a CIDR block)
//	field~value    a substring
//	-term          the term's opposite
//	word "a phrase" text anywhere in the event or its raw entry
//	since:T until:T the time range, T in any form ParseTimeSpec reads
//
// ParseQuery puts every term a provider might apply itself into the
// Query's plain fields (Since, Until, Actor, Action, IP, Target, Text), and
// only when that field means exactly what the term says; every other term
// stays in Terms, which only Matches applies. So a negated, OR-ed, wildcard
// or regexp term is never sent to a provider as if it were an equality.

// QueryFields are the fields a term may name, in the order help lists them.
var QueryFields = [...]string{"actor", "actor_id", "action", "target", "ip", "client", "location", "outcome", "source", "text", "since", "until"}

// Term is one condition of a query that the plain fields of Query cannot
// hold; only Matches applies it, on this side.
type Term struct {
	Field    string // one of QueryFields but since and until
	Not      bool   // the term is negated: -field:value
	Contains bool   // field~value: a substring rather than an equality
	Values   []TermValue
}

// TermValue is one of a term's alternatives.
type TermValue struct {
	Text  string         // as the user meant it: the literal, the pattern, the regexp or the block
	Kind  ValueKind      // how Text is compared
	re    *regexp.Regexp // a regexp's
	glob  []string       // a wildcard's text split at its stars
	whole bool           // the wildcard covers the whole field
	net   netip.Prefix   // a CIDR block's
}

// ValueKind says how a term's value is compared with an event's field.
type ValueKind uint8

// Value kinds.
const (
	ValueLiteral  ValueKind = iota // equality, or a substring with ~
	ValueWildcard                  // * stands for any run of characters
	ValueRegexp                    // field:/re/, Go's syntax, unanchored
	ValueCIDR                      // ip:203.0.113.0/24
)

// QueryError says which term of a query is wrong and why. Pos and End are
// the term's byte offsets in the line, for the UI to point at it.
type QueryError struct {
	Term     string
	Pos, End int
	Msg      string
}

// Error reads "ip:203.0.113/24 ← not an address or CIDR".
func (e *QueryError) Error() string {
	if e.Term == "" {
		return e.Msg
	}
	return truncate(e.Term, 40) + " ← " + e.Msg
}

// token is one whitespace-separated piece of a query line.
type token struct {
	text     string
	pos, end int
}

// ParseQuery reads a query line. Times (since:, until:) are read by
// ParseTimeSpec with now and loc. The empty line is the zero Query.
func ParseQuery(line string, now time.Time, loc *time.Location) (Query, error) {
	toks, err := tokenize(line)
	if err != nil {
		return Query{}, err
	}
	var q Query
	var setSince, setUntil bool
	for _, tok := range toks {
		fail := func(format string, args ...any) error {
			return &QueryError{Term: tok.text, Pos: tok.pos, End: tok.end, Msg: fmt.Sprintf(format, args...)}
		}
		if !utf8.ValidString(tok.text) {
			return Query{}, fail("not valid UTF-8")
		}
		raw, not := tok.text, false
		if len(raw) > 1 && raw[0] == '-' {
			raw, not = raw[1:], true
		}
		field, op, value := splitTerm(raw)
		switch {
		case field == "":
			text, quoted := unquote(raw)
			if text == "" {
				return Query{}, fail("an empty phrase")
			}
			t := Term{Field: "text", Not: not, Contains: true, Values: []TermValue{{Text: text}}}
			if !quoted && strings.Contains(text, "*") {
				t.Values[0].Kind = ValueWildcard
				t.Values[0].glob = strings.Split(text, "*")
			}
			q.add(t)
			continue
		case !knownField(field):
			return Query{}, fail("no field %q: use %s, or quote the text (\"%s\")", field, strings.Join(QueryFields[:], ", "), raw)
		case value == "":
			return Query{}, fail("no value after %s%c", field, op)
		case field == "since" || field == "until":
			if not || op == '~' {
				return Query{}, fail("%s takes a time: %s:7d, %s:2026-11-20, %s:\"2026-11-20 14:00\"", field, field, field, field)
			}
			text, _ := unquote(value)
			at, err := ParseTimeSpec(text, now, loc)
			if err != nil {
				return Query{}, fail("not a time: use 7d, 90m, 2026-11-20, \"2026-11-20 14:00\", RFC 3339, today, yesterday or now")
			}
			if field == "since" {
				if setSince {
					return Query{}, fail("since is given twice")
				}
				q.Since, q.SinceText, setSince = at, text, true
			} else {
				if setUntil {
					return Query{}, fail("until is given twice")
				}
				q.Until, q.UntilText, setUntil = at, text, true
			}
			continue
		}
		t := Term{Field: field, Not: not, Contains: op == '~'}
		for _, piece := range splitValues(value) {
			v, msg := parseValue(field, t.Contains, piece)
			if msg != "" {
				return Query{}, fail("%s", msg)
			}
			t.Values = append(t.Values, v)
		}
		q.add(t)
	}
	return q, nil
}

// add puts t into the plain field that means exactly the same, when that
// field is still free, and into Terms otherwise.
func (q *Query) add(t Term) {
	if !t.Not && len(t.Values) == 1 && t.Values[0].Kind == ValueLiteral {
		v := t.Values[0].Text
		switch {
		case t.Field == "text" && q.Text == "":
			q.Text = v
			return
		case t.Field == "actor" && q.Actor == "":
			q.Actor, q.ActorExact = v, !t.Contains
			return
		case t.Field == "action" && !t.Contains && q.Action == "":
			q.Action = v
			return
		case t.Field == "target" && !t.Contains && q.Target == "":
			q.Target = v
			return
		case t.Field == "ip" && !t.Contains && q.IP == "":
			q.IP = v
			return
		}
	}
	q.Terms = append(q.Terms, t)
}

// parseValue reads one alternative of a term's value; msg says what is
// wrong with it.
func parseValue(field string, contains bool, piece string) (TermValue, string) {
	text, quoted := unquote(piece)
	if text == "" {
		return TermValue{}, "an empty value"
	}
	switch {
	case quoted:
	case len(piece) >= 2 && piece[0] == '/' && piece[len(piece)-1] == '/':
		re, err := regexp.Compile(piece[1 : len(piece)-1])
		if err != nil {
			return TermValue{}, "not a regexp: " + strings.TrimPrefix(err.Error(), "error parsing regexp: ")
		}
		return TermValue{Text: piece[1 : len(piece)-1], Kind: ValueRegexp, re: re}, ""
	case strings.Contains(text, "*"):
		return TermValue{Text: text, Kind: ValueWildcard, glob: strings.Split(text, "*"), whole: !contains && field != "text"}, ""
	}
	switch field {
	case "outcome":
		switch strings.ToLower(text) {
		case "success", "failure", "unknown":
			return TermValue{Text: strings.ToLower(text)}, ""
		}
		return TermValue{}, "an outcome is success, failure or unknown"
	case "ip":
		if contains {
			break
		}
		if strings.Contains(text, "/") {
			p, err := netip.ParsePrefix(text)
			if err != nil {
				return TermValue{}, "not an address or CIDR"
			}
			return TermValue{Text: text, Kind: ValueCIDR, net: p.Masked()}, ""
		}
		if _, err := netip.ParseAddr(text); err != nil {
			return TermValue{}, "not an address or CIDR"
		}
	}
	return TermValue{Text: text}, ""
}

// tokenize splits a line on white space outside double quotes.
func tokenize(line string) ([]token, error) {
	var toks []token
	start, inQuote, escaped := -1, false, false
	for i, r := range line {
		switch {
		case escaped:
			escaped = false
		case inQuote && r == '\\':
			escaped = true
		case r == '"':
			inQuote = !inQuote
			if start < 0 {
				start = i
			}
		case !inQuote && unicode.IsSpace(r):
			if start >= 0 {
				toks = append(toks, token{line[start:i], start, i})
				start = -1
			}
		case start < 0:
			start = i
		}
	}
	if inQuote {
		return nil, &QueryError{Term: line[start:], Pos: start, End: len(line), Msg: "a quote is not closed"}
	}
	if start >= 0 {
		toks = append(toks, token{line[start:], start, len(line)})
	}
	return toks, nil
}

// splitTerm finds "field:" or "field~" at the start of raw; field is empty
// when raw is text.
func splitTerm(raw string) (field string, op byte, value string) {
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c == ':' || c == '~' {
			if i == 0 {
				return "", 0, ""
			}
			return raw[:i], c, raw[i+1:]
		}
		if !(c >= 'a' && c <= 'z' || c == '_') {
			return "", 0, ""
		}
	}
	return "", 0, ""
}

func knownField(f string) bool {
	for _, k := range QueryFields {
		if k == f {
			return true
		}
	}
	return false
}

// splitValues splits a value on commas outside quotes; a regexp (/.../) is
// one value whatever it holds.
func splitValues(v string) []string {
	if len(v) >= 2 && v[0] == '/' && v[len(v)-1] == '/' && !strings.Contains(v, `"`) {
		return []string{v}
	}
	var out []string
	start, inQuote := 0, false
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case inQuote && c == '\\' && i+1 < len(v):
			i++
		case c == '"':
			inQuote = !inQuote
		case c == ',' && !inQuote:
			out = append(out, v[start:i])
			start = i + 1
		}
	}
	return append(out, v[start:])
}

// unquote removes double quotes (and the backslash before an escaped quote
// or backslash inside them); quoted says there were any, which makes the
// text a literal.
func unquote(s string) (text string, quoted bool) {
	if !strings.Contains(s, `"`) {
		return s, false
	}
	var b strings.Builder
	inQuote := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case inQuote && c == '\\' && i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '\\'):
			i++
			b.WriteByte(s[i])
		case c == '"':
			inQuote = !inQuote
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), true
}

// globFold reports whether s matches a pattern split at its stars,
// ignoring case: whole, the pattern covers all of s; else it may be
// anywhere in it. It allocates nothing, for it runs on every event.
func globFold(s string, parts []string, whole bool) bool {
	if whole {
		first, last := parts[0], parts[len(parts)-1]
		if len(s) < len(first) || !strings.EqualFold(s[:len(first)], first) {
			return false
		}
		s = s[len(first):]
		parts = parts[1:]
		if len(parts) == 0 {
			return s == ""
		}
		if len(s) < len(last) || !strings.EqualFold(s[len(s)-len(last):], last) {
			return false
		}
		s = s[:len(s)-len(last)]
		parts = parts[:len(parts)-1]
	}
	for _, p := range parts {
		i, n := IndexFold(s, p)
		if i < 0 {
			return false
		}
		s = s[i+n:]
	}
	return true
}

// String renders q as a query line that ParseQuery reads back to the same
// query: the plain fields first, then the terms.
func (q Query) String() string {
	var parts []string
	if !q.Since.IsZero() {
		parts = append(parts, "since:"+q.Since.Format(time.RFC3339Nano))
	}
	if !q.Until.IsZero() {
		parts = append(parts, "until:"+q.Until.Format(time.RFC3339Nano))
	}
	if q.Actor != "" {
		op := "~"
		if q.ActorExact {
			op = ":"
		}
		parts = append(parts, "actor"+op+quoteValue(q.Actor))
	}
	if q.Action != "" {
		parts = append(parts, "action:"+quoteValue(q.Action))
	}
	if q.IP != "" {
		parts = append(parts, "ip:"+quoteValue(q.IP))
	}
	if q.Target != "" {
		parts = append(parts, "target:"+quoteValue(q.Target))
	}
	if q.Text != "" {
		parts = append(parts, quoteText(q.Text))
	}
	for _, t := range q.Terms {
		parts = append(parts, t.String())
	}
	return strings.Join(parts, " ")
}

// String renders the term as it would be typed.
func (t Term) String() string {
	var b strings.Builder
	if t.Not {
		b.WriteByte('-')
	}
	if t.Field == "text" && t.Contains && len(t.Values) == 1 && t.Values[0].Kind != ValueRegexp {
		v := t.Values[0]
		if v.Kind == ValueWildcard && plainWord(v.Text) {
			b.WriteString(v.Text)
		} else {
			b.WriteString(quoteText(v.Text))
		}
		return b.String()
	}
	b.WriteString(t.Field)
	if t.Contains {
		b.WriteByte('~')
	} else {
		b.WriteByte(':')
	}
	for i, v := range t.Values {
		if i > 0 {
			b.WriteByte(',')
		}
		switch v.Kind {
		case ValueRegexp:
			b.WriteString("/" + v.Text + "/")
		case ValueWildcard, ValueCIDR:
			b.WriteString(v.Text)
		default:
			b.WriteString(quoteValue(v.Text))
		}
	}
	return b.String()
}

// quoteValue quotes a literal value where it would otherwise read as
// something else: a pattern, a list, a regexp, or more than one term.
func quoteValue(s string) string {
	if s != "" && !strings.ContainsAny(s, "\"*,\\") && s[0] != '/' && plainWord(s) {
		return s
	}
	return quote(s)
}

// quoteText renders text to find anywhere: a bare word where it reads back
// as one, a phrase otherwise.
func quoteText(s string) string {
	if s != "" && !strings.ContainsAny(s, "\"*:~\\") && s[0] != '-' && plainWord(s) {
		return s
	}
	return quote(s)
}

func plainWord(s string) bool {
	for _, r := range s {
		if unicode.IsSpace(r) || r == '"' {
			return false
		}
	}
	return s != ""
}

func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// QuoteQueryValue writes s as a term's value that reads back as exactly s,
// a literal: quoted where it would otherwise be a pattern, a list or more
// than one term.
func QuoteQueryValue(s string) string { return quoteValue(s) }
