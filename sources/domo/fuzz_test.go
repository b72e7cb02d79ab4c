package domo

import (
	"net/http"
	"testing"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources/domo/domoemu"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

// FuzzDecodePage feeds arbitrary responses to the page decoder: it must give
// entries or a *sources.Error, never panic, keep every entry it finds with
// an id, and never echo a credential.
// go test ./sources/domo -run '^$' -fuzz FuzzDecodePage -fuzztime 1m
func FuzzDecodePage(f *testing.F) {
	// Small seeds: the fuzzer minimises what it finds, slowly for big inputs.
	body := pageOf(domoemu.New(domoemu.Options{Events: 2, Seed: 1, Now: testNow, TimeForm: domoemu.TimeEpochMillis}))
	for _, seed := range []struct {
		status int
		body   string
	}{
		{200, string(body)},
		{200, `[` + docsEntry + `]`},
		{401, `{"status":401,"statusReason":"Internal Server Error","message":"x.UnauthorizedException: ` + testSecret + `","toe":"A-B"}`},
		{406, `<html><head><title>HTTP Status 406 – Not Acceptable</title></head></html>`},
		{200, string(body[:len(body)/2])},
		{200, ``},
		{200, `[null,1,"x",{"time":12,"userName":{}}]`},
		{400, `{"error":"invalid_scope","error_description":"Invalid scope: audit"}`},
	} {
		f.Add(seed.status, []byte(seed.body))
	}
	s := New(Config{Common: transport.Common{BaseURL: DefaultBaseURL}, ClientID: testClientID, ClientSecret: testSecret})
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		raws, err := s.decodePage(status, http.Header{"Retry-After": {"3"}}, body)
		err = s.redact(err) // as Fetch does
		if sourcetest.RequireFuzzedError(t, err, testSecret, testClientID) {
			return
		}
		evs := decodeEntries(raws, s.loc)
		seen := map[string]bool{}
		for i, e := range evs {
			if len(e.Raw) == 0 || e.ID == "" || seen[e.ID] {
				t.Fatalf("event %d lost its raw entry or has no unique id: %+v", i, e)
			}
			seen[e.ID] = true
		}
	})
}

// FuzzCursor: any string is a cursor this source made, for this query, or
// an error; never a panic.
func FuzzCursor(f *testing.F) {
	q := model.Query{Actor: "1619916076"}
	w := walk{Start: 1, End: 2, Page: 2, Offset: 7, Back: 1, Seen: []string{"abc"}}
	f.Add(w.encode(q))
	f.Add("domo1.")
	f.Add("not a cursor")
	f.Fuzz(func(t *testing.T, s string) {
		got, err := decodeCursor(s, q)
		if err == nil && (got.Page < 2 || got.Start >= got.End || len(got.Seen) == 0) {
			t.Fatalf("cursor %q decoded to an impossible walk %+v", s, got)
		}
	})
}
