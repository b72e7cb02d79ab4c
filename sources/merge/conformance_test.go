package merge_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources/merge"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// testNow ends the generated logs.
var testNow = time.Date(2026, 11, 17, 15, 4, 5, 0, time.UTC)

// TestConformance runs the suite every provider runs on merges of two and
// three in-memory sources whose times interleave: the merged view must be a
// source like any other.
func TestConformance(t *testing.T) {
	for _, tc := range []struct {
		parts    int
		partPage func(pageSize int) int // the parts' page size for the suite's
		cache    int
	}{
		{2, func(n int) int { return n }, 0},
		{3, func(n int) int { return n }, 0},
		// Parts with small pages, several to a merged page, and no cache:
		// every resumption in the middle of a page fetches it again.
		{2, func(n int) int { return max(n/3, 1) }, -1},
		// Parts with large pages, several merged pages to one.
		{3, func(n int) int { return 3*n + 1 }, -1},
	} {
		name := fmt.Sprintf("%d parts, page %d of 10, cache %d", tc.parts, tc.partPage(10), tc.cache)
		t.Run(name, func(t *testing.T) {
			sourcetest.Run(t, func(t *testing.T, cfg sourcetest.Config) sourcetest.Fixture {
				parts, want := interleaved(tc.parts, cfg.Events, tc.partPage(cfg.PageSize))
				named := make([]merge.Named, len(parts))
				for i, m := range parts {
					m.SetLatency(cfg.Latency)
					named[i] = merge.Named{Name: partName(i), Provider: "memory", Source: m}
				}
				src := merge.New(named, merge.Options{PageSize: cfg.PageSize, CachePages: tc.cache})
				return sourcetest.Fixture{Source: src, Events: want}
			})
		})
	}
}

// interleaved splits total generated events over n memory sources, round
// robin, so that their times interleave (part i holds every n-th event,
// starting at the i-th newest). Each part pages pageSize at a time, and
// every id is prefixed with its part's name so ids are unique in the view.
// It returns the parts and every event, newest first, as the view should
// list them.
func interleaved(n, total, pageSize int) ([]*sourcetest.Memory, []model.Event) {
	all := sourcetest.GenerateEvents(total, testNow, time.Minute)
	per := make([][]model.Event, n)
	for i := range all {
		p := i % n
		all[i].ID = partName(p) + all[i].ID
		per[p] = append(per[p], all[i])
	}
	parts := make([]*sourcetest.Memory, n)
	for i := range parts {
		parts[i] = sourcetest.NewMemory(slices.Clone(per[i]), pageSize)
	}
	return parts, all
}

func partName(i int) string { return string(rune('a' + i)) }
