package model

import (
	"strings"
	"testing"
	"time"
)

var queryNow = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

func mustQuery(t *testing.T, line string) Query {
	t.Helper()
	q, err := ParseQuery(line, queryNow, time.UTC)
	if err != nil {
		t.Fatalf("ParseQuery(%q): %v", line, err)
	}
	return q
}

func TestParseQueryMatches(t *testing.T) {
	t.Parallel()
	alice := Event{ID: "1", Time: queryNow.Add(-time.Hour), Action: "user_login_failure", Actor: "Alice@Example.com", ActorID: "1619916076",
		IP: "198.51.100.7", Target: "flock:default", Client: "Mozilla/5.0 Firefox", Location: "Berlin, DE", Outcome: OutcomeFailure,
		Summary: "Login failed for alice", Source: "prod", Provider: "canary", Raw: []byte(`{"user_browser_language":"en-GB"}`)}
	backup := Event{ID: "2", Time: queryNow.Add(-10 * 24 * time.Hour), Action: "user_login_failure", Actor: "svc-backup", IP: "203.0.113.9",
		Outcome: OutcomeFailure, Summary: "Login failed", Raw: []byte(`{}`)}
	v6 := Event{ID: "3", Time: queryNow.Add(-time.Minute), Action: "user_login", Actor: "bob", IP: "2001:DB8::5", Outcome: OutcomeSuccess, Raw: []byte(`{}`)}
	none := Event{ID: "4", Action: "flock_move", Raw: []byte(`{}`)}
	all := []Event{alice, backup, v6, none}
	tests := []struct {
		line string
		want string // the ids matched, in order
	}{
		{"", "1234"},
		{"actor:Alice@Example.com", "1"},
		{"actor:alice@example.com", ""}, // an actor equality keeps case, as a pivot's
		{"actor:1619916076", "1"},
		{"actor~alice", "1"},
		{"actor~161991607", ""}, // an id is never matched in part
		{"actor_id:1619916076", "1"},
		{"actor:alice*", "1"},
		{"actor:/^svc-/", "2"},
		{"-actor:svc-backup", "134"},
		{"actor:bob,svc-backup", "23"},
		{"action:USER_LOGIN_FAILURE", "12"},
		{"action:user_login", "3"},
		{"action~login", "123"},
		{"action:user_login*", "123"},
		{"-action:user_login*", "4"},
		{"outcome:failure", "12"},
		{"outcome:unknown", "4"},
		{"-outcome:failure", "34"},
		{"ip:203.0.113.0/24", "2"},
		{"-ip:203.0.113.0/24", "134"},
		{"ip:2001:db8::/32", "3"},
		{"ip:2001:db8::5", "3"},
		{"ip:198.51.100.7,203.0.113.9", "12"},
		{"ip~198.51", "1"},
		{"client~firefox", "1"},
		{"location:\"Berlin, DE\"", "1"},
		{"location:berlin*", "1"},
		{"source:prod", "1"},
		{"source:canary", "1"},
		{"target:FLOCK:default", "1"},
		{"failed", "12"},
		{"failed alice", "1"},
		{"\"failed for\"", "1"},
		{"-failed", "34"},
		{"en-gb", "1"},
		{"text:/en-GB/", "1"},
		{"log*fail", "12"},
		{"since:2h", "13"},
		{"until:2h", "2"},
		{"since:7d until:30m", "1"},
		{"since:" + alice.Time.Format(time.RFC3339Nano), "13"},
		{"until:" + alice.Time.Format(time.RFC3339Nano), "2"},
		{"outcome:failure -ip:203.0.113.0/24 -actor:svc-backup since:7d", "1"},
	}
	for _, tt := range tests {
		q := mustQuery(t, tt.line)
		var got strings.Builder
		for i := range all {
			if q.Matches(&all[i]) {
				got.WriteString(all[i].ID)
			}
		}
		if got.String() != tt.want {
			t.Errorf("%q matches %q; want %q", tt.line, got.String(), tt.want)
		}
		back := mustQuery(t, q.String())
		if !back.Equal(q) {
			t.Errorf("%q renders as %q, which reads back as %q", tt.line, q.String(), back.String())
		}
	}
}

// TestParseQueryPushesOnlyEqualities: a term reaches the fields providers
// see only when it means exactly what the field does.
func TestParseQueryPushesOnlyEqualities(t *testing.T) {
	t.Parallel()
	tests := []struct {
		line  string
		want  Query
		terms int
	}{
		{"actor:alice", Query{Actor: "alice", ActorExact: true}, 0},
		{"actor~alice", Query{Actor: "alice"}, 0},
		{"action:user_login target:x ip:192.0.2.1 word", Query{Action: "user_login", Target: "x", IP: "192.0.2.1", Text: "word"}, 0},
		{"-action:user_login", Query{}, 1},
		{"action:a,b", Query{}, 1},
		{"action:user_*", Query{}, 1},
		{"action:/user/", Query{}, 1},
		{"action~user", Query{}, 1},
		{"ip:192.0.2.0/24", Query{}, 1},
		{"actor_id:42 outcome:failure source:prod client:x location:y", Query{}, 5},
		{"action:a action:b", Query{Action: "a"}, 1},
		{"one two", Query{Text: "one"}, 1},
		{"since:2026-11-01 until:2026-11-02", Query{Since: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), Until: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)}, 0},
	}
	for _, tt := range tests {
		q := mustQuery(t, tt.line)
		terms := q.Terms
		q.Terms = nil
		if !q.Equal(tt.want) || len(terms) != tt.terms {
			t.Errorf("%q = %+v with %d terms; want %+v with %d", tt.line, q, len(terms), tt.want, tt.terms)
		}
	}
}

func TestParseQueryErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ line, want string }{
		{"ip:203.0.113/24", "ip:203.0.113/24 ← not an address or CIDR"},
		{"outcome:failure ip:nope", "ip:nope ← not an address or CIDR"},
		{"actor:/(/", "actor:/(/ ← not a regexp: missing closing ): `(`"},
		{"user:alice", `user:alice ← no field "user"`},
		{"actor:", "actor: ← no value after actor:"},
		{"since:yesterdayish", "since:yesterdayish ← not a time"},
		{"-since:7d", "-since:7d ← since takes a time"},
		{"since:7d since:2d", "since:2d ← since is given twice"},
		{"outcome:maybe", "outcome:maybe ← an outcome is success, failure or unknown"},
		{`actor:"alice`, `actor:"alice ← a quote is not closed`},
		{`""`, `"" ← an empty phrase`},
		{"action:a,,b", "action:a,,b ← an empty value"},
	}
	for _, tt := range tests {
		_, err := ParseQuery(tt.line, queryNow, time.UTC)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("ParseQuery(%q) = %v; want an error starting %q", tt.line, err, tt.want)
			continue
		}
		qe := err.(*QueryError)
		if tt.line[qe.Pos:qe.End] != qe.Term {
			t.Errorf("ParseQuery(%q) points at %d:%d, not at %q", tt.line, qe.Pos, qe.End, qe.Term)
		}
	}
}

func TestQueryStringQuotes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		q    Query
		want string
	}{
		{Query{Actor: "John Smith", ActorExact: true}, `actor:"John Smith"`},
		{Query{Action: "a,b"}, `action:"a,b"`},
		{Query{Target: "/etc/*"}, `target:"/etc/*"`},
		{Query{Text: "http://x"}, `"http://x"`},
		{Query{Text: "-x"}, `"-x"`},
		{Query{Text: `say "hi"`}, `"say \"hi\""`},
		{Query{Actor: "al", ActorExact: false}, `actor~al`},
	}
	for _, tt := range tests {
		if got := tt.q.String(); got != tt.want {
			t.Errorf("%+v renders as %s; want %s", tt.q, got, tt.want)
		}
		if back := mustQuery(t, tt.q.String()); !back.Equal(tt.q) {
			t.Errorf("%s reads back as %+v; want %+v", tt.q.String(), back, tt.q)
		}
	}
}

// And keeps every part of both queries: a field both set becomes a term,
// the time range is the overlap.
func TestQueryAnd(t *testing.T) {
	t.Parallel()
	a := mustQuery(t, "actor:alice since:7d -outcome:success")
	b := mustQuery(t, "actor~bob action:user_login since:2d until:1h text:x")
	got := a.And(b).String()
	want := mustQuery(t, "since:2d until:1h actor:alice action:user_login x -outcome:success actor~bob").String()
	if got != want {
		t.Errorf("And = %s\nwant  %s", got, want)
	}
	if z := (Query{}).And(a); !z.Equal(a) {
		t.Errorf("zero And a = %s; want %s", z.String(), a.String())
	}
}

// ForSource drops the source: terms that hold for the source named, and
// rules it out, with a query that matches nothing, when one does not.
func TestQueryForSource(t *testing.T) {
	t.Parallel()
	e := Event{ID: "1", Time: queryNow, Raw: []byte(`{}`)}
	for _, tt := range []struct {
		line string
		ok   bool
		rest string
	}{
		{"source:prod outcome:failure", true, "outcome:failure"},
		{"source:canary", true, ""},
		{"-source:prod", false, ""},
		{"source:domo,intercom", false, ""},
		{"source:/^pr/ -source:staging", true, ""},
	} {
		q, ok := mustQuery(t, tt.line).ForSource("prod", "canary")
		if ok != tt.ok || ok && q.String() != tt.rest || !ok && q.Matches(&e) {
			t.Errorf("%q.ForSource = %q, %v; want %q, %v", tt.line, q.String(), ok, tt.rest, tt.ok)
		}
	}
}

func TestGlobFold(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		s, pattern  string
		whole, want bool
	}{
		{"user_login", "user_*", true, true},
		{"USER_LOGIN", "user_*", true, true},
		{"a", "a*a", true, false},
		{"aa", "a*a", true, true},
		{"anything", "*", true, true},
		{"", "*", true, true},
		{"x_user_login", "user_*", true, false},
		{"x_user_login", "user_*", false, true},
		{"svc-backup-2", "svc-*-2", true, true},
		{"svc-backup-3", "svc-*-2", true, false},
		{"Zoë in 東京", "zoë*東京", true, true},
	} {
		if got := globFold(tt.s, strings.Split(tt.pattern, "*"), tt.whole); got != tt.want {
			t.Errorf("globFold(%q, %q, whole %v) = %v; want %v", tt.s, tt.pattern, tt.whole, got, tt.want)
		}
	}
}
