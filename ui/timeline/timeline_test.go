package timeline

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/ui/theme"
)

// The line is counted once for a set of events and a width, and draws in
// exactly the width it is given.
func TestTimelineCountsOnceAndFits(t *testing.T) {
	at := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	evs := []model.Event{{ID: "c", Time: at}, {ID: "b", Time: at.Add(-time.Hour), Outcome: model.OutcomeFailure}, {ID: "a", Time: at.Add(-2 * time.Hour)}}
	var h Hist
	h.Add(evs)
	var tl Model
	cells := Cells(80)
	if !tl.Stale(&h, cells) {
		t.Fatal("an empty timeline is not stale")
	}
	tl.Count(&h, cells)
	if tl.Stale(&h, cells) {
		t.Error("counted, the timeline is still stale")
	}
	if !tl.Stale(&h, Cells(100)) {
		t.Error("another width does not make it stale")
	}
	h.Remove(evs[2:])
	if !tl.Stale(&h, cells) {
		t.Error("removing events does not make it stale")
	}
	tl.Count(&h, cells)
	st := theme.New(theme.Dark)
	lines := strings.Split(tl.View(&st, 80, time.UTC, &evs[1]), "\n")
	if len(lines) != Lines {
		t.Fatalf("the timeline is %d lines, want %d", len(lines), Lines)
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > 80 {
			t.Errorf("line %d is %d cells wide at 80", i, w)
		}
	}
}

// Under the bars the axis names the times at both ends and round times
// between, each label whole and clear of the next, at every width; the
// legend names the failures' colour, and the selected event's cell is
// marked.
func TestTimelineAxisAndLegend(t *testing.T) {
	at := time.Date(2026, 11, 20, 11, 59, 0, 0, time.UTC)
	var evs []model.Event
	for i := range 120 {
		e := model.Event{ID: strconv.Itoa(i), Time: at.Add(-time.Duration(i) * 17 * time.Minute)}
		if i%10 == 0 {
			e.Outcome = model.OutcomeFailure
		}
		evs = append(evs, e)
	}
	st := theme.New(theme.Dark)
	var h Hist
	h.Add(evs)
	for width := 40; width <= 220; width++ {
		_, lines := drawn(&h, &st, width, &evs[60])
		bars, axis := lines[0], ansi.Strip(lines[1])
		if w := ansi.StringWidth(lines[0]); w > width {
			t.Errorf("at %d the bars are %d cells wide", width, w)
		}
		if w := ansi.StringWidth(lines[1]); w != width {
			t.Errorf("at %d the axis is %d cells wide: %q", width, w, axis)
		}
		if !strings.Contains(axis, "▆ failed") {
			t.Errorf("at %d no legend for failures: %q", width, axis)
		}
		if !strings.Contains(bars, st.Marker.On) {
			t.Errorf("at %d the selected event is not marked", width)
		}
		labels := strings.Fields(strings.Split(axis, "▆")[0])
		if width >= 40 && (len(labels) < 3 || labels[0] != "11-19" || labels[1] != "02:16" || labels[len(labels)-1] != "11:59") {
			t.Errorf("at %d the axis lacks its ends: %q", width, axis)
		}
		if width >= 100 && len(labels) < 6 {
			t.Errorf("at %d no times between the ends: %q", width, axis)
		}
		// Each label between the ends is a whole time or date: two run
		// together, or one cut, would not be five cells.
		for _, l := range labels[2 : len(labels)-2] {
			if len(l) != 5 || (l[2] != ':' && l[2] != '-') {
				t.Errorf("at %d a cut or run-together label %q: %q", width, l, axis)
			}
		}
	}
}

// drawn is a timeline of h counted for width and drawn there in UTC with
// selected marked, and the lines it draws.
func drawn(h *Hist, st *theme.Styles, width int, selected *model.Event) (*Model, []string) {
	var tl Model
	tl.Count(h, Cells(width))
	return &tl, strings.Split(tl.View(st, width, time.UTC, selected), "\n")
}

// countExact is the old whole-window count: every event into its cell.
func countExact(evs []model.Event, cells int) (counts, fails []int, from, to time.Time) {
	counts, fails = make([]int, cells), make([]int, cells)
	for _, e := range evs {
		if from.IsZero() || e.Time.Before(from) {
			from = e.Time
		}
		if e.Time.After(to) {
			to = e.Time
		}
	}
	t := Model{from: from, to: to, counts: counts}
	for _, e := range evs {
		b := t.bucket(e.Time)
		counts[b]++
		if e.Outcome == model.OutcomeFailure {
			fails[b]++
		}
	}
	return counts, fails, from, to
}

