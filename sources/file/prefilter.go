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
// printable ASCII without a backslash, no codec that may read it could make
// the needle up (mayMake), and it is not clipped.

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
	needles []model.Needle
	ruled   []codecKeys // codecs whose Made is not known: an entry they may read is decoded
}

// codecKeys are the texts that must be in an entry for a codec to read it
// (its keys, quoted), as needles: found ignoring case, which can only find
// more, and anchored on a rare byte rather than on the quote.
type codecKeys []model.Needle

// rawKey finds the member name of a trail export record's raw entry.
var rawKey = model.NewNeedle(`"raw"`, nil)

// newPrefilter prepares q's text parts, and more texts an event must
// contain as q.Text is (a search's), for the codecs of s; nil when there
// are none, or no part can be checked in the bytes.
func (s *Source) newPrefilter(q model.Query, more ...string) *prefilter {
	parts := append([]string{q.Text, q.Actor, q.Action, q.Target, q.IP}, more...)
	var p prefilter
	made := append([]string(nil), fileMade...)
	for _, c := range s.order {
		if c.Made != nil {
			made = append(made, c.Made...)
			continue
		}
		var keys codecKeys
		for _, k := range c.Keys {
			keys = append(keys, model.NewNeedle(`"`+k+`"`, nil))
		}
		p.ruled = append(p.ruled, keys)
	}
	for _, t := range parts {
		if t == "" {
			continue
		}
		if mayMake(t, made) {
			continue // this part cannot rule an entry out
		}
		p.needles = append(p.needles, model.NewNeedle(t, nil))
	}
	if len(p.needles) == 0 {
		return nil
	}
	return &p
}

// excludes reports whether raw, a whole entry, cannot match the query: it
// lacks a needle, and nothing that may read it could make the needle up.
func (p *prefilter) excludes(raw []byte) bool {
	if p == nil {
		return false
	}
	text := unsafe.String(unsafe.SliceData(raw), len(raw))
	absent := false
	for _, n := range p.needles {
		if !n.In(text) {
			absent = true
			break
		}
	}
	if !absent || !model.PlainASCII(raw) || rawKey.In(text) {
		return false
	}
	for _, keys := range p.ruled {
		if len(keys) == 0 {
			return false
		}
		all := true
		for _, k := range keys {
			if !k.In(text) {
				all = false
				break
			}
		}
		if all {
			return false // an entry this codec may read: its words are not known
		}
	}
	return true
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
	t := strings.ToLower(text)
	for _, m := range made {
		if m == sources.MadeNumber {
			if numberLike(t) {
				return true
			}
			continue
		}
		first, last := strings.HasPrefix(m, "^"), strings.HasSuffix(m, "$")
		m = strings.ToLower(strings.TrimSuffix(strings.TrimPrefix(m, "^"), "$"))
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
