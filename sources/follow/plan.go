package follow

import (
	"context"
	"errors"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
)

// MaxBackoff bounds the wait before a failing part is asked again, however
// many times it failed, so a token fixed after an outage is picked up
// within minutes.
const MaxBackoff = 10 * time.Minute

// Splitter is implemented by a source that shows several as one (a merged
// view): a follow keeps up with each part on its own, so that a part that
// fails is retried from its own head while the others go on, and a part's
// events never move another part's head.
type Splitter interface {
	FollowParts() []PartSource
}

// PartSource is one part of a merged view, as its Splitter names it.
type PartSource struct {
	Name, Provider string
	Source         sources.Source
}

// Part is one source a Plan keeps up with.
type Part struct {
	Name, Provider string
	Source         sources.Source
	// Tag sets Name and Provider on each event the part returns, as a merged
	// view does; a single source's events are left as the source made them.
	Tag bool
	// Interval is how often the part is asked; 0 means DefaultInterval.
	Interval time.Duration
	Head     Head
	// Due is when it is next asked; the zero time means now.
	Due time.Time
	// Fails counts the polls that failed in a row, Err is the last failure.
	Fails int
	Err   error
}

// Plan is a follow of one source or of a merged view's parts, each on its
// own schedule. It is a plain value: the explorer keeps it in its model and
// polls through Jobs and Apply, so the polling runs in a command while the
// model alone changes the plan.
type Plan struct {
	Parts []Part
	Query model.Query
	Opts  Options
}

// NewPlan returns a plan over src (split into its parts when it is a
// Splitter), each part asked every interval(name) (0: DefaultInterval).
func NewPlan(src sources.Source, name, provider string, q model.Query, opts Options, interval func(name string) time.Duration) Plan {
	if interval == nil {
		interval = func(string) time.Duration { return 0 }
	}
	p := Plan{Query: q, Opts: opts}
	_, split := src.(Splitter) // a merged view's events carry their part's name
	for _, ps := range PartsOf(src, name, provider) {
		p.Parts = append(p.Parts, Part{Name: ps.Name, Provider: ps.Provider, Source: ps.Source, Tag: split, Interval: interval(ps.Name)})
	}
	return p
}

// Observe marks evs as held: the backlog or the pages loaded before the
// follow began. In a merged view each event goes to the part that names it.
func (p *Plan) Observe(evs []model.Event) {
	for i := range p.Parts {
		part := &p.Parts[i]
		mine := evs
		if part.Tag {
			mine = nil
			for _, e := range evs {
				if e.Source == part.Name {
					mine = append(mine, e)
				}
			}
		}
		part.Head = Observe(part.Head, mine, p.Opts)
	}
}

// Next is when the first part is due.
func (p *Plan) Next() time.Time {
	var next time.Time
	for i, part := range p.Parts {
		if i == 0 || part.Due.Before(next) {
			next = part.Due
		}
	}
	return next
}

// Job is one part's poll, as plain values.
type Job struct {
	Part           int
	Name, Provider string
	Tag            bool
	Source         sources.Source
	Query          model.Query
	Head           Head
	Opts           Options
}

// Jobs returns the polls of the parts due at now.
func (p *Plan) Jobs(now time.Time) []Job {
	var jobs []Job
	for i, part := range p.Parts {
		if part.Due.After(now) {
			continue
		}
		jobs = append(jobs, Job{Part: i, Name: part.Name, Provider: part.Provider, Tag: part.Tag,
			Source: part.Source, Query: p.Query, Head: part.Head, Opts: p.Opts})
	}
	return jobs
}

// Outcome is one job's result.
type Outcome struct {
	Part   int
	Result Result
	Err    error
}

// Run polls each job, one after the other (a merged view's parts are few,
// and each is rate-limited on its own), and stops early only when ctx ends.
func Run(ctx context.Context, jobs []Job) []Outcome {
	out := make([]Outcome, 0, len(jobs))
	for _, j := range jobs {
		if ctx.Err() != nil {
			out = append(out, Outcome{Part: j.Part, Err: ctx.Err()})
			continue
		}
		res, err := Poll(ctx, j.Source, j.Query, j.Head, j.Opts)
		if err == nil && j.Tag {
			for i := range res.Events {
				res.Events[i].Source, res.Events[i].Provider = j.Name, j.Provider
			}
		}
		out = append(out, Outcome{Part: j.Part, Result: res, Err: err})
	}
	return out
}

// Apply keeps the outcomes: each part's new head and next time, or its
// failure and the backoff before it is asked again. It returns the new
// events of every part, newest first, and the failures, each wrapped with
// its part's name. A job cancelled by ctx is neither: its part is due again
// at once.
func (p *Plan) Apply(outs []Outcome, now time.Time) ([]model.Event, []error) {
	var evs []model.Event
	var errs []error
	for _, o := range outs {
		if o.Part < 0 || o.Part >= len(p.Parts) {
			continue
		}
		part := &p.Parts[o.Part]
		switch {
		case o.Err == nil:
			part.Head, part.Fails, part.Err = o.Result.Head, 0, nil
			part.Due = now.Add(part.interval())
			evs = append(evs, o.Result.Events...)
			if o.Result.Notice != "" {
				errs = append(errs, &PartError{Name: part.Name, Notice: true, Err: errors.New(o.Result.Notice)})
			}
		case errors.Is(o.Err, context.Canceled) || errors.Is(o.Err, context.DeadlineExceeded):
			part.Due = now
		default:
			part.Fails++
			part.Err = o.Err
			part.Due = now.Add(part.backoff())
			errs = append(errs, &PartError{Name: part.Name, Fails: part.Fails, Retry: part.Due, Err: o.Err})
		}
	}
	SortNewestFirst(evs)
	return evs, errs
}

func (part *Part) interval() time.Duration {
	if part.Interval <= 0 {
		return DefaultInterval
	}
	return part.Interval
}

// backoff is the wait after the part's Fails-th failure in a row: its
// interval, doubled with each further failure, up to MaxBackoff (or the
// interval, if that is longer).
func (part *Part) backoff() time.Duration {
	d := part.interval()
	for i := 1; i < part.Fails && d < MaxBackoff; i++ {
		d *= 2
	}
	return min(d, max(MaxBackoff, part.interval()))
}

// PartError is a part's poll that failed, with when it is tried again; or,
// with Notice, one that went well and has something to say (a file that
// was truncated).
type PartError struct {
	Name   string
	Fails  int
	Retry  time.Time
	Notice bool
	Err    error
}

func (e *PartError) Error() string {
	if e.Name == "" {
		return e.Err.Error()
	}
	return e.Name + ": " + e.Err.Error()
}

func (e *PartError) Unwrap() error { return e.Err }
