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
	"github.com/trail-dev/trail/sources/domo/domoemu"
	"github.com/trail-dev/trail/sources/intercom"
	"github.com/trail-dev/trail/sources/intercom/intercomemu"
	"github.com/trail-dev/trail/sources/qualtrics"
	"github.com/trail-dev/trail/sources/qualtrics/qualtricsemu"
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
	`{"actionType":"LOGIN","time":"2017-12-13 10:57:35 PM","userName":"bob","userId":9,"actorId":8,"actorName":"","eventText":"","objectType":"","objectName":"x","objectId":""}`,
	`{"actionType":"LOGIN","time":"soon","userName":"bob","userId":"0","actorId":"7","actorType":"admin","objectId":"1","browserDetails":{},"device":"d"}`,
	`{"performed_by":"admin","activity_type":"x","created_at":"later","metadata":[1]}`,
	`{"performed_by":{"id":7,"email":[],"name":"Al","ip":true},"activity_type":{},"id":1,"created_at":-1,"metadata":{"message":{"id":5},"team":{"name":"T"}}}`,
	`{"performed_by":{"id":"7"},"activity_type":"app_name_change","metadata":{"team":{"id":"t9"},"before":"a","after":"b","setting_type":"s"}}`,
	`{"id":"q1","timestamp":"2026-11-20T10:00:00Z","datacenter":"fra1","descriptor":{"userId":"UR_1","isSuccessful":"false","failureReason":"bad","product":"XM","authentication":{"Method":"","SecondFactor":{}},"isProxyLogin":true,"location":{"City":" Hoboken ","Region":"NJ"},"platform":{"UserAgent":"Chrome","OperatingSystem":"OS X","OperatingSystemVersion":"10.15"}}}`,
	`{"id":"q2","timestamp":"2026-11-20T10:00:00Z","datacenter":"fra1","descriptor":{"userId":"UR_1","isSuccessful":true,"product":"XM","authentication":{"Method":"SSO","SecondFactor":"TOTP"},"platform":"Firefox","location":"somewhere"}}`,
	`{"id":"q3","timestamp":"x","datacenter":"fra1","descriptor":{"sessionId":"S1","terminationTimestamp":"2026-11-20T11:00:00Z","userId":"UR_2"}}`,
	`{"id":"q4","timestamp":1,"datacenter":"fra1","descriptor":{"sessionId":{},"terminationTimestamp":null}}`,
	`{"id":"q5","timestamp":"2026-11-20T10:00:00Z","datacenter":"fra1","descriptor":{"agentUserId":"UR_9","reason":"forgot","userId":"UR_1"}}`,
	`{"id":"q6","timestamp":"2026-11-20T10:00:00Z","datacenter":"fra1","descriptor":{"k":"v","n":1,"b":false,"o":{},"brandId":"b","userId":"u"}}`,
	`{"id":["q7"],"timestamp":"2026-11-20T10:00:00Z","datacenter":"fra1","descriptor":"text"}`,
	`{"event_id":12345678901234567890}`,
	`null`, `{}`, `[1,2]`, `"s"`, `{"a":`, `{"a" 1}`, `tru`, `nul`, `{"a":1}x`, `{"a":1 "b":2}`, `[1 2]`, `{"a":tx}`, `{"a":"\q"}`, `{"a":1.}`, `{"a":1e}`, `{"a":nulx}`, `{'a':1}`, `{"a":"b`, `12e`,
	`{"a":` + strings.Repeat("[", 20000) + `}`,
	`{"action_type":"` + strings.Repeat("x", 200) + `","timestamp":"` + strings.Repeat("y", 60) + `"}`,
}

// canaryEntries are entries from the Canary emulator, as its API sends them.
func canaryEntries(t *testing.T, n int) [][]byte {
	t.Helper()
	srv := httptest.NewServer(canaryemu.New(canaryemu.Options{Token: "t", Now: emuNow, Events: n, Seed: 5}))
	defer srv.Close()
	return rawsOf(t, canary.New(canary.Config{Common: transport.Common{BaseURL: srv.URL}, Token: "t"}), model.Query{})
}

// emuNow is the emulators' now.
var emuNow = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

