package file

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
)

// format is how the file is laid out.
type format byte

const (
	formatJSONL format = 'l' // one JSON object per line: trail records or entries
	formatArray format = 'a' // a JSON array of records or entries
	formatPage  format = 'p' // one saved API response
)

// maxSaved bounds a saved API response, which is read whole: a file this
// odd is more likely a mistake than an audit log. Lines and array elements
// have no bound on their length: what is kept of each is (MaxEntry).
const maxSaved = 64 << 20

// Source reads one file. It is safe for concurrent use.
type Source struct {
	path     string
	pageSize int
	codecs   map[string]sources.Codec
	order    []sources.Codec

	mu     sync.Mutex
	layout format            // detected on the first Fetch
	saved  []json.RawMessage // a saved page's entries, read once
	pre    struct {          // the prefilter of the last query
		q  model.Query
		p  *prefilter
		ok bool
	}
}

// prefilter returns q's prefilter, made once for a run of pages of q.
func (s *Source) prefilter(q model.Query) *prefilter {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.pre.ok || !s.pre.q.Equal(q) {
		s.pre.q, s.pre.p, s.pre.ok = q, s.newPrefilter(q), true
	}
	return s.pre.p
}

// Files implements sources.FileReader: the file it reads.
func (s *Source) Files() []string { return []string{s.path} }

// Capabilities implements sources.Describer: the file is read here, so every
// field of the query is applied while reading.
func (s *Source) Capabilities() sources.Capabilities {
	return sources.Capabilities{ServerSide: sources.FieldTime | sources.FieldActor | sources.FieldAction | sources.FieldText | sources.FieldIP | sources.FieldTarget}
}

// cursor is where a page starts (or, read backwards, where it ends): a byte
// offset (in a saved page, an entry index), the page number (0 when the walk
// began at the end and the number is not known), and the file size when it
// was issued, so a file that shrank is noticed.
type cursor struct {
	offset int64
	number int
	size   int64
	line   int64 // line number of offset in a JSONL file, for messages; 0 = unknown
	back   bool  // the page is the one ending at offset
}

func (c cursor) encode(f format) string {
	back := 0
	if c.back {
		back = 1
	}
	raw := fmt.Sprintf("%c:%d:%d:%d:%d:%d", f, c.offset, c.number, c.size, c.line, back)
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

func decodeCursor(s string, f format) (cursor, error) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	parts := strings.Split(string(raw), ":")
	if err != nil || len(parts) != 6 || len(parts[0]) != 1 || format(parts[0][0]) != f {
		return cursor{}, badCursor("the cursor is not one this file source issued")
	}
	var nums [5]int64
	for i, p := range parts[1:] {
		if nums[i], err = strconv.ParseInt(p, 10, 64); err != nil || nums[i] < 0 {
			return cursor{}, badCursor("the cursor is not one this file source issued")
		}
	}
	return cursor{offset: nums[0], number: int(nums[1]), size: nums[2], line: nums[3], back: nums[4] == 1}, nil
}

func badCursor(msg string) error {
	return &sources.Error{Kind: sources.ErrBadCursor, Provider: "file", Message: msg, Hint: "start again from the first page"}
}

// Fetch implements sources.Source.
func (s *Source) Fetch(ctx context.Context, q model.Query, cur string) (sources.Page, error) {
	return s.FetchSize(ctx, q, cur, 0)
}

// PageSizes implements sources.Sizer: the configured page size, and the
// largest page_size takes.
func (s *Source) PageSizes() (base, largest int) { return s.pageSize, maxPageSize }

// FetchSize implements sources.Sizer: Fetch reading n entries (0 = the
// configured page size). Cursors hold byte offsets, so the page after
// starts where this one ends whatever its size.
func (s *Source) FetchSize(ctx context.Context, q model.Query, cur string, n int) (sources.Page, error) {
	n = sources.SizeOf(s, n)
	f, size, layout, err := s.open(ctx)
	if err != nil {
		return sources.Page{}, err
	}
	defer f.Close()
	c := cursor{number: 1, size: size, line: 1}
	if cur != "" {
		if c, err = decodeCursor(cur, layout); err != nil {
			return sources.Page{}, err
		}
		if size < c.size {
			return sources.Page{}, badCursor("the file is shorter than when this page was read: it was replaced or truncated")
		}
		if !onBoundary(f, layout, c.offset) {
			return sources.Page{}, badCursor("the cursor does not point at an entry of this file: it was changed, or the cursor is not from it")
		}
	}
	if c.back && layout == formatArray {
		return sources.Page{}, errors.ErrUnsupported
	}
	return s.page(ctx, f, layout, size, c, q, n)
}

