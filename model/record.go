package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Record is one exported event: trail's JSONL format, one object per line.
// The normalized fields are for reading with jq and the like; Raw is the
// provider's entry exactly as received, so an export is evidence, and so a
// file source can show each event again as its provider would.
type Record struct {
	Source   string          `json:"source"`
	Provider string          `json:"provider"`
	ID       string          `json:"id"`
	Time     string          `json:"time"` // RFC 3339 in UTC; "" when unknown
	Action   string          `json:"action"`
	Actor    string          `json:"actor"`
	ActorID  string          `json:"actor_id,omitempty"`
	Target   string          `json:"target"`
	Summary  string          `json:"summary"`
	IP       string          `json:"ip"`
	Client   string          `json:"client,omitempty"`
	Location string          `json:"location,omitempty"`
	Outcome  string          `json:"outcome"`
	Raw      json.RawMessage `json:"raw"`
	// RawText holds the entry instead of Raw when it was not valid JSON (an
	// entry kept because it could not be read), so nothing is lost.
	RawText string `json:"raw_text,omitempty"`
}

// NewRecord makes the export record of e, read from the named source. An
// event that names its own source (a merged view) keeps it.
func NewRecord(source, provider string, e *Event) Record {
	if e.Source != "" {
		source, provider = e.Source, e.Provider
	}
	r := Record{
		Source: source, Provider: provider, ID: e.ID, Action: e.Action, Actor: e.Actor, ActorID: e.ActorID,
		Target: e.Target, Summary: e.Summary, IP: e.IP, Client: e.Client, Location: e.Location,
		Outcome: e.Outcome.String(),
	}
	if !e.Time.IsZero() {
		r.Time = e.Time.UTC().Format(time.RFC3339Nano)
	}
	switch {
	case json.Valid(e.Raw):
		r.Raw = e.Raw
	case len(e.Raw) > 0:
		r.Raw, r.RawText = json.RawMessage("null"), string(e.Raw)
	default:
		r.Raw = json.RawMessage("null")
	}
	return r
}

// AppendJSONL appends r as one line of JSON, newline included. Raw is
// written as it came, compacted only if it spans lines, except that
// characters that must not reach a terminal raw (C0, C1, DEL, bidi and
// zero-width characters) are \uXXXX escapes and bytes that are not UTF-8
// are \ufffd: the line is valid UTF-8 and equivalent JSON, and safe to cat.
func (r Record) AppendJSONL(dst []byte) ([]byte, error) {
	if bytes.ContainsAny(r.Raw, "\r\n") {
		var buf bytes.Buffer
		if err := json.Compact(&buf, r.Raw); err != nil {
			return dst, err
		}
		r.Raw = buf.Bytes()
	}
	// json.Marshal would rewrite &, < and > as \u0026 and the like, inside
	// raw too: an encoder told not to keeps the entry as the provider sent it.
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return dst, fmt.Errorf("encoding event %s: %w", r.ID, err)
	}
	return AppendJSONEscaped(dst, buf.Bytes()), nil // Encode ends the line
}

// CSVHeader is the header row of trail's CSV export.
var CSVHeader = []string{"source", "provider", "id", "time", "action", "actor", "actor_id", "target", "summary", "ip", "client", "location", "outcome"}

// CSVRow returns r's cells for CSV, each made safe for spreadsheets: a cell
// that would run as a formula (it starts with =, +, -, @, a tab or a carriage
// return) gets a leading apostrophe, and control characters are escaped.
func (r Record) CSVRow() []string {
	cells := []string{r.Source, r.Provider, r.ID, r.Time, r.Action, r.Actor, r.ActorID, r.Target, r.Summary, r.IP, r.Client, r.Location, r.Outcome}
	for i, c := range cells {
		cells[i] = csvSafe(c)
	}
	return cells
}

// csvSafe neutralizes formula injection (OWASP's advice: prefix the cell
// with a single quote) and escapes control characters.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		s = "'" + s
	}
	return Sanitize(s)
}

// ParseRecord reads one line of trail's JSONL export back.
func ParseRecord(line []byte) (Record, error) {
	var r Record
	if err := json.Unmarshal(line, &r); err != nil {
		return r, err
	}
	if r.Provider == "" && r.Source == "" && len(r.Raw) == 0 {
		return r, fmt.Errorf("not a trail export record (no source, provider or raw)")
	}
	return r, nil
}

// Event returns the normalized event a record holds, for when the original
// provider cannot decode it again (an unknown provider, a kept malformed
// entry).
func (r Record) Event() Event {
	e := Event{
		ID: r.ID, Action: r.Action, Actor: r.Actor, ActorID: r.ActorID, Target: r.Target, Summary: r.Summary,
		IP: r.IP, Client: r.Client, Location: r.Location, Raw: r.Raw,
	}
	if r.RawText != "" {
		e.Raw = []byte(r.RawText)
	}
	if t, err := time.Parse(time.RFC3339Nano, r.Time); err == nil {
		e.Time = t.UTC()
	}
	switch r.Outcome {
	case "success":
		e.Outcome = OutcomeSuccess
	case "failure":
		e.Outcome = OutcomeFailure
	}
	return e
}
