package export

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// The prompt offers a file name that says what and when, made safe; enter on
// an empty name asks nothing of the root but a word; enter on a name asks
// the root to start, and esc closes the prompt.
func TestPromptActions(t *testing.T) {
	p := New()
	p.Start("prod/../canary ✓", time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC), 0)
	if got := p.Name(); got != "trail-prod..canary-20261120-120000.jsonl" {
		t.Errorf("default name %q", got)
	}
	p.SetName("  ")
	if _, act := p.Update(tea.KeyPressMsg{Code: tea.KeyEnter}); act.Kind != NoName || !p.Active() {
		t.Fatalf("enter on a blank name: %+v, active %v", act, p.Active())
	}
	p.SetName("out.csv ")
	if _, act := p.Update(tea.KeyPressMsg{Code: tea.KeyEnter}); act.Kind != Started || act.Path != "out.csv" || p.Active() {
		t.Fatalf("enter: %+v, active %v", act, p.Active())
	}
	p.Start("x", time.Now(), 0)
	if _, act := p.Update(tea.KeyPressMsg{Code: tea.KeyEscape}); act.Kind != None || p.Active() {
		t.Errorf("esc: %+v, active %v", act, p.Active())
	}
	if p.Ask() {
		t.Error("quitting asks about an export that does not run")
	}
	if s := p.Status(time.Now()); !strings.HasPrefix(s, "exporting: page 0") {
		t.Errorf("status %q", s)
	}
}

// Typing a path replaces the proposed name (it did not: "trail-x-….jsonl/tmp/a.csv");
// an editing key first keeps the proposal to edit.
func TestTypingReplacesTheProposedName(t *testing.T) {
	p := New()
	p.Start("x", time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC), 0)
	for _, r := range "/tmp/a.csv" {
		p.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	if got := p.Name(); got != "/tmp/a.csv" {
		t.Errorf("typed over the proposal: %q", got)
	}
	p.Start("x", time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC), 0)
	p.Update(tea.KeyPressMsg{Code: tea.KeyBackspace})
	for _, r := range "l" {
		p.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	if got := p.Name(); got != "trail-x-20261120-120000.jsonl" {
		t.Errorf("edited proposal: %q", got)
	}
}

// TestPromptMarkedOnly: with marks, tab switches the prompt to the marked
// events alone, says so in the prompt and the hints, and enter asks for
// that export; without marks tab does nothing.
func TestPromptMarkedOnly(t *testing.T) {
	p := New()
	p.Start("x", time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC), 3)
	tab := tea.KeyPressMsg{Code: tea.KeyTab}
	if h := p.ShortHelp(); h[len(h)-1].Help().Desc != "marked only (3)" {
		t.Fatalf("hint %q, want the marked-only choice", h[len(h)-1].Help().Desc)
	}
	p.Update(tab)
	if v := p.View(); !strings.Contains(v, "export the 3 marked events to:") {
		t.Errorf("prompt after tab: %q", v)
	}
	_, act := p.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	if act.Kind != Started || !act.Marked {
		t.Fatalf("enter: %+v, want a marked-only start", act)
	}
	p.Start("x", time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC), 0)
	p.Update(tab)
	if _, act := p.Update(tea.KeyPressMsg{Code: tea.KeyEnter}); act.Marked || len(p.ShortHelp()) != 2 {
		t.Errorf("without marks: %+v, hints %d; want the whole view and no choice", act, len(p.ShortHelp()))
	}
}
