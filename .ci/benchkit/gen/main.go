// Command gen writes a deterministic Thinkst Canary audit trail as JSON
// lines, one raw audit_trail entry per line, for .ci/bench.
//
//	go run ./.ci/benchkit/gen -n 1000000 -o canary-1m.jsonl
//
// Entries are written oldest first, as a log file grows: that is the order
// lnav indexes without re-sorting, and trail's file source reads a file in
// either order. The same -n and -seed always give the same bytes. Each entry
// is a canaryemu.Entry, written as the emulator writes one: the console's
// fields with its keys in alphabetical order (id,
// action_type, timestamp as "2020-04-17 11:58:10 UTC+0000", user, user_ip,
// user_browser_agent, message, flock_id, ...), and the events are spread
// over about a month: one every 1 to 4 seconds from 2026-10-01 00:00:00 UTC.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"time"

	"github.com/trail-dev/trail/sources/canary/canaryemu"
)

type persona struct{ email, ip, agent, lang string }

const (
	chrome  = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"
	firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0"
	safari  = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15"
)

var (
	people = []persona{
		{"alice@example.com", "198.51.100.23", chrome, "en-US,en;q=0.9"},
		{"bob@example.com", "198.51.100.41", firefox, "en-GB,en-US;q=0.9,en;q=0.8"},
		{"carol@example.com", "203.0.113.58", safari, "en-US,en;q=0.9"},
		{"dave@example.com", "198.51.100.23", chrome, "de-DE,de;q=0.9,en;q=0.8"},
	}
	apiToken = persona{"API Token", "198.51.100.20", "python-requests/2.31.0", ""}
	flocks   = [][2]string{
		{"flock:default", "Default Flock"},
		{"flock:4f2a9c1e7b3d4e8f9a6c5b2d1e0f3a7c", "Cape Town Office"},
		{"flock:9b1e3d5f7a2c4e6a8b0d1f3e5c7a9b2d", "London DC"},
	}
	devices = [][2]string{
		{"00000000fe7b3c21", "fileserver-02"}, {"000000006a1d9e44", "ct-printer-3f"},
		{"0000000031e8a5f9", "ldn-sql-07"}, {"00000000d94f0b62", "ldn-jump-01"},
	}
)

func main() {
	n := flag.Int("n", 100_000, "number of entries")
	out := flag.String("o", "-", "output file (- for stdout)")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	w := os.Stdout
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
		defer f.Close()
		w = f
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	if err := generate(bw, *n, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	if err := bw.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func generate(w *bufio.Writer, n int, seed uint64) error {
	r := rand.New(rand.NewPCG(seed, 0x747261696c))
	t := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	enc := json.NewEncoder(w) // one line per entry, newline included
	enc.SetEscapeHTML(false)
	for i := range n {
		t = t.Add(time.Duration(1+r.IntN(4)) * time.Second)
		e := fill(r)
		e.ID = int64(1000 + i)
		e.Timestamp = t
		if err := enc.Encode(e); err != nil {
			return err
		}
	}
	return nil
}

// fill makes one entry of a kind chosen by weight, in the console's words.
func fill(r *rand.Rand) canaryemu.Entry {
	var e canaryemu.Entry
	by := func(p persona) string {
		e.User, e.UserIP, e.UserBrowserAgent, e.UserBrowserLanguage = p.email, p.ip, p.agent, p.lang
		if p == apiToken {
			return "'API Token'"
		}
		return p.email
	}
	who := func(apiPercent int) persona {
		if r.IntN(100) < apiPercent {
			return apiToken
		}
		return people[r.IntN(len(people))]
	}
	device := func() [2]string {
		i := r.IntN(len(devices))
		f := flocks[i%len(flocks)]
		e.FlockID, e.FlockName = f[0], f[1]
		return devices[i]
	}
	e.AdditionalInformation = json.RawMessage("null")
	switch k := r.IntN(100); {
	case k < 35:
		e.ActionType = "user_login"
		e.Message = fmt.Sprintf("User %s logged in", by(who(0)))
	case k < 42:
		e.ActionType = "user_logout"
		e.Message = fmt.Sprintf("User %s logged out", by(who(0)))
	case k < 50:
		e.ActionType = "user_login_failure"
		e.AdditionalInformation = json.RawMessage(`"Incorrect password"`)
		e.Message = fmt.Sprintf("User %s failed to log in", by(who(0)))
	case k < 66:
		name := by(who(30))
		d := device()
		e.ActionType = "incident_acknowledge"
		e.AdditionalInformation = json.RawMessage(fmt.Sprintf(`"incident:smbfileopen:%016x"`, r.Uint64()))
		e.Message = fmt.Sprintf("User %s acknowledged an incident on the device %s (%s)", name, d[0], d[1])
	case k < 78:
		name := by(who(80))
		d := device()
		e.ActionType = "device_schedule_reboot"
		e.Message = fmt.Sprintf("User %s scheduled the device %s to be rebooted", name, d[0])
	case k < 90:
		name := by(who(20))
		d := device()
		e.ActionType = "device_push_settings"
		e.Message = fmt.Sprintf("User %s pushed settings to the device %s (%s)", name, d[0], d[1])
	default:
		name := by(who(10))
		d := device()
		e.ActionType = "device_settings_update"
		e.AdditionalInformation = json.RawMessage(`{"setting":"ssh.port","old":"22","new":"2222"}`)
		e.Message = fmt.Sprintf("User %s changed ssh.port on the device %s (%s)", name, d[0], d[1])
	}
	return e
}
