package canary

import (
	"fmt"
	"testing"
	"time"

	"github.com/trail-dev/trail/sources/canary/canaryemu"
	"github.com/trail-dev/trail/sources/follow/followtest"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// Following a console shows every entry once over several intervals: its
// newest page is walked down to the known head, however many pages arrived.
func TestFollowShowsEveryEntryOnce(t *testing.T) {
	em, src := startEmulator(t, canaryemu.Options{Events: 30, Seed: 19}, 5)
	clock := sourcetest.NewClock(testNow)
	src.now = clock.Now
	followtest.Run(t, followtest.Fixture{Source: src, PageSize: 5, Clock: clock, Add: followtest.Numbered(func(n int, ts time.Time) {
		em.Add(canaryemu.Entry{ActionType: "user_login", Timestamp: ts, User: "follow", Message: fmt.Sprintf("arrived %d", n)})
	})})
}
