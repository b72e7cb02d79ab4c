package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// timeLayouts are the textual forms providers are known to send, tried in
// order. Layouts without a zone are read as UTC: that is what the providers
// document or, where they do not say, the least surprising guess. (Domo's
// client reads its zone-less times in a zone of the source's own first; see
// sources/domo/timezone.go.)
var timeLayouts = [...]string{
	time.RFC3339Nano,                // 2026-11-20T10:57:35.123Z, also without fraction
	"2006-01-02 15:04:05 MST-0700",  // Canary: 2020-04-17 11:58:10 UTC+0000
	"2006-01-02 15:04:05 MST",       // 2020-04-17 11:58:10 UTC
	"2006-01-02 15:04:05Z07:00",     // RFC 3339 with a space
	"2006-01-02 15:04:05.999999999", // no zone
	"2006-01-02T15:04:05.999999999", // ISO 8601 without zone
	"2006-01-02 3:04:05 PM",         // Domo: 2017-12-13 10:57:35 PM
	"2006-01-02 3:04:05PM",          // the same without the space
	"01/02/2006 3:04:05 PM",         // US form some exports use
	time.RFC1123Z, time.RFC1123,     // HTTP dates
	"2006-01-02", // a bare date: midnight UTC
}

// ParseTime reads a provider timestamp in any of the forms trail knows:
// RFC 3339 with or without a fraction, Canary's "2006-01-02 15:04:05 UTC+0000",
// Domo's "2006-01-02 03:04:05 PM", and Unix seconds, milliseconds,
// microseconds or nanoseconds written as a number. The result is in UTC.
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, errors.New("empty time")
	}
	if isNumber(s) {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return FromUnixInt(n), nil
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			if errors.Is(err, strconv.ErrRange) {
				return time.Time{}, fmt.Errorf("time %q is out of range", truncate(s, 40))
			}
			return time.Time{}, fmt.Errorf("time %q is not a number", truncate(s, 40))
		}
		return FromUnix(f)
	}
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("time %q is in no known format", truncate(s, 40))
}

// FromUnix converts a Unix timestamp whose unit is not known. Audit APIs mix
// seconds (Intercom) and milliseconds (Domo); the magnitude tells them apart
// for any date between 1973 and 5138, which covers every audit log.
func FromUnix(v float64) (time.Time, error) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return time.Time{}, fmt.Errorf("time %v is not a number", v)
	}
	a := math.Abs(v)
	var ns float64
	switch {
	case a >= 1e17:
		ns = v
	case a >= 1e14:
		ns = v * 1e3
	case a >= 1e11:
		ns = v * 1e6
	default:
		ns = v * 1e9
	}
	if math.Abs(ns) > math.MaxInt64 {
		return time.Time{}, fmt.Errorf("time %v is out of range", v)
	}
	return time.Unix(0, int64(ns)).UTC(), nil
}

// FromUnixInt is FromUnix for integers, exact to the nanosecond.
func FromUnixInt(n int64) time.Time {
	a := n
	if a < 0 {
		a = -a
	}
	switch {
	case a >= 1e17:
		return time.Unix(0, n).UTC()
	case a >= 1e14:
		return time.UnixMicro(n).UTC()
	case a >= 1e11:
		return time.UnixMilli(n).UTC()
	default:
		return time.Unix(n, 0).UTC()
	}
}

// Digits reads b as a number of up to 18 decimal digits, which cannot
// overflow int64: the providers' decoders take epoch times sent as digits,
// bare or quoted, this way before anything slower.
func Digits(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

// ParseJSONTime reads a time that a provider may send as a JSON string or a
// JSON number. JSON null and an absent value give the zero time and no error.
func ParseJSONTime(raw json.RawMessage) (time.Time, error) {
	s := strings.TrimSpace(string(raw))
	if s == "" || s == "null" {
		return time.Time{}, nil
	}
	if s[0] == '"' {
		str, ok := PlainJSONString(raw)
		if !ok {
			var escaped string // not &str, which would escape to the heap every call
			if err := json.Unmarshal(raw, &escaped); err != nil {
				return time.Time{}, fmt.Errorf("time %s: %w", truncate(s, 40), err)
			}
			str = escaped
		}
		if strings.TrimSpace(str) == "" {
			return time.Time{}, nil
		}
		return ParseTime(str)
	}
	return ParseTime(s)
}

// PlainJSONString returns the text of a JSON string literal that needs no
// unescaping (no backslash, no control character, valid UTF-8), which is
// nearly every string an audit API sends, without the cost of a full
// json.Unmarshal; ok is false for anything else, which the caller then
// decodes the slow way.
func PlainJSONString(raw []byte) (string, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return "", false
	}
	body := raw[1 : len(raw)-1]
	for _, c := range body {
		if c == '\\' || c == '"' || c < 0x20 {
			return "", false
		}
	}
	if !utf8.Valid(body) {
		return "", false
	}
	return string(body), true
}

