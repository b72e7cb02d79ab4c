package qualtricsemu

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// eventFilters are the optional filters of /logs, which an activity type may
// or may not take, and the descriptor key each one matches.
func eventFilters() [][2]string {
	return [][2]string{{"userId", "userId"}, {"organizationId", "brandId"}, {"directoryId", "directoryId"}, {"groupId", "groupId"}, {"contactId", "contactId"}}
}

// pageToken is what the emulator's skipToken holds: where the next page
// starts, the window the walk resolved, and a fingerprint of its filters.
type pageToken struct {
	Offset int    `json:"o"`
	Start  int64  `json:"s"`
	End    int64  `json:"e"`
	Query  string `json:"f"`
}

// listEvents answers GET /API/v3/logs.
func (em *Emulator) listEvents(w http.ResponseWriter, r *http.Request, notice string) {
	q := r.URL.Query()
	typ := q.Get("activityType")
	info, known := findType(typ)
	switch {
	case typ == "":
		em.fail(w, http.StatusBadRequest, "QVal_1", "Invalid request. Missing or invalid parameter activityType: 'Expected type string'.")
		return
	case !known:
		em.fail(w, http.StatusBadRequest, "QVal_1", "Invalid request. Unknown activityType: '"+typ+"'.")
		return
	}
	size := 100
	if v := q.Get("pageSize"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxPageSize {
			em.fail(w, http.StatusBadRequest, "QVal_1", "Invalid request. Invalid parameter pageSize: must be between 1 and 1000.")
			return
		}
		size = n
	}
	order := q.Get("order")
	if order == "" {
		order = em.opts.DefaultOrder
	}
	if order != "asc" && order != "dsc" {
		em.fail(w, http.StatusBadRequest, "QVal_1", "Invalid request. Invalid parameter order: must be asc or dsc.")
		return
	}
	start, end, msg := resolveWindow(q.Get("startDate"), q.Get("endDate"), em.opts.Now)
	if msg != "" {
		em.fail(w, http.StatusBadRequest, "QVal_1", msg)
		return
	}
	filters := map[string]string{}
	for _, f := range eventFilters() {
		v := q.Get(f[0])
		switch {
		case v == "":
		case slices.Contains(info.filters, f[0]):
			filters[f[1]] = v
		case em.opts.StrictFilters:
			em.fail(w, http.StatusBadRequest, "QVal_1", "Invalid request. Filter "+f[0]+" is not supported for activityType '"+typ+"'.")
			return
		}
	}
	fingerprint := queryFingerprint(q)
	offset := 0
	if v := q.Get("skipToken"); v != "" {
		tok, ok := decodePageToken(v)
		if !ok || tok.Query != fingerprint {
			em.fail(w, http.StatusBadRequest, "QVal_1", "Invalid request. Invalid skipToken.")
			return
		}
		offset, start, end = tok.Offset, time.UnixMilli(tok.Start).UTC(), time.UnixMilli(tok.End).UTC()
	}
	matching := em.matching(typ, start, end, filters)
	if order == "asc" {
		slices.Reverse(matching)
	}
	lo, hi := min(offset, len(matching)), min(offset+size, len(matching))
	elements := make([]json.RawMessage, 0, hi-lo)
	for _, e := range matching[lo:hi] {
		elements = append(elements, e.marshal())
	}
	result := map[string]any{"elements": elements}
	if hi < len(matching) {
		next := hi
		if page := offset/size + 1; em.opts.LoopAt > 1 && page == em.opts.LoopAt {
			next = max(em.opts.LoopAt-em.opts.LoopLength, 0) * size
		}
		tok := encodePageToken(pageToken{Offset: next, Start: start.UnixMilli(), End: end.UnixMilli(), Query: fingerprint})
		result["nextPage"] = em.nextPageValue(r, tok)
	} else if !em.opts.OmitLastNextPage {
		result["nextPage"] = nil
	}
	em.writeResult(w, result, notice)
}

// listTypes answers GET /API/v3/logs/activitytypes, without nextPage.
func (em *Emulator) listTypes(w http.ResponseWriter, notice string) {
	var elements []any
	for _, t := range emulatorTypes() {
		if em.opts.DescribedTypes {
			elements = append(elements, map[string]string{"name": t.name, "description": t.description, "category": t.category})
		} else {
			elements = append(elements, map[string]any{"name": t.name, "additionalFilters": t.filters})
		}
	}
	em.writeResult(w, map[string]any{"elements": elements}, notice)
}

