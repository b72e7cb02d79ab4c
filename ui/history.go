package ui

import (
	"os"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/trail-dev/trail/model"
)

// historyMax is how many recent query lines the history keeps: the file
// stays a few tens of KiB at most.
const historyMax = 200

// DefaultHistoryFile is where recent queries are kept:
// $XDG_STATE_HOME/trail/history, else ~/.local/state/trail/history; "" when
// neither can be found.
func DefaultHistoryFile() string {
	if dir := os.Getenv("XDG_STATE_HOME"); filepath.IsAbs(dir) {
		return filepath.Join(dir, "trail", "history")
	}
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return ""
	}
	return filepath.Join(home, ".local", "state", "trail", "history")
}

// LoadHistory reads the recent query lines, oldest first. A file that is
// missing or cannot be read is an empty history: recall is a convenience,
// never a reason not to start. Lines a query could not be are skipped.
func LoadHistory(path string) []string {
	if path == "" {
		return nil
	}
	b, err := os.ReadFile(path)
	if err != nil || len(b) > historyMax*(historyLineMax+1) {
		return nil
	}
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if keepInHistory(l) {
			out = append(out, l)
		}
	}
	if len(out) > historyMax {
		out = out[len(out)-historyMax:]
	}
	return out
}

// historyLineMax is the longest line the history keeps.
const historyLineMax = 1024

// keepInHistory reports whether a line belongs in the history: not empty,
// not too long, and free of control characters (which a file edited by hand
// might hold, and which must not reach the screen).
func keepInHistory(l string) bool {
	return strings.TrimSpace(l) != "" && len(l) <= historyLineMax && model.Sanitize(l) == l
}

// remember adds line as the most recent query, once: an earlier copy moves
// to the end. It returns the new history, bounded.
func remember(history []string, line string) []string {
	if !keepInHistory(line) {
		return history
	}
	out := make([]string, 0, len(history)+1)
	for _, h := range history {
		if h != line {
			out = append(out, h)
		}
	}
	out = append(out, line)
	if len(out) > historyMax {
		out = out[len(out)-historyMax:]
	}
	return out
}

// historySavedMsg reports how writing the history went.
type historySavedMsg struct{ err error }

// saveHistory writes the history to path, readable by its owner only, by
// way of a file beside it renamed over it, so a crash leaves the old one.
func saveHistory(path string, history []string) tea.Cmd {
	if path == "" {
		return nil
	}
	body := strings.Join(history, "\n") + "\n"
	return func() tea.Msg {
		dir := filepath.Dir(path)
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return historySavedMsg{err}
		}
		tmp, err := os.CreateTemp(dir, ".history-*")
		if err != nil {
			return historySavedMsg{err}
		}
		_, err = tmp.WriteString(body) // CreateTemp made it 0600
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Rename(tmp.Name(), path)
		}
		if err != nil {
			os.Remove(tmp.Name())
		}
		return historySavedMsg{err}
	}
}

// rememberQuery makes line the most recent query, for ↑ now and, written
// to the history file, in later sessions.
func (m *Model) rememberQuery(line string) tea.Cmd {
	if line == "" || len(m.recent) > 0 && m.recent[len(m.recent)-1] == line {
		return nil
	}
	m.recent = remember(m.recent, line)
	m.filter.SetHistory(m.recent)
	return saveHistory(m.opts.HistoryFile, m.recent)
}
