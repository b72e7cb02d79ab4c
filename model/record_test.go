package model

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestRecordJSONLRoundTrip(t *testing.T) {
	t.Parallel()
	e := Event{
		ID: "513", Time: time.Date(2020, 4, 17, 11, 58, 10, 123_000_000, time.UTC), Action: "user_login",
		Actor: "alice@example.com", Target: "flock:default", Summary: "User alice logged in", IP: "203.0.113.7",
		Client: "Mozilla/5.0", Outcome: OutcomeFailure,
		Raw: []byte("{\n  \"id\": 513,\n  \"user\": \"alice@example.com\",\n  \"odd\": \"\\u001b[2J\"\n}"),
	}
	line, err := NewRecord("prod", "canary", &e).AppendJSONL(nil)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Count(line, []byte("\n")) != 1 || line[len(line)-1] != '\n' {
		t.Fatalf("not one line: %q", line)
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(line, &obj); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"source", "provider", "id", "time", "action", "actor", "target", "summary", "ip", "outcome", "raw"} {
		if _, ok := obj[k]; !ok {
			t.Errorf("record lacks %q: %s", k, line)
		}
	}
	if got := string(obj["time"]); got != `"2020-04-17T11:58:10.123Z"` {
		t.Errorf("time = %s, want RFC 3339 UTC", got)
	}
	var compact bytes.Buffer
	_ = json.Compact(&compact, e.Raw)
	if !bytes.Equal(obj["raw"], compact.Bytes()) {
		t.Errorf("raw = %s, want the entry %s", obj["raw"], compact.Bytes())
	}
	r, err := ParseRecord(line[:len(line)-1])
	if err != nil {
		t.Fatal(err)
	}
	back := r.Event()
	if back.ID != e.ID || !back.Time.Equal(e.Time) || back.Actor != e.Actor || back.Outcome != e.Outcome || back.Client != e.Client {
		t.Errorf("round trip: got %+v", back)
	}
}

func TestRecordKeepsMalformedRaw(t *testing.T) {
	t.Parallel()
	e := Event{ID: "x", Raw: []byte(`{"truncated": "abc`)}
	line, err := NewRecord("s", "p", &e).AppendJSONL(nil)
	if err != nil {
		t.Fatal(err)
	}
	r, _ := ParseRecord(bytes.TrimSpace(line))
	if string(r.Event().Raw) != string(e.Raw) {
		t.Errorf("malformed raw not kept: %s", line)
	}
}

func TestCSVRowNeutralizesFormulasAndControls(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"=HYPERLINK(\"http://evil\",\"x\")", "'=HYPERLINK(\"http://evil\",\"x\")"},
		{"+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1:A9)", "'@SUM(A1:A9)"},
		{"\t=1+1", `'\t=1+1`},
		{"\r=1+1", `'\r=1+1`},
		{"alice@example.com", "alice@example.com"},
		{"a=b", "a=b"},
		{"line1\nline2", `line1\nline2`},
		{"\x1b[31mred", `\x1b[31mred`},
		{"bidi\u202eevil", `bidi\u202eevil`},
		{"", ""},
	}
	for _, tt := range tests {
		r := Record{Actor: tt.in}
		if got := r.CSVRow()[5]; got != tt.want {
			t.Errorf("actor %q → %q, want %q", tt.in, got, tt.want)
		}
	}
	// Through encoding/csv, every row has the header's width and no raw control byte.
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(CSVHeader)
	for _, tt := range tests {
		_ = w.Write(Record{Summary: tt.in, Actor: tt.in}.CSVRow())
	}
	w.Flush()
	rows, err := csv.NewReader(strings.NewReader(buf.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows {
		if len(row) != len(CSVHeader) {
			t.Fatalf("row of %d cells: %q", len(row), row)
		}
	}
	if strings.ContainsAny(buf.String(), "\x1b\t") || strings.Count(buf.String(), "\n") != len(rows) {
		t.Errorf("control characters reached the CSV: %q", buf.String())
	}
}

func TestRecordKeepsRawByteForByte(t *testing.T) {
	t.Parallel()
	raw := `{"message":"Tom & Jerry <admin@example.com> changed a > b","u":"\u00e9t\u00e9","n":1.50}`
	e := Event{ID: "1", Raw: []byte(raw), Summary: "a & b"}
	line, err := NewRecord("s", "p", &e).AppendJSONL(nil)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(line, []byte(`"raw":`+raw)) {
		t.Errorf("raw changed on the way out:\n%s", line)
	}
	if !bytes.Contains(line, []byte(`"summary":"a & b"`)) {
		t.Errorf("summary escaped: %s", line)
	}
}
