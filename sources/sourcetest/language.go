package sourcetest

import (
	"fmt"
	"net/netip"
	"regexp"
	"strings"
	"time"

	"github.com/trail-dev/trail/model"
)

// languageQueries are typed query lines over the events' own values: the
// terms a provider must never push as an equality (a negation, a list, a
// wildcard, a regexp, a CIDR block, other fields) mixed with those it may
// (an action, an actor, a time whose edge falls on an event and between
// two). QueryIsExact checks that each returns exactly what filtering every
// event on this side does.
func languageQueries(evs []model.Event) []model.Query {
	times := sortedTimes(evs)
	on := times[len(times)/4]
	between := on.Add(times[len(times)/4+1].Sub(on) / 2)
	q := func(field, value string) string { return field + ":" + model.QuoteQueryValue(value) }
	at := func(t time.Time) string { return t.Format(time.RFC3339Nano) }
	var lines []string
	a, b := evs[len(evs)/3], evs[len(evs)/2]
	if a.Action != "" {
		lines = append(lines, "-"+q("action", a.Action), "-"+q("action", a.Action)+" since:"+at(on), q("action", a.Action)+" until:"+at(between))
		if b.Action != "" && b.Action != a.Action {
			lines = append(lines, "action:"+model.QuoteQueryValue(a.Action)+","+model.QuoteQueryValue(b.Action))
		}
		if plain(a.Action) && len(a.Action) > 2 {
			lines = append(lines, "action:"+a.Action[:2]+"*", "action:/^"+regexp.QuoteMeta(a.Action[:2])+"/", "action~"+a.Action[1:len(a.Action)-1])
		}
	}
	if a.Actor != "" {
		lines = append(lines, "-"+q("actor", a.Actor), q("actor", a.Actor)+","+model.QuoteQueryValue(b.Actor+"x"), q("actor", a.Actor)+" -outcome:success")
		if plain(a.Actor) && len(a.Actor) > 2 {
			lines = append(lines, "actor:"+a.Actor[:2]+"*", "-actor:/"+regexp.QuoteMeta(a.Actor[1:3])+"/")
		}
	}
	if a.ActorID != "" {
		lines = append(lines, q("actor_id", a.ActorID), "-"+q("actor_id", a.ActorID))
	}
	for _, e := range []model.Event{evs[len(evs)/5], evs[len(evs)/4]} {
		addr, err := netip.ParseAddr(e.IP)
		if err != nil {
			continue
		}
		bits := 24
		if addr.Is6() && !addr.Is4In6() {
			bits = 64
		}
		block, _ := addr.Unmap().Prefix(bits)
		narrow, _ := addr.Unmap().Prefix(bits + 4)
		lines = append(lines, "ip:"+block.String(), "-ip:"+narrow.String(), "-ip:"+block.String()+" since:"+at(between), q("ip", e.IP)+",192.0.2.1")
	}
	if a.Source != "" {
		lines = append(lines, q("source", a.Source), "-"+q("source", a.Source), q("source", a.Source)+" -"+q("action", a.Action))
	}
	lines = append(lines, "outcome:failure", "-outcome:unknown", "outcome:success,failure until:"+at(on))
	for _, w := range strings.Fields(b.Summary) {
		if len(w) > 3 && plain(w) {
			lines = append(lines, "-"+model.QuoteQueryValue(w), w[:2]+"*"+w[len(w)-1:])
			break
		}
	}
	// What a source: that rules a source out asks it: nothing, at once.
	ruledOut, _ := model.Query{}.And(mustParse("source:elsewhere")).ForSource("here", "test")
	out := []model.Query{ruledOut}
	for _, line := range lines {
		out = append(out, mustParse(line))
	}
	return out
}

func mustParse(line string) model.Query {
	q, err := model.ParseQuery(line, time.Now(), time.UTC)
	if err != nil {
		panic(fmt.Sprintf("sourcetest: query %q: %v", line, err))
	}
	return q
}

// plain reports whether s is ASCII letters, digits, _ . @ and -, which a
// query takes as they are in a pattern.
func plain(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_.@-", r)) {
			return false
		}
	}
	return true
}
