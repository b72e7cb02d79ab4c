package timeprompt

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// The prompt reads every form trail takes, says live what is wrong with a
// time as it is typed, goes nowhere on enter with a bad one, and closes on
// esc.
func TestPrompt(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC)
	typeIn := func(p *Model, s string) {
		for _, r := range s {
			p.Update(tea.KeyPressMsg{Code: r, Text: string(r)}, now, time.UTC)
		}
	}
	enter := tea.KeyPressMsg{Code: tea.KeyEnter}
	for in, want := range map[string]time.Time{
		"2026-11-30 14:00":     time.Date(2026, 11, 30, 14, 0, 0, 0, time.UTC),
		"2026-11-30T14:00:00Z": time.Date(2026, 11, 30, 14, 0, 0, 0, time.UTC),
		"yesterday":            time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC),
		"2h":                   now.Add(-2 * time.Hour),
	} {
		p := New()
		p.Start()
		typeIn(p, in)
		if p.Err() != "" {
			t.Errorf("%q: error %q", in, p.Err())
		}
		if _, act := p.Update(enter, now, time.UTC); act.Kind != Go || !act.T.Equal(want) || p.Active() {
			t.Errorf("%q: %+v (active %v), want go to %v", in, act, p.Active(), want)
		}
	}
	p := New()
	p.Start()
	typeIn(p, "yesterdy")
	if !strings.Contains(p.Err(), `time "yesterdy"`) {
		t.Errorf("error while typing: %q", p.Err())
	}
	if _, act := p.Update(enter, now, time.UTC); act.Kind != None || !p.Active() {
		t.Errorf("enter on a bad time: %+v, active %v", act, p.Active())
	}
	if _, act := p.Update(tea.KeyPressMsg{Code: tea.KeyEscape}, now, time.UTC); act.Kind != Cancel || p.Active() {
		t.Errorf("esc: %+v, active %v", act, p.Active())
	}
}