// writeResult sends a successful envelope.
func (em *Emulator) writeResult(w http.ResponseWriter, result map[string]any, notice string) {
	meta := map[string]any{"httpStatus": "200 - OK", "requestId": em.requestID()}
	if notice != "" {
		meta["notice"] = notice
	}
	writeJSON(w, http.StatusOK, map[string]any{"result": result, "meta": meta})
}

// matching returns the events of type typ in [start, end) whose descriptors
// hold every filter's value, newest first.
func (em *Emulator) matching(typ string, start, end time.Time, filters map[string]string) []Entry {
	em.mu.Lock()
	defer em.mu.Unlock()
	var out []Entry
	for _, e := range em.entries {
		if e.Type != typ || e.Timestamp.Before(start) || !e.Timestamp.Before(end) {
			continue
		}
		if len(filters) > 0 && !descriptorHas(e.Descriptor, filters) {
			continue
		}
		out = append(out, e)
	}
	return out
}

// descriptorHas reports whether the descriptor holds every key's value.
func descriptorHas(raw json.RawMessage, want map[string]string) bool {
	var d map[string]any
	if json.Unmarshal(raw, &d) != nil {
		return false
	}
	for k, v := range want {
		if s, _ := d[k].(string); s != v {
			return false
		}
	}
	return true
}

// nextPageValue writes a next-page token in the configured form: the token,
// or the URL of this request with the token as skipToken.
func (em *Emulator) nextPageValue(r *http.Request, tok string) string {
	if em.opts.NextPage != NextPageURL {
		return tok
	}
	u := url.URL{Scheme: "http", Host: r.Host, Path: r.URL.Path}
	if r.TLS != nil {
		u.Scheme = "https"
	}
	if orig, err := url.ParseRequestURI(r.RequestURI); err == nil {
		u.Path = orig.Path // the path as sent, before any prefix was stripped
	}
	if em.opts.NextPageHost != "" {
		u.Host = em.opts.NextPageHost
	}
	q := r.URL.Query()
	q.Set("skipToken", tok)
	u.RawQuery = q.Encode()
	return u.String()
}

// resolveWindow applies the ±7-day defaults: no startDate means 7 days
// before endDate, no endDate 7 days after startDate, neither the 7 days
// before now. It returns the API's message for a bad date.
func resolveWindow(startText, endText string, now time.Time) (start, end time.Time, msg string) {
	parse := func(name, v string) (time.Time, bool) {
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			msg = "Invalid request. Invalid parameter " + name + ": expected an ISO 8601 date and time."
			return time.Time{}, false
		}
		return t.UTC(), true
	}
	var ok bool
	if startText != "" {
		if start, ok = parse("startDate", startText); !ok {
			return start, end, msg
		}
	}
	if endText != "" {
		if end, ok = parse("endDate", endText); !ok {
			return start, end, msg
		}
	}
	switch {
	case start.IsZero() && end.IsZero():
		end = now
		start = end.Add(-defaultWindow)
	case start.IsZero():
		start = end.Add(-defaultWindow)
	case end.IsZero():
		end = start.Add(defaultWindow)
	}
	if !start.Before(end) {
		return start, end, "Invalid request. startDate must be before endDate."
	}
	return start, end, ""
}

// queryFingerprint ties a token to the filters it was made for, which the
// client must send again with it.
func queryFingerprint(q url.Values) string {
	h := sha256.New()
	for _, k := range []string{"activityType", "userId", "organizationId", "directoryId", "groupId", "contactId", "order", "startDate", "endDate"} {
		h.Write([]byte(k + "=" + q.Get(k) + "\x00"))
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// encodePageToken writes t as base64url with "~" for padding, padded so the
// token ends in "~~" like the tokens seen from the real API.
func encodePageToken(t pageToken) string {
	b, _ := json.Marshal(t)
	for len(b)%3 != 1 {
		b = append(b, ' ')
	}
	return strings.ReplaceAll(base64.URLEncoding.EncodeToString(b), "=", "~")
}

func decodePageToken(s string) (pageToken, bool) {
	b, err := base64.URLEncoding.DecodeString(strings.ReplaceAll(s, "~", "="))
	if err != nil {
		return pageToken{}, false
	}
	var t pageToken
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if dec.Decode(&t) != nil || t.Offset < 0 || t.Start >= t.End || t.Query == "" {
		return pageToken{}, false
	}
	return t, true
}
