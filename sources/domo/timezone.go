package domo

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/trail-dev/trail/model"
)

// Domo's v1 docs write an entry's time as "2017-12-13 10:57:35 PM", with no
// zone. The same page's sample request asks for user 1619916076 between
// 1513230600000 and 1513231200000 ms, 2017-12-14 05:50 to 06:00 UTC, and its
// sample entry for that user is at "2017-12-13 10:57:35 PM": inside the
// window only in US Mountain time (UTC-7). So the zone-less form is read in
// a zone the source sets (timezone), America/Denver unless told otherwise;
// a time with a zone or an offset, and epoch milliseconds, are absolute.

// DefaultTimezone is the zone Domo's zone-less times are read in when a
// source does not set one: the zone the docs' own sample implies.
const DefaultTimezone = "America/Denver"

// maxZoneOffset is the largest offset from UTC of any zone (Kiritimati,
// UTC+14); the smallest is UTC-12.
const maxZoneOffset = 14 * time.Hour

// defaultZone is DefaultTimezone loaded, or a fixed UTC-7 on a system
// without the zone database (Go's embedded copy is not linked in).
var defaultZone = func() *time.Location {
	if loc, err := time.LoadLocation(DefaultTimezone); err == nil {
		return loc
	}
	return time.FixedZone("MST", -7*3600)
}()

// LoadTimezone loads a source's timezone setting: an IANA name or "UTC";
// "" means DefaultTimezone. "Local" is refused: the zone of the machine
// running trail says nothing about Domo's.
func LoadTimezone(name string) (*time.Location, error) {
	name = strings.TrimSpace(name)
	switch name {
	case "":
		return defaultZone, nil
	case "Local":
		return nil, errors.New(`timezone "Local" is this machine's zone, not Domo's: use an IANA name such as "America/Denver" or "UTC"`)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("timezone %q is not known: use an IANA name such as %q or \"UTC\"", name, DefaultTimezone)
	}
	return loc, nil
}

// margin is how far the window asked of Domo reaches beyond the query on
// each side: the largest offset any zone has plus the offset of loc at t,
// so that an entry whose time is read in loc while Domo wrote it in any
// other zone is still asked for, and trimmed here.
func margin(loc *time.Location, t time.Time) time.Duration {
	_, off := t.In(loc).Zone()
	d := time.Duration(off) * time.Second
	if d < 0 {
		d = -d
	}
	return maxZoneOffset + d
}

// parseTime reads an entry's time: epoch milliseconds (a number, or digits
// as text) as they are, a text with a zone or an offset in it, and a text
// without one (the docs' form) in loc.
func parseTime(raw json.RawMessage, loc *time.Location) (time.Time, error) {
	z := zoneClock{loc: loc}
	return z.parse(raw)
}

// zoneClock reads wall-clock times in one zone, remembering the stretch of
// time around the last one in which the zone kept one offset: the entries of
// a page mostly fall in one, and a lookup in the zone costs as much as the
// rest of reading a time.
type zoneClock struct {
	loc    *time.Location
	lo, hi int64 // the stretch, Unix seconds, two days short of its ends; lo >= hi: none
	off    int64 // the zone's offset in it, seconds east of UTC
}

// parse is parseTime with the clock's zone and memory.
func (z *zoneClock) parse(raw json.RawMessage) (time.Time, error) {
	if n, ok := model.Digits(raw); ok {
		return model.FromUnixInt(n), nil
	}
	if len(raw) > 2 && raw[0] == '"' && raw[len(raw)-1] == '"' {
		if n, ok := model.Digits(raw[1 : len(raw)-1]); ok {
			return model.FromUnixInt(n), nil // the same sent as text
		}
	}
	if len(raw) == 24 && raw[0] == '"' && raw[23] == '"' {
		if t, ok := z.docsTime(raw[1:23]); ok {
			return t, nil
		}
	}
	s := strings.TrimSpace(string(raw))
	if s == "" || s == "null" || s[0] != '"' {
		return model.ParseJSONTime(raw) // null, absent, a number or an error
	}
	str, ok := model.PlainJSONString(raw)
	if !ok {
		if err := json.Unmarshal(raw, &str); err != nil {
			return model.ParseJSONTime(raw) // says what is wrong
		}
	}
	if t, ok := textTime(strings.TrimSpace(str), z.loc); ok {
		return t, nil
	}
	return model.ParseJSONTime(raw)
}

