// Package sourcetest holds the conformance suite every provider runs against
// its emulator (Run), and Memory, an in-memory Source with fault injection for
// testing what sits on top of the contract: the UI, export and the suite itself.
package sourcetest

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
)

// Memory is a Source over a slice of events, newest first, paged by offset.
// It applies every query field itself and reports them all as server-side.
// Its knobs let tests hold a fetch open, make fetches fail, and count calls.
type Memory struct {
	mu       sync.Mutex
	events   []model.Event
	pageSize int
	maxSize  int // largest page FetchSize serves; 0 = pageSize*10
	latency  time.Duration
	faults   []error
	gate     chan struct{}
	calls    int
	canceled int
	cursors  []string
	sizes    []int
}

// NewMemory returns a Memory serving events in the order given, pageSize at a time.
func NewMemory(events []model.Event, pageSize int) *Memory {
	if pageSize <= 0 {
		pageSize = 50
	}
	return &Memory{events: events, pageSize: pageSize}
}

// SetLatency delays every Fetch by d (honouring the context).
func (m *Memory) SetLatency(d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.latency = d
}

// FailNext makes the next len(errs) fetches return these errors, in order.
func (m *Memory) FailNext(errs ...error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.faults = append(m.faults, errs...)
}

// Hold makes fetches wait until the returned function is called (or their
// context ends), so a test can have a request in flight while it acts.
func (m *Memory) Hold() (release func()) {
	m.mu.Lock()
	defer m.mu.Unlock()
	gate := make(chan struct{})
	m.gate = gate
	var once sync.Once
	return func() {
		once.Do(func() {
			m.mu.Lock()
			if m.gate == gate {
				m.gate = nil
			}
			m.mu.Unlock()
			close(gate)
		})
	}
}

// Calls returns how many times Fetch has been called.
func (m *Memory) Calls() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.calls
}

// Canceled returns how many fetches ended because their context did.
func (m *Memory) Canceled() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.canceled
}

// Cursors returns the cursors Fetch was called with, in order.
func (m *Memory) Cursors() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.cursors...)
}

// Capabilities implements sources.Describer.
func (m *Memory) Capabilities() sources.Capabilities {
	return sources.Capabilities{ServerSide: sources.FieldTime | sources.FieldActor | sources.FieldAction | sources.FieldText | sources.FieldIP | sources.FieldTarget}
}

// PageSizes implements sources.Sizer: the size given to NewMemory, and ten
// times it unless SetMaxPageSize says otherwise.
func (m *Memory) PageSizes() (base, maxSize int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.maxSize > 0 {
		return m.pageSize, m.maxSize
	}
	return m.pageSize, m.pageSize * 10
}

// SetMaxPageSize sets the largest page FetchSize serves.
func (m *Memory) SetMaxPageSize(n int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.maxSize = n
}

// Sizes returns the page size each Fetch or FetchSize call asked for, in order.
func (m *Memory) Sizes() []int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]int(nil), m.sizes...)
}

// Fetch implements sources.Source. Cursors are "mem:<offset>".
func (m *Memory) Fetch(ctx context.Context, q model.Query, cursor string) (sources.Page, error) {
	return m.FetchSize(ctx, q, cursor, 0)
}

// FetchSize implements sources.Sizer; 0 means the size given to NewMemory.
func (m *Memory) FetchSize(ctx context.Context, q model.Query, cursor string, size int) (sources.Page, error) {
	size = sources.SizeOf(m, size)
	m.mu.Lock()
	m.calls++
	m.cursors = append(m.cursors, cursor)
	m.sizes = append(m.sizes, size)
	latency, gate := m.latency, m.gate
	var fault error
	if len(m.faults) > 0 {
		fault, m.faults = m.faults[0], m.faults[1:]
	}
	m.mu.Unlock()

	if err := ctx.Err(); err != nil {
		return sources.Page{}, err
	}
	if latency > 0 { // network latency, not a wait the user should be told about
		t := time.NewTimer(latency)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return sources.Page{}, ctx.Err()
		}
	}
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
			m.mu.Lock()
			m.canceled++
			m.mu.Unlock()
			return sources.Page{}, ctx.Err()
		}
	}
	if fault != nil {
		return sources.Page{}, fault
	}

	offset, ok := memOffset(cursor)
	if !ok {
		return sources.Page{}, &sources.Error{Kind: sources.ErrBadCursor, Provider: "memory", Message: "cursor is not one this source issued"}
	}
	return m.fetchAt(q, offset, size)
}

