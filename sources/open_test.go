package sources_test

import (
	"context"
	"errors"
	"strconv"
	"testing"

	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/sourcetest"
)

func TestOpening(t *testing.T) {
	type options struct{ Base, Token string }
	secrets := func(_ context.Context, ref string) (string, error) {
		switch ref {
		case "env:OK":
			return " tok-1234\n", nil
		case "env:EMPTY":
			return " ", nil
		}
		return "", errors.New(ref + " is not set")
	}
	open := func(name string, opts options, emptyHint string) (string, error) {
		var got options
		env := sources.Env{Name: name, Secret: secrets, Decode: func(v any) error { *v.(*options) = opts; return nil }}
		o, err := sources.NewOpening(env, "prov", &got)
		if err != nil {
			return "", err
		}
		o.EmptyHint = emptyHint
		base, err := o.Required("base", got.Base, "set it")
		if err != nil {
			return "", err
		}
		tok, err := o.Secret(context.Background(), "token", got.Token, "set token = ...")
		return base + " " + tok, err
	}
	for _, tc := range []struct {
		name      string
		opts      options
		emptyHint string
		want      string
	}{
		{"prod", options{" b ", "env:OK"}, "", "b tok-1234"},
		{"prod", options{"", "env:OK"}, "", `prov: source "prod" has no base: set it`},
		{"", options{"b", " "}, "", "prov: this source has no token: set token = ..."},
		{"prod", options{"b", "env:NOPE"}, "", `prov: reading the token of source "prod": env:NOPE is not set`},
		{"prod", options{"b", "env:EMPTY"}, "", `prov: the token of source "prod" is empty: check what its reference points to`},
		{"prod", options{"b", "env:EMPTY"}, "look", `prov: the token of source "prod" is empty: look`},
	} {
		got, err := open(tc.name, tc.opts, tc.emptyHint)
		if err != nil {
			got = err.Error()
		}
		if got != tc.want {
			t.Errorf("%q %+v: %q, want %q", tc.name, tc.opts, got, tc.want)
		}
	}

	if _, err := sources.NewOpening(sources.Env{}, "prov", new(options)); err == nil || err.Error() != "prov: no configuration to decode" {
		t.Errorf("no Decode: %v", err)
	}
	bad := sources.Env{Decode: func(any) error { return errors.New("line 2: unknown key") }}
	if _, err := sources.NewOpening(bad, "prov", new(options)); err == nil || err.Error() != "prov: line 2: unknown key" {
		t.Errorf("decode error: %v", err)
	}
	// Without a Secret function a reference is taken as the value itself.
	o, _ := sources.NewOpening(sources.Env{Decode: func(any) error { return nil }}, "prov", new(options))
	if v, err := o.Resolve(context.Background(), "token", " literal "); v != "literal" || err != nil {
		t.Errorf("Resolve without Secret = %q, %v", v, err)
	}
	if err := o.Invalid(errors.New("page_size 0 is wrong")); err.Error() != "prov: this source: page_size 0 is wrong" {
		t.Errorf("Invalid = %v", err)
	}
}

func TestPageSize(t *testing.T) {
	for in, want := range map[int]int{0: 50, 1: 1, 1000: 1000, 1001: -1, -5: -1} {
		got, err := sources.PageSize(in, 50, 1000, " (the default is 50)")
		switch {
		case want < 0 && (err == nil || err.Error() != "page_size "+strconv.Itoa(in)+" is out of range: use 1 to 1000 (the default is 50)"):
			t.Errorf("PageSize(%d) = %d, %v; want the out-of-range error", in, got, err)
		case want >= 0 && (got != want || err != nil):
			t.Errorf("PageSize(%d) = %d, %v; want %d", in, got, err, want)
		}
	}
}

// SizeOf reads a Sizer's sizes as FetchSize does: its base for 0 or less,
// the size asked for up to its largest, and no more.
func TestSizeOf(t *testing.T) {
	mem := sourcetest.NewMemory(nil, 50)
	mem.SetMaxPageSize(200)
	for _, c := range []struct{ ask, want int }{{0, 50}, {-3, 50}, {1, 1}, {120, 120}, {200, 200}, {201, 200}, {5000, 200}} {
		if got := sources.SizeOf(mem, c.ask); got != c.want {
			t.Errorf("SizeOf(%d) = %d, want %d", c.ask, got, c.want)
		}
	}
}
