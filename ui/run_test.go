package ui

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// A panic Bubble Tea caught (it restored the terminal) ends trail with a
// failure, not status 0; a quit does not fail; a hangup does.
func TestExitError(t *testing.T) {
	panicked := fmt.Errorf("%w: %w", tea.ErrProgramKilled, tea.ErrProgramPanic)
	for _, c := range []struct {
		err    error
		hungUp bool
		fails  bool
	}{
		{nil, false, false},
		{tea.ErrProgramKilled, false, false},
		{panicked, false, true},
		{fmt.Errorf("%w: context canceled", tea.ErrProgramKilled), true, true},
	} {
		err := exitError(c.err, c.hungUp)
		if (err != nil) != c.fails {
			t.Errorf("exitError(%v, hung up %v) = %v; want failure %v", c.err, c.hungUp, err, c.fails)
		}
		if errors.Is(c.err, tea.ErrProgramPanic) && (err == nil || !strings.Contains(err.Error(), "terminal was restored")) {
			t.Errorf("a panic is reported as %v", err)
		}
	}
}

// NO_COLOR set and not empty turns colour off whatever the config says;
// empty or unset leaves the configured theme.
func TestNoColor(t *testing.T) {
	env := func(v string, set bool) func(string) (string, bool) {
		return func(string) (string, bool) { return v, set }
	}
	for _, c := range []struct {
		v    string
		set  bool
		want string
	}{{"1", true, ThemeNone}, {"", true, ThemeDark}, {"", false, ThemeDark}} {
		if got := noColor(ThemeDark, env(c.v, c.set)); got != c.want {
			t.Errorf("NO_COLOR=%q (set %v): %q, want %q", c.v, c.set, got, c.want)
		}
	}
}

// The help names the config's place and the keys, which live here.
func TestCommandHelpNamesKeys(t *testing.T) {
	for _, want := range []string{"? lists every key", "q quits", "[sources.canary]"} {
		if !strings.Contains(CommandHelp, want) {
			t.Errorf("CommandHelp lacks %q", want)
		}
	}
}
