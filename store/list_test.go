package store

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

// listModel is the obvious slice implementation the ring is checked against.
type listModel [][]byte

func listOf(l *List) []string {
	out := make([]string, l.Len())
	for i := range out {
		out[i] = string(l.Index(i))
	}
	return out
}

func modelOf(m listModel) []string {
	out := make([]string, len(m))
	for i, b := range m {
		out[i] = string(b)
	}
	return out
}

func TestListBasics(t *testing.T) {
	l := NewList()
	if l.Type() != "list" || l.Encoding() != "quicklist" || l.Len() != 0 {
		t.Fatalf("empty list: %s %s %d", l.Type(), l.Encoding(), l.Len())
	}
	l.PushTail([]byte("b"))
	l.PushHead([]byte("a"))
	l.PushTail([]byte("c"))
	if got := listOf(l); !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Fatalf("got %v", got)
	}
	l.Set(1, []byte("B"))
	l.Insert(0, []byte("0"))
	l.Insert(4, []byte("4"))
	l.Insert(2, []byte("x"))
	if got := listOf(l); !slices.Equal(got, []string{"0", "a", "x", "B", "c", "4"}) {
		t.Fatalf("got %v", got)
	}
	if string(l.PopHead()) != "0" || string(l.PopTail()) != "4" {
		t.Fatal("pop")
	}
	cp := l.Copy().(*List)
	cp.Index(0)[0] = 'Z'
	cp.PushTail([]byte("more"))
	if got := listOf(l); !slices.Equal(got, []string{"a", "x", "B", "c"}) {
		t.Fatalf("copy is not deep: original %v", got)
	}
	for l.Len() > 0 {
		l.PopHead()
	}
	if l.small != nil || l.pages != nil {
		t.Fatal("an empty list keeps its ring")
	}
}

func TestListRemoveAndTrim(t *testing.T) {
	cases := []struct {
		name  string
		in    string
		elem  string
		count int64
		want  string
		n     int64
	}{
		{"all", "abacab", "a", 0, "bcb", 3},
		{"head 2", "abacab", "a", 2, "bcab", 2},
		{"tail 2", "abacab", "a", -2, "abcb", 2},
		{"tail 1", "abacab", "b", -1, "abaca", 1},
		{"none", "abc", "z", 0, "abc", 0},
		{"every", "aaa", "a", -10, "", 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l := NewList()
			for _, ch := range tc.in {
				l.PushTail([]byte(string(ch)))
			}
			if n := l.Remove([]byte(tc.elem), tc.count); n != tc.n {
				t.Errorf("removed %d, want %d", n, tc.n)
			}
			got := ""
			for _, s := range listOf(l) {
				got += s
			}
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
	l := NewList()
	for i := 0; i < 10; i++ {
		l.PushTail([]byte(strconv.Itoa(i)))
	}
	l.Trim(2, 5)
	if got := listOf(l); !slices.Equal(got, []string{"2", "3", "4", "5"}) {
		t.Fatalf("trim: %v", got)
	}
}

// TestListRandomOps checks every operation against a slice model over many
// random steps, so wrap-around, growth and shrinking are all exercised.
func TestListRandomOps(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	l := NewList()
	var m listModel
	for step := 0; step < 200000; step++ {
		v := []byte(strconv.Itoa(step % 7))
		switch op := r.IntN(12); {
		case op < 3:
			l.PushHead(v)
			m = append(listModel{v}, m...)
		case op < 6:
			l.PushTail(v)
			m = append(m, v)
		case op == 6 && len(m) > 0:
			if got := l.PopHead(); string(got) != string(m[0]) {
				t.Fatalf("step %d: PopHead %q want %q", step, got, m[0])
			}
			m = m[1:]
		case op == 7 && len(m) > 0:
			if got := l.PopTail(); string(got) != string(m[len(m)-1]) {
				t.Fatalf("step %d: PopTail %q want %q", step, got, m[len(m)-1])
			}
			m = m[:len(m)-1]
		case op == 8:
			i := r.IntN(len(m) + 1)
			l.Insert(i, v)
			m = slices.Insert(m, i, v)
		case op == 9 && len(m) > 0:
			i := r.IntN(len(m))
			l.Set(i, v)
			m[i] = v
		case op == 10 && r.IntN(50) == 0:
			count := int64(r.IntN(5) - 2)
			elem := []byte(strconv.Itoa(r.IntN(7)))
			l.Remove(elem, count)
			m = modelRemove(m, elem, count)
		case op == 11 && len(m) > 0 && r.IntN(50) == 0:
			h, tl := r.IntN(len(m)+1), 0
			if rest := len(m) - h; rest > 0 {
				tl = r.IntN(rest + 1)
			}
			l.DeleteHead(h)
			l.DeleteTail(tl)
			m = m[h : len(m)-tl]
		}
		if l.Len() != len(m) {
			t.Fatalf("step %d: len %d want %d", step, l.Len(), len(m))
		}
		if step%997 == 0 && !slices.Equal(listOf(l), modelOf(m)) {
			t.Fatalf("step %d: list %v\nwant %v", step, listOf(l), modelOf(m))
		}
	}
}

func modelRemove(m listModel, elem []byte, count int64) listModel {
	limit := count
	if limit < 0 {
		limit = -limit
	}
	var removed int64
	keep := make([]bool, len(m))
	idx := func(i int) int { return i }
	if count < 0 {
		idx = func(i int) int { return len(m) - 1 - i }
	}
	for k := range m {
		i := idx(k)
		if (limit == 0 || removed < limit) && string(m[i]) == string(elem) {
			removed++
			continue
		}
		keep[i] = true
	}
	var out listModel
	for i, b := range m {
		if keep[i] {
			out = append(out, b)
		}
	}
	return out
}

// The benchmarks work on a list of 1M elements: the cost per operation stays
// flat (O(1)) whatever the size.
const benchListSize = 1 << 20

func bigList() *List {
	l := NewList()
	v := []byte("element")
	for i := 0; i < benchListSize; i++ {
		l.PushTail(v)
	}
	return l
}

func BenchmarkListLPush1M(b *testing.B) {
	l := bigList()
	v := []byte("x")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		l.PushHead(v)
	}
}

func BenchmarkListLIndex1M(b *testing.B) {
	l := bigList()
	b.ResetTimer()
	var sink int
	for i := 0; i < b.N; i++ {
		sink += len(l.Index((i * 7919) % benchListSize))
	}
	_ = sink
}

func BenchmarkListLPop1M(b *testing.B) {
	l := bigList()
	v := []byte("x")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		l.PopHead()
		l.PushTail(v) // keep the size at 1M
	}
}

