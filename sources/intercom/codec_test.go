package intercom

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/file"
	"github.com/trail-dev/trail/sources/intercom/intercomemu"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// walkFile reads every event of a file source.
func walkFile(t *testing.T, path string, pageSize int) []model.Event {
	t.Helper()
	src, err := file.Open(path, pageSize, Codec())
	if err != nil {
		t.Fatal(err)
	}
	got, err := sourcetest.Walked(context.Background(), src, model.Query{}, sources.WalkOptions{Attempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func requireSameEvents(t *testing.T, what string, got, want []model.Event) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d events, want %d", what, len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Fatalf("%s: event %d differs:\n got %+v\nwant %+v", what, i, got[i], want[i])
		}
	}
}

func writeFile(t *testing.T, name string, body []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, body, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// An export of the emulator's log to trail JSONL reads back through the file
// source as exactly the events the API gave: the landmarks, the hostile
// entries and the before → after changes included.
func TestExportReadsBackAsTheProviderGaveIt(t *testing.T) {
	_, src := startEmulator(t, intercomemu.Options{Events: 333, Seed: 3, Next: intercomemu.NextStartingAfter}, 37)
	want, err := sourcetest.Walked(context.Background(), src, model.Query{}, sources.WalkOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(want) != 333 {
		t.Fatalf("the API gave %d events, want 333", len(want))
	}
	changes := 0
	for _, e := range want {
		changes += len(e.Changes)
	}
	if changes == 0 {
		t.Fatal("no event has changes; the test would not show they survive")
	}
	var out bytes.Buffer
	if _, err := sources.Export(context.Background(), src, model.Query{}, sources.ExportOptions{Source: "workspace", Provider: "intercom"}, &out); err != nil {
		t.Fatal(err)
	}
	path := writeFile(t, "export.jsonl", out.Bytes())
	// The export escapes what a terminal must not see raw (the bidi
	// override of a hostile entry) as \uXXXX: equivalent JSON, so every
	// field reads back the same and raw holds those escapes.
	for i := range want {
		want[i].Raw = model.AppendJSONEscaped(nil, want[i].Raw)
	}
	requireSameEvents(t, "export read back", walkFile(t, path, 50), want)
}

// A saved API page, a JSON array of entries and entries one per line read
// back as the API gave them.
func TestSavedPagesAndArraysReadBack(t *testing.T) {
	em, src := startEmulator(t, intercomemu.Options{Events: 80, Seed: 5}, 60)
	page, err := src.Fetch(context.Background(), model.Query{}, "")
	if err != nil || len(page.Events) != 60 || page.Next == "" {
		t.Fatalf("first page: %d events, next %q, %v", len(page.Events), page.Next, err)
	}
	want := page.Events

	// The response to the same request, saved as it came.
	req := em.Requests()[0]
	srv := sourcetest.Serve(t, em)
	hr, err := http.NewRequest(http.MethodGet, srv.URL+req.Path+"?"+req.RawQuery, nil)
	if err != nil {
		t.Fatal(err)
	}
	hr.Header.Set("Authorization", "Bearer "+testToken)
	resp, err := http.DefaultClient.Do(hr)
	if err != nil {
		t.Fatal(err)
	}
	saved, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 || !bytes.Contains(saved, []byte(`"pages"`)) {
		t.Fatalf("saving the page: HTTP %d, %v: %.200s", resp.StatusCode, err, saved)
	}

	var raws [][]byte
	for _, e := range want {
		raws = append(raws, e.Raw)
	}
	array := append(append([]byte("["), bytes.Join(raws, []byte(",\n  "))...), ']')
	lines := append(bytes.Join(raws, []byte("\n")), '\n')
	var indented bytes.Buffer
	if err := json.Indent(&indented, saved, "", "  "); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string][]byte{
		"saved API page":            saved,
		"saved API page, no type":   bytes.Replace(saved, []byte(`"type":"activity_log.list",`), nil, 1),
		"JSON array of entries":     array,
		"entries one per line":      lines,
		"with a byte order mark":    append([]byte("\xef\xbb\xbf"), saved...),
		"saved API page, indented":  indented.Bytes(),
		"array in pages of 7 bytes": array, // read in small pages
	} {
		t.Run(name, func(t *testing.T) {
			got := walkFile(t, writeFile(t, "saved.json", body), 7)
			if name == "saved API page, indented" {
				// Indenting changes the entries' bytes, not what they say.
				for i := range got {
					got[i].Raw, want[i].Raw = sourcetest.CompactJSON(got[i].Raw), sourcetest.CompactJSON(want[i].Raw)
				}
			}
			requireSameEvents(t, name, got, want)
		})
	}
}

func TestCodecRecognises(t *testing.T) {
	c := Codec()
	if c.Provider != "intercom" || c.Entry == nil || c.Page == nil || c.Detect == nil {
		t.Fatalf("codec %+v is incomplete", c)
	}
	for body, want := range map[string]int{
		`{"type":"activity_log.list","activity_logs":[{"id":"1"},{"id":"2"}],"pages":null}`: 2,
		`{"activity_logs":[{"id":"1"}]}`:                                     1,
		`{"type":"activity_log.list","pages":{"next":null}}`:                 0,
		`{"type":"activity_log.list","activity_logs":null}`:                  0,
		`{"type":"error.list","errors":[{"code":"unauthorized"}]}`:           -1,
		`{"type":"admin.list","activity_logs":[]}`:                           -1,
		`{"type":"activity_log.list","activity_logs":{"id":"1"}}`:            -1,
		`{"audit_trail":[]}`:                                                 -1,
		`[{"id":"1"}]`:                                                       -1,
		`{"type":"activity_log.list","activity_logs":[{"id":"1"}],"pages":{`: -1,
	} {
		entries, ok := c.Page([]byte(body))
		if got := len(entries); (want < 0 && ok) || (want >= 0 && (!ok || got != want)) {
			t.Errorf("Page(%s) = %d entries, %v; want %d", body, got, ok, want)
		}
	}
	em := intercomemu.New(intercomemu.Options{Events: 5, Now: testNow})
	raw, _ := em.Entries()[0].MarshalJSON()
	if !c.Detect(sourcetest.Keys(raw)) {
		t.Errorf("Detect refuses an entry: %s", raw)
	}
	for _, other := range []string{
		`{"id":1,"action_type":"user_login","flock_id":"x"}`, // Canary
		`{"activity_type":"x"}`,
		`{"performed_by":{}}`,
	} {
		if c.Detect(sourcetest.Keys([]byte(other))) {
			t.Errorf("Detect takes %s for an Intercom entry", other)
		}
	}
}
