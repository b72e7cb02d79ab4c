package merge_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/merge"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// ev is an event with an id and a time some seconds before testNow; a
// negative age leaves the time unset.
func ev(id string, age int) model.Event {
	e := model.Event{ID: id, Raw: []byte(`{}`)}
	if age >= 0 {
		e.Time = testNow.Add(-time.Duration(age) * time.Second)
	}
	return e
}

// named makes the parts of a view from memory sources, called a, b, c...
func named(ms ...*sourcetest.Memory) []merge.Named {
	out := make([]merge.Named, len(ms))
	for i, m := range ms {
		out[i] = merge.Named{Name: partName(i), Provider: "memory", Source: m}
	}
	return out
}

func TestOrder(t *testing.T) {
	tests := []struct {
		name     string
		parts    [][]model.Event
		partPage int
		want     []string
	}{{
		// a's second page holds events newer than b's head: the merge must
		// fetch it before it emits b's.
		name:     "waits for a part whose buffer is empty",
		parts:    [][]model.Event{{ev("a1", 1), ev("a3", 3), ev("a5", 5)}, {ev("b2", 2), ev("b4", 4), ev("b6", 6)}},
		partPage: 1,
		want:     []string{"a1", "b2", "a3", "b4", "a5", "b6"},
	}, {
		name:     "ties go by part order, then each part's own",
		parts:    [][]model.Event{{ev("a1", 5), ev("a2", 5), ev("a3", 7)}, {ev("b1", 5), ev("b2", 6)}, {ev("c1", 4), ev("c2", 5)}},
		partPage: 2,
		want:     []string{"c1", "a1", "a2", "b1", "c2", "b2", "a3"},
	}, {
		name:     "an event without a time stays after its part's previous one",
		parts:    [][]model.Event{{ev("a1", 1), ev("a?", -1), ev("a3", 9)}, {ev("b1", 2), ev("b2", 3)}},
		partPage: 2,
		want:     []string{"a1", "a?", "b1", "b2", "a3"},
	}, {
		// A part oldest first is not reordered: its events keep their order,
		// each comes once, and the merge interleaves by the heads.
		name:     "a part that is not newest first keeps its own order",
		parts:    [][]model.Event{{ev("a9", 9), ev("a5", 5), ev("a1", 1)}, {ev("b8", 8), ev("b2", 2)}},
		partPage: 2,
		want:     []string{"b8", "b2", "a9", "a5", "a1"},
	}, {
		name:     "an empty part",
		parts:    [][]model.Event{nil, {ev("b1", 1), ev("b2", 2)}},
		partPage: 1,
		want:     []string{"b1", "b2"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := make([]*sourcetest.Memory, len(tt.parts))
			for i, evs := range tt.parts {
				ms[i] = sourcetest.NewMemory(evs, tt.partPage)
			}
			for _, pageSize := range []int{1, 2, 3, 100} {
				got, _ := sourcetest.WalkAll(t, merge.New(named(ms...), merge.Options{PageSize: pageSize}), model.Query{})
				if !slices.Equal(sourcetest.IDs(got), tt.want) {
					t.Errorf("page size %d: got %v, want %v", pageSize, sourcetest.IDs(got), tt.want)
				}
			}
		})
	}
}

// A part that seeks and runs oldest first (a file that is appended to) is
// read from its end, so the merged view stays newest first; the test above
// keeps a part that cannot seek in its own order.
func TestOldestFirstSeekerComesNewestFirst(t *testing.T) {
	want := []string{"a1", "b2", "a5", "b6", "a7", "b8", "a9"}
	for _, partPage := range []int{1, 2, 4} { // Seekable's Prev cursors overlap unless pages divide it; a file's never do
		appended := sourcetest.Seekable{Memory: sourcetest.NewMemory([]model.Event{ev("a9", 9), ev("a7", 7), ev("a5", 5), ev("a1", 1)}, partPage)}
		b := sourcetest.NewMemory([]model.Event{ev("b2", 2), ev("b6", 6), ev("b8", 8)}, partPage)
		parts := []merge.Named{{Name: "a", Provider: "file", Source: appended}, {Name: "b", Provider: "memory", Source: b}}
		for _, pageSize := range []int{1, 2, 3, 100} {
			got, _ := sourcetest.WalkAll(t, merge.New(parts, merge.Options{PageSize: pageSize}), model.Query{})
			if !slices.Equal(sourcetest.IDs(got), want) {
				t.Errorf("pages of %d, parts' of %d: got %v, want %v", pageSize, partPage, sourcetest.IDs(got), want)
			}
		}
	}
}

