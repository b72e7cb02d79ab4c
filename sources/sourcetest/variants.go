package sourcetest

import "testing"

// Variant is one reading of a provider's API that its emulator can take
// where the documentation leaves the API open (a time form, a paging
// style, an order), named for its subtest. Opts is what the provider's
// fixture needs to set it up: its emulator's options, or a struct holding
// them and the client's settings.
type Variant[O any] struct {
	Name string
	Opts O
}

// RunVariants runs the conformance suite once per variant, each in a
// subtest of its name, in parallel with the others, over the fixtures
// newFixture sets up for that variant.
func RunVariants[O any](t *testing.T, variants []Variant[O], newFixture func(t *testing.T, v Variant[O], cfg Config) Fixture) {
	t.Helper()
	eachVariant(t, variants, Run, newFixture)
}

// RunExportVariants is RunVariants for the exact-export suite (RunExport).
func RunExportVariants[O any](t *testing.T, variants []Variant[O], newFixture func(t *testing.T, v Variant[O], cfg ExportConfig) ExportFixture) {
	t.Helper()
	eachVariant(t, variants, RunExport, newFixture)
}

// eachVariant runs suite once per variant, in parallel subtests.
func eachVariant[O, C, F any](t *testing.T, variants []Variant[O], suite func(*testing.T, func(*testing.T, C) F), newFixture func(*testing.T, Variant[O], C) F) {
	t.Helper()
	for _, v := range variants {
		t.Run(v.Name, func(t *testing.T) {
			t.Parallel()
			suite(t, func(t *testing.T, cfg C) F { return newFixture(t, v, cfg) })
		})
	}
}
