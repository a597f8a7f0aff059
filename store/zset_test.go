package store

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"testing"
)

// zmodel is the naive reference: elements sorted by (score, member).
type zmodel []zelem

type zelem struct {
	m string
	s float64
}

func (m zmodel) find(member string) int {
	for i, e := range m {
		if e.m == member {
			return i
		}
	}
	return -1
}

func (m zmodel) set(member string, score float64) zmodel {
	if i := m.find(member); i >= 0 {
		m = append(m[:i], m[i+1:]...)
	}
	m = append(m, zelem{member, score})
	sort.Slice(m, func(i, j int) bool { return zslLess(m[i].s, m[i].m, m[j].s, m[j].m) })
	return m
}

func (m zmodel) filter(keep func(i int, e zelem) bool) (zmodel, int) {
	var out zmodel
	for i, e := range m {
		if keep(i, e) {
			out = append(out, e)
		}
	}
	return out, len(m) - len(out)
}

var noLimits = ZSetLimits{MaxListpackEntries: 128, MaxListpackValue: 64}

// check compares every observable of z with the model and verifies the
// skiplist's internal invariants (spans, backward pointers, tail, length).
func check(t *testing.T, z *ZSet, m zmodel) {
	t.Helper()
	if z.Len() != len(m) || len(z.order) != len(m) {
		t.Fatalf("len %d order %d, model %d", z.Len(), len(z.order), len(m))
	}
	// The dict exists once the set has grown past zsetLinearMax, and then
	// holds every member.
	if z.dict != nil && len(z.dict) != len(m) {
		t.Fatalf("dict %d, model %d", len(z.dict), len(m))
	}
	if z.dict == nil && len(m) > zsetLinearMax {
		t.Fatalf("no dict at %d elements", len(m))
	}
	i := 0
	var prev *ZNode
	for n := z.First(); n != nil; n = n.Next() {
		if i >= len(m) || n.Member != m[i].m || n.Score != m[i].s {
			t.Fatalf("element %d: got %q %v, model %v", i, n.Member, n.Score, m[i])
		}
		if n.Prev() != prev {
			t.Fatalf("element %d: bad backward pointer", i)
		}
		if z.findString(n.Member) != n || z.find([]byte(n.Member)) != n {
			t.Fatalf("lookup does not find node %q", n.Member)
		}
		prev = n
		i++
	}
	if z.Last() != prev {
		t.Fatalf("tail is wrong")
	}
	for i, n := range z.order {
		if int(n.pos) != i || z.findString(n.Member) != n {
			t.Fatalf("order[%d] = %q at pos %d is not the member's node", i, n.Member, n.pos)
		}
	}
	// Spans: on every level, the span equals the level-0 distance.
	zsl := &z.zsl
	pos := map[*ZNode]int{zsl.header: 0}
	k := 1
	for n := zsl.first(); n != nil; n = n.Next() {
		pos[n] = k
		k++
	}
	for lvl := 0; lvl < zslMaxLevel; lvl++ {
		if lvl >= zsl.level {
			if lvl < len(zsl.header.level) && zsl.header.level[lvl].forward != nil {
				t.Fatalf("level %d in use above zsl.level %d", lvl, zsl.level)
			}
			continue
		}
		for x := zsl.header; x != nil; x = x.level[lvl].forward {
			if lvl >= len(x.level) {
				t.Fatalf("node %q linked on level %d it does not have", x.Member, lvl)
			}
			want := zsl.length - pos[x] // a nil forward spans to the end
			if f := x.level[lvl].forward; f != nil {
				want = pos[f] - pos[x]
			}
			if x.level[lvl].span != want {
				t.Fatalf("level %d node at %d: span %d want %d", lvl, pos[x], x.level[lvl].span, want)
			}
		}
	}
	for r := range m {
		if n := z.ByRank(r); n == nil || n.Member != m[r].m {
			t.Fatalf("ByRank(%d) = %v, want %q", r, n, m[r].m)
		}
		if got, ok := z.Rank([]byte(m[r].m)); !ok || got != r {
			t.Fatalf("Rank(%q) = %d %v, want %d", m[r].m, got, ok, r)
		}
		if s, ok := z.Score([]byte(m[r].m)); !ok || s != m[r].s {
			t.Fatalf("Score(%q) = %v", m[r].m, s)
		}
	}
	if z.ByRank(len(m)) != nil || z.ByRank(-1) != nil {
		t.Fatalf("ByRank out of range returned a node")
	}
}

