package export_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trail-dev/trail/sources/export"
)

func write(t *testing.T, path, data string, mode os.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestCreateNewFileIs0600: a new export is readable only by its owner.
func TestCreateNewFileIs0600(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.jsonl")
	f, err := export.Create(path, export.FileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("x\n")
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(path)
	if info.Mode().Perm() != 0o600 || read(t, path) != "x\n" {
		t.Errorf("mode %v, content %q", info.Mode().Perm(), read(t, path))
	}
}

// TestCreateRefusesExisting: an existing file is left alone without Force
// (issue 16.6: it was truncated).
func TestCreateRefusesExisting(t *testing.T) {
	path := filepath.Join(t.TempDir(), "evidence.jsonl")
	write(t, path, "old\n", 0o644)
	_, err := export.Create(path, export.FileOptions{})
	if !errors.Is(err, export.ErrExists) {
		t.Fatalf("err = %v, want ErrExists", err)
	}
	if read(t, path) != "old\n" {
		t.Error("the existing file changed")
	}
}

// TestCreateForceReplacesWith0600: with Force the old file is replaced, not
// written over, and the new one is 0600 whatever the old mode was.
func TestCreateForceReplacesWith0600(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "evidence.jsonl")
	write(t, path, "old old old\n", 0o644)
	f, err := export.Create(path, export.FileOptions{Force: true})
	if err != nil {
		t.Fatal(err)
	}
	if read(t, path) != "old old old\n" {
		t.Error("the old file changed before the export closed")
	}
	f.WriteString("new\n")
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(path)
	if read(t, path) != "new\n" || info.Mode().Perm() != 0o600 {
		t.Errorf("after: %q mode %v", read(t, path), info.Mode().Perm())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
}

// TestCreateRefusesSymlink: a link at the last component is never followed,
// with or without Force, so its target is never overwritten.
func TestCreateRefusesSymlink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "precious")
	write(t, target, "keep\n", 0o600)
	link := filepath.Join(dir, "out.jsonl")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	dangling := filepath.Join(dir, "dangling.jsonl")
	if err := os.Symlink(filepath.Join(dir, "nothing-yet"), dangling); err != nil {
		t.Fatal(err)
	}
	for _, force := range []bool{false, true} {
		for _, p := range []string{link, dangling} {
			if _, err := export.Create(p, export.FileOptions{Force: force}); err == nil || !strings.Contains(err.Error(), "symbolic link") {
				t.Errorf("Create(%s, force=%v) = %v, want a refusal", filepath.Base(p), force, err)
			}
		}
	}
	if read(t, target) != "keep\n" {
		t.Error("the link's target changed")
	}
	if _, err := os.Lstat(filepath.Join(dir, "nothing-yet")); err == nil {
		t.Error("a file was created through the dangling link")
	}
}

// TestCreateRefusesWhatIsRead: the file a source reads is never the
// output, even with Force, by any name (a hard link) (issue 16.6: the
// evidence was emptied).
func TestCreateRefusesWhatIsRead(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "audit.jsonl")
	write(t, src, "{}\n", 0o600)
	hard := filepath.Join(dir, "other-name.jsonl")
	if err := os.Link(src, hard); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{src, hard, dir + "/./audit.jsonl"} {
		_, err := export.Create(p, export.FileOptions{Force: true, Protect: []string{src}})
		if err == nil || !strings.Contains(err.Error(), "being exported") {
			t.Errorf("Create(%s) = %v, want a refusal", p, err)
		}
	}
	if read(t, src) != "{}\n" {
		t.Error("the source file changed")
	}
}

// TestCreateRefusesNonRegular: a directory or device is not replaced.
func TestCreateRefusesNonRegular(t *testing.T) {
	if _, err := export.Create(t.TempDir(), export.FileOptions{Force: true}); err == nil {
		t.Error("a directory was accepted as the output")
	}
}
