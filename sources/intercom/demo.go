package intercom

import (
	"context"
	"fmt"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/transport"
	"time"
)

// DemoOptions is the emulator `trail --demo intercom` runs: four weeks of a
// workspace's activity ending at now, read (at the default Intercom-Version)
// through the search endpoint, 250 a page, with enough latency that loading
// states can be seen.
func DemoOptions(now time.Time) EmulatorOptions {
	return EmulatorOptions{
		Token:   DemoToken,
		Now:     now,
		Events:  900,
		Seed:    20241218,
		Latency: 200 * time.Millisecond,
	}
}

// DemoEmulator returns the demo's emulator.
func DemoEmulator(now time.Time) *Emulator { return NewEmulator(DemoOptions(now)) }

// StartDemo serves the demo emulator on a loopback port and returns the real
// client pointed at it, and a function that stops the server. The server
// lives until stop is called; ctx bounds only the start.
func StartDemo(ctx context.Context, env sources.Env) (src *Source, stop func() error, err error) {
	now := env.Clock()()
	base, stop, err := sources.ServeLoopback(ctx, DemoEmulator(now))
	if err != nil {
		return nil, nil, fmt.Errorf("intercom: starting the demo: %w", err)
	}
	src = New(Config{BaseURL: base, Token: DemoToken, Name: "demo", HTTP: transport.EnvOptions(env), Now: func() time.Time { return now }})
	return src, stop, nil
}
