package file

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"
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

// maxLine bounds one line or array element, and a saved page: a file this
// odd is more likely a mistake than an audit log.
const maxLine = 64 << 20

// Source reads one file. It is safe for concurrent use.
type Source struct {
	path     string
	pageSize int
	codecs   map[string]sources.Codec
	order    []sources.Codec

	mu     sync.Mutex
	layout format            // detected on the first Fetch
	page   []json.RawMessage // a saved page's entries, read once
}

// Capabilities implements sources.Describer: the file is read here, so every
// field of the query is applied while reading.
func (s *Source) Capabilities() sources.Capabilities {
	return sources.Capabilities{ServerSide: sources.FieldTime | sources.FieldActor | sources.FieldAction | sources.FieldText}
}

// cursor is where the next page starts: a byte offset (or, in a saved page,
// an entry index), the page number, and the file size when it was issued,
// so a file that shrank is noticed.
type cursor struct {
	offset int64
	number int
	size   int64
	line   int64 // line number of offset in a JSONL file, for messages
}

func (c cursor) encode(f format) string {
	raw := fmt.Sprintf("%c:%d:%d:%d:%d", f, c.offset, c.number, c.size, c.line)
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

func decodeCursor(s string, f format) (cursor, error) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	parts := strings.Split(string(raw), ":")
	if err != nil || len(parts) != 5 || len(parts[0]) != 1 || format(parts[0][0]) != f {
		return cursor{}, badCursor("the cursor is not one this file source issued")
	}
	var c cursor
	var nums [4]int64
	for i, p := range parts[1:] {
		if nums[i], err = strconv.ParseInt(p, 10, 64); err != nil || nums[i] < 0 {
			return cursor{}, badCursor("the cursor is not one this file source issued")
		}
	}
	c.offset, c.number, c.size, c.line = nums[0], int(nums[1]), nums[2], nums[3]
	return c, nil
}

func badCursor(msg string) error {
	return &sources.Error{Kind: sources.ErrBadCursor, Provider: "file", Message: msg, Hint: "start again from the first page"}
}

// Fetch implements sources.Source.
func (s *Source) Fetch(ctx context.Context, q model.Query, cur string) (sources.Page, error) {
	if err := ctx.Err(); err != nil {
		return sources.Page{}, err
	}
	f, err := os.Open(s.path)
	if err != nil {
		return sources.Page{}, &sources.Error{Kind: sources.ErrUnavailable, Provider: "file", Message: err.Error(), Hint: "check path"}
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return sources.Page{}, &sources.Error{Kind: sources.ErrUnavailable, Provider: "file", Message: err.Error()}
	}
	layout, err := s.detect(f)
	if err != nil {
		return sources.Page{}, err
	}
	c := cursor{number: 1, size: info.Size(), line: 1}
	if cur != "" {
		if c, err = decodeCursor(cur, layout); err != nil {
			return sources.Page{}, err
		}
		if info.Size() < c.size {
			return sources.Page{}, badCursor("the file is shorter than when this page was read: it was replaced or truncated")
		}
		if !onBoundary(f, layout, c.offset) {
			return sources.Page{}, badCursor("the cursor does not point at an entry of this file: it was changed, or the cursor is not from it")
		}
	}
	var raws []json.RawMessage
	var next cursor
	var more bool
	switch layout {
	case formatJSONL:
		raws, next, more, err = readLines(ctx, f, c, s.pageSize)
	case formatArray:
		raws, next, more, err = readArray(ctx, f, c, s.pageSize)
	case formatPage:
		raws, next, more = s.pageEntries(c)
	}
	if err != nil {
		return sources.Page{}, err
	}
	evs := make([]model.Event, 0, len(raws))
	for _, raw := range raws {
		evs = append(evs, s.decode(raw))
	}
	page := sources.Page{Events: sources.Trim(evs, q), Number: c.number}
	if more {
		next.number, next.size = c.number+1, info.Size()
		page.Next = next.encode(layout)
	}
	return page, nil
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
			s.layout, s.page = formatPage, page
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
// it is one of its pages.
func (s *Source) savedPage(f *os.File) ([]json.RawMessage, bool) {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, false
	}
	body, err := io.ReadAll(io.LimitReader(f, maxLine+1))
	if err != nil || len(body) > maxLine {
		return nil, false
	}
	body = bytes.TrimSpace(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")))
	// JSON lines have a second object after the first line.
	if i := bytes.IndexByte(body, '\n'); i >= 0 && bytes.HasPrefix(bytes.TrimSpace(body[i:]), []byte("{")) && json.Valid(bytes.TrimSpace(body[:i])) {
		return nil, false
	}
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

// pageEntries pages through a saved page's entries by index.
func (s *Source) pageEntries(c cursor) ([]json.RawMessage, cursor, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	start := min(int(c.offset), len(s.page))
	end := min(start+s.pageSize, len(s.page))
	return s.page[start:end], cursor{offset: int64(end)}, end < len(s.page)
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