// Counted page by page, with pages let go from the front, the histogram
// is the one a count of the whole window gives, while the window spans
// fewer seconds than it has slots (times to the second, as audit logs
// give them); and it never holds more slots than that.
func TestHistKeptByPages(t *testing.T) {
	at := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	var pages [][]model.Event
	for p := 0; p < 30; p++ {
		page := make([]model.Event, 100)
		for i := range page {
			page[i].Time = at.Add(time.Duration((p*100+i)/3) * time.Second) // three a second
			if i%7 == 0 {
				page[i].Outcome = model.OutcomeFailure
			}
		}
		pages = append(pages, page)
	}
	var h Hist
	for p := range pages {
		h.Add(pages[p])
		if p >= 10 {
			h.Remove(pages[p-10]) // a window of 10 pages
		}
	}
	var window []model.Event
	for _, p := range pages[20:] {
		window = append(window, p...)
	}
	cells := Cells(120)
	counts, fails, from, to := countExact(window, cells)
	var tl Model
	tl.Count(&h, cells)
	if !tl.from.Equal(from) || !tl.to.Equal(to) {
		t.Fatalf("range %v–%v, want %v–%v", tl.from, tl.to, from, to)
	}
	for i := range counts {
		if tl.counts[i] != counts[i] || tl.fails[i] != fails[i] {
			t.Fatalf("cell %d: %d (%d failed), want %d (%d)", i, tl.counts[i], tl.fails[i], counts[i], fails[i])
		}
	}

	// A day of events a second apart: the slots merge, staying bounded.
	var big Hist
	day := make([]model.Event, 86400)
	for i := range day {
		day[i].Time = at.Add(time.Duration(i) * time.Second)
	}
	big.Add(day)
	if big.Slots() > maxSlots {
		t.Errorf("%d slots for a day of seconds, want at most %d", big.Slots(), maxSlots)
	}
	tl.Count(&big, cells)
	total := 0
	for _, n := range tl.counts {
		total += n
	}
	if total != len(day) || big.TooCoarse() || !tl.from.Equal(at) || !tl.to.Equal(day[len(day)-1].Time) {
		t.Errorf("counted %d of %d, range %v–%v", total, len(day), tl.from, tl.to)
	}
}

// Removing events can leave a slot's earliest time stale, by less than
// the slot: the range is then off by under a second (the labels show
// minutes).
func TestHistRangeWithinASlot(t *testing.T) {
	at := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	evs := []model.Event{{Time: at}, {Time: at.Add(300 * time.Millisecond)}, {Time: at.Add(5 * time.Second)}}
	var h Hist
	h.Add(evs)
	h.Remove(evs[:1])
	var tl Model
	tl.Count(&h, Cells(80))
	if d := evs[1].Time.Sub(tl.from); d < 0 || d >= time.Second {
		t.Errorf("from %v, want within a second before %v", tl.from, evs[1].Time)
	}
}

