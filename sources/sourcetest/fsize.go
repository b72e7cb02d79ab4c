//go:build unix

package sourcetest

import (
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
)

// fsizeEnv carries the output path to the child process of FileSizeLimited.
const fsizeEnv = "TRAIL_TEST_FSIZE_OUT"

// FileSizeLimited runs the calling test again in a child process whose
// file size limit is 20 KiB (RLIMIT_FSIZE, as `ulimit -f 20`), where it
// calls write with the path of a file not yet made in a fresh folder. The
// child's part of the test ends there (skipped, so the parent's checks do
// not run in it). In the parent it returns that path, what the child
// printed and what the file holds, having failed the test if the child
// failed or the file ends in a partial line.
func FileSizeLimited(t *testing.T, write func(t *testing.T, path string)) (path string, out, data []byte) {
	t.Helper()
	if path := os.Getenv(fsizeEnv); path != "" {
		lim := syscall.Rlimit{Cur: 20 << 10, Max: 20 << 10}
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
			t.Fatal(err)
		}
		write(t, path)
		t.SkipNow()
	}
	path = filepath.Join(t.TempDir(), "out.jsonl")
	cmd := exec.Command(os.Args[0], "-test.run=^"+t.Name()+"$")
	cmd.Env = append(os.Environ(), fsizeEnv+"="+path)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	data, err = os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) == 0 || data[len(data)-1] != '\n' {
		t.Fatalf("the file (%d bytes) ends in a partial line", len(data))
	}
	return path, out, data
}
