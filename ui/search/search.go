// Package search is the search prompt (/): an instant search over the loaded
// events, its keys, and the scans and counts it runs in the background as
// commands over a snapshot of the events.
package search

import (
	"context"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/ui/common"
	"github.com/trail-dev/trail/ui/window"
)

// Model is `/`: an instant search over the loaded events. Typing moves
// the cursor to the first match from where the search began; enter keeps it
// and n/N step through the rest; esc puts the cursor back.
//
// Scans run in the background, a generation number naming the latest: a
// million loaded events never hold up a keypress, and typing cancels the
// scan of what was typed before.
type Model struct {
	input    textinput.Model
	keys     KeyMap
	active   bool   // the input has the keyboard
	query    string // the search in force, highlighted in rows
	origin   int    // cursor when the search began
	found    bool   // the last scan found a match
	scanning bool   // a scan is running
	gen      int    // number of the latest scan; older results are dropped
	cancel   context.CancelFunc
	countGen int // number of the latest count, which runs beside a scan
	uncount  context.CancelFunc
	start    int  // where the latest scan began, to tell a wrap
	step     int  // its direction: +1 or -1
	wrapped  bool // the last scan's match lies behind where it began
	moved    int  // how far the loaded events' indexes moved since the latest scan began
}

// New returns the prompt, closed.
func New() *Model {
	in := textinput.New()
	in.Prompt = "/"
	in.CharLimit = 256
	return &Model{input: in, keys: defaultKeys()}
}

// SetStyles draws the prompt's input in the theme's input styles.
func (s *Model) SetStyles(st textinput.Styles) { s.input.SetStyles(st) }

// Start opens the input with the cursor at origin.
func (s *Model) Start(origin int) tea.Cmd {
	s.active, s.origin = true, origin
	s.input.SetValue("") // a new search; n and N still step through the last one
	return s.input.Focus()
}

// Stop closes the input, keeping the query (enter) or dropping it (esc).
func (s *Model) Stop(keep bool) {
	s.active = false
	s.input.Blur()
	if !keep {
		s.query = ""
		s.Halt()
		if s.uncount != nil {
			s.uncount()
		}
	}
}

// Halt cancels the scan in flight, if any.
func (s *Model) Halt() {
	if s.cancel != nil {
		s.cancel()
		s.cancel = nil
	}
	s.scanning = false
}

// Scan starts a background search for q from start in direction step,
// superseding any other, and returns its command.
func (s *Model) Scan(ctx context.Context, evs window.Events, q string, start, step int) tea.Cmd {
	s.Halt()
	s.gen++
	s.scanning = true
	s.start, s.step, s.moved = start, step, 0
	ctx, s.cancel = context.WithCancel(ctx)
	return findCmd(ctx, evs, q, start, step, s.gen)
}

// FoundMsg is the result of a scan: the index of the first match, or
// -1 when there is none (or the scan was cancelled).
type FoundMsg struct {
	Gen   int
	Index int
}

// CountedMsg is how many loaded events match the search in force,
// and which of them the cursor is on (1-based; 0 when it is on none).
type CountedMsg struct {
	gen  int
	n, k int
}

// findCmd scans evs (a snapshot: loaded events are never changed in place,
// so the scan can read it while Update goes on) from start in direction step,
// wrapping around.
func findCmd(ctx context.Context, evs window.Events, q string, start, step, gen int) tea.Cmd {
	return func() (msg tea.Msg) {
		defer common.RecoverTo(&msg, "while searching")
		return FoundMsg{Gen: gen, Index: Find(ctx, evs, q, start, step)}
	}
}

// countCmd counts the snapshot's matches in the background, and the rank
// of the one at index at.
func countCmd(ctx context.Context, evs window.Events, q string, at, gen int) tea.Cmd {
	return func() (msg tea.Msg) {
		defer common.RecoverTo(&msg, "while searching")
		n, k := CountMatches(ctx, evs, q, at)
		if ctx.Err() != nil {
			return nil
		}
		return CountedMsg{gen: gen, n: n, k: k}
	}
}

