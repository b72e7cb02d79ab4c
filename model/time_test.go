package model

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestParseTime(t *testing.T) {
	t.Parallel()
	utc := func(y int, mo time.Month, d, h, mi, s, ns int) time.Time {
		return time.Date(y, mo, d, h, mi, s, ns, time.UTC)
	}
	tests := []struct {
		name string
		in   string
		want time.Time
	}{
		{"canary", "2020-04-17 11:58:10 UTC+0000", utc(2020, 4, 17, 11, 58, 10, 0)},
		{"canary offset", "2020-04-17 13:58:10 CET+0200", utc(2020, 4, 17, 11, 58, 10, 0)},
		{"domo pm", "2017-12-13 10:57:35 PM", utc(2017, 12, 13, 22, 57, 35, 0)},
		{"domo am", "2017-12-13 10:57:35 AM", utc(2017, 12, 13, 10, 57, 35, 0)},
		{"domo noon", "2017-12-13 12:00:00 PM", utc(2017, 12, 13, 12, 0, 0, 0)},
		{"domo midnight", "2017-12-13 12:00:01 AM", utc(2017, 12, 13, 0, 0, 1, 0)},
		{"domo one-digit hour", "2017-12-13 1:05:09 PM", utc(2017, 12, 13, 13, 5, 9, 0)},
		{"rfc3339", "2026-11-20T10:57:35Z", utc(2026, 11, 20, 10, 57, 35, 0)},
		{"rfc3339 fraction", "2026-11-20T10:57:35.123456Z", utc(2026, 11, 20, 10, 57, 35, 123456000)},
		{"rfc3339 offset", "2026-11-20T12:57:35+02:00", utc(2026, 11, 20, 10, 57, 35, 0)},
		{"rfc3339 millis offset", "2026-11-20T05:57:35.5-05:00", utc(2026, 11, 20, 10, 57, 35, 500000000)},
		{"space separated", "2026-11-20 10:57:35Z", utc(2026, 11, 20, 10, 57, 35, 0)},
		{"no zone", "2026-11-20T10:57:35", utc(2026, 11, 20, 10, 57, 35, 0)},
		{"unix seconds", "1734537253", utc(2024, 12, 18, 15, 54, 13, 0)},
		{"unix millis", "1513230600000", utc(2017, 12, 14, 5, 50, 0, 0)},
		{"unix micros", "1513230600000123", utc(2017, 12, 14, 5, 50, 0, 123000)},
		{"unix nanos", "1513230600000000007", utc(2017, 12, 14, 5, 50, 0, 7)},
		{"unix fractional seconds", "1734537253.5", utc(2024, 12, 18, 15, 54, 13, 500000000)},
		{"padded", "  2026-11-20T10:57:35Z\n", utc(2026, 11, 20, 10, 57, 35, 0)},
		{"date", "2026-11-20", utc(2026, 11, 20, 0, 0, 0, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseTime(tt.in)
			if err != nil {
				t.Fatalf("ParseTime(%q): %v", tt.in, err)
			}
			if !got.Equal(tt.want) || got.Location() != time.UTC {
				t.Errorf("ParseTime(%q) = %v, want %v in UTC", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseTimeRejects(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"", "   ", "yesterday-ish", "2026-13-40 99:99:99", "12:00", "1e999", "--1", "2026-11-20T10:57:35Zjunk"} {
		if got, err := ParseTime(in); err == nil {
			t.Errorf("ParseTime(%q) = %v, want an error", in, got)
		}
	}
}

func TestParseJSONTime(t *testing.T) {
	t.Parallel()
	want := time.Date(2024, 12, 18, 15, 54, 13, 0, time.UTC)
	for _, raw := range []string{`1734537253`, `1734537253000`, `"1734537253"`, `"2024-12-18T15:54:13Z"`, `"2024-12-18 03:54:13 PM"`, `"2024-12-18 15:54:13 UTC+0000"`} {
		got, err := ParseJSONTime(json.RawMessage(raw))
		if err != nil || !got.Equal(want) {
			t.Errorf("ParseJSONTime(%s) = %v, %v; want %v", raw, got, err, want)
		}
	}
	for _, raw := range []string{``, `null`, `""`} {
		got, err := ParseJSONTime(json.RawMessage(raw))
		if err != nil || !got.IsZero() {
			t.Errorf("ParseJSONTime(%q) = %v, %v; want zero time, no error", raw, got, err)
		}
	}
	for _, raw := range []string{`true`, `{"a":1}`, `"soon"`, `"unterminated`} {
		if _, err := ParseJSONTime(json.RawMessage(raw)); err == nil {
			t.Errorf("ParseJSONTime(%s): want an error", raw)
		}
	}
}

func TestParseTimeSpec(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	tests := []struct {
		in   string
		loc  *time.Location
		want time.Time
	}{
		{"2026-11-20T09:00:00Z", time.UTC, time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)},
		{"2026-11-20T09:00:00.250+01:00", time.UTC, time.Date(2026, 11, 20, 8, 0, 0, 250e6, time.UTC)},
		{"2026-11-20", time.UTC, time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)},
		{"2026-11-20", berlin, time.Date(2026, 11, 19, 23, 0, 0, 0, time.UTC)},
		{"2026-11-20 14:05", time.UTC, time.Date(2026, 11, 20, 14, 5, 0, 0, time.UTC)},
		{"90m", time.UTC, now.Add(-90 * time.Minute)},
		{"24h", time.UTC, now.Add(-24 * time.Hour)},
		{"7d", time.UTC, now.Add(-7 * 24 * time.Hour)},
		{"2w", time.UTC, now.Add(-14 * 24 * time.Hour)},
		{"1.5h", time.UTC, now.Add(-90 * time.Minute)},
		{"now", time.UTC, now},
		{"today", time.UTC, time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)},
		{"yesterday", time.UTC, time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		got, err := ParseTimeSpec(tt.in, now, tt.loc)
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("ParseTimeSpec(%q, %v) = %v, %v; want %v", tt.in, tt.loc, got, err, tt.want)
		}
	}
	// NaN, infinities, signs, exponents and hex are not ages: "nand" was read
	// as an age of NaN days and gave an arbitrary time (issue 14.13).
	for _, in := range []string{"", "7x", "-5d", "d", "last tuesday", "2026-11-31", "nand", "NaNh", "infd", "+5d", "1e3m", "0x1p3h", ".d", "1..5h", "1_0d"} {
		if got, err := ParseTimeSpec(in, now, time.UTC); err == nil {
			t.Errorf("ParseTimeSpec(%q) = %v, want an error", in, got)
		}
	}
}

func TestPlainJSONString(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   string
		want string
		ok   bool
	}{
		{`"plain text"`, "plain text", true},
		{` "padded" `, "padded", true},
		{`"Zoë 東京"`, "Zoë 東京", true},
		{`""`, "", true},
		{`"esc\"aped"`, "", false},
		{`"tab\there"`, "", false},
		{"\"raw\x01control\"", "", false},
		{"\"bad \xff utf8\"", "", false},
		{`12`, "", false},
		{`"unterminated`, "", false},
	} {
		got, ok := PlainJSONString([]byte(tt.in))
		if got != tt.want || ok != tt.ok {
			t.Errorf("PlainJSONString(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
		if ok {
			var std string
			if err := json.Unmarshal([]byte(tt.in), &std); err != nil || std != got {
				t.Errorf("%q: json.Unmarshal gives %q, %v", tt.in, std, err)
			}
		}
	}
}

// TestParseTimeSpecErrorNamesEveryForm: the error for a time it cannot read
// names every form it can, and that an age's unit is lower case ("7D" was
// refused with a message naming only RFC 3339, a date and an age).
func TestParseTimeSpecErrorNamesEveryForm(t *testing.T) {
	t.Parallel()
	_, err := ParseTimeSpec("7D", time.Now(), time.UTC)
	if err == nil {
		t.Fatal("7D was accepted")
	}
	for _, want := range []string{"RFC 3339", "2026-11-20", "2026-11-20 14:00", "today", "yesterday", "now", "90m", "2w", "lower case"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %q", err, want)
		}
	}
}

// TestDigits: up to 18 decimal digits are a number; more, none, or any
// other byte are not.
func TestDigits(t *testing.T) {
	for in, want := range map[string]int64{"0": 0, "1585833289": 1585833289, "999999999999999999": 999999999999999999} {
		if got, ok := Digits([]byte(in)); !ok || got != want {
			t.Errorf("Digits(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "1234567890123456789", "-1", "1.5", " 1", "1e3", "١"} {
		if got, ok := Digits([]byte(in)); ok {
			t.Errorf("Digits(%q) = %d, want not a number", in, got)
		}
	}
}
