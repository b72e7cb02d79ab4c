package domo

import (
	"fmt"
	"testing"
	"time"

	"github.com/trail-dev/trail/sources/domo/domoemu"
	"github.com/trail-dev/trail/sources/follow/followtest"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

// Following Domo by time windows shows every entry once over several
// intervals: entries of the same second are told apart by their derived ids.
func TestFollowShowsEveryEntryOnce(t *testing.T) {
	clock := sourcetest.NewClock(testNow)
	em, src := startEmulator(t, domoemu.Options{Events: 30, Seed: 19}, Config{Common: transport.Common{Now: clock.Now}, PageSize: 5})
	followtest.Run(t, followtest.Fixture{Source: src, PageSize: 5, Clock: clock, Add: followtest.Numbered(func(n int, ts time.Time) {
		em.Add(domoemu.Entry{Time: ts, UserName: "follow", UserID: "7", ActionType: "VIEWED", ObjectType: "CARD",
			ObjectName: fmt.Sprintf("card %d", n), ObjectID: fmt.Sprint(n)})
	})})
}
