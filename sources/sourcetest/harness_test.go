package sourcetest_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// TestClock: the clock stands still until moved, and moves by what it is told.
func TestClock(t *testing.T) {
	at := time.Date(2026, 11, 17, 15, 4, 5, 0, time.UTC)
	c := sourcetest.NewClock(at)
	if !c.Now().Equal(at) {
		t.Fatalf("Now() = %v, want %v", c.Now(), at)
	}
	c.Add(90 * time.Second)
	if want := at.Add(90 * time.Second); !c.Now().Equal(want) {
		t.Errorf("after Add: %v, want %v", c.Now(), want)
	}
}

// failing is a source whose every fetch fails with a fixed message.
type failing struct{}

func (failing) Fetch(context.Context, model.Query, string) (sources.Page, error) {
	return sources.Page{}, errors.New("refused: token tok-123")
}

// TestErrorTexts: each failed fetch leaves its error's text.
func TestErrorTexts(t *testing.T) {
	var seen sourcetest.ErrorTexts
	seen.Fetch(failing{}, model.Query{}, "")
	seen.Fetch(failing{}, model.Query{}, "c")
	if len(seen) != 2 || seen[0] != "refused: token tok-123" {
		t.Errorf("ErrorTexts = %q", seen)
	}
}
