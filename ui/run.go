package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/term"
)

// CommandHelp is what `trail --help` says beyond the flags: enough to start
// without the README, which `go install` does not bring. It names the
// explorer's keys, so it lives beside them.
const CommandHelp = `A terminal explorer for SaaS audit trails: Thinkst Canary, Domo, Qualtrics,
Intercom and files. A list of events, a detail pane, a filter; pages are
fetched from the provider's API as you scroll. Several sources, or a view,
open as one list merged by time.

Config: $XDG_CONFIG_HOME/trail/config.toml, else ~/.config/trail/config.toml,
or --config FILE. Without one, trail opens the demo. A minimal config:

  default = "canary"

  [sources.canary]
  provider = "canary"                  # canary, domo, qualtrics, intercom, file
  base_url = "https://EXAMPLE.canary.tools"
  token = "env:CANARY_AUTH_TOKEN"      # or cmd:COMMAND, file:PATH

A query narrows what is shown, after the names or instead of them:
terms all hold (field:value, field~part, -term, field:a,b, field:val*,
field:/re/, ip:203.0.113.0/24, since:7d, "a phrase"); fields are actor,
actor_id, action, target, ip, client, location, outcome, source and text.
A name from the config's [queries] stands for its query.

Keys in the explorer: j/k or arrows move, enter shows an event in full,
tab switches pane, f filters, / searches what is loaded, a/i/v/o keep only
this actor/IP/action/target, s shows insights, y copies the raw JSON,
e exports, ? lists every key, q quits.`

// CheckTheme refuses a --theme the explorer does not have; "" is the
// config's.
func CheckTheme(name string) error {
	switch name {
	case "", ThemeAuto, ThemeDark, ThemeLight, ThemeNone:
		return nil
	}
	return fmt.Errorf("--theme %q: use auto, dark, light or none", name)
}

// CommandExample is `trail --help`'s examples.
const CommandExample = `  trail
  trail prod-canary intercom
  trail --demo canary domo
  trail canary 'outcome:failure -actor:svc-backup -ip:203.0.113.0/24 since:7d'
  trail export canary 'actor:alice outcome:failure since:7d' -o alice.jsonl
  trail export canary --since 7d -o week.jsonl
  trail check`

// IsTerminal reports whether w is a terminal.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

// NeedTerminal makes sure the explorer can draw and read keys before
// anything opens: stdout must be a terminal, and so must stdin or the
// process's controlling terminal (where Bubble Tea reads keys when stdin is
// a pipe). The error says what to use instead, where Bubble Tea would say
// "error opening TTY".
func NeedTerminal(stdout io.Writer) error {
	const hint = "; to write events to a pipe or a file, use trail export"
	if !IsTerminal(stdout) {
		return errors.New("the explorer needs a terminal, and its output is not one" + hint)
	}
	if term.IsTerminal(os.Stdin.Fd()) {
		return nil
	}
	tty, err := os.Open("/dev/tty")
	if err != nil {
		return errors.New("the explorer needs a terminal to read keys from, and has none" + hint)
	}
	return tty.Close()
}

// Run runs the explorer until the user quits, the terminal hangs up or ctx
// ends. NO_COLOR (https://no-color.org) overrides opts.Theme. Where an
// export from the explorer stopped is said on stderr once the terminal is
// restored.
func Run(ctx context.Context, opts Options, stderr io.Writer) error {
	opts.Theme = noColor(opts.Theme, os.LookupEnv)
	// Bubble Tea turns SIGINT and SIGTERM into a quit; a hangup (the SSH
	// session or terminal went away) ends it the same way here, so the
	// terminal is restored and an export ends on a whole line.
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGHUP)
	defer stop()
	opts.Context = ctx
	if opts.History == nil {
		opts.History = LoadHistory(opts.HistoryFile)
	}
	m := New(opts)
	m.mem = newMemoryLimiter() // the process is trail's alone: its heap follows the window
	p := tea.NewProgram(m, tea.WithContext(ctx))
	final, err := p.Run()
	if m, ok := final.(Model); ok {
		if msg := m.Close(); msg != "" { // where an export stopped
			fmt.Fprintln(stderr, "trail:", msg)
		}
	}
	return exitError(err, ctx.Err() != nil)
}

// noColor is ThemeNone when NO_COLOR is set and not empty, else theme.
func noColor(theme string, lookup func(string) (string, bool)) string {
	if v, ok := lookup("NO_COLOR"); ok && v != "" {
		return ThemeNone
	}
	return theme
}

// exitError is the explorer's result from what Program.Run returned: a
// panic Bubble Tea caught (it restored the terminal and printed the trace)
// and a hangup fail; a quit does not.
func exitError(err error, hungUp bool) error {
	switch {
	case errors.Is(err, tea.ErrProgramPanic):
		return errors.New("internal error (please report it with the trace above); the terminal was restored")
	case hungUp:
		return errors.New("the terminal hung up")
	case errors.Is(err, tea.ErrProgramKilled):
		return nil
	}
	return err
}
