package file

import (
	"bytes"
	"context"
	"encoding/json"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/canary"
	"github.com/trail-dev/trail/sources/canary/canaryemu"
	"github.com/trail-dev/trail/sources/domo"
	"github.com/trail-dev/trail/sources/intercom"
	"github.com/trail-dev/trail/sources/qualtrics"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

// everyCodec is a Source reading with every provider's codec, as trail's
// file provider does.
func everyCodec() *Source {
	s := &Source{codecs: map[string]sources.Codec{}}
	for _, c := range []sources.Codec{canary.Codec(), domo.Codec(), intercom.Codec(), qualtrics.Codec()} {
		s.codecs[c.Provider] = c
		s.order = append(s.order, c)
	}
	return s
}

// queriesOf are the queries that look for text in an event, each naming
// text: every part the prefilter checks.
func queriesOf(text string) []model.Query {
	return []model.Query{
		{Text: text}, {Actor: text}, {Actor: text, ActorExact: true}, {Action: text}, {Target: text}, {IP: text},
	}
}

// requireNotDropped fails when the prefilter rules raw out for a query
// the decoded entry matches.
func requireNotDropped(t *testing.T, s *Source, raw []byte, text string) {
	t.Helper()
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return
	}
	e := s.decode(raw)
	for _, q := range queriesOf(text) {
		if q.Matches(&e) && s.newPrefilter(q).excludes(raw) {
			t.Fatalf("the prefilter drops %q, which matches %+v:\n%+v", raw, q, e)
		}
	}
}

// prefilters are the text prefilters of everyCodec made so far, by text.
var prefilters = map[string]*prefilter{}

// textPrefilter is s.newPrefilter for a text query, made once per text.
func textPrefilter(s *Source, text string) *prefilter {
	p, ok := prefilters[text]
	if !ok {
		p = s.newPrefilter(model.Query{Text: text})
		prefilters[text] = p
	}
	return p
}

// fieldsOf are the texts Event.Contains searches besides Raw.
func fieldsOf(e model.Event) []string {
	return []string{e.Actor, e.ActorID, e.Action, e.Target, e.Summary, e.IP, e.Client, e.Location, e.ID}
}

// requireNoFieldTextDropped asks, for every piece of every text field of
// raw's event (up to longest bytes, on character boundaries, in its own case and
// in upper case), whether the prefilter would drop raw: it must not, since
// the event holds that text.
func requireNoFieldTextDropped(t *testing.T, s *Source, raw []byte, longest int) {
	t.Helper()
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return
	}
	e := s.decode(raw)
	for _, f := range fieldsOf(e) {
		for i := 0; i < len(f); i++ {
			if !utf8.RuneStart(f[i]) {
				continue
			}
			for j := i + 1; j <= len(f) && j-i <= longest; j++ {
				if j < len(f) && !utf8.RuneStart(f[j]) {
					continue
				}
				for _, text := range []string{f[i:j], strings.ToUpper(f[i:j])} {
					if !e.Contains(text) {
						continue // upper case that folds elsewhere (ß → SS)
					}
					if textPrefilter(s, text).excludes(raw) {
						t.Fatalf("the prefilter drops %q for %q, which its event holds:\n%+v", raw, text, e)
					}
				}
			}
		}
	}
}

