package ui

import (
	"context"
	"errors"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/ui/common"
)

// Searching the file: when `/` (kept with enter), n or N find nothing more
// in the loaded events in their direction, and the source can look through
// the whole log itself (a sources.Finder: a file), the search goes on in
// the file in the background, the status bar saying how far it has read.
// Keys still answer, esc stops it, and a new search or filter replaces it.
//
// It reads first what lies beyond the loaded window in the search's
// direction; if nothing there matches and the window does not hold the
// other end of the file, it reads from that end up to the window (the
// wrap round, as the loaded search does), and then wraps to a loaded match
// behind the cursor, if there is one. A match found opens the view at it,
// as going to a time does: the cursor on the match, the top bar saying
// where it is, backspace or esc back to the view before, n and N going on
// from there. None found, the status says there is no match in the file,
// which is then known. Other sources keep the search to the loaded events
// and say so.

// matchBase is the number the feed gives the page of a match found in the
// file, as atBase is the page at a time's: far from both page 1 and atBase.
const matchBase = 1 << 41

// progressEvery is how often the status bar hears how far a search in the
// file has read: often enough to move, rarely enough not to redraw for
// every megabyte.
const progressEvery = 100 * time.Millisecond

// fileSearch is the search in the file, while it runs.
type fileSearch struct {
	seq      int // number of the latest; results of others are dropped
	cancel   context.CancelFunc
	running  bool
	text     string
	backward bool
	whole    bool             // this pass reads from the file's far end up to the window (the wrap)
	wrapTo   *common.EventRef // a loaded match behind the cursor, for when the file holds none beyond
	done     int64            // bytes read of total
	total    int64
}

// matchView is the view opened at a match found in the file.
type matchView struct {
	text    string
	src     *sources.From
	index   int  // the match's place on the first page
	percent int  // how far into the file it is, by bytes
	pending bool // the cursor goes to it when its page arrives
}

// fileSearchProgressedMsg says how far a search in the file has read; ch
// delivers its next message.
type fileSearchProgressedMsg struct {
	seq         int
	done, total int64
	ch          <-chan tea.Msg
}

// fileSearchedMsg is a search in the file's result.
type fileSearchedMsg struct {
	seq   int
	found sources.Found
	err   error
}

// finder is the source as a sources.Finder, or nil. The view at a time
// reads its own cursors, which the file's Find does not know.
func (m *Model) finder() sources.Finder {
	if m.around != nil {
		return nil
	}
	f, _ := m.opts.Source.(sources.Finder)
	return f
}

// searchOnInFile goes on searching for text in the file past the loaded
// events, forwards (down the list) or backwards; wrapTo is the loaded
// match behind the cursor, if any. It returns nil when there is nothing
// to search that the loaded events do not hold, or no way to.
func (m *Model) searchOnInFile(text string, forward bool, wrapTo *common.EventRef) tea.Cmd {
	fd := m.finder()
	if fd == nil || text == "" || !m.feed.started() {
		return nil
	}
	from, beyond := m.beyond(forward)
	to, whole := "", false
	if !beyond {
		if m.holdsFarEnd(forward) {
			return nil // the loaded events are the whole file
		}
		from, to, whole = "", m.nearEdge(forward), true
	}
	m.stopFileSearch()
	m.fsearch = fileSearch{seq: m.fsearch.seq + 1, running: true, text: text, backward: !forward, whole: whole, wrapTo: wrapTo}
	return m.runFileSearch(fd, from, to)
}

// runFileSearch starts the pass of the search in force from cursor from
// up to cursor to ("" for the end of the file).
func (m *Model) runFileSearch(fd sources.Finder, from, to string) tea.Cmd {
	ctx, cancel := context.WithCancel(m.ctx)
	m.fsearch.cancel = cancel
	m.fsearch.done, m.fsearch.total = 0, 0
	req := sources.FindRequest{Query: m.sourceQuery(), Text: m.fsearch.text, From: from, To: to, Backward: m.fsearch.backward}
	return searchFile(ctx, fd, req, m.fsearch.seq)
}

