package ui

import (
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/trail-dev/trail/model"
)

// searchBar is `/`: an instant search over the loaded events. Typing moves
// the cursor to the first match from where the search began; enter keeps it
// and n/N step through the rest; esc puts the cursor back.
type searchBar struct {
	input  textinput.Model
	keys   searchKeys
	active bool   // the input has the keyboard
	query  string // the search in force, highlighted in rows
	origin int    // cursor when the search began
	found  bool   // the last search found a match
}

func newSearchBar() *searchBar {
	in := textinput.New()
	in.Prompt = "/"
	in.CharLimit = 256
	return &searchBar{input: in, keys: defaultSearchKeys()}
}

// Start opens the input with the cursor at origin.
func (s *searchBar) Start(origin int) tea.Cmd {
	s.active, s.origin = true, origin
	s.input.SetValue("") // a new search; n and N still step through the last one
	return s.input.Focus()
}

// Stop closes the input, keeping the query (enter) or dropping it (esc).
func (s *searchBar) Stop(keep bool) {
	s.active = false
	s.input.Blur()
	if !keep {
		s.query = ""
	}
}

// find returns the index of the first event from start (inclusive) in
// direction step (+1 or -1) that contains q, wrapping around, or -1.
func find(evs []model.Event, q string, start, step int) int {
	n := len(evs)
	if q == "" || n == 0 {
		return -1
	}
	start = ((start % n) + n) % n
	for k := 0; k < n; k++ {
		i := ((start+k*step)%n + n) % n
		if evs[i].Contains(q) {
			return i
		}
	}
	return -1
}

// countMatches counts loaded events containing q.
func countMatches(evs []model.Event, q string) int {
	if q == "" {
		return 0
	}
	n := 0
	for i := range evs {
		if evs[i].Contains(q) {
			n++
		}
	}
	return n
}
