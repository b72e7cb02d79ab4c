package model

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Query is what the user narrows the log with. The zero Query matches every
// event. Sources push what they can to the provider and trim the rest, so a
// page always holds exactly the events Matches accepts.
type Query struct {
	Since  time.Time // inclusive; zero = unbounded
	Until  time.Time // exclusive; zero = unbounded
	Actor  string    // the actor: see ActorExact
	Action string    // exact action type, case-insensitive
	Text   string    // case-insensitive substring of any field or the raw entry
	IP     string    // client IP address, however it is written
	Target string    // exact target, case-insensitive
	// ActorExact makes Actor an equality, as a pivot wants: the event's
	// actor id or its name is Actor, byte for byte. Without it (a typed
	// filter) Actor is a case-insensitive substring of the name, or the
	// whole id: an id is never matched in part, so 123 does not find 41234.
	ActorExact bool
	// Terms are the conditions of a typed query line that none of the
	// fields above holds exactly (negations, lists, patterns, CIDR blocks,
	// other fields): providers never see them, Matches applies them.
	Terms []Term
	// SinceText and UntilText are the times as a query line typed them
	// (7d, yesterday), so that the line shown again says what was typed
	// rather than the instant it came to; "" when the time was set some
	// other way. Only ParseQuery sets them; Matches and Equal ignore them.
	SinceText, UntilText string
}

// IsZero reports whether q matches everything.
func (q Query) IsZero() bool {
	return q.Since.IsZero() && q.Until.IsZero() && q.Actor == "" && q.Action == "" && q.Text == "" && q.IP == "" && q.Target == "" && len(q.Terms) == 0
}

// InRange reports whether t lies in the half-open range [Since, Until).
func (q Query) InRange(t time.Time) bool {
	if !q.Since.IsZero() && t.Before(q.Since) {
		return false
	}
	if !q.Until.IsZero() && !t.Before(q.Until) {
		return false
	}
	return true
}

// Matches reports whether e satisfies every part of q. An event without a
// time never matches a query with a time range: it cannot be shown to lie
// inside it.
func (q Query) Matches(e *Event) bool {
	if (!q.Since.IsZero() || !q.Until.IsZero()) && (e.Time.IsZero() || !q.InRange(e.Time)) {
		return false
	}
	if q.Action != "" && !strings.EqualFold(e.Action, q.Action) {
		return false
	}
	if q.Actor != "" && !q.MatchesActor(e) {
		return false
	}
	if q.IP != "" && !ipEqual(e.IP, q.IP) {
		return false
	}
	if q.Target != "" && !strings.EqualFold(e.Target, q.Target) {
		return false
	}
	if q.Text != "" && !e.Contains(q.Text) {
		return false
	}
	for i := range q.Terms {
		if !q.Terms[i].match(e) {
			return false
		}
	}
	return true
}

// MatchesActor reports whether e's actor is the query's, as ActorExact says.
func (q Query) MatchesActor(e *Event) bool {
	if q.ActorExact {
		return e.ActorID == q.Actor || e.Actor == q.Actor
	}
	return strings.EqualFold(e.ActorID, q.Actor) || ContainsFold(e.Actor, q.Actor)
}

// Contains reports whether s occurs, ignoring case, in any text field of e or
// in its raw entry. It is the one definition of "text search" shared by the
// filter, the `/` search and export.
func (e *Event) Contains(s string) bool { return e.Has(NewNeedle(s, nil)) }

// Has is Contains for a prepared needle, for scanning many events.
func (e *Event) Has(n Needle) bool {
	for _, f := range [...]string{e.Actor, e.ActorID, e.Action, e.Target, e.Summary, e.IP, e.Client, e.Location, e.ID} {
		if n.In(f) {
			return true
		}
	}
	return n.In(string(e.Raw))
}

// ContainsFold reports whether substr is within s, ignoring case, without
// allocating: search runs over every loaded event on each keystroke.
func ContainsFold(s, substr string) bool {
	if substr != "" && isASCII(substr) {
		return containsFoldASCII(s, substr)
	}
	i, _ := IndexFold(s, substr)
	return i >= 0
}

// containsFoldASCII finds an ASCII substr, anchored on the byte the
// default frequency table says is rarest.
func containsFoldASCII(s, substr string) bool {
	return NewNeedle(substr, nil).In(s)
}

// Needle is a search string prepared for scanning many texts: the
// comparison ignores case, and strings.IndexByte (which the runtime
// vectorizes) skips to candidates for the needle's rarest byte, so most of
// a haystack is looked at once, quickly.
type Needle struct {
	s      string
	ascii  bool
	anchor int     // index in s of the byte to look for
	cases  [2]byte // that byte in both cases (the same twice when it has none)
}

