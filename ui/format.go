package ui

import (
	"strconv"
	"strings"
	"time"
)

func itoa(n int) string { return strconv.Itoa(n) }

func ftoa1(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

// count formats n with thousands separators: 1,234,567.
func count(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + count(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// plural returns "1 event" or "2 events" ("1 match", "2 matches").
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	if strings.HasSuffix(word, "ch") || strings.HasSuffix(word, "s") || strings.HasSuffix(word, "x") {
		return count(n) + " " + word + "es"
	}
	return count(n) + " " + word + "s"
}

// shortDuration formats a wait for the status line: 45s, 2m05s, 1h02m.
func shortDuration(d time.Duration) string {
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
		return strconv.Itoa(m) + "m" + twoDigits(s) + "s"
	default:
		h := int(d.Hours())
		m := int(d.Minutes()) % 60
		return strconv.Itoa(h) + "h" + twoDigits(m) + "m"
	}
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// timeLayout is how the list and detail show times.
const (
	timeLayoutLong  = "2006-01-02 15:04:05"
	timeLayoutShort = "01-02 15:04:05"
)

// zoneName names a location for labels: "UTC", "Local (CET)" or the IANA name.
func zoneName(loc *time.Location, at time.Time) string {
	if loc == nil || loc == time.UTC {
		return "UTC"
	}
	abbr, _ := at.In(loc).Zone()
	if loc == time.Local {
		return "local " + abbr
	}
	return loc.String()
}
