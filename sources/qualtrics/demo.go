package qualtrics

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
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
func StartDemo(ctx context.Context, now time.Time) (src *Source, stop func() error, err error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return nil, nil, fmt.Errorf("qualtrics: starting the demo: %w", err)
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
	src = New(Config{BaseURL: "http://" + ln.Addr().String() + apiPrefix, Token: DemoToken, Name: "demo", PageSize: 50})
	return src, stop, nil
}
