package store

// List layout constants. A list's elements live in a ring of capacity C (a
// power of two). Up to listPageSize slots the ring is one slice; beyond, it
// is split into pages of listPageSize slots, so growing a large list moves
// page pointers, not elements, and pages with no element are released.
const (
	listPageShift = 7
	listPageSize  = 1 << listPageShift // slots per page
	listPageMask  = listPageSize - 1
	minListCap    = 4 // smallest ring of a non-empty list
)

// List is a list value: a double-ended queue of binary-safe elements. It is
// a ring buffer, paged once large, so that:
//   - pushes and pops at both ends are O(1) amortised, with no pause that
//     grows with the list: doubling a large ring copies at most one page of
//     elements plus the page table (C/128 pointers);
//   - reading or replacing the element at an index is O(1);
//   - inserting or removing in the middle is O(N), as with Redis's quicklist;
//   - memory follows the length: pages that hold no element are freed, and
//     a ring at most 1/8 full is rebuilt smaller.
//
// Elements are stored as given: the command layer copies client input
// before pushing it, so no element aliases a read buffer.
//
// Executor goroutine only.
type List struct {
	// small is the ring while C <= listPageSize (pages is nil then).
	small [][]byte
	// pages is the ring once C > listPageSize: C/listPageSize pages, each
	// nil or listPageSize slots.
	pages [][][]byte
	mask  int // C-1; -1 when C is 0 (empty, nothing allocated)
	head  int // ring slot of element 0
	n     int // number of elements
	spare [][]byte
}

// NewList returns an empty list.
func NewList() *List { return &List{mask: -1} }

// Type returns "list".
func (l *List) Type() string { return "list" }

// Encoding returns "quicklist": Redis 7.0 encodes every list as a quicklist
// whatever its size (the listpack encoding for small lists came with 7.2),
// and OBJECT ENCODING must answer as 7.0 does.
func (l *List) Encoding() string { return "quicklist" }

// Copy returns a deep copy: the elements are copied too.
func (l *List) Copy() Value {
	c := NewList()
	if l.n > 0 {
		c.n = l.n
		c.alloc(ringCap(l.n))
		for i := 0; i < l.n; i++ {
			*c.at(i) = append([]byte(nil), l.Index(i)...)
		}
	}
	return c
}

// Len returns the number of elements.
func (l *List) Len() int { return l.n }

// at returns the ring slot s, 0 <= s < C. The slot's page must exist.
func (l *List) at(s int) *[]byte {
	if l.pages == nil {
		return &l.small[s]
	}
	return &l.pages[s>>listPageShift][s&listPageMask]
}

// slot returns the ring slot of element i.
func (l *List) slot(i int) int { return (l.head + i) & l.mask }

// Index returns element i, counted from the head from 0; 0 <= i < Len().
// The slice is the stored element: callers must not modify it.
func (l *List) Index(i int) []byte { return *l.at(l.slot(i)) }

// Set replaces element i, 0 <= i < Len(), with b.
func (l *List) Set(i int, b []byte) { *l.at(l.slot(i)) = b }

// PushHead adds b before the first element (LPUSH).
func (l *List) PushHead(b []byte) {
	l.grow()
	l.head = (l.head - 1) & l.mask
	l.ensurePage(l.head)
	*l.at(l.head) = b
	l.n++
}

// PushTail adds b after the last element (RPUSH).
func (l *List) PushTail(b []byte) {
	l.grow()
	s := l.slot(l.n)
	l.ensurePage(s)
	*l.at(s) = b
	l.n++
}

// Reserve makes room for n elements in an empty list (a loader that knows
// the count), so that pushing them does not rebuild the ring as it grows.
func (l *List) Reserve(n int) {
	if l.n == 0 && n > 0 {
		l.alloc(ringCap(n))
	}
}

// PopHead removes and returns the first element; the list must not be empty.
func (l *List) PopHead() []byte {
	s := l.head
	p := l.at(s)
	b := *p
	*p = nil
	l.head = (l.head + 1) & l.mask
	l.n--
	if l.pages != nil && l.head&listPageMask == 0 {
		l.releaseIfFree(s >> listPageShift)
	}
	l.shrink()
	return b
}

// PopTail removes and returns the last element; the list must not be empty.
func (l *List) PopTail() []byte {
	s := l.slot(l.n - 1)
	p := l.at(s)
	b := *p
	*p = nil
	l.n--
	if l.pages != nil && s&listPageMask == 0 {
		l.releaseIfFree(s >> listPageShift)
	}
	l.shrink()
	return b
}

// Insert puts b at index i, 0 <= i <= Len(), moving the elements on the
// shorter side of i by one place. Insert(0, b) is PushHead, Insert(Len(), b)
// is PushTail.
func (l *List) Insert(i int, b []byte) {
	if i < l.n-i {
		l.PushHead(nil)
		for j := 0; j < i; j++ {
			l.Set(j, l.Index(j+1))
		}
	} else {
		l.PushTail(nil)
		for j := l.n - 1; j > i; j-- {
			l.Set(j, l.Index(j-1))
		}
	}
	l.Set(i, b)
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
	match := func(e []byte) bool {
		return (limit == 0 || removed < limit) && string(e) == string(elem)
	}
	if count >= 0 {
		w := 0 // where the next kept element goes
		for r := 0; r < l.n; r++ {
			if e := l.Index(r); match(e) {
				removed++
			} else {
				if w != r {
					l.Set(w, e)
				}
				w++
			}
		}
		l.DeleteTail(l.n - w)
	} else {
		w := l.n - 1
		for r := l.n - 1; r >= 0; r-- {
			if e := l.Index(r); match(e) {
				removed++
			} else {
				if w != r {
					l.Set(w, e)
				}
				w--
			}
		}
		l.DeleteHead(w + 1)
	}
	return removed
}

