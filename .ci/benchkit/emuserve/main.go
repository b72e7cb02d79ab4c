// Command emuserve serves trail's Thinkst Canary emulator on loopback with a
// generated log, for .ci/benchkit/depth.py: the real canary client in a
// real trail process walks it as it would a console.
//
//	go run ./.ci/benchkit/emuserve -n 300000 -latency 0s
//
// It prints the base URL on one line once it listens, then the mean length
// of an entry's JSON as the console sends it ("raw-bytes-per-event N", for
// the harness's raw-JSON figure), and serves until it is killed. The token
// it accepts is $EMUSERVE_TOKEN ("bench" if unset).
//
// A plain page of the audit trail (no filter, any cursor or limit, a good
// token) is answered by fastFetch in the time of the page, from the log
// taken once at the start; everything else (filters, errors, ping) goes to
// the emulator itself, which filters its whole log for every page (about
// 2 s a page at 300,000 events, which made a walk to the end take 11
// minutes). main_test.go holds the two to the same answers.
package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/trail-dev/trail/sources/canary/canaryemu"
	"github.com/trail-dev/trail/sources/emulate"
)

func main() {
	n := flag.Int("n", 300_000, "events in the log")
	latency := flag.Duration("latency", 0, "delay before every answer")
	flag.Parse()
	token := os.Getenv("EMUSERVE_TOKEN")
	if token == "" {
		token = "bench"
	}
	h := newServer(*n, token, *latency)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, "emuserve:", err)
		os.Exit(1)
	}
	fmt.Printf("http://%s\n", ln.Addr())
	fmt.Printf("raw-bytes-per-event %.1f\n", h.rawPerEvent())
	if err := http.Serve(ln, h); err != nil {
		fmt.Fprintln(os.Stderr, "emuserve:", err)
		os.Exit(1)
	}
}

// newServer is the emulator with n generated events behind its fast path.
func newServer(n int, token string, latency time.Duration) *fastFetch {
	// A fixed end, so that the same -n gives the same log every run.
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	emu := canaryemu.New(canaryemu.Options{Token: token, Now: now, Events: n, Seed: 21, Latency: latency, AllowLimitWithCursor: true})
	return &fastFetch{emu: emu, entries: emu.Entries(), token: token, latency: latency}
}

// rawPerEvent is the mean length of an entry's JSON as the console sends it.
func (f *fastFetch) rawPerEvent() float64 {
	if len(f.entries) == 0 {
		return 0
	}
	total := 0
	for _, e := range f.entries {
		total += len(emulate.JSON{}.Encode(e))
	}
	return float64(total) / float64(len(f.entries))
}
