package follow_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/follow"
	"github.com/trail-dev/trail/sources/follow/followtest"
	"github.com/trail-dev/trail/sources/sourcetest"
)

var t0 = time.Date(2026, 11, 17, 15, 4, 5, 0, time.UTC)

// seeded is a log of n entries a second apart, ending at t0.
func seeded(n, pageSize int) *followtest.Log {
	l := followtest.NewLog(pageSize)
	for i := n - 1; i >= 0; i-- {
		l.Add(t0.Add(-time.Duration(i) * time.Second))
	}
	return l
}

func TestFollowScenarioOverAGrowingLog(t *testing.T) {
	l := seeded(12, 5)
	followtest.Run(t, followtest.Fixture{Source: l, PageSize: 5, Clock: sourcetest.NewClock(t0), Add: l.Add})
}

// A poll asks from the head minus the overlap, and returns only what the
// head does not hold; the head it was given is left as it was.
func TestPollDropsWhatTheHeadHolds(t *testing.T) {
	l := seeded(3, 2)
	ctx := context.Background()
	res, err := follow.Poll(ctx, l, model.Query{}, follow.Head{}, follow.Options{})
	if err != nil || len(res.Events) != 3 || !res.Head.Time.Equal(t0) {
		t.Fatalf("first poll: %d events, head %v, err %v; want 3, %v", len(res.Events), res.Head.Time, err, t0)
	}
	if res.Pages != 2 {
		t.Errorf("first poll fetched %d pages, want 2", res.Pages)
	}
	head := res.Head
	l.Add(t0, t0.Add(time.Second))
	res2, err := follow.Poll(ctx, l, model.Query{}, head, follow.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := sourcetest.IDs(res2.Events); strings.Join(got, ",") != "5,4" {
		t.Errorf("second poll returned %v, want [5 4] (newest first)", got)
	}
	if len(head.Seen) != 3 {
		t.Errorf("Poll changed the head it was given: %d ids held, want 3", len(head.Seen))
	}
}

// An event without an id is told apart by its raw entry, and identical
// twins by their count in the answer.
func TestKeyOfEventsWithoutID(t *testing.T) {
	twins := map[string]int{}
	a := model.Event{Raw: []byte(`{"a":1}`)}
	k1, k2 := follow.Key(&a, twins), follow.Key(&a, twins)
	if k1 == k2 || !strings.HasSuffix(k2, "~2") {
		t.Errorf("identical entries keyed %q and %q, want the second ~2", k1, k2)
	}
}

// The head forgets ids older than the overlap: the state stays small over a
// long follow.
func TestHeadForgetsWhatNoPollAsksAgain(t *testing.T) {
	l := followtest.NewLog(100)
	var head follow.Head
	for i := range 50 {
		l.Add(t0.Add(time.Duration(i) * time.Minute))
		res, err := follow.Poll(context.Background(), l, model.Query{}, head, follow.Options{Overlap: 5 * time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Events) != 1 {
			t.Fatalf("poll %d: %d new, want 1", i, len(res.Events))
		}
		head = res.Head
	}
	if len(head.Seen) != 6 {
		t.Errorf("head holds %d ids after 50 minutes with a 5-minute overlap, want 6", len(head.Seen))
	}
}

// A failing poll keeps the head and backs off, doubling up to the bound.
func TestPlanBacksOffAFailingPart(t *testing.T) {
	l := seeded(2, 10)
	plan := follow.NewPlan(l, "x", "", model.Query{}, follow.Options{Walk: sources.WalkOptions{Attempts: 1}}, func(string) time.Duration { return 30 * time.Second })
	now := t0
	evs, errs := plan.Apply(follow.Run(context.Background(), plan.Jobs(now)), now)
	if len(evs) != 2 || len(errs) != 0 {
		t.Fatalf("first poll: %d events, %v", len(evs), errs)
	}
	head := plan.Parts[0].Head
	var waits []time.Duration
	for range 7 {
		l.FailNext(&sources.Error{Kind: sources.ErrUnauthorized, Provider: "log", Message: "401"})
		now = plan.Next()
		_, errs := plan.Apply(follow.Run(context.Background(), plan.Jobs(now)), now)
		if len(errs) != 1 {
			t.Fatalf("a failed poll gave %d errors", len(errs))
		}
		var pe *follow.PartError
		if !errors.As(errs[0], &pe) || pe.Name != "x" {
			t.Fatalf("error %v is not the part's", errs[0])
		}
		waits = append(waits, plan.Next().Sub(now))
	}
	want := []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 10 * time.Minute, 10 * time.Minute}
	for i := range want {
		if waits[i] != want[i] {
			t.Errorf("wait after failure %d: %v, want %v", i+1, waits[i], want[i])
		}
	}
	if plan.Parts[0].Head.Time != head.Time || len(plan.Parts[0].Head.Seen) != len(head.Seen) {
		t.Error("a failed poll moved the head")
	}
	l.Add(t0.Add(time.Second))
	now = plan.Next()
	evs, errs = plan.Apply(follow.Run(context.Background(), plan.Jobs(now)), now)
	if len(evs) != 1 || len(errs) != 0 || plan.Parts[0].Fails != 0 {
		t.Errorf("after recovery: %d events, %v, fails %d; want 1, none, 0", len(evs), errs, plan.Parts[0].Fails)
	}
}

// The state file round-trips, is replaced whole, and holds no more than
// times and ids.
func TestStateFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	if _, ok, err := follow.LoadState[follow.State](path); ok || err != nil {
		t.Fatalf("a missing state file: ok %v, err %v; want false, nil", ok, err)
	}
	l := seeded(3, 10)
	plan := follow.NewPlan(l, "prod", "canary", model.Query{}, follow.Options{}, nil)
	plan.Apply(follow.Run(context.Background(), plan.Jobs(t0)), t0)
	if err := follow.WriteFileAtomic(path, plan.State("prod")); err != nil {
		t.Fatal(err)
	}
	st, ok, err := follow.LoadState[follow.State](path)
	if !ok || err != nil || st.Source != "prod" || !st.Heads["prod"].Time.Equal(t0) || len(st.Heads["prod"].Seen) != 3 {
		t.Fatalf("loaded %+v, ok %v, err %v", st, ok, err)
	}
	again := follow.NewPlan(l, "prod", "canary", model.Query{}, follow.Options{}, nil)
	if err := again.Restore(st); err != nil || !again.Started() {
		t.Fatalf("restore: %v, started %v", err, again.Started())
	}
	if evs, _ := again.Apply(follow.Run(context.Background(), again.Jobs(t0)), t0); len(evs) != 0 {
		t.Errorf("a restored follow returned %d events it had held", len(evs))
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("the state's directory holds %d files, want the state alone (no temporary left)", len(entries))
	}
	if err := os.WriteFile(path, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := follow.LoadState[follow.State](path); err == nil || !strings.Contains(err.Error(), "move it away") {
		t.Errorf("a corrupt state file: %v", err)
	}
}

// A 429 inside a check is waited out as the provider asks, and the check
// goes on: nothing is lost and the follow does not fail.
func TestPollWaitsOutARateLimit(t *testing.T) {
	l := seeded(3, 2)
	l.FailNext(&sources.Error{Kind: sources.ErrRateLimited, Provider: "log", Status: 429, RetryAfter: 30 * time.Millisecond})
	var waits []string
	opts := follow.Options{Walk: sources.WalkOptions{Progress: func(p sources.WalkProgress) {
		if !p.Until.IsZero() {
			waits = append(waits, p.Reason)
		}
	}}}
	res, err := follow.Poll(context.Background(), l, model.Query{}, follow.Head{}, opts)
	if err != nil || len(res.Events) != 3 {
		t.Fatalf("%d events, %v", len(res.Events), err)
	}
	if len(waits) != 1 || waits[0] != "rate limited by the provider" {
		t.Errorf("waits %q, want one for the rate limit", waits)
	}
}
