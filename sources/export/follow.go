package export

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/follow"
)

// Exit statuses of `trail export --follow`, so a supervisor can tell why it
// stopped. A stop asked for (SIGINT, SIGTERM, SIGHUP) is 0: the output ends
// on a whole line and the state is written.
const (
	ExitFailed  = 1 // it could not start: a flag, the state file, the output
	ExitOutput  = 2 // the output or the state file could not be written
	ExitRefused = 3 // the provider refused for good (credentials, permissions, the query)
)

// ExitError is an error that says the exit status it stops with.
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string { return e.Err.Error() }
func (e *ExitError) Unwrap() error { return e.Err }

// ExitCode is the process's exit status for e.
func (e *ExitError) ExitCode() int { return e.Code }

// FollowRequest is `trail export SOURCE --follow`.
type FollowRequest struct {
	Source         sources.Source
	Name, Provider string
	Query          model.Query
	// Output is a file the events are appended to (created if missing);
	// "" means stdout.
	Output string
	// State is the file that records where the follow stands; "" means
	// none (a follow that starts with the backlog each time).
	State string
	// Interval is each source's follow interval (0: follow.DefaultInterval).
	Interval func(name string) time.Duration
	Overlap  time.Duration
	Walk     sources.WalkOptions
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Follow writes the backlog of the request's query, then each new event as
// it arrives: one JSON line each, a batch at a time, each batch oldest
// first, flushed (and synced, for a file) before the state records it. The
// state is written after each batch, atomically (follow.WriteFileAtomic), so a
// follow started again with it goes on from there.
//
// Exactly once. A stop asked for by a signal ends between batches: nothing
// is repeated or lost on the next start. A crash or kill -9 between a
// batch's write and its state's: with -o, the next start reads the lines
// the file holds past the offset the state recorded and holds them too, so
// nothing is repeated; on stdout that batch comes again, since what a pipe
// took cannot be read back.
//
// A poll that fails is retried with backoff (see follow.Plan), said on
// stderr; the follow stops only when every part has failed in a way a
// retry cannot mend (credentials, permissions), with ExitRefused.
func Follow(ctx context.Context, req FollowRequest, stdout, stderr io.Writer) error {
	now := req.Now
	if now == nil {
		now = time.Now
	}
	plan := follow.NewPlan(req.Source, req.Name, req.Provider, req.Query, follow.Options{Overlap: req.Overlap, Walk: req.Walk}, req.Interval)
	var saved savedState
	if req.State != "" {
		st, ok, err := follow.LoadState[savedState](req.State)
		if err != nil {
			return &ExitError{ExitFailed, err}
		}
		if ok {
			if st.Source != req.Name {
				return &ExitError{ExitFailed, fmt.Errorf("state file %s is for source %q, not %q; name another file", req.State, st.Source, req.Name)}
			}
			if st.Query != queryKey(req.Query) {
				return &ExitError{ExitFailed, fmt.Errorf("state file %s was kept for other filters (%s); give the same --action, --actor and --text, or name another file", req.State, cmpOr(st.Query, "none"))}
			}
			if err := plan.Restore(st.State); err != nil {
				return &ExitError{ExitFailed, fmt.Errorf("state file %s: %w", req.State, err)}
			}
			saved = st
		}
	}
	out := &followOutput{w: stdout}
	if req.Output != "" {
		f, err := openAppend(req.Output, sources.FilesOf(req.Source))
		if err != nil {
			return &ExitError{ExitFailed, err}
		}
		defer f.Close()
		out.w, out.file = f, f
		if req.State != "" {
			// Lines past the state's offset were written after it was
			// saved; with no state yet (killed before the first was saved),
			// every line the file holds is.
			offset := saved.Offset
			if saved.Output != req.Output {
				offset = 0
			}
			held, err := reconcile(f, offset)
			if err != nil {
				return &ExitError{ExitFailed, fmt.Errorf("%s: %w", req.Output, err)}
			}
			plan.Observe(held)
		}
	}
	if plan.Started() {
		fmt.Fprintf(stderr, "trail: following %s from %s\n", model.Sanitize(req.Name), req.State)
	}
	for {
		if wait := plan.Next().Sub(now()); wait > 0 {
			if err := sources.Sleep(ctx, wait, "next poll"); err != nil {
				return stopped(stderr, req, out.events)
			}
		}
		t := now()
		evs, errs := plan.Apply(follow.Run(ctx, plan.Jobs(t)), t)
		if len(evs) > 0 {
			// Oldest first: the file reads in time order, and a batch cut
			// short by a kill leaves its oldest events written, so the next
			// start, holding the lines written (reconcile) and asking from
			// the newest of them, misses none of the rest.
			slices.Reverse(evs)
			if err := out.write(req, evs); err != nil {
				fmt.Fprintf(stderr, "trail: follow stopped: writing the output: %s\n", model.Sanitize(err.Error()))
				return &ExitError{ExitOutput, ErrReported}
			}
			if req.State != "" {
				st := savedState{State: plan.State(req.Name), Query: queryKey(req.Query), Output: req.Output, Offset: out.offset}
				if err := follow.WriteFileAtomic(req.State, st); err != nil {
					fmt.Fprintf(stderr, "trail: follow stopped: %s\n", model.Sanitize(err.Error()))
					return &ExitError{ExitOutput, ErrReported}
				}
			}
		}
		if ctx.Err() != nil {
			return stopped(stderr, req, out.events)
		}
		for _, err := range errs {
			var pe *follow.PartError
			retry := ""
			if errors.As(err, &pe) && !pe.Notice {
				retry = fmt.Sprintf("; trying again in %v", pe.Retry.Sub(t).Round(time.Second))
			}
			fmt.Fprintf(stderr, "trail: follow: %s%s\n", model.Sanitize(err.Error()), retry)
		}
		if refused(plan) {
			fmt.Fprintf(stderr, "trail: follow stopped: the provider refuses every request; fix the cause and start it again with the same --state\n")
			return &ExitError{ExitRefused, ErrReported}
		}
	}
}

// stopped is the end of a follow a signal asked for.
func stopped(stderr io.Writer, req FollowRequest, n int) error {
	where := "the state is not kept (no --state)"
	if req.State != "" {
		where = "the state is in " + req.State
	}
	fmt.Fprintf(stderr, "trail: follow stopped after %s; %s\n", plural(n, "event"), where)
	return nil
}

// refused reports whether every part's last poll failed in a way a retry
// cannot mend.
func refused(plan follow.Plan) bool {
	for _, p := range plan.Parts {
		if p.Err == nil || sources.Transient(p.Err) || !permanent(p.Err) {
			return false
		}
	}
	return len(plan.Parts) > 0
}

// permanent is a provider's refusal: bad credentials, no permission, a
// query it will never take.
func permanent(err error) bool {
	return errors.Is(err, sources.ErrUnauthorized) || errors.Is(err, sources.ErrForbidden) || errors.Is(err, sources.ErrBadQuery)
}

// followOutput is where the batches go, and how much of it is whole lines.
type followOutput struct {
	w      io.Writer
	file   *os.File
	offset int64 // the file's size after the last batch
	events int
	buf    []byte
}

// write writes evs as one batch of JSON lines, synced if a file.
func (o *followOutput) write(req FollowRequest, evs []model.Event) error {
	o.buf = o.buf[:0]
	for i := range evs {
		var err error
		if o.buf, err = model.NewRecord(req.Name, req.Provider, &evs[i]).AppendJSONL(o.buf); err != nil {
			return err
		}
	}
	if _, err := o.w.Write(o.buf); err != nil {
		return err
	}
	if o.file != nil {
		if err := o.file.Sync(); err != nil {
			return err
		}
		end, err := o.file.Seek(0, io.SeekCurrent)
		if err != nil {
			return err
		}
		o.offset = end
	} else if f, ok := o.w.(interface{ Sync() error }); ok {
		_ = f.Sync() // stdout on a file; a pipe or terminal cannot sync
	}
	o.events += len(evs)
	return nil
}

// savedState is the state file: the follow's heads, and with -o the file
// and its size after the last batch, to tell lines written after it.
type savedState struct {
	follow.State
	// Query is the filters the heads were kept for (not the range: --since
	// 7d moves with each start, and the heads say where the follow is).
	Query  string `json:"query,omitempty"`
	Output string `json:"output,omitempty"`
	Offset int64  `json:"offset,omitempty"`
}

// openAppend opens name to append to, creating it, refusing a file the
// source reads.
func openAppend(name string, protect []string) (*os.File, error) {
	abs, err := filepath.Abs(name)
	if err != nil {
		return nil, err
	}
	for _, p := range protect {
		if pa, err := filepath.Abs(p); err == nil && pa == abs {
			return nil, fmt.Errorf("%s is a file the source reads; follow into another", name)
		}
	}
	return os.OpenFile(name, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
}

// reconcile reads the events f holds past offset: lines written after the
// last state was saved (a crash between the two). A partial last line is
// cut off; those events were not written and come again. A file shorter
// than offset was rotated or truncated: nothing past it is held.
func reconcile(f *os.File, offset int64) ([]model.Event, error) {
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if fi.Size() <= offset {
		return nil, nil
	}
	tail := make([]byte, fi.Size()-offset)
	if _, err := f.ReadAt(tail, offset); err != nil {
		// The file is opened to write only: read it through another handle.
		r, err := os.Open(f.Name())
		if err != nil {
			return nil, err
		}
		defer r.Close()
		if _, err := r.ReadAt(tail, offset); err != nil {
			return nil, err
		}
	}
	whole := bytes.LastIndexByte(tail, '\n') + 1
	if whole < len(tail) {
		if err := f.Truncate(offset + int64(whole)); err != nil {
			return nil, fmt.Errorf("cutting off a partial last line: %w", err)
		}
	}
	var evs []model.Event
	sc := bufio.NewScanner(bytes.NewReader(tail[:whole]))
	sc.Buffer(nil, len(tail)+1)
	for sc.Scan() {
		var r model.Record
		if json.Unmarshal(sc.Bytes(), &r) != nil {
			continue
		}
		e := model.Event{ID: r.ID, Source: r.Source, Provider: r.Provider, Raw: r.Raw}
		e.Time, _ = time.Parse(time.RFC3339Nano, r.Time)
		evs = append(evs, e)
	}
	return evs, nil
}

// queryKey is the filters of q as the state file keeps them: a follow
// resumed with other filters would take heads that do not describe it.
func queryKey(q model.Query) string {
	var parts []string
	for _, f := range []struct{ name, v string }{{"action", q.Action}, {"actor", q.Actor}, {"text", q.Text}, {"ip", q.IP}, {"target", q.Target}} {
		if f.v != "" {
			parts = append(parts, f.name+"="+strconv.Quote(f.v))
		}
	}
	if q.ActorExact && q.Actor != "" {
		parts = append(parts, "actor exact")
	}
	return strings.Join(parts, " ")
}

func cmpOr(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}
