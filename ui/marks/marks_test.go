package marks

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestRoundTrip(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state", "trail")
	t0 := time.Date(2026, 11, 30, 14, 0, 0, 0, time.UTC)
	var s Set
	for i, id := range []string{"a", "b", "c"} {
		if on, err := s.Toggle(id, t0.Add(time.Duration(i)*time.Minute)); !on || err != nil {
			t.Fatalf("Toggle(%s) = %v, %v", id, on, err)
		}
	}
	if on, _ := s.Toggle("b", t0); on {
		t.Fatal("toggling b again left it marked")
	}
	if err := Save(dir, "canary/prod", s.List()); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(Path(dir, "canary/prod"))
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("marks file mode %v, want 0600", info.Mode().Perm())
	}
	if d, _ := os.Stat(dir); d.Mode().Perm() != 0o700 {
		t.Errorf("state dir mode %v, want 0700", d.Mode().Perm())
	}
	if filepath.Dir(Path(dir, "../x")) != dir || filepath.Dir(Path(dir, "canary/prod")) != dir {
		t.Errorf("a source name reaches outside the state dir: %s", Path(dir, "../x"))
	}
	got, err := Load(dir, "canary/prod")
	if err != nil {
		t.Fatal(err)
	}
	if got.Len() != 2 || !got.Has("a") || !got.Has("c") || got.Has("b") {
		t.Fatalf("loaded %v, want a and c", got.List())
	}
	if l := got.List(); l[0].ID != "c" || !l[0].Time.Equal(t0.Add(2*time.Minute)) {
		t.Errorf("List()[0] = %v, want c at 14:02 (newest first)", l[0])
	}
	other, err := Load(dir, "canary-prod")
	if err != nil || other.Len() != 0 {
		t.Errorf("another source's marks: %v, %v; want none", other.List(), err)
	}
}

func TestLoadCorrupt(t *testing.T) {
	dir := t.TempDir()
	path := Path(dir, "s")
	if err := os.WriteFile(path, []byte(`{"version":1,"marks":[{"id":`), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Load(dir, "s")
	if err == nil || !strings.Contains(err.Error(), "unreadable") || !strings.Contains(err.Error(), path+".bad") {
		t.Fatalf("Load of a corrupt file: %v; want an error naming the file kept aside", err)
	}
	if s.Len() != 0 {
		t.Errorf("corrupt file gave %d marks", s.Len())
	}
	if _, err := os.Stat(path + ".bad"); err != nil {
		t.Errorf("the corrupt file was not kept: %v", err)
	}
	if s, err := Load(dir, "s"); err != nil || s.Len() != 0 {
		t.Errorf("after moving it aside: %v, %v", s.List(), err)
	}
}

func TestBounded(t *testing.T) {
	var s Set
	if _, err := s.Toggle("first", time.Time{}); err != nil {
		t.Fatal(err)
	}
	for i := 1; i < Max; i++ {
		s.byID[strings.Repeat("x", i)] = time.Time{}
	}
	if _, err := s.Toggle("one-more", time.Time{}); err != ErrFull {
		t.Fatalf("mark past Max: %v, want ErrFull", err)
	}
	if _, err := s.Toggle("", time.Time{}); err != ErrNoID {
		t.Fatalf("mark without id: %v, want ErrNoID", err)
	}
}

func TestWriterKeepsNewest(t *testing.T) {
	dir := t.TempDir()
	var w Writer
	if err := w.Save(2, dir, "s", []Mark{{ID: "new"}}); err != nil {
		t.Fatal(err)
	}
	if err := w.Save(1, dir, "s", []Mark{{ID: "old"}}); err != nil {
		t.Fatal(err)
	}
	s, err := Load(dir, "s")
	if err != nil || !s.Has("new") || s.Has("old") {
		t.Fatalf("after an older save came late: %v, %v; want the newer set", s.List(), err)
	}
}
