package store

// minListCap is the smallest ring a non-empty List allocates; a power of two.
const minListCap = 8

// List is a list value: a double-ended queue of binary-safe elements in a
// ring buffer, so pushes and pops at both ends are amortised O(1) and
// reading or replacing the element at an index is O(1). Inserting or
// removing in the middle moves the shorter side, O(N) at worst, as Redis's
// quicklist is.
//
// Elements are stored as given: the command layer copies client input
// before pushing it, so no element aliases a read buffer.
//
// Executor goroutine only.
type List struct {
	ring [][]byte // len(ring) is 0 or a power of two
	head int      // ring index of element 0
	n    int      // number of elements
}

// NewList returns an empty list.
func NewList() *List { return &List{} }

// Type returns "list".
func (l *List) Type() string { return "list" }

// Encoding returns "quicklist": Redis 7.0 encodes every list as a quicklist
// whatever its size (the listpack encoding for small lists came with 7.2),
// and OBJECT ENCODING must answer as 7.0 does.
func (l *List) Encoding() string { return "quicklist" }

// Copy returns a deep copy: the elements are copied too.
func (l *List) Copy() Value {
	c := &List{}
	if l.n == 0 {
		return c
	}
	c.ring = make([][]byte, ringCap(l.n))
	for i := 0; i < l.n; i++ {
		c.ring[i] = append([]byte(nil), l.Index(i)...)
	}
	c.n = l.n
	return c
}

// Len returns the number of elements.
func (l *List) Len() int { return l.n }

// slot returns the ring index of element i (0 <= i < cap).
func (l *List) slot(i int) int { return (l.head + i) & (len(l.ring) - 1) }

// Index returns element i, counted from the head from 0; 0 <= i < Len().
// The slice is the stored element: callers must not modify it.
func (l *List) Index(i int) []byte { return l.ring[l.slot(i)] }

// Set replaces element i, 0 <= i < Len(), with b.
func (l *List) Set(i int, b []byte) { l.ring[l.slot(i)] = b }

// PushHead adds b before the first element (LPUSH).
func (l *List) PushHead(b []byte) {
	l.grow()
	l.head = (l.head - 1) & (len(l.ring) - 1)
	l.ring[l.head] = b
	l.n++
}

// PushTail adds b after the last element (RPUSH).
func (l *List) PushTail(b []byte) {
	l.grow()
	l.ring[l.slot(l.n)] = b
	l.n++
}

// PopHead removes and returns the first element; the list must not be empty.
func (l *List) PopHead() []byte {
	b := l.ring[l.head]
	l.ring[l.head] = nil
	l.head = (l.head + 1) & (len(l.ring) - 1)
	l.n--
	l.shrink()
	return b
}

// PopTail removes and returns the last element; the list must not be empty.
func (l *List) PopTail() []byte {
	i := l.slot(l.n - 1)
	b := l.ring[i]
	l.ring[i] = nil
	l.n--
	l.shrink()
	return b
}

// Insert puts b at index i, 0 <= i <= Len(), shifting the elements from i on
// one place to the tail (or those before i one place to the head, whichever
// side is shorter). Insert(0, b) is PushHead, Insert(Len(), b) is PushTail.
func (l *List) Insert(i int, b []byte) {
	l.grow()
	if i < l.n-i {
		l.head = (l.head - 1) & (len(l.ring) - 1)
		for j := 0; j < i; j++ {
			l.ring[l.slot(j)] = l.ring[l.slot(j+1)]
		}
	} else {
		for j := l.n; j > i; j-- {
			l.ring[l.slot(j)] = l.ring[l.slot(j-1)]
		}
	}
	l.ring[l.slot(i)] = b
	l.n++
}

// Remove deletes up to count elements equal to elem and returns how many it
// deleted: count > 0 scans from the head, count < 0 from the tail, count 0
// deletes every match. Mirrors LREM's scan in Redis's t_list.c. O(N).
func (l *List) Remove(elem []byte, count int64) int64 {
	var removed int64
	limit := count
	if limit < 0 {
		limit = -limit
	}
	if count >= 0 {
		w := 0 // next position to keep an element at
		for r := 0; r < l.n; r++ {
			e := l.Index(r)
			if (limit == 0 || removed < limit) && string(e) == string(elem) {
				removed++
				continue
			}
			if w != r {
				l.Set(w, e)
			}
			w++
		}
		l.truncateTail(l.n - w)
	} else {
		w := l.n - 1
		for r := l.n - 1; r >= 0; r-- {
			e := l.Index(r)
			if (limit == 0 || removed < limit) && string(e) == string(elem) {
				removed++
				continue
			}
			if w != r {
				l.Set(w, e)
			}
			w--
		}
		l.truncateHead(w + 1)
	}
	return removed
}

// Trim keeps only the elements from index start to end inclusive,
// 0 <= start <= end < Len(), deleting the others (LTRIM).
func (l *List) Trim(start, end int) {
	l.truncateTail(l.n - 1 - end)
	l.truncateHead(start)
}

// DeleteHead removes the first k elements, 0 <= k <= Len().
func (l *List) DeleteHead(k int) { l.truncateHead(k) }

// DeleteTail removes the last k elements, 0 <= k <= Len().
func (l *List) DeleteTail(k int) { l.truncateTail(k) }

func (l *List) truncateHead(k int) {
	for j := 0; j < k; j++ {
		l.ring[l.slot(j)] = nil
	}
	if k > 0 {
		l.head = l.slot(k)
		l.n -= k
		l.shrink()
	}
}

func (l *List) truncateTail(k int) {
	for j := l.n - k; j < l.n; j++ {
		l.ring[l.slot(j)] = nil
	}
	if k > 0 {
		l.n -= k
		l.shrink()
	}
}

// grow makes room for one more element, doubling the ring when it is full.
func (l *List) grow() {
	if l.n < len(l.ring) {
		return
	}
	l.resize(ringCap(l.n + 1))
}

// shrink halves the ring when it is at most a quarter full, so a list that
// was once large gives its memory back while pops stay amortised O(1).
func (l *List) shrink() {
	if l.n == 0 {
		l.ring, l.head = nil, 0
		return
	}
	if len(l.ring) > minListCap && l.n <= len(l.ring)/4 {
		l.resize(len(l.ring) / 2)
	}
}

// resize moves the elements into a ring of capacity c (a power of two,
// >= n), element 0 at ring index 0.
func (l *List) resize(c int) {
	ring := make([][]byte, c)
	if l.n > 0 {
		first := l.ring[l.head:]
		if len(first) > l.n {
			first = first[:l.n]
		}
		k := copy(ring, first)
		copy(ring[k:], l.ring[:l.n-k])
	}
	l.ring, l.head = ring, 0
}

// ringCap returns the smallest power of two >= n, at least minListCap.
func ringCap(n int) int {
	c := minListCap
	for c < n {
		c <<= 1
	}
	return c
}
