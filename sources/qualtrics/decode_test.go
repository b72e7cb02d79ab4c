package qualtrics

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources/qualtrics/qualtricsemu"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

// seedElement is the event of the API's example response, byte for byte.
const seedElement = `{"id":"0ce7eda1-f815-4320-8fa7-fe0e3fd49412","timestamp":"2020-11-13T19:13:40.793Z","datacenter":"ST3","source":"login5-app.g1-iad.qops.net","descriptor":{"userId":"UR_cVcNH0elQesua8J","username":"example@gmail.com","brandId":"apidocs","sessionId":null,"isSuccessful":true,"failureReason":null,"isProxyLogin":false,"proxyDetails":null,"product":"ControlPanel","url":"https://apidocs.st3.qualtrics.com/login?path=%2FControlPanel%2F\u0026product=ControlPanel","ipAddress":"165.225.38.31","location":{"countryCode":"US","region":"NJ","city":"Hoboken","postalCode":"07030","latitude":40.742401123046875,"longitude":-74.03250122070312,"dmaCode":501,"areaCode":201,"metroCode":501},"authentication":{"method":"BASIC","methodVersion":null,"secondFactor":null},"platform":{"userAgent":"Chrome","userAgentVersion":"86.0.4240.198","operatingSystem":"OS X","operatingSystemVersion":"10.15.6","deviceFamily":"Chrome"}}}`

// TestDecodeSeedExample reads the example of the API's documentation, as the
// seed document has it, through the whole response path.
func TestDecodeSeedExample(t *testing.T) {
	if doc, err := os.ReadFile("../../../shared/seeds/003_96a4c05d6cb43c5c.txt"); err == nil && !strings.Contains(string(doc), seedElement) {
		t.Fatal("seedElement is not the seed document's example")
	}
	body := `{"result":{"nextPage":null,"elements":[` + seedElement + `]},"meta":{"requestId":"a9a30368-f054-4da8-970a-4c3406c957d2","httpStatus":"200 - OK"}}`
	src := New(Config{Common: transport.Common{BaseURL: "https://iad1.qualtrics.com/API/v3"}})
	page, err := src.decodeLogs(&transport.Response{Status: 200, Body: []byte(body)}, "logins", false)
	if err != nil || len(page.events) != 1 || page.next != "" || page.notice != "" {
		t.Fatalf("page %+v, %v", page, err)
	}
	e := page.events[0]
	want := model.Event{
		ID: "0ce7eda1-f815-4320-8fa7-fe0e3fd49412", Time: time.Date(2020, 11, 13, 19, 13, 40, 793e6, time.UTC),
		Action: "logins", Actor: "example@gmail.com", ActorID: "UR_cVcNH0elQesua8J",
		Summary: "Logged in to ControlPanel (BASIC)", IP: "165.225.38.31", Client: "Chrome 86.0.4240.198 on OS X 10.15.6",
		Location: "Hoboken, NJ, US", Outcome: model.OutcomeSuccess, Raw: json.RawMessage(seedElement),
	}
	if string(e.Raw) != seedElement {
		t.Errorf("raw is not the element byte for byte:\n%s", e.Raw)
	}
	e.Raw, want.Raw = nil, nil
	if !e.Time.Equal(want.Time) {
		t.Errorf("time %v, want %v", e.Time, want.Time)
	}
	e.Time = want.Time
	if !equalEvents(e, want) {
		t.Errorf("event\n %+v\nwant\n %+v", e, want)
	}
}

func equalEvents(a, b model.Event) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