// needle prepares q for scanning evs, anchored on the byte that is rarest in
// a sample of them.
func needle(evs window.Events, q string) model.Needle {
	var sample []string
	for i := 0; i < evs.Len() && i < 256; i += max(evs.Len()/256, 1) {
		e := evs.At(i)
		sample = append(sample, string(e.Raw), e.Summary, e.Actor)
	}
	return model.NewNeedle(q, model.ByteFreq(sample...))
}

// Find returns the index of the first event from start (inclusive) in
// direction step (+1 or -1) that contains q, wrapping around, or -1. It
// gives up when ctx ends.
func Find(ctx context.Context, evs window.Events, q string, start, step int) int {
	n := evs.Len()
	if q == "" || n == 0 {
		return -1
	}
	nd := needle(evs, q)
	start = ((start % n) + n) % n
	found, seen := -1, 0
	look := func(i int, e *model.Event) bool {
		if seen++; seen&4095 == 4095 && ctx.Err() != nil {
			return false
		}
		if e.Has(nd) {
			found = i
			return false
		}
		return true
	}
	if step >= 0 {
		evs.Each(start, look)
		if found < 0 && seen < n && ctx.Err() == nil {
			evs.Each(0, func(i int, e *model.Event) bool { return i < start && look(i, e) })
		}
	} else {
		evs.EachBack(start, look)
		if found < 0 && seen < n && ctx.Err() == nil {
			evs.EachBack(n-1, func(i int, e *model.Event) bool { return i > start && look(i, e) })
		}
	}
	if ctx.Err() != nil {
		return -1
	}
	return found
}

// CountMatches counts events containing q, and returns which of them (from
// 1) is the event at index at, or 0 when that one does not contain q.
func CountMatches(ctx context.Context, evs window.Events, q string, at int) (n, k int) {
	if q == "" {
		return 0, 0
	}
	nd := needle(evs, q)
	stopped := false
	evs.Each(0, func(i int, e *model.Event) bool {
		if i&4095 == 4095 && ctx.Err() != nil {
			stopped = true
			return false
		}
		if e.Has(nd) {
			n++
			if i == at {
				k = n
			}
		}
		return true
	})
	if stopped {
		return n, 0
	}
	return n, k
}

// KeyMap are the bindings while typing a search.
type KeyMap struct {
	Accept, Cancel key.Binding
	Erase          key.Binding // on an empty prompt, leaves it (as less and vim do)
}

func defaultKeys() KeyMap {
	return KeyMap{
		Accept: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep result, n/N for more")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel search")),
		Erase:  key.NewBinding(key.WithKeys("backspace"), key.WithHelp("backspace", "on an empty search, cancel it")),
	}
}

// ShortHelp lists the prompt's keys.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Accept, k.Cancel} }

