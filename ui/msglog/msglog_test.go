package msglog

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/trail-dev/trail/ui/keys"
	"github.com/trail-dev/trail/ui/theme"
)

// The log drops a repeat of its last message, keeps the newest 500, opens on
// the newest, and closes on its own key.
func TestLogKeepsAndScrolls(t *testing.T) {
	st := theme.New(theme.None)
	l := New(keys.DefaultKeyMap(), &st)
	at := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	l.Add(at, Warn, "same")
	l.Add(at, Warn, "same")
	if len(l.entries) != 1 {
		t.Fatalf("a repeat was logged: %d entries", len(l.entries))
	}
	for i := range 600 {
		l.Add(at, Info, "message "+strings.Repeat("x", i%7)+string(rune('a'+i%26)))
	}
	if len(l.entries) != maxEntries {
		t.Fatalf("%d entries, want %d", len(l.entries), maxEntries)
	}
	l.SetSize(80, 10)
	l.Open()
	v := ansi.Strip(l.View())
	if strings.Count(v, "\n") != 9 || strings.Contains(v, "↓ more") {
		t.Fatalf("opened on the newest, the log shows:\n%s", v)
	}
	l, _ = l.Update(tea.KeyPressMsg{Code: 'g', Text: "g"})
	if v = ansi.Strip(l.View()); !strings.Contains(v, "500 messages") || !strings.Contains(v, "↓ more: ↓/j, pgdn") {
		t.Fatalf("at the top, the log shows:\n%s", v)
	}
	if _, closed := l.Update(tea.KeyPressMsg{Code: 'm', Text: "m"}); !closed {
		t.Error("m did not close the log")
	}
}
