package sources

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
)

// EncodeCursor writes v as an opaque page cursor: prefix, then v's JSON in
// base64url without padding.
func EncodeCursor(prefix string, v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b), nil
}

// DecodeCursor reads a cursor EncodeCursor made with prefix into v, and
// refuses anything else: one longer than maxLen, not base64url, with a
// field v does not have or anything after the value. Its error says why in
// a few words ("unknown format", "not valid base64", "not a cursor"); the
// caller checks the values.
func DecodeCursor(s, prefix string, maxLen int, v any) error {
	rest, ok := strings.CutPrefix(s, prefix)
	if !ok || len(s) > maxLen {
		return errors.New("unknown format")
	}
	b, err := base64.RawURLEncoding.DecodeString(rest)
	if err != nil {
		return errors.New("not valid base64")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil || dec.More() {
		return errors.New("not a cursor")
	}
	return nil
}