// TestDecodeDescriptors maps each kind of descriptor, and the odd shapes one
// client schema or another suggests.
func TestDecodeDescriptors(t *testing.T) {
	el := func(d string) string {
		return `{"id":"e1","timestamp":"2026-11-17T10:00:00.000Z","datacenter":"IAD1","source":"x","descriptor":` + d + `}`
	}
	tests := []struct {
		name, typ, raw string
		want           model.Event // compared where set, Outcome always
	}{
		{"failed login with a reason", "logins", el(`{"userId":null,"username":"admin","isSuccessful":false,"failureReason":"Invalid username or password","ipAddress":"192.0.2.77","authentication":{"method":"BASIC"}}`),
			model.Event{Actor: "admin", Summary: "Login failed: Invalid username or password (BASIC)", IP: "192.0.2.77", Outcome: model.OutcomeFailure}},
		{"login as text fields", "logins", el(`{"userId":"UR_1234567890abcde","isSuccessful":"true","location":"Provo, UT","platform":"Chrome on Mac","authentication":"SSO"}`),
			model.Event{Actor: "UR_1234567890abcde", ActorID: "UR_1234567890abcde", Location: "Provo, UT", Client: "Chrome on Mac", Summary: "Logged in (SSO)", Outcome: model.OutcomeSuccess}},
		{"login, second factor, proxy", "logins", el(`{"username":"a@b","isSuccessful":true,"isProxyLogin":true,"product":"XM","authentication":{"method":"BASIC","secondFactor":"TOTP"},"platform":{"userAgent":"Edge"}}`),
			model.Event{Summary: "Logged in to XM (BASIC, second factor TOTP), as a proxy login", Client: "Edge", Outcome: model.OutcomeSuccess}},
		{"login without an outcome", "LOGINS", el(`{"username":"a@b"}`), model.Event{Action: "LOGINS", Summary: "Login", Outcome: model.OutcomeUnknown}},
		{"session started", "session_creations", el(`{"userId":"UR_1234567890abcde","sessionId":"s-1","ipAddress":"203.0.113.7","location":{"city":"Dublin","countryCode":"IE"}}`),
			model.Event{Actor: "UR_1234567890abcde", Summary: "Session started, session s-1", IP: "203.0.113.7", Location: "Dublin, IE"}},
		{"session ended", "session_terminations", el(`{"userId":"UR_1234567890abcde","sessionId":"s-1","terminationTimestamp":1795000000000}`),
			model.Event{Summary: "Session ended, session s-1 at 2026-11-18 11:06:40 UTC"}},
		{"password reset by an agent", "password_resets", el(`{"userId":"UR_1234567890abcde","agentUserId":"UR_abcdefghij12345","reason":"Reset by admin","validationRules":{"minPasswordLength":12}}`),
			model.Event{Summary: "Password reset: Reset by admin (by UR_abcdefghij12345)"}},
		{"unknown type", "response_exports", el(`{"userId":"UR_1234567890abcde","surveyId":"SV_1","format":"csv","nested":{"a":1},"empty":null,"recordCount":12}`),
			model.Event{Action: "response_exports", Actor: "UR_1234567890abcde", Summary: "surveyId=SV_1 format=csv recordCount=12"}},
		{"unknown type, descriptor a list", "brands", el(`["x"]`), model.Event{Summary: "could not read all of this event (descriptor is not an object)"}},
		{"bad timestamp", "logins", `{"id":"e1","timestamp":"soon","descriptor":{}}`, model.Event{ID: "e1", Summary: "could not read all of this event (timestamp: "}},
		{"id an object", "logins", `{"id":{"x":1},"timestamp":"2026-11-17T10:00:00Z"}`, model.Event{Summary: "could not read all of this event (id is an object, not text)"}},
		{"not an object", "logins", `"hello"`, model.Event{Summary: "could not read this event: it is a JSON string, not an object"}},
		{"null", "logins", `null`, model.Event{Summary: "could not read this event: it is empty (null)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := decodeElement(json.RawMessage(tt.raw), tt.typ)
			w := tt.want
			check := func(field, got, want string) {
				if want != "" && !strings.HasPrefix(got, want) {
					t.Errorf("%s %q, want %q", field, got, want)
				}
			}
			check("action", e.Action, w.Action)
			check("actor", e.Actor, w.Actor)
			check("actor id", e.ActorID, w.ActorID)
			check("summary", e.Summary, w.Summary)
			check("ip", e.IP, w.IP)
			check("client", e.Client, w.Client)
			check("location", e.Location, w.Location)
			check("id", e.ID, w.ID)
			if e.Outcome != w.Outcome || string(e.Raw) != tt.raw || e.Action != tt.typ {
				t.Errorf("outcome %v (want %v), action %q, raw %s", e.Outcome, w.Outcome, e.Action, e.Raw)
			}
		})
	}
}

// TestCodec: events read back from files are recognised, and their type
// guessed where the descriptor tells it.
func TestCodec(t *testing.T) {
	c := Codec()
	em := qualtricsemu.New(qualtricsemu.Options{Events: 400, Seed: 3, Now: testNow})
	seen := map[string]bool{}
	for _, e := range em.Entries() {
		raw := rawOf(e)
		if !c.Detect(sourcetest.Keys(raw)) {
			t.Fatalf("%s not detected", raw)
		}
		got := c.Entry(raw)
		want := e.Type
		if want == "response_exports" {
			want = ""
		}
		if got.Action != want || got.ID != e.ID {
			t.Errorf("%s entry read back as %q (id %s)", e.Type, got.Action, got.ID)
		}
		seen[e.Type] = true
	}
	if len(seen) != 5 {
		t.Errorf("types generated: %v", seen)
	}
	body := `{"result":{"elements":[` + seedElement + `],"nextPage":null},"meta":{"httpStatus":"200 - OK"}}`
	if els, ok := c.Page([]byte(body)); !ok || len(els) != 1 {
		t.Errorf("saved /logs page: %d elements, %v", len(els), ok)
	}
	for _, other := range []string{`{"audit_trail":[]}`, `{"result":{"elements":[]}}`, `[1]`, `{"result":{"data":[]},"meta":{}}`} {
		if _, ok := c.Page([]byte(other)); ok {
			t.Errorf("%s taken for a /logs page", other)
		}
	}
	if c.Detect(sourcetest.Keys([]byte(`{"id":1,"action_type":"x","timestamp":"y"}`))) {
		t.Error("a Canary entry detected as Qualtrics")
	}
}
