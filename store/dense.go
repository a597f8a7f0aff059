package store

import (
	"maps"
	"slices"
)

// linearMax is the number of keys up to which a dense has no index and is
// searched linearly: for a handful of keys a scan is as fast as hashing, and
// the many small hashes and sets of a typical dataset do not pay for a map.
// The index is dropped again below linearMax/2 keys, so a size that hovers
// around the limit does not rebuild it on every change.
const linearMax = 16

// dense is a set of distinct string keys, each with a value of type V: a
// slice of keys, a parallel slice of values (zero-sized for sets) and, above
// linearMax keys, a map from key to position.
//
// Positions run from 0 to len()-1 with no holes, so a uniformly random
// element is one IntN away. Removal either keeps the order of the others
// (removeAt with keepOrder: the tail shifts down, O(n) — the order Redis's
// listpack encodings show) or moves the last element into the hole (O(1)).
type dense[V any] struct {
	keys  []string
	vals  []V
	index map[string]int32 // key -> position; nil while small
}

func (d *dense[V]) len() int { return len(d.keys) }

// find returns the position of key, or -1.
func (d *dense[V]) find(key []byte) int { return denseFind(d, key) }

// denseFind is find for either kind of key. For a []byte key the string
// conversions allocate nothing (the compiler elides them in a map index
// and a comparison).
func denseFind[V any, K string | []byte](d *dense[V], key K) int {
	if d.index != nil {
		i, ok := d.index[string(key)]
		if !ok {
			return -1
		}
		return int(i)
	}
	for i, k := range d.keys {
		if k == string(key) {
			return i
		}
	}
	return -1
}

// reserve makes room for n more keys, so that adding them (a loader that
// knows the count) allocates once instead of doubling.
func (d *dense[V]) reserve(n int) {
	if n <= 0 {
		return
	}
	d.keys = slices.Grow(d.keys, n)
	d.vals = slices.Grow(d.vals, n)
	if d.index == nil && len(d.keys)+n > linearMax {
		d.index = make(map[string]int32, len(d.keys)+n)
		for i, k := range d.keys {
			d.index[k] = int32(i)
		}
	}
}

// add appends key, which must be absent, with value v.
func (d *dense[V]) add(key string, v V) {
	d.keys = append(d.keys, key)
	d.vals = append(d.vals, v)
	switch n := len(d.keys); {
	case d.index != nil:
		d.index[key] = int32(n - 1)
	case n > linearMax:
		d.index = make(map[string]int32, n)
		for i, k := range d.keys {
			d.index[k] = int32(i)
		}
	}
}

// removeAt removes the element at position i. With keepOrder the elements
// after i shift down by one; otherwise the last element moves to i.
func (d *dense[V]) removeAt(i int, keepOrder bool) {
	last := len(d.keys) - 1
	if d.index != nil {
		delete(d.index, d.keys[i])
	}
	switch {
	case i == last:
	case keepOrder:
		copy(d.keys[i:], d.keys[i+1:])
		copy(d.vals[i:], d.vals[i+1:])
		if d.index != nil {
			for j := i; j < last; j++ {
				d.index[d.keys[j]] = int32(j)
			}
		}
	default:
		d.keys[i], d.vals[i] = d.keys[last], d.vals[last]
		if d.index != nil {
			d.index[d.keys[i]] = int32(i)
		}
	}
	var zero V
	d.keys[last], d.vals[last] = "", zero // let the GC have them
	d.keys, d.vals = d.keys[:last], d.vals[:last]
	if d.index != nil && last <= linearMax/2 {
		d.index = nil
	}
	// Give memory back once the slices are mostly empty.
	if c := cap(d.keys); c > 64 && last < c/4 {
		d.keys = append(make([]string, 0, 2*last), d.keys...)
		d.vals = append(make([]V, 0, 2*last), d.vals...)
	}
}

// clone returns a deep copy (keys and V values are immutable, so copying
// the slices is enough).
func (d *dense[V]) clone() dense[V] {
	c := dense[V]{
		keys: append([]string(nil), d.keys...),
		vals: append([]V(nil), d.vals...),
	}
	if d.index != nil {
		c.index = maps.Clone(d.index)
	}
	return c
}