// FullHelp groups the prompt's keys.
func (k KeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// ActionKind says what a key in the prompt asks of the root, which owns the
// cursor and the events.
type ActionKind int

const (
	None     ActionKind = iota
	Canceled            // esc, or backspace on an empty prompt: the cursor goes back where the search began
	Accepted            // enter: the search in force is Query ("" for none)
	Cleared             // the prompt was emptied: the cursor goes back where the search began
	Changed             // what is typed changed: scan for it from Origin
)

// Update answers a key while the prompt is open.
func (s *Model) Update(k tea.KeyPressMsg) (tea.Cmd, ActionKind) {
	switch {
	case key.Matches(k, s.keys.Cancel):
		s.Stop(false)
		return nil, Canceled
	case key.Matches(k, s.keys.Accept):
		s.query = s.input.Value()
		s.Stop(s.query != "")
		return nil, Accepted
	case key.Matches(k, s.keys.Erase) && s.input.Value() == "":
		// Nothing left to erase: leave the prompt, as less and vim do.
		s.Stop(false)
		return nil, Canceled
	}
	before := s.input.Value()
	var cmd tea.Cmd
	s.input, cmd = s.input.Update(k)
	switch q := s.input.Value(); {
	case q == before:
		return cmd, None
	case q == "":
		s.Halt()
		return cmd, Cleared
	}
	return cmd, Changed
}

// UpdateInput passes anything else (a cursor blink) to the input.
func (s *Model) UpdateInput(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	s.input, cmd = s.input.Update(msg)
	return cmd
}

// Step starts a scan for the next (forward) or previous match of the search
// in force from the cursor at.
func (s *Model) Step(ctx context.Context, evs window.Events, at int, forward bool) tea.Cmd {
	step := 1
	if !forward {
		step = -1
	}
	return s.Scan(ctx, evs, s.query, at+step, step)
}

// Recount counts, in the background, the matches of the search in force or
// being typed, and which of them the event at index at is.
func (s *Model) Recount(ctx context.Context, evs window.Events, at int) tea.Cmd {
	if s.uncount != nil {
		s.uncount()
	}
	s.countGen++
	ctx, s.uncount = context.WithCancel(ctx)
	return countCmd(ctx, evs, s.Shown(), at, s.countGen)
}

// Found takes a scan's result in: ok is false when a newer scan superseded
// it; wrapped says an n/N scan, or a search kept with enter, went round the
// end (while typing, a match behind the cursor is not called a wrap).
func (s *Model) Found(msg FoundMsg) (index int, wrapped, ok bool) {
	if msg.Gen != s.gen {
		return 0, false, false
	}
	s.scanning, s.found = false, msg.Index >= 0
	s.wrapped = msg.Index >= 0 && ((s.step >= 0 && msg.Index < s.start) || (s.step < 0 && msg.Index > s.start))
	index = msg.Index
	if index >= 0 {
		// The scan read the events as they were: the match is where they
		// moved to since, unless it was let go.
		if index += s.moved; index < 0 {
			index, s.found, s.wrapped = -1, false, false
		}
	}
	return index, s.wrapped && !s.active, true
}

// Shift tells the search the loaded events' indexes moved by n (pages put
// in front of them, or let go from the front), so that a scan still
// running over them as they were reports its match where it is now, and
// the place the search began stays on its event.
func (s *Model) Shift(n int) {
	s.moved += n
	s.origin = max(s.origin+n, 0)
}

// Wrapped reports whether the last scan's match lies behind where it
// began: nothing matched the other way, up to the end of the loaded events.
func (s *Model) Wrapped() bool { return s.wrapped }

// Forward reports whether the last scan went down the list (/ and n)
// rather than up it (N).
func (s *Model) Forward() bool { return s.step >= 0 }

// Counted takes a count in: n matches, the cursor on the kth (0: on none);
// ok is false when a newer count superseded it.
func (s *Model) Counted(msg CountedMsg) (n, k int, ok bool) {
	if msg.gen != s.countGen {
		return 0, 0, false
	}
	return msg.n, msg.k, true
}

// Active reports whether the prompt has the keyboard.
func (s *Model) Active() bool { return s.active }

// Query is the search in force ("" for none).
func (s *Model) Query() string { return s.query }

// Typed is what is typed in the prompt.
func (s *Model) Typed() string { return s.input.Value() }

// Shown is what rows highlight: what is typed while the prompt is open,
// else the search in force.
func (s *Model) Shown() string {
	if s.active {
		return s.input.Value()
	}
	return s.query
}

// Origin is the cursor when the search began.
func (s *Model) Origin() int { return s.origin }

// Scanning reports whether a scan is running.
func (s *Model) Scanning() bool { return s.scanning }

// FoundAny reports whether the last scan found a match.
func (s *Model) FoundAny() bool { return s.found }

// Gen numbers the latest scan.
func (s *Model) Gen() int { return s.gen }

// View is the prompt with what is typed.
func (s *Model) View() string { return s.input.View() }

// ShortHelp is the hint line while the prompt is open.
func (s *Model) ShortHelp() []key.Binding { return s.keys.ShortHelp() }

// FullHelp groups the prompt's keys.
func (s *Model) FullHelp() [][]key.Binding { return s.keys.FullHelp() }

// SetStepKeys names the keys that step through matches, as bound, in the
// accept key's help.
func (s *Model) SetStepKeys(next, prev string) {
	s.keys.Accept.SetHelp(s.keys.Accept.Help().Key, "keep result, "+next+"/"+prev+" for more")
}
