package sources

import (
	"encoding/base64"
	"testing"
)

// TestCursorRoundTrip: a cursor reads back as written, and anything else is
// refused with its reason.
func TestCursorRoundTrip(t *testing.T) {
	type state struct {
		Page int
		Next string
	}
	c, err := EncodeCursor("x1.", state{Page: 2, Next: "a b"})
	if err != nil {
		t.Fatal(err)
	}
	var got state
	if err := DecodeCursor(c, "x1.", 200, &got); err != nil || got != (state{Page: 2, Next: "a b"}) {
		t.Fatalf("DecodeCursor(%q) = %+v, %v", c, got, err)
	}
	b64 := base64.RawURLEncoding.EncodeToString
	for _, tt := range []struct{ cursor, why string }{
		{"y1." + c[3:], "unknown format"},
		{c, "unknown format"}, // too long for a limit of 10, below
		{"x1.!!", "not valid base64"},
		{"x1." + b64([]byte(`{"Page":2,"Other":1}`)), "not a cursor"},
		{"x1." + b64([]byte(`{"Page":2} {}`)), "not a cursor"},
		{"x1." + b64([]byte(`[1]`)), "not a cursor"},
	} {
		maxLen := 200
		if tt.cursor == c {
			maxLen = 10
		}
		if err := DecodeCursor(tt.cursor, "x1.", maxLen, new(state)); err == nil || err.Error() != tt.why {
			t.Errorf("DecodeCursor(%q) = %v; want %q", tt.cursor, err, tt.why)
		}
	}
}
