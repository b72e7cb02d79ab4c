package model

import (
	"errors"
	"testing"
)

func TestProblems(t *testing.T) {
	var p Problems
	p.Add("user", nil)
	if got := p.Summary("entry", "User alice logged in"); got != "User alice logged in" {
		t.Errorf("no problems: Summary = %q, want the summary alone", got)
	}
	p.Add("user", errors.New("is an object, not text"))
	p.Add("timestamp:", errors.New("not a time"))
	for summary, want := range map[string]string{
		"logged in": "could not read all of this entry (user is an object, not text; timestamp: not a time): logged in",
		"":          "could not read all of this entry (user is an object, not text; timestamp: not a time)",
	} {
		if got := p.Summary("entry", summary); got != want {
			t.Errorf("Summary(%q) = %q, want %q", summary, got, want)
		}
	}
}

func TestUnreadable(t *testing.T) {
	for raw, want := range map[string]string{
		` null `:  "could not read this entry: it is empty (null)",
		`"text"`:  "could not read this entry: it is a JSON string, not an object",
		`[1, 2]`:  "could not read this entry: it is a JSON array, not an object",
		`{"a": `:  "could not read this entry: unexpected end of JSON input",
		`{"a":1}`: "",
	} {
		e := Unreadable([]byte(raw), "entry")
		if e.Summary != want || string(e.Raw) != raw {
			t.Errorf("Unreadable(%q) = %q (raw %q), want %q", raw, e.Summary, e.Raw, want)
		}
	}
	if got := Clip("ééé", 3); got != "é…" {
		t.Errorf("Clip cuts inside a rune: %q", got)
	}
}