func randRange(r *rand.Rand) ScoreRange {
	a, b := float64(r.IntN(12)-1), float64(r.IntN(12)-1)
	if r.IntN(8) == 0 {
		a = math.Inf(-1)
	}
	if r.IntN(8) == 0 {
		b = math.Inf(1)
	}
	return ScoreRange{Min: a, Max: b, MinEx: r.IntN(2) == 0, MaxEx: r.IntN(2) == 0}
}

func randBound(r *rand.Rand) LexBound {
	switch r.IntN(8) {
	case 0:
		return LexBound{Inf: -1, Ex: true}
	case 1:
		return LexBound{Inf: 1, Ex: true}
	}
	return LexBound{Value: randMember(r), Ex: r.IntN(2) == 0}
}

func randMember(r *rand.Rand) string {
	n := r.IntN(3)
	b := make([]byte, n)
	for i := range b {
		b[i] = "ab\x00\xff"[r.IntN(4)]
	}
	return string(b)
}

// TestZSetModel drives random operations against ZSet and the sorted-slice
// model and checks them after every step.
func TestZSetModel(t *testing.T) {
	for seed := uint64(0); seed < 40; seed++ {
		r := rand.New(rand.NewPCG(seed, 7))
		z := NewZSet()
		var m zmodel
		lexMode := seed%4 == 0 // all scores equal, as ZRANGEBYLEX assumes
		for step := 0; step < 400; step++ {
			switch op := r.IntN(10); {
			case op < 4:
				mem := randMember(r) + strconv.Itoa(r.IntN(30))
				s := float64(r.IntN(10))
				if lexMode {
					s = 0
				}
				_, had := z.Score([]byte(mem))
				if added := z.Set([]byte(mem), s, noLimits); added == had {
					t.Fatalf("Set(%q) added=%v but present=%v", mem, added, had)
				}
				m = m.set(mem, s)
			case op == 4:
				mem := randMember(r) + strconv.Itoa(r.IntN(30))
				i := m.find(mem)
				if got := z.Delete([]byte(mem)); got != (i >= 0) {
					t.Fatalf("Delete(%q) = %v", mem, got)
				}
				if i >= 0 {
					m = append(m[:i], m[i+1:]...)
				}
			case op == 5:
				rg := randRange(r)
				want := 0
				var first, last *zelem
				for i := range m {
					if rg.AboveMin(m[i].s) && rg.BelowMax(m[i].s) {
						want++
						if first == nil {
							first = &m[i]
						}
						last = &m[i]
					}
				}
				if got := z.Count(rg); got != want {
					t.Fatalf("Count(%+v) = %d want %d", rg, got, want)
				}
				f, l := z.FirstInRange(rg), z.LastInRange(rg)
				if (f == nil) != (first == nil) || (f != nil && (f.Member != first.m || l.Member != last.m)) {
					t.Fatalf("First/LastInRange(%+v) wrong", rg)
				}
				if r.IntN(3) == 0 {
					var n int
					m, n = m.filter(func(_ int, e zelem) bool { return !(rg.AboveMin(e.s) && rg.BelowMax(e.s)) })
					if got := z.DeleteRangeByScore(rg); got != n {
						t.Fatalf("DeleteRangeByScore = %d want %d", got, n)
					}
				}
			case op == 6 && lexMode:
				lr := LexRange{Min: randBound(r), Max: randBound(r)}
				in := func(e zelem) bool { return lr.AboveMin(e.m) && lr.BelowMax(e.m) && !lr.empty() }
				want := 0
				var first, last *zelem
				for i := range m {
					if in(m[i]) {
						want++
						if first == nil {
							first = &m[i]
						}
						last = &m[i]
					}
				}
				if got := z.LexCount(lr); got != want {
					t.Fatalf("LexCount(%+v) = %d want %d", lr, got, want)
				}
				f, l := z.FirstInLexRange(lr), z.LastInLexRange(lr)
				if (f == nil) != (first == nil) || (f != nil && (f.Member != first.m || l.Member != last.m)) {
					t.Fatalf("First/LastInLexRange(%+v) wrong", lr)
				}
				if r.IntN(3) == 0 && !lr.empty() {
					var n int
					m, n = m.filter(func(_ int, e zelem) bool { return !in(e) })
					if got := z.DeleteRangeByLex(lr); got != n {
						t.Fatalf("DeleteRangeByLex = %d want %d", got, n)
					}
				}
			case op == 7 && len(m) > 0:
				a, b := r.IntN(len(m)), r.IntN(len(m))
				if a > b {
					a, b = b, a
				}
				var n int
				m, n = m.filter(func(i int, _ zelem) bool { return i < a || i > b })
				if got := z.DeleteRangeByRank(a, b); got != n {
					t.Fatalf("DeleteRangeByRank(%d,%d) = %d want %d", a, b, got, n)
				}
			case op == 8:
				c := z.Copy().(*ZSet)
				check(t, c, m)
				z = c
			default:
				if len(m) > 0 {
					i := r.IntN(len(m))
					ns := float64(r.IntN(10))
					if lexMode {
						ns = 0
					}
					z.Set([]byte(m[i].m), ns, noLimits)
					m = m.set(m[i].m, ns)
				}
			}
			check(t, z, m)
		}
	}
}

