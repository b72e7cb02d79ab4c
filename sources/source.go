// Package sources is the contract between trail and the audit-trail providers,
// in the shape of database/sql/driver: a one-method Source, extra abilities as
// small optional interfaces found by type assertion, sentinel errors wrapped
// with %w, and a context on every call.
//
// A provider lives in its own sub-package (sources/canary, ...) with its real
// HTTP client and an emulator of its documented API. main.go builds a Registry
// of providers; the UI and export see only Source and the types here.
//
// Optional interfaces a source may implement:
//
//   - Describer: which query fields the provider filters on itself, the action
//     types it documents, its default time window.
//   - ActionLister: action types fetched from the provider at run time.
//   - Seeker: a jump to the last page without walking the log (files).
//   - FileReader: the local files a source reads, so an export never
//     writes over one.
//   - Sizer: a page size chosen per fetch (the UI asks for bigger pages
//     while the user pages fast), where the provider's paging allows it.
//   - Predictor: the cursor of the page after the one in flight, known
//     before that page arrives (an offset, a page number of the source's
//     own), so the UI can keep a second request in flight while the user
//     pages fast.
//   - Finder: a search for a text through the whole log, beyond what the UI
//     has loaded, at the speed of reading it (files).
//
// The package sourcetest holds the conformance suite every provider runs.
package sources

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/trail-dev/trail/model"
)

// Source is one configured provider instance.
//
// Fetch returns one page of the events matching q, in the provider's order,
// starting at cursor ("" = the first page). It returns exactly the matching
// events: what the provider cannot filter, or filters more coarsely than the
// query (by date rather than time), the source trims, so a page may be short or
// even empty while Next is not. Fetch must honour ctx: when it is cancelled or
// its deadline passes, Fetch returns promptly with an error that wraps
// ctx.Err().
type Source interface {
	Fetch(ctx context.Context, q model.Query, cursor string) (Page, error)
}

// Page is one response's worth of events and the opaque cursors around it.
type Page struct {
	Events []model.Event
	// Next fetches the page after this one; "" means this is the last page.
	Next string
	// Prev fetches the page before this one; "" means the first page or that
	// the provider cannot page backwards (the UI keeps its own history).
	Prev string
	// Number and Total are the 1-based page number and page count where the
	// provider reports them; 0 means unknown.
	Number, Total int
	// Scanned is how many entries the provider sent for this page before the
	// source trimmed them to the query (what it could not filter itself);
	// 0 means not counted. An empty page the query emptied (fine, however
	// many in a row) is told by it from one the provider sent empty while
	// claiming more (see PageGuard), and the UI says "4 of 200 match" with it.
	Scanned int
	// Notice is something the provider said the user should know, such as a
	// better host to use. The UI shows each distinct notice once.
	Notice string
	// Parts, set by a source that merges several, is the state of each one,
	// for the status line.
	Parts []Part
}

// Part is one source of a merged view, as of a page.
type Part struct {
	Name     string // the source's name in the config
	Provider string
	Events   int   // events of this source delivered so far
	Done     bool  // its last page has been read
	Err      error // why it stopped, if it failed; the others go on
}

// Field names a part of model.Query, for saying where each part is applied.
type Field uint8

// Query fields.
const (
	FieldTime Field = 1 << iota
	FieldActor
	FieldAction
	FieldText
	FieldIP
	FieldTarget
)

// AllFields lists the query fields in the order the filter pane shows them.
var AllFields = [...]Field{FieldTime, FieldActor, FieldAction, FieldIP, FieldTarget, FieldText}

// String names the field as the filter pane labels it.
func (f Field) String() string {
	switch f {
	case FieldTime:
		return "time"
	case FieldActor:
		return "actor"
	case FieldAction:
		return "action"
	case FieldText:
		return "text"
	case FieldIP:
		return "ip"
	case FieldTarget:
		return "target"
	default:
		return "fields"
	}
}

