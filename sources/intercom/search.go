package intercom

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/trail-dev/trail/model"
)

// searchPath is the search endpoint of Intercom-Version 2.16 and later.
const searchPath = "admins/activity_logs/search"

// The states of a Source's use of the search endpoint.
const (
	searchNotOffered int32 = iota // the version predates it: GET only
	searchUntried                 // the version offers it; no answer yet
	searchInUse                   // Intercom answered a search
	searchFellBack                // Intercom refused it: GET from now on
)

// searchRequest is the JSON body of POST /admins/activity_logs/search.
type searchRequest struct {
	CreatedAtAfter  int64    `json:"created_at_after"`
	CreatedAtBefore int64    `json:"created_at_before"`
	EventTypes      []string `json:"event_types,omitempty"`
	Page            int      `json:"page"`
	PerPage         int      `json:"per_page"`
}

// initialSearchState is where a Source at Intercom-Version v starts.
func initialSearchState(v string) int32 {
	if versionHasSearch(v) {
		return searchUntried
	}
	return searchNotOffered
}

// versionHasSearch reports whether Intercom-Version v documents the search
// endpoint: 2.16 and later, and the Unstable and Preview specs. The
// emulator keeps its own reading of the same rule.
func versionHasSearch(v string) bool {
	switch v {
	case "Unstable", "Preview":
		return true
	}
	major, minor, ok := strings.Cut(v, ".")
	if !ok {
		return false
	}
	ma, err1 := strconv.Atoi(major)
	mi, err2 := strconv.Atoi(minor)
	return err1 == nil && err2 == nil && (ma > 2 || (ma == 2 && mi >= 16))
}

// searching reports whether a new walk should use the search endpoint.
func (s *Source) searching() bool {
	st := s.searchState.Load()
	return st == searchUntried || st == searchInUse
}

// Explain says which endpoint the source reads and why, for `trail check`:
// it is only certain after a first Fetch, since Intercom may refuse the
// search endpoint its version documents.
func (s *Source) Explain() string {
	switch s.searchState.Load() {
	case searchNotOffered:
		return fmt.Sprintf("reads GET /admins/activity_logs (Intercom-Version %s has no search endpoint; 2.16 and later do): %s entries a request", s.version, s.getPageSize())
	case searchUntried:
		return fmt.Sprintf("will read POST /admins/activity_logs/search (Intercom-Version %s), %d entries a request", s.version, s.searchPageSize())
	case searchInUse:
		return fmt.Sprintf("reads POST /admins/activity_logs/search (Intercom-Version %s), %d entries a request, event types filtered by Intercom", s.version, s.searchPageSize())
	default:
		return fmt.Sprintf("reads GET /admins/activity_logs, %s entries a request: Intercom refused the search endpoint of Intercom-Version %s (%s)", s.getPageSize(), s.version, s.refusal.Load())
	}
}

// searchPageSize is the per_page of a search: page_size, or the most the
// endpoint allows, which saves requests against the rate limit.
func (s *Source) searchPageSize() int {
	if s.pageSize > 0 {
		return s.pageSize
	}
	return maxPageSize
}

// getPageSize describes the GET's page size.
func (s *Source) getPageSize() string {
	if s.pageSize > 0 {
		return fmt.Sprint(s.pageSize)
	}
	return "Intercom's default of 20"
}

// fetchSearch fetches the page c points at from the search endpoint. When
// Intercom answers that it has no such endpoint, fellBack is true and the
// caller reads the GET instead.
func (s *Source) fetchSearch(ctx context.Context, c walkCursor, q model.Query, hadCursor bool) (resp response, fellBack bool, err error) {
	body := searchRequest{
		CreatedAtAfter:  max(ceilUnix(c.Since)-1, 0),
		CreatedAtBefore: max(ceilUnix(c.Until), 1),
		Page:            c.Page,
		PerPage:         c.PerPage,
	}
	if body.PerPage == 0 {
		body.PerPage = s.searchPageSize()
	}
	if q.Action != "" {
		// Intercom's types are lower-case; the query's match ignores case.
		body.EventTypes = []string{strings.ToLower(q.Action)}
	}
	if wait := s.limits.reserve(); wait > s.maxWait {
		return response{}, false, s.waitTooLong(wait)
	}
	status, header, raw, err := s.post(ctx, s.base.JoinPath(searchPath).String(), body)
	if err != nil {
		return response{}, false, err
	}
	if !hadCursor && s.searchState.Load() != searchInUse {
		if why := searchRefused(status, raw); why != "" {
			s.refusal.Store(why)
			s.searchState.Store(searchFellBack)
			return response{}, true, nil
		}
	}
	resp, err = s.decodeResponse(status, header, raw, hadCursor)
	if err != nil {
		return response{}, false, s.redact(err)
	}
	s.searchState.CompareAndSwap(searchUntried, searchInUse)
	return resp, false, nil
}

// searchRefused says why, when an answer to a search means the endpoint is
// not there for this workspace and version: an error.list (Intercom's own
// answer, not a proxy's page) with 404 or 405, or with 400 and a code that
// says not found or names the version. A legacy GET-only handler answers
// the POST's missing created_at_after query parameter with
// parameter_not_found, as 404 in the old docs and 400 in newer versions.
func searchRefused(status int, body []byte) string {
	if status != http.StatusNotFound && status != http.StatusMethodNotAllowed && status != http.StatusBadRequest {
		return ""
	}
	var list struct {
		Type   string `json:"type"`
		Errors []struct {
			Code string `json:"code"`
		} `json:"errors"`
	}
	if json.Unmarshal(body, &list) != nil || list.Type != "error.list" {
		return ""
	}
	code := ""
	if len(list.Errors) > 0 {
		code = list.Errors[0].Code
	}
	if status == http.StatusBadRequest && !strings.Contains(code, "not_found") && !strings.Contains(code, "version") {
		return ""
	}
	if code == "" {
		return fmt.Sprint(status)
	}
	return fmt.Sprintf("%d %s", status, model.Clip(code, 60))
}

// post sends one POST of a JSON body through the transport, as get sends a
// GET: the body can be replayed, so retries work alike.
func (s *Source) post(ctx context.Context, target string, v any) (int, http.Header, []byte, error) {
	b, _ := json.Marshal(v) // ints and strings cannot fail
	return s.send(ctx, http.MethodPost, target, b)
}

// nextSearch is the cursor of the search page after resp, or "" at the
// end: the endpoint pages by number, until page reaches total_pages; where
// total_pages is missing, until a page comes back short.
func nextSearch(c walkCursor, resp response, perPage int) string {
	page := c.Page
	if resp.page > 0 {
		page = resp.page
	}
	switch {
	case resp.total > 0 && page >= resp.total,
		resp.total == 0 && len(resp.events) < perPage,
		len(resp.events) == 0,
		page >= maxPage:
		return ""
	}
	n := walkCursor{Since: c.Since, Until: c.Until, Page: page + 1, Search: true, PerPage: perPage}
	return n.encode()
}
