package intercom

import (
	"net/http"
	"time"

	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/transport"
)

// demoToken is the token the demo emulator (intercomemu.DemoToken) accepts;
// TestStartDemo holds the two together.
const demoToken = "demo"

// Demo returns the Provider.Demo of `trail --demo intercom`: it serves
// emulator(now) on a loopback port and opens the real client against it,
// on the emulator's clock. main.go passes intercomemu.Demo; the client
// never imports its emulator, so the emulator stays a reading of the API
// made apart from the client.
func Demo(emulator func(now time.Time) http.Handler) sources.DemoFunc {
	return sources.DemoOn("intercom", emulator, func(base string, now time.Time, env sources.Env) sources.Source {
		return New(Config{BaseURL: base, Token: demoToken, Name: "demo", HTTP: transport.EnvOptions(env), Now: func() time.Time { return now }})
	})
}