// nearEdge is the cursor of the loaded pages' edge a search going that way
// round from the file's other end comes to: their start for a search
// forwards.
func (m *Model) nearEdge(forward bool) string {
	if forward {
		return m.feed.pages[0].prev
	}
	return m.feed.pages[len(m.feed.pages)-1].next
}

// beyond is the cursor of what lies past the loaded pages that way; false
// when they hold the end of the file there.
func (m *Model) beyond(forward bool) (string, bool) {
	f := &m.feed
	if forward {
		next := f.pages[len(f.pages)-1].next
		return next, next != ""
	}
	prev := f.pages[0].prev
	return prev, prev != ""
}

// holdsFarEnd reports whether the loaded pages hold the end of the file
// a search going that way wraps round to: its start for a search forwards.
// A first page with no way back is the file's first only where pages have
// ways back (JSON lines); in a JSON array none has, and only page 1 is.
func (m *Model) holdsFarEnd(forward bool) bool {
	f := &m.feed
	if !forward {
		return f.atEnd()
	}
	if f.pages[0].number == 1 {
		return true
	}
	if f.pages[0].prev != "" {
		return false
	}
	for _, p := range f.pages {
		if p.prev != "" {
			return true
		}
	}
	return false
}

// stopFileSearch cancels the search in the file, if one runs.
func (m *Model) stopFileSearch() {
	if m.fsearch.cancel != nil {
		m.fsearch.cancel()
		m.fsearch.cancel = nil
	}
	m.fsearch.running = false
}

// handleFileSearch takes a search in the file's progress and result in.
func (m Model) handleFileSearch(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case fileSearchProgressedMsg:
		if msg.seq != m.fsearch.seq || !m.fsearch.running {
			return m, nil
		}
		m.fsearch.done, m.fsearch.total = msg.done, msg.total
		return m, common.AwaitNext(msg.ch)
	case fileSearchedMsg:
		if msg.seq != m.fsearch.seq || !m.fsearch.running {
			return m, nil
		}
		fs := m.fsearch
		m.stopFileSearch()
		switch {
		case errors.Is(msg.err, context.Canceled):
			return m, nil
		case errors.Is(msg.err, errors.ErrUnsupported):
			// This file cannot be read that way (a JSON array backwards):
			// the search stays in the loaded events.
			if m.moveToRef(fs.wrapTo) {
				return m, tea.Batch(m.afterMove(), m.recount(), m.setStatus("search wrapped in the loaded events (this file cannot be searched backwards)", statusInfo, 4*time.Second))
			}
			return m, m.setStatus("no match in the "+common.Plural(m.feed.events.Len(), "loaded event")+" (this file cannot be searched backwards)", statusWarn, 5*time.Second)
		case msg.err != nil:
			return m, m.setStatus("the search in the file failed: "+common.ErrorText(msg.err), statusError, 10*time.Second)
		case msg.found.OK:
			return m.openAtMatch(fs.text, msg.found)
		case !fs.whole && !m.holdsFarEnd(!fs.backward):
			// Nothing beyond: round from the file's other end up to the
			// loaded events.
			m.fsearch = fs
			m.fsearch.running, m.fsearch.whole = true, true
			return m, m.runFileSearch(m.finder(), "", m.nearEdge(!fs.backward))
		case m.moveToRef(fs.wrapTo):
			return m, tea.Batch(m.afterMove(), m.recount(), m.setStatus("search wrapped", statusInfo, 4*time.Second))
		case fs.wrapTo != nil:
			// The match behind the cursor was let go from the window while
			// the file was searched: there is one, but not where it was.
			return m, m.setStatus("search wrapped to a match that is no longer loaded: "+m.keys.Search.Help().Key+" again finds it", statusInfo, 5*time.Second)
		}
		return m, m.setStatus("no match for /"+model.Sanitize(fs.text)+" in the file"+m.underFilter(), statusWarn, 6*time.Second)
	}
	return m, nil
}

// underFilter qualifies "in the file" when a filter is in force.
func (m *Model) underFilter() string {
	if m.query.IsZero() {
		return ""
	}
	return " (under the filter)"
}