// ParseTimeSpec reads a time the user typed, on the command line or in the
// filter pane: RFC 3339 (fraction allowed), a date or "date time" in loc,
// "now", "today", "yesterday", or an age before now such as 90s, 90m, 24h,
// 7d or 2w.
func ParseTimeSpec(s string, now time.Time, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if loc == nil {
		loc = time.UTC
	}
	switch strings.ToLower(s) {
	case "":
		return time.Time{}, errors.New("empty time")
	case "now":
		return now, nil
	case "today":
		y, m, d := now.In(loc).Date()
		return time.Date(y, m, d, 0, 0, 0, 0, loc), nil
	case "yesterday":
		y, m, d := now.In(loc).Date()
		return time.Date(y, m, d-1, 0, 0, 0, 0, loc), nil
	}
	if age, ok := parseAge(s); ok {
		return now.Add(-age), nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	for _, layout := range [...]string{"2006-01-02", "2006-01-02 15:04", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("time %q: use RFC 3339, 2026-11-20, 2026-11-20 14:00, today, yesterday, now or an age (90m, 2w; lower case)", truncate(s, 40))
}

// parseAge reads "<number><unit>": a decimal number (90, 1.5) and one of the
// units s, m, h, d and w.
func parseAge(s string) (time.Duration, bool) {
	if len(s) < 2 {
		return 0, false
	}
	unit := map[byte]time.Duration{'s': time.Second, 'm': time.Minute, 'h': time.Hour, 'd': 24 * time.Hour, 'w': 7 * 24 * time.Hour}[s[len(s)-1]]
	if unit == 0 {
		return 0, false
	}
	num := s[:len(s)-1]
	if !isDecimal(num) { // ParseFloat also reads NaN, Inf, signs, exponents and hex
		return 0, false
	}
	n, err := strconv.ParseFloat(num, 64)
	if err != nil || n < 0 || math.IsInf(n, 0) || n*float64(unit) > math.MaxInt64 {
		return 0, false
	}
	return time.Duration(n * float64(unit)), true
}

// isDecimal reports whether s is digits with at most one decimal point and
// at least one digit: 90, 1.5, .5.
func isDecimal(s string) bool {
	digits, points := 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.':
			points++
		default:
			return false
		}
	}
	return digits > 0 && points <= 1
}

func isNumber(s string) bool {
	if s == "" {
		return false
	}
	digits := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '-' && i == 0, c == '.':
		case (c == 'e' || c == 'E') && digits > 0:
		case c == '+' && i > 0 && (s[i-1] == 'e' || s[i-1] == 'E'):
		default:
			return false
		}
	}
	return digits > 0
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// ClockTime reads b, exactly "2006-01-02 15:04:05", as time.Parse reads it
// with that layout, in UTC, and reports false for anything else: it is the
// fast path of the providers whose logs send that form, which fall back to
// ParseJSONTime (slower, and able to say what is wrong). With twelveHour the
// hour is read as the layout "2006-01-02 03:04:05" reads it, 0 to 12, for
// the caller to place in the morning or the afternoon.
func ClockTime(b []byte, twelveHour bool) (time.Time, bool) {
	if len(b) != 19 || b[4] != '-' || b[7] != '-' || b[10] != ' ' || b[13] != ':' || b[16] != ':' {
		return time.Time{}, false
	}
	num := func(i, n int) int {
		v := 0
		for _, c := range b[i : i+n] {
			if c < '0' || c > '9' {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	year, month, day, hour, minute, sec := num(0, 4), num(5, 2), num(8, 2), num(11, 2), num(14, 2), num(17, 2)
	maxHour := 23
	if twelveHour {
		maxHour = 12
	}
	if year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > maxHour || minute < 0 || minute > 59 || sec < 0 || sec > 59 {
		return time.Time{}, false
	}
	if day > 28 && day > time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day() {
		return time.Time{}, false // the 30th of February: time.Parse refuses it
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, 0, time.UTC), true
}
