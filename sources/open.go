package sources

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Opening is a provider's Open under way: the steps every provider takes
// between a config table and a Source, with errors that start with the
// provider's name, say which source they are about, and never hold a
// secret's value. What to do about each error is the provider's own
// wording, passed in as a hint.
type Opening struct {
	// Provider starts every message: "canary".
	Provider string
	// Where names the source in messages (see Ref), for the provider's own
	// errors too.
	Where string
	// EmptyHint ends the error for a secret that resolves to nothing; ""
	// means "check what its reference points to".
	EmptyHint string

	env Env
}

// NewOpening decodes env's config table into opts, a pointer to the
// provider's options struct, and returns the Opening that checks them.
func NewOpening(env Env, provider string, opts any) (*Opening, error) {
	if env.Decode == nil {
		return nil, errors.New(provider + ": no configuration to decode")
	}
	if err := env.Decode(opts); err != nil {
		return nil, fmt.Errorf("%s: %w", provider, err)
	}
	return &Opening{Provider: provider, Where: Ref(env.Name), env: env}, nil
}

// Ref names a source in messages: `source "prod"`, or "this source" when
// it has no name.
func Ref(name string) string {
	if name == "" {
		return "this source"
	}
	return fmt.Sprintf("source %q", name)
}

// Errorf returns an error whose text is the provider's name, then format.
func (o *Opening) Errorf(format string, args ...any) error {
	return fmt.Errorf(o.Provider+": "+format, args...)
}

// Invalid says that a setting of this source is wrong, as err explains.
func (o *Opening) Invalid(err error) error {
	return o.Errorf("%s: %w", o.Where, err)
}

// Missing says that this source does not set key; hint says what to set.
func (o *Opening) Missing(key, hint string) error {
	return o.Errorf("%s has no %s: %s", o.Where, key, hint)
}

// Required returns the setting key, trimmed, or the Missing error if it is
// empty.
func (o *Opening) Required(key, value, hint string) (string, error) {
	value = strings.TrimSpace(value)
	if value == "" {
		return "", o.Missing(key, hint)
	}
	return value, nil
}

// Secret resolves the secret reference ref set as key; a reference that is
// not set is the Missing error with hint. See Resolve.
func (o *Opening) Secret(ctx context.Context, key, ref, hint string) (string, error) {
	ref, err := o.Required(key, ref, hint)
	if err != nil {
		return "", err
	}
	return o.Resolve(ctx, key, ref)
}

// Resolve reads the secret reference ref set as key through env.Secret (a
// nil Secret takes ref literally) and returns the value trimmed. Errors
// name the key, never the value; a value that is empty is an error too.
func (o *Opening) Resolve(ctx context.Context, key, ref string) (string, error) {
	v := ref
	if o.env.Secret != nil {
		var err error
		if v, err = o.env.Secret(ctx, ref); err != nil {
			return "", o.Errorf("reading the %s of %s: %w", key, o.Where, err)
		}
	}
	if v = strings.TrimSpace(v); v == "" {
		hint := o.EmptyHint
		if hint == "" {
			hint = "check what its reference points to"
		}
		return "", o.Errorf("the %s of %s is empty: %s", key, o.Where, hint)
	}
	return v, nil
}

// PageSize applies a provider's default and bounds to a configured
// page_size: 0 means def, and a size outside 1..max is an error whose text
// ends with about, which says what the default is.
func PageSize(n, def, max int, about string) (int, error) {
	switch {
	case n == 0:
		return def, nil
	case n < 1 || n > max:
		return 0, fmt.Errorf("page_size %d is out of range: use 1 to %d%s", n, max, about)
	}
	return n, nil
}