// providerEntries are entries of every provider's emulator, as its API
// sends them: Canary's, Domo's, Intercom's, and Qualtrics' of every
// activity type.
func providerEntries(t *testing.T, n int) [][]byte {
	t.Helper()
	out := canaryEntries(t, n)
	domoSrv := httptest.NewServer(domoemu.New(domoemu.Options{ClientID: "c", ClientSecret: "s", Now: emuNow, Events: n, Seed: 5}))
	defer domoSrv.Close()
	out = append(out, rawsOf(t, domo.New(domo.Config{Common: transport.Common{BaseURL: domoSrv.URL, Now: func() time.Time { return emuNow }}, ClientID: "c", ClientSecret: "s"}),
		model.Query{Since: emuNow.Add(-29 * 24 * time.Hour)})...)
	icSrv := httptest.NewServer(intercomemu.New(intercomemu.Options{Token: "t", Now: emuNow, Events: n, Seed: 5}))
	defer icSrv.Close()
	out = append(out, rawsOf(t, intercom.New(intercom.Config{Common: transport.Common{BaseURL: icSrv.URL, Now: func() time.Time { return emuNow }}, Token: "t"}),
		model.Query{Since: emuNow.Add(-29 * 24 * time.Hour)})...)
	qSrv := httptest.NewServer(qualtricsemu.New(qualtricsemu.Options{Token: "t", Now: emuNow, Events: n, Seed: 5, Span: 5 * 24 * time.Hour}))
	defer qSrv.Close()
	out = append(out, rawsOf(t, qualtrics.New(qualtrics.Config{Common: transport.Common{BaseURL: qSrv.URL, Now: func() time.Time { return emuNow }}, Token: "t", ActivityType: qualtrics.AllTypes}),
		model.Query{Since: emuNow.Add(-6 * 24 * time.Hour)})...)
	return out
}