// Capabilities describes what a provider does for a query, so the filter pane
// can mark each field as server-side (cheap) or client-side (applied to every
// page fetched).
type Capabilities struct {
	// ServerSide is the set of query fields the provider's API filters on.
	ServerSide Field
	// Actions are the action types the provider documents, offered as choices
	// in the filter pane. Unknown types still appear and still filter.
	Actions []string
	// DefaultWindow, when not zero, is how far back the provider looks when the
	// query sets no start time; the UI shows it so the window is not a secret.
	DefaultWindow time.Duration
	// ActionRequired says an action type is always in force (Qualtrics): the
	// empty action means the source's configured default, not "all".
	ActionRequired bool
	// DefaultAction is that default, shown while the query names none.
	DefaultAction string
	// PartWindows, set by a view of several sources, is each part's
	// DefaultWindow (0 for a part that has none and reads its whole log),
	// in part order; DefaultWindow is then the longest. The UI says each
	// where they differ: one part's default is not the view's.
	PartWindows []PartWindow
}

// PartWindow is one part of a view and its default window.
type PartWindow struct {
	Name   string
	Window time.Duration
}

// Server reports whether the provider filters on f itself.
func (c Capabilities) Server(f Field) bool { return c.ServerSide&f != 0 }

// Describer is implemented by sources that can say what they filter on.
type Describer interface {
	Capabilities() Capabilities
}

// ActionLister is implemented by sources that fetch the list of action types
// from the provider (Qualtrics' activity types).
type ActionLister interface {
	ListActions(ctx context.Context) ([]string, error)
}

// Seeker is implemented by sources that can go to the end of the log without
// walking it (files). Last returns the last page of the events matching q,
// with a Prev cursor leading backwards and Next empty; the pages before it
// come through Prev cursors like any others.
type Seeker interface {
	Last(ctx context.Context, q model.Query) (Page, error)
}

// FileReader is implemented by sources that read local files (a file
// source, a merged view holding one). An export refuses to write over any of
// them: writing the evidence over itself would empty it.
type FileReader interface {
	Files() []string
}

// Sizer is implemented by sources whose provider lets the page size change
// from one page to the next (an offset with a limit, a page size with a
// cursor that holds the position). PageSizes returns the size Fetch asks for
// (the configured one) and the largest the provider allows. FetchSize is
// Fetch asking for size entries (0 = base; more than max = max): its Next
// cursor leads to the entry right after its page whatever size the next call
// asks for, so a walk that changes the size loses and repeats nothing; its
// Prev cursor leads to the base-size page before it, as Fetch's does. A
// cursor that fetched a page fetches it again with the same size.
// Page.Total, if given, counts pages of the size asked for. A wrapper that
// embeds a Sizer and changes Fetch must change FetchSize too, or the UI's
// sized fetches go around it.
type Sizer interface {
	PageSizes() (base, max int)
	FetchSize(ctx context.Context, q model.Query, cursor string, size int) (Page, error)
}

// SizeOf is the page size a Sizer's FetchSize reads when asked for size:
// its base for 0 (or less), and no more than its largest.
func SizeOf(s Sizer, size int) int {
	base, largest := s.PageSizes()
	if size <= 0 {
		size = base
	}
	return min(size, largest)
}

// Predictor is implemented by sources whose next cursor can be known
// before the page in flight arrives: an offset that moves by the page size,
// a page number the source sends itself. PredictNext returns the Next that
// the page fetched at cursor with size (as Sizer's FetchSize: 0 = the
// source's own) carries when it is full and not the last, and false where
// that cannot be known (a link or token the provider sends, a first page
// whose window is fixed when it is fetched). The page the predicted cursor
// fetches goes on from that page exactly, nothing lost or repeated, so a
// caller may fetch it while that page travels; it keeps it only when that
// page arrives with that very Next, and drops it otherwise (the end of the
// log, a short page, another cursor). Byte offsets in a file are not
// predictable: a page's length in bytes is only known once it is read. A
// wrapper that embeds a Predictor and changes Fetch's cursors must change
// PredictNext too; one that only changes what a fetch returns needs not:
// a wrong prediction is dropped, never used.
type Predictor interface {
	PredictNext(q model.Query, cursor string, size int) (next string, ok bool)
}

