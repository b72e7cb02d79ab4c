package intercomemu

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// listParams is a list request's parameters, read and checked.
type listParams struct {
	after, before int64 // Unix seconds; before 0 = unbounded
	perPage, page int
	// startingAfter, when set, is the (created_at, id) the page follows.
	startingAfter *pageKey
}

// pageKey is the position a starting_after cursor names: the last entry of
// the previous page. Its wire form is base64 of [created_at, "id"], in the
// manner of Intercom's cursors.
type pageKey struct {
	createdAt int64
	id        string
}

// list answers GET /admins/activity_logs.
func (em *Emulator) list(w http.ResponseWriter, r *http.Request) {
	p, status, code, msg := em.parseList(r.URL.Query())
	if code != "" {
		em.fail(w, status, code, msg)
		return
	}
	em.mu.Lock()
	var matching []Entry
	for _, e := range em.entries {
		if em.inBounds(e.CreatedAt.Unix(), p) {
			matching = append(matching, e)
		}
	}
	em.mu.Unlock()

	lo := (p.page - 1) * p.perPage
	if k := p.startingAfter; k != nil {
		lo = len(matching)
		for i, e := range matching {
			if t := e.CreatedAt.Unix(); t < k.createdAt || (t == k.createdAt && e.ID < k.id) {
				lo = i
				break
			}
		}
	}
	lo = min(lo, len(matching))
	hi := min(lo+p.perPage, len(matching))
	logs := matching[lo:hi]
	if logs == nil {
		logs = []Entry{}
	}
	number := lo/p.perPage + 1
	if p.startingAfter == nil {
		number = p.page
	}
	var next any
	if hi < len(matching) && len(logs) > 0 {
		next = em.nextLink(r, p, number+1, logs[len(logs)-1])
	}
	body := map[string]any{"type": "activity_log.list", "activity_logs": logs}
	if next != nil || !em.opts.OmitPagesAtEnd {
		body["pages"] = map[string]any{
			"type": "pages", "next": next, "page": number, "per_page": p.perPage,
			"total_pages": (len(matching) + p.perPage - 1) / p.perPage,
		}
	}
	answer.Write(w, http.StatusOK, body)
}

// nextLink is pages.next in the configured form.
func (em *Emulator) nextLink(r *http.Request, p listParams, page int, last Entry) any {
	if em.opts.Next == NextStartingAfter {
		key, _ := json.Marshal([]any{last.CreatedAt.Unix(), last.ID})
		return map[string]any{"per_page": p.perPage, "starting_after": base64.StdEncoding.EncodeToString(key)}
	}
	base := em.opts.NextBase
	if base == "" {
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		base = scheme + "://" + r.Host
	}
	v := url.Values{}
	v.Set("created_at_after", strconv.FormatInt(p.after, 10))
	if p.before > 0 {
		v.Set("created_at_before", strconv.FormatInt(p.before, 10))
	}
	v.Set("page", strconv.Itoa(page))
	v.Set("per_page", strconv.Itoa(p.perPage))
	return base + r.URL.Path + "?" + v.Encode()
}

// parseList reads the parameters, or returns the error Intercom would send.
func (em *Emulator) parseList(q url.Values) (p listParams, status int, code, msg string) {
	p = listParams{perPage: em.opts.PerPage, page: 1}
	if q.Get("created_at_after") == "" {
		return p, em.opts.MissingParamStatus, "parameter_not_found", "Please provide the following parameters: created_at_after"
	}
	bad := func(name, what string) (listParams, int, string, string) {
		return p, http.StatusBadRequest, "parameter_invalid", name + " " + what
	}
	var err error
	if p.after, err = strconv.ParseInt(q.Get("created_at_after"), 10, 64); err != nil || p.after < 0 {
		return bad("created_at_after", "must be a UNIX timestamp")
	}
	if v := q.Get("created_at_before"); v != "" {
		if p.before, err = strconv.ParseInt(v, 10, 64); err != nil || p.before < 0 {
			return bad("created_at_before", "must be a UNIX timestamp")
		}
	}
	if v := q.Get("per_page"); v != "" {
		if p.perPage, err = strconv.Atoi(v); err != nil || p.perPage < 1 || p.perPage > maxPageSize {
			return bad("per_page", "must be between 1 and 250")
		}
	}
	if v := q.Get("page"); v != "" {
		if p.page, err = strconv.Atoi(v); err != nil || p.page < 1 {
			return bad("page", "must be a positive integer")
		}
	}
	if v := q.Get("starting_after"); v != "" {
		k, ok := parseKey(v)
		if !ok {
			return bad("starting_after", "is invalid")
		}
		p.startingAfter = &k
	}
	return p, 0, "", ""
}

// parseKey reads a starting_after cursor.
func parseKey(s string) (pageKey, bool) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return pageKey{}, false
	}
	var parts []json.RawMessage
	if json.Unmarshal(b, &parts) != nil || len(parts) != 2 {
		return pageKey{}, false
	}
	var k pageKey
	if json.Unmarshal(parts[0], &k.createdAt) != nil || json.Unmarshal(parts[1], &k.id) != nil || k.createdAt < 0 {
		return pageKey{}, false
	}
	return k, true
}

// inBounds applies created_at_after and created_at_before, inclusive or
// strict as configured.
func (em *Emulator) inBounds(t int64, p listParams) bool {
	if em.opts.InclusiveBounds {
		return t >= p.after && (p.before == 0 || t <= p.before)
	}
	return t > p.after && (p.before == 0 || t < p.before)
}

// MarshalJSON writes the entry as Intercom does, keys in the docs' order.
func (e Entry) MarshalJSON() ([]byte, error) {
	md := e.Metadata
	if len(md) == 0 {
		md = json.RawMessage("null")
	}
	type admin struct {
		Type  string `json:"type"`
		ID    string `json:"id"`
		Email string `json:"email"`
		IP    string `json:"ip"`
	}
	return answer.Encode(struct {
		ID                  string          `json:"id"`
		PerformedBy         admin           `json:"performed_by"`
		Metadata            json.RawMessage `json:"metadata"`
		CreatedAt           int64           `json:"created_at"`
		ActivityType        string          `json:"activity_type"`
		ActivityDescription string          `json:"activity_description"`
	}{e.ID, admin{"admin", e.PerformedBy.ID, e.PerformedBy.Email, e.PerformedBy.IP}, md,
		e.CreatedAt.UTC().Truncate(time.Second).Unix(), e.ActivityType, e.Description}), nil
}