// PredictNext implements sources.Predictor: the cursor after a full page
// is its offset plus the size asked for.
func (m *Memory) PredictNext(_ model.Query, cursor string, size int) (string, bool) {
	offset, ok := memOffset(cursor)
	if !ok {
		return "", false
	}
	return "mem:" + strconv.Itoa(offset+sources.SizeOf(m, size)), true
}

// memOffset reads a cursor Memory made ("" is offset 0).
func memOffset(cursor string) (int, bool) {
	if cursor == "" {
		return 0, true
	}
	n, ok := strings.CutPrefix(cursor, "mem:")
	v, err := strconv.Atoi(n)
	if !ok || err != nil || v < 0 {
		return 0, false
	}
	return v, true
}

// fetchAt returns the page starting at offset among the events matching q.
func (m *Memory) fetchAt(q model.Query, offset, size int) (sources.Page, error) {
	m.mu.Lock()
	matched := Matching(m.events, q)
	m.mu.Unlock()

	page := sources.Page{
		Number: offset/size + 1,
		Total:  (len(matched) + size - 1) / size,
	}
	if offset < len(matched) {
		end := min(offset+size, len(matched))
		page.Events = append([]model.Event(nil), matched[offset:end]...)
		if end < len(matched) {
			page.Next = "mem:" + strconv.Itoa(end)
		}
	}
	if offset > 0 {
		page.Prev = "mem:" + strconv.Itoa(max(0, offset-m.pageSize))
	}
	return page, nil
}

// GenerateEvents returns n deterministic, varied events, newest first, the
// newest at newest and each step older than the one before. Every tenth is a
// failed login, so outcome colouring and filters have something to find.
func GenerateEvents(n int, newest time.Time, step time.Duration) []model.Event {
	actors := []string{"alice@example.com", "bob@example.com", "carol@example.com", "dave@example.com", "API Token"}
	actions := []string{"user_login", "device_schedule_reboot", "flock_move", "user_assign_to_flock", "device_push_settings"}
	evs := make([]model.Event, n)
	for i := range evs {
		id := n - i
		e := model.Event{
			ID:     strconv.Itoa(id),
			Time:   newest.Add(-time.Duration(i) * step).UTC(),
			Actor:  actors[i%len(actors)],
			Action: actions[i%len(actions)],
			IP:     fmt.Sprintf("203.0.113.%d", i%250+1),
			Target: fmt.Sprintf("flock:%d", i%7),
		}
		if i%10 == 9 {
			e.Action = "user_login_failure"
			e.Outcome = model.OutcomeFailure
		}
		e.Summary = fmt.Sprintf("%s did %s (#%d)", e.Actor, e.Action, id)
		raw, _ := json.Marshal(map[string]any{"id": id, "action_type": e.Action, "user": e.Actor, "timestamp": e.Time.Format(time.RFC3339), "user_ip": e.IP, "message": e.Summary})
		e.Raw = raw
		evs[i] = e
	}
	return evs
}

// Seekable is a Memory that can also start from its last page, like a file.
type Seekable struct{ *Memory }

// Last implements sources.Seeker.
func (s Seekable) Last(ctx context.Context, q model.Query) (sources.Page, error) {
	s.mu.Lock()
	s.calls++
	s.cursors = append(s.cursors, "last")
	n := 0
	for i := range s.events {
		if q.Matches(&s.events[i]) {
			n++
		}
	}
	s.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return sources.Page{}, err
	}
	start := max(n-s.pageSize, 0)
	page, err := s.Memory.fetchAt(q, start, s.pageSize)
	s.mu.Lock()
	s.calls-- // fetchAt is not a call of its own
	s.mu.Unlock()
	return page, err
}
