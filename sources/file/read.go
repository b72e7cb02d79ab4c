package file

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/trail-dev/trail/sources"
)

// MaxEntry bounds what is kept of one entry (a line, an array element, an
// entry of a saved page): an entry longer than this is still an event, its
// Raw the first MaxEntry bytes and its summary saying it was clipped and
// where the whole entry is. The rest is read past, never held, so a line of
// gigabytes (a sparse file's holes read as NULs) costs what a line of
// MaxEntry does.
const MaxEntry = 1 << 20

// MaxPageBytes bounds the entries of one page by size as well as by count:
// a page ends early, at an entry boundary, once it holds this much, and the
// next page goes on from there. At least one entry is always returned.
const MaxPageBytes = 8 << 20

// entry is one entry read from the file: its bytes (all of them, or the
// first MaxEntry), and when clipped, how long it is and where.
type entry struct {
	raw  json.RawMessage
	full int64 // the entry's length when raw holds only its start; 0 = whole
	at   int64 // the entry's byte offset in the file (a clipped entry)
	line int64 // its line number in a JSON-lines file, 0 = unknown
	// skipped says the prefilter ruled the entry out: it was read past,
	// not kept, and raw is nil.
	skipped bool
}

// readLines reads up to n non-empty lines of a JSON-lines file from c, and
// fewer once they hold MaxPageBytes. Each line is an entry, whatever it
// holds: a line that is not JSON is still returned, and decode keeps it as
// an unreadable event; a line over MaxEntry is returned clipped. A line
// pre rules out is returned skipped, without its bytes.
func readLines(ctx context.Context, f *os.File, c cursor, n int, pre *prefilter) ([]entry, cursor, bool, error) {
	if _, err := f.Seek(c.offset, io.SeekStart); err != nil {
		return nil, c, false, err
	}
	br := readers.Get().(*bufio.Reader)
	br.Reset(f)
	defer readers.Put(br)
	next := c
	out := make([]entry, 0, min(n, 1024))
	kept := 0
	for len(out) < n && kept < MaxPageBytes {
		if len(out)%1024 == 1023 && ctx.Err() != nil {
			return nil, c, false, ctx.Err()
		}
		at := next.offset
		line, total, err := readLine(ctx, br)
		next.offset += total
		if total > 0 {
			next.line++
		}
		t := bytes.TrimSpace(bytes.TrimPrefix(line, []byte("\xef\xbb\xbf")))
		length := total // the entry's bytes, without its newline
		if err == nil {
			length--
		}
		switch {
		case length > MaxEntry:
			e := entry{raw: json.RawMessage(bytes.Clone(bytes.TrimLeft(line, " \t\r\n"))), full: length, at: at}
			if c.line > 0 {
				e.line = next.line - 1 // next.line is the line after it
			}
			out = append(out, e)
			kept += len(e.raw)
		case len(t) > 0 && pre.excludes(t):
			out = append(out, entry{skipped: true})
		case len(t) > 0:
			out = append(out, entry{raw: json.RawMessage(bytes.Clone(t))})
			kept += len(t)
		}
		if err == io.EOF {
			return out, next, false, nil
		}
		if err != nil {
			return nil, c, false, err
		}
	}
	// More to come unless only blank space is left.
	for {
		b, err := br.ReadByte()
		if err != nil {
			return out, next, false, nil
		}
		if b != ' ' && b != '\t' && b != '\r' && b != '\n' {
			return out, next, true, nil
		}
	}
}

// readers are the buffered readers of readLines, kept between pages.
var readers = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, 256<<10) }}

// readLine reads one line, newline included, keeping at most its first
// MaxEntry bytes; total is the whole line's length, however long. A line
// that fits br's buffer is returned in it, valid until br is read again.
func readLine(ctx context.Context, br *bufio.Reader) (kept []byte, total int64, err error) {
	for chunks := 0; ; chunks++ {
		chunk, err := br.ReadSlice('\n')
		total += int64(len(chunk))
		if chunks == 0 && err != bufio.ErrBufferFull {
			return chunk[:min(len(chunk), MaxEntry)], total, err
		}
		if room := MaxEntry - len(kept); room > 0 {
			kept = append(kept, chunk[:min(room, len(chunk))]...)
		}
		if err != bufio.ErrBufferFull {
			return kept, total, err
		}
		if chunks%64 == 63 && ctx.Err() != nil { // a line of gigabytes
			return nil, total, ctx.Err()
		}
	}
}

