package file

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/trail-dev/trail/sources"
)

// readLines reads up to n non-empty lines of a JSON-lines file from c. Each
// line is an entry, whatever it holds: a line that is not JSON is still
// returned, and decode keeps it as an unreadable event.
func readLines(ctx context.Context, f *os.File, c cursor, n int) ([]json.RawMessage, cursor, bool, error) {
	if _, err := f.Seek(c.offset, io.SeekStart); err != nil {
		return nil, c, false, err
	}
	br := bufio.NewReaderSize(f, 256<<10)
	next := c
	var out []json.RawMessage
	for len(out) < n {
		if len(out)%1024 == 1023 && ctx.Err() != nil {
			return nil, c, false, ctx.Err()
		}
		line, err := readLine(br)
		next.offset += int64(len(line))
		if len(line) > 0 {
			next.line++
		}
		if t := bytes.TrimSpace(bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))); len(t) > 0 {
			out = append(out, json.RawMessage(bytes.Clone(t)))
		}
		if err == io.EOF {
			return out, next, false, nil
		}
		if err != nil {
			return nil, c, false, lineError(err, next.line)
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

// readLine reads one line, newline included, refusing absurdly long ones.
func readLine(br *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		chunk, err := br.ReadSlice('\n')
		line = append(line, chunk...)
		if len(line) > maxLine {
			return line, errLineTooLong
		}
		if err != bufio.ErrBufferFull {
			return line, err
		}
	}
}

var errLineTooLong = fmt.Errorf("longer than %d MiB", maxLine>>20)

func lineError(err error, line int64) error {
	return &sources.Error{Kind: sources.ErrMalformed, Provider: "file",
		Message: fmt.Sprintf("line %d: %v", line, err), Hint: "check the file is a JSON-lines export"}
}

// readArray reads up to n elements of a JSON array from c (offset 0 is the
// start of the file; later offsets point just past an element).
func readArray(ctx context.Context, f *os.File, c cursor, n int) ([]json.RawMessage, cursor, bool, error) {
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
	var out []json.RawMessage
	for len(out) < n {
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
		val, err := scanValue(br, b)
		pos += int64(len(val)) - 1
		if err != nil {
			return nil, c, false, malformed(err.Error())
		}
		out = append(out, json.RawMessage(val))
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

// scanValue reads one JSON value whose first byte, first, was already read,
// tracking strings and nesting; it does not validate the value.
func scanValue(br *bufio.Reader, first byte) ([]byte, error) {
	val := []byte{first}
	depth := 0
	switch first {
	case '{', '[':
		depth = 1
	case '"':
		s, err := scanString(br)
		return append(val, s...), err
	default: // a number, true, false or null: up to a delimiter
		for {
			b, err := br.ReadByte()
			if err != nil {
				return val, nil
			}
			if b == ',' || b == ']' || b == '}' || b == ' ' || b == '\n' || b == '\r' || b == '\t' {
				_ = br.UnreadByte()
				return val, nil
			}
			val = append(val, b)
		}
	}
	for depth > 0 {
		b, err := br.ReadByte()
		if err != nil {
			return val, fmt.Errorf("an element is cut off")
		}
		val = append(val, b)
		switch b {
		case '"':
			s, err := scanString(br)
			val = append(val, s...)
			if err != nil {
				return val, err
			}
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		}
		if len(val) > maxLine {
			return val, errLineTooLong
		}
	}
	return val, nil
}

// scanString reads the rest of a JSON string after its opening quote.
func scanString(br *bufio.Reader) ([]byte, error) {
	var s []byte
	for {
		b, err := br.ReadByte()
		if err != nil {
			return s, fmt.Errorf("a string is cut off")
		}
		s = append(s, b)
		switch b {
		case '\\':
			e, err := br.ReadByte()
			if err != nil {
				return s, fmt.Errorf("a string is cut off")
			}
			s = append(s, e)
		case '"':
			return s, nil
		}
	}
}

// readLinesBack reads up to n non-empty lines of a JSON-lines file that end
// at offset end (which is on a line boundary), reading the file backwards in
// chunks. It returns them in file order and the offset where the first one
// starts, so a page at the end of a huge file costs what a page at its start
// does.
func readLinesBack(ctx context.Context, f *os.File, end int64, n int) ([]json.RawMessage, int64, error) {
	const chunk = 256 << 10
	var rev []json.RawMessage // newest line first
	var carry []byte          // the start of a line whose beginning is further back
	pos, start := end, end
	for len(rev) < n && pos > 0 {
		if ctx.Err() != nil {
			return nil, 0, ctx.Err()
		}
		size := min(int64(chunk), pos)
		pos -= size
		buf := make([]byte, size, int(size)+len(carry))
		if _, err := f.ReadAt(buf, pos); err != nil && err != io.EOF {
			return nil, 0, err
		}
		data := append(buf, carry...)
		for len(rev) < n {
			i := bytes.LastIndexByte(data, '\n')
			if i < 0 {
				break
			}
			if line := bytes.TrimSpace(data[i+1:]); len(line) > 0 {
				rev = append(rev, bytes.Clone(line))
				start = pos + int64(i) + 1
			}
			data = data[:i]
		}
		carry = data
		if len(carry) > maxLine {
			return nil, 0, lineError(errLineTooLong, 0)
		}
	}
	if len(rev) < n && pos == 0 {
		if line := bytes.TrimSpace(bytes.TrimPrefix(carry, []byte("\xef\xbb\xbf"))); len(line) > 0 {
			rev = append(rev, bytes.Clone(line))
			start = 0
		}
	}
	if len(rev) == 0 {
		start = 0
	}
	out := make([]json.RawMessage, len(rev))
	for i, l := range rev {
		out[len(rev)-1-i] = l
	}
	return out, start, nil
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
