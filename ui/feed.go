package ui

import (
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/ui/timeline"
	"github.com/trail-dev/trail/ui/window"
)

// direction says where a requested page goes relative to what is loaded.
type direction int

const (
	dirFirst direction = iota // start over from the first page
	dirNext                   // append after the last loaded page
	dirPrev                   // prepend before the first loaded page
	dirLast                   // start over from the last page (a Seeker)
)

func (d direction) String() string {
	switch d {
	case dirNext:
		return "next"
	case dirPrev:
		return "previous"
	case dirLast:
		return "last"
	default:
		return "first"
	}
}

// pageInfo is one loaded page: where its events sit in feed.events and the
// cursors around it. feed.pages[i] describes feed.events.Page(i).
type pageInfo struct {
	// number is the page's position: 1, 2, ... counted from the first page,
	// or -1, -2, ... counted back from the last when the walk began there.
	number int
	start  int    // index of its first event in feed.events
	count  int    // how many events it holds (after the source's trimming)
	next   string // provider cursor to the page after; "" = end of log
	prev   string // provider cursor to the page before; "" = use history

	// fetched is how many entries the provider sent for it before the
	// source trimmed them to the query; 0 = not counted.
	fetched int
	// bytes is what its events hold in memory, about (see eventBytes).
	bytes int64
}

// request is a fetch in flight.
type request struct {
	seq    uint64
	dir    direction
	number int    // page number the result will have
	cursor string // cursor sent to the source
	size   int    // page size asked of a sources.Sizer; 0 = the source's own
}

// feed is the loaded part of the log: a window of consecutive pages, the
// cursor that fetched every page seen (so earlier pages can be fetched again
// after they leave the window), and the state of the request in flight (and
// of a second one, for the page after it, while the user pages fast).
//
// It does no I/O: it says which request to make next and takes results in.
//
// A page arriving costs that page, not the window: the events are a
// window.Events (pages as they came, never copied together), and the
// timeline's histogram is kept by adding a page's counts and subtracting a
// let-go page's. The window's API is add (a page after or before) and the
// trims; a page at the top (follow mode) is a dirPrev-shaped add.
type feed struct {
	events    window.Events
	hist      timeline.Hist // the loaded events by time, kept page by page
	pages     []pageInfo
	history   map[int]string    // page number → cursor that fetched it
	sizes     map[int]int       // page number → size it was fetched at, when not the source's own
	resized   bool              // a page was fetched at another size: the provider's page count is not ours
	maxEvents int               // window size; pages beyond it are let go; 0 = no limit
	maxBytes  int64             // window size in bytes (eventBytes); 0 = no limit
	bytes     int64             // what the loaded pages hold, by eventBytes
	total     int               // page count the provider reported; 0 = unknown
	fromEnd   bool              // the walk began at the last page
	latency   time.Duration     // smoothed time a page takes to arrive
	guard     sources.PageGuard // stops paging against a server that never ends
	through   int               // events on pages 1 to the last loaded, when counted from page 1
	base      int               // the first page's number when the view opens at a place (atBase, matchBase); 0 = page 1

	seq      uint64   // number of the latest request; results with another are stale
	inflight *request // nil when idle
	// ahead is a second request, for the page after inflight's, at the
	// cursor the source predicted (see ahead.go); aheadRes is its result
	// when it came first, kept until inflight's page is taken in.
	ahead    *request
	aheadRes *pageLoadedMsg
	err      error // why the last request failed; nil after a success
	errDir   direction
	retryAt  time.Time // when a rate-limited request is tried again; zero = not waiting
	progress sources.Progress
}

func newFeed(maxEvents int, maxBytes int64) feed {
	return feed{history: map[int]string{1: ""}, sizes: map[int]int{}, maxEvents: maxEvents, maxBytes: maxBytes}
}

// eventOverhead is what an event costs beyond its raw entry and its
// strings: the struct (about 300 bytes), string and slice headers, and the
// allocator's rounding. An estimate: the bound is on the order of bytes,
// not exact to the byte.
const eventOverhead = 512

// eventBytes is about what e holds in memory: its raw entry, the strings
// decoded from it (often copies) and the overhead of an event.
func eventBytes(e *model.Event) int64 {
	n := len(e.Raw) + len(e.ID) + len(e.Action) + len(e.Actor) + len(e.ActorID) + len(e.Target) +
		len(e.Summary) + len(e.IP) + len(e.Client) + len(e.Location) + len(e.Source) + len(e.Provider)
	for _, c := range e.Changes {
		n += len(c.Field) + len(c.Before) + len(c.After) + 48
	}
	return int64(n + eventOverhead)
}

