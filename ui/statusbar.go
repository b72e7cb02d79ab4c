package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/trail-dev/trail/ui/common"
)

// The status bar is a list of segments, each with its forms, longest first,
// and a priority for each. As the window narrows, the form with the lowest
// priority on the bar gives way: to the segment's next form, or, after its
// last, the segment goes. A word is never cut, except in the message on the
// right, which the message log has in full and says so ("m: more").
//
// To add a segment, build it in statusSegments where it should stand on the
// bar, with its forms and their priorities:
//
//	segs = append(segs, segment{forms: []form{
//		{"following · 3 new ↑ · next check 12 s", prioDetail},
//		{"following · 3 new ↑", prioActivity},
//	}})
//
// The priorities below say what the bar keeps longest; a new segment picks
// the one of the segment it matters as much as.
const (
	prioNav      = 20 // which pages exist, in words
	prioFilter   = 25 // what the filter is on: "filtered: actor, action"
	prioParts    = 30 // each merged source's count
	prioLoaded   = 32 // "loaded" after the row count
	prioSource   = 33 // the source's provider beside its name
	prioFilter2  = 34 // that there is a filter: "filtered"
	prioNavShort = 35 // which pages exist, in arrows
	prioInfo     = 40 // an informational message
	prioDetail   = 45 // an activity's longer words
	prioParts2   = 47 // "3 sources, 1 failed"
	prioDetail2  = 49 // an activity's middle words
	prioSource2  = 58 // the source's name alone (the window title has it too)
	prioSearch   = 70 // the search in force and its count
	prioExport   = 75 // a running export
	prioActivity = 80 // loading, waiting, failed: what is going on now
	prioPage     = 85 // the page the cursor is on
	prioRow      = 90 // the row the cursor is on
	prioAlert    = 95 // a warning or an error
)

// form is one way to draw a segment, and how much the bar holds on to it.
type form struct {
	text string // drawn, styles included
	prio int
}

// segment is one part of the status bar.
type segment struct {
	forms []form
	badge bool // drawn as the bar's badge, with no separator after it
}

// message is the right end of the bar: the latest message, cut rather than
// dropped while 12 cells or more are left for it beside "(m: more)".
type message struct {
	text string // drawn, styles included; "" for none
	prio int
}

// bar is how the status bar joins its parts.
type bar struct {
	sep        string // between segments: " │ "
	afterBadge string // after the badge, which is its own separator: " "
	more       string // after a cut message: " (m: more)"
}

// fit draws segs and msg in width cells: segments on the left, the
// message on the right, the lowest priority giving way first. The last
// segment standing is never dropped.
func (br bar) fit(segs []segment, msg message, width int) string {
	at := make([]int, len(segs)) // each segment's form; len(forms): dropped
	shown := len(segs)
	// Each form is measured once; the bar's width is summed from them.
	widths := make([][]int, len(segs))
	for i, s := range segs {
		widths[i] = make([]int, len(s.forms))
		for j, f := range s.forms {
			widths[i][j] = ansi.StringWidth(f.text)
		}
	}
	sepW, badgeW := ansi.StringWidth(br.sep), ansi.StringWidth(br.afterBadge)
	leftWidth := func() int {
		w, after := 0, 0
		for i, s := range segs {
			if at[i] >= len(s.forms) {
				continue
			}
			if w == 0 && !s.badge {
				w = 1
			} else {
				w += after
			}
			w += widths[i][at[i]]
			after = sepW
			if s.badge {
				after = badgeW
			}
		}
		return w
	}
	left := func() string {
		var b strings.Builder
		after := "" // what goes before the next segment
		for i, s := range segs {
			if at[i] >= len(s.forms) {
				continue
			}
			switch {
			case b.Len() == 0 && !s.badge:
				b.WriteByte(' ')
			default:
				b.WriteString(after)
			}
			b.WriteString(s.forms[at[i]].text)
			after = br.sep
			if s.badge {
				after = br.afterBadge
			}
		}
		return b.String()
	}
	hasMsg := msg.text != ""
	msgW := ansi.StringWidth(msg.text)
	var steps []int // the segments that gave way, in turn
	for {
		lw := leftWidth()
		need := lw
		if hasMsg {
			need += 1 + msgW + 1
		}
		if need <= width {
			// When the last step dropped a segment whole, what gave way
			// for it before may fit again in the room it left: back in
			// the reverse order, while each fits.
			for k := len(steps) - 2; k >= 0 && at[steps[len(steps)-1]] >= len(segs[steps[len(steps)-1]].forms); k-- {
				i := steps[k]
				at[i]--
				w := leftWidth() + need - lw
				if w > width {
					at[i]++
					break
				}
				if at[i] == len(segs[i].forms)-1 {
					shown++
				}
				lw, need = leftWidth(), w
			}
			if !hasMsg {
				return left()
			}
			return left() + strings.Repeat(" ", width-lw-msgW-1) + msg.text + " "
		}
		// The lowest priority on the bar gives way.
		low, lowPrio := -1, 1<<30
		for i, s := range segs {
			if at[i] < len(s.forms) && s.forms[at[i]].prio < lowPrio && (shown > 1 || at[i] < len(s.forms)-1) {
				low, lowPrio = i, s.forms[at[i]].prio
			}
		}
		if hasMsg && (msg.prio <= lowPrio || low < 0) {
			// Cut the message to the room left, or drop it.
			if room := width - lw - 2 - ansi.StringWidth(br.more); room >= 12 {
				return left() + "  " + common.Clip(msg.text, room) + br.more
			}
			// Without it, what gave way for it may fit again.
			return br.fit(segs, message{}, width)
		}
		if low < 0 {
			return common.Clip(left(), width) // one segment, wider than the window
		}
		at[low]++
		steps = append(steps, low)
		if at[low] >= len(segs[low].forms) {
			shown--
		}
	}
}
