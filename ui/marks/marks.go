// Package marks is the set of events an analyst marked (the evidence of a
// case), kept per source by event id in a small file under the state
// directory, so marks outlive the session. A mark holds an event's id and
// time, never a field of the event: nothing a provider sent but its id, and
// never a secret.
package marks

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// Max bounds the marks of one source: a mark past it is refused, so the
// file stays small and loads in no time.
const Max = 10_000

// maxFile bounds the file read back: a file larger than Max marks could
// ever write is not a marks file.
const maxFile = 4 << 20

// Mark is one marked event: its id, and its time, which says where in the
// log it lies (a jump to it, an export of the marks, walk only that span).
type Mark struct {
	ID   string    `json:"id"`
	Time time.Time `json:"time"`
}

// Set is the marks of one source. The zero Set is empty and ready.
type Set struct {
	byID map[string]time.Time
}

// Has reports whether the event with id is marked.
func (s *Set) Has(id string) bool {
	if id == "" || s.byID == nil {
		return false
	}
	_, ok := s.byID[id]
	return ok
}

// Len is how many events are marked.
func (s *Set) Len() int { return len(s.byID) }

// ErrFull says a mark was refused: the source has Max marks.
var ErrFull = fmt.Errorf("%d events are marked already, the most trail keeps; unmark some first", Max)

// ErrNoID says an event cannot be marked: its provider gave it no id.
var ErrNoID = errors.New("this event has no id to mark it by")

// Toggle marks the event with id and time t, or unmarks it if it was
// marked, and says whether it is marked now. The set is copied first: a
// snapshot given to a save in the background is never changed under it.
func (s *Set) Toggle(id string, t time.Time) (bool, error) {
	if id == "" {
		return false, ErrNoID
	}
	next := make(map[string]time.Time, len(s.byID)+1)
	for k, v := range s.byID {
		next[k] = v
	}
	if _, ok := next[id]; ok {
		delete(next, id)
		s.byID = next
		return false, nil
	}
	if len(next) >= Max {
		return false, ErrFull
	}
	next[id] = t
	s.byID = next
	return true, nil
}

// List is every mark, newest first (the list's order), ties by id.
func (s *Set) List() []Mark {
	out := make([]Mark, 0, len(s.byID))
	for id, t := range s.byID {
		out = append(out, Mark{ID: id, Time: t})
	}
	slices.SortFunc(out, func(a, b Mark) int {
		if c := b.Time.Compare(a.Time); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out
}

// Span is the earliest and latest time of the marks; zero times when none,
// or when a marked event had no time (then it could lie anywhere).
func (s *Set) Span() (first, last time.Time) {
	for _, t := range s.byID {
		if t.IsZero() {
			return time.Time{}, time.Time{}
		}
		if first.IsZero() || t.Before(first) {
			first = t
		}
		if last.IsZero() || t.After(last) {
			last = t
		}
	}
	return first, last
}

// file is the marks file's form.
type file struct {
	Version int    `json:"version"`
	Source  string `json:"source"`
	Marks   []Mark `json:"marks"`
}

// Path is the file holding source's marks in dir: one file per source, so
// two trails on two sources never write over each other's marks.
func Path(dir, source string) string {
	return filepath.Join(dir, "marks-"+fileName(source)+".json")
}

// fileName keeps letters, digits, dot, dash and underscore of a source's
// name and writes anything else as %XX, so every name has its own file
// and none reaches outside dir.
func fileName(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '-' || c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '.' && i > 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	if b.Len() == 0 {
		return "%"
	}
	return b.String()
}

// Load reads source's marks from dir. No file is no marks. A file that
// cannot be read as marks is said in the error and moved aside to
// PATH.bad, so the marks start empty and the next save does not write
// over what may be mended by hand.
func Load(dir, source string) (Set, error) {
	path := Path(dir, source)
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return Set{}, nil
	}
	if err != nil {
		return Set{}, fmt.Errorf("marks: %w", err)
	}
	defer f.Close()
	var data file
	dec := json.NewDecoder(&limited{f: f, n: maxFile})
	err = dec.Decode(&data)
	if err == nil && data.Version != 1 {
		err = fmt.Errorf("version %d is not one trail writes", data.Version)
	}
	if err == nil && len(data.Marks) > Max {
		err = fmt.Errorf("%d marks, more than the %d trail keeps", len(data.Marks), Max)
	}
	if err != nil {
		bad := path + ".bad"
		if rerr := os.Rename(path, bad); rerr != nil {
			return Set{}, fmt.Errorf("marks file %s is unreadable (%v), and could not be moved aside: %w", path, err, rerr)
		}
		return Set{}, fmt.Errorf("marks file %s was unreadable (%v); it is kept as %s and the marks start empty", path, err, bad)
	}
	s := Set{byID: make(map[string]time.Time, len(data.Marks))}
	for _, m := range data.Marks {
		if m.ID != "" {
			s.byID[m.ID] = m.Time
		}
	}
	return s, nil
}

// limited reads at most n bytes, then fails: a huge file is an error, not
// a long wait.
type limited struct {
	f *os.File
	n int64
}

func (l *limited) Read(p []byte) (int, error) {
	if l.n <= 0 {
		return 0, errors.New("the file is larger than a marks file can be")
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.f.Read(p)
	l.n -= int64(n)
	return n, err
}

// Save writes marks as source's marks in dir (made 0700 if missing), by a
// whole new file put in place, so a crash mid-write never leaves half a
// file; the file is 0600.
func Save(dir, source string, marks []Mark) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("marks: %w", err)
	}
	data, err := json.MarshalIndent(file{Version: 1, Source: source, Marks: marks}, "", " ")
	if err != nil {
		return fmt.Errorf("marks: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".marks-*.tmp")
	if err != nil {
		return fmt.Errorf("marks: %w", err)
	}
	defer os.Remove(tmp.Name()) // gone after the rename; removes a failed write
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("marks: %w", err)
	}
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("marks: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("marks: %w", err)
	}
	if err := os.Rename(tmp.Name(), Path(dir, source)); err != nil {
		return fmt.Errorf("marks: %w", err)
	}
	return nil
}

// Writer orders saves made in the background: each save carries a number,
// and one older than a save already written is skipped, so marks toggled
// quickly never end with an older set on disk.
type Writer struct {
	mu      sync.Mutex
	written uint64
}

// Save writes marks if seq is newer than every save written so far.
func (w *Writer) Save(seq uint64, dir, source string, marks []Mark) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if seq <= w.written {
		return nil
	}
	if err := Save(dir, source, marks); err != nil {
		return err
	}
	w.written = seq
	return nil
}
