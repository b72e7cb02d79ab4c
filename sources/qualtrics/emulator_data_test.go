package qualtrics

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources/qualtrics/qualtricsemu"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// burstIP is the address the generated burst of failed logins comes from.
const burstIP = "192.0.2.77"

// TestGeneratedData: the same seed gives the same log; the log looks like a
// brand's (several types, failures with reasons, the burst, hostile
// strings), lies in the span and has unique ids.
func TestGeneratedData(t *testing.T) {
	a := qualtricsemu.New(qualtricsemu.Options{Events: 800, Seed: 7, Now: testNow, Span: 14 * 24 * time.Hour, Types: nil}).Entries()
	b := qualtricsemu.New(qualtricsemu.Options{Events: 800, Seed: 7, Now: testNow, Span: 14 * 24 * time.Hour, Types: nil}).Entries()
	if !reflect.DeepEqual(a, b) || len(a) != 800 {
		t.Fatalf("%d entries, deterministic %v", len(a), reflect.DeepEqual(a, b))
	}
	if c := qualtricsemu.New(qualtricsemu.Options{Events: 800, Seed: 8, Now: testNow, Span: 14 * 24 * time.Hour, Types: nil}).Entries(); reflect.DeepEqual(a, c) {
		t.Error("another seed gives the same log")
	}
	types := map[string]int{}
	ids := map[string]bool{}
	var failed, reasons, hostile, burst int
	for i, e := range a {
		types[e.Type]++
		if ids[e.ID] || len(e.ID) != 36 {
			t.Errorf("id %q repeated or not a UUID", e.ID)
		}
		ids[e.ID] = true
		if !e.Timestamp.Before(testNow) || e.Timestamp.Before(testNow.Add(-14*24*time.Hour)) {
			t.Errorf("event at %v is outside the span", e.Timestamp)
		}
		if i > 0 && e.Timestamp.After(a[i-1].Timestamp) {
			t.Fatal("entries are not newest first")
		}
		ev := decodeElement(rawOf(e), e.Type)
		if ev.Outcome == model.OutcomeFailure {
			failed++
			if strings.HasPrefix(ev.Summary, "Login failed: ") {
				reasons++
			}
			if ev.IP == burstIP {
				burst++
			}
		}
		if !model.IsClean(ev.Actor) || !model.IsClean(ev.Client) || !model.IsClean(ev.Location) || !model.IsClean(ev.Summary) {
			hostile++
		}
	}
	for _, typ := range []string{"logins", "session_creations", "session_terminations", "password_resets", "response_exports"} {
		if types[typ] == 0 {
			t.Errorf("no %s generated: %v", typ, types)
		}
	}
	if failed < 20 || reasons != failed || burst < 20 || hostile != 5 {
		t.Errorf("%d failed logins, %d with reasons, %d from the attacker, %d hostile", failed, reasons, burst, hostile)
	}
	if only := qualtricsemu.New(qualtricsemu.Options{Events: 50, Seed: 1, Now: testNow, Span: 24 * time.Hour, Types: []string{"password_resets"}}).Entries(); len(only) != 50 || only[0].Type != "password_resets" {
		t.Errorf("Types: %d entries of %q", len(only), only[0].Type)
	}
	if none := qualtricsemu.New(qualtricsemu.Options{Events: 50, Seed: 1, Now: testNow, Span: 24 * time.Hour, Types: []string{"brands"}}).Entries(); len(none) != 0 {
		t.Errorf("%d entries of a type nothing generates", len(none))
	}
}

// TestEntryJSON: an entry is sent as the API's example is shaped.
func TestEntryJSON(t *testing.T) {
	e := qualtricsemu.Entry{ID: "x", Type: "logins", Timestamp: time.Date(2020, 11, 13, 19, 13, 40, 793e6, time.UTC), Datacenter: "ST3", Source: "s"}
	b, _ := json.Marshal(e)
	if string(b) != `{"id":"x","timestamp":"2020-11-13T19:13:40.793Z","datacenter":"ST3","source":"s","descriptor":{}}` {
		t.Errorf("entry JSON %s", b)
	}
}

// TestDemo: `trail --demo qualtrics` browses real data through the client.
func TestDemo(t *testing.T) {
	now := time.Now()
	var debug bytes.Buffer
	src, stop, err := Demo(qualtricsemu.Demo)(context.Background(), sourcetest.DemoEnv(now, &debug))
	if err != nil {
		t.Fatal(err)
	}
	page, err := src.Fetch(context.Background(), model.Query{}, "")
	if err != nil || len(page.Events) != 50 || page.Next == "" || page.Events[0].Action != "logins" {
		t.Fatalf("demo page: %d events, next %q, %v", len(page.Events), page.Next, err)
	}
	if !strings.Contains(debug.String(), "msg=http") {
		t.Errorf("the demo's request is not in the debug log: %q", debug.String())
	}
	if next, err := src.Fetch(context.Background(), model.Query{}, page.Next); err != nil || len(next.Events) == 0 {
		t.Errorf("demo's second page (by nextPage URL): %d events, %v", len(next.Events), err)
	}
	if err := stop(); err != nil {
		t.Errorf("stop: %v", err)
	}
	if _, err := src.Fetch(context.Background(), model.Query{}, ""); err == nil {
		t.Error("the demo still answers after stop")
	}
}