func TestEventsNameTheirSource(t *testing.T) {
	parts, _ := interleaved(2, 30, 10)
	got, pages := sourcetest.WalkAll(t, merge.New(named(parts...), merge.Options{PageSize: 12}), model.Query{})
	for _, e := range got {
		if e.Source != e.ID[:1] || e.Provider != "memory" {
			t.Fatalf("event %s names source %q, provider %q", e.ID, e.Source, e.Provider)
		}
	}
	if len(pages) != 3 || pages[0].Number != 1 || pages[2].Number != 3 || pages[2].Total != 0 {
		t.Errorf("%d pages numbered %d..%d", len(pages), pages[0].Number, pages[len(pages)-1].Number)
	}
	want := [][]sources.Part{
		{{Name: "a", Provider: "memory", Events: 6}, {Name: "b", Provider: "memory", Events: 6}},
		{{Name: "a", Provider: "memory", Events: 12}, {Name: "b", Provider: "memory", Events: 12}},
		{{Name: "a", Provider: "memory", Events: 15, Done: true}, {Name: "b", Provider: "memory", Events: 15, Done: true}},
	}
	for i, p := range pages {
		if !slices.Equal(p.Parts, want[i]) {
			t.Errorf("page %d parts %+v, want %+v", i+1, p.Parts, want[i])
		}
	}
}

func TestLazy(t *testing.T) {
	parts, want := interleaved(2, 400, 25)
	src := merge.New(named(parts...), merge.Options{PageSize: 30})
	page := sourcetest.FirstPage(t, src, model.Query{})
	// 30 events, 15 from each: one page of 25 from each, no more.
	for i, m := range parts {
		if m.Calls() != 1 {
			t.Errorf("part %d was asked %d times for the first 30 events; want 1", i, m.Calls())
		}
	}
	second, err := src.Fetch(context.Background(), model.Query{}, page.Next)
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range parts {
		if m.Calls() != 2 {
			t.Errorf("part %d was asked %d times for 60 events; want 2 (the page it stopped in is kept)", i, m.Calls())
		}
	}
	if !slices.Equal(sourcetest.IDs(second.Events), sourcetest.IDs(want[30:60])) {
		t.Errorf("second page %v", sourcetest.IDs(second.Events))
	}

	// A whole walk asks each part for each of its 8 pages once: a page the
	// merge stopped in, or only looked at, is kept for the next Fetch.
	parts, want = interleaved(2, 400, 25)
	got, pages := sourcetest.WalkAll(t, merge.New(named(parts...), merge.Options{PageSize: 30}), model.Query{})
	if !slices.Equal(sourcetest.IDs(got), sourcetest.IDs(want)) {
		t.Fatalf("walk differs from the expected merge")
	}
	for i, m := range parts {
		if m.Calls() != 8 {
			t.Errorf("part %d was asked %d times in a walk of %d pages; want 8", i, m.Calls(), len(pages))
		}
	}
}

// TestResumeWithoutCache fetches each cursor of a walk again, on a view
// with no page cache: the page a part stopped in is fetched again and its
// delivered events skipped, giving the same page.
func TestResumeWithoutCache(t *testing.T) {
	parts, want := interleaved(3, 100, 7)
	src := merge.New(named(parts...), merge.Options{PageSize: 10, CachePages: -1})
	got, pages := sourcetest.WalkAll(t, src, model.Query{})
	if !slices.Equal(sourcetest.IDs(got), sourcetest.IDs(want)) {
		t.Fatalf("walk got %v", sourcetest.IDs(got))
	}
	for i := 1; i < len(pages); i++ {
		again, err := src.Fetch(context.Background(), model.Query{}, pages[i-1].Next)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(sourcetest.IDs(again.Events), sourcetest.IDs(pages[i].Events)) || again.Next != pages[i].Next {
			t.Fatalf("page %d fetched again: %v, want %v", i+1, sourcetest.IDs(again.Events), sourcetest.IDs(pages[i].Events))
		}
	}
}

