package canaryemu

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/trail-dev/trail/sources/emulate"
)

// generator makes a console's audit trail over the two weeks before now:
// four people and an API token at work, a few odd logins, a burst of failed
// logins from one unfamiliar address, and some failed logins whose user names
// and agents carry terminal escapes, as attacker-controlled fields do.
//
// Action types are the five the Canary docs show plus user_login_failure,
// user_logout, incident_acknowledge, device_settings_update and
// api_token_create, which are synthetic: plausible, but not documented.
type generator struct {
	r       *rand.Rand
	now     time.Time
	users   []persona
	api     persona
	flocks  []flock
	devices []device
	kinds   []kind
}

type persona struct{ email, ip, agent, lang string }

type flock struct{ id, name string }

type device struct {
	id, name string
	flock    int
}

type kind struct {
	weight int
	fill   func(*generator, *Entry)
}

func (k kind) weigh() int { return k.weight }

// Addresses from the documentation ranges: offices in 198.51.100.0/24, homes
// in 203.0.113.0/24, the unfamiliar ones in 192.0.2.0/24 and 2001:db8::/32.
const attackerIP = "192.0.2.77"

func newGenerator(seed int64, now time.Time) *generator {
	g := &generator{
		r:   rand.New(rand.NewPCG(uint64(seed), 0x747261696c)),
		now: now.UTC().Truncate(time.Second),
		users: []persona{
			{"alice@example.com", "198.51.100.23", emulate.ChromeMac, "en-US,en;q=0.9"},
			{"alice@example.com", "198.51.100.23", emulate.ChromeMac, "en-US,en;q=0.9"},
			{"bob@example.com", "198.51.100.41", emulate.Firefox, "en-GB,en-US;q=0.9,en;q=0.8"},
			{"carol@example.com", "203.0.113.58", emulate.Safari, "en-US,en;q=0.9"},
			{"dave@example.com", "198.51.100.23", emulate.Edge, "de-DE,de;q=0.9,en;q=0.8"},
		},
		api: persona{"API Token", "198.51.100.20", "python-requests/2.31.0", ""},
		flocks: []flock{
			{"flock:default", "Default Flock"},
			{"flock:4f2a9c1e7b3d4e8f9a6c5b2d1e0f3a7c", "Cape Town Office"},
			{"flock:9b1e3d5f7a2c4e6a8b0d1f3e5c7a9b2d", "London DC"},
			{"flock:c3e5a7b9d1f2e4a6c8b0d2f4e6a8c0b1", "Sales"},
		},
		devices: []device{
			{"00000000fe7b3c21", "fileserver-02", 0}, {"000000006a1d9e44", "ct-printer-3f", 1},
			{"00000000b2c47d18", "ct-nas-backup", 1}, {"0000000031e8a5f9", "ldn-sql-07", 2},
			{"00000000d94f0b62", "ldn-jump-01", 2}, {"000000008c21e7a3", "sales-crm-dev", 3},
		},
		kinds: []kind{
			{30, (*generator).login}, {6, (*generator).logout}, {2, (*generator).loginFailure},
			{14, (*generator).incidentAck}, {9, (*generator).reboot}, {8, (*generator).pushSettings},
			{12, (*generator).settingsUpdate}, {4, (*generator).flockMove}, {3, (*generator).assignToFlock},
		},
	}
	return g
}

// generateEntries returns n entries, newest first, ids ascending with time
// and times strictly decreasing, the same for the same seed and now.
func generateEntries(n int, seed int64, now time.Time) []Entry {
	if n <= 0 {
		return nil
	}
	g := newGenerator(seed, now)
	out := make([]Entry, 0, n+1)
	out = append(out, g.burst(n)...)
	out = append(out, g.hostile(n, len(out))...)
	if n >= 40 {
		// A new API key is rare, but one in two weeks is worth seeing.
		e := Entry{Timestamp: g.randomTime()}
		g.apiTokenCreate(&e)
		out = append(out, e)
	}
	for len(out) < n {
		e := Entry{Timestamp: g.randomTime()}
		emulate.Pick(g.r, g.kinds, kind.weigh).fill(g, &e)
		out = append(out, e)
	}
	// Newest first, entries of the same second in the order made. The
	// order is found on indices and applied once: an Entry is large, and a
	// stable sort moves each many times: sorting them in place was a third
	// of making the demo's data, which trail --demo does before its first
	// frame.
	order := make([]int32, len(out))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int { return out[b].Timestamp.Compare(out[a].Timestamp) })
	sorted := make([]Entry, len(out))
	for i, j := range order {
		sorted[i] = out[j]
	}
	out = sorted
	first := int64(100 + g.r.IntN(900))
	for i := range out {
		if i > 0 && !out[i].Timestamp.Before(out[i-1].Timestamp) {
			out[i].Timestamp = out[i-1].Timestamp.Add(-time.Second)
		}
		out[i].ID = first + int64(len(out)-1-i)
	}
	return out
}

// randomTime picks a moment in the last 14 days, to the second, mostly in
// office hours (UTC) and less on weekends.
func (g *generator) randomTime() time.Time {
	return emulate.OfficeHours(g.r, g.now, 14, time.Second)
}

// burstStart is when the failed-login burst begins: 02:47 three nights ago.
func (g *generator) burstStart() time.Time {
	return g.now.Truncate(24*time.Hour).AddDate(0, 0, -3).Add(2*time.Hour + 47*time.Minute + 13*time.Second)
}

// burst is a run of failed logins from one unfamiliar address, a few seconds
// apart, trying common names: what an analyst should spot.
func (g *generator) burst(n int) []Entry {
	if n < 100 {
		return nil
	}
	names := []string{"admin", "administrator", "root", "alice@example.com", "admin@example.com", "test", "canary", "support", "it@example.com"}
	const agent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/91.0.4472.124 Safari/537.36"
	out := make([]Entry, min(30, n/25))
	t := g.burstStart()
	for i := range out {
		t = t.Add(time.Duration(2+g.r.IntN(8)) * time.Second)
		user := names[i%len(names)]
		out[i] = Entry{Timestamp: t, ActionType: "user_login_failure", User: user, UserIP: attackerIP,
			UserBrowserAgent: agent, Message: fmt.Sprintf("User %s failed to log in", user)}
	}
	return out
}

// hostile returns failed logins whose user or agent would take over a
// terminal that printed them: clear screen, window title, clipboard (OSC 52),
// C1 controls, a bidi override and a faked log line. They follow the burst,
// or fall at random times when the log is too small for one.
func (g *generator) hostile(n, afterBurst int) []Entry {
	if n < 40 {
		return nil
	}
	cases := emulate.HostileLogins("Canary Console", "User alice@example.com logged in")
	out := make([]Entry, len(cases))
	t := g.burstStart().Add(time.Duration(afterBurst)*10*time.Second + 2*time.Minute)
	for i, c := range cases {
		ts := t.Add(time.Duration(i*(20+g.r.IntN(40))) * time.Second)
		if afterBurst == 0 {
			ts = g.randomTime()
		}
		out[i] = Entry{Timestamp: ts, ActionType: "user_login_failure", User: c.User, UserIP: attackerIP,
			UserBrowserAgent: c.Agent, Message: fmt.Sprintf("User %s failed to log in", c.User)}
	}
	return out
}