// pageBytes is eventBytes summed over evs.
func pageBytes(evs []model.Event) int64 {
	var n int64
	for i := range evs {
		n += eventBytes(&evs[i])
	}
	return n
}

// reset forgets everything loaded and invalidates any request in flight.
func (f *feed) reset() {
	f.events, f.pages, f.bytes = window.Events{}, nil, 0
	f.hist.Reset()
	f.history = map[int]string{1: ""}
	f.sizes, f.resized = map[int]int{}, false
	f.total, f.through = 0, 0
	f.fromEnd = false
	f.seq++
	f.inflight, f.err, f.retryAt = nil, nil, time.Time{}
	f.ahead, f.aheadRes = nil, nil
	f.progress = sources.Progress{}
	f.guard.Reset()
}

func (f *feed) started() bool  { return len(f.pages) > 0 }
func (f *feed) fetching() bool { return f.inflight != nil }

// atEnd reports whether the last page of the log is loaded.
func (f *feed) atEnd() bool {
	return len(f.pages) > 0 && f.pages[len(f.pages)-1].next == ""
}

// atStart reports whether the first page of the log is loaded: page 1, or
// a page with no way further back (a walk that began at the end).
func (f *feed) atStart() bool {
	if len(f.pages) == 0 || f.pages[0].number == 1 {
		return true
	}
	_, known := f.history[f.pages[0].number-1]
	return f.pages[0].prev == "" && !known
}

// canPrev reports whether the page before the window can be fetched.
func (f *feed) canPrev() bool {
	if f.atStart() {
		return false
	}
	first := f.pages[0]
	_, known := f.history[first.number-1]
	return first.prev != "" || known
}

// endless checks the page that answered req, once it is taken in, against
// the guard. A server that keeps sending empty pages, or pages past the count
// it stated, gets an error here that stops the prefetch chain (afterMove does
// not fetch after an error): what was loaded stays, and r fetches one more.
func (f *feed) endless(req request, page sources.Page) error {
	number := 0
	if req.dir == dirFirst || req.dir == dirNext {
		number = req.number // counted from page 1; the other ways are not
	}
	err := f.guard.Check(number, page)
	if err != nil {
		f.err, f.errDir = err, req.dir
	}
	return err
}

// begin records a new request in direction d and returns it, or false when
// there is nothing to fetch that way. A request in flight is superseded: its
// result will be stale.
func (f *feed) begin(d direction) (request, bool) {
	req := request{dir: d}
	switch d {
	case dirFirst:
		req.number = 1
		if f.base != 0 {
			req.number = f.base
		}
	case dirLast:
		req.number = -1
	case dirNext:
		if !f.started() || f.atEnd() {
			return request{}, false
		}
		last := f.pages[len(f.pages)-1]
		req.number, req.cursor = last.number+1, last.next
	case dirPrev:
		if !f.canPrev() {
			return request{}, false
		}
		first := f.pages[0]
		req.number = first.number - 1
		if c, ok := f.history[req.number]; ok {
			req.cursor = c                 // the cursor that fetched it before gives the same page
			req.size = f.sizes[req.number] // at the same size
		} else {
			req.cursor = first.prev
		}
	}
	f.seq++
	req.seq = f.seq
	f.inflight = &req
	f.ahead, f.aheadRes = nil, nil
	f.err, f.retryAt = nil, time.Time{}
	f.progress = sources.Progress{}
	return req, true
}

// abandon forgets the request in flight, and a rate-limit wait before a
// retry, leaving what is loaded as it is: its result will be stale.
func (f *feed) abandon() {
	f.seq++
	f.inflight = nil
	f.ahead, f.aheadRes = nil, nil
	f.progress = sources.Progress{}
	if !f.retryAt.IsZero() {
		f.err, f.retryAt = nil, time.Time{}
	}
}

// current reports whether a result for req is still wanted.
func (f *feed) current(seq uint64) bool {
	return f.inflight != nil && f.inflight.seq == seq
}

// fail records that the request in flight failed. The loaded events stay.
func (f *feed) fail(err error, retryAt time.Time) {
	if f.inflight != nil {
		f.errDir = f.inflight.dir
	}
	f.inflight, f.err, f.retryAt = nil, err, retryAt
	f.ahead, f.aheadRes = nil, nil
	f.progress = sources.Progress{}
}

