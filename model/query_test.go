package model

import (
	"testing"
	"time"
)

func TestQueryMatches(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	e := Event{
		ID: "42", Time: at, Action: "user_login", Actor: "Alice@Example.com", ActorID: "1619916076",
		Summary: "User alice logged in", IP: "203.0.113.7", Target: "flock:default", Raw: []byte(`{"user_browser_language":"en-GB"}`),
	}
	tests := []struct {
		name string
		q    Query
		want bool
	}{
		{"zero", Query{}, true},
		{"since inclusive", Query{Since: at}, true},
		{"since after", Query{Since: at.Add(time.Nanosecond)}, false},
		{"until exclusive", Query{Until: at}, false},
		{"until after", Query{Until: at.Add(time.Nanosecond)}, true},
		{"range around", Query{Since: at.Add(-time.Hour), Until: at.Add(time.Hour)}, true},
		{"action exact any case", Query{Action: "USER_LOGIN"}, true},
		{"action prefix is not enough", Query{Action: "user"}, false},
		{"actor substring any case", Query{Actor: "alice@"}, true},
		{"actor id", Query{Actor: "1619916076"}, true},
		{"actor other", Query{Actor: "bob"}, false},
		{"actor id is never matched in part", Query{Actor: "1991607"}, false},
		{"exact actor by id", Query{Actor: "1619916076", ActorExact: true}, true},
		{"exact actor by name", Query{Actor: "Alice@Example.com", ActorExact: true}, true},
		{"exact actor is not a substring", Query{Actor: "alice@", ActorExact: true}, false},
		{"exact actor keeps case", Query{Actor: "alice@example.com", ActorExact: true}, false},
		{"exact actor id is not a substring", Query{Actor: "161991607", ActorExact: true}, false},
		{"text in ip", Query{Text: "203.0.113"}, true},
		{"text in raw only", Query{Text: "EN-gb"}, true},
		{"text absent", Query{Text: "logged out"}, false},
		{"all together", Query{Since: at, Actor: "alice", Action: "user_login", Text: "logged"}, true},
		{"ip exact", Query{IP: "203.0.113.7"}, true},
		{"ip prefix is not enough", Query{IP: "203.0.113.70"}, false},
		{"ip substring is not enough", Query{IP: "203.0.113"}, false},
		{"target any case", Query{Target: "FLOCK:DEFAULT"}, true},
		{"target other", Query{Target: "flock:other"}, false},
	}
	for _, tt := range tests {
		if got := tt.q.Matches(&e); got != tt.want {
			t.Errorf("%s: Matches = %v, want %v", tt.name, got, tt.want)
		}
	}
	// 123 must not find 41234, typed or pivoted.
	other := Event{Actor: "dana", ActorID: "41234"}
	for _, q := range []Query{{Actor: "123"}, {Actor: "123", ActorExact: true}} {
		if q.Matches(&other) {
			t.Errorf("%+v matched the actor id 41234", q)
		}
	}
	// A root pivot keeps root and nothing that merely contains it.
	root := Query{Actor: "root", ActorExact: true}
	for _, name := range []string{"adminROOT", "root\x1b]0;pwned\a", "ROOT", "root "} {
		if root.Matches(&Event{Actor: name}) {
			t.Errorf("the root pivot matched %q", name)
		}
	}
	if !root.Matches(&Event{Actor: "root"}) {
		t.Error("the root pivot missed root")
	}
	timeless := Event{Action: "user_login"}
	if (Query{Since: at}).Matches(&timeless) {
		t.Error("an event without a time matched a time range")
	}
	if !(Query{Action: "user_login"}).Matches(&timeless) {
		t.Error("an event without a time failed a query without a time range")
	}
}

func TestContainsFold(t *testing.T) {
	t.Parallel()
	tests := []struct {
		s, sub string
		want   bool
	}{
		{"Hello World", "world", true},
		{"Hello World", "WORLD", true},
		{"Hello", "", true},
		{"", "a", false},
		{"abc", "abcd", false},
		{"Grüße aus Köln", "KÖLN", true},
		{"Grüße", "grü", true},
		{"ÉCOLE", "école", true},
		{"日本語テキスト", "テキ", true},
		{"日本語", "中", false},
	}
	for _, tt := range tests {
		if got := ContainsFold(tt.s, tt.sub); got != tt.want {
			t.Errorf("ContainsFold(%q, %q) = %v, want %v", tt.s, tt.sub, got, tt.want)
		}
	}
}

func TestOutcomeFromAction(t *testing.T) {
	t.Parallel()
	for action, want := range map[string]Outcome{
		"admin_login_failure": OutcomeFailure,
		"user_login_failed":   OutcomeFailure,
		"admin_login_success": OutcomeSuccess,
		"USER_LOGIN_FAILURE":  OutcomeFailure,
		"user_login":          OutcomeUnknown,
		"":                    OutcomeUnknown,
		"_failure":            OutcomeFailure,
	} {
		if got := OutcomeFromAction(action); got != want {
			t.Errorf("OutcomeFromAction(%q) = %v, want %v", action, got, want)
		}
	}
}

func TestIndexFold(t *testing.T) {
	t.Parallel()
	tests := []struct {
		s, sub  string
		at, len int
	}{
		{"Hello World", "WORLD", 6, 5},
		{"Grüße aus KÖLN", "köln", 12, 5},
		{"abc", "x", -1, 0},
		{"abc", "", 0, 0},
	}
	for _, tt := range tests {
		at, n := IndexFold(tt.s, tt.sub)
		if at != tt.at || n != tt.len {
			t.Errorf("IndexFold(%q, %q) = %d, %d; want %d, %d", tt.s, tt.sub, at, n, tt.at, tt.len)
		}
	}
}
