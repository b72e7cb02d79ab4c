package domoemu

import (
	"fmt"
	"time"

	"github.com/trail-dev/trail/sources/emulate"
)

// The functions below each make one sort of activity in the style of Domo's
// documented sample ("Leonard Euler viewed page Intro to Domo."). The
// generator picks among them by weight.

// at is t plus a few hundred milliseconds: what follows a click.
func (g *generator) at(t time.Time, step int) time.Time {
	return t.Add(time.Duration(step*(40+g.r.IntN(160))) * time.Millisecond)
}

// viewPage is a page view and the views of its cards, all in the same second
// or so, as a browser loads them.
func (g *generator) viewPage(t time.Time) []Entry {
	p := g.person(true)
	pg := g.pages[g.r.IntN(len(g.pages))]
	e := entry(p, t)
	e.ActionType, e.EventText, e.ObjectType, e.ObjectName, e.ObjectID = "VIEWED", "Viewed page", "PAGE", pg.name, pg.id
	e.AdditionalComment = fmt.Sprintf("%s viewed page %s.", p.name, pg.name)
	out := []Entry{e}
	for i, c := range pg.cards {
		out = append(out, g.cardView(p, g.cards[c], g.at(t, i+1)))
	}
	return out
}

func (g *generator) viewCard(t time.Time) []Entry {
	return []Entry{g.cardView(g.person(true), g.cards[g.r.IntN(len(g.cards))], t)}
}

func (g *generator) cardView(p persona, c object, t time.Time) Entry {
	e := entry(p, t)
	e.ActionType, e.EventText, e.ObjectType, e.ObjectName, e.ObjectID = "VIEWED", "Viewed card", "CARD", c.name, c.id
	e.AdditionalComment = fmt.Sprintf("%s viewed card %s.", p.name, c.name)
	return e
}

func (g *generator) login(t time.Time) []Entry {
	e := g.session(t, "LOGGED_IN", "Logged in", "%s logged in.")
	e.Extra = map[string]string{"authenticationMethod": []string{"SSO", "SSO", "PASSWORD"}[g.r.IntN(3)]}
	return []Entry{e}
}

func (g *generator) logout(t time.Time) []Entry {
	return []Entry{g.session(t, "LOGGED_OUT", "Logged out", "%s logged out.")}
}

func (g *generator) loginFailed(t time.Time) []Entry {
	return []Entry{g.session(t, "LOGIN_FAILED", "Failed login", "Failed login attempt for %s: incorrect password.")}
}

// session is someone signing in or out at t: the entry's object is the user
// themself, and comment holds a %s for their name.
func (g *generator) session(t time.Time, action, text, comment string) Entry {
	p := g.person(true)
	e := entry(p, t)
	e.ActionType, e.EventText, e.ObjectType, e.ObjectName, e.ObjectID = action, text, "USER", p.name, p.id
	e.AdditionalComment = fmt.Sprintf(comment, p.name)
	return e
}

func (g *generator) updateDataSet(t time.Time) []Entry {
	p := g.person(false)
	ds := g.sets[g.r.IntN(len(g.sets))]
	e := entry(p, t)
	e.ActionType, e.EventText, e.ObjectType, e.ObjectName, e.ObjectID = "UPDATED", "Updated DataSet", "DATA_SOURCE", ds.name, ds.id
	rows := 1000 + g.r.IntN(250000)
	e.AdditionalComment = fmt.Sprintf("%s updated DataSet %s: %d rows replaced.", p.name, ds.name, rows)
	e.Extra = map[string]string{"rowCount": fmt.Sprint(rows)}
	return []Entry{e}
}

func (g *generator) runDataFlow(t time.Time) []Entry {
	p := g.person(false)
	df := g.flows[g.r.IntN(len(g.flows))]
	e := entry(p, t)
	e.ActionType, e.EventText, e.ObjectType, e.ObjectName, e.ObjectID = "EXECUTED", "Ran DataFlow", "DATAFLOW_TYPE", df.name, df.id
	e.AdditionalComment = fmt.Sprintf("%s ran DataFlow %s.", p.name, df.name)
	return []Entry{e}
}

func (g *generator) createCard(t time.Time) []Entry {
	p := g.person(false)
	c := g.cards[g.r.IntN(len(g.cards))]
	e := entry(p, t)
	e.ActionType, e.EventText, e.ObjectType, e.ObjectName, e.ObjectID = "CREATED", "Created card", "CARD", c.name+" (copy)", fmt.Sprint(1330000000+g.r.IntN(9999999))
	e.AdditionalComment = fmt.Sprintf("%s created card %s.", p.name, e.ObjectName)
	return []Entry{e}
}

func (g *generator) share(t time.Time) []Entry {
	p := g.person(true)
	pg := g.pages[g.r.IntN(len(g.pages))]
	with := g.users[g.r.IntN(len(g.users))].name
	e := entry(p, t)
	e.ActionType, e.EventText, e.ObjectType, e.ObjectName, e.ObjectID = "SHARED", "Shared page", "PAGE", pg.name, pg.id
	e.AdditionalComment = fmt.Sprintf("%s shared page %s with %s.", p.name, pg.name, with)
	return []Entry{e}
}

func (g *generator) export(t time.Time) []Entry {
	p := g.person(true)
	c := g.cards[g.r.IntN(len(g.cards))]
	format := []string{"Excel", "CSV", "PowerPoint"}[g.r.IntN(3)]
	e := entry(p, t)
	e.ActionType, e.EventText, e.ObjectType, e.ObjectName, e.ObjectID = "EXPORTED", "Exported card", "CARD", c.name, c.id
	e.AdditionalComment = fmt.Sprintf("%s exported card %s to %s.", p.name, c.name, format)
	return []Entry{e}
}

