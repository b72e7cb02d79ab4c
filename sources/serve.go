package sources

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// ServeLoopback serves h on a free loopback port, for a provider's demo:
// the real client talks HTTP to the emulator without leaving the machine.
// It returns the base URL and a function that stops the server (safe to
// call more than once). ctx bounds only the start.
func ServeLoopback(ctx context.Context, h http.Handler) (baseURL string, stop func() error, err error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	stop = sync.OnceValue(func() error {
		err := srv.Close()
		if serr := <-done; !errors.Is(serr, http.ErrServerClosed) && err == nil {
			err = serr
		}
		return err
	})
	return "http://" + ln.Addr().String(), stop, nil
}

// DemoOn returns the DemoFunc that serves emulator(now), now being env's
// clock read once, on a loopback port and opens a client against its
// address with open. The server lives until stop is called; ctx bounds only
// the start.
func DemoOn(provider string, emulator func(now time.Time) http.Handler, open func(base string, now time.Time, env Env) Source) DemoFunc {
	return func(ctx context.Context, env Env) (Source, func() error, error) {
		now := env.Clock()()
		base, stop, err := ServeLoopback(ctx, emulator(now))
		if err != nil {
			return nil, nil, fmt.Errorf("%s: starting the demo: %w", provider, err)
		}
		return open(base, now, env), stop, nil
	}
}
