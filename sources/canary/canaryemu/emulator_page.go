package canaryemu

import (
	"cmp"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// timestampLayout is how the console writes an entry's timestamp.
const timestampLayout = "2006-01-02 15:04:05 UTC+0000"

// pageCursor is the console's cursor: standard base64 of
// "direction:boundary:pageSize:3:targetPage:pageCount", as decoded from the
// documentation's examples. Direction 0 (next) selects entries with ids
// below boundary; 1 (prev) the pageSize entries just above it.
type pageCursor struct {
	first            bool // no cursor: the first page
	prev             bool
	boundary         int64
	pageSize, target int
}

// filter is a request's filters, applied again on every page.
type filter struct {
	action, search     string
	rule               SearchRule
	start, end         time.Time // days; zero = unbounded
	zone               *time.Location
	afterID            int64
	hasAfter, inclDate bool
}

// fetch answers GET /api/v1/audit_trail/fetch.
func (em *Emulator) fetch(w http.ResponseWriter, form url.Values) {
	hasCursor := form.Get("cursor") != ""
	switch {
	case hasCursor && form.Has("limit") && !em.opts.AllowLimitWithCursor:
		em.fail(w, http.StatusBadRequest, "limit cannot be used with a cursor")
		return
	case hasCursor && form.Has("after_id"):
		em.fail(w, http.StatusBadRequest, "after_id cannot be used with a cursor")
		return
	}
	if em.opts.EndlessEmpty {
		answer.Write(w, http.StatusOK, em.endless())
		return
	}
	f, msg := parseFilter(form, em.opts.InclusiveDates)
	f.rule, f.zone = em.opts.Search, em.opts.Zone
	if f.zone == nil {
		f.zone = time.UTC
	}
	if msg != "" {
		em.fail(w, http.StatusBadRequest, msg)
		return
	}
	c, msg := readCursor(form.Get("cursor"), form.Get("limit"))
	if msg != "" {
		em.fail(w, http.StatusBadRequest, msg)
		return
	}
	em.mu.Lock()
	var matching []Entry
	for _, e := range em.entries {
		if f.matches(&e) {
			matching = append(matching, e)
		}
	}
	em.mu.Unlock()
	answer.Write(w, http.StatusOK, paginate(matching, c))
}

// Page answers a fetch of entries (newest first, by descending id, as the
// emulator's log is) with no filter: the page cursor asks for or, without a
// cursor, the first page of limit entries (limit beside a cursor is ignored,
// as with Options.AllowLimitWithCursor). ok is false where the emulator would
// refuse the cursor or the limit. It lets emuserve's fast path write the very
// page the emulator writes.
func Page(entries []Entry, cursor, limit string) (page map[string]any, ok bool) {
	c, msg := readCursor(cursor, limit)
	if msg != "" {
		return nil, false
	}
	return paginate(entries, c), true
}

// readCursor reads the page a fetch asks for: its cursor, or without one the
// first page of limit entries (100 by default); msg is the console's message
// for a bad one.
func readCursor(cursor, limit string) (c pageCursor, msg string) {
	c = pageCursor{first: true, pageSize: 100, target: 1}
	if cursor != "" {
		var ok bool
		if c, ok = parseCursor(cursor); !ok {
			return c, "Invalid cursor"
		}
	} else if limit != "" {
		n, err := strconv.Atoi(limit)
		if err != nil || n < 1 {
			return c, "Parameter limit was invalid."
		}
		c.pageSize = n
	}
	return c, ""
}

// paginate cuts one page out of matching (newest first) and mints its cursors.
func paginate(matching []Entry, c pageCursor) map[string]any {
	count := (len(matching) + c.pageSize - 1) / c.pageSize
	lo, hi := 0, 0 // the page is matching[lo:hi]
	switch {
	case c.first:
		hi = min(c.pageSize, len(matching))
	case c.prev:
		hi, _ = slices.BinarySearchFunc(matching, c.boundary, byIDDesc) // first id <= boundary
		lo = max(0, hi-c.pageSize)
	default:
		lo, _ = slices.BinarySearchFunc(matching, c.boundary-1, byIDDesc) // first id < boundary
		hi = min(lo+c.pageSize, len(matching))
	}
	page := matching[lo:hi]
	var next, prev *string
	if len(page) > 0 {
		if hi < len(matching) {
			s := encodeCursor(false, page[len(page)-1].ID, c.pageSize, c.target+1, count)
			next = &s
		}
		if c.target > 1 && lo > 0 {
			s := encodeCursor(true, page[0].ID, c.pageSize, c.target-1, count)
			prev = &s
		}
	}
	if page == nil {
		page = []Entry{}
	}
	return map[string]any{
		"audit_trail": page,
		"cursor":      map[string]*string{"next": next, "prev": prev},
		"page_count":  count,
		"page_number": c.target,
		"result":      "success",
	}
}

// byIDDesc orders entries by descending id for binary search.
func byIDDesc(e Entry, id int64) int {
	switch {
	case e.ID > id:
		return -1
	case e.ID < id:
		return 1
	}
	return 0
}

func encodeCursor(prev bool, boundary int64, pageSize, target, count int) string {
	dir := 0
	if prev {
		dir = 1
	}
	return base64.StdEncoding.EncodeToString(fmt.Appendf(nil, "%d:%d:%d:3:%d:%d", dir, boundary, pageSize, target, count))
}

// parseCursor reads a cursor; anything but six sane integers is invalid.
func parseCursor(s string) (pageCursor, bool) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return pageCursor{}, false
	}
	parts := strings.Split(string(b), ":")
	if len(parts) != 6 {
		return pageCursor{}, false
	}
	var n [6]int64
	for i, p := range parts {
		if n[i], err = strconv.ParseInt(p, 10, 64); err != nil {
			return pageCursor{}, false
		}
	}
	if (n[0] != 0 && n[0] != 1) || n[1] < 0 || n[2] < 1 || n[2] > 1<<20 || n[4] < 1 || n[4] > 1<<30 || n[5] < 0 {
		return pageCursor{}, false
	}
	// The fourth field (always 3 in the docs) and the page count are not used:
	// the count is worked out again, since entries may have come in since.
	return pageCursor{prev: n[0] == 1, boundary: n[1], pageSize: int(n[2]), target: int(n[4])}, true
}

