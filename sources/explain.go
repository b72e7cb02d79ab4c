package sources

// Explainer is implemented by sources that can say, in a line, how they
// read their provider where that is decided at run time: which endpoint
// (Intercom's search or its GET), which action types a walk covered
// (Qualtrics). `trail check` and export print it; it is accurate after a
// Fetch, and holds no secret.
type Explainer interface {
	Explain() string
}

// ExplainOf returns src's explanation, or "" if it gives none.
func ExplainOf(src Source) string {
	if e, ok := src.(Explainer); ok {
		return e.Explain()
	}
	return ""
}