// TestResumeLiveLog pages through a part whose log grows at the top while
// it is read, paged by offset as many APIs do: resuming in the middle of a
// page that has shifted finds the last event delivered rather than trusting
// the count.
func TestResumeLiveLog(t *testing.T) {
	live := &growing{events: []model.Event{ev("x1", 10), ev("x2", 30), ev("x3", 50), ev("x4", 70)}, pageSize: 4}
	other := sourcetest.NewMemory([]model.Event{ev("b1", 20), ev("b2", 40), ev("b3", 60)}, 10)
	src := merge.New([]merge.Named{{Name: "live", Provider: "test", Source: live}, {Name: "b", Provider: "memory", Source: other}},
		merge.Options{PageSize: 2, CachePages: -1})
	first := sourcetest.FirstPage(t, src, model.Query{})
	live.prepend(ev("new1", 1), ev("new2", 2))
	rest := sourcetest.WalkFrom(t, src, first.Next)
	got := append(sourcetest.IDs(first.Events), sourcetest.IDs(rest)...)
	want := []string{"x1", "b1", "x2", "b2", "x3", "b3", "x4"}
	if !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

// growing is a log paged by offset ("0", "4", ...) that can grow at the top.
type growing struct {
	events   []model.Event
	pageSize int
}

func (g *growing) prepend(evs ...model.Event) { g.events = append(evs, g.events...) }

func (g *growing) Fetch(ctx context.Context, q model.Query, cursor string) (sources.Page, error) {
	off := 0
	if cursor != "" {
		off = int(cursor[0] - '0')
	}
	end := min(off+g.pageSize, len(g.events))
	page := sources.Page{Events: slices.Clone(g.events[off:end])}
	if end < len(g.events) {
		page.Next = string(rune('0' + end))
	}
	return page, ctx.Err()
}

func TestBadCursor(t *testing.T) {
	parts, _ := interleaved(2, 40, 10)
	src := merge.New(named(parts...), merge.Options{PageSize: 10})
	q := model.Query{Actor: "a"}
	page, err := src.Fetch(context.Background(), q, "")
	if err != nil || page.Next == "" {
		t.Fatalf("first page: %v, next %q", err, page.Next)
	}
	prefix, sum, _ := strings.Cut(page.Next, ".")
	sum, _, _ = strings.Cut(sum, ".")
	flipped := []byte(page.Next)
	flipped[len(prefix)+3] ^= 1
	otherView := merge.New([]merge.Named{{Name: "a", Provider: "memory", Source: parts[0]}, {Name: "c", Provider: "memory", Source: parts[1]}}, merge.Options{PageSize: 10})
	tests := []struct {
		name   string
		src    *merge.Source
		q      model.Query
		cursor string
	}{
		{"garbage", src, q, "not a cursor"},
		{"a part's cursor", src, q, "mem:10"},
		{"not base64", src, q, "m1.%%%.0000000000000000"},
		{"no checksum", src, q, prefix + "." + sum},
		{"changed", src, q, string(flipped)},
		{"cut short", src, q, page.Next[:len(page.Next)-2]},
		{"another query", src, model.Query{Actor: "b"}, page.Next},
		{"another view", otherView, q, page.Next},
	}
	for _, tt := range tests {
		_, err := tt.src.Fetch(context.Background(), tt.q, tt.cursor)
		if !errors.Is(err, sources.ErrBadCursor) {
			t.Errorf("%s: Fetch(%q) = %v; want ErrBadCursor", tt.name, tt.cursor, err)
		}
	}
	if _, err := src.Fetch(context.Background(), q, page.Next); err != nil {
		t.Errorf("the good cursor: %v", err)
	}
}

func TestCancel(t *testing.T) {
	parts, _ := interleaved(2, 40, 10)
	release := parts[1].Hold()
	defer release()
	src := merge.New(named(parts...), merge.Options{PageSize: 10})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	_, err := src.Fetch(ctx, model.Query{}, "")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Fetch cancelled while a part is held = %v; want context.Canceled", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v to return after the cancel", d)
	}
	cancel()
	if _, err := src.Fetch(ctx, model.Query{}, ""); !errors.Is(err, context.Canceled) {
		t.Errorf("Fetch with a cancelled context = %v", err)
	}
}
