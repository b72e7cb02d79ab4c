package domo

import (
	"context"
	"fmt"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/model/jsondoc"
	"github.com/trail-dev/trail/sources"
)

// aheadTolerance is how far in the future an entry may read before trail
// takes it for a zone rather than a clock a little fast.
const aheadTolerance = 10 * time.Minute

// Diagnose implements sources.Diagnoser for `trail check`: it says which
// zone zone-less times are read in, and when the newest entry of the first
// page reads as being in the future, by how much, which is the least by
// which Domo's zone is east of the one set, and which timezone line would
// fit. An entry read too far in the past says nothing: it may just be old.
func (s *Source) Diagnose(_ context.Context, first sources.Page) []string {
	var newest *model.Event
	for i := range first.Events {
		e := &first.Events[i]
		if !e.Time.IsZero() && zoneless(e.Raw) && (newest == nil || e.Time.After(newest.Time)) {
			newest = e
		}
	}
	if newest == nil {
		return nil
	}
	now := s.now()
	ahead := newest.Time.Sub(now)
	if ahead <= aheadTolerance {
		return []string{fmt.Sprintf("Domo's times carry no zone; they are read in %s (timezone)", s.loc)}
	}
	_, set := now.In(s.loc).Zone()
	zone, off := suggestZone(set+int(ahead/time.Second), now)
	hint := fmt.Sprintf("the newest entry reads %s in the future in %s (timezone): Domo writes its times in a zone at least that far east",
		ahead.Round(time.Minute), s.loc)
	if zone == "" {
		return []string{hint + "; set timezone to the IANA name of your Domo instance's zone"}
	}
	return []string{fmt.Sprintf("%s; if your Domo instance's zone is at %s now, set timezone = %q in [sources.%s]",
		hint, formatOffset(off), zone, sourceName(s.name))}
}

// zoneless reports whether an entry's time is text with no zone or offset
// in it, which is the only kind a wrong timezone setting shifts.
func zoneless(raw []byte) bool {
	d := jsondoc.Get()
	defer jsondoc.Put(d)
	if !d.Parse(raw) || d.Kind(d.Root()) != '{' {
		return false
	}
	var f [nFields]jsondoc.Value
	d.Fields(d.Root(), entryFields, f[:])
	rawTime := d.Raw(f[fTime])
	if len(rawTime) < 2 || rawTime[0] != '"' {
		return false
	}
	str, ok := model.PlainJSONString(rawTime)
	if !ok {
		return false
	}
	if _, ok := model.Digits([]byte(str)); ok {
		return false
	}
	utc, ok1 := textTime(str, time.UTC)
	east, ok2 := textTime(str, time.FixedZone("", 3600))
	return ok1 && ok2 && !utc.Equal(east) // read differently in two zones
}

// suggestZones are zones offered as the timezone line, one for each offset
// most Domo customers are at, tried in order.
var suggestZones = []string{
	"UTC", "Europe/London", "Europe/Berlin", "Europe/Helsinki", "Europe/Moscow", "Asia/Dubai", "Asia/Karachi",
	"Asia/Kolkata", "Asia/Kathmandu", "Asia/Dhaka", "Asia/Bangkok", "Asia/Singapore", "Asia/Tokyo", "Australia/Adelaide",
	"Australia/Sydney", "Pacific/Noumea", "Pacific/Auckland", "Pacific/Tongatapu", "Pacific/Kiritimati",
	"America/Sao_Paulo", "America/Halifax", "America/New_York", "America/Chicago", "America/Denver",
	"America/Phoenix", "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu",
}

// suggestZone returns the zone of suggestZones at the smallest offset, at
// now, of at least least seconds east of UTC, and that offset; "" if none
// is (the entry would then be more than 14 hours ahead of any clock).
func suggestZone(least int, now time.Time) (string, int) {
	best, bestOff := "", 0
	for _, name := range suggestZones {
		loc, err := time.LoadLocation(name)
		if err != nil {
			continue
		}
		_, off := now.In(loc).Zone()
		if off >= least && (best == "" || off < bestOff) {
			best, bestOff = name, off
		}
	}
	return best, bestOff
}

// formatOffset writes seconds east of UTC as UTC+09:00.
func formatOffset(off int) string {
	sign := '+'
	if off < 0 {
		sign, off = '-', -off
	}
	return fmt.Sprintf("UTC%c%02d:%02d", sign, off/3600, off%3600/60)
}

// sourceName is the source's name for a config line, or a placeholder.
func sourceName(name string) string {
	if name == "" {
		return "NAME"
	}
	return name
}
