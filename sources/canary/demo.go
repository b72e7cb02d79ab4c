package canary

import (
	"net/http"
	"time"

	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/transport"
)

// demoToken is the token the demo emulator (canaryemu.DemoToken) accepts;
// TestStartDemo holds the two together.
const demoToken = "demo"

// Demo returns the Provider.Demo of `trail --demo canary`: it serves
// emulator(now) on a loopback port and opens the real client against it.
// main.go passes canaryemu.Demo; the client never imports its emulator, so
// the emulator stays a reading of the API made apart from the client.
func Demo(emulator func(now time.Time) http.Handler) sources.DemoFunc {
	return sources.DemoOn("canary", emulator, func(base string, _ time.Time, env sources.Env) sources.Source {
		return New(Config{BaseURL: base, Token: demoToken, Name: "demo", HTTP: transport.EnvOptions(env)})
	})
}
