package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources/canary/canaryemu"
)

// SIGHUP ends an export as SIGINT does: the file holds whole lines, stderr
// says how many, and the exit is a failure. Before, the hangup killed trail
// wherever it was.
func TestExportEndsOnHangup(t *testing.T) {
	em := canaryemu.New(canaryemu.Options{Token: "t0k", Events: 300, Seed: 3, Latency: 100 * time.Millisecond})
	srv := httptest.NewServer(em)
	defer srv.Close()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.toml")
	table := fmt.Sprintf("[sources.c]\nprovider = \"canary\"\nbase_url = %q\ntoken = \"t0k\"\npage_size = 10\n", srv.URL)
	if err := os.WriteFile(cfg, []byte(table), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.jsonl")
	go func() {
		for em.Received() < 3 {
			time.Sleep(10 * time.Millisecond)
		}
		_ = syscall.Kill(os.Getpid(), syscall.SIGHUP)
	}()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"export", "--config", cfg, "-o", out, "c"}, &stdout, &stderr)
	if code == 0 {
		t.Fatal("an export ended by a hangup succeeded")
	}
	data, rerr := os.ReadFile(out)
	if rerr != nil {
		t.Fatal(rerr)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(data) == 0 || data[len(data)-1] != '\n' || len(lines) >= 300 {
		t.Fatalf("the file holds %d bytes, %d lines; want whole lines of a stopped export", len(data), len(lines))
	}
	for i, l := range lines {
		if _, err := model.ParseRecord([]byte(l)); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
	}
	if want := fmt.Sprintf("holds the %d events written before the stop", len(lines)); !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr %q lacks %q", stderr.String(), want)
	}
}
