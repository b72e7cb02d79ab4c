package merge

import (
	"slices"
	"strconv"
	"sync"
)

// cacheKey names one page of one part: the part, the query it was fetched
// for, and the part's cursor for it.
type cacheKey struct {
	part   int
	query  string
	cursor string
}

// String is the key as one string, for sets.
func (k cacheKey) String() string {
	return strconv.Itoa(k.part) + "\x00" + k.query + "\x00" + k.cursor
}

// pageCache keeps the last few pages a Fetch stopped in the middle of, so the
// Fetch of its Next cursor resumes them without asking the provider again.
// That saves a request per part and page, and keeps a live log from shifting
// under the cursor. It is a small LRU; a miss only costs a fetch.
type pageCache struct {
	mu    sync.Mutex
	max   int
	pages map[cacheKey]*partPage
	order []cacheKey // least recently used first
}

func newPageCache(max int) *pageCache {
	return &pageCache{max: max, pages: map[cacheKey]*partPage{}}
}

// get returns the page for k, if kept. Pages are never changed once kept.
func (c *pageCache) get(k cacheKey) (*partPage, bool) {
	if c.max <= 0 {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	pg, ok := c.pages[k]
	if ok {
		c.touch(k)
	}
	return pg, ok
}

// put keeps pg under k, dropping the least recently used page if full.
func (c *pageCache) put(k cacheKey, pg *partPage) {
	if c.max <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.pages[k]; ok {
		c.pages[k] = pg
		c.touch(k)
		return
	}
	if len(c.order) >= c.max {
		delete(c.pages, c.order[0])
		c.order = slices.Delete(c.order, 0, 1)
	}
	c.pages[k] = pg
	c.order = append(c.order, k)
}

// touch marks k as the most recently used.
func (c *pageCache) touch(k cacheKey) {
	if i := slices.Index(c.order, k); i >= 0 {
		c.order = append(slices.Delete(c.order, i, i+1), k)
	}
}