func TestZSetEncoding(t *testing.T) {
	lim := ZSetLimits{MaxListpackEntries: 3, MaxListpackValue: 4}
	z := NewZSet()
	for i, want := range []string{"listpack", "listpack", "listpack", "skiplist"} {
		z.Set([]byte{'a' + byte(i)}, 1, lim)
		if z.Type() != "zset" || z.Encoding() != want {
			t.Fatalf("after %d adds: %s %s", i+1, z.Type(), z.Encoding())
		}
	}
	z.Delete([]byte("a"))
	z.Delete([]byte("b"))
	if z.Encoding() != "skiplist" {
		t.Fatal("shrinking converted back to listpack")
	}
	if c := z.Copy(); c.Encoding() != "skiplist" {
		t.Fatal("copy lost the encoding")
	}
	z.ConvertToListpackIfNeeded(lim)
	if z.Encoding() != "listpack" {
		t.Fatal("ConvertToListpackIfNeeded of 2 short members")
	}
	z.ConvertToListpackIfNeeded(lim) // a listpack stays one
	if z.Encoding() != "listpack" {
		t.Fatal("ConvertToListpackIfNeeded of a listpack")
	}

	z = NewZSet()
	z.Set([]byte("abcd"), 1, lim)
	if z.Encoding() != "listpack" {
		t.Fatal("4-byte member with limit 4")
	}
	z.Set([]byte("abcd"), 2, lim) // update, not an insertion
	z.Set([]byte("abcde"), 1, lim)
	if z.Encoding() != "skiplist" {
		t.Fatal("5-byte member with limit 4")
	}
	z = NewZSet()
	z.Set([]byte("a"), 1, ZSetLimits{MaxListpackEntries: 0, MaxListpackValue: 64})
	if z.Encoding() != "skiplist" {
		t.Fatal("zset-max-listpack-entries 0")
	}
}

