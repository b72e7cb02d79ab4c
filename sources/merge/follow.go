package merge

import "github.com/trail-dev/trail/sources/follow"

// FollowParts implements follow.Splitter: a follow of a merged view keeps up
// with each part on its own schedule and from its own head, so a part that
// fails is retried while the others go on, and loses nothing when it comes
// back.
func (s *Source) FollowParts() []follow.PartSource {
	out := make([]follow.PartSource, len(s.parts))
	for i, p := range s.parts {
		out[i] = follow.PartSource{Name: p.Name, Provider: p.Provider, Source: p.Source}
	}
	return out
}
