package export

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
)

// progress draws one status line on a terminal's stderr, and says what the
// provider says (once each) and every wait wherever stderr goes: a wait
// with nothing on screen looks like a hang, in a log file too. It hears the
// walk (pages, and the waits between attempts) and, through
// sources.WithProgress, the waits the transport sits out inside one Fetch;
// a merged view's parts may report at once, hence the lock.
type progress struct {
	mu      sync.Mutex
	w       io.Writer
	tty     bool
	merged  bool // notices come from the merge, naming their source
	notices map[string]bool
	last    sources.WalkProgress // pages and events so far, for the line
	walking sources.WalkProgress // the walk's last wait, which its Sleep reports again
}

// report hears the walk.
func (p *progress) report(wp sources.WalkProgress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if wp.Notice != "" && !p.notices[wp.Notice] {
		// What the provider says (a better host to use) is worth saying
		// even when stderr is not a terminal; once each.
		p.notices[wp.Notice] = true
		p.clear()
		if p.merged {
			fmt.Fprintln(p.w, "trail:", model.Sanitize(wp.Notice))
		} else {
			fmt.Fprintln(p.w, "trail: the provider says:", model.Sanitize(wp.Notice))
		}
	}
	p.last = wp
	p.last.Notice, p.last.Until, p.last.Reason = "", time.Time{}, ""
	wait := ""
	if !wp.Until.IsZero() {
		p.walking = wp
		wait = fmt.Sprintf("waiting %v: %s", time.Until(wp.Until).Round(time.Second), wp.Reason)
	}
	p.draw(wait)
}

// fetching hears a Fetch under way: the transport's rate-limit waits and
// retries.
func (p *progress) fetching(fp sources.Progress) {
	if fp.Until.IsZero() {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if fp.Message == p.walking.Reason && fp.Until.Sub(p.walking.Until).Abs() < time.Second {
		return // the walk said it already
	}
	p.draw(fp.Message)
}

// draw shows wait ("" for none): on a terminal in the live line, with the
// pages and events so far; elsewhere as one line of its own.
func (p *progress) draw(wait string) {
	if !p.tty {
		if wait != "" {
			fmt.Fprintln(p.w, "trail:", model.Sanitize(wait))
		}
		return
	}
	line := fmt.Sprintf("page %d", p.last.Pages)
	if p.last.Total > 0 {
		line += fmt.Sprintf(" of %d", p.last.Total)
	}
	line += " · " + plural(p.last.Events, "event")
	if wait != "" {
		line += " · " + wait
	}
	fmt.Fprintf(p.w, "\r%s\x1b[K", model.Sanitize(line))
}

// clear rubs out the live line before a line of its own.
func (p *progress) clear() {
	if p.tty {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}

func (p *progress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clear()
}
