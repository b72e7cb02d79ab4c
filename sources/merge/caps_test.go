package merge_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/merge"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// described is an empty source with the given capabilities.
type described struct {
	caps sources.Capabilities
}

func (d described) Fetch(ctx context.Context, q model.Query, cursor string) (sources.Page, error) {
	return sources.Page{}, ctx.Err()
}

func (d described) Capabilities() sources.Capabilities { return d.caps }

// lister is described, plus a run-time list of action types (or an error).
type lister struct {
	described
	actions []string
	err     error
}

func (l lister) ListActions(ctx context.Context) ([]string, error) { return l.actions, l.err }

func TestCapabilities(t *testing.T) {
	canaryLike := described{sources.Capabilities{ServerSide: sources.FieldTime | sources.FieldAction | sources.FieldText, Actions: []string{"user_login", "flock_move"}}}
	intercomLike := described{sources.Capabilities{ServerSide: sources.FieldTime, Actions: []string{"app_name_change", "USER_LOGIN"}, DefaultWindow: 30 * 24 * time.Hour}}
	qualtricsLike := described{sources.Capabilities{ServerSide: sources.FieldTime | sources.FieldAction, Actions: []string{"logins"}, DefaultWindow: 7 * 24 * time.Hour, ActionRequired: true, DefaultAction: "logins"}}
	qualtricsToo := described{sources.Capabilities{ServerSide: sources.FieldTime | sources.FieldAction, ActionRequired: true, DefaultAction: "surveys"}}
	tests := []struct {
		name  string
		parts []sources.Source
		want  sources.Capabilities
	}{
		{"intersection, union, longest window, each part's", []sources.Source{canaryLike, intercomLike},
			sources.Capabilities{ServerSide: sources.FieldTime, Actions: []string{"user_login", "flock_move", "app_name_change"}, DefaultWindow: 30 * 24 * time.Hour,
				PartWindows: []sources.PartWindow{{Name: "a"}, {Name: "b", Window: 30 * 24 * time.Hour}}}},
		{"a part that is a view gives its parts' windows", []sources.Source{intercomLike, described{sources.Capabilities{DefaultWindow: 7 * 24 * time.Hour,
			PartWindows: []sources.PartWindow{{Name: "q", Window: 7 * 24 * time.Hour}, {Name: "c"}}}}},
			sources.Capabilities{Actions: []string{"app_name_change", "USER_LOGIN"}, DefaultWindow: 30 * 24 * time.Hour,
				PartWindows: []sources.PartWindow{{Name: "a", Window: 30 * 24 * time.Hour}, {Name: "q", Window: 7 * 24 * time.Hour}, {Name: "c"}}}},
		{"an action is required by one part only", []sources.Source{qualtricsLike, canaryLike},
			sources.Capabilities{ServerSide: sources.FieldTime | sources.FieldAction, Actions: []string{"logins", "user_login", "flock_move"}, DefaultWindow: 7 * 24 * time.Hour}},
		{"an action is required by every part", []sources.Source{qualtricsLike, qualtricsToo},
			sources.Capabilities{ServerSide: sources.FieldTime | sources.FieldAction, Actions: []string{"logins"}, DefaultWindow: 7 * 24 * time.Hour, ActionRequired: true, DefaultAction: "logins, surveys"}},
		{"a part that does not describe itself filters nothing on the server", []sources.Source{canaryLike, sourcetest.NewMemory(nil, 1), growingNoCaps{}},
			sources.Capabilities{Actions: []string{"user_login", "flock_move"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var parts []merge.Named
			for i, p := range tt.parts {
				parts = append(parts, merge.Named{Name: partName(i), Source: p})
			}
			got := merge.New(parts, merge.Options{}).Capabilities()
			if got.ServerSide != tt.want.ServerSide || !slices.Equal(got.Actions, tt.want.Actions) || got.DefaultWindow != tt.want.DefaultWindow ||
				got.ActionRequired != tt.want.ActionRequired || got.DefaultAction != tt.want.DefaultAction ||
				(tt.want.PartWindows != nil && !slices.Equal(got.PartWindows, tt.want.PartWindows)) {
				t.Errorf("got %+v,\nwant %+v", got, tt.want)
			}
		})
	}
}

// growingNoCaps is a source that does not describe itself.
type growingNoCaps struct{}

func (growingNoCaps) Fetch(ctx context.Context, q model.Query, cursor string) (sources.Page, error) {
	return sources.Page{}, ctx.Err()
}

func TestListActions(t *testing.T) {
	docs := described{sources.Capabilities{Actions: []string{"user_login"}}}
	listed := lister{described{sources.Capabilities{Actions: []string{"documented"}}}, []string{"logins", "surveys", "USER_LOGIN"}, nil}
	broken := lister{described{sources.Capabilities{Actions: []string{"documented"}}}, nil, &sources.Error{Kind: sources.ErrForbidden, Message: "no scope"}}
	tests := []struct {
		name    string
		parts   []sources.Source
		want    []string
		wantErr bool
	}{
		{"listed and documented", []sources.Source{docs, listed}, []string{"user_login", "logins", "surveys"}, false},
		{"no part lists: the documented ones", []sources.Source{docs, docs}, []string{"user_login"}, false},
		{"one lister fails: its documented ones", []sources.Source{listed, broken}, []string{"logins", "surveys", "USER_LOGIN", "documented"}, false},
		{"every lister fails", []sources.Source{docs, broken}, []string{"user_login", "documented"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var parts []merge.Named
			for i, p := range tt.parts {
				parts = append(parts, merge.Named{Name: partName(i), Source: p})
			}
			got, err := merge.New(parts, merge.Options{}).ListActions(context.Background())
			if !slices.Equal(got, tt.want) || (err != nil) != tt.wantErr {
				t.Fatalf("ListActions = %v, %v; want %v (error %v)", got, err, tt.want, tt.wantErr)
			}
			if err != nil && (!errors.Is(err, sources.ErrForbidden) || !strings.Contains(err.Error(), "b: no scope")) {
				t.Errorf("error %v does not name the part and its cause", err)
			}
		})
	}
}

// TestProgressNamesThePart: a part's rate-limit wait is reported under its
// name, so the status line can say which source is waiting.
func TestProgressNamesThePart(t *testing.T) {
	waits := waiting{}
	src := merge.New([]merge.Named{{Name: "slow", Source: waits}, {Name: "b", Source: sourcetest.NewMemory(nil, 1)}}, merge.Options{})
	var got []string
	ctx := sources.WithProgress(context.Background(), func(p sources.Progress) { got = append(got, p.Message) })
	if _, err := src.Fetch(ctx, model.Query{}, ""); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, []string{"slow: rate limited by the provider"}) {
		t.Errorf("progress %q", got)
	}
}

