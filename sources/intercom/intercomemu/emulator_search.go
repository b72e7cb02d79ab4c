package intercomemu

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// SearchSupport says which Intercom-Versions the emulator serves
// POST /admins/activity_logs/search for, and how it answers the others.
type SearchSupport int

// The ways a workspace may answer the search endpoint.
const (
	// SearchByVersion serves search for 2.16 and later, Unstable and
	// Preview, as the spec has it, and answers older versions 404
	// not_found, as Intercom answers a path it does not know.
	SearchByVersion SearchSupport = iota
	// SearchAbsent404 answers every search 404 not_found: a workspace or a
	// proxy that lacks the endpoint whatever the version.
	SearchAbsent404
	// SearchAbsent400 answers every search 400 parameter_not_found, as the
	// GET handler would to a request without created_at_after in its query
	// (the legacy docs give that answer 404; newer versions may send 400).
	SearchAbsent400
)

// SearchBody is the JSON body of a search request, as the emulator read it.
type SearchBody struct {
	CreatedAtAfter  *int64   `json:"created_at_after"`
	CreatedAtBefore *int64   `json:"created_at_before"`
	EventTypes      []string `json:"event_types"`
	Page            int      `json:"page"`
	PerPage         int      `json:"per_page"`
}

// Searches returns the bodies of the search requests answered so far.
func (em *Emulator) Searches() []SearchBody {
	em.mu.Lock()
	defer em.mu.Unlock()
	return slices.Clone(em.searches)
}

// offersSearch reports whether the emulator serves search to version v.
func (em *Emulator) offersSearch(v string) bool {
	switch em.opts.Search {
	case SearchAbsent404, SearchAbsent400:
		return false
	}
	return versionHasSearch(v)
}

// search answers POST /admins/activity_logs/search: the window and event
// types of the body, paged by number, newest first.
func (em *Emulator) search(w http.ResponseWriter, r *http.Request) {
	if !em.offersSearch(r.Header.Get("Intercom-Version")) {
		if em.opts.Search == SearchAbsent400 {
			em.fail(w, http.StatusBadRequest, "parameter_not_found", "Please provide the following parameters: created_at_after")
			return
		}
		em.fail(w, http.StatusNotFound, "not_found", "Resource Not Found")
		return
	}
	if r.Method != http.MethodPost {
		em.fail(w, http.StatusMethodNotAllowed, "method_not_allowed", "Method Not Allowed")
		return
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	var b SearchBody
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err != nil || dec.Decode(&b) != nil {
		em.fail(w, http.StatusBadRequest, "parameter_invalid", "The request body is not valid JSON")
		return
	}
	em.mu.Lock()
	em.searches = append(em.searches, b)
	em.mu.Unlock()
	if b.CreatedAtAfter == nil {
		em.fail(w, http.StatusBadRequest, "parameter_not_found", "Please provide the following parameters: created_at_after")
		return
	}
	p := listParams{after: *b.CreatedAtAfter, perPage: 20, page: 1}
	if b.CreatedAtBefore != nil {
		p.before = *b.CreatedAtBefore
	}
	switch {
	case p.after < 0 || p.before < 0:
		em.fail(w, http.StatusBadRequest, "parameter_invalid", "created_at_after and created_at_before must be UNIX timestamps")
		return
	case b.PerPage != 0 && (b.PerPage < 1 || b.PerPage > maxPageSize):
		em.fail(w, http.StatusBadRequest, "parameter_invalid", "per_page must be between 1 and 250")
		return
	case b.Page < 0:
		em.fail(w, http.StatusBadRequest, "parameter_invalid", "page must be a positive integer")
		return
	}
	if b.PerPage > 0 {
		p.perPage = b.PerPage
	}
	if b.Page > 0 {
		p.page = b.Page
	}
	em.mu.Lock()
	var matching []Entry
	for _, e := range em.entries {
		if em.inBounds(e.CreatedAt.Unix(), p) && (len(b.EventTypes) == 0 || slices.Contains(b.EventTypes, e.ActivityType)) {
			matching = append(matching, e)
		}
	}
	em.mu.Unlock()
	lo := min((p.page-1)*p.perPage, len(matching))
	hi := min(lo+p.perPage, len(matching))
	logs := matching[lo:hi]
	if logs == nil {
		logs = []Entry{}
	}
	pages := map[string]any{"type": "pages", "next": nil, "page": p.page, "per_page": p.perPage}
	if !em.opts.SearchOmitTotal {
		pages["total_pages"] = (len(matching) + p.perPage - 1) / p.perPage
	}
	answer.Write(w, http.StatusOK, map[string]any{"type": "activity_log.list", "activity_logs": logs, "pages": pages})
}

// versionHasSearch reports whether Intercom-Version v documents the search
// endpoint: 2.16 and later, and the Unstable and Preview specs.
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
