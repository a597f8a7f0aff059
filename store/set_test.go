package store

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strconv"
	"testing"
)

// setMembers returns the members of s in position order.
func setMembers(s *Set) []string {
	out := make([]string, s.Len())
	for i := range out {
		out[i] = string(s.AppendMember(nil, i))
		if s.Member(i) != out[i] {
			panic("Member and AppendMember disagree")
		}
	}
	return out
}

func TestSetIntset(t *testing.T) {
	s := NewSet()
	for _, m := range []string{"5", "-3", "100", "0", "5", "-9223372036854775808", "9223372036854775807"} {
		s.Add([]byte(m), 512)
	}
	want := []string{"-9223372036854775808", "-3", "0", "5", "100", "9223372036854775807"}
	if got := setMembers(s); !reflect.DeepEqual(got, want) {
		t.Fatalf("members %v, want %v", got, want)
	}
	if s.Encoding() != "intset" || !s.Intset() || s.Type() != "set" {
		t.Fatalf("encoding %s", s.Encoding())
	}
	for _, m := range []string{"05", "+5", " 5", "-0", "x", ""} {
		if s.Has([]byte(m)) || s.Remove([]byte(m)) {
			t.Fatalf("%q found in intset", m)
		}
	}
	if !s.Has([]byte("100")) || !s.Remove([]byte("100")) || s.Has([]byte("100")) {
		t.Fatal("remove 100")
	}
	s.RemoveAt(0)
	want = []string{"-3", "0", "5", "9223372036854775807"}
	if got := setMembers(s); !reflect.DeepEqual(got, want) {
		t.Fatalf("members %v, want %v", got, want)
	}
	if !s.Add([]byte("x"), 512) || s.Encoding() != "hashtable" || s.Len() != 5 {
		t.Fatalf("after adding a string: %s, %d", s.Encoding(), s.Len())
	}
	for _, m := range append(want, "x") {
		if !s.Has([]byte(m)) {
			t.Fatalf("%s lost in conversion", m)
		}
	}
	s.Remove([]byte("x"))
	if s.Encoding() != "hashtable" {
		t.Fatal("converted back")
	}
}

func TestSetIntsetLimit(t *testing.T) {
	s := NewSet()
	for i := 0; i < 3; i++ {
		s.Add([]byte(strconv.Itoa(i)), 3)
	}
	if s.Encoding() != "intset" {
		t.Fatal("converted at the limit")
	}
	s.Add([]byte("2"), 3) // existing: no growth
	if s.Encoding() != "intset" {
		t.Fatal("converted on a duplicate")
	}
	s.Add([]byte("3"), 3)
	if s.Encoding() != "hashtable" || s.Len() != 4 {
		t.Fatalf("over the limit: %s %d", s.Encoding(), s.Len())
	}
}

func TestSetCopy(t *testing.T) {
	for _, members := range [][]string{{"1", "2", "3"}, {"a", "b", "1"}} {
		s := NewSet()
		for _, m := range members {
			s.Add([]byte(m), 512)
		}
		c := s.Copy().(*Set)
		s.Remove([]byte(members[0]))
		s.Add([]byte("99"), 512)
		if c.Len() != 3 || !c.Has([]byte(members[0])) || c.Has([]byte("99")) || c.Encoding() != s.Encoding() {
			t.Fatalf("copy of %v shares state", members)
		}
	}
}

// TestSetModel runs random operations against a Go map over intsets,
// hashtables and the conversion between them.
func TestSetModel(t *testing.T) {
	for _, alphabet := range []string{"ints", "mixed"} {
		r := rand.New(rand.NewPCG(2, uint64(len(alphabet))))
		s := NewSet()
		model := map[string]bool{}
		maxIntset := int64(1 << 20)
		if alphabet == "mixed" {
			maxIntset = 64
		}
		for step := 0; step < 20000; step++ {
			m := strconv.Itoa(r.IntN(200) - 100)
			if alphabet == "mixed" && step > 5000 && r.IntN(10) == 0 {
				m = "m" + m
			}
			switch r.IntN(4) {
			case 0, 1:
				if s.Add([]byte(m), maxIntset) == model[m] {
					t.Fatalf("step %d: Add(%s) vs model %v", step, m, model[m])
				}
				model[m] = true
			case 2:
				if s.Remove([]byte(m)) != model[m] {
					t.Fatalf("step %d: Remove(%s) vs model %v", step, m, model[m])
				}
				delete(model, m)
			case 3:
				if s.Len() > 0 {
					i := r.IntN(s.Len())
					m := s.Member(i)
					s.RemoveAt(i)
					if !model[m] {
						t.Fatalf("step %d: RemoveAt gave %s", step, m)
					}
					delete(model, m)
				}
			}
			if s.Len() != len(model) {
				t.Fatalf("step %d: Len %d, model %d", step, s.Len(), len(model))
			}
		}
		got := setMembers(s)
		if len(got) != len(model) {
			t.Fatalf("%d members, model %d", len(got), len(model))
		}
		for i, m := range got {
			if !model[m] || !s.Has([]byte(m)) {
				t.Fatalf("member %s not in model", m)
			}
			if s.Intset() && i > 0 {
				a, _ := strconv.ParseInt(got[i-1], 10, 64)
				b, _ := strconv.ParseInt(m, 10, 64)
				if a >= b {
					t.Fatalf("intset out of order: %v", got)
				}
			}
		}
		t.Logf("%s: ended as %s with %d members", alphabet, s.Encoding(), s.Len())
	}
}

func TestDenseIndexLifecycle(t *testing.T) {
	var d dense[struct{}]
	for i := 0; i < linearMax; i++ {
		d.add(fmt.Sprint(i), struct{}{})
	}
	if d.index != nil {
		t.Fatal("index built at linearMax")
	}
	d.add("x", struct{}{})
	if d.index == nil || len(d.index) != linearMax+1 {
		t.Fatal("index not built past linearMax")
	}
	for d.len() > linearMax/2 {
		d.removeAt(0, true)
	}
	if d.index != nil {
		t.Fatal("index kept for a small dense")
	}
	for i := 0; i < d.len(); i++ {
		if d.find([]byte(d.keys[i])) != i {
			t.Fatal("find after dropping the index")
		}
	}
	// Shrinking gives memory back.
	for i := 0; i < 10000; i++ {
		d.add("k"+strconv.Itoa(i), struct{}{})
	}
	for d.len() > 10 {
		d.removeAt(d.len()/2, false)
	}
	if cap(d.keys) > 1000 {
		t.Fatalf("cap %d after shrinking to %d", cap(d.keys), d.len())
	}
}
