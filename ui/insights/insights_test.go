package insights

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/ui/internal/uitest"
	"github.com/trail-dev/trail/ui/keys"
	"github.com/trail-dev/trail/ui/theme"
	"github.com/trail-dev/trail/ui/window"
)

// The pane answers its keys with what the root must do: enter pivots on the
// row under the cursor, the key that opened it closes it, A asks for a walk.
func TestPaneActions(t *testing.T) {
	st := theme.New(theme.None)
	p := New(window.Of(uitest.InsightsFixture()), "the 19 loaded events", time.UTC, keys.DefaultKeyMap(), &st)
	p.SetSize(100, 30)
	if v := ansi.Strip(p.View()); !strings.Contains(v, "insights over the 19 loaded events") || strings.Count(v, "\n") >= 30 {
		t.Fatalf("view:\n%s", v)
	}
	label, section, _ := p.Cursor()
	_, act := p.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	if act.Kind != Pivot || act.Label != label || act.Pivot == nil {
		t.Fatalf("enter on %q (%s): %+v", label, section, act)
	}
	if q := act.Pivot(model.Query{}); q.IsZero() {
		t.Errorf("the pivot of %q filters nothing", label)
	}
	if _, act = p.Update(tea.KeyPressMsg{Code: 'A', Text: "A"}); act.Kind != WalkAll {
		t.Errorf("A: %+v", act)
	}
	p.StartWalk(func() {})
	if _, act = p.Update(tea.KeyPressMsg{Code: 's', Text: "s"}); act.Kind != StoppedWalk || p.Walking() {
		t.Errorf("s while walking: %+v, walking %v", act, p.Walking())
	}
	if _, act = p.Update(tea.KeyPressMsg{Code: 's', Text: "s"}); act.Kind != Close {
		t.Errorf("s: %+v", act)
	}
}

// At 40 columns a flagged row keeps its time, the row's key fact, and
// cuts the actor's name instead.
func TestNarrowRowsKeepTheirTime(t *testing.T) {
	st := theme.New(theme.None)
	evs := uitest.InsightsFixture()
	for i := range evs {
		if evs[i].Actor == "alice" {
			evs[i].Actor = "Srinivasa Ramanujan (srinivasa.ramanujan@example.com)"
		}
	}
	p := New(window.Of(evs), "the 19 loaded events", time.UTC, keys.DefaultKeyMap(), &st)
	p.SetSize(40, 40)
	v := ansi.Strip(p.View())
	for _, want := range []string{"at 03:12", "2026-11-20 03:12"} {
		if !strings.Contains(v, want) {
			t.Errorf("at 40 columns the insights lack %q:\n%s", want, v)
		}
	}
}

// Every bar starts in the same column, its count right-aligned against it,
// however many digits the count has (a count of 2 and one of 41 put their
// bars a column apart).
func TestBarsAlignWithTheirCounts(t *testing.T) {
	st := theme.New(theme.None)
	p := New(window.Of(uitest.InsightsFixture()), "the 19 loaded events", time.UTC, keys.DefaultKeyMap(), &st)
	p.SetSize(100, 60)
	col := -1
	bars := 0
	for _, l := range strings.Split(ansi.Strip(p.View()), "\n") {
		i := strings.Index(l, "█")
		if i < 0 || strings.HasPrefix(l, " hour") {
			continue
		}
		bars++
		at := ansi.StringWidth(l[:i])
		if col >= 0 && at != col {
			t.Errorf("a bar starts at column %d, another at %d: %q", col, at, l)
		}
		col = at
		if l[i-1] != ' ' || l[i-2] < '0' || l[i-2] > '9' {
			t.Errorf("the count does not end one cell before its bar: %q", l)
		}
	}
	if bars < 4 {
		t.Fatalf("only %d rows with bars:\n%s", bars, ansi.Strip(p.View()))
	}
}