// TestListPhases grows a list far past one page from both ends, shrinks it
// back down and regrows it, checking it against the model throughout, so
// page-table doubling with the head inside a page, page release and
// rebuilding are all exercised.
func TestListPhases(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	l := NewList()
	var m listModel
	check := func(phase string) {
		t.Helper()
		if !slices.Equal(listOf(l), modelOf(m)) {
			t.Fatalf("%s: list differs from model (len %d/%d)", phase, l.Len(), len(m))
		}
		if l.pages != nil {
			for p := range l.pages {
				if l.pageHasLive(p) && l.pages[p] == nil {
					t.Fatalf("%s: live page %d released", phase, p)
				}
			}
		}
	}
	step := 0
	for round := 0; round < 3; round++ {
		for len(m) < 5000 {
			v := []byte(strconv.Itoa(step))
			step++
			if r.IntN(3) == 0 {
				l.PushHead(v)
				m = append(listModel{v}, m...)
			} else {
				l.PushTail(v)
				m = append(m, v)
			}
			if step%501 == 0 {
				check("grow")
			}
		}
		check("grown")
		for len(m) > 3 {
			if r.IntN(2) == 0 {
				l.PopHead()
				m = m[1:]
			} else {
				l.PopTail()
				m = m[:len(m)-1]
			}
			if len(m)%499 == 0 {
				check("shrink")
			}
		}
		check("shrunk")
		if c := l.mask + 1; c > 16 {
			t.Fatalf("3 elements keep a ring of %d slots", c)
		}
	}
	// A queue: push at the tail, pop at the head, length steady at 1000.
	for i := 0; i < 100000; i++ {
		v := []byte(strconv.Itoa(i))
		l.PushTail(v)
		m = append(m, v)
		if len(m) > 1000 {
			l.PopHead()
			m = m[1:]
		}
	}
	check("queue")
	if len(l.pages) > 16 {
		t.Fatalf("a 1000-element queue has %d pages", len(l.pages))
	}
}
