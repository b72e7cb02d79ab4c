package file

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"os"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
)

// Finding: `/` beyond the loaded window. A JSON-lines file is read straight
// through, forwards or backwards, its entries checked as raw bytes first
// (the prefilter of the query and the text), and only those that may match
// decoded; the match's cursor points at its line, so the page Fetch gives
// for it starts with it. Other layouts (an array, a saved response) are
// paged through with Fetch.

// progressEvery is how many bytes Find reads between two reports of its
// progress.
const progressEvery = 4 << 20

// Find implements sources.Finder.
func (s *Source) Find(ctx context.Context, req sources.FindRequest) (sources.Found, error) {
	if req.Text == "" {
		return sources.Found{}, nil
	}
	f, size, layout, err := s.open(ctx)
	if err != nil {
		return sources.Found{}, err
	}
	defer f.Close()
	c := cursor{size: size, line: 1}
	if req.From != "" {
		if c, err = s.checkCursor(f, layout, size, req.From); err != nil {
			return sources.Found{}, err
		}
	}
	stop := cursor{offset: -1} // where the search stops; -1: at the end of the file that way
	if req.To != "" {
		if stop, err = s.checkCursor(f, layout, size, req.To); err != nil {
			return sources.Found{}, err
		}
	}
	if layout != formatJSONL {
		return s.findPaging(ctx, f, layout, size, req, stop.offset)
	}
	m := matcher{s: s, q: req.Query, text: model.NewNeedle(req.Text, nil), pre: s.newPrefilter(req.Query, req.Text)}
	progress := req.Progress
	if progress == nil {
		progress = func(int64, int64) {}
	}
	if req.Backward {
		end := c.offset
		if req.From == "" {
			end = size
		}
		return m.back(ctx, f, layout, size, end, max(stop.offset, 0), progress)
	}
	if c.back {
		c.line = 0 // a page read backwards does not know its line
	}
	end := size
	if stop.offset >= 0 {
		end = stop.offset
	}
	return m.forward(ctx, f, layout, size, c, end, progress)
}

// checkCursor reads a cursor Find is given, as Fetch checks one.
func (s *Source) checkCursor(f *os.File, layout format, size int64, cur string) (cursor, error) {
	c, err := decodeCursor(cur, layout)
	if err != nil {
		return c, err
	}
	if size < c.size {
		return c, badCursor("the file is shorter than when this page was read: it was replaced or truncated")
	}
	if !onBoundary(f, layout, c.offset) {
		return c, badCursor("the cursor does not point at an entry of this file: it was changed, or the cursor is not from it")
	}
	return c, nil
}

// matcher decides whether an entry's event is one Find looks for.
type matcher struct {
	s    *Source
	q    model.Query
	text model.Needle
	pre  *prefilter // of the query and the text together
}

// matches checks t, an entry's bytes (trimmed, not clipped): the raw
// bytes first, and only an entry that may match is decoded.
func (m *matcher) matches(t []byte) bool {
	if len(t) == 0 || m.pre.excludes(t) {
		return false
	}
	ev := m.s.decode(t)
	return m.q.Matches(&ev) && ev.Has(m.text)
}

// matchesClipped checks an entry over MaxEntry, which a page keeps clipped.
func (m *matcher) matchesClipped(e entry) bool {
	ev := clipped(e, m.s.path)
	return m.q.Matches(&ev) && ev.Has(m.text)
}

// forward reads the lines from c on, up to the one at end.
func (m *matcher) forward(ctx context.Context, f *os.File, layout format, size int64, c cursor, end int64, progress func(int64, int64)) (sources.Found, error) {
	if _, err := f.Seek(c.offset, io.SeekStart); err != nil {
		return sources.Found{}, err
	}
	br := readers.Get().(*bufio.Reader)
	br.Reset(f)
	defer readers.Put(br)
	at, line, start, total := c.offset, c.line, c.offset, max(end-c.offset, 0)
	reported := at
	for {
		if at >= end {
			progress(total, total)
			return sources.Found{}, nil
		}
		if at-reported >= progressEvery {
			if err := ctx.Err(); err != nil {
				return sources.Found{}, err
			}
			progress(at-start, total)
			reported = at
		}
		raw, n, err := readLine(ctx, br)
		length := n
		if err == nil {
			length--
		}
		var hit bool
		switch {
		case length > MaxEntry:
			hit = m.matchesClipped(entry{raw: bytes.Clone(bytes.TrimLeft(raw, " \t\r\n")), full: length, at: at, line: line})
		default:
			hit = m.matches(bytes.TrimSpace(bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))))
		}
		if hit {
			progress(total, total)
			return sources.Found{OK: true, Cursor: cursor{offset: at, size: size, line: line}.encode(layout), Offset: at, Size: size}, nil
		}
		at += n
		if line > 0 && n > 0 {
			line++
		}
		if err == io.EOF {
			progress(total, total)
			return sources.Found{}, nil
		}
		if err != nil {
			return sources.Found{}, err
		}
	}
}