// A bar is as long as its count against the largest in its section, not
// against the section's first row: events per day go newest first, and a
// busier day further down drew a bar past the pane's edge, cut with "…".
func TestBarsScaleToTheirSectionsLargest(t *testing.T) {
	st := theme.New(theme.None)
	p := New(window.Of(uitest.InsightsFixture()), "the 19 loaded events", time.UTC, keys.DefaultKeyMap(), &st)
	p.SetSize(100, 60)
	v := ansi.Strip(p.View())
	bar := map[string]int{}
	for _, l := range strings.Split(v, "\n") {
		i := strings.Index(l, "█")
		if i < 0 || strings.HasPrefix(l, " hour") {
			continue
		}
		if strings.Contains(l, "…") {
			t.Errorf("a bar runs past the pane's edge: %q", l)
		}
		if f := strings.Fields(l); len(f) > 0 {
			bar[f[0]] = strings.Count(l, "█")
		}
	}
	// 2026-11-20 (6 events) comes first; 2026-11-19 (9) has the longest bar.
	if bar["2026-11-19"] == 0 || bar["2026-11-19"] <= bar["2026-11-20"] || bar["2026-11-19"] <= bar["2026-11-18"] {
		t.Errorf("bars per day: %v; want 2026-11-19's the longest\n%s", bar, v)
	}
	if room := 100 - min(max(100/2, 20), 60) - 12; bar["2026-11-19"] != room {
		t.Errorf("the busiest day's bar is %d cells, want the whole room, %d", bar["2026-11-19"], room)
	}
}

// Events per day list the newest 14 days; when the events span more, the
// title says so rather than pass 14 for every day (a month-long file showed
// 14 of its 29 days under "events per day").
func TestDaysTitleSaysWhenCut(t *testing.T) {
	st := theme.New(theme.None)
	var evs []model.Event
	start := time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC)
	for d := 0; d < 29; d++ {
		evs = append(evs, model.Event{ID: strconv.Itoa(d), Time: start.AddDate(0, 0, d), Actor: "alice"})
	}
	p := New(window.Of(evs), "the 29 loaded events", time.UTC, keys.DefaultKeyMap(), &st)
	p.SetSize(100, 80)
	v := ansi.Strip(p.View())
	if !strings.Contains(v, "events per day: the newest 14 of 29") || strings.Contains(v, "2026-10-15") || !strings.Contains(v, "2026-10-16") {
		t.Errorf("29 days of events:\n%s", v)
	}
	p = New(window.Of(evs[:14]), "the 14 loaded events", time.UTC, keys.DefaultKeyMap(), &st)
	p.SetSize(100, 80)
	if v := ansi.Strip(p.View()); !strings.Contains(v, " events per day\n") {
		t.Errorf("14 days of events: the title is not plain\n%s", v)
	}
}

// At 80 columns a walk over every page still shows its progress on the
// title line, in fewer words (the whole of it did not fit, and the title
// dropped it: nothing on screen said the walk ran), and the hint says esc
// stops it rather than closes the pane.
func TestWalkProgressShowsAt80Columns(t *testing.T) {
	st := theme.New(theme.None)
	p := New(window.Of(uitest.InsightsFixture()), "the 500 loaded events", time.UTC, keys.DefaultKeyMap(), &st)
	p.SetSize(80, 24)
	gen := p.StartWalk(func() {})
	p.Update(ProgressedMsg{gen: gen, prog: sources.WalkProgress{Pages: 489, Events: 244_500}})
	title := strings.Split(ansi.Strip(p.View()), "\n")[0]
	if !strings.Contains(title, "244,500") || !strings.Contains(title, "(esc stops)") || ansi.StringWidth(title) > 80 {
		t.Errorf("the title at 80 columns while walking: %q", title)
	}
	p.SetSize(120, 40)
	if title := strings.Split(ansi.Strip(p.View()), "\n")[0]; !strings.Contains(title, "reading page 490 · 244,500 events… (esc stops)") {
		t.Errorf("the title at 120 columns while walking: %q", title)
	}
	help := ""
	for _, b := range p.ShortHelp() {
		help += b.Help().Key + " " + b.Help().Desc + "; "
	}
	if !strings.Contains(help, "esc/s stop reading pages") || strings.Contains(help, "close") || strings.Contains(help, "over all pages") {
		t.Errorf("the hints while walking: %q", help)
	}
}

