package domo

import (
	"context"
	"fmt"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/transport"
	"time"
)

// DemoOptions is the emulator `trail --demo domo` runs: two weeks of an
// instance's activity ending at now, in the documented time form, with
// enough latency that loading states can be seen.
func DemoOptions(now time.Time) EmulatorOptions {
	return EmulatorOptions{
		ClientID:     DemoClientID,
		ClientSecret: DemoClientSecret,
		Now:          now,
		Events:       1500,
		Seed:         20171213,
		Latency:      200 * time.Millisecond,
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
		return nil, nil, fmt.Errorf("domo: starting the demo: %w", err)
	}
	src = New(Config{
		BaseURL:      base,
		ClientID:     DemoClientID,
		ClientSecret: DemoClientSecret,
		Name:         "demo",
		HTTP:         transport.EnvOptions(env),
	})
	return src, stop, nil
}
