package model

import (
	"fmt"
	"testing"
	"time"
)

// BenchmarkQueryMatches is the cost a page pays for what trail applies
// itself: a negation, a list, a wildcard, a CIDR block and text, on each
// event.
func BenchmarkQueryMatches(b *testing.B) {
	q, err := ParseQuery(`outcome:failure -actor:svc-backup action:user_login*,admin_* -ip:203.0.113.0/24 "logged in"`, queryNow, time.UTC)
	if err != nil {
		b.Fatal(err)
	}
	evs := make([]Event, 1000)
	for i := range evs {
		evs[i] = Event{ID: fmt.Sprint(i), Time: queryNow, Action: []string{"user_login", "user_login_failure", "flock_move"}[i%3],
			Actor: fmt.Sprintf("user%d@example.com", i%17), IP: fmt.Sprintf("198.51.100.%d", i%250), Outcome: Outcome(i % 3),
			Summary: "User logged in from the console", Raw: []byte(`{"id":1,"action_type":"user_login","user":"someone@example.com"}`)}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for i := range evs {
			q.Matches(&evs[i])
		}
	}
}

// BenchmarkParseQuery is one keystroke in the query line: the line is read
// again whole.
func BenchmarkParseQuery(b *testing.B) {
	line := `outcome:failure -actor:svc-backup action:user_login*,admin_* -ip:203.0.113.0/24 since:7d "logged in" client~firefox`
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseQuery(line, queryNow, time.UTC); err != nil {
			b.Fatal(err)
		}
	}
}
