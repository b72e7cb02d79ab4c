package canaryemu

import (
	"encoding/json"
	"fmt"
)

// The fill functions below each write one kind of entry in the console's
// style ("User alice@example.com logged in", "User 'API Token' scheduled the
// device ... to be rebooted"). The generator picks among them by weight.

// actor picks who did something: a person, or the API token with chance
// apiPercent.
func (g *generator) actor(apiPercent int) persona {
	if g.r.IntN(100) < apiPercent {
		return g.api
	}
	return g.users[g.r.IntN(len(g.users))]
}

// by fills the who-fields of e and returns the name as messages write it.
func (g *generator) by(e *Entry, p persona) string {
	e.User, e.UserIP, e.UserBrowserAgent, e.UserBrowserLanguage = p.email, p.ip, p.agent, p.lang
	if p == g.api {
		return "'API Token'"
	}
	return p.email
}

// onDevice points e at a random device and its flock.
func (g *generator) onDevice(e *Entry) device {
	d := g.devices[g.r.IntN(len(g.devices))]
	e.FlockID, e.FlockName = g.flocks[d.flock].id, g.flocks[d.flock].name
	return d
}

func (g *generator) login(e *Entry) {
	p := g.actor(0)
	switch g.r.IntN(40) {
	case 0:
		p.ip = "2001:db8:4f2a::17" // travelling
	case 1:
		p.ip = "192.0.2.130" // a hotel network
	}
	e.ActionType = "user_login"
	e.Message = fmt.Sprintf("User %s logged in", g.by(e, p))
}

func (g *generator) logout(e *Entry) {
	e.ActionType = "user_logout"
	e.Message = fmt.Sprintf("User %s logged out", g.by(e, g.actor(0)))
}

func (g *generator) loginFailure(e *Entry) {
	e.ActionType = "user_login_failure"
	e.AdditionalInformation = json.RawMessage(`"Incorrect password"`)
	e.Message = fmt.Sprintf("User %s failed to log in", g.by(e, g.actor(0)))
}

func (g *generator) incidentAck(e *Entry) {
	who := g.by(e, g.actor(30))
	d := g.onDevice(e)
	e.ActionType = "incident_acknowledge"
	e.AdditionalInformation = json.RawMessage(fmt.Sprintf(`"incident:smbfileopen:%016x"`, g.r.Uint64()))
	e.Message = fmt.Sprintf("User %s acknowledged an incident on the device %s (%s)", who, d.id, d.name)
}

func (g *generator) reboot(e *Entry) {
	who := g.by(e, g.actor(80))
	d := g.onDevice(e)
	e.ActionType = "device_schedule_reboot"
	e.Message = fmt.Sprintf("User %s scheduled the device %s to be rebooted", who, d.id)
}

func (g *generator) pushSettings(e *Entry) {
	who := g.by(e, g.actor(20))
	d := g.onDevice(e)
	e.ActionType = "device_push_settings"
	e.Message = fmt.Sprintf("User %s pushed settings to the device %s (%s)", who, d.id, d.name)
}

func (g *generator) settingsUpdate(e *Entry) {
	who := g.by(e, g.actor(10))
	d := g.onDevice(e)
	changes := []struct{ setting, old, new string }{
		{"smb.enabled", "false", "true"}, {"ssh.port", "22", "2222"}, {"device.personality", `"windows-server-2019"`, `"synology-nas"`},
		{"http.skin", `"nas-login"`, `"iis-default"`},
	}
	c := changes[g.r.IntN(len(changes))]
	e.ActionType = "device_settings_update"
	e.AdditionalInformation = json.RawMessage(fmt.Sprintf(`{"setting":%q,"old":%s,"new":%s}`, c.setting, c.old, c.new))
	e.Message = fmt.Sprintf("User %s changed %s on the device %s (%s)", who, c.setting, d.id, d.name)
}

func (g *generator) flockMove(e *Entry) {
	who := g.by(e, g.actor(0))
	d := g.devices[g.r.IntN(len(g.devices))]
	to := g.flocks[(d.flock+1+g.r.IntN(len(g.flocks)-1))%len(g.flocks)]
	e.ActionType = "flock_move"
	e.FlockID, e.FlockName = to.id, to.name
	e.Message = fmt.Sprintf("User %s moved the device %s from flock '%s' to flock '%s'", who, d.id, g.flocks[d.flock].name, to.name)
}

func (g *generator) assignToFlock(e *Entry) {
	who := g.by(e, g.actor(0))
	f := g.flocks[g.r.IntN(len(g.flocks))]
	other := g.users[g.r.IntN(len(g.users))].email
	e.ActionType = "user_assign_to_flock"
	e.FlockID, e.FlockName = f.id, f.name
	e.Message = fmt.Sprintf("User %s assigned the user %s to the flock '%s'", who, other, f.name)
}

func (g *generator) apiTokenCreate(e *Entry) {
	who := g.by(e, g.users[0])
	key := fmt.Sprintf("%08x", g.r.Uint32())
	e.ActionType = "api_token_create"
	e.AdditionalInformation = json.RawMessage(fmt.Sprintf(`{"key_id":%q,"role":"Read-Only","note":"SIEM export"}`, key))
	e.Message = fmt.Sprintf("User %s created the Read-Only API key %s (SIEM export)", who, key)
}
