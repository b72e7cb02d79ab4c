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
//     max(2, n/48) of their n events (half an even share: an actor busy
//     around the clock keeps every hour), once n ≥ 10; events outside them
//     are off-hours.
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

// ranked is a sighting and when it came into a Tally, for ties in time.
type ranked struct {
	s   sighting
	seq int
}

// shownSightings is how many new places and off-hours events the pane
// lists, newest first: a Tally keeps no more of either.
const shownSightings = 10

// Compute counts evs (in any order).
func Compute(evs []model.Event, loc *time.Location) Counts {
	t := NewTally(loc)
	t.Add(evs)
	return t.Counts()
}

// Tally counts events a page at a time, in any order, keeping aggregates,
// not the events: its memory grows with the distinct actors, actions,
// objects, IPs, countries and days, and with the places each actor was
// seen at, never with the events counted. Counts gives what Compute gives
// over every event added.
type Tally struct {
	loc                                      *time.Location
	seq                                      int // events added: ties in time go by the order they came in
	total, failures                          int
	from, to                                 time.Time
	actors, actions, targets, ips, countries counter
	failuresBy, days                         counter
	actorKeys                                map[string]string
	hours                                    [24]int
	seen                                     map[string]*actorSeen
	day                                      dayCache
}

// dayCache is the day string of the last event's day: events come in
// time order, mostly, and formatting a day for each cost a tenth of the
// counting.
type dayCache struct {
	from, to time.Time // the day [from, to) in the Tally's zone
	name     string
}

// of returns "2006-01-02" for t (in the Tally's zone already).
func (c *dayCache) of(t time.Time) string {
	if c.name != "" && !t.Before(c.from) && t.Before(c.to) {
		return c.name
	}
	y, m, d := t.Date()
	c.from = time.Date(y, m, d, 0, 0, 0, 0, t.Location())
	c.to = c.from.AddDate(0, 0, 1)
	c.name = t.Format("2006-01-02")
	return c.name
}

// actorSeen is what a Tally keeps of one actor's timed events: its
// earliest, the earliest sighting of each place, how many fell in each hour
// and the newest few of each hour (candidates for off-hours, which need
// the actor's whole history to tell).
type actorSeen struct {
	first  stamp
	places map[place]placeSeen
	hours  [24]int
	n      int
	newest [24][]ranked // per hour, at most shownSightings, newest first
}

// stamp orders events by time, then by the order they were added.
type stamp struct {
	at  time.Time
	seq int
}

func (a stamp) before(b stamp) bool {
	if c := a.at.Compare(b.at); c != 0 {
		return c < 0
	}
	return a.seq < b.seq
}

// place is an IP or a country an actor was seen at.
type place struct {
	country bool // else an IP
	value   string
}

type placeSeen struct {
	first stamp
	s     sighting
}

// NewTally returns an empty tally reading times in loc.
func NewTally(loc *time.Location) *Tally {
	return &Tally{loc: loc, actors: counter{}, actions: counter{}, targets: counter{}, ips: counter{}, countries: counter{},
		failuresBy: counter{}, days: counter{}, actorKeys: map[string]string{}, seen: map[string]*actorSeen{}}
}

// Add counts evs in. It keeps no reference to them.
func (t *Tally) Add(evs []model.Event) {
	for i := range evs {
		t.add(&evs[i])
	}
}

