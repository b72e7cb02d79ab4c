package main

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
)

const testToken = "tok-bench"

// answerOf is one handler's answer to a GET of path?query with header.
func answerOf(t *testing.T, h http.Handler, query url.Values, header map[string]string) (int, string, string) {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, "/api/v1/audit_trail/fetch?"+query.Encode(), nil)
	for k, v := range header {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Code, w.Header().Get("Content-Type"), w.Body.String()
}

// TestFastFetchAnswersAsTheEmulator walks the log both ways, through the
// emulator and through emuserve's fast path, and holds every answer to be
// the same bytes: first pages of several sizes, every next cursor to the
// end, prev cursors, cursors made up at the edges, and the requests the
// fast path leaves to the emulator (filters, bad tokens, bad cursors).
func TestFastFetchAnswersAsTheEmulator(t *testing.T) {
	f := newServer(2_345, testToken, 0)
	emu := f.emu
	hdr := map[string]string{"X-Canary-Auth-Token": testToken}
	same := func(what string, q url.Values, header map[string]string) map[string]any {
		t.Helper()
		s1, ct1, b1 := answerOf(t, emu, q, header)
		s2, ct2, b2 := answerOf(t, f, q, header)
		if s1 != s2 || ct1 != ct2 || b1 != b2 {
			t.Fatalf("%s (%s): the emulator answers %d %q %.300s\nthe fast path %d %q %.300s", what, q.Encode(), s1, ct1, b1, s2, ct2, b2)
		}
		var body map[string]any
		if err := json.Unmarshal([]byte(b1), &body); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return body
	}
	cursors := func(body map[string]any) (next, prev string) {
		c, _ := body["cursor"].(map[string]any)
		next, _ = c["next"].(string)
		prev, _ = c["prev"].(string)
		return next, prev
	}

	for _, limit := range []string{"", "1", "7", "100", "1000", "5000"} {
		q := url.Values{}
		if limit != "" {
			q.Set("limit", limit)
		}
		body := same("first page, limit "+limit, q, hdr)
		seen := len(body["audit_trail"].([]any))
		pages := 1
		var prevs []string
		for {
			next, prev := cursors(body)
			if prev != "" {
				prevs = append(prevs, prev)
			}
			if next == "" || pages > 3000 {
				break
			}
			q := url.Values{"cursor": {next}}
			if pages%2 == 0 {
				q.Set("limit", "3") // allowed with a cursor by emuserve's emulator, and ignored
			}
			body = same("next page", q, hdr)
			seen += len(body["audit_trail"].([]any))
			pages++
		}
		if want := len(f.entries); seen != want {
			t.Fatalf("limit %q: the walk saw %d entries, the log holds %d", limit, seen, want)
		}
		for i, p := range prevs {
			if i%7 == 0 || i == len(prevs)-1 {
				same("prev page", url.Values{"cursor": {p}}, hdr)
			}
		}
	}
	top := f.entries[0].ID
	for _, raw := range []string{
		"0:0:100:3:2:24", "0:1:100:3:2:24", "0:999999:100:3:2:24", "1:999999:100:3:5:24", "1:1:10:3:3:3",
		"1:0:10:3:1:3", "0:" + itoa(top) + ":1000:3:2:3", "0:" + itoa(top+1) + ":50:3:9:1",
	} {
		same("cursor "+raw, url.Values{"cursor": {base64.StdEncoding.EncodeToString([]byte(raw))}}, hdr)
	}
	if f.fast.Load() == 0 {
		t.Fatal("no request took the fast path: the test compared the emulator with itself")
	}

	before := f.fast.Load()
	for _, c := range []struct {
		what   string
		q      url.Values
		header map[string]string
	}{
		{"auth_token", url.Values{"auth_token": {testToken}, "limit": {"50"}}, nil},
		{"a filter", url.Values{"action_filter": {"canary_login"}, "limit": {"50"}}, hdr},
		{"a search", url.Values{"search_term": {"ssh"}}, hdr},
		{"dates", url.Values{"start_date": {"2026-11-01"}, "end_date": {"2026-11-19"}}, hdr},
		{"after_id", url.Values{"after_id": {"2000"}}, hdr},
		{"after_id with a cursor", url.Values{"after_id": {"1"}, "cursor": {base64.StdEncoding.EncodeToString([]byte("0:100:10:3:2:3"))}}, hdr},
		{"a bad token", url.Values{}, map[string]string{"X-Canary-Auth-Token": "nope"}},
		{"no token", url.Values{}, nil},
		{"a bad cursor", url.Values{"cursor": {"bm90IGEgY3Vyc29y"}}, hdr},
		{"a bad limit", url.Values{"limit": {"0"}}, hdr},
	} {
		same(c.what, c.q, c.header)
	}
	if got := f.fast.Load() - before; got != 1 {
		t.Errorf("%d of those took the fast path; want 1 (the auth_token one): the rest are the emulator's", got)
	}
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

func TestRawPerEvent(t *testing.T) {
	f := newServer(500, testToken, 0)
	total := 0
	for _, e := range f.entries {
		b, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		total += len(b)
	}
	// json.Marshal escapes < > & where the console does not: never shorter.
	if got, most := f.rawPerEvent(), float64(total)/float64(len(f.entries)); got <= 100 || got > most {
		t.Errorf("rawPerEvent %.1f; want above 100 and at most json.Marshal's %.1f", got, most)
	}
}
