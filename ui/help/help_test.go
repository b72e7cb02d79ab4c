package help

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/trail-dev/trail/ui/keys"
	"github.com/trail-dev/trail/ui/theme"
)

func press(code rune, text string) tea.KeyPressMsg { return tea.KeyPressMsg{Code: code, Text: text} }

// The screen scrolls like a pager within its content, says when more
// follows, and closes on its own key, resetting the scroll.
func TestHelpScrollsAndCloses(t *testing.T) {
	st := theme.New(theme.None)
	m := New(keys.DefaultKeyMap(), &st)
	m.SetSize(80, 10)
	m.SetNotes("notes")
	if v := m.View(); !strings.Contains(v, "↓ more: j, pgdn") || strings.Count(v, "\n") != 9 {
		t.Fatalf("a long screen in 10 lines:\n%s", v)
	}
	for range 100 {
		m, _ = m.Update(press('j', "j"))
	}
	if v := m.View(); strings.Contains(v, "more:") || !strings.Contains(v, "notes") {
		t.Fatalf("scrolled to the end, the screen is:\n%s", v)
	}
	m, closed := m.Update(press('?', "?"))
	if !closed || m.offset != 0 {
		t.Fatalf("? closed=%v, offset %d", closed, m.offset)
	}
}

// Hints keeps to its width and marks what it left out.
func TestHintsFitTheirWidth(t *testing.T) {
	st := theme.New(theme.Dark)
	bs := []key.Binding{
		key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "first")),
		key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "second")),
		key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "third")),
	}
	if got := ansi.Strip(Hints(bs, 80, &st)); got != "a first • b second • c third" {
		t.Errorf("wide: %q", got)
	}
	got := Hints(bs, 20, &st)
	if w := ansi.StringWidth(got); w > 20 || !strings.HasSuffix(ansi.Strip(got), " …") {
		t.Errorf("narrow: %q (%d cells)", ansi.Strip(got), w)
	}
}

// The ? screen names every key an action is bound to, not the two a hint
// line has room for: space moves a screen down too.
func TestHelpNamesEveryKey(t *testing.T) {
	st := theme.New(theme.None)
	m := New(keys.DefaultKeyMap(), &st)
	m.SetSize(160, 100)
	v := strings.Join(strings.Fields(ansi.Strip(m.View())), " ")
	for _, want := range []string{"pgdn/ctrl+f/space screen down", "pgup/ctrl+b screen up", "q/ctrl+c quit", "G/end end of the query"} {
		if !strings.Contains(v, want) {
			t.Errorf("the help does not say %q:\n%s", want, m.View())
		}
	}
}
