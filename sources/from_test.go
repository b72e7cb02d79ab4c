package sources_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// From's first page is the source's page at the cursor, and the cursors
// around it lead to the source's own pages both ways.
func TestFromStartsAtTheCursor(t *testing.T) {
	mem := sourcetest.NewMemory(sourcetest.GenerateEvents(30, time.Now(), time.Minute), 10)
	ctx := context.Background()
	p1, _ := mem.Fetch(ctx, model.Query{}, "")
	p2, _ := mem.Fetch(ctx, model.Query{}, p1.Next)
	from := sources.NewFrom(mem, p1.Next)
	got, err := from.Fetch(ctx, model.Query{}, "")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(sourcetest.IDs(got.Events), sourcetest.IDs(p2.Events)) || got.Total != 0 {
		t.Fatalf("first page %v (total %d), want %v", sourcetest.IDs(got.Events), got.Total, sourcetest.IDs(p2.Events))
	}
	before, _ := from.Fetch(ctx, model.Query{}, got.Prev)
	after, _ := from.Fetch(ctx, model.Query{}, got.Next)
	p3, _ := mem.Fetch(ctx, model.Query{}, p2.Next)
	if !slices.Equal(sourcetest.IDs(before.Events), sourcetest.IDs(p1.Events)) || !slices.Equal(sourcetest.IDs(after.Events), sourcetest.IDs(p3.Events)) {
		t.Errorf("around it: %v and %v, want %v and %v", sourcetest.IDs(before.Events), sourcetest.IDs(after.Events), sourcetest.IDs(p1.Events), sourcetest.IDs(p3.Events))
	}
}
