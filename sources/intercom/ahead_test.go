package intercom

import (
	"context"
	"testing"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources/intercom/intercomemu"
)

// TestPredictNextSearchOnly: on the search endpoint, the cursor predicted
// after each page is the Next that page arrives with, up to the last page;
// on the GET, whose next page is Intercom's link or token, and for a first
// page, nothing is predicted. (The conformance suite's AheadWalk walks with
// two requests in flight on the search variants.)
func TestPredictNextSearchOnly(t *testing.T) {
	ctx := context.Background()
	_, src := startEmulator(t, intercomemu.Options{Events: 35}, 10)
	src.version = DefaultAPIVersion
	src.searchState.Store(initialSearchState(src.version))
	if _, ok := src.PredictNext(model.Query{}, "", 0); ok {
		t.Error("a first page's next cursor predicted")
	}
	page, err := src.Fetch(ctx, model.Query{}, "")
	if err != nil {
		t.Fatal(err)
	}
	matched := 0
	for cursor := page.Next; cursor != ""; {
		want, ok := src.PredictNext(model.Query{}, cursor, 0)
		if !ok {
			t.Fatalf("no prediction for search page cursor %q", cursor)
		}
		if _, ok := src.PredictNext(model.Query{}, cursor, 20); ok {
			t.Error("a prediction for another page size, which the source does not change")
		}
		if page, err = src.Fetch(ctx, model.Query{}, cursor); err != nil {
			t.Fatal(err)
		}
		if page.Next != "" && page.Next != want {
			t.Fatalf("page at %q: next %q, predicted %q", cursor, page.Next, want)
		}
		if page.Next != "" {
			matched++
		}
		cursor = page.Next
	}
	if matched != 2 {
		t.Errorf("%d predictions matched over 4 pages; want the 2 between page 2 and the last", matched)
	}

	_, get := startEmulator(t, intercomemu.Options{Events: 35, Next: intercomemu.NextURL}, 10)
	first, err := get.Fetch(ctx, model.Query{}, "")
	if err != nil || first.Next == "" {
		t.Fatalf("GET first page: next %q, %v", first.Next, err)
	}
	if next, ok := get.PredictNext(model.Query{}, first.Next, 0); ok {
		t.Errorf("GET walk predicted %q; its next link is Intercom's", next)
	}
	if _, ok := src.PredictNext(model.Query{}, "ic1.garbage", 0); ok {
		t.Error("a cursor this source did not make predicted")
	}
}
