// Package uitest holds checks and fixtures the tests of ui and its panes
// share: what may reach the terminal, and hostile inputs.
package uitest

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/trail-dev/trail/model"
)

// CheckTerminalSafe fails if out holds anything but printable text and SGR
// colour sequences: no other escape, no C0 or C1 control, no bidi or other
// invisible format character, no blink (which only the data contains).
func CheckTerminalSafe(t testing.TB, theme, out string) {
	t.Helper()
	for i := 0; i < len(out); {
		c := out[i]
		if c == 0x1b {
			j := i + 1
			if j >= len(out) || out[j] != '[' {
				t.Fatalf("%s: non-CSI escape at %d: %q", theme, i, around(out, i))
			}
			j++
			for j < len(out) && (out[j] >= '0' && out[j] <= '9' || out[j] == ';' || out[j] == ':') {
				j++
			}
			if j >= len(out) || out[j] != 'm' {
				t.Fatalf("%s: escape that is not a colour at %d: %q", theme, i, around(out, i))
			}
			for _, p := range strings.FieldsFunc(out[i+2:j], func(r rune) bool { return r == ';' }) {
				if p == "5" || p == "6" {
					t.Fatalf("%s: blink from the data reached the terminal: %q", theme, around(out, i))
				}
			}
			i = j + 1
			continue
		}
		if c == '\n' {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(out[i:])
		if r == utf8.RuneError && size == 1 {
			t.Fatalf("%s: invalid UTF-8 byte %#x at %d: %q", theme, c, i, around(out, i))
		}
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || r == 0x200b || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
			t.Fatalf("%s: control %U reached the terminal at %d: %q", theme, r, i, around(out, i))
		}
		i += size
	}
}

func around(s string, i int) string {
	return s[max(i-30, 0):min(i+30, len(s))]
}

// RepeatTo repeats s to n bytes or a little less, cut on a rune boundary.
func RepeatTo(s string, n int) string {
	t := strings.Repeat(s, n/len(s)+1)[:n]
	return strings.ToValidUTF8(t, "")
}

// NestedJSON is an object nested depth deep, alternating objects and lists:
// {"a":[{"a":[ ... ]}]}, about two bytes a level.
func NestedJSON(depth int) []byte {
	var b strings.Builder
	for i := 0; i < depth; i++ {
		if i%2 == 0 {
			b.WriteString(`{"a":`)
		} else {
			b.WriteString(`[`)
		}
	}
	b.WriteString(`1`)
	for i := depth - 1; i >= 0; i-- {
		if i%2 == 0 {
			b.WriteString(`}`)
		} else {
			b.WriteString(`]`)
		}
	}
	return []byte(b.String())
}

// Forbidden reports the first character no copy may hold raw: C0, C1, DEL,
// bidi controls and zero-width characters.
func Forbidden(s string) (rune, bool) {
	for _, r := range s {
		switch {
		case r < 0x20, r >= 0x7f && r <= 0x9f,
			r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069,
			r == 0x200e, r == 0x200f, r == 0x061c,
			r >= 0x200b && r <= 0x200d, r == 0x2060, r == 0xfeff:
			return r, true
		}
	}
	return 0, false
}

// InsightsFixture: alice works 09:00–10:30 in Berlin for three days, then
// logs in once at 03:12 from Lagos on a new IP; bob moves flocks in Paris on
// one afternoon and fails to log in twice; carol reboots a device once.
func InsightsFixture() []model.Event {
	at := func(day, h, m int) time.Time { return time.Date(2026, 11, day, h, m, 0, 0, time.UTC) }
	var evs []model.Event
	for day := 18; day <= 20; day++ {
		for _, hm := range [][2]int{{9, 0}, {9, 30}, {10, 0}, {10, 30}} {
			evs = append(evs, model.Event{Time: at(day, hm[0], hm[1]), Actor: "alice", Action: "user_login",
				IP: "10.0.0.1", Location: "Berlin, Germany", Target: "console"})
		}
	}
	evs = append(evs, model.Event{Time: at(20, 3, 12), Actor: "alice", Action: "user_login",
		IP: "203.0.113.99", Location: "Lagos, Nigeria", Target: "console"})
	for i := 0; i < 3; i++ {
		evs = append(evs, model.Event{Time: at(19, 14, i), Actor: "bob", Action: "flock_move", IP: "10.0.0.2",
			Location: "Paris, France", Target: "flock:ops"})
	}
	for i := 3; i < 5; i++ {
		evs = append(evs, model.Event{Time: at(19, 14, i), Actor: "bob", Action: "user_login_failure", IP: "10.0.0.2",
			Location: "Paris, France", Outcome: model.OutcomeFailure})
	}
	evs = append(evs, model.Event{Time: at(20, 23, 0), Actor: "carol", Action: "device_schedule_reboot", IP: "10.0.0.3", Target: "device:7"})
	// Newest first, as a provider sends them.
	for i, j := 0, len(evs)-1; i < j; i, j = i+1, j-1 {
		evs[i], evs[j] = evs[j], evs[i]
	}
	return evs
}
