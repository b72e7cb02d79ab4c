package insights

import (
	"reflect"
	"testing"
	"time"

	"github.com/trail-dev/trail/ui/common"
	"github.com/trail-dev/trail/ui/internal/uitest"
)

func TestInsightsByHand(t *testing.T) {
	in := Compute(uitest.InsightsFixture(), time.UTC)
	if in.total != 19 || in.failures != 2 {
		t.Fatalf("total %d, failures %d; want 19 and 2", in.total, in.failures)
	}
	check := func(what string, got []tally, want ...tally) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
	check("actors", in.actors, tally{"alice", 13}, tally{"bob", 5}, tally{"carol", 1})
	check("actions", in.actions, tally{"user_login", 13}, tally{"flock_move", 3}, tally{"user_login_failure", 2}, tally{"device_schedule_reboot", 1})
	check("targets", in.targets, tally{"console", 13}, tally{"flock:ops", 3}, tally{"device:7", 1})
	check("ips", in.ips, tally{"10.0.0.1", 12}, tally{"10.0.0.2", 5}, tally{"10.0.0.3", 1}, tally{"203.0.113.99", 1})
	check("countries", in.countries, tally{"Germany", 12}, tally{"France", 5}, tally{"Nigeria", 1})
	check("failures by actor", in.failuresBy, tally{"bob", 2})
	check("days", in.days, tally{"2026-11-20", 6}, tally{"2026-11-19", 9}, tally{"2026-11-18", 4})
	wantHours := [24]int{3: 1, 9: 6, 10: 6, 14: 5, 23: 1}
	if in.hours != wantHours {
		t.Errorf("hours = %v, want %v", in.hours, wantHours)
	}
	odd := time.Date(2026, 11, 20, 3, 12, 0, 0, time.UTC)
	// Each sighting names its event, for the cursor to land on.
	var lagos common.EventRef
	for _, e := range uitest.InsightsFixture() {
		if e.Time.Equal(odd) {
			lagos = common.RefOf(&e)
		}
	}
	wantNew := []sighting{{"alice", "IP", "203.0.113.99", odd, "alice", lagos}, {"alice", "country", "Nigeria", odd, "alice", lagos}}
	if !reflect.DeepEqual(in.newPlaces, wantNew) {
		t.Errorf("new places = %v, want %v", in.newPlaces, wantNew)
	}
	wantOff := []sighting{{"alice", "hour", "03:12", odd, "alice", lagos}}
	if !reflect.DeepEqual(in.offHours, wantOff) {
		t.Errorf("off-hours = %v, want %v", in.offHours, wantOff)
	}
	// Hours are read in the display zone: in Berlin, alice keeps 10:00–11:30.
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip(err)
	}
	if got := Compute(uitest.InsightsFixture(), berlin).hours; got[10] != 6 || got[4] != 1 {
		t.Errorf("hours in Berlin = %v", got)
	}
}
