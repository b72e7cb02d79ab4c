package merge

import (
	"context"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/follow"
	"github.com/trail-dev/trail/sources/follow/followtest"
)

// A follow of a merged view keeps up with each part on its own schedule:
// every event of both is shown once over several intervals, with bursts
// and same-second events, and a part that fails for a while is retried with
// backoff while the other goes on, then catches up without a gap.
func TestFollowMergedViewPartByPart(t *testing.T) {
	t0 := time.Date(2026, 11, 17, 15, 0, 0, 0, time.UTC)
	a, b := followtest.NewLog(4), followtest.NewLog(4)
	a.Add(t0.Add(-2*time.Second), t0)
	b.Add(t0)
	view := New([]Named{{Name: "a", Provider: "canary", Source: a}, {Name: "b", Provider: "intercom", Source: b}}, Options{PageSize: 3})
	intervals := map[string]time.Duration{"a": 30 * time.Second, "b": 45 * time.Second}
	plan := follow.NewPlan(view, "both", "", model.Query{}, follow.Options{Walk: sources.WalkOptions{Attempts: 1}},
		func(name string) time.Duration { return intervals[name] })
	if len(plan.Parts) != 2 || !plan.Parts[0].Tag {
		t.Fatalf("the merged view was not split into its parts: %+v", plan.Parts)
	}
	shown := map[string]int{}
	show := func(evs []model.Event) {
		for _, e := range evs {
			shown[e.Source+"/"+e.ID]++
		}
	}
	// The backlog, through the merged view as the explorer loads it.
	page, err := view.Fetch(context.Background(), model.Query{}, "")
	if err != nil || len(page.Events) != 3 {
		t.Fatalf("backlog: %d events, %v", len(page.Events), err)
	}
	show(page.Events)
	plan.Observe(page.Events)

	now := t0
	polls := map[string]int{}
	var failures []error
	step := func() {
		if next := plan.Next(); next.After(now) {
			now = next
		}
		jobs := plan.Jobs(now)
		for _, j := range jobs {
			polls[j.Name]++
		}
		evs, errs := plan.Apply(follow.Run(context.Background(), jobs), now)
		for _, e := range evs {
			if e.Source == "" || e.Provider == "" {
				t.Errorf("event %s of a part came without its source's name", e.ID)
			}
		}
		show(evs)
		failures = append(failures, errs...)
	}
	for i := range 24 {
		switch i {
		case 1: // a burst of three pages in a, one in the same second as its head
			a.Add(t0, t0.Add(time.Second), t0.Add(time.Second), t0.Add(2*time.Second), t0.Add(3*time.Second),
				t0.Add(4*time.Second), t0.Add(5*time.Second), t0.Add(5*time.Second), t0.Add(6*time.Second), t0.Add(7*time.Second))
		case 2: // b fails three times in a row while its events arrive
			b.FailNext(&sources.Error{Kind: sources.ErrUnavailable, Provider: "intercom", Message: "503"},
				&sources.Error{Kind: sources.ErrUnavailable, Provider: "intercom", Message: "503"},
				&sources.Error{Kind: sources.ErrUnavailable, Provider: "intercom", Message: "503"})
			b.Add(t0.Add(time.Minute), t0.Add(time.Minute), t0.Add(61*time.Second), t0.Add(62*time.Second), t0.Add(63*time.Second))
		case 4:
			a.Add(now, now)
		}
		step()
	}
	if len(failures) != 3 {
		t.Errorf("%d failures reported, want b's 3: %v", len(failures), failures)
	}
	if polls["a"] < 2*polls["b"]-1 {
		t.Errorf("a polled %d times and b %d: the failing part held the other back", polls["a"], polls["b"])
	}
	var all []model.Event
	for _, p := range []struct {
		name string
		log  *followtest.Log
	}{{"a", a}, {"b", b}} {
		if err := sources.Walk(context.Background(), p.log, model.Query{}, sources.WalkOptions{}, func(evs []model.Event) error {
			for _, e := range evs {
				e.ID = p.name + "/" + e.ID
				all = append(all, e)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	followtest.RequireOnce(t, shown, all)
}
