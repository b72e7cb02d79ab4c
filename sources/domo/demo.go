package domo

import (
	"net/http"
	"time"

	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/transport"
)

// The credentials the demo emulator (domoemu.DemoClientID and
// DemoClientSecret) knows; TestDemo holds the two together.
const (
	demoClientID     = "demo-client"
	demoClientSecret = "demo-secret"
)

// Demo returns the Provider.Demo of `trail --demo domo`: it serves
// emulator(now) on a loopback port and opens the real client against it.
// main.go passes domoemu.Demo; the client never imports its emulator, so
// the emulator stays a reading of the API made apart from the client.
func Demo(emulator func(now time.Time) http.Handler) sources.DemoFunc {
	return sources.DemoOn("domo", emulator, func(base string, _ time.Time, env sources.Env) sources.Source {
		return New(Config{
			BaseURL:      base,
			ClientID:     demoClientID,
			ClientSecret: demoClientSecret,
			Name:         "demo",
			HTTP:         transport.EnvOptions(env),
		})
	})
}