// back reads the lines that end at or before end and start at or after
// stop, the last first.
func (m *matcher) back(ctx context.Context, f *os.File, layout format, size, end, stop int64, progress func(int64, int64)) (sources.Found, error) {
	sc := backScanner{f: f}
	reported, total := end, max(end-stop, 0)
	for cur := end; cur > stop; {
		if reported-cur >= progressEvery {
			if err := ctx.Err(); err != nil {
				return sources.Found{}, err
			}
			progress(end-cur, total)
			reported = cur
		}
		nl, err := sc.lastNewline(ctx, cur)
		if err != nil {
			return sources.Found{}, err
		}
		s := nl + 1 // the line is [s, cur)
		if cur > s {
			var hit bool
			if cur-s > MaxEntry {
				e, err := sc.read(s, cur)
				if err != nil {
					return sources.Found{}, err
				}
				hit = m.matchesClipped(e)
			} else {
				raw, err := sc.view(s, cur)
				if err != nil {
					return sources.Found{}, err
				}
				if s == 0 {
					raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
				}
				hit = m.matches(bytes.TrimSpace(raw))
			}
			if hit {
				progress(total, total)
				return sources.Found{OK: true, Cursor: cursor{offset: s, size: size}.encode(layout), Offset: s, Size: size}, nil
			}
		}
		cur = nl
	}
	progress(total, total)
	return sources.Found{}, nil
}

// view returns the line [s, e), of at most MaxEntry bytes, in the
// scanner's chunk when it is there (valid until the next lastNewline), else
// read on its own.
func (b *backScanner) view(s, e int64) ([]byte, error) {
	if s >= b.start && e <= b.start+int64(len(b.buf)) {
		return b.buf[s-b.start : e-b.start], nil
	}
	line := make([]byte, e-s)
	if _, err := b.f.ReadAt(line, s); err != nil && err != io.EOF {
		return nil, err
	}
	return line, nil
}

// findPaging pages through a JSON array or a saved response with Fetch's
// own page size, checking each page's events, so the page holding a match
// is the one its cursor fetches; it stops at the page that starts (or,
// backwards, ends) at stop, unless stop is -1. A JSON array is not read
// backwards.
func (s *Source) findPaging(ctx context.Context, f *os.File, layout format, size int64, req sources.FindRequest, stop int64) (sources.Found, error) {
	if req.Backward && layout == formatArray {
		return sources.Found{}, errors.ErrUnsupported
	}
	limit := size
	if layout == formatPage {
		s.mu.Lock()
		limit = int64(len(s.saved))
		s.mu.Unlock()
	}
	nd := model.NewNeedle(req.Text, nil)
	start := int64(0)
	cur := req.From
	if cur != "" {
		c, _ := decodeCursor(cur, layout) // checked by Find
		start = c.offset
		if req.Backward && !c.back {
			cur = cursor{offset: c.offset, size: c.size, back: true}.encode(layout)
		}
	} else if req.Backward {
		start = limit
		cur = cursor{offset: limit, size: size, back: true}.encode(layout)
	}
	total := limit - start
	if req.Backward {
		total = start
	}
	if req.Progress != nil {
		defer req.Progress(total, total)
	}
	for {
		if req.Backward && cur == "" {
			return sources.Found{}, nil // the first page was the last looked at
		}
		if c, err := decodeCursor(cur, layout); stop >= 0 && cur != "" && err == nil && ((!req.Backward && c.offset >= stop) || (req.Backward && c.offset <= stop)) {
			return sources.Found{}, nil // where the search was to stop
		}
		page, err := s.Fetch(ctx, req.Query, cur)
		if err != nil {
			return sources.Found{}, err
		}
		next := page.Next
		if req.Backward {
			next = page.Prev
		}
		for k := range page.Events {
			i := k
			if req.Backward {
				i = len(page.Events) - 1 - k
			}
			if page.Events[i].Has(nd) {
				c, _ := decodeCursor(cur, layout)
				if cur == "" {
					c = cursor{}
				}
				return sources.Found{OK: true, Cursor: cur, Index: i, Offset: c.offset, Size: limit}, nil
			}
		}
		if req.Progress != nil {
			done := total
			if c, err := decodeCursor(next, layout); err == nil {
				done = c.offset - start
				if req.Backward {
					done = start - c.offset
				}
			}
			req.Progress(done, total)
		}
		if !req.Backward && next == "" {
			return sources.Found{}, nil
		}
		cur = next
	}
}
