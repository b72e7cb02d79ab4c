package export

import (
	"fmt"
	"io"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
)

// progress draws one status line on a terminal's stderr, and says what the
// provider says (once each) wherever stderr goes.
type progress struct {
	w       io.Writer
	tty     bool
	merged  bool // notices come from the merge, naming their source
	notices map[string]bool
}

func (p *progress) report(wp sources.WalkProgress) {
	if wp.Notice != "" && !p.notices[wp.Notice] {
		// What the provider says (a better host to use) is worth saying
		// even when stderr is not a terminal; once each.
		p.notices[wp.Notice] = true
		if p.tty {
			fmt.Fprint(p.w, "\r\x1b[K")
		}
		if p.merged {
			fmt.Fprintln(p.w, "trail:", model.Sanitize(wp.Notice))
		} else {
			fmt.Fprintln(p.w, "trail: the provider says:", model.Sanitize(wp.Notice))
		}
	}
	if !p.tty {
		return
	}
	line := fmt.Sprintf("page %d", wp.Pages)
	if wp.Total > 0 {
		line += fmt.Sprintf(" of %d", wp.Total)
	}
	line += " · " + plural(wp.Events, "event")
	if !wp.Until.IsZero() {
		line += fmt.Sprintf(" · waiting %v: %s", time.Until(wp.Until).Round(time.Second), wp.Reason)
	}
	fmt.Fprintf(p.w, "\r%s\x1b[K", model.Sanitize(line))
}

func (p *progress) done() {
	if p.tty {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
