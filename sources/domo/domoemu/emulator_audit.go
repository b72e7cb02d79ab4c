package domoemu

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/trail-dev/trail/sources/emulate"
)

// docsTimeLayout is the v1 docs' time form, "2017-12-13 10:57:35 PM".
const docsTimeLayout = "2006-01-02 03:04:05 PM"

// page406 is the HTML a Java SDK user got when content negotiation failed.
const page406 = `<!doctype html><html lang="en"><head><title>HTTP Status 406 – Not Acceptable</title>` +
	`<style type="text/css">body {font-family:Tahoma,Arial,sans-serif;}</style></head><body>` +
	`<h1>HTTP Status 406 – Not Acceptable</h1><hr class="line" /><p><b>Type</b> Status Report</p>` +
	`<p><b>Description</b> The target resource does not have a current representation that would be acceptable to ` +
	`the user agent, according to the proactive negotiation header fields received in the request, and the server ` +
	`is unwilling to supply a default representation.</p><hr class="line" /><h3>Apache Tomcat</h3></body></html>`

// auditQuery is one /v1/audit request's parameters.
type auditQuery struct {
	start, end    int64 // epoch ms; end 0 = unbounded
	limit, offset int
	user          string
}

// serveAudit answers GET /v1/audit.
func (em *Emulator) serveAudit(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		em.fail(w, r, http.StatusMethodNotAllowed, "Method Not Allowed", "Request method '"+r.Method+"' not supported")
		return
	}
	if em.opts.Always406 || !acceptsJSON(r.Header.Get("Accept")) {
		w.Header().Set("Content-Type", "text/html;charset=utf-8")
		w.WriteHeader(http.StatusNotAcceptable)
		_, _ = w.Write([]byte(page406))
		return
	}
	scopes, ok := em.bearer(r)
	if !ok {
		// The reason is a Domo quirk seen in the wild: it may not match the code.
		em.fail(w, r, http.StatusUnauthorized, "Internal Server Error",
			"com.domo.bedrock.service.exception.UnauthorizedException: Full authentication is required to access this resource")
		return
	}
	if !slices.Contains(scopes, "audit") {
		em.fail(w, r, http.StatusForbidden, "Forbidden",
			"com.domo.bedrock.service.exception.ForbiddenException: Insufficient scope for this resource")
		return
	}
	em.mu.Lock()
	em.audits++
	n := em.audits
	em.mu.Unlock()
	if emulate.RateLimited(w.Header(), em.opts.RateLimitEvery, n, em.opts.RetryAfter) {
		em.fail(w, r, http.StatusTooManyRequests, "Too Many Requests", "Rate limit exceeded")
		return
	}
	q, msg := em.parseAudit(r)
	if msg != "" {
		em.fail(w, r, http.StatusBadRequest, "Bad Request", msg)
		return
	}
	if k := em.opts.AddPerRequest; k > 0 && n > 1 {
		em.addAtHead(k, n)
	}
	if k := em.opts.LatePerRequest; k > 0 && n > 1 {
		em.addLate(k, n, q)
	}
	em.mu.Lock()
	var matching []Entry
	for _, e := range em.entries {
		if em.matches(&e, q) {
			matching = append(matching, e)
		}
	}
	em.mu.Unlock()
	em.arrange(matching)
	lo := min(q.offset, len(matching))
	hi := min(lo+q.limit, len(matching))
	page := make([]any, 0, hi-lo)
	for _, e := range matching[lo:hi] {
		page = append(page, rawJSON(em.JSON(e)))
	}
	answer.Write(w, http.StatusOK, page)
}

// parseAudit reads the parameters, or returns the message of a 400 in the
// style of the Spring service behind the API.
func (em *Emulator) parseAudit(r *http.Request) (auditQuery, string) {
	v := r.URL.Query()
	q := auditQuery{limit: 50, user: v.Get("user")}
	if !v.Has("start") {
		return q, "Required long parameter 'start' is not present"
	}
	for _, p := range []struct {
		name string
		to   *int64
	}{{"start", &q.start}, {"end", &q.end}} {
		if s := v.Get(p.name); s != "" || p.name == "start" {
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil || n < 0 {
				return q, fmt.Sprintf("Failed to convert value of type 'java.lang.String' to required type 'long'; For input string: \"%s\"", s)
			}
			*p.to = n
		}
	}
	for _, p := range []struct {
		name string
		to   *int
	}{{"limit", &q.limit}, {"offset", &q.offset}} {
		if s := v.Get(p.name); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 0 || (p.name == "limit" && n == 0) {
				return q, fmt.Sprintf("Invalid value for parameter '%s': %s", p.name, s)
			}
			*p.to = n
		}
	}
	if q.limit > maxPageSize {
		if em.opts.RejectOverLimit {
			return q, fmt.Sprintf("limit must be at most %d", maxPageSize)
		}
		q.limit = maxPageSize
	}
	if q.end != 0 && q.end < q.start {
		return q, "end must not be before start"
	}
	return q, ""
}

