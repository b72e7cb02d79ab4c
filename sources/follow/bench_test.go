package follow_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/canary"
	"github.com/trail-dev/trail/sources/canary/canaryemu"
	"github.com/trail-dev/trail/sources/domo"
	"github.com/trail-dev/trail/sources/domo/domoemu"
	"github.com/trail-dev/trail/sources/follow"
	"github.com/trail-dev/trail/sources/intercom"
	"github.com/trail-dev/trail/sources/intercom/intercomemu"
	"github.com/trail-dev/trail/sources/qualtrics"
	"github.com/trail-dev/trail/sources/qualtrics/qualtricsemu"
)

// counted is an emulator that counts the requests it answers.
type counted struct {
	h http.Handler
	n *int
}

func (c counted) ServeHTTP(w http.ResponseWriter, r *http.Request) { *c.n++; c.h.ServeHTTP(w, r) }

// BenchmarkFollowIdle follows each provider's demo (the real client against
// its emulator on loopback, 200 ms of latency an answer standing in for the
// network) while nothing arrives, and reports what one check costs:
// requests (req/poll), requests an hour at the default interval (req/h),
// the time of one check (ns/op), and the average delay from an event's
// arrival at the provider to its appearance (delay-s): half the interval,
// on average, before the next check, plus the check itself.
//
//	go test ./sources/follow -run '^$' -bench FollowIdle -benchtime 5x
func BenchmarkFollowIdle(b *testing.B) {
	demos := []struct {
		name string
		demo func(func(time.Time) http.Handler) sources.DemoFunc
		emu  func(time.Time) http.Handler
	}{
		{"canary", canary.Demo, canaryemu.Demo},
		{"domo", domo.Demo, domoemu.Demo},
		{"intercom", intercom.Demo, intercomemu.Demo},
		{"qualtrics", qualtrics.Demo, qualtricsemu.Demo},
	}
	for _, d := range demos {
		b.Run(d.name, func(b *testing.B) {
			requests := 0
			src, stop, err := d.demo(func(now time.Time) http.Handler { return counted{d.emu(now), &requests} })(context.Background(), sources.Env{})
			if err != nil {
				b.Fatal(err)
			}
			defer func() { _ = stop() }()
			q := model.Query{Since: time.Now().Add(-time.Hour)}
			res, err := follow.Poll(context.Background(), src, q, follow.Head{}, follow.Options{})
			if err != nil {
				b.Fatal(err)
			}
			head := res.Head
			requests = 0
			b.ResetTimer()
			for range b.N {
				res, err := follow.Poll(context.Background(), src, q, head, follow.Options{})
				if err != nil {
					b.Fatal(err)
				}
				if len(res.Events) != 0 {
					b.Fatalf("an idle check found %d events", len(res.Events))
				}
			}
			b.StopTimer()
			perPoll := float64(requests) / float64(b.N)
			b.ReportMetric(perPoll, "req/poll")
			b.ReportMetric(perPoll*float64(time.Hour/follow.DefaultInterval), "req/h")
			check := b.Elapsed() / time.Duration(b.N)
			b.ReportMetric((follow.DefaultInterval/2 + check).Seconds(), "delay-s")
		})
	}
}