// Last implements sources.Seeker: the page ending at the end of the file,
// read backwards, so the last event is on screen without reading the rest.
// A JSON array cannot be read backwards; Last says so with
// errors.ErrUnsupported and the caller pages forwards instead.
func (s *Source) Last(ctx context.Context, q model.Query) (sources.Page, error) {
	f, size, layout, err := s.open(ctx)
	if err != nil {
		return sources.Page{}, err
	}
	defer f.Close()
	end := size
	switch layout {
	case formatArray:
		return sources.Page{}, errors.ErrUnsupported
	case formatPage:
		s.mu.Lock()
		end = int64(len(s.saved))
		s.mu.Unlock()
	}
	return s.page(ctx, f, layout, size, cursor{offset: end, size: size, back: true}, q, s.pageSize)
}

// open opens the file for one Fetch or Last, with its size and layout; the
// caller closes it.
func (s *Source) open(ctx context.Context) (*os.File, int64, format, error) {
	if err := ctx.Err(); err != nil {
		return nil, 0, 0, err
	}
	f, err := os.Open(s.path)
	if err != nil {
		return nil, 0, 0, &sources.Error{Kind: sources.ErrUnavailable, Provider: "file", Message: err.Error(), Hint: "check path"}
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, 0, &sources.Error{Kind: sources.ErrUnavailable, Provider: "file", Message: err.Error()}
	}
	layout, err := s.detect(f)
	if err != nil {
		f.Close()
		return nil, 0, 0, err
	}
	return f, info.Size(), layout, nil
}

// page reads the page at c, forwards or backwards, and builds the cursors
// around it: every page knows the way to both its neighbours.
func (s *Source) page(ctx context.Context, f *os.File, layout format, size int64, c cursor, q model.Query, n int) (sources.Page, error) {
	pre := s.prefilter(q)
	var raws []entry
	var start, end int64 // the page's span: bytes, or entry indexes in a saved page
	var err error
	switch {
	case layout == formatJSONL && c.back:
		raws, start, err = readLinesBack(ctx, f, c.offset, n)
		end = c.offset
	case layout == formatJSONL:
		var next cursor
		raws, next, _, err = readLines(ctx, f, c, n, pre)
		start, end = c.offset, next.offset
	case layout == formatArray:
		var next cursor
		var more bool
		raws, next, more, err = readArray(ctx, f, c, n)
		start, end = c.offset, next.offset
		if !more {
			end = size // nothing but the closing bracket after it
		}
	case layout == formatPage:
		raws, start, end = s.pageEntries(c, n)
	}
	if err != nil {
		return sources.Page{}, err
	}
	live := 0
	for _, e := range raws {
		if !e.skipped {
			live++
		}
	}
	evs := make([]model.Event, 0, live)
	for _, e := range raws {
		if e.full > 0 {
			evs = append(evs, clipped(e, s.path))
			continue
		}
		if e.skipped || pre.excludes(e.raw) {
			continue // cannot match q: not decoded
		}
		evs = append(evs, s.decode(e.raw))
	}
	page := sources.Page{Scanned: len(raws), Number: c.number}
	page.Events = sources.Trim(evs, q)
	limit := size
	if layout == formatPage {
		s.mu.Lock()
		limit = int64(len(s.saved))
		s.mu.Unlock()
	}
	if end < limit && (layout != formatJSONL || !onlySpaceAfter(f, end)) {
		number := 0
		if c.number > 0 {
			number = c.number + 1
		}
		page.Next = cursor{offset: end, number: number, size: size, line: nextLine(c, len(raws))}.encode(layout)
	}
	if start > 0 && layout != formatArray {
		number := 0
		if c.number > 1 {
			number = c.number - 1
		}
		page.Prev = cursor{offset: start, number: number, size: size, back: true}.encode(layout)
	}
	return page, nil
}

// nextLine is the line number after a forward page, when it is known.
func nextLine(c cursor, n int) int64 {
	if c.back || c.line == 0 {
		return 0
	}
	return c.line + int64(n)
}

// detect works out the file's layout once: a saved page is one JSON object
// some provider's codec recognises; an array starts with '['; anything else
// is JSON lines.
func (s *Source) detect(f *os.File) (format, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.layout != 0 {
		return s.layout, nil
	}
	br := bufio.NewReaderSize(f, 64<<10)
	first, err := firstByte(br)
	if err == io.EOF {
		s.layout = formatJSONL // an empty file is an empty log
		return s.layout, nil
	}
	if err != nil {
		return 0, err
	}
	switch first {
	case '[':
		s.layout = formatArray
	case '{':
		s.layout = formatJSONL
		if page, ok := s.savedPage(f); ok {
			s.layout, s.saved = formatPage, page
		}
	default:
		return 0, &sources.Error{Kind: sources.ErrMalformed, Provider: "file",
			Message: fmt.Sprintf("%s does not start with JSON (first character %q)", s.path, first),
			Hint:    "point path at a trail JSONL export, a JSON array, or a saved API response"}
	}
	_, err = f.Seek(0, io.SeekStart)
	return s.layout, err
}

