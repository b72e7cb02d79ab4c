package domo

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
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
func StartDemo(ctx context.Context, now time.Time) (src *Source, stop func() error, err error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return nil, nil, fmt.Errorf("domo: starting the demo: %w", err)
	}
	srv := &http.Server{Handler: DemoEmulator(now), ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	stop = sync.OnceValue(func() error {
		err := srv.Close()
		if serr := <-done; !errors.Is(serr, http.ErrServerClosed) && err == nil {
			err = serr
		}
		return err
	})
	src = New(Config{
		BaseURL:      "http://" + ln.Addr().String(),
		ClientID:     DemoClientID,
		ClientSecret: DemoClientSecret,
		Name:         "demo",
	})
	return src, stop, nil
}
