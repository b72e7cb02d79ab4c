package domoemu

import (
	"math/rand/v2"
	"slices"
	"time"

	"github.com/trail-dev/trail/sources/emulate"
)

// generator makes a Domo instance's activity log over the two weeks before
// now: seven people viewing pages and cards (a page view comes with views of
// its cards in the same second), editing and running datasets and dataflows,
// sharing and exporting, logging in and out; an admin changing a role and
// acting as another user; a burst of failed logins from one unfamiliar
// address ending in a lockout; and failed logins and comments whose text
// carries terminal escapes, as attacker-controlled fields do.
//
// Only VIEWED is a documented action type; the others are plausible, not
// documented (see ActionTypes).
type generator struct {
	r     *rand.Rand
	now   time.Time
	users []persona
	admin int // index of the admin in users
	pages []object
	cards []object
	sets  []object
	flows []object
	kinds []kind
}

// persona is someone who uses the instance.
type persona struct {
	name, id, ip, agent, device string
}

// object is something in the instance: a page, card, dataset or dataflow.
type object struct {
	name, id string
	cards    []int // a page's cards, indexes into generator.cards
}

// kind is one sort of activity, making one entry or a few at time t.
type kind struct {
	weight int
	make   func(g *generator, t time.Time) []Entry
}

func (k kind) weigh() int { return k.weight }

// Addresses from the documentation ranges: offices in 198.51.100.0/24, homes
// in 203.0.113.0/24, the unfamiliar ones in 192.0.2.0/24.
const attackerIP = "192.0.2.77"

func newGenerator(seed int64, now time.Time) *generator {
	g := &generator{
		r:   rand.New(rand.NewPCG(uint64(seed), 0x646f6d6f)),
		now: now.UTC().Truncate(time.Millisecond),
		users: []persona{
			{"Leonard Euler", "1619916076", "198.51.100.23", emulate.ChromeMac, "desktop"},
			{"Ada Lovelace", "1837401552", "198.51.100.41", emulate.Firefox, "desktop"},
			{"Grace Hopper", "964382593", "198.51.100.12", emulate.Edge, "desktop"},
			{"Alan Turing", "1205529871", "203.0.113.58", emulate.Safari, "desktop"},
			{"Katherine Johnson", "1748210339", "198.51.100.77", emulate.ChromeMac, "desktop"},
			{"Emmy Noether", "1390026644", "203.0.113.91", emulate.IPhone, "mobile"},
			{"Srinivasa Ramanujan", "1551873020", "198.51.100.64", emulate.Firefox, "desktop"},
		},
		admin: 2,
		cards: []object{
			{name: "Revenue by Region", id: "1284730112"}, {name: "Open Opportunities", id: "1284730145"},
			{name: "Win Rate by Rep", id: "1284730177"}, {name: "Churn Rate", id: "1290044018"},
			{name: "Weekly Active Users", id: "1290044061"}, {name: "Tickets by Priority", id: "1301557230"},
			{name: "First Response Time", id: "1301557262"}, {name: "Campaign ROI", id: "1312009845"},
			{name: "Cash Position", id: "1320417708"},
		},
		sets: []object{
			{name: "Salesforce Opportunities", id: "8c2f4e1a-5b7d-4c3e-9f1a-2d6b8e0c4a7f"},
			{name: "Zendesk Tickets", id: "3e9a1c7b-2f4d-4b8e-a6c1-7d0f2e5b9a3c"},
			{name: "Google Analytics Sessions", id: "b4d7e2a9-1c6f-4e3b-8a5d-0f9c2b7e4d1a"},
			{name: "Finance GL Export", id: "e1a5c9f3-7b2d-4f6e-b0c4-9a8d3e2f1b7c"},
		},
		flows: []object{
			{name: "Opportunities ETL", id: "412"}, {name: "Churn Model (Magic ETL)", id: "437"}, {name: "GL Daily Rollup", id: "451"},
		},
	}
	g.pages = []object{
		{name: "Intro to Domo", id: "663909457", cards: []int{4}},
		{name: "Sales Pipeline", id: "1043881290", cards: []int{0, 1, 2}},
		{name: "Executive Overview", id: "1043881355", cards: []int{0, 3, 4, 8}},
		{name: "Support Queue", id: "1102274631", cards: []int{5, 6}},
		{name: "Marketing Funnel", id: "1118840026", cards: []int{7, 4}},
	}
	g.kinds = []kind{
		{34, (*generator).viewPage}, {14, (*generator).viewCard}, {9, (*generator).login}, {3, (*generator).logout},
		{2, (*generator).loginFailed}, {6, (*generator).updateDataSet}, {5, (*generator).runDataFlow},
		{3, (*generator).createCard}, {3, (*generator).share}, {3, (*generator).export}, {1, (*generator).deleteCard},
		{1, (*generator).viewActivityLog},
	}
	return g
}

// generateEntries returns n entries, oldest first, the same for the same
// seed and now.
func generateEntries(n int, seed int64, now time.Time) []Entry {
	if n <= 0 {
		return nil
	}
	g := newGenerator(seed, now)
	var out []Entry
	if n >= 100 {
		out = append(out, g.burst()...)
	}
	if n >= 40 {
		out = append(out, g.hostile(n >= 100)...)
		out = append(out, g.roleChange(g.randomTime())...)
		out = append(out, g.actAs(g.randomTime())...)
		out = append(out, g.twin(g.randomTime())...)
	}
	for len(out) < n {
		out = append(out, g.random()...)
	}
	out = out[:n]
	slices.SortStableFunc(out, func(a, b Entry) int { return a.Time.Compare(b.Time) })
	return out
}

// random makes one activity of a kind picked by weight, at a random time.
func (g *generator) random() []Entry {
	t := g.randomTime()
	return emulate.Pick(g.r, g.kinds, kind.weigh).make(g, t)
}

// randomTime picks a moment in the last 14 days, to the millisecond, mostly
// in office hours (UTC) and less on weekends.
func (g *generator) randomTime() time.Time {
	return emulate.OfficeHours(g.r, g.now, 14, time.Millisecond)
}

// person picks someone, never the admin unless admin is true.
func (g *generator) person(admin bool) persona {
	for {
		i := g.r.IntN(len(g.users))
		if admin || i != g.admin {
			p := g.users[i]
			switch g.r.IntN(40) {
			case 0:
				p.ip = "192.0.2.130" // a hotel network
			case 1:
				p.ip = "2001:db8:4f2a::17" // travelling
			}
			return p
		}
	}
}

// entry starts an entry by p at t.
func entry(p persona, t time.Time) Entry {
	return Entry{Time: t, UserName: p.name, UserID: p.id, BrowserDetails: p.agent, Device: p.device, IPAddress: p.ip}
}
