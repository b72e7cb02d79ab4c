package ui

import (
	"context"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/trail-dev/trail/model"
)

// searchBar is `/`: an instant search over the loaded events. Typing moves
// the cursor to the first match from where the search began; enter keeps it
// and n/N step through the rest; esc puts the cursor back.
//
// Scans run in the background, a generation number naming the latest: a
// million loaded events never hold up a keypress, and typing cancels the
// scan of what was typed before.
type searchBar struct {
	input    textinput.Model
	keys     searchKeys
	active   bool   // the input has the keyboard
	query    string // the search in force, highlighted in rows
	origin   int    // cursor when the search began
	found    bool   // the last scan found a match
	scanning bool   // a scan is running
	gen      int    // number of the latest scan; older results are dropped
	cancel   context.CancelFunc
	countGen int // number of the latest count, which runs beside a scan
	uncount  context.CancelFunc
	from     int  // cursor when the latest n/N scan began, to tell a wrap
	forward  bool // direction of the latest n/N scan
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
		s.halt()
		if s.uncount != nil {
			s.uncount()
		}
	}
}

// halt cancels the scan in flight, if any.
func (s *searchBar) halt() {
	if s.cancel != nil {
		s.cancel()
		s.cancel = nil
	}
	s.scanning = false
}

// scan starts a background search for q from start in direction step,
// superseding any other, and returns its command.
func (s *searchBar) scan(ctx context.Context, evs []model.Event, q string, start, step int) tea.Cmd {
	s.halt()
	s.gen++
	s.scanning = true
	ctx, s.cancel = context.WithCancel(ctx)
	return findCmd(ctx, evs, q, start, step, s.gen)
}

// searchFoundMsg is the result of a scan: the index of the first match, or
// -1 when there is none (or the scan was cancelled).
type searchFoundMsg struct {
	gen   int
	index int
}

// searchCountedMsg is how many loaded events match the search in force,
// and which of them the cursor is on (1-based; 0 when it is on none).
type searchCountedMsg struct {
	gen  int
	n, k int
}

// findCmd scans evs (a snapshot: loaded events are never changed in place,
// so the scan can read it while Update goes on) from start in direction step,
// wrapping around.
func findCmd(ctx context.Context, evs []model.Event, q string, start, step, gen int) tea.Cmd {
	return func() (msg tea.Msg) {
		defer recoverTo(&msg, "while searching")
		return searchFoundMsg{gen: gen, index: find(ctx, evs, q, start, step)}
	}
}

// countCmd counts the snapshot's matches in the background, and the rank
// of the one at index at.
func countCmd(ctx context.Context, evs []model.Event, q string, at, gen int) tea.Cmd {
	return func() (msg tea.Msg) {
		defer recoverTo(&msg, "while searching")
		n, k := countMatches(ctx, evs, q, at)
		if ctx.Err() != nil {
			return nil
		}
		return searchCountedMsg{gen: gen, n: n, k: k}
	}
}

// needle prepares q for scanning evs, anchored on the byte that is rarest in
// a sample of them.
func needle(evs []model.Event, q string) model.Needle {
	var sample []string
	for i := 0; i < len(evs) && i < 256; i += max(len(evs)/256, 1) {
		sample = append(sample, string(evs[i].Raw), evs[i].Summary, evs[i].Actor)
	}
	return model.NewNeedle(q, model.ByteFreq(sample...))
}

// find returns the index of the first event from start (inclusive) in
// direction step (+1 or -1) that contains q, wrapping around, or -1. It
// gives up when ctx ends.
func find(ctx context.Context, evs []model.Event, q string, start, step int) int {
	n := len(evs)
	if q == "" || n == 0 {
		return -1
	}
	nd := needle(evs, q)
	start = ((start % n) + n) % n
	for k := 0; k < n; k++ {
		if k&4095 == 4095 && ctx.Err() != nil {
			return -1
		}
		i := ((start+k*step)%n + n) % n
		if evs[i].Has(nd) {
			return i
		}
	}
	return -1
}

// countMatches counts events containing q, and returns which of them (from
// 1) is the event at index at, or 0 when that one does not contain q.
func countMatches(ctx context.Context, evs []model.Event, q string, at int) (n, k int) {
	if q == "" {
		return 0, 0
	}
	nd := needle(evs, q)
	for i := range evs {
		if i&4095 == 4095 && ctx.Err() != nil {
			return n, 0
		}
		if evs[i].Has(nd) {
			n++
			if i == at {
				k = n
			}
		}
	}
	return n, k
}

// searchKeys are the bindings while typing a search.
type searchKeys struct {
	Accept, Cancel key.Binding
	Erase          key.Binding // on an empty prompt, leaves it (as less and vim do)
}

func defaultSearchKeys() searchKeys {
	return searchKeys{
		Accept: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep result, n/N for more")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel search")),
		Erase:  key.NewBinding(key.WithKeys("backspace"), key.WithHelp("backspace", "on an empty search, cancel it")),
	}
}

func (k searchKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Accept, k.Cancel} }
func (k searchKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }
