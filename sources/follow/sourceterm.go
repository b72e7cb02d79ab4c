package follow

import (
	"fmt"
	"strings"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
)

// PartsOf names the sources src reads: each part of a merged view (a
// Splitter), or src itself under name and provider.
func PartsOf(src sources.Source, name, provider string) []PartSource {
	if s, ok := src.(Splitter); ok {
		return s.FollowParts()
	}
	return []PartSource{{Name: name, Provider: provider, Source: src}}
}

// SourceTermsMatchNone says, as an error, when q's source: terms rule out
// every source src reads: a misspelt name (source:cnary) would otherwise
// read nothing and say only "no events", as if the log were empty. nil when
// one of the sources answers q's source: terms, as any does when q has none
// (ForSource decides both).
func SourceTermsMatchNone(q model.Query, src sources.Source, name, provider string) error {
	parts := PartsOf(src, name, provider)
	names := make([]string, 0, len(parts))
	for _, p := range parts {
		if _, ok := q.ForSource(p.Name, p.Provider); ok {
			return nil
		}
		n := p.Name
		if p.Provider != "" && p.Provider != p.Name {
			n += " (" + p.Provider + ")"
		}
		names = append(names, n)
	}
	return fmt.Errorf("the query's source: term names none of the sources read here (%s): no event can match", model.Sanitize(strings.Join(names, ", ")))
}
