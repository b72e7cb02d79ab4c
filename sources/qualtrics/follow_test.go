package qualtrics

import (
	"fmt"
	"testing"
	"time"

	"github.com/trail-dev/trail/sources/follow/followtest"
	"github.com/trail-dev/trail/sources/qualtrics/qualtricsemu"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

// Following Qualtrics by its newest page shows every entry once over
// several intervals.
func TestFollowShowsEveryEntryOnce(t *testing.T) {
	clock := sourcetest.NewClock(testNow)
	em, srv := serve(t, qualtricsemu.Options{Events: 30, Seed: 19})
	src := client(srv, Config{Common: transport.Common{Now: clock.Now}, PageSize: 5})
	followtest.Run(t, followtest.Fixture{Source: src, PageSize: 5, Clock: clock, Add: followtest.Numbered(func(n int, ts time.Time) {
		em.Add(qualtricsemu.Entry{ID: fmt.Sprintf("follow-%d", n), Type: defaultActivityType, Timestamp: ts,
			Descriptor: []byte(fmt.Sprintf(`{"username":"follow","n":%d}`, n))})
	})})
}
