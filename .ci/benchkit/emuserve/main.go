// Command emuserve serves trail's Thinkst Canary emulator on loopback with a
// generated log, for .ci/benchkit/apiwalk.py: the real canary client in a
// real trail process walks it as it would a console.
//
//	go run ./.ci/benchkit/emuserve -n 300000 -latency 0s
//
// It prints the base URL on one line once it listens, and serves until it
// is killed. The token it accepts is $EMUSERVE_TOKEN ("bench" if unset).
package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/trail-dev/trail/sources/canary/canaryemu"
)

func main() {
	n := flag.Int("n", 300_000, "events in the log")
	latency := flag.Duration("latency", 0, "delay before every answer")
	flag.Parse()
	token := os.Getenv("EMUSERVE_TOKEN")
	if token == "" {
		token = "bench"
	}
	// A fixed end, so that the same -n gives the same log every run.
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	emu := canaryemu.New(canaryemu.Options{Token: token, Now: now, Events: *n, Seed: 21, Latency: *latency, AllowLimitWithCursor: true})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, "emuserve:", err)
		os.Exit(1)
	}
	fmt.Printf("http://%s\n", ln.Addr())
	if err := http.Serve(ln, emu); err != nil {
		fmt.Fprintln(os.Stderr, "emuserve:", err)
		os.Exit(1)
	}
}
