package file

import (
	"strings"
	"unsafe"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
)

// A whole-file question (a filter over every page of a large file) costs
// what decoding every entry costs, though most entries do not match. The
// prefilter looks at an entry's bytes first and skips the decode of one
// that cannot match: it is a necessary condition only, never dropping an
// event the query would keep.
//
// Each part of a query that names text (Text, Actor, Action, Target, IP)
// matches only if that text occurs, ignoring case as model.Needle does, in
// one of the event's text fields or in its raw entry. For an entry of
// printable ASCII without a backslash, every string and number a decoder
// copies is a run of the entry's bytes as they are, so text found in such a
// field is found in the entry's bytes too. What a decoder makes up instead
// (a problem note, a composed summary, a formatted number) is listed in its
// codec's Made, and in fileMade for the file source's own words. An entry
// is skipped only when a needle is absent from its bytes, the entry is
// printable ASCII without a backslash, the file source could not make the
// needle up, nor could any codec that may read the entry (one whose keys
// are all in its bytes) (mayMake), and it is not clipped.

// fileMade is what Source.decode itself writes into an event: the
// summary of an unknown provider's entry, and of a line that is not an
// object, with encoding/json's words for why (clipped to 80 bytes and …).
// An entry that may be a trail export record (it holds the bytes "raw") is
// always decoded. Each piece runs from one place where a run of the entry's
// bytes may stand to the next (a quoted character, a number), so that only
// a text overlapping a real seam counts as one it could make.
var fileMade = func() []string {
	const line = "^could not read this line: not a JSON object ("
	words := []string{
		"^entry of an unknown provider; its fields are in the raw JSON$",
		line + "invalid character '", line + "json: cannot unmarshal number ",
		" into Go value of type map[string]json.RawMessage)$", ")$",
	}
	for _, whole := range []string{"unexpected end of JSON input", "exceeded max depth",
		"json: cannot unmarshal string into Go value of type map[string]json.RawMessage",
		"json: cannot unmarshal array into Go value of type map[string]json.RawMessage",
		"json: cannot unmarshal bool into Go value of type map[string]json.RawMessage",
		"json: cannot unmarshal number into Go value of type map[string]json.RawMessage",
		"json: cannot unmarshal object into Go value of type map[string]json.RawMessage"} {
		words = append(words, line+whole+")$")
	}
	for _, ctx := range []string{"after array element", "after decimal point in numeric literal", "after object key",
		"after object key:value pair", "after top-level value", "in \\u hexadecimal character escape",
		"in exponent of numeric literal", "in literal false (expecting 'a')", "in literal false (expecting 'e')",
		"in literal false (expecting 'l')", "in literal false (expecting 's')", "in literal null (expecting 'l')",
		"in literal null (expecting 'u')", "in literal true (expecting 'e')", "in literal true (expecting 'r')",
		"in literal true (expecting 'u')", "in numeric literal", "in string escape code", "in string literal",
		"looking for beginning of object key string", "looking for beginning of value", "exceeded max depth"} {
		// The character is a run of the entry's bytes, but a quote, which
		// is written escaped.
		words = append(words, "' "+ctx+")$", line+"invalid character '\\'' "+ctx+")$")
	}
	return words
}()

// prefilter decides, from an entry's bytes, that it cannot match a query.
type prefilter struct {
	needles []needle
}

// needle is a text part of the query, and the codecs that could make it up:
// an entry lacking it is kept if one of them may read the entry.
type needle struct {
	model.Needle
	makers []codecKeys // codecs whose Made could write it, or is not known
}

// codecKeys are the texts that must be in an entry for a codec to read it
// (its keys, quoted), as needles: found ignoring case, which can only find
// more, and anchored on a rare byte rather than on the quote.
type codecKeys []model.Needle

// rawKey finds the member name of a trail export record's raw entry.
var rawKey = model.NewNeedle(`"raw"`, nil)

// newPrefilter prepares q's text parts, and more texts an event must
// contain as q.Text is (a search's), for the codecs of s; nil when there
// are none, or no part can be checked in the bytes. Each part is
// judged against each codec's Made: a codec that could make it up (or
// whose Made is not known) keeps the entries it may read, the others' are
// skipped when it is not in their bytes.
func (s *Source) newPrefilter(q model.Query, more ...string) *prefilter {
	parts := append([]string{q.Text, q.Actor, q.Action, q.Target, q.IP}, more...)
	keys := make([]codecKeys, len(s.order))
	for i, c := range s.order {
		for _, k := range c.Keys {
			keys[i] = append(keys[i], model.NewNeedle(`"`+k+`"`, nil))
		}
	}
	var p prefilter
	for _, t := range parts {
		if t == "" {
			continue
		}
		if mayMake(t, fileMade) {
			continue // this part cannot rule an entry out
		}
		n := needle{Needle: model.NewNeedle(t, nil)}
		for i, c := range s.order {
			if c.Made == nil || mayMake(t, c.Made) {
				n.makers = append(n.makers, keys[i])
			}
		}
		p.needles = append(p.needles, n)
	}
	if len(p.needles) == 0 {
		return nil
	}
	return &p
}