// Finder is implemented by sources that can look through the whole log for
// a text themselves, reading raw entries and decoding only those that may
// hold it (files), so `/` goes on past the loaded window at about the speed
// of grep. A merged view does not implement it: its cursors join the
// cursors of its parts, and a match in one part says nothing of where the
// others stand.
//
// Find looks at the events req.Query matches, from where req.From points
// on (or, backward, before it), for the first one (nearest req.From) that
// contains req.Text as model.Event.Contains says, reporting how far it has
// read through req.Progress. It honours ctx as Fetch does. Found.OK is false
// when no event that way holds the text. A source that can only search one
// way (a JSON array cannot be read backwards) returns errors.ErrUnsupported
// for the other.
type Finder interface {
	Find(ctx context.Context, req FindRequest) (Found, error)
}

// FindRequest is one search of a Finder.
type FindRequest struct {
	Query model.Query // the query in force: only the events it matches count
	Text  string      // what the event must contain, ignoring case
	// From is a cursor of the source (a page's Next or Prev): forwards,
	// the search starts at the entry it points at; backwards, it looks at
	// the entries before that one. "" is the log's start forwards and its
	// end backwards.
	From     string
	Backward bool
	// To, if not "", is a cursor of the source where the search stops:
	// forwards it looks at the entries before the one To points at,
	// backwards at the entries from it on (a search round the log that
	// stops where the part already looked at begins). A source that reads
	// in pages may look a page further.
	To string
	// Progress, if not nil, is told now and then how many bytes of how
	// many to read have been read, from Find's goroutine.
	Progress func(done, total int64)
}

// Found is where a Finder found a match.
type Found struct {
	OK bool // false: there is none that way
	// Cursor is the source's cursor of a page holding the match:
	// Fetch(ctx, req.Query, Cursor) returns it, at Index in its events.
	Cursor string
	Index  int
	// Offset and Size are where the match is in the log and how long the
	// log is, in bytes, so the UI can say how far into it the match is.
	Offset, Size int64
}

// FilesOf returns the files src reads, or none.
func FilesOf(src Source) []string {
	if r, ok := src.(FileReader); ok {
		return r.Files()
	}
	return nil
}

// CapabilitiesOf returns src's capabilities, or the zero value (everything
// client-side) if it does not describe itself.
func CapabilitiesOf(src Source) Capabilities {
	if d, ok := src.(Describer); ok {
		return d.Capabilities()
	}
	return Capabilities{}
}

// Trim keeps the events of evs that q matches, in order, reusing evs' storage.
// Sources use it for whatever the provider did not filter exactly.
func Trim(evs []model.Event, q model.Query) []model.Event {
	if q.IsZero() {
		return evs
	}
	out := evs[:0]
	for i := range evs {
		if q.Matches(&evs[i]) {
			out = append(out, evs[i])
		}
	}
	clear(evs[len(out):])
	return out
}

// Env is what a provider needs to open one configured source.
type Env struct {
	// Name is the source's name in the config, e.g. "canary-prod".
	Name string
	// Decode fills the provider's options struct from the source's config
	// table. Unknown keys and wrong types are errors that name the line.
	Decode func(opts any) error
	// Secret resolves a secret reference (env:NAME, cmd:COMMAND, file:PATH or
	// a literal). A source calls it when it opens and keeps only the value.
	Secret func(ctx context.Context, ref string) (string, error)
	// Client is the HTTP client to use; nil means one with bounded connect,
	// TLS and header waits (see sources/transport).
	Client *http.Client
	// Timeout bounds one HTTP attempt and ConnectTimeout connecting; 0
	// means the transport's defaults (60s and 10s).
	Timeout, ConnectTimeout time.Duration
	// MaxWait is the longest wait a server may ask for ([net] max_wait): a
	// longer one fails the Fetch with a clear error instead of a wait that
	// looks like a hang. 0 means the transport's default (15 minutes).
	MaxWait time.Duration
	// Log, if set, is the debug log (--debug FILE): one line per request,
	// secrets removed.
	Log *slog.Logger
	// Now is the clock, for default windows; nil means time.Now.
	Now func() time.Time
}

// Clock returns env's clock or time.Now.
func (env Env) Clock() func() time.Time {
	if env.Now != nil {
		return env.Now
	}
	return time.Now
}
