package model

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// Fuzz targets; their seeds run as ordinary tests. Run one with, e.g.,
// go test ./model -run '^$' -fuzz FuzzSanitize -fuzztime 1m

func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2020-04-17 11:58:10 UTC+0000", "2017-12-13 10:57:35 PM", "2026-11-20T10:57:35.123Z",
		"1734537253", "1513230600000", "-1e308", "9999999999999999999999", "2006-01-02 3:04:05PM", "0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseTime(s)
		if err == nil && got.Location() != time.UTC {
			t.Errorf("ParseTime(%q) = %v, not in UTC", s, got)
		}
		if err != nil && len(err.Error()) > 200 {
			t.Errorf("error for %q is %d bytes long", s, len(err.Error()))
		}
	})
}

// FuzzClockTime: whatever ClockTime reads, time.Parse reads the same with
// the layout it stands for, so that the fast path never changes a time.
func FuzzClockTime(f *testing.F) {
	for _, s := range []string{"2020-04-17 11:58:10", "2017-12-13 10:57:35", "2016-02-29 00:00:00", "2017-02-29 12:00:00",
		"2017-12-13 24:00:00", "2017-12-13 12:60:00", "0000-01-01 00:00:00", "2017-1-13 10:57:35 ", "2017-12-13T10:57:35"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, twelveHour bool) {
		got, ok := ClockTime([]byte(s), twelveHour)
		if !ok {
			return
		}
		layout := "2006-01-02 15:04:05"
		if twelveHour {
			layout = "2006-01-02 03:04:05"
		}
		want, err := time.Parse(layout, s)
		if err != nil || !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("ClockTime(%q, %v) = %v, but time.Parse reads %v, %v", s, twelveHour, got, want, err)
		}
	})
}

func FuzzParseTimeSpec(f *testing.F) {
	for _, s := range []string{"7d", "90m", "1.5h", "2026-11-20", "yesterday", "2026-11-20T09:00:00Z", "1e400d", "-5d"} {
		f.Add(s)
	}
	now := time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseTimeSpec(s, now, time.UTC)
		if _, isAge := parseAge(strings.TrimSpace(s)); isAge && (err != nil || got.After(now)) {
			t.Errorf("age %q gave %v, %v; an age is before now", s, got, err)
		}
	})
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"plain", "\x1b[2J", "\x1b]52;c;eA==\x07", "\u009b31m", "a\u202eb", "\xff\xfe", "日本\u200b語", "\U000e0041"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Sanitize(s)
		if !IsClean(out) {
			t.Fatalf("Sanitize(%q) = %q is not clean", s, out)
		}
		if again := Sanitize(out); again != out {
			t.Fatalf("Sanitize is not stable: %q then %q", out, again)
		}
		if IsClean(s) && out != s {
			t.Fatalf("clean text changed: %q → %q", s, out)
		}
		if !utf8.ValidString(out) {
			t.Fatalf("Sanitize(%q) = %q is not UTF-8", s, out)
		}
		for _, r := range out {
			if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) {
				t.Fatalf("control %U survived in %q", r, out)
			}
		}
	})
}

func FuzzContainsFold(f *testing.F) {
	f.Add("Hello World", "WORLD")
	f.Add("abc", "")
	f.Fuzz(func(t *testing.T, s, sub string) {
		got := ContainsFold(s, sub)
		if isASCII(s) && isASCII(sub) {
			if want := strings.Contains(strings.ToLower(s), strings.ToLower(sub)); got != want {
				t.Fatalf("ContainsFold(%q, %q) = %v, want %v", s, sub, got, want)
			}
		}
		if i, n := IndexFold(s, sub); got != (i >= 0) || i+n > len(s) {
			t.Fatalf("IndexFold(%q, %q) = %d, %d disagrees", s, sub, i, n)
		}
		if nd := NewNeedle(sub, ByteFreq(s, sub)); nd.In(s) != got {
			t.Fatalf("a needle tuned to the text disagrees on %q in %q", sub, s)
		}
	})
}

func FuzzParseRecord(f *testing.F) {
	f.Add(`{"source":"prod","provider":"canary","id":"1","time":"2026-11-20T10:00:00Z","raw":{"id":1}}`)
	f.Add(`{"raw":null}`)
	f.Add(`[1,2]`)
	f.Fuzz(func(t *testing.T, line string) {
		r, err := ParseRecord([]byte(line))
		if err != nil {
			return
		}
		e := r.Event()
		if out, err := NewRecord(r.Source, r.Provider, &e).AppendJSONL(nil); err != nil || !strings.HasSuffix(string(out), "\n") {
			t.Fatalf("record %q did not encode back: %v", line, err)
		}
	})
}

// FuzzParseQuery: a query line either fails with an error that points
// inside the line, or renders to a line that reads back to the same query.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"actor:alice outcome:failure since:7d", `-ip:203.0.113.0/24 "a phrase" word*`, "action:a,b,/c+/",
		`location:"Berlin, DE" -text:"x\"y"`, "ip:2001:db8::/32 actor~bob", "since:\"2026-11-20 14:00\" until:now", `a\ "\\"`} {
		f.Add(s)
	}
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseQuery(s, now, time.UTC)
		if err != nil {
			qe, ok := err.(*QueryError)
			if !ok || qe.Pos < 0 || qe.End > len(s) || qe.Pos > qe.End {
				t.Fatalf("ParseQuery(%q) = %#v", s, err)
			}
			return
		}
		line := q.String()
		back, err := ParseQuery(line, now, time.UTC)
		if err != nil {
			t.Fatalf("%q renders as %q, which fails: %v", s, line, err)
		}
		if !back.Equal(q) || back.String() != line {
			t.Fatalf("%q renders as %q, which reads back as %q", s, line, back.String())
		}
	})
}