// readArray reads up to n elements of a JSON array from c (offset 0 is the
// start of the file; later offsets point just past an element), and fewer
// once they hold MaxPageBytes.
func readArray(ctx context.Context, f *os.File, c cursor, n int) ([]entry, cursor, bool, error) {
	if _, err := f.Seek(c.offset, io.SeekStart); err != nil {
		return nil, c, false, err
	}
	br := bufio.NewReaderSize(f, 256<<10)
	pos := c.offset
	read := func() (byte, error) {
		b, err := br.ReadByte()
		if err == nil {
			pos++
		}
		return b, err
	}
	skip := func() (byte, error) {
		for {
			b, err := read()
			if err != nil || (b != ' ' && b != '\t' && b != '\r' && b != '\n' && b != 0xef && b != 0xbb && b != 0xbf) {
				return b, err
			}
		}
	}
	malformed := func(what string) error {
		return &sources.Error{Kind: sources.ErrMalformed, Provider: "file",
			Message: fmt.Sprintf("the JSON array is broken at byte %d: %s", pos, what), Hint: "check the file is complete"}
	}
	if c.offset == 0 {
		if b, err := skip(); err != nil || b != '[' {
			return nil, c, false, malformed("it does not start with [")
		}
	}
	var out []entry
	kept := 0
	for len(out) < n && kept < MaxPageBytes {
		if ctx.Err() != nil {
			return nil, c, false, ctx.Err()
		}
		b, err := skip()
		if err == io.EOF {
			return nil, c, false, malformed("it ends before its closing ]")
		}
		if err != nil {
			return nil, c, false, err
		}
		if b == ',' && (len(out) > 0 || c.offset > 0) {
			if b, err = skip(); err != nil {
				return nil, c, false, malformed("it ends after a comma")
			}
		}
		if b == ']' {
			return out, cursor{offset: pos}, false, nil
		}
		at := pos - 1
		val := clipBuf{}
		err = scanValue(br, b, &val)
		pos += val.total - 1
		if err != nil {
			return nil, c, false, malformed(err.Error())
		}
		e := entry{raw: json.RawMessage(val.kept)}
		if val.total > MaxEntry {
			e.full, e.at = val.total, at
		}
		out = append(out, e)
		kept += len(val.kept)
	}
	// Is there another element, or only the closing bracket?
	next := cursor{offset: pos}
	for {
		b, err := br.ReadByte()
		if err != nil {
			return out, next, false, nil
		}
		switch b {
		case ' ', '\t', '\r', '\n':
			continue
		case ']':
			return out, next, false, nil
		default:
			return out, next, true, nil
		}
	}
}

// clipBuf keeps the first MaxEntry bytes given to it and counts them all.
type clipBuf struct {
	kept  []byte
	total int64
}

func (c *clipBuf) add(b byte) {
	c.total++
	if len(c.kept) < MaxEntry {
		c.kept = append(c.kept, b)
	}
}

// scanValue reads one JSON value whose first byte, first, was already read,
// into val, tracking strings and nesting; it does not validate the value.
func scanValue(br *bufio.Reader, first byte, val *clipBuf) error {
	val.add(first)
	depth := 0
	switch first {
	case '{', '[':
		depth = 1
	case '"':
		return scanString(br, val)
	default: // a number, true, false or null: up to a delimiter
		for {
			b, err := br.ReadByte()
			if err != nil {
				return nil
			}
			if b == ',' || b == ']' || b == '}' || b == ' ' || b == '\n' || b == '\r' || b == '\t' {
				_ = br.UnreadByte()
				return nil
			}
			val.add(b)
		}
	}
	for depth > 0 {
		b, err := br.ReadByte()
		if err != nil {
			return fmt.Errorf("an element is cut off")
		}
		val.add(b)
		switch b {
		case '"':
			if err := scanString(br, val); err != nil {
				return err
			}
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		}
	}
	return nil
}

