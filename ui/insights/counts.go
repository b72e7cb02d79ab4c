package insights

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/ui/common"
)

// Counts is what the seed documents say these logs are read for, counted
// over a set of events: who is most active, what is done to what, from
// where, what fails, when things happen, which logins come from somewhere
// new for their actor, and which come at hours the actor does not keep.
//
// Times are read in loc. The rules are simple enough to check by hand:
//   - a location (IP or country) is new for an actor when it is first seen
//     on a later day than the actor's first day in the data;
//   - an actor's usual hours are the hours of the day holding at least
//     max(2, n/20) of their n events, once n ≥ 10; events outside them are
//     off-hours.
type Counts struct {
	total, failures int
	from, to        time.Time // first and last event time
	actors          []tally
	actions         []tally
	targets         []tally
	ips             []tally
	countries       []tally
	failuresBy      []tally           // failures by actor
	actorKeys       map[string]string // actor name → the id all its events share, where they do
	days            []tally           // "2026-11-20", newest first
	hours           [24]int
	newPlaces       []sighting // first sightings of a new IP or country, newest first
	offHours        []sighting // events outside their actor's usual hours, newest first
}

// tally is a value and how many events have it.
type tally struct {
	value string
	n     int
}

// sighting is one event worth a look, with why.
type sighting struct {
	actor, what, value string // what: "IP", "country", "hour"
	at                 time.Time
	key                string          // what a pivot on the actor filters by (actorKey)
	ref                common.EventRef // the event, for the cursor to land on
}

// Compute counts evs (in any order).
func Compute(evs []model.Event, loc *time.Location) Counts {
	var in Counts
	actors, actions, targets, ips, countries := counter{}, counter{}, counter{}, counter{}, counter{}
	failures, days := counter{}, counter{}
	type actorSeen struct {
		firstDay string
		places   map[string]bool
		hours    [24]int
		n        int
	}
	seen := map[string]*actorSeen{}

	ordered := make([]*model.Event, 0, len(evs))
	for i := range evs {
		ordered = append(ordered, &evs[i])
	}
	// Oldest first, so "first seen" means first in time.
	slices.SortStableFunc(ordered, func(a, b *model.Event) int { return a.Time.Compare(b.Time) })

	in.actorKeys = map[string]string{}
	for _, e := range ordered {
		in.total++
		actors.add(e.Actor)
		if id, ok := in.actorKeys[e.Actor]; !ok {
			in.actorKeys[e.Actor] = e.ActorID
		} else if id != e.ActorID {
			in.actorKeys[e.Actor] = "" // more than one id, or none: the name it is
		}
		actions.add(e.Action)
		targets.add(e.Target)
		ips.add(e.IP)
		country := countryOf(e.Location)
		countries.add(country)
		if e.Outcome == model.OutcomeFailure {
			in.failures++
			failures.add(e.Actor)
		}
		if e.Time.IsZero() {
			continue
		}
		t := e.Time.In(loc)
		if in.from.IsZero() || t.Before(in.from) {
			in.from = t
		}
		if t.After(in.to) {
			in.to = t
		}
		day := t.Format("2006-01-02")
		days.add(day)
		in.hours[t.Hour()]++
		if e.Actor == "" {
			continue
		}
		a := seen[e.Actor]
		if a == nil {
			a = &actorSeen{firstDay: day, places: map[string]bool{}}
			seen[e.Actor] = a
		}
		a.hours[t.Hour()]++
		a.n++
		for _, p := range [...]struct{ what, value string }{{"IP", e.IP}, {"country", country}} {
			if p.value == "" || a.places[p.what+p.value] {
				continue
			}
			a.places[p.what+p.value] = true
			if day != a.firstDay {
				in.newPlaces = append(in.newPlaces, sighting{actor: e.Actor, what: p.what, value: p.value, at: e.Time, key: common.ActorKey(e), ref: common.RefOf(e)})
			}
		}
	}
	// Off-hours need an actor's whole history first.
	for _, e := range ordered {
		a := seen[e.Actor]
		if a == nil || e.Time.IsZero() || a.n < 10 {
			continue
		}
		h := e.Time.In(loc).Hour()
		if a.hours[h] < max(2, a.n/20) {
			in.offHours = append(in.offHours, sighting{actor: e.Actor, what: "hour", value: e.Time.In(loc).Format("15:04"), at: e.Time, key: common.ActorKey(e), ref: common.RefOf(e)})
		}
	}
	newestFirst := func(a, b sighting) int { return b.at.Compare(a.at) }
	slices.SortStableFunc(in.newPlaces, newestFirst)
	slices.SortStableFunc(in.offHours, newestFirst)
	in.actors, in.actions, in.targets, in.ips, in.countries = actors.top(), actions.top(), targets.top(), ips.top(), countries.top()
	in.failuresBy = failures.top()
	in.days = days.sorted(func(a, b tally) int { return strings.Compare(b.value, a.value) })
	return in
}

// actorKey is what a pivot on the actor named name filters by: the id its
// events share, else the name.
func (in *Counts) actorKey(name string) string {
	if id := in.actorKeys[name]; id != "" {
		return id
	}
	return name
}

// countryOf reads the country from a location like "Berlin, Germany": its
// last part.
func countryOf(location string) string {
	if location == "" {
		return ""
	}
	parts := strings.Split(location, ",")
	return strings.TrimSpace(parts[len(parts)-1])
}

// counter counts values, ignoring the empty one.
type counter map[string]int

func (c counter) add(v string) {
	if v != "" {
		c[v]++
	}
}

// top returns the tallies, most first, ties by value.
func (c counter) top() []tally {
	return c.sorted(func(a, b tally) int {
		if a.n != b.n {
			return cmp.Compare(b.n, a.n)
		}
		return strings.Compare(a.value, b.value)
	})
}

func (c counter) sorted(by func(a, b tally) int) []tally {
	out := make([]tally, 0, len(c))
	for v, n := range c {
		out = append(out, tally{v, n})
	}
	slices.SortFunc(out, by)
	return out
}
