package qualtrics

import (
	"net/http"
	"time"

	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/transport"
)

// demoToken is the token the demo emulator (qualtricsemu.DemoToken)
// accepts; TestDemo holds the two together.
const demoToken = "demo"

// Demo returns the Provider.Demo of `trail --demo qualtrics`: it serves
// emulator(now) on a loopback port and opens the real client against its
// /API/v3, 50 events a page. main.go passes qualtricsemu.Demo; the client
// never imports its emulator, so the emulator stays a reading of the API
// made apart from the client.
func Demo(emulator func(now time.Time) http.Handler) sources.DemoFunc {
	return sources.DemoOn("qualtrics", emulator, func(base string, _ time.Time, env sources.Env) sources.Source {
		return New(Config{BaseURL: base + "/API/v3", Token: demoToken, Name: "demo", HTTP: transport.EnvOptions(env), PageSize: 50})
	})
}