// TestZSetNegativeZero: a listpack stores integral scores as integers, so
// -0 becomes 0 there but not in a skiplist.
func TestZSetNegativeZero(t *testing.T) {
	negZero := math.Copysign(0, -1)
	isNeg := func(z *ZSet, m string) bool {
		s, _ := z.Score([]byte(m))
		return math.Signbit(s)
	}
	lp := NewZSet()
	lp.Set([]byte("a"), negZero, noLimits)
	lp.Set([]byte("b"), 5, noLimits)
	lp.Set([]byte("b"), negZero, noLimits)
	if isNeg(lp, "a") || isNeg(lp, "b") {
		t.Fatal("listpack kept -0")
	}
	sl := NewSkiplistZSet()
	sl.Set([]byte("a"), negZero, noLimits)
	if !isNeg(sl, "a") || sl.Encoding() != "skiplist" {
		t.Fatal("skiplist lost -0")
	}
	if c := sl.Copy().(*ZSet); !isNeg(c, "a") {
		t.Fatal("copy lost -0")
	}
	sl.ConvertToListpackIfNeeded(noLimits)
	if isNeg(sl, "a") || sl.Encoding() != "listpack" {
		t.Fatal("conversion to listpack kept -0")
	}
	// The conversion happens before the insertion that triggers it.
	one := ZSetLimits{MaxListpackEntries: 1, MaxListpackValue: 64}
	z := NewZSet()
	z.Set([]byte("a"), negZero, one)
	z.Set([]byte("b"), negZero, one)
	if isNeg(z, "a") || !isNeg(z, "b") || z.Encoding() != "skiplist" {
		t.Fatal("-0 around a conversion")
	}
}

// FuzzZSet interprets the input as a program of operations and checks the
// set against the model after each one.
func FuzzZSet(f *testing.F) {
	f.Add([]byte("\x00a\x01\x00b\x02\x01a\x03\x02"))
	f.Add([]byte("\x00a\x05\x00b\x05\x00c\x05\x04\x00\x02"))
	f.Fuzz(func(t *testing.T, prog []byte) {
		z := NewZSet()
		var m zmodel
		for len(prog) >= 3 {
			op, a, b := prog[0]%6, prog[1], prog[2]
			prog = prog[3:]
			mem := string([]byte{'a' + a%8})
			switch op {
			case 0, 1:
				s := float64(int(b%5) - 2)
				z.Set([]byte(mem), s, noLimits)
				m = m.set(mem, s)
			case 2:
				if i := m.find(mem); i >= 0 {
					m = append(m[:i], m[i+1:]...)
				}
				z.Delete([]byte(mem))
			case 3:
				if len(m) > 0 {
					s, e := int(a)%len(m), int(b)%len(m)
					if s > e {
						s, e = e, s
					}
					var n int
					m, n = m.filter(func(i int, _ zelem) bool { return i < s || i > e })
					if got := z.DeleteRangeByRank(s, e); got != n {
						t.Fatalf("DeleteRangeByRank = %d want %d", got, n)
					}
				}
			case 4:
				rg := ScoreRange{Min: float64(int(a%5) - 2), Max: float64(int(b%5) - 2), MinEx: a&8 != 0, MaxEx: b&8 != 0}
				var n int
				m, n = m.filter(func(_ int, e zelem) bool { return !(rg.AboveMin(e.s) && rg.BelowMax(e.s)) })
				if got := z.DeleteRangeByScore(rg); got != n {
					t.Fatalf("DeleteRangeByScore = %d want %d", got, n)
				}
			case 5:
				z = z.Copy().(*ZSet)
			}
			check(t, z, m)
		}
	})
}

// Benchmarks at several sizes: the per-operation cost grows with log N.

var benchSizes = []int{1_000, 100_000, 1_000_000}

func benchSet(n int) (*ZSet, [][]byte) {
	z := NewZSet()
	r := rand.New(rand.NewPCG(1, 1))
	members := make([][]byte, n)
	for i := range members {
		members[i] = []byte("member:" + strconv.Itoa(i))
		z.Set(members[i], float64(r.IntN(n)), noLimits)
	}
	return z, members
}

// BenchmarkZAdd adds a new member and removes it again (so N stays fixed).
func BenchmarkZAdd(b *testing.B) {
	for _, n := range benchSizes {
		z, _ := benchSet(n)
		r := rand.New(rand.NewPCG(2, 2))
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			m := []byte("new-member")
			for i := 0; i < b.N; i++ {
				z.Set(m, float64(r.IntN(n)), noLimits)
				z.Delete(m)
			}
		})
	}
}