// add takes in the page that answered the request in flight and returns how
// far the indexes of already loaded events moved (positive when events were
// put in front of them, negative when pages in front were let go), so the list
// can keep its cursor on the same event. keep is the index of the event
// under the cursor: letting pages go never lets its page go.
func (f *feed) add(page sources.Page, keep int) (shift int) {
	req := f.inflight
	f.inflight, f.err, f.retryAt = nil, nil, time.Time{}
	f.progress = sources.Progress{}
	if req.size > 0 {
		// Pages of another size than the provider's count: its page
		// count would be wrong, so none is shown.
		f.resized, f.total = true, 0
	}
	if page.Total > 0 && !f.resized {
		f.total = page.Total
	}
	info := pageInfo{number: req.number, count: len(page.Events), fetched: page.Scanned, next: page.Next, prev: page.Prev,
		bytes: pageBytes(page.Events)}
	if req.dir == dirLast {
		f.fromEnd = true
		delete(f.history, 1) // page 1 is somewhere before; its number is not known here
	}
	if req.dir != dirLast {
		f.history[req.number] = req.cursor
		f.sizes[req.number] = req.size
	}
	if page.Next != "" && req.number+1 != 0 {
		if _, ok := f.history[req.number+1]; !ok {
			f.history[req.number+1] = page.Next
		}
	}
	switch req.dir {
	case dirFirst:
		f.through = len(page.Events)
	case dirNext:
		f.through += len(page.Events)
	}
	// The page's events are kept as they came: the source made them for
	// this result and keeps no other use of them.
	evs := page.Events
	switch req.dir {
	case dirFirst, dirLast:
		f.events = window.Of(evs)
		f.pages = []pageInfo{info}
		f.bytes = info.bytes
		f.hist.Reset()
		f.hist.Add(evs)
	case dirNext:
		info.start = f.events.Len()
		f.events.Append(evs)
		f.pages = append(f.pages, info)
		f.bytes += info.bytes
		f.hist.Add(evs)
		shift = -f.trimFront(keep)
	case dirPrev:
		f.events.Prepend(evs)
		f.pages = append([]pageInfo{info}, f.pages...)
		f.bytes += info.bytes
		f.hist.Add(evs)
		f.renumber()
		shift = len(evs)
		f.trimBack(keep + shift)
	}
	if f.hist.TooCoarse() {
		f.recountHist()
	}
	return shift
}

// recountHist counts the whole window into the histogram again, afresh.
func (f *feed) recountHist() {
	f.hist.Reset()
	for i := 0; i < f.events.Pages(); i++ {
		f.hist.Add(f.events.Page(i))
	}
}

// trimFront lets go of whole pages at the front while the window is over its
// size (what is left would still hold maxEvents events, or the window holds
// more than maxBytes), keeping at least two pages and the page holding event
// keep, and returns how many events went.
func (f *feed) trimFront(keep int) int {
	dropped, b, k := 0, f.bytes, 0
	for len(f.pages)-k > 2 && keep >= dropped+f.pages[k].count &&
		(f.maxEvents > 0 && f.events.Len()-dropped-f.pages[k].count >= f.maxEvents || f.maxBytes > 0 && b > f.maxBytes) {
		dropped += f.pages[k].count
		b -= f.pages[k].bytes
		f.hist.Remove(f.events.Page(k))
		k++
	}
	if k > 0 {
		f.events.DropFront(k)
		f.pages = f.pages[k:]
		f.bytes = b
		f.renumber()
	}
	return dropped
}

// trimBack lets go of whole pages at the back while the window is over
// size, keeping at least two pages and the page holding event keep.
func (f *feed) trimBack(keep int) {
	if f.maxEvents <= 0 && f.maxBytes <= 0 {
		return
	}
	n := f.events.Len()
	for len(f.pages) > 2 {
		last := f.pages[len(f.pages)-1]
		if last.start <= keep || !(f.maxEvents > 0 && n-last.count >= f.maxEvents || f.maxBytes > 0 && f.bytes > f.maxBytes) {
			break
		}
		n -= last.count
		f.bytes -= last.bytes
		f.hist.Remove(f.events.Page(len(f.pages) - 1))
		f.events.DropBack(1)
		f.pages = f.pages[:len(f.pages)-1]
	}
}

// renumber recomputes each page's start index.
func (f *feed) renumber() {
	start := 0
	for i := range f.pages {
		f.pages[i].start = start
		start += f.pages[i].count
	}
}

// pageAt returns the index in f.pages of the page holding event i.
func (f *feed) pageAt(i int) int {
	lo, hi := 0, len(f.pages)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if f.pages[mid].start <= i {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}
