package intercom

import "github.com/trail-dev/trail/model"

// PredictNext implements sources.Predictor for the search endpoint's walk:
// its pages are asked for by a number trail sends itself (POST
// /admins/activity_logs/search takes page and per_page), in a window fixed
// when the walk starts, so the page after page n is page n+1 at the same
// per_page. The GET's walk follows Intercom's pages.next, a link or a
// starting_after token known only once a page arrives: no prediction there,
// nor for a first page, whose window and endpoint are settled when it is
// fetched. The source does not change its page size (no Sizer): size must
// be 0.
func (s *Source) PredictNext(_ model.Query, cursor string, size int) (string, bool) {
	if cursor == "" || size != 0 {
		return "", false
	}
	c, err := parseCursor(cursor)
	if err != nil || !c.Search || c.Page >= maxPage {
		return "", false
	}
	n := walkCursor{Since: c.Since, Until: c.Until, Page: c.Page + 1, Search: true, PerPage: firstPositive(c.PerPage, s.searchPageSize())}
	return n.encode(), true
}
