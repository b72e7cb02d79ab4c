package sourcetest

import "testing"

// Variant is one reading of a provider's API that its emulator can take
// where the documentation leaves the API open (a time form, a paging
// style, an order), named for its subtest.
type Variant[O any] struct {
	Name string
	Opts O // the emulator's options for this reading
}

// RunVariants runs the conformance suite once per variant, each in a
// subtest of its name, in parallel with the others, over the fixtures
// newFixture sets up for that variant. A provider's emulator options are
// the usual O.
func RunVariants[O any](t *testing.T, variants []Variant[O], newFixture func(t *testing.T, v Variant[O], cfg Config) Fixture) {
	t.Helper()
	for _, v := range variants {
		t.Run(v.Name, func(t *testing.T) {
			t.Parallel()
			Run(t, func(t *testing.T, cfg Config) Fixture { return newFixture(t, v, cfg) })
		})
	}
}
