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
	p.Start("prod/../canary ✓", time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC))
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
	p.Start("x", time.Now())
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
	p.Start("x", time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC))
	for _, r := range "/tmp/a.csv" {
		p.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	if got := p.Name(); got != "/tmp/a.csv" {
		t.Errorf("typed over the proposal: %q", got)
	}
	p.Start("x", time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC))
	p.Update(tea.KeyPressMsg{Code: tea.KeyBackspace})
	for _, r := range "l" {
		p.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	if got := p.Name(); got != "trail-x-20261120-120000.jsonl" {
		t.Errorf("edited proposal: %q", got)
	}
}
