package store

import (
	"slices"
	"strconv"

	"github.com/ember-db/ember/resp"
)

// maxIntsetLimit caps set-max-intset-entries, as Redis does (1G entries).
const maxIntsetLimit = 1 << 30

// Set is a set value: distinct binary-safe members.
//
// A set starts in the intset encoding, as Redis 7.0's: a sorted slice of
// int64 holding members that are canonical integers (string2ll). Adding a
// member that is not one, or going over set-max-intset-entries members,
// converts it for good to the hashtable encoding: members at dense positions
// 0..Len()-1 with a map index and O(1) swap-remove. Either way a random
// member is O(1), and the member order is Redis's where Redis's is
// deterministic: ascending for an intset.
//
// Executor goroutine only.
type Set struct {
	ints []int64 // intset encoding: members in ascending order
	d    dense[struct{}]
	ht   bool // converted to the hashtable encoding
}

// NewSet returns an empty set in the intset encoding (createIntsetObject).
// Adding a first member that is not an integer converts it at once, which
// is what Redis's setTypeCreate gives.
func NewSet() *Set { return &Set{} }

// Type returns "set".
func (s *Set) Type() string { return "set" }

// Encoding returns "intset" or "hashtable".
func (s *Set) Encoding() string {
	if s.ht {
		return "hashtable"
	}
	return "intset"
}

// Copy returns a deep copy in the same encoding.
func (s *Set) Copy() Value {
	return &Set{ints: slices.Clone(s.ints), d: s.d.clone(), ht: s.ht}
}

// Len returns the number of members.
func (s *Set) Len() int {
	if s.ht {
		return s.d.len()
	}
	return len(s.ints)
}

// Intset reports whether the set is still in the intset encoding.
func (s *Set) Intset() bool { return !s.ht }

// Has reports whether member is in the set.
func (s *Set) Has(member []byte) bool {
	if s.ht {
		return s.d.find(member) >= 0
	}
	n, ok := resp.ParseInt(member)
	if !ok {
		return false
	}
	_, found := slices.BinarySearch(s.ints, n)
	return found
}

// Add adds a copy of member and reports whether it was new. maxIntset is
// set-max-intset-entries: an intset converts to a hashtable when member is
// not an integer or it grows beyond maxIntset members (Redis's setTypeAdd).
func (s *Set) Add(member []byte, maxIntset int64) bool { return setAdd(s, member, maxIntset) }

// AddString is Add for a member held as a string, which is stored as it is,
// without a copy (the snapshot loader hands in substrings of one buffer
// per set, as a listpack holds a small aggregate in one allocation).
func (s *Set) AddString(member string, maxIntset int64) bool { return setAdd(s, member, maxIntset) }

func setAdd[T string | []byte](s *Set, member T, maxIntset int64) bool {
	if !s.ht {
		if n, ok := resp.ParseIntOf(member); ok {
			i, found := slices.BinarySearch(s.ints, n)
			if found {
				return false
			}
			s.ints = slices.Insert(s.ints, i, n)
			if int64(len(s.ints)) > min(maxIntset, maxIntsetLimit) {
				s.convert()
			}
			return true
		}
		s.convert()
	}
	if denseFind(&s.d, member) >= 0 {
		return false
	}
	s.d.add(string(member), struct{}{})
	return true
}

// Reserve makes room for n more members in the hashtable encoding (a
// loader that knows the count); an intset is left alone.
func (s *Set) Reserve(n int) {
	if s.ht {
		s.d.reserve(n)
	}
}

// convert moves the members of an intset into the hashtable encoding.
func (s *Set) convert() {
	s.ht = true
	s.d.keys = make([]string, 0, len(s.ints)+1)
	s.d.vals = make([]struct{}, 0, len(s.ints)+1)
	for _, n := range s.ints {
		s.d.add(strconv.FormatInt(n, 10), struct{}{})
	}
	s.ints = nil
}

// Remove removes member and reports whether it was there.
func (s *Set) Remove(member []byte) bool {
	if s.ht {
		i := s.d.find(member)
		if i < 0 {
			return false
		}
		s.d.removeAt(i, false)
		return true
	}
	n, ok := resp.ParseInt(member)
	if !ok {
		return false
	}
	i, found := slices.BinarySearch(s.ints, n)
	if !found {
		return false
	}
	s.RemoveAt(i)
	return true
}

// RemoveAt removes the member at position i, 0 <= i < Len(). In a hashtable
// the last member moves to i.
func (s *Set) RemoveAt(i int) {
	if s.ht {
		s.d.removeAt(i, false)
		return
	}
	s.ints = slices.Delete(s.ints, i, i+1)
	if c := cap(s.ints); c > 64 && len(s.ints) < c/4 {
		s.ints = slices.Clip(slices.Clone(s.ints))
	}
}

// AppendMember appends the member at position i, 0 <= i < Len(), to dst
// and returns the extended slice. Intset positions are in ascending order.
func (s *Set) AppendMember(dst []byte, i int) []byte {
	if s.ht {
		return append(dst, s.d.keys[i]...)
	}
	return strconv.AppendInt(dst, s.ints[i], 10)
}

// Member returns the member at position i as a string; it allocates for an
// intset.
func (s *Set) Member(i int) string {
	if s.ht {
		return s.d.keys[i]
	}
	return strconv.FormatInt(s.ints[i], 10)
}