// docsTime reads "2006-01-02 03:04:05 PM" as time.ParseInLocation reads it
// with the layout "2006-01-02 3:04:05 PM" in loc; false for anything else.
func docsTime(b []byte, loc *time.Location) (time.Time, bool) {
	z := zoneClock{loc: loc}
	return z.docsTime(b)
}

// docsTime is the function docsTime with the clock's zone and memory.
func (z *zoneClock) docsTime(b []byte) (time.Time, bool) {
	if len(b) != 22 || b[19] != ' ' || b[21] != 'M' {
		return time.Time{}, false
	}
	t, ok := model.ClockTime(b[:19], true)
	if !ok {
		return time.Time{}, false
	}
	switch b[20] {
	case 'A':
		if t.Hour() == 12 {
			t = t.Add(-12 * time.Hour) // 12 AM is midnight
		}
	case 'P':
		if t.Hour() != 12 {
			t = t.Add(12 * time.Hour) // 12 PM is noon
		}
	default:
		return time.Time{}, false
	}
	return z.at(t), true
}

// at returns the instant at which the clock of z's zone reads wall, a time
// in UTC standing for the reading, as time.Date gives it.
func (z *zoneClock) at(wall time.Time) time.Time {
	if z.loc == time.UTC || z.loc == nil {
		return wall
	}
	// Inside the stretch, two days from either end, no other offset can give
	// the same reading (offsets differ by a day at most): the answer is unique, and
	// so what time.Date gives.
	if u := wall.Unix() - z.off; z.lo < z.hi && u >= z.lo && u < z.hi {
		return time.Unix(u, int64(wall.Nanosecond())).UTC()
	}
	y, m, d := wall.Date()
	h, mi, s := wall.Clock()
	t := time.Date(y, m, d, h, mi, s, wall.Nanosecond(), z.loc)
	_, off := t.Zone()
	start, end := t.ZoneBounds()
	z.off, z.lo, z.hi = int64(off), math.MinInt64, math.MaxInt64
	if !start.IsZero() {
		z.lo = start.Unix() + 2*86400
	}
	if !end.IsZero() {
		z.hi = end.Unix() - 2*86400
	}
	return t.UTC()
}

// localLayouts are the zone-less forms a Domo time may take, read in the
// source's zone.
var localLayouts = [...]string{
	"2006-01-02 3:04:05 PM",
	"2006-01-02 3:04:05PM",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"01/02/2006 3:04:05 PM",
	"2006-01-02",
}

