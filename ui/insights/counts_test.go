package insights

import (
	"context"
	"math/rand/v2"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"

	"github.com/trail-dev/trail/ui/common"
	"github.com/trail-dev/trail/ui/internal/uitest"
)

func TestInsightsByHand(t *testing.T) {
	in := Compute(uitest.InsightsFixture(), time.UTC)
	if in.total != 19 || in.failures != 2 {
		t.Fatalf("total %d, failures %d; want 19 and 2", in.total, in.failures)
	}
	check := func(what string, got []tally, want ...tally) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
	check("actors", in.actors, tally{"alice", 13}, tally{"bob", 5}, tally{"carol", 1})
	check("actions", in.actions, tally{"user_login", 13}, tally{"flock_move", 3}, tally{"user_login_failure", 2}, tally{"device_schedule_reboot", 1})
	check("targets", in.targets, tally{"console", 13}, tally{"flock:ops", 3}, tally{"device:7", 1})
	check("ips", in.ips, tally{"10.0.0.1", 12}, tally{"10.0.0.2", 5}, tally{"10.0.0.3", 1}, tally{"203.0.113.99", 1})
	check("countries", in.countries, tally{"Germany", 12}, tally{"France", 5}, tally{"Nigeria", 1})
	check("failures by actor", in.failuresBy, tally{"bob", 2})
	check("days", in.days, tally{"2026-11-20", 6}, tally{"2026-11-19", 9}, tally{"2026-11-18", 4})
	wantHours := [24]int{3: 1, 9: 6, 10: 6, 14: 5, 23: 1}
	if in.hours != wantHours {
		t.Errorf("hours = %v, want %v", in.hours, wantHours)
	}
	odd := time.Date(2026, 11, 20, 3, 12, 0, 0, time.UTC)
	// Each sighting names its event, for the cursor to land on.
	var lagos common.EventRef
	for _, e := range uitest.InsightsFixture() {
		if e.Time.Equal(odd) {
			lagos = common.RefOf(&e)
		}
	}
	wantNew := []sighting{{"alice", "IP", "203.0.113.99", odd, "alice", lagos}, {"alice", "country", "Nigeria", odd, "alice", lagos}}
	if !reflect.DeepEqual(in.newPlaces, wantNew) {
		t.Errorf("new places = %v, want %v", in.newPlaces, wantNew)
	}
	wantOff := []sighting{{"alice", "hour", "03:12", odd, "alice", lagos}}
	if !reflect.DeepEqual(in.offHours, wantOff) {
		t.Errorf("off-hours = %v, want %v", in.offHours, wantOff)
	}
	// Hours are read in the display zone: in Berlin, alice keeps 10:00–11:30.
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip(err)
	}
	if got := Compute(uitest.InsightsFixture(), berlin).hours; got[10] != 6 || got[4] != 1 {
		t.Errorf("hours in Berlin = %v", got)
	}
}

// Counted a page at a time, in any order and cut anywhere, a Tally gives
// what counting the events all at once gives.
func TestTallyInAnyOrder(t *testing.T) {
	evs := uitest.InsightsFixture()
	want := Compute(evs, time.UTC)
	rng := rand.New(rand.NewPCG(21, 21))
	for round := 0; round < 20; round++ {
		shuffled := slices.Clone(evs)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		tl := NewTally(time.UTC)
		for len(shuffled) > 0 {
			n := min(len(shuffled), 1+rng.IntN(5))
			tl.Add(shuffled[:n])
			shuffled = shuffled[n:]
		}
		if got := tl.Counts(); !reflect.DeepEqual(got, want) {
			t.Fatalf("round %d: counted by pages %+v\nwant %+v", round, got, want)
		}
	}
}

// generated is a source of n events that makes each page when it is
// fetched, as a provider sends it, and keeps none: what is alive when the
// last page is asked for is what the walk keeps. It notes the heap in use
// (after a collection) at the first fetch and at the last.
type generated struct {
	n, size     int
	first, last uint64
}

func heapInUse() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

