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