// savedPage reads a file that is one JSON object and asks each codec whether
// it is one of its pages. JSON lines are told apart by their first line, a
// whole object with something after it, so opening a large log reads one
// line rather than the file.
func (s *Source) savedPage(f *os.File) ([]json.RawMessage, bool) {
	if info, err := f.Stat(); err != nil || info.Size() > maxSaved {
		return nil, false
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, false
	}
	r := bufio.NewReaderSize(io.LimitReader(f, maxSaved+1), 64<<10)
	head, err := r.ReadBytes('\n')
	if err == nil && json.Valid(bytes.TrimSpace(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")))) {
		// The first line is a whole object: anything after it means the
		// file is not one object, so no need to read on (a line of NULs,
		// gigabytes long, in a sparse file).
		if _, err := firstByte(r); err == nil {
			return nil, false
		}
	}
	rest, err := io.ReadAll(r)
	body := append(head, rest...)
	if err != nil || len(body) > maxSaved {
		return nil, false
	}
	body = bytes.TrimSpace(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")))
	for _, c := range s.order {
		if c.Page == nil {
			continue
		}
		if entries, ok := c.Page(body); ok {
			return entries, true
		}
	}
	return nil, false
}

// pageEntries pages through a saved page's entries by index, forwards from
// c.offset or backwards to it, size of them or fewer once they hold
// MaxPageBytes; an entry over MaxEntry is clipped.
func (s *Source) pageEntries(c cursor, size int) ([]entry, int64, int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := int64(len(s.saved))
	take := func(i int64, kept *int) entry {
		raw := s.saved[i]
		*kept += min(len(raw), MaxEntry)
		if len(raw) > MaxEntry {
			return entry{raw: raw[:MaxEntry:MaxEntry], full: int64(len(raw)), at: -1 - i}
		}
		return entry{raw: raw}
	}
	var out []entry
	kept := 0
	if c.back {
		end := min(c.offset, n)
		start := end
		for start > 0 && end-start < int64(size) && kept < MaxPageBytes {
			start--
			out = append(out, take(start, &kept))
		}
		slices.Reverse(out)
		return out, start, end
	}
	start := min(c.offset, n)
	end := start
	for end < n && end-start < int64(size) && kept < MaxPageBytes {
		out = append(out, take(end, &kept))
		end++
	}
	return out, start, end
}

// clipped is the event for an entry over MaxEntry: kept, with its start as
// Raw (not JSON, so every view and export treats it as text), saying how
// long it is, what was kept and where the whole entry is.
func clipped(e entry, path string) model.Event {
	info := &model.ClipInfo{Size: e.full, File: path, Line: e.line, Offset: e.at}
	if e.at < 0 {
		info.Entry, info.Offset = int(-e.at), -1
	}
	where := fmt.Sprintf("at byte %d of the file", e.at)
	switch {
	case e.at < 0: // a saved page's entry: at is -1 - its index
		where = fmt.Sprintf("entry %d of the saved response", -e.at)
	case e.line > 0:
		where = fmt.Sprintf("line %d of the file (byte %d)", e.line, e.at)
	}
	return model.Event{Raw: e.raw, Clipped: info, Summary: fmt.Sprintf("this entry is %s, more than the %s trail keeps of one: clipped to its start; the whole entry is %s",
		sizeText(e.full), sizeText(MaxEntry), where)}
}

// sizeText writes a byte count for people: 20 MiB, 1.5 MiB, 300 KiB.
func sizeText(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KiB", n>>10)
}

// onBoundary checks that offset is where this source leaves off between
// entries: just after a newline in JSON lines, just before a comma or the
// closing bracket in an array.
func onBoundary(f *os.File, layout format, offset int64) bool {
	switch layout {
	case formatJSONL:
		if offset == 0 {
			return true
		}
		b := make([]byte, 1)
		_, err := f.ReadAt(b, offset-1)
		return err == nil && b[0] == '\n'
	case formatArray:
		if offset == 0 {
			return true
		}
		buf := make([]byte, 64)
		n, _ := f.ReadAt(buf, offset)
		t := bytes.TrimLeft(buf[:n], " \t\r\n")
		return len(t) > 0 && (t[0] == ',' || t[0] == ']')
	}
	return true
}

func firstByte(br *bufio.Reader) (byte, error) {
	if bom, err := br.Peek(3); err == nil && bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		_, _ = br.Discard(3)
	}
	for {
		b, err := br.ReadByte()
		if err != nil {
			return 0, err
		}
		if b != ' ' && b != '\t' && b != '\r' && b != '\n' {
			return b, nil
		}
	}
}
