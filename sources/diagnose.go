package sources

import "context"

// Diagnoser is implemented by sources that can tell, from the first page of
// the zero query, that a setting is probably wrong (Domo's timezone), and
// say what to set. `trail check` prints each hint after the source's
// verdict. A hint says what the data shows and what to try, never more than
// the data can tell; none means nothing to say.
type Diagnoser interface {
	Diagnose(ctx context.Context, first Page) []string
}
