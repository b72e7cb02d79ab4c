// Package jsondoc reads the JSON of audit-log responses fast enough for a
// page of 1,000 entries to decode in a few milliseconds.
//
// Decoding such a page (about 1 MB) with json.Unmarshal level by level (the
// envelope, the list, each entry, the objects in that) checks and walks the
// same bytes once for every level. Instead, Doc.Parse checks a body once, as
// json.Valid would, and notes where each value and member name ends; reading
// an object after that takes each member in a few steps, skipping a nested
// value in one, without looking at the bytes of either again. Fields picks
// an object's members as json.Unmarshal fills a struct of json.RawMessage
// fields, and Text and Texts read a value as model.JSONText does, without a
// copy for nearly every one.
//
// The package imports nothing but the standard library, like model.
package jsondoc

import (
	"bytes"
	"encoding/json"
	"sync"
)

// Doc is JSON text that Parse found valid, with the extent of each of its
// values and member names. A Doc is reused from one text to the next: Get
// and Put keep them in a pool.
type Doc struct {
	b     []byte
	boxes []box   // the objects and arrays, in the order they open
	ends  []int   // where each other value and member name ends, in order
	open  []int   // Parse's stack: 2×box index, +1 for an object
	list  []Value // what List last returned
}

// box is an object or array: end is the index in b just past its closing
// bracket, next the index in boxes of the first box opened after it closes,
// and in ends, inner is the index of the first name or value inside it and
// after the index of the first after it.
type box struct {
	end, next, inner, after int
}

// Value is one JSON value of a Doc. The zero Value is an absent one, which
// reads as empty raw bytes, as an absent field of a json.RawMessage reads as
// nil.
type Value struct {
	start, end int // the value is b[start:end]
	box        int // its index in boxes if it is an object or an array, else -1
}

// docs keeps the buffers of one body, or entry, for the next.
var docs = sync.Pool{New: func() any { return new(Doc) }}

// Get returns a Doc to parse a body into, from the pool.
func Get() *Doc { return docs.Get().(*Doc) }

// Put gives d back to the pool, its text forgotten. A Doc that grew large
// for a body of many small values is left to the collector.
func Put(d *Doc) {
	d.b = nil
	if cap(d.boxes) <= 1<<16 && cap(d.ends) <= 1<<18 && cap(d.open) <= 1<<10 && cap(d.list) <= 1<<14 {
		docs.Put(d)
	}
}

// Root is the value of the whole text, which Parse found valid.
func (d *Doc) Root() Value {
	v, _, _ := d.next(skipWS(d.b, 0), 0, 0)
	return v
}

// Raw is the bytes of v, part of the text parsed (not a copy); empty for an
// absent value.
func (d *Doc) Raw(v Value) json.RawMessage {
	return d.b[v.start:v.end:v.end]
}

// Kind is the first byte of v, which tells what it is: '{', '[', '"', 't',
// 'f', 'n', or '-' or a digit for a number; 0 for an absent value.
func (d *Doc) Kind(v Value) byte {
	if v.end == 0 {
		return 0
	}
	return d.b[v.start]
}

// Clone copies the bytes of the values vs, in the order of the text, out of
// it, each capped so that appending to one cannot reach the next: the raw
// entries that events keep after the body they came in is gone. Values next
// to each other are copied together, in blocks of up to chunk bytes: one
// allocation for many entries, each small enough to reuse the memory of
// blocks the collector freed rather than ask the system for more.
func (d *Doc) Clone(vs []Value) []json.RawMessage {
	raws := make([]json.RawMessage, len(vs))
	for i := 0; i < len(vs); {
		from, j := vs[i].start, i+1
		for j < len(vs) && vs[j].end-from <= chunk {
			j++
		}
		block := bytes.Clone(d.b[from:vs[j-1].end])
		for ; i < j; i++ {
			raws[i] = block[vs[i].start-from : vs[i].end-from : vs[i].end-from]
		}
	}
	return raws
}

// chunk is the most Clone copies in one block, but for a larger value: the
// largest size Go allocates from its size classes.
const chunk = 32 << 10

// next reads the value starting at i: if it is an object or an array, its
// index in boxes is k, else its end's index in ends is e. It returns the
// value and the indexes in boxes and ends of whatever follows.
func (d *Doc) next(i, k, e int) (_ Value, nextK, nextE int) {
	switch d.b[i] {
	case '{', '[':
		bx := &d.boxes[k]
		return Value{start: i, end: bx.end, box: k}, bx.next, bx.after
	}
	return Value{start: i, end: d.ends[e], box: -1}, k, e + 1
}

// Members calls fn with each member of the object v in order: its name as
// sent, between the quotes and with any escapes (Unescape reads it), and
// its value.
func (d *Doc) Members(v Value, fn func(name []byte, v Value)) {
	b := d.b
	i, k, e := v.start+1, v.box+1, d.boxes[v.box].inner
	for {
		i = skipWS(b, i)
		switch b[i] {
		case '}':
			return
		case ',':
			i = skipWS(b, i+1)
		}
		nameEnd := d.ends[e]
		name := b[i+1 : nameEnd-1]
		i = skipWS(b, skipWS(b, nameEnd)+1) // past the colon
		var m Value
		m, k, e = d.next(i, k, e+1)
		fn(name, m)
		i = m.end
	}
}

// List returns the elements of the array v, in a buffer of d's that the
// next call reuses: a page's entries, to read one after another.
func (d *Doc) List(v Value) []Value {
	vs := d.list[:0]
	d.Elements(v, func(el Value) { vs = append(vs, el) })
	d.list = vs
	return vs
}

// Elements calls fn with each element of the array v in order.
func (d *Doc) Elements(v Value, fn func(v Value)) {
	b := d.b
	i, k, e := v.start+1, v.box+1, d.boxes[v.box].inner
	for {
		i = skipWS(b, i)
		switch b[i] {
		case ']':
			return
		case ',':
			i = skipWS(b, i+1)
		}
		var el Value
		el, k, e = d.next(i, k, e)
		fn(el)
		i = el.end
	}
}
