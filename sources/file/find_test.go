package file_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/file"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// findEntries are n Canary entries; those at the indexes in needles say
// "NeedLe" in their message, every third is a logout, and the one at 41
// comes from 203.0.113.9.
func findEntries(n int, needles ...int) [][]byte {
	has := map[int]bool{}
	for _, i := range needles {
		has[i] = true
	}
	var out [][]byte
	for i := range n {
		msg, action, ip := "User alice@example.com logged in", "user_login", fmt.Sprintf("198.51.100.%d", i%256)
		if has[i] {
			msg = "User alice@example.com found the NeedLe"
		}
		if i%3 == 0 {
			action = "user_logout"
		}
		if i == 41 {
			ip = "203.0.113.9"
		}
		out = append(out, fmt.Appendf(nil, `{"action_type":%q,"flock_id":"flock:default","id":%d,"message":%q,"timestamp":"2026-10-01 00:%02d:%02d UTC+0000","user":"alice@example.com","user_ip":%q}`,
			action, i, msg, i/60%60, i%60, ip))
	}
	return out
}

// boundary is a place between pages: the cursor that points there and
// how many events come before it.
type boundary struct {
	cursor string
	before int
}

// refWalk reads src through with no query, so every entry is decoded,
// and returns its events and the places between its pages.
func refWalk(t *testing.T, src *file.Source) ([]model.Event, []boundary) {
	t.Helper()
	all, pages := sourcetest.WalkAll(t, src, model.Query{})
	bounds := []boundary{{"", 0}}
	n := 0
	for _, p := range pages[:len(pages)-1] {
		n += len(p.Events)
		bounds = append(bounds, boundary{p.Next, n})
	}
	return all, bounds
}

// want is the reference: the index of the first event from k on (or the
// last before k) that q matches and holds text; -1 for none.
func want(all []model.Event, q model.Query, text string, k int, backward bool) int {
	if backward {
		return wantIn(all, q, text, 0, k, true)
	}
	return wantIn(all, q, text, k, len(all), false)
}

// wantIn is want within the events [from, to).
func wantIn(all []model.Event, q model.Query, text string, from, to int, backward bool) int {
	ok := func(i int) bool { return q.Matches(&all[i]) && all[i].Contains(text) }
	if backward {
		for i := to - 1; i >= from; i-- {
			if ok(i) {
				return i
			}
		}
		return -1
	}
	for i := from; i < to; i++ {
		if ok(i) {
			return i
		}
	}
	return -1
}

// checkFinds runs Find from every page boundary, both ways where the
// layout allows, for each query and text, against the reference walk.
func checkFinds(t *testing.T, src *file.Source, backward bool) {
	t.Helper()
	all, bounds := refWalk(t, src)
	queries := []model.Query{{}, {Action: "user_login"}, {Text: "alice"}, {Action: "user_logout", Text: "example"}}
	texts := []string{"needle", "203.0.113.9", "zzznomatch", `"id":7,`}
	dirs := []bool{false}
	if backward {
		dirs = append(dirs, true)
	}
	for _, q := range queries {
		for _, text := range texts {
			for _, back := range dirs {
				for _, b := range append(bounds, boundary{"", len(all)}) {
					if b.cursor == "" && (b.before == 0) == back {
						continue // "" is the start forwards and the end backwards
					}
					var progressed []int64
					found, err := src.Find(context.Background(), sources.FindRequest{Query: q, Text: text, From: b.cursor, Backward: back,
						Progress: func(done, total int64) { progressed = append(progressed, done, total) }})
					if err != nil {
						t.Fatalf("%+v %q back=%v from %d: %v", q, text, back, b.before, err)
					}
					w := want(all, q, text, b.before, back)
					where := fmt.Sprintf("query %+v, %q, backward %v, from event %d", q, text, back, b.before)
					if len(progressed) == 0 || progressed[len(progressed)-2] != progressed[len(progressed)-1] {
						t.Errorf("%s: progress %v does not end at the whole", where, progressed)
					}
					if w < 0 {
						if found.OK {
							t.Errorf("%s: found %+v, want none", where, found)
						}
						continue
					}
					checkFound(t, src, q, found, all, w, where)
				}
				// Bounded by To: between two page edges up to three pages
				// apart, the far one first when going backwards.
				for i, b1 := range bounds {
					for _, b2 := range bounds[i+1 : min(i+4, len(bounds))] {
						req := sources.FindRequest{Query: q, Text: text, From: b1.cursor, To: b2.cursor}
						w := wantIn(all, q, text, b1.before, b2.before, back)
						if back {
							req.From, req.To = b2.cursor, b1.cursor
							if b1.cursor == "" {
								continue // "" is no bound
							}
						}
						req.Backward = back
						found, err := src.Find(context.Background(), req)
						where := fmt.Sprintf("query %+v, %q, backward %v, between events %d and %d", q, text, back, b1.before, b2.before)
						if err != nil {
							t.Fatalf("%s: %v", where, err)
						}
						if w < 0 && found.OK {
							t.Errorf("%s: found %+v, want none", where, found)
						} else if w >= 0 {
							checkFound(t, src, q, found, all, w, where)
						}
					}
				}
			}
		}
	}
}

