package model

import (
	"net/netip"
	"strings"
	"time"
)

// match reports whether e satisfies the term: any of its values matches,
// or, for a negated term, none does.
func (t *Term) match(e *Event) bool {
	for i := range t.Values {
		if t.Values[i].matchField(t.Field, t.Contains, e) {
			return !t.Not
		}
	}
	return t.Not
}

// matchField compares the value with the event's field. The actor is its
// name or its id: equality is exact, as a pivot's, and a substring is one
// of the name or the whole id, ignoring case (Query.MatchesActor); the
// other text fields ignore case.
func (v *TermValue) matchField(field string, contains bool, e *Event) bool {
	switch field {
	case "text":
		if v.Kind == ValueLiteral {
			return e.Contains(v.Text)
		}
		for _, f := range [...]string{e.Actor, e.ActorID, e.Action, e.Target, e.Summary, e.IP, e.Client, e.Location, e.ID, string(e.Raw)} {
			if v.test(f) {
				return true
			}
		}
		return false
	case "actor":
		if v.Kind == ValueLiteral {
			return Query{Actor: v.Text, ActorExact: !contains}.MatchesActor(e)
		}
		return v.matchText(e.Actor, contains, false) || v.matchText(e.ActorID, contains, false)
	case "actor_id":
		return v.matchText(e.ActorID, contains, !contains)
	case "action":
		return v.matchText(e.Action, contains, false)
	case "target":
		return v.matchText(e.Target, contains, false)
	case "client":
		return v.matchText(e.Client, contains, false)
	case "location":
		return v.matchText(e.Location, contains, false)
	case "outcome":
		o := e.Outcome.String()
		if o == "" {
			o = "unknown"
		}
		return v.matchText(o, contains, false)
	case "source":
		return v.matchText(e.Source, contains, false) || v.matchText(e.Provider, contains, false)
	case "ip":
		switch {
		case v.Kind == ValueCIDR:
			a, err := netip.ParseAddr(e.IP)
			return err == nil && v.net.Contains(a.Unmap()) || err == nil && v.net.Contains(a)
		case v.Kind == ValueLiteral && !contains:
			return ipEqual(e.IP, v.Text)
		}
		return v.matchText(e.IP, contains, false)
	}
	return false
}

// matchText compares one field: a wildcard or regexp, a substring, or an
// equality that ignores case unless exact.
func (v *TermValue) matchText(s string, contains, exact bool) bool {
	switch {
	case v.Kind == ValueWildcard || v.Kind == ValueRegexp:
		return v.test(s)
	case contains:
		return ContainsFold(s, v.Text)
	case exact:
		return s == v.Text
	}
	return strings.EqualFold(s, v.Text)
}

// test matches a wildcard or a regexp against s.
func (v *TermValue) test(s string) bool {
	if v.Kind == ValueRegexp {
		return v.re.MatchString(s)
	}
	return globFold(s, v.glob, v.whole)
}

// ipEqual reports whether two addresses are the same, however each is
// written (2001:DB8::1 and 2001:db8::1, ::ffff:192.0.2.1 and 192.0.2.1);
// text that is not an address is compared as it is.
func ipEqual(a, b string) bool {
	if a == b {
		return true
	}
	x, err1 := netip.ParseAddr(a)
	y, err2 := netip.ParseAddr(b)
	return err1 == nil && err2 == nil && x.Unmap() == y.Unmap()
}

// ForSource is q as the source named name (of provider) must apply it,
// on its own or as a part of a merged view, before anything names its
// events: the source: terms, which hold for all of them or for none, are
// dropped. When they hold for none, ok is false and the query is one that
// matches nothing, an empty range on 2000-01-01, which a provider asked
// for answers at once.
func (q Query) ForSource(name, provider string) (_ Query, ok bool) {
	probe := Event{Source: name, Provider: provider}
	var kept []Term
	for i := range q.Terms {
		if q.Terms[i].Field != "source" {
			kept = append(kept, q.Terms[i])
			continue
		}
		if !q.Terms[i].match(&probe) {
			at := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC) // a provider may refuse times before 1970
			return Query{Since: at, Until: at}, false
		}
	}
	if len(kept) != len(q.Terms) {
		q.Terms = kept
	}
	return q, true
}

// And is the query that holds where both q and o do: the later start, the
// earlier end, and every other part of each. A field both set goes from o
// into a term, so nothing of either is lost or pushed twice.
func (q Query) And(o Query) Query {
	if q.Since.IsZero() || o.Since.After(q.Since) {
		q.Since, q.SinceText = o.Since, o.SinceText
	}
	if q.Until.IsZero() || !o.Until.IsZero() && o.Until.Before(q.Until) {
		q.Until, q.UntilText = o.Until, o.UntilText
	}
	lit := func(field string, contains bool, v string) Term {
		return Term{Field: field, Contains: contains, Values: []TermValue{{Text: v}}}
	}
	var extra []Term
	switch {
	case o.Actor == "":
	case q.Actor == "":
		q.Actor, q.ActorExact = o.Actor, o.ActorExact
	default:
		extra = append(extra, lit("actor", !o.ActorExact, o.Actor))
	}
	for _, f := range []struct {
		name     string
		contains bool
		dst      *string
		src      string
	}{{"action", false, &q.Action, o.Action}, {"ip", false, &q.IP, o.IP}, {"target", false, &q.Target, o.Target}, {"text", true, &q.Text, o.Text}} {
		switch {
		case f.src == "":
		case *f.dst == "":
			*f.dst = f.src
		default:
			extra = append(extra, lit(f.name, f.contains, f.src))
		}
	}
	q.Terms = append(append(append([]Term(nil), q.Terms...), extra...), o.Terms...)
	return q
}
