// Package faults makes an emulator misbehave the way real networks and
// providers do: rate limits of every kind, server errors, an HTML error page
// from a proxy, a body cut off mid-way, a connection reset, a slow answer.
// Wrap any provider's emulator with it to show that clients, the UI and
// export come through with every event exactly once.
package faults

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"time"
)

// Kind is one way to fail.
type Kind int

// The faults. Each answers one request instead of the emulator (Slow and
// Truncated let the emulator answer, then delay or cut it).
const (
	RateLimitSeconds Kind = iota // 429 with Retry-After: <seconds>
	RateLimitDate                // 429 with Retry-After: <HTTP date>
	RateLimitReset               // 429 with X-RateLimit-Reset: <Unix seconds>, as Intercom sends
	ServerError                  // 500 with a JSON body
	BadGatewayHTML               // 502 with a proxy's HTML page
	Truncated                    // the emulator's answer, cut off half-way
	Reset                        // the connection closed with no answer
	Slow                         // the emulator's answer, after Plan.Delay
)

func (k Kind) String() string {
	return [...]string{"429 Retry-After seconds", "429 Retry-After date", "429 X-RateLimit-Reset", "500", "HTML 502", "truncated body", "connection reset", "slow response"}[k]
}

// All is every kind, in order.
var All = []Kind{RateLimitSeconds, RateLimitDate, RateLimitReset, ServerError, BadGatewayHTML, Truncated, Reset, Slow}

// Plan says which requests fail and how.
type Plan struct {
	// Every: request number n fails when n % Every == 0 (the first request
	// is number 1). 0 means never.
	Every int
	// Kinds are used in turn, one per failing request.
	Kinds []Kind
	// Wait is what rate limits ask for; 0 means one second (HTTP dates and
	// reset times have whole-second resolution).
	Wait time.Duration
	// Delay is how long Slow holds an answer.
	Delay time.Duration
}

// Handler wraps an emulator with a fault plan.
type Handler struct {
	next http.Handler
	plan Plan

	mu       sync.Mutex
	n        int
	injected []Kind
}

// Wrap returns h misbehaving according to plan.
func Wrap(h http.Handler, plan Plan) *Handler {
	if plan.Wait <= 0 {
		plan.Wait = time.Second
	}
	return &Handler{next: h, plan: plan}
}

// Injected returns the faults injected so far, in order.
func (h *Handler) Injected() []Kind {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]Kind(nil), h.injected...)
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	h.n++
	fail := h.plan.Every > 0 && len(h.plan.Kinds) > 0 && h.n%h.plan.Every == 0
	var kind Kind
	if fail {
		kind = h.plan.Kinds[len(h.injected)%len(h.plan.Kinds)]
		h.injected = append(h.injected, kind)
	}
	h.mu.Unlock()
	if !fail {
		h.next.ServeHTTP(w, r)
		return
	}
	secs := int((h.plan.Wait + time.Second - 1) / time.Second)
	switch kind {
	case RateLimitSeconds:
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		jsonError(w, http.StatusTooManyRequests, "rate limited")
	case RateLimitDate:
		w.Header().Set("Retry-After", time.Now().Add(time.Duration(secs+1)*time.Second).UTC().Format(http.TimeFormat))
		jsonError(w, http.StatusTooManyRequests, "rate limited")
	case RateLimitReset:
		w.Header().Set("X-RateLimit-Limit", "10")
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(time.Now().Add(time.Duration(secs)*time.Second).Unix()+1, 10))
		jsonError(w, http.StatusTooManyRequests, "rate limited")
	case ServerError:
		jsonError(w, http.StatusInternalServerError, "internal server error")
	case BadGatewayHTML:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		fmt.Fprint(w, "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>")
	case Truncated:
		rec := httptest.NewRecorder()
		h.next.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(rec.Code)
		_, _ = w.Write(body[:len(body)/2])
		hangUp(w)
	case Reset:
		hangUp(w)
	case Slow:
		select {
		case <-time.After(h.plan.Delay):
		case <-r.Context().Done():
			return
		}
		h.next.ServeHTTP(w, r)
	}
}

// hangUp closes the connection under the handler, so the client sees a
// reset or a cut-off body.
func hangUp(w http.ResponseWriter) {
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}

func jsonError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	fmt.Fprintf(w, `{"error":%q,"status":%d}`, msg, status)
}
