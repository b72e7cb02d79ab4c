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
	Actor  string    // case-insensitive substring of the actor's name or id
	Action string    // exact action type, case-insensitive
	Text   string    // case-insensitive substring of any field or the raw entry
}

// IsZero reports whether q matches everything.
func (q Query) IsZero() bool {
	return q.Since.IsZero() && q.Until.IsZero() && q.Actor == "" && q.Action == "" && q.Text == ""
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
	if q.Actor != "" && !ContainsFold(e.Actor, q.Actor) && !ContainsFold(e.ActorID, q.Actor) {
		return false
	}
	if q.Text != "" && !e.Contains(q.Text) {
		return false
	}
	return true
}

// Contains reports whether s occurs, ignoring case, in any text field of e or
// in its raw entry. It is the one definition of "text search" shared by the
// filter, the `/` search and export.
func (e *Event) Contains(s string) bool {
	for _, f := range [...]string{e.Actor, e.ActorID, e.Action, e.Target, e.Summary, e.IP, e.Client, e.Location, e.ID} {
		if ContainsFold(f, s) {
			return true
		}
	}
	return ContainsFold(string(e.Raw), s)
}

// ContainsFold reports whether substr is within s, ignoring case, without
// allocating: search runs over every loaded event on each keystroke.
func ContainsFold(s, substr string) bool {
	i, _ := IndexFold(s, substr)
	return i >= 0
}

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
