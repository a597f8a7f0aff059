package store

import (
	"strconv"
	"testing"
)

// Lookups by a []byte key must not allocate, small (scan) or large (map):
// the generic finders rely on the compiler eliding string(key).
func TestLookupsDoNotAllocate(t *testing.T) {
	for _, n := range []int{4, 100} {
		h, s, z := NewHash(), NewSet(), NewZSet()
		lim := ZSetLimits{MaxListpackEntries: 128, MaxListpackValue: 64}
		for i := 0; i < n; i++ {
			k := []byte("member:" + strconv.Itoa(i))
			h.Set(k, k, 512, 64)
			s.Add(k, 512)
			z.Set(k, float64(i), lim)
		}
		key, missing := []byte("member:3"), []byte("nope")
		allocs := testing.AllocsPerRun(100, func() {
			h.Exists(key)
			h.Exists(missing)
			s.Has(key)
			s.Has(missing)
			z.Score(key)
			z.Score(missing)
		})
		if allocs != 0 {
			t.Errorf("%d elements: %v allocations per round of lookups", n, allocs)
		}
	}
}
