package merge_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/merge"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// unauthorized is the error a provider gives for a bad token.
var unauthorized = &sources.Error{Kind: sources.ErrUnauthorized, Provider: "memory", Status: 401, Message: "the token was refused", Hint: "check token"}

// TestFailingPartDoesNotHideTheOthers: b's token is refused on its first
// page. Every page still comes, with all of a's events; b's error is in
// every page's Parts and the first page's notice; a fresh walk tries b again.
func TestFailingPartDoesNotHideTheOthers(t *testing.T) {
	parts, all := interleaved(2, 60, 10)
	parts[1].FailNext(unauthorized)
	src := merge.New(named(parts...), merge.Options{PageSize: 10})
	got, pages := sourcetest.WalkAll(t, src, model.Query{})

	var wantA []string
	for _, e := range all {
		if e.ID[0] == 'a' {
			wantA = append(wantA, e.ID)
		}
	}
	if !slices.Equal(sourcetest.IDs(got), wantA) {
		t.Fatalf("with b failing, got %v,\nwant a's events %v", sourcetest.IDs(got), wantA)
	}
	for i, p := range pages {
		b := p.Parts[1]
		if !errors.Is(b.Err, sources.ErrUnauthorized) || !strings.Contains(b.Err.Error(), "the token was refused") || b.Done || b.Events != 0 {
			t.Errorf("page %d: part b = %+v; want its error kept", i+1, b)
		}
		if a := p.Parts[0]; a.Err != nil {
			t.Errorf("page %d: part a = %+v", i+1, a)
		}
	}
	if n := pages[0].Notice; !strings.Contains(n, "source b failed") || !strings.Contains(n, "the token was refused") {
		t.Errorf("first page's notice %q does not name b and its error", pages[0].Notice)
	}
	if pages[1].Notice != "" {
		t.Errorf("second page repeats the notice: %q", pages[1].Notice)
	}
	if !pages[len(pages)-1].Parts[0].Done {
		t.Error("a is not done at the end")
	}

	// Starting over tries b again (its fault was one-off).
	again, _ := sourcetest.WalkAll(t, src, model.Query{})
	if !slices.Equal(sourcetest.IDs(again), sourcetest.IDs(all)) {
		t.Errorf("a fresh walk after the fault got %d events, want all %d", len(again), len(all))
	}
}

// TestRetryParkedPart: b fails half way; the page that saw it fail, fetched
// again from its cursor, tries b again where it was, and the walk goes on in
// order with nothing lost or repeated.
func TestRetryParkedPart(t *testing.T) {
	parts, all := interleaved(2, 60, 10)
	src := merge.New(named(parts...), merge.Options{PageSize: 12})
	first := sourcetest.FirstPage(t, src, model.Query{})
	// The second merged page needs b's second page.
	parts[1].FailNext(&sources.Error{Kind: sources.ErrUnavailable, Status: 503, Message: "down"})
	failed, err := src.Fetch(context.Background(), model.Query{}, first.Next)
	if err != nil {
		t.Fatalf("one part failing failed the page: %v", err)
	}
	if !errors.Is(failed.Parts[1].Err, sources.ErrUnavailable) || failed.Notice == "" {
		t.Fatalf("b's failure is not reported: %+v, notice %q", failed.Parts[1], failed.Notice)
	}
	retried, err := src.Fetch(context.Background(), model.Query{}, first.Next)
	if err != nil || retried.Parts[1].Err != nil {
		t.Fatalf("fetching the cursor again: %v, b %+v", err, retried.Parts[1])
	}
	rest := sourcetest.WalkFrom(t, src, retried.Next)
	got := append(append(sourcetest.IDs(first.Events), sourcetest.IDs(retried.Events)...), sourcetest.IDs(rest)...)
	if !slices.Equal(got, sourcetest.IDs(all)) {
		t.Fatalf("after the retry got %v,\nwant %v", got, sourcetest.IDs(all))
	}
}

// TestEveryPartFails: only then is Fetch an error, naming each part, and
// the same cursor can be fetched again once they recover.
func TestEveryPartFails(t *testing.T) {
	parts, all := interleaved(2, 20, 10)
	parts[0].FailNext(unauthorized)
	parts[1].FailNext(&sources.Error{Kind: sources.ErrRateLimited, Message: "slow down"})
	src := merge.New(named(parts...), merge.Options{PageSize: 100})
	_, err := src.Fetch(context.Background(), model.Query{}, "")
	if err == nil {
		t.Fatal("every part failed and Fetch did not")
	}
	for _, want := range []error{sources.ErrUnauthorized, sources.ErrRateLimited} {
		if !errors.Is(err, want) {
			t.Errorf("error %v does not wrap %v", err, want)
		}
	}
	for _, want := range []string{"a: memory: the token was refused", "b: slow down"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if !sources.Transient(err) {
		t.Error("a rate limit among the causes should let a walk retry")
	}
	page, err := src.Fetch(context.Background(), model.Query{}, "")
	if err != nil || !slices.Equal(sourcetest.IDs(page.Events), sourcetest.IDs(all)) {
		t.Fatalf("after recovery: %v, %v", err, sourcetest.IDs(page.Events))
	}
}

// TestDoneAndFailed: when the last part still going fails after the others
// finished, the page is not an error: it ends the walk with the failure
// shown.
func TestDoneAndFailed(t *testing.T) {
	a := sourcetest.NewMemory([]model.Event{ev("a1", 1)}, 10)
	b := sourcetest.NewMemory([]model.Event{ev("b1", 2), ev("b2", 3), ev("b3", 4)}, 1)
	src := merge.New(named(a, b), merge.Options{PageSize: 2})
	first := sourcetest.FirstPage(t, src, model.Query{})
	b.FailNext(unauthorized)
	page, err := src.Fetch(context.Background(), model.Query{}, first.Next)
	if err != nil {
		t.Fatalf("a done and b failing: %v", err)
	}
	if page.Next != "" || !page.Parts[0].Done || page.Parts[1].Err == nil || page.Parts[1].Events != 1 {
		t.Errorf("page %+v", page)
	}
}

// A failed part's error is in the notice whole (up to the bound a cursor
// keeps), so the message log need not say it a second time.
func TestNoticeHoldsAPartsWholeError(t *testing.T) {
	parts, _ := interleaved(2, 20, 10)
	long := "the client credentials were refused by the token endpoint; check client_id and client_secret in the config, and that the app has the audit scope granted by an administrator of the instance"
	parts[1].FailNext(&sources.Error{Kind: sources.ErrUnauthorized, Provider: "memory", Status: 401, Message: long})
	src := merge.New(named(parts...), merge.Options{PageSize: 10})
	p := sourcetest.FirstPage(t, src, model.Query{})
	if !strings.Contains(p.Notice, long) {
		t.Errorf("the notice cuts b's error: %q", p.Notice)
	}
}
