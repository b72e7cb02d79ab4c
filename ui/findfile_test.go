package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// finderMem is an in-memory source that says it can search the whole log.
type finderMem struct{ *sourcetest.Memory }

func (finderMem) Find(context.Context, sources.FindRequest) (sources.Found, error) {
	return sources.Found{}, nil
}

// The ? screen says how far / searches: the loaded events, or on in the
// file where the source can search it.
func TestHelpSaysHowFarSearchGoes(t *testing.T) {
	mem := sourcetest.NewMemory(sourcetest.GenerateEvents(10, testNow, time.Minute), 5)
	for _, c := range []struct {
		src  sources.Source
		want string
	}{{mem, "/ searches only what is loaded."}, {finderMem{mem}, "enter, n and N go on in the file past it"}} {
		m := New(Options{Source: c.src})
		if got := m.helpNotes(); !strings.Contains(got, c.want) {
			t.Errorf("%T: the help says %q, want %q in it", c.src, got, c.want)
		}
	}
}

// The hint line names / for what it does with the source: "search loaded"
// where it searches only the loaded events, "search" where enter goes on
// in the file (it said "search loaded" of a file too).
func TestSearchHintSaysHowFarItGoes(t *testing.T) {
	mem := sourcetest.NewMemory(sourcetest.GenerateEvents(10, testNow, time.Minute), 5)
	for _, c := range []struct {
		src  sources.Source
		want string
	}{{mem, "search loaded"}, {finderMem{mem}, "search"}} {
		m := New(Options{Source: c.src})
		if got := m.keys.Search.Help().Desc; got != c.want {
			t.Errorf("%T: / is described as %q, want %q", c.src, got, c.want)
		}
	}
}
