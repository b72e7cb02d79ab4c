package emulate

import (
	"math/rand/v2"
	"time"
)

// The emulators generate their logs the same way: a seeded stream of
// random numbers, kinds of entry picked by weight, moments picked mostly in
// office hours. What an entry holds is each provider's own.

// The browsers of the generated people, by their User-Agent.
const (
	ChromeMac = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"
	Firefox   = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0"
	Safari    = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15"
	Edge      = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.87"
	IPhone    = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)

// LogEnd is where a generated log ends: now, or the real time when now is
// zero, in UTC, truncated to unit, the resolution of the provider's times.
func LogEnd(now time.Time, unit time.Duration) time.Time {
	if now.IsZero() {
		now = time.Now()
	}
	return now.UTC().Truncate(unit)
}

// Copy returns a copy of an emulator's log for a test to keep while the log
// changes: clone copies in each entry what it would share with the log (its
// raw JSON, a map).
func Copy[E any](entries []E, clone func(e *E)) []E {
	out := make([]E, len(entries))
	copy(out, entries)
	for i := range out {
		clone(&out[i])
	}
	return out
}

// Pick draws one number from r and returns the kind it falls on, each of
// kinds as likely as its weight. The weights must add up to more than 0.
func Pick[K any](r *rand.Rand, kinds []K, weight func(K) int) K {
	total := 0
	for _, k := range kinds {
		total += weight(k)
	}
	w := r.IntN(total)
	for _, k := range kinds {
		if w -= weight(k); w < 0 {
			return k
		}
	}
	panic("emulate: Pick past the last kind")
}

// OfficeHours picks a moment, in steps of unit, in the last days days (the
// UTC day of now the last of them): mostly in office hours (7 to 18 UTC),
// less on weekends, never after now. After eight misses it takes any moment
// of the days' length before now.
func OfficeHours(r *rand.Rand, now time.Time, days int, unit time.Duration) time.Time {
	today := now.Truncate(24 * time.Hour)
	for range 8 {
		hour := r.IntN(24)
		if r.IntN(10) < 8 {
			hour = 7 + r.IntN(11)
		}
		t := today.AddDate(0, 0, -r.IntN(days)).Add(time.Duration(hour)*time.Hour + time.Duration(r.IntN(int(time.Hour/unit)))*unit)
		if wd := t.Weekday(); (wd == time.Saturday || wd == time.Sunday) && r.IntN(4) != 0 {
			continue
		}
		if !t.After(now) {
			return t
		}
	}
	return now.Add(-time.Duration(1+r.Int64N(int64(time.Duration(days)*24*time.Hour/unit))) * unit)
}