// A time between the ends ("12:00") is the first such time after the
// label to its left: where the midnight that names a day is too near the
// left end to be drawn, a time a day or more after the left end is not
// drawn either, or "11-26 08:49  12:00" reads as noon of the 26th when it
// is noon of the 27th. "22:06  02:00" stays: the next day's is the first.
func TestTimelineTimesAreOfTheDayNamedBeforeThem(t *testing.T) {
	from := time.Date(2026, 11, 26, 8, 49, 0, 0, time.UTC)
	to := time.Date(2026, 12, 3, 7, 14, 0, 0, time.UTC)
	var evs []model.Event
	for tm := from; !tm.After(to); tm = tm.Add(37 * time.Minute) {
		evs = append(evs, model.Event{ID: tm.String(), Time: tm})
	}
	evs = append(evs, model.Event{ID: "last", Time: to})
	st := theme.New(theme.Dark)
	var h Hist
	h.Add(evs)
	for width := 40; width <= 220; width++ {
		tl, lines := drawn(&h, &st, width, nil)
		axis := []rune(ansi.Strip(lines[1]))
		n := len(tl.counts)
		before := from // the time of the label to the left
		for p := 11; p < n-11; p++ {
			if axis[p] == ' ' || (p > 0 && axis[p-1] != ' ') {
				continue
			}
			label := string(axis[p : p+5])
			if label[2] == '-' {
				d, err := time.Parse("01-02", label)
				if err != nil {
					t.Fatalf("at %d the label %q: %v", width, label, err)
				}
				before = time.Date(2026, d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
				continue
			}
			hm, err := time.Parse("15:04", label)
			if err != nil {
				t.Fatalf("at %d the label %q: %v", width, label, err)
			}
			// The time under the label's middle, and the round time
			// nearest it.
			under := from.Add(time.Duration(float64(to.Sub(from)) * (float64(p) + 2.5) / float64(n)))
			best := time.Time{}
			for _, d := range []int{-1, 0, 1} {
				c := time.Date(under.Year(), under.Month(), under.Day()+d, hm.Hour(), hm.Minute(), 0, 0, time.UTC)
				if best.IsZero() || c.Sub(under).Abs() < best.Sub(under).Abs() {
					best = c
				}
			}
			if best.Sub(before) >= 24*time.Hour {
				t.Errorf("at %d %q is %s, a day or more after the label to its left (%s): %q", width, label, best.Format("01-02 15:04"), before.Format("01-02 15:04"), string(axis))
				break
			}
			before = best
		}
	}
}

// With no timed event loaded the line says so, and no more: it cannot know
// whether any will come ("yet" stood under "no events match this query"
// at the end of a log).
func TestEmptyTimelineClaimsNoMore(t *testing.T) {
	var tl Model
	var h Hist
	tl.Count(&h, Cells(80))
	st := theme.New(theme.None)
	if got := ansi.Strip(tl.View(&st, 80, time.UTC, nil)); got != " timeline: no timed events loaded\n" {
		t.Errorf("an empty timeline: %q", got)
	}
}

// paintedCells reads a line drawn with theme Paints into its cells: each
// printed rune with the escape sequence in force when it was printed ("" for
// none), and counts the escape sequences.
func paintedCells(line string) (cells []string, paints []string, seqs int) {
	on := ""
	for len(line) > 0 {
		if strings.HasPrefix(line, "\x1b[") {
			end := strings.IndexByte(line, 'm') + 1
			seq := line[:end]
			seqs++
			if on = seq; seq == ansi.ResetStyle {
				on = ""
			}
			line = line[end:]
			continue
		}
		r := []rune(line)[0]
		cells, paints = append(cells, string(r)), append(paints, on)
		line = line[len(string(r)):]
	}
	return cells, paints, seqs
}

// The bars draw each run of cells in one paint once, not a sequence a cell,
// and an empty cell as a plain space; every cell still shows what it did: a
// bar in the accent, or the failure colour where failures are at least half,
// the marker on the selected event's cell (issue 21: the renderer reads
// every escape sequence of every frame).
func TestTimelineBarsAreRunsOfOnePaint(t *testing.T) {
	at := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	var evs []model.Event
	for i := range 40 {
		// Bursts with gaps between: runs of bars and of empty cells.
		e := model.Event{ID: strconv.Itoa(i), Time: at.Add(-time.Duration(i/8)*time.Hour - time.Duration(i%8)*time.Minute)}
		if i >= 16 && i < 24 {
			e.Outcome = model.OutcomeFailure
		}
		evs = append(evs, e)
	}
	var h Hist
	h.Add(evs)
	for _, name := range []string{theme.Dark, theme.Light, theme.None} {
		st := theme.New(name)
		for _, width := range []int{80, 120} {
			tl, lines := drawn(&h, &st, width, &evs[9])
			mark, bars := tl.bucket(evs[9].Time), lines[0]
			cells, paints, seqs := paintedCells(bars)
			if len(cells) != len(tl.counts)+1 || cells[0] != " " || paints[0] != "" {
				t.Fatalf("%s at %d: %d cells, want a margin and %d", name, width, len(cells), len(tl.counts))
			}
			runs, full := 0, 0
			for i, n := range tl.counts {
				c, p := cells[i+1], paints[i+1]
				want := st.Accent.On
				switch {
				case i == mark:
					want = st.Marker.On
				case n == 0:
					want = ""
				case tl.fails[i]*2 >= n:
					want = st.Failed.On
				}
				if n > 0 {
					full++
				}
				if blank := c == " " || c == "│"; p != want || (n == 0) != blank {
					t.Errorf("%s at %d: cell %d (%d events) is %q in %q, want %q", name, width, i, n, c, p, want)
				}
				if want != "" && (i == 0 || paints[i] != want) {
					runs++
				}
			}
			if full < 3 {
				t.Fatalf("%s at %d: only %d bars", name, width, full)
			}
			if seqs > 2*runs {
				t.Errorf("%s at %d: %d escape sequences for %d runs of one paint", name, width, seqs, runs)
			}
		}
	}
}