// Trim keeps only the elements from index start to end inclusive,
// 0 <= start <= end < Len(), deleting the others.
func (l *List) Trim(start, end int) {
	l.DeleteTail(l.n - 1 - end)
	l.DeleteHead(start)
}

// DeleteHead removes the first k elements, 0 <= k <= Len(). O(k).
func (l *List) DeleteHead(k int) {
	if k == 0 {
		return
	}
	for j := 0; j < k; j++ {
		*l.at(l.slot(j)) = nil
	}
	l.head = (l.head + k) & l.mask
	l.n -= k
	l.afterBulkDelete()
}

// DeleteTail removes the last k elements, 0 <= k <= Len(). O(k).
func (l *List) DeleteTail(k int) {
	if k == 0 {
		return
	}
	for j := l.n - k; j < l.n; j++ {
		*l.at(l.slot(j)) = nil
	}
	l.n -= k
	l.afterBulkDelete()
}

// afterBulkDelete releases the pages left without elements and shrinks.
func (l *List) afterBulkDelete() {
	if l.pages != nil && l.n > 0 {
		for p := range l.pages {
			l.releaseIfFree(p)
		}
	}
	l.shrink()
}

// pageHasLive reports whether page p holds an element: whether the ring
// range [head, head+n) meets the page's slots.
func (l *List) pageHasLive(p int) bool {
	if l.n == 0 {
		return false
	}
	a := p << listPageShift
	return (a-l.head)&l.mask < l.n || (l.head-a)&l.mask < listPageSize
}

// releaseIfFree drops page p when it holds no element, keeping one spare
// so that pushing and popping across a page boundary does not allocate.
func (l *List) releaseIfFree(p int) {
	if l.pages[p] == nil || l.pageHasLive(p) {
		return
	}
	if l.spare == nil {
		l.spare = l.pages[p] // its slots are all nil already
	}
	l.pages[p] = nil
}

// ensurePage allocates the page of ring slot s if it was released.
func (l *List) ensurePage(s int) {
	if l.pages == nil || l.pages[s>>listPageShift] != nil {
		return
	}
	l.pages[s>>listPageShift] = l.newPage()
}

func (l *List) newPage() [][]byte {
	if p := l.spare; p != nil {
		l.spare = nil
		return p
	}
	return make([][]byte, listPageSize)
}

// grow makes room for one more element, doubling the ring when it is full.
func (l *List) grow() {
	c := l.mask + 1
	if l.n < c {
		return
	}
	if c < listPageSize {
		l.rebuild(ringCap(c + 1))
		return
	}
	if l.pages == nil { // one full small ring becomes two pages
		l.rebuild(2 * c)
		return
	}
	// Double the page table without moving elements: the live range runs
	// from the head to the end of the table and on from page 0 back to the
	// head's page. Open k empty pages just before the head's page; if the
	// head is inside a page, that page also holds the range's end, so its
	// part before the head moves into a page of its own.
	k := len(l.pages)
	h, o := l.head>>listPageShift, l.head&listPageMask
	pages := make([][][]byte, 2*k)
	copy(pages, l.pages[:h])
	copy(pages[h+k:], l.pages[h:])
	if o > 0 {
		split := l.newPage()
		old := l.pages[h]
		copy(split, old[:o])
		clear(old[:o])
		pages[h] = split
	}
	l.pages = pages
	l.mask = 2*k*listPageSize - 1
	l.head += k * listPageSize
}

// shrink empties a list with no elements, and rebuilds a ring that is at
// most 1/8 full into one half full, so a list that was large gives its
// memory back (amortised O(1): many pops paid for the copy).
func (l *List) shrink() {
	if l.n == 0 {
		*l = List{mask: -1}
		return
	}
	if c := l.mask + 1; c > 2*minListCap && l.n <= c/8 {
		l.rebuild(ringCap(2 * l.n))
	}
}

// rebuild moves the elements into a fresh ring of capacity c (a power of
// two, >= n), element 0 at slot 0.
func (l *List) rebuild(c int) {
	old := *l
	l.alloc(c)
	for i := 0; i < old.n; i++ {
		*l.at(i) = old.Index(i)
	}
	l.n = old.n
}

// alloc gives l an empty ring of capacity c (a power of two) with the
// pages that l.n elements from slot 0 need; no element is copied.
func (l *List) alloc(c int) {
	l.head, l.spare = 0, nil
	l.mask = c - 1
	if c <= listPageSize {
		l.small, l.pages = make([][]byte, c), nil
		return
	}
	l.small = nil
	l.pages = make([][][]byte, c/listPageSize)
	for p := 0; p < (l.n+listPageSize-1)/listPageSize && p < len(l.pages); p++ {
		l.pages[p] = make([][]byte, listPageSize)
	}
}

// ringCap returns the smallest power of two >= n, at least minListCap.
func ringCap(n int) int {
	c := minListCap
	for c < n {
		c <<= 1
	}
	return c
}
