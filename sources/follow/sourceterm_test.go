package follow_test

import (
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources/follow"
	"github.com/trail-dev/trail/sources/merge"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// A source: term that names none of the sources read is said, for one
// source and for a merged view; one that names any of them, a negated one
// that leaves some, and a query without source: terms are not.
func TestSourceTermsMatchNone(t *testing.T) {
	one := sourcetest.NewMemory(nil, 10)
	view := merge.New([]merge.Named{{Name: "canary", Provider: "canary", Source: one}, {Name: "eu", Provider: "domo", Source: one}}, merge.Options{})
	for _, tc := range []struct {
		line   string
		merged bool
		none   bool
	}{
		{"source:cnary", true, true},
		{"source:cnary", false, true},
		{"source:canary", true, false},
		{"source:domo", true, false}, // by provider
		{"source:eu", true, false},
		{"source:canary", false, false},
		{"-source:canary", false, true},
		{"-source:canary", true, false},
		{"actor:alice", true, false},
	} {
		q, err := model.ParseQuery(tc.line, time.Now(), time.UTC)
		if err != nil {
			t.Fatalf("%s: %v", tc.line, err)
		}
		var got error
		if tc.merged {
			got = follow.SourceTermsMatchNone(q, view, "view", "merged")
		} else {
			got = follow.SourceTermsMatchNone(q, one, "canary", "canary")
		}
		if (got != nil) != tc.none {
			t.Errorf("%q (merged %v): got %v, want an error: %v", tc.line, tc.merged, got, tc.none)
		}
		if got != nil && !strings.Contains(got.Error(), "canary") {
			t.Errorf("%q: the error does not name the sources read: %v", tc.line, got)
		}
	}
}
