package merge_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources/merge"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// TestSourceTerm: source: names a part of the view; a part it rules out is
// never asked, and the others return exactly the events of the parts named.
func TestSourceTerm(t *testing.T) {
	a := sourcetest.NewMemory([]model.Event{ev("a1", 10), ev("a2", 30), ev("a3", 50)}, 2)
	b := sourcetest.NewMemory([]model.Event{ev("b1", 20), ev("b2", 40)}, 2)
	c := sourcetest.NewMemory([]model.Event{ev("c1", 25)}, 2)
	tests := []struct{ line, want string }{
		{"source:a", "a1 a2 a3"},
		{"-source:a", "b1 c1 b2"},
		{"source:b,c", "b1 c1 b2"},
		{"source:memory", "a1 b1 c1 a2 b2 a3"}, // the provider names every part
		{"source:/^[ab]$/ -source:b", "a1 a2 a3"},
		{"source:nowhere", ""},
	}
	for _, tt := range tests {
		q, err := model.ParseQuery(tt.line, testNow, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		before := c.Calls()
		got, _ := sourcetest.WalkAll(t, merge.New(named(a, b, c), merge.Options{PageSize: 2}), q)
		var ids []string
		for _, e := range got {
			ids = append(ids, e.ID)
		}
		if strings.Join(ids, " ") != tt.want {
			t.Errorf("%s: got %v; want %s", tt.line, ids, tt.want)
		}
		if !strings.Contains(tt.want, "c1") && c.Calls() != before {
			t.Errorf("%s: part c was asked %d times though the query rules it out", tt.line, c.Calls()-before)
		}
	}
}

// TestTermsKeyTheCache: the parts trim by the query's terms, so a page
// cached for one query is never served to another that differs only in a
// term.
func TestTermsKeyTheCache(t *testing.T) {
	a := sourcetest.NewMemory([]model.Event{ev("a1", 10), ev("a2", 30), ev("a3", 50)}, 1)
	b := sourcetest.NewMemory([]model.Event{ev("b1", 20), ev("b2", 40)}, 1)
	src := merge.New(named(a, b), merge.Options{PageSize: 1})
	ctx := context.Background()
	all, err := src.Fetch(ctx, model.Query{}, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := src.Fetch(ctx, model.Query{}, all.Next); err != nil {
		t.Fatal(err)
	}
	q, _ := model.ParseQuery("-text:b1 -text:a2", testNow, time.UTC)
	got, _ := sourcetest.WalkAll(t, src, q)
	var ids []string
	for _, e := range got {
		ids = append(ids, e.ID)
	}
	if strings.Join(ids, " ") != "a1 b2 a3" {
		t.Errorf("walk of %q after a walk of everything = %v; want a1 b2 a3", q.String(), ids)
	}
}
