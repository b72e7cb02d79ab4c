package transport

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The --debug file is created readable only by the user, is appended to,
// and starts each run with the version; no path logs nowhere.
func TestOpenLog(t *testing.T) {
	path := filepath.Join(t.TempDir(), "debug.log")
	for range 2 {
		log, closeLog, err := OpenLog(path, "9.9")
		if err != nil {
			t.Fatal(err)
		}
		log.Debug("http", "status", 200)
		closeLog()
	}
	data, err := os.ReadFile(path)
	info, _ := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 || strings.Count(string(data), "version=9.9") != 2 || strings.Count(string(data), "msg=http") != 2 {
		t.Errorf("debug log %v mode %v: %q", err, info.Mode().Perm(), data)
	}
	log, closeLog, err := OpenLog("", "9.9")
	if err != nil || log == nil {
		t.Fatal(err)
	}
	closeLog()
	if _, _, err := OpenLog(filepath.Join(t.TempDir(), "no", "such", "dir"), "1"); err == nil || !strings.HasPrefix(err.Error(), "--debug: ") {
		t.Errorf("unwritable path: %v", err)
	}
}
