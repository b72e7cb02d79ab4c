package transport

import (
	"fmt"
	"log/slog"
	"os"
)

// OpenLog opens the --debug file for appending (created readable only by
// you) and returns a logger for it and a function that closes it; with no
// path, a logger that discards everything. The first line says which trail
// wrote what follows. What a Client logs has its secrets removed before it
// gets here.
func OpenLog(path, version string) (*slog.Logger, func(), error) {
	if path == "" {
		return slog.New(slog.DiscardHandler), func() {}, nil
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("--debug: %w", err)
	}
	log := slog.New(slog.NewTextHandler(f, &slog.HandlerOptions{Level: slog.LevelDebug}))
	log.Info("trail started", "version", version, "args", len(os.Args)-1)
	return log, func() { _ = f.Close() }, nil
}
