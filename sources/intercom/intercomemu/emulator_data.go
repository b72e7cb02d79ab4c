package intercomemu

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/trail-dev/trail/sources/emulate"
)

// generator makes a workspace's admin activity log over the four weeks
// before now: five teammates signing in and out, going away and coming back,
// changing assignment limits and settings, exporting data; one rename of the
// app; a burst of failed logins from one unfamiliar address; and a few
// entries whose fields carry terminal escapes, as typed-in names do.
type generator struct {
	r      *rand.Rand
	now    time.Time
	admins []persona
	teams  []team
	kinds  []kind
}

type persona struct{ id, name, email, ip string }

type team struct {
	id   int
	name string
}

type kind struct {
	weight int
	fill   func(*generator, *Entry, persona)
}

func (k kind) weigh() int { return k.weight }

// Addresses from the documentation ranges: offices in 198.51.100.0/24, homes
// in 203.0.113.0/24, the unfamiliar one in 192.0.2.0/24.
const attackerIP = "192.0.2.77"

// genDays is how far back the generated log reaches; under DefaultWindow,
// so the demo's first screen shows all of it.
const genDays = 28

func newGenerator(seed int64, now time.Time) *generator {
	g := &generator{
		r:   rand.New(rand.NewPCG(uint64(seed), 0x696e74657263)),
		now: now.UTC().Truncate(time.Second),
		admins: []persona{
			{"5017691", "Ana Souza", "ana.souza@example.com", "198.51.100.23"},
			{"5017692", "Ben Okafor", "ben.okafor@example.com", "198.51.100.41"},
			{"5017704", "Chloé Martin", "chloe.martin@example.com", "203.0.113.58"},
			{"5017731", "Dev Patel", "dev.patel@example.com", "198.51.100.23"},
			{"6120045", "Eli Nakamura", "eli.nakamura@example.com", "203.0.113.9"},
		},
		teams: []team{{4207, "Billing"}, {4208, "Technical Support"}, {4311, "VIP Accounts"}},
		kinds: []kind{
			{30, (*generator).loginSuccess}, {8, (*generator).logout}, {3, (*generator).loginFailure},
			{12, (*generator).awayMode}, {8, (*generator).occupancyState}, {2, (*generator).awaySetting},
			{3, (*generator).assignmentLimit}, {2, (*generator).teamLimit}, {3, (*generator).messageState},
			{3, (*generator).export}, {1, (*generator).twoFactor},
		},
	}
	return g
}

// generateEntries returns n entries, newest first, the same for the same
// seed and now.
func generateEntries(n int, seed int64, now time.Time) []Entry {
	if n <= 0 {
		return nil
	}
	g := newGenerator(seed, now)
	var out []Entry
	if n >= 10 {
		out = append(out, g.appNameChange())
	}
	if n >= 40 {
		out = append(out, g.burst()...)
		out = append(out, g.hostile()...)
		out = append(out, g.rare()...)
	}
	for len(out) < n {
		a := g.admins[g.r.IntN(len(g.admins))]
		e := Entry{CreatedAt: g.randomTime(), PerformedBy: Admin{a.id, a.email, a.ip}}
		emulate.Pick(g.r, g.kinds, kind.weigh).fill(g, &e, a)
		out = append(out, e)
	}
	out = out[:n]
	for i := range out {
		out[i].ID = g.uuid()
	}
	return sortEntries(out)
}

// randomTime picks a moment in the last genDays days, mostly in office
// hours (UTC) and less on weekends.
func (g *generator) randomTime() time.Time {
	today := g.now.Truncate(24 * time.Hour)
	for range 8 {
		hour := g.r.IntN(24)
		if g.r.IntN(10) < 8 {
			hour = 7 + g.r.IntN(11)
		}
		t := today.AddDate(0, 0, -g.r.IntN(genDays)).Add(time.Duration(hour)*time.Hour + time.Duration(g.r.IntN(3600))*time.Second)
		if wd := t.Weekday(); (wd == time.Saturday || wd == time.Sunday) && g.r.IntN(4) != 0 {
			continue
		}
		if t.Before(g.now) {
			return t
		}
	}
	return g.now.Add(-time.Duration(1+g.r.IntN(genDays*24*3600-1)) * time.Second)
}

// uuid makes a version-4-shaped id from the generator's stream.
func (g *generator) uuid() string {
	return fmt.Sprintf("%08x-%04x-4%03x-%04x-%012x", g.r.Uint32(), g.r.IntN(1<<16), g.r.IntN(1<<12),
		0x8000|g.r.IntN(1<<14), g.r.Uint64()&(1<<48-1))
}

// meta encodes metadata from key, value pairs, keeping their order as
// Intercom's responses do; the generator's values always encode.
func meta(kv ...any) json.RawMessage {
	b := []byte{'{'}
	for i := 0; i+1 < len(kv); i += 2 {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, answer.Encode(kv[i])...)
		b = append(b, ':')
		b = append(b, answer.Encode(kv[i+1])...)
	}
	return append(b, '}')
}