// oddEntries are entries whose events hold text their bytes do not: notes
// on what could not be read, errors, numbers trail formats, escapes, case
// that folds beyond ASCII, other providers' composed fields.
var oddEntries = []string{
	`{"action_type":"user_login","user":{"a":1},"timestamp":"yesterday at noon","message":"m"}`,
	`{"action_type":"user_login","user":[1],"flock_id":{},"timestamp":9300000000000000000.5,"message":"m"}`,
	`{"action_type":"x","timestamp":"9999999999999999999999999","user_ip":"1.2.3.4"}`,
	`{"action_type":"x","timestamp":1e400,"user_ip":"1.2.3.4"}`,
	`{"action_type":"x","timestamp":"","message":"","user_browser_agent":[]}`,
	`{"action_type":"x","timestamp":{"a":"b c"},"message":"m"}`,
	`{"action_type":"x","timestamp":["2026-10-01",1],"message":"m"}`,
	`{"action_type":"x","timestamp":true,"user":false,"id":-1.5e3}`,
	`{"action_type":"x","timestamp":"0123456789012345678901234567890123456789012345","message":7}`,
	`{"action_type":"x","message":"caf\u00e9 \"quoted\" \\ back"}`,
	`{"action_type":"x","message":"the \u212aelvin sign and \u017f"}`,
	`{"action_type":"x","message":"Kelvin: ` + "\u212a" + ` long s: ` + "\u017f" + `"}`,
	`{"action_type":"x","user":"ALICE@EXAMPLE.COM","user_ip":"::1"}`,
	`{"actionType":"VIEWED","time":1513205855000,"userName":"a","objectType":"PAGE","objectName":"Intro","objectId":"7","actorId":9,"userId":3}`,
	`{"actionType":"VIEWED","time":"bad","userName":{"x":1}}`,
	`{"performed_by":{"id":"1","email":"e@x.io","ip":"1.1.1.1"},"activity_type":"admin_login_failure","created_at":1,"metadata":{"a":"b"}}`,
	`{"descriptor":{"username":"u","isSuccessful":false,"failureReason":"bad password"},"datacenter":"fra1","timestamp":"2026-11-20T10:00:00Z","id":"x"}`,
	`{"source":"p","provider":"canary","id":"1","time":"2026-11-20T10:00:00Z","raw":{"id":1,"action_type":"user_login","timestamp":"bad"}}`,
	`{"source":"p","provider":"nobody","summary":"s","raw":"text"}`,
	`{"source":"p","provider":"canary","id":5,"raw":{}}`,
	`{"id":"a","uuid":"b","time":"2026-11-20T10:00:00Z"}`,
	`{"event_id":12345678901234567890}`,
	`null`, `{}`, `[1,2]`, `"s"`, `{"a":`, `{"a" 1}`, `tru`, `nul`, `{"a":1}x`, `{"a":1 "b":2}`, `[1 2]`, `{"a":tx}`, `{"a":"\q"}`, `{"a":1.}`, `{"a":1e}`, `{"a":nulx}`, `{'a':1}`, `{"a":"b`, `12e`,
	`{"a":` + strings.Repeat("[", 20000) + `}`,
	`{"action_type":"` + strings.Repeat("x", 200) + `","timestamp":"` + strings.Repeat("y", 60) + `"}`,
}

