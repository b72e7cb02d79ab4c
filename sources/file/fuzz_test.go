package file_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
)

// FuzzFile reads arbitrary files in small pages: the walk must end (with the
// file's events or a clear error), never panic or loop, and every entry
// found is kept with its raw bytes.
// go test ./sources/file -run '^$' -fuzz FuzzFile -fuzztime 1m
func FuzzFile(f *testing.F) {
	for _, seed := range []string{
		`{"source":"p","provider":"canary","id":"1","time":"2026-11-20T10:00:00Z","raw":{"id":1,"action_type":"user_login","timestamp":"2026-11-20 10:00:00 UTC+0000"}}` + "\n",
		`[{"id":1,"action_type":"x","user_ip":"1.2.3.4"}, {"id":2}, 3, "s", null, [1,[2]]]`,
		`{"audit_trail":[{"id":5,"action_type":"flock_move","message":"m"}],"result":"success"}`,
		"{\"a\":1}\n\n{broken\n{\"b\":\"\\\"}\"}\n",
		`[{"a":"\"]"},`,
		"\xef\xbb\xbf[]",
		"   ",
		"x",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		src := openCanary(t, "f", data, 3)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		forward := 0
		err := sources.Walk(ctx, src, model.Query{}, sources.WalkOptions{Attempts: 1}, func(evs []model.Event) error {
			for _, e := range evs {
				if len(e.Raw) == 0 {
					t.Fatalf("an entry lost its raw bytes: %+v", e)
				}
			}
			forward += len(evs)
			return nil
		})
		if err == nil {
			// Backwards from the end gives the same number of entries.
			page, berr := src.Last(ctx, model.Query{})
			backward := 0
			for i := 0; berr == nil && i <= len(data)+1; i++ {
				backward += len(page.Events)
				if page.Prev == "" {
					break
				}
				page, berr = src.Fetch(ctx, model.Query{}, page.Prev)
			}
			if berr == nil && backward != forward {
				t.Fatalf("forwards %d entries, backwards %d", forward, backward)
			}
		}
		if errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("walking a %d-byte file did not end", len(data))
		}
		var se *sources.Error
		if err != nil && !errors.As(err, &se) {
			t.Fatalf("error %v is not a *sources.Error", err)
		}
	})
}
