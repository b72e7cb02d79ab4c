package qualtrics

import (
	"context"
	"fmt"
	"time"

	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/transport"
)

// DemoOptions is the emulator `trail --demo qualtrics` runs: four weeks of a
// brand's activity ending at now, so widening the 7-day default window shows
// more, with enough latency that loading states can be seen. It pages with
// nextPage URLs, the form that exercises the host check.
func DemoOptions(now time.Time) EmulatorOptions {
	return EmulatorOptions{
		Token:    DemoToken,
		Now:      now,
		Events:   2400,
		Span:     28 * 24 * time.Hour,
		Seed:     20201113,
		Latency:  200 * time.Millisecond,
		NextPage: NextPageURL,
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
		return nil, nil, fmt.Errorf("qualtrics: starting the demo: %w", err)
	}
	src = New(Config{BaseURL: base + apiPrefix, Token: DemoToken, Name: "demo", HTTP: transport.EnvOptions(env), PageSize: 50})
	return src, stop, nil
}
