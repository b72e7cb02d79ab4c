package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources/canary/canaryemu"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// trail export --follow --state, killed at random points (kill -9, and now
// and then SIGTERM) in a loop of runs while the console keeps adding
// entries, bursts and many in one second among them: the file it appends
// to holds every entry exactly once at the end. Each run is the real
// program, this test binary run again as trail (see TestMain).
func TestFollowResumesFromStateWithoutGapOrRepeat(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the program a dozen times")
	}
	em := canaryemu.New(canaryemu.Options{Token: "t0k", Events: 40, Seed: 19, Now: time.Now(), Latency: 2 * time.Millisecond})
	srv := sourcetest.Serve(t, em)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.toml")
	table := fmt.Sprintf("[sources.c]\nprovider = \"canary\"\nbase_url = %q\ntoken = \"t0k\"\npage_size = 7\n", srv.URL)
	if err := os.WriteFile(cfg, []byte(table), 0o600); err != nil {
		t.Fatal(err)
	}
	out, state := filepath.Join(dir, "out.jsonl"), filepath.Join(dir, "state.json")

	stop := make(chan struct{})
	var adding sync.WaitGroup
	adding.Add(1)
	go func() { // the console's log grows the whole time: bursts of up to three pages, in the current second
		defer adding.Done()
		r := rand.New(rand.NewPCG(19, 19))
		for {
			select {
			case <-stop:
				return
			case <-time.After(time.Duration(r.IntN(20)) * time.Millisecond):
			}
			n := 1 + r.IntN(22)
			batch := make([]canaryemu.Entry, n)
			for i := range batch {
				batch[i] = canaryemu.Entry{ActionType: "user_login", User: "follow", Timestamp: time.Now(), Message: "arrived"}
			}
			em.Add(batch...)
		}
	}()

	start := func() (*exec.Cmd, *bytes.Buffer) {
		cmd := exec.Command(os.Args[0], "export", "--config", cfg, "c", "--follow", "--interval", "5s", "--state", state, "-o", out)
		var stderr bytes.Buffer
		cmd.Env = append(os.Environ(), "TRAIL_TEST_RUN_MAIN=1", "HOME="+dir, "XDG_CONFIG_HOME="+dir)
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd, &stderr
	}
	r := rand.New(rand.NewPCG(7, 7))
	for run := range 14 {
		cmd, stderr := start()
		time.Sleep(time.Duration(r.IntN(600)) * time.Millisecond)
		if run%4 == 3 {
			_ = cmd.Process.Signal(syscall.SIGTERM)
			// Before trail has set its handlers (a slow start) the signal
			// ends it as a kill does: what this test covers all the same.
			// After, it ends between batches with status 0.
			if err := cmd.Wait(); err != nil && !(strings.Contains(err.Error(), "signal: terminated") && stderr.Len() == 0) {
				t.Fatalf("run %d ended by SIGTERM: %v; stderr: %s", run, err, stderr)
			}
			continue
		}
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}
	close(stop)
	adding.Wait()

	// A last run catches up with everything, then is asked to stop.
	want := em.Entries()
	cmd, stderr := start()
	deadline := time.Now().Add(30 * time.Second)
	for lines(t, out) < len(want) && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("the last run: %v; stderr: %s", err, stderr)
	}
	if !strings.Contains(stderr.String(), "follow stopped after") {
		t.Errorf("stderr of a stop asked for: %q", stderr)
	}

	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for i, l := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		rec, err := model.ParseRecord([]byte(l))
		if err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		seen[rec.ID]++
	}
	missing, twice := 0, 0
	for _, e := range want {
		switch n := seen[fmt.Sprint(e.ID)]; {
		case n == 0:
			missing++
		case n > 1:
			twice++
		}
	}
	if missing > 0 || twice > 0 || len(seen) != len(want) {
		t.Errorf("after 14 runs killed at random: %d of %d entries missing, %d written more than once, %d ids written", missing, len(want), twice, len(seen))
	}
	if b, _ := os.ReadFile(state); bytes.Contains(b, []byte("t0k")) {
		t.Error("the state file holds the token")
	}
}

// lines counts the whole lines of a file.
func lines(t *testing.T, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	return bytes.Count(b, []byte("\n"))
}

// The follow flags that cannot work say why, before anything is fetched.
func TestFollowFlagErrors(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"export", "--demo", "--state", "s.json"}, "--state keeps a follow's place; add --follow"},
		{[]string{"export", "--demo", "--follow", "--interval", "1s"}, "--interval 1s: ask no more often than every 5s"},
		{[]string{"export", "--demo", "--follow", "--format", "csv"}, "--follow writes JSON lines; drop --format csv"},
	} {
		r := trail(t, tt.args...)
		if r.code != 1 || !strings.Contains(r.stderr, tt.want) || r.stdout != "" {
			t.Errorf("%v: code %d, stderr %q, stdout %d bytes; want 1 and %q", tt.args, r.code, r.stderr, len(r.stdout), tt.want)
		}
	}
}