// textTime reads a time written as text: RFC 3339, or one of localLayouts
// followed by nothing (read in loc), by an offset (+0000, -07:00, Z,
// UTC+0000) or by a zone's abbreviation (MST, CET, UTC).
func textTime(s string, loc *time.Location) (time.Time, bool) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), true
	}
	body, zone := s, ""
	if i := strings.LastIndexByte(s, ' '); i > 0 && isZoneWord(s[i+1:]) {
		body, zone = strings.TrimSpace(s[:i]), s[i+1:]
	} else if i := strings.LastIndexAny(s, "+-Z"); i > 10 && isZoneWord(s[i:]) {
		body, zone = s[:i], s[i:] // 2017-12-13T22:57:35+0000
	}
	in := loc
	if zone != "" {
		var ok bool
		if in, ok = zoneOf(zone, body, loc); !ok {
			return time.Time{}, false
		}
	}
	for _, layout := range localLayouts {
		if t, err := time.ParseInLocation(layout, body, in); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// isZoneWord reports whether w can be a zone after a time: an offset, Z, or
// two to five letters other than AM and PM.
func isZoneWord(w string) bool {
	if _, ok := parseOffset(w); ok {
		return true
	}
	if len(w) < 1 || len(w) > 5 || strings.EqualFold(w, "AM") || strings.EqualFold(w, "PM") {
		return false
	}
	for i := 0; i < len(w); i++ {
		if c := w[i]; c < 'A' || c > 'Z' {
			return false
		}
	}
	return len(w) > 1 || w == "Z"
}

// zoneOf returns the location a zone word names: a fixed offset, UTC, an
// abbreviation loc uses (at the offset loc gives it, so 01:30 MST on the
// night US Mountain time falls back is the second 01:30), or one of the
// common ones in zoneAbbreviations; false for another word: trail will not
// guess an offset.
func zoneOf(w, body string, loc *time.Location) (*time.Location, bool) {
	if off, ok := parseOffset(w); ok {
		if off == 0 {
			return time.UTC, true
		}
		return time.FixedZone(w, off), true
	}
	if off, ok := locOffset(loc, w, body); ok {
		return time.FixedZone(w, off), true
	}
	if off, ok := zoneAbbreviations[w]; ok {
		return time.FixedZone(w, off), true
	}
	return nil, false
}

// locOffset returns the offset loc calls w around the time body.
func locOffset(loc *time.Location, w, body string) (int, bool) {
	for _, layout := range localLayouts {
		if t, err := time.ParseInLocation(layout, body, loc); err == nil {
			for _, probe := range [...]time.Time{t, t.Add(-2 * time.Hour), t.Add(2 * time.Hour), t.AddDate(0, -6, 0), t.AddDate(0, 6, 0)} {
				if name, off := probe.Zone(); name == w {
					return off, true
				}
			}
			return 0, false
		}
	}
	return 0, false
}

// parseOffset reads Z, UTC, GMT, +07, +0700, -07:00, UTC+0000 or GMT-07:00
// as seconds east of UTC.
func parseOffset(w string) (int, bool) {
	switch w {
	case "Z", "UTC", "GMT":
		return 0, true
	}
	w = strings.TrimPrefix(strings.TrimPrefix(w, "UTC"), "GMT")
	if len(w) < 3 || (w[0] != '+' && w[0] != '-') {
		return 0, false
	}
	digits := strings.Replace(w[1:], ":", "", 1)
	if len(digits) != 2 && len(digits) != 4 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	h, m := n, 0
	if len(digits) == 4 {
		h, m = n/100, n%100
	}
	if h > 14 || m > 59 {
		return 0, false
	}
	off := h*3600 + m*60
	if w[0] == '-' {
		off = -off
	}
	return off, true
}

// zoneAbbreviations are the abbreviations of the zones Domo's customers
// most likely use, with their offsets; each names one offset only. An
// abbreviation the source's own zone uses wins over this table.
var zoneAbbreviations = map[string]int{
	"UTC": 0, "GMT": 0, "WET": 0, "BST": 3600, "WEST": 3600, "CET": 3600, "CEST": 2 * 3600,
	"EET": 2 * 3600, "EEST": 3 * 3600, "MSK": 3 * 3600, "JST": 9 * 3600, "KST": 9 * 3600,
	"AEST": 10 * 3600, "AEDT": 11 * 3600, "NZST": 12 * 3600, "NZDT": 13 * 3600,
	"EST": -5 * 3600, "EDT": -4 * 3600, "CST": -6 * 3600, "CDT": -5 * 3600, "MST": -7 * 3600,
	"MDT": -6 * 3600, "PST": -8 * 3600, "PDT": -7 * 3600, "AKST": -9 * 3600, "AKDT": -8 * 3600,
	"HST": -10 * 3600,
}