func (g *generated) Fetch(ctx context.Context, _ model.Query, cursor string) (sources.Page, error) {
	from, _ := strconv.Atoi(cursor)
	if from == 0 {
		g.first = heapInUse()
	}
	if from+g.size >= g.n {
		g.last = heapInUse()
	}
	actors := []string{"alice", "bob", "carol", "dave", "eve"}
	at := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	evs := make([]model.Event, 0, g.size)
	for i := from; i < min(from+g.size, g.n); i++ {
		id := strconv.Itoa(i)
		evs = append(evs, model.Event{ID: id, Time: at.Add(time.Duration(i) * time.Second), Actor: actors[i%5],
			Action: "user_login", IP: "10.0.0." + strconv.Itoa(i%7), Location: "Berlin, Germany",
			Raw: []byte(`{"id":"` + id + `","actor":"` + actors[i%5] + `","pad":"` + strings.Repeat("x", 200) + `"}`)})
	}
	page := sources.Page{Events: evs}
	if from+g.size < g.n {
		page.Next = strconv.Itoa(from + g.size)
	}
	return page, nil
}

// Insights over every page keep counts, not events (issue 21: the walk
// kept every event, 1.43 GiB at 1M): walking 200,000 events the heap grows
// by a few megabytes at most, where keeping the events would take over 60.
func TestWalkKeepsCountsNotEvents(t *testing.T) {
	if testing.Short() {
		t.Skip("walks 200,000 events")
	}
	g := &generated{n: 200_000, size: 1000}
	cmd := Walk(context.Background(), g, model.Query{}, time.UTC, 1)
	for {
		msg := cmd()
		if p, ok := msg.(ProgressedMsg); ok {
			cmd = common.AwaitNext(p.ch)
			continue
		}
		w, ok := msg.(WalkedMsg)
		if !ok {
			t.Fatalf("walk sent %T", msg)
		}
		if w.err != nil || w.n != g.n || w.in.total != g.n {
			t.Fatalf("walked %d events (counted %d), error %v", w.n, w.in.total, w.err)
		}
		break
	}
	grew := int64(g.last) - int64(g.first)
	t.Logf("heap at the last page: %d bytes more than at the first", grew)
	if grew > 8<<20 {
		t.Errorf("the walk holds %d MiB more by its last page: it keeps events, not counts", grew>>20)
	}
}

// BenchmarkTally1M counts a million events a page of 1,000 at a time, as
// the walk over every page does (the pages made before the clock starts),
// and reports the heap the counts hold at the end.
func BenchmarkTally1M(b *testing.B) {
	g := &generated{n: 1_000_000, size: 1000}
	var pages [][]model.Event
	for from := 0; from < g.n; from += g.size {
		p, _ := g.Fetch(context.Background(), model.Query{}, strconv.Itoa(from))
		pages = append(pages, p.Events)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		before := heapInUse()
		b.StartTimer()
		t := NewTally(time.UTC)
		for _, p := range pages {
			t.Add(p)
		}
		in := t.Counts()
		b.StopTimer()
		b.ReportMetric(float64(heapInUse()-before), "tally-B")
		if in.total != g.n {
			b.Fatalf("counted %d", in.total)
		}
		runtime.KeepAlive(t)
		b.StartTimer()
	}
}

// An actor busy around the clock keeps every hour: no event of theirs is
// off-hours. Each hour holds a 24th of their events, under the n/20 that
// made an hour usual, so every event was flagged (a service token on the
// 1M-event bench file: "API Token at 22:49", row after row). One event at
// 03:00 from an actor who keeps office hours still is.
func TestRoundTheClockActorKeepsEveryHour(t *testing.T) {
	var evs []model.Event
	start := time.Date(2026, 10, 1, 0, 30, 0, 0, time.UTC)
	for i := 0; i < 30*24; i++ { // one an hour for 30 days
		evs = append(evs, model.Event{ID: "t" + strconv.Itoa(i), Time: start.Add(time.Duration(i) * time.Hour), Actor: "API Token"})
	}
	for day := 0; day < 30; day++ {
		for h := 9; h < 17; h++ {
			evs = append(evs, model.Event{ID: "a" + strconv.Itoa(day*24+h), Time: start.AddDate(0, 0, day).Add(time.Duration(h) * time.Hour), Actor: "alice"})
		}
	}
	odd := time.Date(2026, 10, 20, 3, 5, 0, 0, time.UTC)
	evs = append(evs, model.Event{ID: "odd", Time: odd, Actor: "alice"})
	in := Compute(evs, time.UTC)
	if len(in.offHours) != 1 || in.offHours[0].actor != "alice" || !in.offHours[0].at.Equal(odd) {
		t.Errorf("off-hours = %v; want alice's 03:05 alone", in.offHours)
	}
}