// BenchmarkZRank ranks a random existing member.
func BenchmarkZRank(b *testing.B) {
	for _, n := range benchSizes {
		z, members := benchSet(n)
		r := rand.New(rand.NewPCG(3, 3))
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, ok := z.Rank(members[r.IntN(n)]); !ok {
					b.Fatal("missing")
				}
			}
		})
	}
}

// BenchmarkZRange reads 10 elements from a random rank (ZRANGE k r r+9).
func BenchmarkZRange(b *testing.B) {
	for _, n := range benchSizes {
		z, _ := benchSet(n)
		r := rand.New(rand.NewPCG(4, 4))
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			sum := 0.0
			for i := 0; i < b.N; i++ {
				x := z.ByRank(r.IntN(n - 10))
				for j := 0; j < 10; j++ {
					sum += x.Score
					x = x.Next()
				}
			}
			_ = sum
		})
	}
}

// LoadSorted builds the same set as inserting one by one (elements, encoding,
// -0 handling, every skiplist invariant), and the set stays usable after.
func TestZSetLoadSorted(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	lim := ZSetLimits{MaxListpackEntries: 20, MaxListpackValue: 8}
	for iter := 0; iter < 300; iter++ {
		n := 1 + r.IntN(60)
		var m zmodel
		for len(m) < n {
			member := strconv.Itoa(r.IntN(1000))
			if iter%7 == 0 {
				member += "-longer-member" // past MaxListpackValue
			}
			score := float64(r.IntN(20) - 10)
			if r.IntN(10) == 0 {
				score = math.Copysign(0, -1)
			}
			if m.find(member) < 0 {
				m = m.set(member, score)
			}
		}
		members, scores := make([]string, n), make([]float64, n)
		want := NewZSet()
		for i, e := range m {
			members[i], scores[i] = e.m, e.s
			want.SetString(e.m, e.s, lim)
		}
		z := NewZSet()
		if !z.LoadSorted(members, scores, lim) {
			t.Fatalf("iteration %d: sorted input refused", iter)
		}
		check(t, z, m)
		if z.Encoding() != want.Encoding() {
			t.Fatalf("iteration %d: encoding %s, inserting gives %s", iter, z.Encoding(), want.Encoding())
		}
		for n := z.First(); n != nil; n = n.Next() {
			w, _ := want.Score([]byte(n.Member))
			if math.Signbit(w) != math.Signbit(n.Score) {
				t.Fatalf("iteration %d: %q score %v, inserting gives %v", iter, n.Member, n.Score, w)
			}
		}
		// Still a working set: add, move and delete members.
		for k := 0; k < 10; k++ {
			member, score := strconv.Itoa(r.IntN(1000)), float64(r.IntN(20)-10)
			z.SetString(member, score, lim)
			m = m.set(member, score)
			victim := m[r.IntN(len(m))].m
			z.Delete([]byte(victim))
			m, _ = m.filter(func(_ int, e zelem) bool { return e.m != victim })
			check(t, z, m)
		}
	}
	// Refused, leaving the set empty: out of order, equal, a repeated member.
	for _, tc := range []struct {
		m []string
		s []float64
	}{
		{[]string{"b", "a"}, []float64{1, 1}},
		{[]string{"a", "a"}, []float64{1, 1}},
		{[]string{"a", "b", "a"}, []float64{1, 2, 3}},
		{append(func() (m []string) {
			for i := 0; i < 30; i++ {
				m = append(m, fmt.Sprint("m", i))
			}
			return m
		}(), "m0"), func() (s []float64) {
			for i := 0; i < 31; i++ {
				s = append(s, float64(i))
			}
			return s
		}()},
	} {
		z := NewZSet()
		if z.LoadSorted(tc.m, tc.s, lim) || z.Len() != 0 || z.First() != nil {
			t.Fatalf("LoadSorted(%q, %v) accepted, or left %d elements", tc.m, tc.s, z.Len())
		}
		check(t, z, nil)
	}
}
