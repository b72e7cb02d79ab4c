package transport

import (
	"context"
	"log/slog"
	"net/http"
	"time"
)

// log writes one line per attempt to the debug log: what was asked (the URL
// without query values), the outcome, how long it took and how much came
// back. Nothing secret reaches it: the URL is reduced and the rest redacted.
func (c *Client) log(req *http.Request, attempt, status int, took time.Duration, size int, problem string) {
	if c.opts.Log == nil {
		return
	}
	attrs := []slog.Attr{
		slog.String("provider", c.opts.Provider),
		slog.String("method", req.Method),
		slog.String("url", c.Redact(safeURL(req.URL))),
		slog.Int("attempt", attempt),
		slog.Duration("took", took.Round(time.Millisecond)),
	}
	level := slog.LevelInfo
	if status != 0 {
		attrs = append(attrs, slog.Int("status", status), slog.Int("bytes", size))
		if status >= 400 {
			level = slog.LevelWarn
		}
	}
	if problem != "" {
		attrs = append(attrs, slog.String("error", c.Redact(problem)))
		level = slog.LevelWarn
	}
	c.opts.Log.LogAttrs(context.Background(), level, "http", attrs...)
}