// NewNeedle prepares q. freq, when given, is how often each byte occurs in
// the texts to be searched (ByteFreq); without it, a table for English and
// JSON is used.
func NewNeedle(q string, freq *[256]int) Needle {
	n := Needle{s: q, ascii: isASCII(q)}
	if !n.ascii || q == "" {
		return n
	}
	best := -1
	for i := 0; i < len(q); i++ {
		c := lowerASCII(q[i])
		var cost int
		if freq != nil {
			cost = freq[c]
			if isLetter(c) {
				cost += freq[c-'a'+'A']
			}
		} else {
			cost = int(byteCost[c])
			if isLetter(c) {
				cost = cost*2 + 4
			}
		}
		if best < 0 || cost < best {
			n.anchor, best = i, cost
		}
	}
	a := q[n.anchor]
	n.cases = [2]byte{a, a}
	if isLetter(a) {
		n.cases = [2]byte{lowerASCII(a), lowerASCII(a) - 'a' + 'A'}
	}
	return n
}

// ByteFreq counts the bytes of samples, for NewNeedle.
func ByteFreq(samples ...string) *[256]int {
	var f [256]int
	for _, s := range samples {
		for i := 0; i < len(s); i++ {
			f[s[i]]++
		}
	}
	return &f
}

// In reports whether the needle occurs in s, ignoring case.
func (n Needle) In(s string) bool {
	if !n.ascii || n.s == "" {
		i, _ := IndexFold(s, n.s)
		return i >= 0
	}
	size := len(n.s)
	last := len(s) - (size - n.anchor) // the last place the anchor can be
	for k, c := range n.cases {
		if k == 1 && c == n.cases[0] {
			break
		}
		for i := n.anchor; i <= last; {
			j := strings.IndexByte(s[i:last+1], c)
			if j < 0 {
				break
			}
			at := i + j - n.anchor
			if equalFoldASCII(s[at:at+size], n.s) {
				return true
			}
			i += j + 1
		}
	}
	return false
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// byteCost is roughly how often each byte occurs in audit-log JSON, per
// thousand: English letter frequencies, and the punctuation JSON is made of.
var byteCost = func() [256]uint8 {
	var t [256]uint8
	for i := range t {
		t[i] = 3
	}
	for c, f := range map[byte]uint8{
		'e': 100, 't': 70, 'a': 65, 'o': 60, 'i': 60, 'n': 60, 's': 60, 'r': 55, 'h': 35, 'l': 35, 'd': 35,
		'c': 30, 'u': 28, 'm': 25, 'f': 18, 'p': 20, 'g': 16, 'w': 14, 'y': 14, 'b': 12, 'v': 9, 'k': 7,
		'x': 3, 'j': 2, 'q': 1, 'z': 1,
		'"': 120, ' ': 80, '_': 40, ':': 30, ',': 30, '.': 25, '-': 20, '/': 10, '@': 5, '0': 20, '1': 20,
		'2': 18, '3': 12, '4': 12, '5': 12, '6': 12, '7': 12, '8': 12, '9': 12,
	} {
		t[c] = f
	}
	return t
}()

// IndexFold returns the byte offset and length in s of the first occurrence of
// substr, ignoring case, or -1. The length can differ from len(substr) when
// case folding changes a character's encoded size.
func IndexFold(s, substr string) (int, int) {
	if substr == "" {
		return 0, 0
	}
	if isASCII(substr) {
		n := len(substr)
		first := lowerASCII(substr[0])
		for i := 0; i+n <= len(s); i++ {
			if lowerASCII(s[i]) == first && equalFoldASCII(s[i:i+n], substr) {
				return i, n
			}
		}
		return -1, 0
	}
	for i := 0; i < len(s); {
		if n := prefixFold(s[i:], substr); n > 0 {
			return i, n
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return -1, 0
}

// prefixFold returns the length of the prefix of s that equals prefix,
// ignoring case, or 0.
func prefixFold(s, prefix string) int {
	n := 0
	for prefix != "" {
		if s == "" {
			return 0
		}
		r1, n1 := utf8.DecodeRuneInString(s)
		r2, n2 := utf8.DecodeRuneInString(prefix)
		if r1 != r2 && !strings.EqualFold(s[:n1], prefix[:n2]) {
			return 0
		}
		s, prefix = s[n1:], prefix[n2:]
		n += n1
	}
	return n
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// equalFoldASCII compares two strings of equal length, folding ASCII case only.
func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if lowerASCII(a[i]) != lowerASCII(b[i]) {
			return false
		}
	}
	return true
}

// Equal reports whether q and o are the same query: the same fields and the
// same terms in the same order. (Times are compared as instants.)
func (q Query) Equal(o Query) bool {
	if !q.Since.Equal(o.Since) || !q.Until.Equal(o.Until) || q.Actor != o.Actor || q.ActorExact != o.ActorExact ||
		q.Action != o.Action || q.Text != o.Text || q.IP != o.IP || q.Target != o.Target || len(q.Terms) != len(o.Terms) {
		return false
	}
	for i := range q.Terms {
		if q.Terms[i].String() != o.Terms[i].String() {
			return false
		}
	}
	return true
}
