package common

import (
	"strconv"
	"strings"
	"time"
)

// Itoa is strconv.Itoa, short for the many labels built here.
func Itoa(n int) string { return strconv.Itoa(n) }

// Ftoa1 formats f with one decimal.
func Ftoa1(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

// Count formats n with thousands separators: 1,234,567.
func Count(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + Count(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// Plural returns "1 event" or "2 events" ("1 match", "2 matches").
func Plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	if strings.HasSuffix(word, "ch") || strings.HasSuffix(word, "s") || strings.HasSuffix(word, "x") {
		return Count(n) + " " + word + "es"
	}
	return Count(n) + " " + word + "s"
}

// ShortDuration formats a wait for the status line: 45s, 2m05s, 1h02m.
func ShortDuration(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	d = d.Round(time.Second)
	switch {
	case d < time.Minute:
		return strconv.Itoa(int(d.Seconds())) + "s"
	case d < time.Hour:
		m := int(d.Minutes())
		s := int(d.Seconds()) % 60
		return strconv.Itoa(m) + "m" + TwoDigits(s) + "s"
	default:
		h := int(d.Hours())
		m := int(d.Minutes()) % 60
		return strconv.Itoa(h) + "h" + TwoDigits(m) + "m"
	}
}

// TwoDigits formats 0–99 as two digits.
func TwoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// TimeLayoutLong and TimeLayoutShort are how the list and detail show times.
const (
	TimeLayoutLong  = "2006-01-02 15:04:05"
	TimeLayoutShort = "01-02 15:04:05"
)

// ZoneName names a location for labels: "UTC", "Local (CET)" or the IANA name.
func ZoneName(loc *time.Location, at time.Time) string {
	if loc == nil || loc == time.UTC {
		return "UTC"
	}
	abbr, _ := at.In(loc).Zone()
	if loc == time.Local {
		return "local " + abbr
	}
	return loc.String()
}

// ShortDays is a duration in whole days when it is one: "30 days".
func ShortDays(d time.Duration) string {
	if days := d.Hours() / 24; days >= 1 && days == float64(int(days)) {
		return Plural(int(days), "day")
	}
	return d.String()
}