// canaryEntries are entries from the Canary emulator, as its API sends them.
func canaryEntries(t *testing.T, n int) [][]byte {
	t.Helper()
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	srv := httptest.NewServer(canaryemu.New(canaryemu.Options{Token: "t", Now: now, Events: n, Seed: 5}))
	defer srv.Close()
	src := canary.New(canary.Config{Common: transport.Common{BaseURL: srv.URL}, Token: "t"})
	evs, err := sourcetest.Walked(context.Background(), src, model.Query{}, sources.WalkOptions{Attempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	out := make([][]byte, len(evs))
	for i, e := range evs {
		out[i] = e.Raw
	}
	return out
}

func TestPrefilterNeverDropsTextAnEventHolds(t *testing.T) {
	s := everyCodec()
	for _, raw := range oddEntries {
		requireNoFieldTextDropped(t, s, []byte(raw), 24)
	}
	for _, raw := range canaryEntries(t, 60) {
		requireNoFieldTextDropped(t, s, raw, 24)
	}
}

func TestPrefilterNeverDropsAMatch(t *testing.T) {
	s := everyCodec()
	for _, raw := range oddEntries {
		for _, text := range []string{
			"could not", "not text", "user is", "(user ", "object, not", "in no known format", "noon\" is",
			"9.3e+18", "e+1", "9.3", "out of range", "invalid character", "unexpected end", "unknown provider",
			"café", "CAFÉ", `"quoted"`, `\`, "kelvin", "k", "s", "ſ", "K", "alice", "(via", "PAGE \"Intro\"",
			"bad password", "Login failed", "it is a JSON", "empty (null)", "…", "1234567890123456789",
		} {
			requireNotDropped(t, s, []byte(raw), text)
		}
	}
}

// TestPrefilterSkipsWhatCannotMatch: the prefilter does rule out a plain
// entry without the text, so the fast path is the one taken; and it keeps
// those it cannot judge.
func TestPrefilterSkipsWhatCannotMatch(t *testing.T) {
	s := everyCodec()
	plain := []byte(`{"action_type":"user_login","id":7,"message":"User alice logged in","timestamp":"2026-10-01 00:00:01 UTC+0000","user":"alice@example.com","user_ip":"198.51.100.23"}`)
	for _, c := range []struct {
		q    model.Query
		raw  []byte
		skip bool
	}{
		{model.Query{Text: "zzqxnomatch"}, plain, true},
		{model.Query{Text: "bob"}, plain, true},
		{model.Query{Text: "Safari"}, plain, true}, // words of notes and errors, but not across a seam
		{model.Query{Text: "failed login"}, plain, true},
		{model.Query{Action: "user_logout"}, plain, true},
		{model.Query{Actor: "bob@example.com"}, plain, true},
		{model.Query{IP: "203.0.113.58"}, plain, true},
		{model.Query{Text: "alice"}, plain, false},
		{model.Query{Text: "ALICE"}, plain, false},
		{model.Query{Text: "bob", Actor: "alice"}, plain, true}, // every part must be there
		{model.Query{Text: "not text"}, plain, false},           // could be a problem note's
		{model.Query{Text: "7.5"}, plain, false},                // could be a number trail formats
		{model.Query{Text: "bob"}, []byte(`{"action_type":"x","user":"caf\u00e9"}`), false},
		{model.Query{Text: "bob"}, []byte(`{"action_type":"x","user":"café"}`), false},
		{model.Query{Text: "bob"}, []byte(`{"actionType":"x","time":1}`), false},            // Domo's words are not listed
		{model.Query{Text: "bob"}, []byte(`{"source":"s","provider":"p","raw":{}}`), false}, // a trail record
		{model.Query{Text: "ſ"}, plain, false},                                              // folds to s
	} {
		if got := s.newPrefilter(c.q).excludes(c.raw); got != c.skip {
			t.Errorf("%+v on %s: excludes = %v, want %v", c.q, c.raw, got, c.skip)
		}
	}
	if s.newPrefilter(model.Query{}) != nil {
		t.Error("a query without text has a prefilter")
	}
}

// TestFilteredWalkIsTheDecodedWalk: a file walked with a query gives the
// events that decoding every entry and matching it gives, in order, for
// text found, not found, and found only in what a decoder writes.
func TestFilteredWalkIsTheDecodedWalk(t *testing.T) {
	s := everyCodec()
	var lines [][]byte
	for _, raw := range canaryEntries(t, 400) {
		lines = append(lines, raw)
	}
	for _, raw := range oddEntries {
		lines = slices.Insert(lines, len(lines)/2, []byte(raw))
	}
	path := filepath.Join(t.TempDir(), "log.jsonl")
	if err := os.WriteFile(path, append(bytes.Join(lines, []byte("\n")), '\n'), 0o600); err != nil {
		t.Fatal(err)
	}
	src, err := Open(path, 37, canary.Codec(), domo.Codec(), intercom.Codec(), qualtrics.Codec())
	if err != nil {
		t.Fatal(err)
	}
	var all []model.Event
	for _, l := range lines {
		if len(bytes.TrimSpace(l)) > 0 {
			all = append(all, s.decode(bytes.TrimSpace(l)))
		}
	}
	for _, q := range []model.Query{
		{Text: "zzqxnomatch"}, {Text: "login"}, {Text: "could not read"}, {Text: "café"}, {Text: "object, not"},
		{Actor: "alice"}, {IP: "1.2.3.4"}, {Action: "USER_LOGIN"}, {Text: "unknown provider"},
	} {
		got, err := sourcetest.Walked(context.Background(), src, q, sources.WalkOptions{Attempts: 1})
		if err != nil {
			t.Fatal(err)
		}
		want := sources.Trim(slices.Clone(all), q)
		if len(got) != len(want) {
			t.Fatalf("%+v: %d events, want %d", q, len(got), len(want))
		}
		for i := range got {
			if !bytes.Equal(got[i].Raw, want[i].Raw) || got[i].Summary != want[i].Summary {
				t.Fatalf("%+v: event %d is %s, want %s", q, i, got[i].Raw, want[i].Raw)
			}
		}
	}
}

// FuzzPrefilter: for any entry and text, the prefilter never drops an
// entry whose event matches, nor one holding a piece of its own fields.
// go test ./sources/file -run '^$' -fuzz FuzzPrefilter -fuzztime 1m
func FuzzPrefilter(f *testing.F) {
	for _, raw := range oddEntries[:20] {
		f.Add([]byte(raw), "could not")
	}
	f.Add([]byte(`{"action_type":"a","user":"B"}`), "b")
	s := everyCodec()
	f.Fuzz(func(t *testing.T, raw []byte, text string) {
		if !json.Valid(raw) && len(raw) > 4096 {
			return
		}
		requireNotDropped(t, s, raw, text)
		if len(raw) <= 256 {
			requireNoFieldTextDropped(t, s, raw, 6)
		}
	})
}

// randomEntry is a Canary-like entry whose fields hold any JSON type: the
// shapes a decoder writes notes about (an object for a name, a list for a
// time, a number past any date).
func randomEntry(r *rand.Rand) []byte {
	word := func() string {
		const letters = "abcdeKkSsz019 .:-@_()+;e"
		b := make([]byte, r.IntN(12))
		for i := range b {
			b[i] = letters[r.IntN(len(letters))]
		}
		return string(b)
	}
	var value func(depth int) any
	value = func(depth int) any {
		switch r.IntN(9) {
		case 0:
			return nil
		case 1:
			return r.IntN(2) == 0
		case 2:
			return r.Int64N(1 << 62)
		case 3:
			return json.Number([]string{"9300000000000000000.5", "1e400", "-1.5e3", "0.25", "123456789012"}[r.IntN(5)])
		case 4:
			if depth < 2 {
				return map[string]any{word(): value(depth + 1)}
			}
		case 5:
			if depth < 2 {
				return []any{value(depth + 1), word()}
			}
		case 6:
			return []string{"2026-10-01 00:00:01 UTC+0000", "2026-10-01T00:00:01Z", "", "yesterday", "13/45/2026"}[r.IntN(5)]
		}
		return word()
	}
	entry := map[string]any{"action_type": value(0)}
	for _, k := range []string{"id", "timestamp", "user", "flock_id", "flock_name", "message", "user_ip", "user_browser_agent"} {
		if r.IntN(4) > 0 {
			entry[k] = value(0)
		}
	}
	b, _ := json.Marshal(entry)
	return b
}

func TestPrefilterNeverDropsTextOfRandomEntries(t *testing.T) {
	s := everyCodec()
	r := rand.New(rand.NewPCG(21, 1))
	for range 400 {
		requireNoFieldTextDropped(t, s, randomEntry(r), 12)
	}
}

// TestPrefilterNeverDropsTextOfBrokenEntries: entries cut short, with a
// character put in, or of no provider, whose events say why they could not
// be read in encoding/json's words.
func TestPrefilterNeverDropsTextOfBrokenEntries(t *testing.T) {
	s := everyCodec()
	r := rand.New(rand.NewPCG(21, 2))
	for range 400 {
		b := randomEntry(r)
		switch r.IntN(4) {
		case 0:
			b = b[:r.IntN(len(b))]
		case 1:
			i := r.IntN(len(b))
			b = append(b[:i:i], append([]byte{" '\"{}[],:x1-.e"[r.IntN(14)]}, b[i:]...)...)
		case 2:
			b = bytes.Replace(b, []byte(`"action_type"`), []byte(`"kind"`), 1)
		}
		requireNoFieldTextDropped(t, s, b, 12)
	}
}
