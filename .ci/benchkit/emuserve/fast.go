package main

import (
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/trail-dev/trail/sources/canary/canaryemu"
	"github.com/trail-dev/trail/sources/emulate"
)

// fastFetch answers a plain GET /api/v1/audit_trail/fetch (a good token, no
// filter) from entries, the emulator's log taken once (newest first, by
// descending id; emuserve never adds to it), with a binary search for the
// cursor's boundary: the time of a page, not of the log. It reproduces the
// emulator's paginate, cursors and JSON; any other request, and any request
// the emulator would refuse, goes to emu.
type fastFetch struct {
	emu     http.Handler
	entries []canaryemu.Entry
	token   string
	latency time.Duration
	fast    atomic.Int64 // requests answered here, for the test
}

var answer = emulate.JSON{ContentType: "application/json", Failed: `{"result":"error","message":"Internal error"}`}

func (f *fastFetch) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c, ok := f.plain(r)
	if !ok {
		f.emu.ServeHTTP(w, r)
		return
	}
	f.fast.Add(1)
	if f.latency > 0 {
		t := time.NewTimer(f.latency)
		select {
		case <-r.Context().Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
	answer.Write(w, http.StatusOK, paginate(f.entries, c))
}

// plain reports whether r is a fetch the emulator would answer with a page
// of its whole log, and the page it asks for.
func (f *fastFetch) plain(r *http.Request) (pageCursor, bool) {
	if r.Method != http.MethodGet || r.URL.Path != "/api/v1/audit_trail/fetch" || r.ParseForm() != nil {
		return pageCursor{}, false
	}
	form := r.Form
	for _, k := range [...]string{"action_filter", "search_term", "start_date", "end_date"} {
		if form.Get(k) != "" {
			return pageCursor{}, false
		}
	}
	if form.Has("after_id") {
		return pageCursor{}, false
	}
	if h := r.Header.Get("X-Canary-Auth-Token"); h != "" {
		if !f.tokenIs(h) {
			return pageCursor{}, false
		}
	} else if !f.tokenIs(form.Get("auth_token")) {
		return pageCursor{}, false
	}
	c := pageCursor{first: true, pageSize: 100, target: 1}
	if s := form.Get("cursor"); s != "" {
		return parseCursor(s) // limit with a cursor: allowed and ignored, as emuserve's emulator does
	}
	if v := form.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return pageCursor{}, false
		}
		c.pageSize = n
	}
	return c, true
}

func (f *fastFetch) tokenIs(s string) bool {
	return s != "" && subtle.ConstantTimeCompare([]byte(s), []byte(f.token)) == 1
}

// What follows is sources/canary/canaryemu's emulator_page.go for a log
// without filters, kept as it is there.

type pageCursor struct {
	first            bool
	prev             bool
	boundary         int64
	pageSize, target int
}

func paginate(matching []canaryemu.Entry, c pageCursor) map[string]any {
	count := (len(matching) + c.pageSize - 1) / c.pageSize
	lo, hi := 0, 0
	switch {
	case c.first:
		hi = min(c.pageSize, len(matching))
	case c.prev:
		hi, _ = slices.BinarySearchFunc(matching, c.boundary, byIDDesc)
		lo = max(0, hi-c.pageSize)
	default:
		lo, _ = slices.BinarySearchFunc(matching, c.boundary-1, byIDDesc)
		hi = min(lo+c.pageSize, len(matching))
	}
	page := matching[lo:hi]
	var next, prev *string
	if len(page) > 0 {
		if hi < len(matching) {
			s := encodeCursor(false, page[len(page)-1].ID, c.pageSize, c.target+1, count)
			next = &s
		}
		if c.target > 1 && lo > 0 {
			s := encodeCursor(true, page[0].ID, c.pageSize, c.target-1, count)
			prev = &s
		}
	}
	if page == nil {
		page = []canaryemu.Entry{}
	}
	return map[string]any{
		"audit_trail": page,
		"cursor":      map[string]*string{"next": next, "prev": prev},
		"page_count":  count,
		"page_number": c.target,
		"result":      "success",
	}
}

func byIDDesc(e canaryemu.Entry, id int64) int {
	switch {
	case e.ID > id:
		return -1
	case e.ID < id:
		return 1
	}
	return 0
}

func encodeCursor(prev bool, boundary int64, pageSize, target, count int) string {
	dir := 0
	if prev {
		dir = 1
	}
	return base64.StdEncoding.EncodeToString(fmt.Appendf(nil, "%d:%d:%d:3:%d:%d", dir, boundary, pageSize, target, count))
}

func parseCursor(s string) (pageCursor, bool) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return pageCursor{}, false
	}
	parts := strings.Split(string(b), ":")
	if len(parts) != 6 {
		return pageCursor{}, false
	}
	var n [6]int64
	for i, p := range parts {
		if n[i], err = strconv.ParseInt(p, 10, 64); err != nil {
			return pageCursor{}, false
		}
	}
	if (n[0] != 0 && n[0] != 1) || n[1] < 0 || n[2] < 1 || n[2] > 1<<20 || n[4] < 1 || n[4] > 1<<30 || n[5] < 0 {
		return pageCursor{}, false
	}
	return pageCursor{prev: n[0] == 1, boundary: n[1], pageSize: int(n[2]), target: int(n[4])}, true
}
