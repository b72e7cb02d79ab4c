package sourcetest

import (
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
)

// The providers' FuzzDecodeMatchesReference targets hold each fast decoder
// to a plain encoding/json reference kept beside it as an oracle. These are
// the comparisons they all make.

// RequireSameError fails t unless a decoder and its reference failed alike
// (or both not at all) on input.
func RequireSameError(t testing.TB, input []byte, err, wantErr error) {
	t.Helper()
	if !reflect.DeepEqual(err, wantErr) {
		t.Fatalf("%q: error %v, the reference %v", input, err, wantErr)
	}
}

// RequireSame fails t unless a decoder and its reference read input into
// the same value; what names it in the message ("page", "alone").
func RequireSame(t testing.TB, what string, input []byte, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%q %s:\n%+v\nthe reference\n%+v", input, what, got, want)
	}
}

// RequireAloneAlike fails t unless each event of a page read from input,
// and input itself (bytes of any shape), read alone as one entry give the
// same event through a decoder's entry and its reference's refEntry.
func RequireAloneAlike(t testing.TB, input []byte, events []model.Event, entry, refEntry func(json.RawMessage) model.Event) {
	t.Helper()
	for _, e := range append(slices.Clip(events), model.Event{Raw: input}) {
		RequireSame(t, "alone", e.Raw, entry(e.Raw), refEntry(e.Raw))
	}
}

// The providers' FuzzDecode targets hold any response to the same promises:
// an error is a *sources.Error with a kind that names no secret, and an
// event keeps its raw entry.

// RequireFuzzedError fails t unless err, if any, is a *sources.Error with a
// kind whose text holds none of secrets; it reports whether there was one.
func RequireFuzzedError(t testing.TB, err error, secrets ...string) bool {
	t.Helper()
	if err == nil {
		return false
	}
	var se *sources.Error
	if !errors.As(err, &se) || se.Kind == nil {
		t.Fatalf("error %v is not a *sources.Error with a kind", err)
	}
	for _, s := range secrets {
		if strings.Contains(err.Error(), s) {
			t.Fatalf("error echoes a secret: %v", err)
		}
	}
	return true
}

// RequireRaw fails t unless every event kept its raw entry.
func RequireRaw(t testing.TB, events []model.Event) {
	t.Helper()
	for i, e := range events {
		if len(e.Raw) == 0 {
			t.Fatalf("event %d lost its raw entry", i)
		}
	}
}

// RequireEntryRead fails t unless got, an entry decoded alone from raw,
// kept raw byte for byte and, where says is not "", has a Summary saying it
// could not be read because of says. It then clears got's Raw and that
// Summary, so that the caller compares the fields read.
func RequireEntryRead(t testing.TB, got *model.Event, raw, says string) {
	t.Helper()
	if string(got.Raw) != raw {
		t.Errorf("Raw = %s, want the entry byte for byte", got.Raw)
	}
	if says != "" {
		if !strings.Contains(got.Summary, says) || !strings.HasPrefix(got.Summary, "could not read") {
			t.Errorf("Summary %q does not say it could not be read because %q", got.Summary, says)
		}
		got.Summary = ""
	}
	got.Raw = nil
}

// RefEntry is what the providers' reference decoders share when they read
// one entry's fields with encoding/json alone: the problems found, field by
// field, and the note that leads the entry's summary with them. The
// references differ in what they read, not in how they say it failed.
type RefEntry struct {
	model.Problems
}

// RefUnmarshal starts a reference reading of raw into w, one of the
// references' wire structs: the event that keeps raw and, where raw is null
// or not an object of w's shape, false with a Summary that says which. what
// names the entry as its provider does ("entry", "event").
func RefUnmarshal(raw json.RawMessage, what string, w any) (model.Event, bool) {
	e := model.Event{Raw: raw}
	if model.IsJSONNull(raw) {
		e.Summary = "could not read this " + what + ": it is empty (null)"
		return e, false
	}
	if err := json.Unmarshal(raw, w); err != nil {
		e.Summary = "could not read this " + what + ": " + model.DescribeDecodeError(err)
		return e, false
	}
	return e, true
}

// Text reads v as model.JSONText does, noting the field's error, if any.
func (r *RefEntry) Text(field string, v json.RawMessage) string {
	s, err := model.JSONText(v)
	r.Add(field, err)
	return s
}

// Note adds a problem said whole ("metadata is not an object").
func (r *RefEntry) Note(problem string) {
	r.Problems = append(r.Problems, problem)
}