// checkFound checks that found is event w of all: the page its cursor
// fetches holds it at its index.
func checkFound(t *testing.T, src *file.Source, q model.Query, found sources.Found, all []model.Event, w int, where string) {
	t.Helper()
	if !found.OK {
		t.Errorf("%s: none found, want event %d", where, w)
		return
	}
	p, err := src.Fetch(context.Background(), q, found.Cursor)
	if err != nil {
		t.Fatalf("%s: fetching the match's page: %v", where, err)
	}
	if found.Index >= len(p.Events) || !bytes.Equal(p.Events[found.Index].Raw, all[w].Raw) {
		t.Errorf("%s: the match's page does not hold event %d (%s) at %d", where, w, all[w].ID, found.Index)
	}
}

// Find finds what a walk decoding every entry finds, from every page edge,
// forwards and backwards, with and without a query, and says when there
// is none; a match on the first or last line of a page is found.
func TestFindIsTheDecodedWalk(t *testing.T) {
	entries := findEntries(120, 0, 6, 7, 13, 14, 20, 56, 57, 119)
	var lines bytes.Buffer
	for i, e := range entries {
		lines.Write(e)
		lines.WriteString("\n")
		if i%10 == 4 {
			lines.WriteString("  \n") // blank lines are not entries
		}
		if i == 30 {
			lines.WriteString("not json at all, with a needle\n") // an entry all the same, and it holds the text
		}
	}
	src := openCanary(t, "log.jsonl", lines.Bytes(), 7)
	checkFinds(t, src, true)
}

// In a JSON array Find pages forwards and says it cannot go backwards; in
// a saved API response it goes both ways.
func TestFindInArraysAndSavedPages(t *testing.T) {
	entries := findEntries(40, 0, 6, 7, 20, 39)
	var raws []json.RawMessage
	for _, e := range entries {
		raws = append(raws, e)
	}
	array, _ := json.Marshal(raws)
	page, _ := json.Marshal(map[string]any{"audit_trail": raws, "cursor": map[string]any{"next": nil, "prev": nil}, "page_count": 1, "page_number": 1, "result": "success"})
	for name, c := range map[string]struct {
		body []byte
		back bool
	}{"array": {array, false}, "saved page": {page, true}} {
		t.Run(name, func(t *testing.T) {
			src := openCanary(t, "f.json", c.body, 7)
			checkFinds(t, src, c.back)
			if !c.back {
				_, err := src.Find(context.Background(), sources.FindRequest{Text: "needle", Backward: true})
				if !errors.Is(err, errors.ErrUnsupported) {
					t.Errorf("backwards in an array: %v, want ErrUnsupported", err)
				}
			}
		})
	}
}

// Find stops when its context is cancelled, part-way through a file of
// some megabytes, and says why.
func TestFindIsCancelled(t *testing.T) {
	var lines bytes.Buffer
	for lines.Len() < 3*(4<<20) {
		for _, e := range findEntries(1000) {
			lines.Write(e)
			lines.WriteByte('\n')
		}
	}
	src := openCanary(t, "big.jsonl", lines.Bytes(), 0)
	for _, back := range []bool{false, true} {
		ctx, cancel := context.WithCancel(context.Background())
		reports := 0
		_, err := src.Find(ctx, sources.FindRequest{Text: "zzznomatch", Backward: back, Progress: func(done, total int64) {
			reports++
			if done < total {
				cancel()
			}
		}})
		cancel()
		if !errors.Is(err, context.Canceled) || reports != 1 {
			t.Errorf("backward %v: cancelled after the first report: %v after %d reports", back, err, reports)
		}
	}
}
