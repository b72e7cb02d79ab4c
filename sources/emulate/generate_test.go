package emulate_test

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/trail-dev/trail/sources/emulate"
)

// TestPick: each kind comes about as often as its weight says, a kind of
// weight 0 never, and the same seed picks the same kinds.
func TestPick(t *testing.T) {
	kinds := []string{"a", "never", "b"}
	weight := map[string]int{"a": 3, "never": 0, "b": 1}
	weigh := func(k string) int { return weight[k] }
	picks := func(seed uint64) map[string]int {
		r := rand.New(rand.NewPCG(seed, 1))
		n := map[string]int{}
		for range 4000 {
			n[emulate.Pick(r, kinds, weigh)]++
		}
		return n
	}
	n := picks(7)
	if n["never"] != 0 || n["a"] < 2700 || n["a"] > 3300 || n["a"]+n["b"] != 4000 {
		t.Errorf("picks %v; want about 3000 a, 1000 b, no never", n)
	}
	if again := picks(7); again["a"] != n["a"] {
		t.Errorf("the same seed picked %v, then %v", n, again)
	}
}

// TestOfficeHours: moments in steps of unit, within the days asked for,
// never after now, mostly in office hours.
func TestOfficeHours(t *testing.T) {
	now := time.Date(2026, 11, 17, 15, 4, 5, 0, time.UTC) // a Tuesday
	first := now.Truncate(24*time.Hour).AddDate(0, 0, -13)
	for _, unit := range []time.Duration{time.Second, time.Millisecond} {
		r := rand.New(rand.NewPCG(3, 4))
		office := 0
		for range 2000 {
			m := emulate.OfficeHours(r, now, 14, unit)
			if m.After(now) || m.Before(first.Add(-24*time.Hour)) || !m.Equal(m.Truncate(unit)) {
				t.Fatalf("unit %v: %v is not a %v step within the 14 days to %v", unit, m, unit, now)
			}
			if h := m.Hour(); h >= 7 && h < 18 {
				office++
			}
		}
		if office < 1400 {
			t.Errorf("unit %v: %d of 2000 moments in office hours; want most", unit, office)
		}
	}
}

// TestLogEnd: a given end is kept, in UTC, to the unit; none means now.
func TestLogEnd(t *testing.T) {
	at := time.Date(2026, 11, 17, 15, 4, 5, 678_900_000, time.FixedZone("X", 3600))
	if got := emulate.LogEnd(at, time.Second); !got.Equal(time.Date(2026, 11, 17, 14, 4, 5, 0, time.UTC)) || got.Location() != time.UTC {
		t.Errorf("LogEnd to the second = %v", got)
	}
	if got := emulate.LogEnd(at, time.Millisecond); got.Nanosecond() != 678_000_000 {
		t.Errorf("LogEnd to the millisecond = %v", got)
	}
	if got := emulate.LogEnd(time.Time{}, time.Second); time.Since(got) > time.Minute || time.Since(got) < 0 {
		t.Errorf("LogEnd without a time = %v; want now", got)
	}
}

// TestCopy: the copy holds the entries, and changing it, or what clone
// copied, leaves the log as it was.
func TestCopy(t *testing.T) {
	type entry struct {
		id  int
		raw []byte
	}
	log := []entry{{1, []byte("a")}, {2, []byte("b")}}
	out := emulate.Copy(log, func(e *entry) { e.raw = slices.Clone(e.raw) })
	if len(out) != 2 || out[0].id != 1 || string(out[1].raw) != "b" {
		t.Fatalf("Copy = %v", out)
	}
	out[0].id, out[1].raw[0] = 9, 'x'
	if log[0].id != 1 || string(log[1].raw) != "b" {
		t.Errorf("changing the copy changed the log: %v", log)
	}
}
