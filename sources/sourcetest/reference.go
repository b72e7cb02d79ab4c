package sourcetest

import (
	"reflect"
	"testing"
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