// excludes reports whether raw, a whole entry, cannot match the query: it
// lacks a needle, and no codec that may read it could make the needle up.
func (p *prefilter) excludes(raw []byte) bool {
	if p == nil {
		return false
	}
	text := unsafe.String(unsafe.SliceData(raw), len(raw))
	plain := 0 // 1: raw is plain ASCII and not a trail record; -1: it is not
	for _, n := range p.needles {
		if n.In(text) {
			continue
		}
		if plain == 0 {
			plain = -1
			if model.PlainASCII(raw) && !rawKey.In(text) {
				plain = 1
			}
		}
		if plain < 0 {
			return false
		}
		if !mayRead(n.makers, text) {
			return true
		}
	}
	return false
}

// mayRead reports whether one of codecs may read the entry text: it holds
// every one of the codec's keys.
func mayRead(codecs []codecKeys, text string) bool {
	for _, keys := range codecs {
		all := true
		for _, k := range keys {
			if !k.In(text) {
				all = false
				break
			}
		}
		if all {
			return true // an entry this codec may read, and its words may hold the text
		}
	}
	return false
}

// mayMake reports whether text could occur, ignoring case, in a field
// written from made's pieces and runs of an entry's bytes, without
// occurring in those bytes: whether it overlaps a piece, inside it or
// across one of its ends. A piece starting with ^ only starts a field and
// one ending with $ only ends one: nothing comes before or after it. A
// text that is not ASCII is always reported (its case folding reaches
// beyond ASCII, and a clipped piece ends in …).
func mayMake(text string, made []string) bool {
	for i := 0; i < len(text); i++ {
		if text[i] >= 0x80 {
			return true
		}
	}
	if text == "" {
		return true // found in anything
	}
	t := strings.ToLower(text)
	for _, m := range made {
		if len(m) > 0 && m[0] == 0 { // a marker: sources.MadeNumber, MadeHex, MadeClock
			if like := madeLike[m]; like == nil || like(t) {
				return true
			}
			continue
		}
		first, last := strings.HasPrefix(m, "^"), strings.HasSuffix(m, "$")
		m = lower(strings.TrimSuffix(strings.TrimPrefix(m, "^"), "$"))
		if strings.IndexByte(m, t[0]) < 0 && strings.IndexByte(m, t[len(t)-1]) < 0 {
			// t neither starts nor ends inside m, nor lies within it
			if strings.Contains(t, m) {
				return true
			}
			continue
		}
		if strings.Contains(m, t) || strings.Contains(t, m) {
			return true
		}
		for k := 1; k < len(t) && k < len(m); k++ {
			if !last && t[:k] == m[len(m)-k:] { // t starts inside m and runs on
				return true
			}
			if !first && t[len(t)-k:] == m[:k] { // t ends inside m
				return true
			}
		}
	}
	return false
}

// lower is strings.ToLower for ASCII, allocating only when s has an upper
// case letter: mayMake runs over every piece of every codec's Made for each
// text of a query, and most pieces have none.
func lower(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}

// numberLike reports whether t could be part of a number formatted with
// %v: digits, at most one point, an exponent.
func numberLike(t string) bool {
	points := 0
	for i := 0; i < len(t); i++ {
		switch c := t[i]; {
		case c >= '0' && c <= '9', c == 'e', c == '+':
		case c == '.':
			points++
		default:
			return false
		}
	}
	return points <= 1
}

// madeLike are the markers of Codec.Made that stand for text a decoder
// formats or computes, each with whether a lower-case t could be part of
// such a text.
var madeLike = map[string]func(string) bool{
	sources.MadeNumber: numberLike,
	sources.MadeHex:    charsIn("0123456789abcdef"),
	sources.MadeClock:  charsIn("0123456789-: utc"),
}

// charsIn is a test that a text is made only of the characters of set.
func charsIn(set string) func(string) bool {
	return func(t string) bool {
		for i := 0; i < len(t); i++ {
			if !strings.ContainsRune(set, rune(t[i])) {
				return false
			}
		}
		return true
	}
}
