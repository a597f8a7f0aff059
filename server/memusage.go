package server

import (
	"math/bits"
	"reflect"

	"github.com/ember-db/ember/store"
)

// Sizes of Redis's structures on a 64-bit build, for MEMORY USAGE and
// DEBUG SDSLEN/STRUCTSIZE.
const (
	robjSize      = 16 // struct redisObject
	dictEntrySize = 24 // struct dictEntry
)

// jemallocSize rounds an allocation of n bytes up to jemalloc's size class
// (8, 16, 32, 48, ..., 128, then four classes per power of two), what
// zmalloc_size reports for it in Redis.
func jemallocSize(n int64) int64 {
	switch {
	case n <= 8:
		return 8
	case n <= 128:
		return (n + 15) &^ 15
	}
	k := bits.Len64(uint64(n-1)) - 1 // 2^k < n <= 2^(k+1)
	spacing := int64(1) << uint(k-2)
	return (n + spacing - 1) &^ (spacing - 1)
}

// sdsHeaderSize is the header of an sds string of length n (sdsReqType):
// sdshdr5 below 32 bytes, then sdshdr8, 16, 32, 64.
func sdsHeaderSize(n int64) int64 {
	switch {
	case n < 1<<5:
		return 1
	case n < 1<<8:
		return 3
	case n < 1<<16:
		return 5
	case n < 1<<32:
		return 9
	}
	return 17
}

// sdsAllocSize is sdsZmallocSize for an sds of length n with no spare room.
func sdsAllocSize(n int64) int64 { return jemallocSize(sdsHeaderSize(n) + n + 1) }

// sdsAvail is the spare room sdsnewlen leaves in an sds of length n: the
// allocator's usable size beyond header, bytes and terminator (none for
// sdshdr5, which cannot record it).
func sdsAvail(n int64) int64 {
	h := sdsHeaderSize(n)
	if h == 1 {
		return 0
	}
	return jemallocSize(h+n+1) - h - n - 1
}

// keyMemoryUsage is what MEMORY USAGE adds for the key itself: its sds and
// the dict entry.
func keyMemoryUsage(key string) int64 {
	return sdsAllocSize(int64(len(key))) + dictEntrySize
}

// stringMemoryUsage is objectComputeSize for a string: a bare robj for an
// integer, one allocation of robj + sdshdr8 + bytes for embstr, robj plus
// the sds for raw.
func stringMemoryUsage(s *store.String) int64 {
	n := int64(len(s.B))
	switch s.Encoding() {
	case "int":
		return robjSize
	case "embstr":
		return jemallocSize(robjSize + 3 + n + 1)
	}
	return robjSize + sdsAllocSize(n)
}

// valueMemoryUsage estimates the bytes v uses. Strings are counted as Redis
// allocates them, so MEMORY USAGE agrees with Redis's for them. Other values
// are measured by walking their Go representation: at most samples elements
// of each slice and map are measured and the rest extrapolated (samples 0:
// all), as Redis samples aggregates; the walk stops after a bounded number
// of pointers, so a long linked structure is under-counted rather than
// walked in full.
func valueMemoryUsage(v store.Value, samples int) int64 {
	if s, ok := v.(*store.String); ok {
		return stringMemoryUsage(s)
	}
	z := &sizer{seen: map[uintptr]bool{}, samples: samples, budget: 4096, hasPtr: map[reflect.Type]bool{}}
	if samples <= 0 {
		z.samples = int(^uint(0) >> 1)
		z.budget = 1 << 16
	}
	rv := reflect.ValueOf(v)
	return robjSize + z.deep(rv)
}

// sizer walks a Go value for valueMemoryUsage.
type sizer struct {
	seen    map[uintptr]bool
	samples int
	budget  int // pointers left to follow
	hasPtr  map[reflect.Type]bool
}

// deep returns the bytes v references beyond its own inline size.
func (z *sizer) deep(v reflect.Value) int64 {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() || !z.visit(v.Pointer()) {
			return 0
		}
		e := v.Elem()
		return int64(e.Type().Size()) + z.deep(e)
	case reflect.Interface:
		if v.IsNil() {
			return 0
		}
		e := v.Elem()
		if e.Kind() == reflect.Pointer {
			return z.deep(e)
		}
		return int64(e.Type().Size()) + z.deep(e)
	case reflect.String:
		return int64(v.Len())
	case reflect.Slice:
		if v.IsNil() || !z.visit(v.Pointer()) {
			return 0
		}
		return int64(v.Cap())*int64(v.Type().Elem().Size()) + z.elems(v, v.Len())
	case reflect.Array:
		return z.elems(v, v.Len())
	case reflect.Struct:
		var n int64
		for i := 0; i < v.NumField(); i++ {
			if z.pointers(v.Field(i).Type()) {
				n += z.deep(v.Field(i))
			}
		}
		return n
	case reflect.Map:
		if v.IsNil() || !z.visit(v.Pointer()) {
			return 0
		}
		t := v.Type()
		entry := int64(t.Key().Size()+t.Elem().Size()) + 1
		n := int64(48) + int64(v.Len())*entry*5/4 // header, then ~80% load
		if !z.pointers(t.Key()) && !z.pointers(t.Elem()) {
			return n
		}
		var sum int64
		sampled := 0
		for it := v.MapRange(); sampled < z.samples && it.Next(); sampled++ {
			sum += z.deep(it.Key()) + z.deep(it.Value())
		}
		if sampled > 0 {
			n += sum * int64(v.Len()) / int64(sampled)
		}
		return n
	}
	return 0
}

// elems measures up to z.samples of the first n elements of a slice or
// array and extrapolates to all n.
func (z *sizer) elems(v reflect.Value, n int) int64 {
	if n == 0 || !z.pointers(v.Type().Elem()) {
		return 0
	}
	k := min(n, z.samples)
	var sum int64
	for i := 0; i < k; i++ {
		sum += z.deep(v.Index(i))
	}
	return sum * int64(n) / int64(k)
}

// visit reports whether the pointer p is new and the budget allows
// following it.
func (z *sizer) visit(p uintptr) bool {
	if z.seen[p] || z.budget <= 0 {
		return false
	}
	z.seen[p] = true
	z.budget--
	return true
}

// pointers reports whether values of t can reference other memory.
func (z *sizer) pointers(t reflect.Type) bool {
	if has, ok := z.hasPtr[t]; ok {
		return has
	}
	z.hasPtr[t] = true // assume so while recursing (recursive types)
	has := false
	switch t.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.String, reflect.Slice, reflect.Map:
		has = true
	case reflect.Array:
		has = t.Len() > 0 && z.pointers(t.Elem())
	case reflect.Struct:
		for i := 0; i < t.NumField() && !has; i++ {
			has = z.pointers(t.Field(i).Type)
		}
	}
	z.hasPtr[t] = has
	return has
}