func (t *Tally) add(e *model.Event) {
	t.seq++
	t.total++
	t.actors.add(e.Actor)
	if id, ok := t.actorKeys[e.Actor]; !ok {
		t.actorKeys[strings.Clone(e.Actor)] = strings.Clone(e.ActorID)
	} else if id != e.ActorID && id != "" {
		t.actorKeys[e.Actor] = "" // more than one id, or none: the name it is
	}
	t.actions.add(e.Action)
	t.targets.add(e.Target)
	t.ips.add(e.IP)
	country := countryOf(e.Location)
	t.countries.add(country)
	if e.Outcome == model.OutcomeFailure {
		t.failures++
		t.failuresBy.add(e.Actor)
	}
	if e.Time.IsZero() {
		return
	}
	tm := e.Time.In(t.loc)
	if t.from.IsZero() || tm.Before(t.from) {
		t.from = tm
	}
	if tm.After(t.to) {
		t.to = tm
	}
	t.days.add(t.day.of(tm))
	h := tm.Hour()
	t.hours[h]++
	if e.Actor == "" {
		return
	}
	at := stamp{e.Time, t.seq}
	a := t.seen[e.Actor]
	if a == nil {
		a = &actorSeen{first: at, places: map[place]placeSeen{}}
		t.seen[strings.Clone(e.Actor)] = a
	} else if at.before(a.first) {
		a.first = at
	}
	a.hours[h]++
	a.n++
	var s *sighting // made once, for this event, if it is kept anywhere
	sight := func(what, value string) sighting {
		if s == nil {
			s = &sighting{actor: strings.Clone(e.Actor), at: e.Time, key: strings.Clone(common.ActorKey(e)), ref: common.RefOf(e)}
		}
		c := *s
		c.what, c.value = what, value
		return c
	}
	for _, p := range [...]struct{ what, value string }{{"IP", e.IP}, {"country", country}} {
		if p.value == "" {
			continue
		}
		k := place{p.what == "country", p.value}
		if old, ok := a.places[k]; ok && !at.before(old.first) {
			continue
		}
		k.value = strings.Clone(p.value)
		a.places[k] = placeSeen{first: at, s: sight(p.what, k.value)}
	}
	// The newest few of this actor's events in this hour.
	kept := a.newest[h]
	if len(kept) < shownSightings || newer(at, kept[len(kept)-1]) {
		c := ranked{sight("hour", tm.Format("15:04")), at.seq}
		i := len(kept)
		for i > 0 && newer(at, kept[i-1]) {
			i--
		}
		kept = slices.Insert(kept, i, c)
		if len(kept) > shownSightings {
			kept = kept[:shownSightings]
		}
		a.newest[h] = kept
	}
}

// newer reports whether an event at a comes before s in newest-first
// order: later in time, or as late and added earlier.
func newer(a stamp, r ranked) bool {
	if c := a.at.Compare(r.s.at); c != 0 {
		return c > 0
	}
	return a.seq < r.seq
}

// Counts is what was counted so far.
func (t *Tally) Counts() Counts {
	in := Counts{total: t.total, failures: t.failures, from: t.from, to: t.to, hours: t.hours, actorKeys: t.actorKeys}
	type placed struct {
		s    sighting
		at   stamp
		what int
	}
	var places []placed
	var off []ranked
	for _, a := range t.seen {
		firstDay := a.first.at.In(t.loc).Format("2006-01-02")
		for _, p := range a.places {
			if p.first.at.In(t.loc).Format("2006-01-02") != firstDay {
				w := 0
				if p.s.what != "IP" {
					w = 1
				}
				places = append(places, placed{p.s, p.first, w})
			}
		}
		if a.n < 10 {
			continue
		}
		for h := range a.newest {
			if a.hours[h] < max(2, a.n/48) {
				off = append(off, a.newest[h]...)
			}
		}
	}
	// Newest first; as new as each other, in the order they came in (the IP
	// before the country of one event).
	slices.SortFunc(places, func(a, b placed) int {
		if c := b.at.at.Compare(a.at.at); c != 0 {
			return c
		}
		if a.at.seq != b.at.seq {
			return cmp.Compare(a.at.seq, b.at.seq)
		}
		return cmp.Compare(a.what, b.what)
	})
	for _, p := range places[:min(len(places), shownSightings)] {
		in.newPlaces = append(in.newPlaces, p.s)
	}
	slices.SortFunc(off, func(a, b ranked) int {
		if c := b.s.at.Compare(a.s.at); c != 0 {
			return c
		}
		return cmp.Compare(a.seq, b.seq)
	})
	for _, r := range off[:min(len(off), shownSightings)] {
		in.offHours = append(in.offHours, r.s)
	}
	in.actors, in.actions, in.targets, in.ips, in.countries = t.actors.top(), t.actions.top(), t.targets.top(), t.ips.top(), t.countries.top()
	in.failuresBy = t.failuresBy.top()
	in.days = t.days.sorted(func(a, b tally) int { return strings.Compare(b.value, a.value) })
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
	if v == "" {
		return
	}
	if _, ok := c[v]; ok {
		c[v]++
		return
	}
	c[strings.Clone(v)] = 1 // not a view into a bigger string the event holds
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