func (g *generator) loginSuccess(e *Entry, a persona) {
	method := [...]string{"email_password", "email_password", "google_sso", "saml_sso"}[g.r.IntN(4)]
	e.ActivityType, e.Metadata = "admin_login_success", meta("sign_in_method", method)
	e.Description = a.name + " successfully logged in."
}

func (g *generator) logout(e *Entry, a persona) {
	e.ActivityType, e.Description = "admin_logout", a.name+" logged out."
}

func (g *generator) loginFailure(e *Entry, a persona) {
	e.ActivityType, e.Metadata = "admin_login_failure", meta("sign_in_method", "email_password")
	e.Description = "Failed login attempt for " + a.email + "."
}

func (g *generator) awayMode(e *Entry, a persona) {
	away := g.r.IntN(2) == 0
	reason := [...]string{"☕ On a break", "🍔 Lunch", "📅 In a meeting", "🏠 Done for the day"}[g.r.IntN(4)]
	state, why := "back", ""
	if away {
		state, why = "away ("+reason+")", reason
	}
	e.ActivityType = "admin_away_mode_change"
	e.Metadata = meta("away_mode", away, "away_status_reason", why, "reassign_conversations", away && g.r.IntN(3) == 0,
		"source", "web", "auto_changed", false, "update_by", mustAtoi(a.id), "update_by_name", a.name)
	e.Description = fmt.Sprintf("%s changed their away mode to %s.", a.name, state)
}

func (g *generator) occupancyState(e *Entry, a persona) {
	prev, next := "occupied", "idle"
	if g.r.IntN(2) == 0 {
		prev, next = next, prev
	}
	e.ActivityType = "admin_occupancy_state_change"
	e.Metadata = meta("previous_state", prev, "new_state", next, "threshold_minutes", 15, "last_activity_at", e.CreatedAt.Add(-15*time.Minute).Unix(), "auto", true)
	e.Description = fmt.Sprintf("%s's status changed from %s to %s.", a.name, prev, next)
}

func (g *generator) awaySetting(e *Entry, a persona) {
	e.ActivityType = "automatic_away_mode_setting_change"
	e.Metadata = json.RawMessage(`{"setting_type":"automatic_away_mode","changes":{"enabled":{"before":false,"after":true},` +
		`"mode":{"before":"when_away_only","after":"when_away_and_reassign"}}}`)
	e.Description = a.name + " changed the automatic away mode settings."
}

func (g *generator) assignmentLimit(e *Entry, a persona) {
	limit := 5 + g.r.IntN(16)
	if g.r.IntN(3) == 0 {
		e.ActivityType, e.Metadata = "admin_ticket_assignment_limit_change", meta("ticket_assignment_limit", limit)
		e.Description = fmt.Sprintf("%s changed their ticket assignment limit to %d.", a.name, limit)
		return
	}
	e.ActivityType, e.Metadata = "admin_conversation_assignment_limit_change", meta("conversation_assignment_limit", limit)
	e.Description = fmt.Sprintf("%s changed their conversation assignment limit to %d.", a.name, limit)
}

func (g *generator) teamLimit(e *Entry, a persona) {
	t := g.teams[g.r.IntN(len(g.teams))]
	var limit any = 10 + g.r.IntN(30)
	text := fmt.Sprintf("to %d", limit)
	if g.r.IntN(4) == 0 {
		limit, text = nil, "off"
	}
	e.ActivityType = "team_assignment_limit_change"
	e.Metadata = meta("team", map[string]any{"id": t.id, "name": t.name}, "team_assignment_limit", limit)
	e.Description = fmt.Sprintf("%s turned the assignment limit of team %s %s.", a.name, t.name, text)
}

func (g *generator) messageState(e *Entry, a persona) {
	titles := [...]string{"Welcome tour", "Onboarding checklist", "Pricing change notice", "Holiday support hours"}
	title := titles[g.r.IntN(len(titles))]
	before, after := "draft", "live"
	if g.r.IntN(3) == 0 {
		before, after = "live", "paused"
	}
	e.ActivityType = "message_state_change"
	e.Metadata = meta("message", map[string]any{"id": 1000 + g.r.IntN(9000), "title": title}, "before", before, "after", after)
	e.Description = fmt.Sprintf("%s changed your %s message from %s to %s.", a.name, title, before, after)
}

func (g *generator) export(e *Entry, a persona) {
	switch g.r.IntN(3) {
	case 0:
		e.ActivityType, e.Description = "app_data_export", a.name+" exported conversation data from your app."
	case 1:
		e.ActivityType, e.Description = "bulk_export", a.name+" exported user and lead data from your app."
	default:
		e.ActivityType, e.Description = "conversation_pdf_export", a.name+" exported a conversation as a PDF."
	}
}

func (g *generator) twoFactor(e *Entry, a persona) {
	e.ActivityType, e.Metadata = "admin_two_factor_auth_change", meta("before", "disabled", "after", "enabled")
	e.Description = a.name + " turned on two-factor authentication."
}

// mustAtoi reads an id the generator wrote itself.
func mustAtoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// base64Std is used for the clipboard escape in the hostile data.
func base64Std(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