func (g *generator) deleteCard(t time.Time) []Entry {
	p := g.person(false)
	c := g.cards[g.r.IntN(len(g.cards))]
	e := entry(p, t)
	e.ActionType, e.EventText, e.ObjectType, e.ObjectName, e.ObjectID = "DELETED", "Deleted card", "CARD", c.name+" (old)", fmt.Sprint(1200000000+g.r.IntN(9999999))
	e.AdditionalComment = fmt.Sprintf("%s deleted card %s.", p.name, e.ObjectName)
	return []Entry{e}
}

func (g *generator) viewActivityLog(t time.Time) []Entry {
	p := g.users[g.admin]
	e := entry(p, t)
	e.ActionType, e.EventText, e.ObjectType, e.ObjectName, e.ObjectID = "VIEWED", "Viewed activity log", "ACTIVITY_LOG", "Activity Log", ""
	e.AdditionalComment = fmt.Sprintf("%s viewed the activity log.", p.name)
	return []Entry{e}
}

// roleChange is the admin making someone an admin: rare, and worth finding.
func (g *generator) roleChange(t time.Time) []Entry {
	a, who := g.users[g.admin], g.users[3]
	e := entry(a, t)
	e.ActionType, e.EventText, e.ObjectType, e.ObjectName, e.ObjectID = "ROLE_CHANGED", "Changed role", "USER", who.name, who.id
	e.AdditionalComment = fmt.Sprintf("%s changed the role of %s from Participant to Admin.", a.name, who.name)
	e.Extra = map[string]string{"previousRole": "Participant", "newRole": "Admin"}
	return []Entry{e}
}

// actAs is the admin using "Log in as" another user and looking around: the
// entries name the user, with the admin as the proxying actor.
func (g *generator) actAs(t time.Time) []Entry {
	a, who := g.users[g.admin], g.users[1]
	adminID := int64(964382593)
	out := g.viewPage(t)
	for i := range out {
		out[i].UserName, out[i].UserID, out[i].AdditionalComment = who.name, who.id, fmt.Sprintf("%s viewed %s %s.", who.name,
			map[string]string{"PAGE": "page", "CARD": "card"}[out[i].ObjectType], out[i].ObjectName)
		out[i].ActorID, out[i].ActorName, out[i].IPAddress, out[i].BrowserDetails = adminID, a.name, a.ip, a.agent
	}
	return out
}

// twin is the same card viewed twice in the same millisecond: two entries
// with nothing to tell them apart, which still must both be shown.
func (g *generator) twin(t time.Time) []Entry {
	e := g.cardView(g.users[4], g.cards[4], t)
	return []Entry{e, e}
}

// burst is a run of failed logins from one unfamiliar address, a few seconds
// apart, against several accounts, ending in a lockout: what an analyst
// should spot. It starts at 02:47 three nights ago.
func (g *generator) burst() []Entry {
	const agent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/91.0.4472.124 Safari/537.36"
	t := g.now.Truncate(24*time.Hour).AddDate(0, 0, -3).Add(2*time.Hour + 47*time.Minute + 13*time.Second)
	var out []Entry
	for i := range 24 {
		t = t.Add(time.Duration(2000+g.r.IntN(6000)) * time.Millisecond)
		p := g.users[i%len(g.users)]
		e := Entry{Time: t, UserName: p.name, UserID: p.id, IPAddress: attackerIP, BrowserDetails: agent, Device: "desktop",
			ActionType: "LOGIN_FAILED", EventText: "Failed login", ObjectType: "USER", ObjectName: p.name, ObjectID: p.id}
		e.AdditionalComment = fmt.Sprintf("Failed login attempt for %s: incorrect password.", p.name)
		out = append(out, e)
	}
	victim := g.users[0]
	e := Entry{Time: t.Add(time.Second), UserName: victim.name, UserID: victim.id, IPAddress: attackerIP, BrowserDetails: agent,
		Device: "desktop", ActionType: "LOCKED_OUT", EventText: "User locked out", ObjectType: "USER", ObjectName: victim.name, ObjectID: victim.id}
	e.AdditionalComment = fmt.Sprintf("%s was locked out after too many failed login attempts.", victim.name)
	return append(out, e)
}

// hostile returns failed logins whose attempted user name, user agent or
// comment would take over a terminal that printed them: clear screen, window
// title, clipboard (OSC 52), C1 controls, a bidi override and a faked line.
func (g *generator) hostile(afterBurst bool) []Entry {
	cases := emulate.HostileLogins("Domo Admin", "Leonard Euler logged in.")
	t := g.now.Truncate(24*time.Hour).AddDate(0, 0, -3).Add(2*time.Hour + 52*time.Minute)
	out := make([]Entry, len(cases))
	for i, c := range cases {
		ts := t.Add(time.Duration(i*(20000+g.r.IntN(40000))) * time.Millisecond)
		if !afterBurst {
			ts = g.randomTime()
		}
		out[i] = Entry{Time: ts, UserName: c.User, UserID: "0", IPAddress: attackerIP, BrowserDetails: c.Agent, Device: "desktop",
			ActionType: "LOGIN_FAILED", EventText: "Failed login", ObjectType: "USER", ObjectName: c.User,
			AdditionalComment: fmt.Sprintf("Failed login attempt for %s: no such user.", c.User)}
	}
	return out
}
