package intercomemu

import (
	"crypto/subtle"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/trail-dev/trail/sources/emulate"
)

// serve answers one request as Intercom would.
func (em *Emulator) serve(w http.ResponseWriter, r *http.Request, _ Request, _ int) {
	w.Header().Set("Date", em.opts.Clock().UTC().Format(http.TimeFormat))
	if !em.authorized(r) {
		// No rate-limit headers without valid credentials, as the docs say.
		em.fail(w, http.StatusUnauthorized, "unauthorized", "Access Token Invalid")
		return
	}
	if limited := em.countRequest(w.Header()); limited {
		em.fail(w, http.StatusTooManyRequests, "rate_limit_exceeded",
			fmt.Sprintf("Exceeded rate limit of %d in %d_seconds", em.opts.RateLimit, int(em.opts.RateWindow/time.Second)))
		return
	}
	if v := r.Header.Get("Intercom-Version"); v != "" && !knownVersion(v) {
		em.fail(w, http.StatusBadRequest, "intercom_version_invalid", "The requested version could not be found")
		return
	}
	if r.URL.Path == "/admins/activity_logs/search" {
		if em.opts.PlanRestricted {
			em.fail(w, http.StatusForbidden, "api_plan_restricted", "This feature is not yet available to your app")
			return
		}
		em.search(w, r)
		return
	}
	if r.URL.Path != "/admins/activity_logs" {
		em.fail(w, http.StatusNotFound, "not_found", "Resource Not Found")
		return
	}
	if r.Method != http.MethodGet {
		em.fail(w, http.StatusMethodNotAllowed, "method_not_allowed", "Method Not Allowed")
		return
	}
	if em.opts.PlanRestricted {
		em.fail(w, http.StatusForbidden, "api_plan_restricted", "This feature is not yet available to your app")
		return
	}
	em.list(w, r)
}

// authorized checks "Authorization: Bearer TOKEN".
func (em *Emulator) authorized(r *http.Request) bool {
	scheme, tok, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	return ok && strings.EqualFold(scheme, "Bearer") && tok != "" &&
		subtle.ConstantTimeCompare([]byte(tok), []byte(em.opts.Token)) == 1
}

// countRequest counts a request against its window, sets the rate-limit
// headers, and reports whether the window was already used up.
func (em *Emulator) countRequest(h http.Header) bool {
	em.mu.Lock()
	defer em.mu.Unlock()
	now := em.opts.Clock()
	start := now.Truncate(em.opts.RateWindow)
	if !start.Equal(em.windowStart) {
		em.windowStart, em.used = start, 0
	}
	em.used++
	h.Set("X-RateLimit-Limit", strconv.Itoa(em.opts.RateLimit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(max(em.opts.RateLimit-em.used, 0)))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(start.Add(em.opts.RateWindow).Unix(), 10))
	return em.used > em.opts.RateLimit
}

// knownVersion reports whether Intercom accepts v as Intercom-Version.
func knownVersion(v string) bool {
	switch v {
	case "Unstable", "Preview", "1.0", "1.1", "1.2", "1.3", "1.4":
		return true
	}
	minor, ok := strings.CutPrefix(v, "2.")
	n, err := strconv.Atoi(minor)
	return ok && err == nil && n >= 0 && n <= 17 && strconv.Itoa(n) == minor
}

// fail sends an error.list with one error. parameter_not_found has a null
// request_id, as in the docs; the others a made-up one.
func (em *Emulator) fail(w http.ResponseWriter, status int, code, msg string) {
	var requestID *string
	if code != "parameter_not_found" {
		n := em.Received()
		id := fmt.Sprintf("000%05x-emu0-4000-8000-%012x", n, n)
		requestID = &id
	}
	answer.Write(w, status, map[string]any{
		"type":       "error.list",
		"request_id": requestID,
		"errors":     []map[string]string{{"code": code, "message": msg}},
	})
}

// answer is how Intercom answers in JSON.
var answer = emulate.JSON{ContentType: "application/json; charset=utf-8", Failed: `{"type":"error.list","request_id":null,"errors":[{"code":"server_error","message":"Internal error"}]}`}
