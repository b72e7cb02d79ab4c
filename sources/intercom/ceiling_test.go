package intercom

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
)

// A reset far in the future (X-RateLimit-Reset: 99999999999, the year 5138)
// is neither slept nor handed on as a countdown: on a 429, and on a 200 that
// spends the window, the Fetch fails at once with the transport's error,
// which says what to do; no request is sent into the spent window.
func TestFarResetIsPastTheCeiling(t *testing.T) {
	far := func() map[string]string {
		return map[string]string{"X-RateLimit-Limit": "167", "X-RateLimit-Remaining": "0",
			"X-RateLimit-Reset": "99999999999", "Date": time.Now().UTC().Format(http.TimeFormat)}
	}
	check := func(err error) {
		t.Helper()
		if !errors.Is(err, sources.ErrWaitTooLong) || sources.Transient(err) ||
			!strings.Contains(err.Error(), "more than a year, more than max_wait 15m") || !strings.Contains(err.Error(), "raise [net] max_wait") {
			t.Errorf("err = %v; want the wait refused", err)
		}
	}
	src := startCanned(t, 429, "application/json", `{"type":"error.list","errors":[{"code":"rate_limit_exceeded","message":"slow down"}]}`, far())
	_, err := src.Fetch(context.Background(), model.Query{}, "")
	check(err)

	src = startCanned(t, 200, "application/json", `{"type":"activity_log.list","activity_logs":[]}`, far())
	if _, err := src.Fetch(context.Background(), model.Query{}, ""); err != nil {
		t.Fatal(err)
	}
	_, err = src.Fetch(context.Background(), model.Query{}, "")
	check(err)
}