// waiting reports a short rate-limit wait, then returns nothing.
type waiting struct{}

func (waiting) Fetch(ctx context.Context, q model.Query, cursor string) (sources.Page, error) {
	err := sources.Sleep(ctx, time.Millisecond, "rate limited by the provider")
	return sources.Page{}, err
}

// TestBehindPartIsNotRead: while one log's events are all newer, the other
// is asked for its first page only.
func TestBehindPartIsNotRead(t *testing.T) {
	newer := sourcetest.NewMemory(sourcetest.GenerateEvents(100, testNow, time.Second), 10)
	older := sourcetest.NewMemory(sourcetest.GenerateEvents(100, testNow.Add(-time.Hour), time.Second), 10)
	src := merge.New(named(newer, older), merge.Options{PageSize: 30})
	page := sourcetest.FirstPage(t, src, model.Query{})
	if newer.Calls() != 3 || older.Calls() != 1 || page.Parts[1].Events != 0 {
		t.Errorf("30 newer events took %d pages of the newer log and %d of the older; want 3 and 1", newer.Calls(), older.Calls())
	}
}

// reads is a source that reads a local file.
type reads struct {
	sources.Source
	path string
}

func (r reads) Files() []string { return []string{r.path} }

// TestFilesOfParts: a merged view reads the files its parts read, so an
// export of it refuses to write over any of them.
func TestFilesOfParts(t *testing.T) {
	mem := sourcetest.NewMemory(nil, 10)
	m := merge.New([]merge.Named{
		{Name: "a", Source: reads{mem, "/x/a.jsonl"}},
		{Name: "b", Source: mem},
		{Name: "c", Source: reads{mem, "/x/c.jsonl"}},
	}, merge.Options{})
	if got := sources.FilesOf(m); !slices.Equal(got, []string{"/x/a.jsonl", "/x/c.jsonl"}) {
		t.Errorf("FilesOf = %q", got)
	}
}