// dateLayout is the form of start_date and end_date, "yyyy-mm-dd" in the
// Canary docs (docs.canary.tools/console/audit-trail.html). The emulator
// keeps its own copy: it reads the docs, not the client.
const dateLayout = "2006-01-02"

// parseFilter reads the filters, or returns the console's message for a bad one.
func parseFilter(form url.Values, inclusive bool) (filter, string) {
	f := filter{action: form.Get("action_filter"), search: form.Get("search_term"), inclDate: inclusive}
	for _, d := range []struct {
		name string
		to   *time.Time
	}{{"start_date", &f.start}, {"end_date", &f.end}} {
		if v := form.Get(d.name); v != "" {
			t, err := time.Parse(dateLayout, v)
			if err != nil {
				return f, "Parameter " + d.name + " was invalid."
			}
			*d.to = t
		}
	}
	if v := form.Get("after_id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id < 0 {
			return f, "Parameter after_id was invalid."
		}
		f.afterID, f.hasAfter = id, true
	}
	return f, ""
}

// matches applies every filter: action_filter exactly, search_term by the
// emulator's rule over every string field, dates by the day in the
// console's zone.
func (f *filter) matches(e *Entry) bool {
	if f.action != "" && e.ActionType != f.action {
		return false
	}
	if f.hasAfter && e.ID <= f.afterID {
		return false
	}
	y, m, d := e.Timestamp.In(f.zone).Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if !f.start.IsZero() && (day.Before(f.start) || (!f.inclDate && day.Equal(f.start))) {
		return false
	}
	if !f.end.IsZero() && (day.After(f.end) || (!f.inclDate && day.Equal(f.end))) {
		return false
	}
	if f.search == "" {
		return true
	}
	for _, s := range [...]string{e.ActionType, e.Message, e.User, e.UserIP, e.UserBrowserAgent, e.UserBrowserLanguage,
		e.FlockID, e.FlockName, e.Timestamp.UTC().Format(timestampLayout), string(e.AdditionalInformation)} {
		if f.rule.match(s, f.search) {
			return true
		}
	}
	return false
}

// match reports whether field matches term by the rule.
func (r SearchRule) match(field, term string) bool {
	switch r {
	case SearchExact:
		return field == term
	case SearchCaseSensitive:
		return strings.Contains(field, term)
	default:
		return strings.Contains(strings.ToLower(field), strings.ToLower(term))
	}
}

// MarshalJSON writes the entry as the console does: keys in alphabetical
// order, absent values as null, timestamps as "2020-04-17 11:58:10 UTC+0000".
func (e Entry) MarshalJSON() ([]byte, error) {
	var flock *string
	if e.FlockID != "" {
		flock = &e.FlockID
	}
	info := e.AdditionalInformation
	if len(info) == 0 {
		info = json.RawMessage("null")
	}
	return answer.Encode(struct {
		ActionType            string          `json:"action_type"`
		AdditionalInformation json.RawMessage `json:"additional_information"`
		FlockID               *string         `json:"flock_id"`
		FlockName             string          `json:"flock_name,omitempty"`
		ID                    int64           `json:"id"`
		Message               string          `json:"message"`
		Timestamp             string          `json:"timestamp"`
		User                  string          `json:"user"`
		UserBrowserAgent      string          `json:"user_browser_agent"`
		UserBrowserLanguage   string          `json:"user_browser_language"`
		UserIP                string          `json:"user_ip"`
	}{e.ActionType, info, flock, e.FlockName, e.ID, e.Message, e.Timestamp.UTC().Format(timestampLayout),
		e.User, e.UserBrowserAgent, e.UserBrowserLanguage, e.UserIP}), nil
}

// numberEntries gives ids to entries without one, after the highest given,
// in the order given read as newest first, and sorts the log newest first.
func numberEntries(in []Entry) []Entry {
	out := slices.Clone(in)
	var top int64
	for _, e := range out {
		top = max(top, e.ID)
	}
	missing := 0
	for _, e := range out {
		if e.ID == 0 {
			missing++
		}
	}
	next := top + int64(missing)
	for i := range out {
		if out[i].ID == 0 {
			out[i].ID = next
			next--
		}
		// The wire has whole seconds; store what clients will see.
		out[i].Timestamp = out[i].Timestamp.UTC().Truncate(time.Second)
	}
	slices.SortStableFunc(out, func(a, b Entry) int { return cmp.Compare(b.ID, a.ID) })
	return out
}

// endless is the hostile console's answer: nothing, and a cursor to more.
func (em *Emulator) endless() map[string]any {
	em.mu.Lock()
	em.endlessN++
	n := em.endlessN
	em.mu.Unlock()
	next := encodeCursor(false, int64(1_000_000-n), 100, n+1, em.opts.StatedPages)
	return map[string]any{
		"audit_trail": []Entry{},
		"cursor":      map[string]*string{"next": &next, "prev": nil},
		"page_count":  em.opts.StatedPages,
		"page_number": n,
		"result":      "success",
	}
}