// moveToRef puts the cursor on the loaded event ref names; false when ref
// is nil or the event is no longer loaded.
func (m *Model) moveToRef(ref *common.EventRef) bool {
	if ref == nil {
		return false
	}
	at := -1
	m.feed.events.Each(0, func(i int, e *model.Event) bool {
		if ref.Is(e) {
			at = i
			return false
		}
		return true
	})
	if at < 0 {
		return false
	}
	m.list.Move(m.feed.window(), at)
	return true
}

// openAtMatch opens the view at a match found in the file, keeping the
// view before on the history for backspace and esc.
func (m Model) openAtMatch(text string, found sources.Found) (tea.Model, tea.Cmd) {
	m.history = append(m.history, m.here())
	if len(m.history) > 100 {
		m.history = m.history[len(m.history)-100:]
	}
	m.setAt(time.Time{})
	pct := 0
	if found.Size > 0 {
		pct = int(found.Offset * 100 / found.Size)
	}
	m.atMatch = &matchView{text: text, src: sources.NewFrom(m.opts.Source, found.Cursor), index: found.Index, percent: pct, pending: true}
	cmd := m.restart()
	return m, tea.Batch(cmd, m.setStatus("found /"+model.Sanitize(text)+" "+common.Itoa(pct)+" % into the file; "+
		m.keys.Back.Help().Key+" goes back", statusInfo, 5*time.Second))
}

// landOnMatch puts the cursor on the match when the page holding it
// arrives, in the middle of the screen so the events around it show.
func (m *Model) landOnMatch(req request) {
	v := m.atMatch
	if v == nil || !v.pending || req.dir != dirFirst || m.feed.events.Len() == 0 {
		return
	}
	v.pending = false
	i := min(rowStart(&m.feed, matchBase)+v.index, m.feed.events.Len()-1)
	m.list.Land(m.feed.window(), i, m.list.RowsVisible()/2)
	m.atCenter = i
	m.detail.SetEvent(m.selected(), m.loc)
}

// searchHelp is the ? screen's word on how far / searches.
func (m *Model) searchHelp() string {
	if _, ok := m.opts.Source.(sources.Finder); ok {
		return "/ searches what is loaded as you type; enter, " + m.keys.SearchNext.Help().Key + " and " + m.keys.SearchPrev.Help().Key +
			" go on in the file past it, in the background (esc stops)."
	}
	return "/ searches only what is loaded."
}

// matchPart is the top bar's word on the match the view is opened at; ""
// when none.
func (m *Model) matchPart() string {
	if m.atMatch == nil {
		return ""
	}
	return m.styles.Accent.Render("at the match of /" + model.Sanitize(m.atMatch.text) + ", " + common.Itoa(m.atMatch.percent) + " % into the file")
}

// fileSearchText is the status bar's word on a search in the file: how
// far it has read.
func (m *Model) fileSearchText() string {
	s := "searching file… "
	if m.fsearch.whole {
		s = "searching file from the " + map[bool]string{false: "start", true: "end"}[m.fsearch.backward] + "… "
	}
	if m.fsearch.total <= 0 {
		return s + "0%"
	}
	return s + common.Itoa(int(m.fsearch.done*100/m.fsearch.total)) + "%"
}

// searchFile runs req on fd in a goroutine, reporting progress through a
// channel at most every progressEvery, and then its result.
func searchFile(ctx context.Context, fd sources.Finder, req sources.FindRequest, seq int) tea.Cmd {
	return func() tea.Msg {
		ch := make(chan tea.Msg, 2)
		go func() {
			defer close(ch)
			var last time.Time
			req.Progress = func(done, total int64) {
				if now := time.Now(); now.Sub(last) >= progressEvery {
					last = now
					select {
					case ch <- fileSearchProgressedMsg{seq: seq, done: done, total: total, ch: ch}:
					default: // progress is advisory; never hold the search up
					}
				}
			}
			var res fileSearchedMsg
			func() {
				defer func() {
					if v := recover(); v != nil {
						res.err = sources.PanicError("while searching the file", v)
					}
				}()
				res.found, res.err = fd.Find(ctx, req)
			}()
			res.seq = seq
			select {
			case ch <- res:
			case <-ctx.Done(): // stopped: nobody listens any more
			}
		}()
		return common.AwaitNext(ch)()
	}
}