// matches applies the window, inclusive at both ends unless ExclusiveEnd,
// and the user id.
func (em *Emulator) matches(e *Entry, q auditQuery) bool {
	t := e.Time.UnixMilli()
	if t < q.start || (q.end != 0 && (t > q.end || (em.opts.ExclusiveEnd && t == q.end))) {
		return false
	}
	return q.user == "" || e.UserID == q.user
}

// addAtHead adds k generated entries one second apart after the newest.
func (em *Emulator) addAtHead(k, request int) {
	g := newGenerator(em.opts.Seed+int64(request)*7919, em.opts.Now)
	fresh := make([]Entry, 0, k)
	for len(fresh) < k {
		for _, e := range g.random() {
			if len(fresh) < k {
				e.Time = time.Time{}
				fresh = append(fresh, e)
			}
		}
	}
	em.Add(fresh...)
}

// addLate adds k generated entries at times spread over the window q asks
// for (up to Now), different on each request.
func (em *Emulator) addLate(k, request int, q auditQuery) {
	lo, hi := q.start, em.opts.Now.UnixMilli()
	if q.end != 0 {
		hi = min(hi, q.end)
	}
	if hi <= lo {
		return
	}
	g := newGenerator(em.opts.Seed+int64(request)*104729, em.opts.Now)
	late := make([]Entry, 0, k)
	for len(late) < k {
		for _, e := range g.random() {
			if len(late) < k {
				e.Time = time.UnixMilli(lo + g.r.Int64N(hi-lo+1))
				e.AdditionalComment += " (arrived late)"
				late = append(late, e)
			}
		}
	}
	em.Add(late...)
}

// acceptsJSON reports whether an Accept header allows a JSON answer. No
// header allows anything.
func acceptsJSON(accept string) bool {
	if strings.TrimSpace(accept) == "" {
		return true
	}
	for _, part := range strings.Split(accept, ",") {
		media, _, _ := strings.Cut(part, ";")
		switch strings.TrimSpace(strings.ToLower(media)) {
		case "application/json", "application/*", "*/*":
			return true
		}
	}
	return false
}

// rawJSON is JSON already encoded, put into a response as it is.
type rawJSON []byte

func (r rawJSON) MarshalJSON() ([]byte, error) { return r, nil }

// marshal writes the entry as Domo does: keys in alphabetical order, the
// time in form (the docs' form in zone), the proxying user as actorName or
// actorType.
func (e Entry) marshal(form TimeForm, actorType bool, zone *time.Location) []byte {
	m := map[string]any{
		"actionType":        e.ActionType,
		"actorId":           e.ActorID,
		"additionalComment": e.AdditionalComment,
		"browserDetails":    e.BrowserDetails,
		"device":            e.Device,
		"eventText":         e.EventText,
		"ipAddress":         e.IPAddress,
		"objectId":          e.ObjectID,
		"objectName":        e.ObjectName,
		"objectType":        e.ObjectType,
		"userId":            e.UserID,
		"userName":          e.UserName,
		"userType":          e.UserType,
	}
	if e.UserType == "" {
		m["userType"] = "USER"
	}
	if actorType {
		m["actorType"] = e.ActorName
	} else {
		m["actorName"] = e.ActorName
	}
	t := e.Time.In(zone)
	switch form {
	case TimeRFC3339:
		m["time"] = t.UTC().Format(time.RFC3339Nano) // as DateTime<Utc> writes it
	case TimeEpochMillis:
		m["time"] = t.UnixMilli()
	default:
		m["time"] = t.Format(docsTimeLayout)
	}
	for k, v := range e.Extra {
		if _, taken := m[k]; !taken {
			m[k] = v
		}
	}
	return answer.Encode(m)
}