// scanString reads the rest of a JSON string after its opening quote.
func scanString(br *bufio.Reader, val *clipBuf) error {
	for {
		b, err := br.ReadByte()
		if err != nil {
			return fmt.Errorf("a string is cut off")
		}
		val.add(b)
		switch b {
		case '\\':
			e, err := br.ReadByte()
			if err != nil {
				return fmt.Errorf("a string is cut off")
			}
			val.add(e)
		case '"':
			return nil
		}
	}
}

// readLinesBack reads up to n non-empty lines of a JSON-lines file that end
// at offset end (which is on a line boundary), and fewer once they hold
// MaxPageBytes, reading the file backwards in chunks. It returns them in
// file order and the offset where the first one starts, so a page at the
// end of a huge file costs what a page at its start does. A line over
// MaxEntry is found by its newlines and only its start is read.
func readLinesBack(ctx context.Context, f *os.File, end int64, n int) ([]entry, int64, error) {
	sc := backScanner{f: f}
	var rev []entry // newest line first
	start, kept := int64(0), 0
	for cur := end; len(rev) < n && kept < MaxPageBytes && cur > 0; {
		nl, err := sc.lastNewline(ctx, cur)
		if err != nil {
			return nil, 0, err
		}
		s := nl + 1 // the line is [s, cur)
		if cur > s {
			e, err := sc.read(s, cur)
			if err != nil {
				return nil, 0, err
			}
			if e.full > 0 || len(e.raw) > 0 {
				rev = append(rev, e)
				start, kept = s, kept+len(e.raw)
			}
		}
		cur = nl
	}
	if len(rev) == 0 {
		start = 0
	}
	out := make([]entry, len(rev))
	for i, l := range rev {
		out[len(rev)-1-i] = l
	}
	return out, start, nil
}

// backScanner finds newlines going backwards through a file, one chunk
// read at a time, holding one chunk whatever the lines' lengths.
type backScanner struct {
	f     *os.File
	buf   []byte
	start int64 // buf holds the file's bytes from start
}

// lastNewline returns the offset of the last newline before before, or -1.
func (b *backScanner) lastNewline(ctx context.Context, before int64) (int64, error) {
	const chunk = 256 << 10
	for before > 0 {
		if b.buf == nil || before <= b.start || before > b.start+int64(len(b.buf)) {
			if ctx.Err() != nil {
				return 0, ctx.Err()
			}
			size := min(int64(chunk), before)
			b.start = before - size
			if b.buf == nil {
				b.buf = make([]byte, chunk)
			}
			b.buf = b.buf[:size]
			if _, err := b.f.ReadAt(b.buf, b.start); err != nil && err != io.EOF {
				return 0, err
			}
		}
		if i := bytes.LastIndexByte(b.buf[:before-b.start], '\n'); i >= 0 {
			return b.start + int64(i), nil
		}
		before = b.start
	}
	return -1, nil
}

// read returns the line [s, e) as an entry: trimmed, or its first MaxEntry
// bytes when it is longer.
func (b *backScanner) read(s, e int64) (entry, error) {
	size := min(e-s, MaxEntry)
	var line []byte
	if s >= b.start && s+size <= b.start+int64(len(b.buf)) {
		line = bytes.Clone(b.buf[s-b.start : s-b.start+size])
	} else {
		line = make([]byte, size)
		if _, err := b.f.ReadAt(line, s); err != nil && err != io.EOF {
			return entry{}, err
		}
	}
	if s == 0 {
		line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
	}
	if e-s > MaxEntry {
		return entry{raw: bytes.TrimLeft(line, " \t\r\n"), full: e - s, at: s}, nil
	}
	return entry{raw: bytes.TrimSpace(line)}, nil
}

// onlySpaceAfter reports whether nothing but white space follows offset.
func onlySpaceAfter(f *os.File, offset int64) bool {
	buf := make([]byte, 4096)
	for {
		n, err := f.ReadAt(buf, offset)
		if len(bytes.TrimSpace(buf[:n])) > 0 {
			return false
		}
		if err != nil {
			return true
		}
		offset += int64(n)
	}
}