// rawsOf walks src with q and returns each event's raw entry.
func rawsOf(t *testing.T, src sources.Source, q model.Query) [][]byte {
	t.Helper()
	var out [][]byte
	if err := sources.Walk(context.Background(), src, q, sources.WalkOptions{Attempts: 1}, func(evs []model.Event) error {
		for _, e := range evs {
			out = append(out, e.Raw)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatalf("%T gave no entries", src)
	}
	return out
}

func TestPrefilterNeverDropsTextAnEventHolds(t *testing.T) {
	s := everyCodec()
	for _, raw := range oddEntries {
		requireNoFieldTextDropped(t, s, []byte(raw), 24)
	}
	for _, raw := range providerEntries(t, 20) {
		requireNoFieldTextDropped(t, s, raw, 16)
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
			"team 5", "message ", "(via user", "user 9", "Intro\" (7", "\" (", "Logged in to", "Login (", "in, as a proxy", "second factor",
			"factor used", "Hoboken, NJ", "Chrome 86.0 on", "0 on OS", "Session started, session", "ended at 2026", "00 UTC",
			"Password reset: ", "(by ", "Password changed", "=", "k=v", "logins", "session_terminations", "password_resets",
			"created_at: time", "descriptor is not", "metadata is not", "performed_by is not", "time: time", "beef", "0",
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
	plainDomo := []byte(`{"actionType":"VIEWED","actorId":0,"eventText":"Viewed page","ipAddress":"198.51.100.23","objectId":"663909457","objectName":"Intro to Domo","objectType":"PAGE","time":1513205855000,"userId":3,"userName":"alice"}`)
	plainIntercom := []byte(`{"id":"1","activity_type":"admin_login_success","activity_description":"Alice logged in","created_at":1700000000,"metadata":{"team":{"id":5}},"performed_by":{"id":"7","email":"alice@example.com","ip":"198.51.100.23","type":"admin"}}`)
	plainQualtrics := []byte(`{"id":"x1","timestamp":"2026-11-20T10:00:00Z","datacenter":"fra1","descriptor":{"userId":"UR_1","username":"alice","isSuccessful":true,"location":{"City":"Hoboken","Region":"NJ","CountryCode":"US"},"platform":{"UserAgent":"Chrome","UserAgentVersion":"86.0"}}}`)
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
		// Domo's, Intercom's and Qualtrics' entries as their APIs send them,
		// each codec's words listed: skipped for text none of them holds or
		// could make up, kept for text its decoder writes.
		{model.Query{Text: "bob"}, []byte(`{"actionType":"x","time":1}`), true},
		{model.Query{Text: "zzqxnomatch"}, plainDomo, true},
		{model.Query{Text: "zzqxnomatch"}, plainIntercom, true},
		{model.Query{Text: "zzqxnomatch"}, plainQualtrics, true},
		{model.Query{Actor: "bob"}, plainDomo, true},
		{model.Query{Actor: "bob"}, plainIntercom, true},
		{model.Query{Actor: "bob"}, plainQualtrics, true},
		{model.Query{Text: "failed login"}, plainDomo, true},
		{model.Query{Text: "PAGE \"Intro"}, plainDomo, false},                               // Domo's target: PAGE "Intro to Domo" (663909457)
		{model.Query{Text: "(via"}, plainDomo, false},                                       // someone acting for the user
		{model.Query{Text: "beef"}, plainDomo, false},                                       // could be in the id, a hash Domo's codec writes
		{model.Query{Text: "message 5"}, plainIntercom, false},                              // a target named by its id
		{model.Query{Text: "Login failed"}, plainQualtrics, false},                          // a login's summary
		{model.Query{Text: "Hoboken, NJ"}, plainQualtrics, false},                           // a location, joined
		{model.Query{Text: "session_terminations"}, plainQualtrics, false},                  // the activity type, guessed
		{model.Query{Text: "failed login"}, plain, true},                                    // Qualtrics' words are not Canary's
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
	for _, raw := range providerEntries(t, 150) {
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
		{Text: "Logged in to"}, {Text: "team "}, {Text: "via user"}, {Text: "second factor"}, {Text: "Session ended at"}, {Text: "beef"},
		{Action: "logins"}, {Target: "PAGE \""},
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
	for _, raw := range oddEntries[len(oddEntries)-14:] {
		f.Add([]byte(raw), "session")
	}
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
func randomEntry(r *rand.Rand) []byte { return randomEntryOf(r, shapes[0]) }

// shape is the members of one provider's entries: keys, and objects of
// keys within them; the first key is always there (the codec's own).
type shape struct {
	keys    []string
	objects map[string]shape
}

// shapes are the entries of Canary, Domo, Intercom and Qualtrics.
var shapes = []shape{
	{keys: []string{"action_type", "id", "timestamp", "user", "flock_id", "flock_name", "message", "user_ip", "user_browser_agent"}},
	{keys: []string{"actionType", "time", "userName", "userId", "actorId", "actorName", "actorType", "objectType", "objectName", "objectId",
		"additionalComment", "eventText", "ipAddress", "browserDetails", "device"}},
	{keys: []string{"activity_type", "performed_by", "id", "activity_description", "created_at", "metadata"}, objects: map[string]shape{
		"performed_by": {keys: []string{"id", "email", "name", "ip", "type"}},
		"metadata": {keys: []string{"team", "message", "setting_type", "before", "after"}, objects: map[string]shape{
			"team": {keys: []string{"id", "name"}}, "message": {keys: []string{"id", "title"}}}},
	}},
	{keys: []string{"descriptor", "datacenter", "timestamp", "id"}, objects: map[string]shape{
		"descriptor": {keys: []string{"userId", "username", "ipAddress", "isSuccessful", "failureReason", "isProxyLogin", "product", "sessionId",
			"terminationTimestamp", "agentUserId", "reason", "brandId", "k", "location", "platform", "authentication"}, objects: map[string]shape{
			"location":       {keys: []string{"City", "Region", "CountryCode"}},
			"platform":       {keys: []string{"UserAgent", "UserAgentVersion", "OperatingSystem", "OperatingSystemVersion"}},
			"authentication": {keys: []string{"Method", "SecondFactor"}},
		}},
	}},
}

// randomEntryOf is an entry of shape sh whose fields hold any JSON type.
func randomEntryOf(r *rand.Rand, sh shape) []byte {
	word := func() string {
		const letters = "abcdeKkSsz019 .:-@_()+;e=,"
		b := make([]byte, r.IntN(12))
		for i := range b {
			b[i] = letters[r.IntN(len(letters))]
		}
		return string(b)
	}
	var value func(depth int) any
	value = func(depth int) any {
		switch r.IntN(10) {
		case 0:
			return nil
		case 1:
			return r.IntN(2) == 0
		case 2:
			return r.Int64N(1 << 62)
		case 3:
			return json.Number([]string{"9300000000000000000.5", "1e400", "-1.5e3", "0.25", "123456789012", "0"}[r.IntN(6)])
		case 4:
			if depth < 2 {
				return map[string]any{word(): value(depth + 1)}
			}
		case 5:
			if depth < 2 {
				return []any{value(depth + 1), word()}
			}
		case 6:
			return []string{"2026-10-01 00:00:01 UTC+0000", "2026-10-01T00:00:01Z", "", "yesterday", "13/45/2026", "true", "false"}[r.IntN(7)]
		}
		return word()
	}
	var object func(sh shape, depth int) map[string]any
	object = func(sh shape, depth int) map[string]any {
		entry := map[string]any{}
		for i, k := range sh.keys {
			if i > 0 && r.IntN(4) == 0 {
				continue
			}
			if inner, ok := sh.objects[k]; ok && r.IntN(4) > 0 {
				entry[k] = object(inner, depth+1)
			} else {
				entry[k] = value(depth)
			}
		}
		return entry
	}
	entry := object(sh, 0)
	for _, k := range sh.keys[:min(3, len(sh.keys))] { // the codec's keys, so it reads the entry
		if _, ok := entry[k]; !ok {
			entry[k] = value(0)
		}
	}
	b, _ := json.Marshal(entry)
	return b
}

func TestPrefilterNeverDropsTextOfRandomEntries(t *testing.T) {
	s := everyCodec()
	r := rand.New(rand.NewPCG(21, 1))
	for _, sh := range shapes {
		for range 120 {
			requireNoFieldTextDropped(t, s, randomEntryOf(r, sh), 12)
		}
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
