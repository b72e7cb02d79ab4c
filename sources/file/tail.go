package file

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
)

// Tail implements follow.Tailer for a JSON-lines file that grows: the
// events of q in the lines appended after mark, read from the offset mark
// holds, so a check of a large file reads only what was appended; and the
// mark after them. The empty mark is the end of the file now: no events,
// and a mark there. A last line without its newline yet (being written)
// is left for the next check.
//
// A file shorter than it was at mark was truncated or replaced (rotated):
// Tail reads it from its start and says so in notice; the follow drops what
// it already holds. Other layouts (a JSON array, a saved page) do not grow
// by appending: errors.ErrUnsupported, and the follow reads the whole query.
func (s *Source) Tail(ctx context.Context, q model.Query, mark string) (evs []model.Event, next, notice string, err error) {
	f, size, layout, err := s.open(ctx)
	if err != nil {
		return nil, "", "", err
	}
	defer f.Close()
	if layout != formatJSONL {
		return nil, "", "", errors.ErrUnsupported
	}
	if mark == "" {
		return nil, cursor{offset: size, size: size}.encode(layout), "", nil
	}
	c, err := decodeCursor(mark, layout)
	if err != nil {
		return nil, "", "", err
	}
	if size < c.size || c.offset > size || !onBoundary(f, layout, c.offset) {
		notice = "the file " + s.path + " is shorter than at the last check: it was truncated or replaced, and is read again from its start"
		c = cursor{}
	}
	if _, err := f.Seek(c.offset, io.SeekStart); err != nil {
		return nil, "", "", &sources.Error{Kind: sources.ErrUnavailable, Provider: "file", Message: err.Error()}
	}
	br := bufio.NewReaderSize(f, 256<<10)
	at := c.offset
	for {
		if err := ctx.Err(); err != nil {
			return nil, "", "", err
		}
		line, total, err := readLine(ctx, br)
		if err == io.EOF {
			break // a line still being written (or none): the next check reads it whole
		}
		if err != nil {
			return nil, "", "", &sources.Error{Kind: sources.ErrUnavailable, Provider: "file", Message: err.Error()}
		}
		start := at
		at += total
		t := bytes.TrimSpace(bytes.TrimPrefix(line, []byte("\xef\xbb\xbf")))
		switch {
		case total-1 > MaxEntry:
			evs = append(evs, clipped(entry{raw: bytes.Clone(bytes.TrimLeft(line, " \t\r\n")), full: total - 1, at: start}, s.path))
		case len(t) > 0:
			evs = append(evs, s.decode(bytes.Clone(t)))
		}
	}
	return sources.Trim(evs, q), cursor{offset: at, size: max(size, at)}.encode(layout), notice, nil
}
