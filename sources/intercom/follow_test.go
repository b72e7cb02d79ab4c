package intercom

import (
	"fmt"
	"testing"
	"time"

	"github.com/trail-dev/trail/sources/follow/followtest"
	"github.com/trail-dev/trail/sources/intercom/intercomemu"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// Following Intercom by time windows shows every entry once over several
// intervals, the current second's entries in the poll after it ends.
func TestFollowShowsEveryEntryOnce(t *testing.T) {
	em, src := startEmulator(t, intercomemu.Options{Events: 30, Seed: 19}, 5)
	clock := sourcetest.NewClock(testNow)
	src.now = clock.Now
	followtest.Run(t, followtest.Fixture{Source: src, PageSize: 5, Clock: clock, Add: followtest.Numbered(func(n int, ts time.Time) {
		em.Add(intercomemu.Entry{ID: fmt.Sprintf("follow-%d", n), CreatedAt: ts, ActivityType: "admin_login_success",
			Description: fmt.Sprintf("arrived %d", n), PerformedBy: intercomemu.Admin{ID: "1", Email: "a@example.com"}})
	})})
}