// BenchmarkOpenAt200k opens the pane over a full window, 200,000 loaded
// events in pages of 1,000, as s does: "counted" counts them there and
// then (New, what s did), "open" is what Open costs the UI goroutine (the
// count goes on in the background, the benchmark waits for it before the
// next round). A frame is 16 ms.
func BenchmarkOpenAt200k(b *testing.B) {
	w := loadedWindow(200_000, 1000)
	st := theme.New(theme.None)
	km := keys.DefaultKeyMap()
	b.Run("counted", func(b *testing.B) {
		for b.Loop() {
			New(w, "the 200,000 loaded events", time.UTC, km, &st)
		}
	})
	b.Run("open", func(b *testing.B) {
		for b.Loop() {
			p, cmd := Open(w, "the 200,000 loaded events", time.UTC, km, &st)
			b.StopTimer()
			if !p.Counting() || cmd == nil {
				b.Fatal("the pane counted 200,000 events on the UI goroutine")
			}
			p.Update(cmd())
			b.StartTimer()
		}
	})
}

// loadedWindow is a window of n generated events in pages of size.
func loadedWindow(n, size int) window.Events {
	g := &generated{n: n, size: size}
	var w window.Events
	for from := 0; from < n; from += size {
		p, _ := g.Fetch(context.Background(), model.Query{}, strconv.Itoa(from))
		w.Append(p.Events)
	}
	return w
}

// TestOpenCountsALargeWindowInTheBackground: over more than CountAtOnce
// loaded events Open returns at once, the pane saying it is counting, and
// once the count comes it shows exactly what counting them there and then
// shows; a count made stale by a later one is dropped. At or under the
// limit it counts at once.
func TestOpenCountsALargeWindowInTheBackground(t *testing.T) {
	st := theme.New(theme.None)
	km := keys.DefaultKeyMap()
	w := loadedWindow(CountAtOnce*3, 500)
	p, cmd := Open(w, "the 6,000 loaded events", time.UTC, km, &st)
	p.SetSize(100, 40)
	if !p.Counting() || cmd == nil || !strings.Contains(ansi.Strip(p.View()), "counting the 6,000 loaded events…") {
		t.Fatalf("counting %v, command %v, view:\n%s", p.Counting(), cmd != nil, ansi.Strip(p.View()))
	}
	p.Update(cmd())
	want := New(w, "the 6,000 loaded events", time.UTC, km, &st)
	want.SetSize(100, 40)
	if p.Counting() || ansi.Strip(p.View()) != ansi.Strip(want.View()) {
		t.Fatalf("the counted pane:\n%s\nwant, counted at once:\n%s", ansi.Strip(p.View()), ansi.Strip(want.View()))
	}

	// Follow brings events in twice; the first recount's answer comes
	// last and is dropped.
	p.Update(tea.KeyPressMsg{Code: 'j', Text: "j"})
	_, _, at := p.Cursor()
	more := loadedWindow(CountAtOnce*4, 500)
	stale := p.Recount(w, "the 6,000 loaded events")
	fresh := p.Recount(more, "the 8,000 loaded events")
	if !strings.Contains(ansi.Strip(p.View()), "insights over the 6,000 loaded events") {
		t.Errorf("while recounting the pane does not show the counts it had:\n%s", ansi.Strip(p.View()))
	}
	p.Update(fresh())
	p.Update(stale())
	want = New(more, "the 8,000 loaded events", time.UTC, km, &st)
	want.SetSize(100, 40)
	want.Update(tea.KeyPressMsg{Code: 'j', Text: "j"})
	if _, _, now := p.Cursor(); now != at || ansi.Strip(p.View()) != ansi.Strip(want.View()) {
		t.Fatalf("after the recounts (cursor %d, was %d):\n%s\nwant:\n%s", now, at, ansi.Strip(p.View()), ansi.Strip(want.View()))
	}

	small := loadedWindow(CountAtOnce, 500)
	if p, cmd := Open(small, "the 2,000 loaded events", time.UTC, km, &st); p.Counting() || cmd != nil || p.Len() == 0 {
		t.Errorf("%d events: counting %v, command %v, %d rows", CountAtOnce, p.Counting(), cmd != nil, p.Len())
	}
}
