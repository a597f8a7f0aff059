package store

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
)

// hashFields returns the fields of h in position order.
func hashFields(h *Hash) []string {
	out := make([]string, h.Len())
	for i := range out {
		out[i], _ = h.At(i)
	}
	return out
}

func TestHashListpackOrder(t *testing.T) {
	h := NewHash()
	for i := 0; i < 20; i++ { // past linearMax, so the index is used too
		h.Set([]byte(fmt.Sprint(i)), []byte("v"), 128, 64)
	}
	for _, f := range []string{"0", "5", "19", "12", "nosuch"} {
		h.Delete([]byte(f))
	}
	h.Set([]byte("3"), []byte("new"), 128, 64) // update keeps position
	h.Set([]byte("0"), []byte("back"), 128, 64)
	want := []string{"1", "2", "3", "4", "6", "7", "8", "9", "10", "11", "13", "14", "15", "16", "17", "18", "0"}
	if got := hashFields(h); !reflect.DeepEqual(got, want) {
		t.Fatalf("order %v, want %v", got, want)
	}
	if v, ok := h.Get([]byte("3")); !ok || v != "new" {
		t.Fatalf("Get 3 = %q %v", v, ok)
	}
	for i, f := range want {
		if got := h.d.find([]byte(f)); got != i {
			t.Fatalf("find(%s) = %d, want %d", f, got, i)
		}
	}
	if h.Encoding() != "listpack" {
		t.Fatalf("encoding %s", h.Encoding())
	}
}

func TestHashConversion(t *testing.T) {
	for _, tc := range []struct {
		name       string
		field, val string
		n          int
		want       string
	}{
		{"small", "f", "v", 3, "listpack"},
		{"entries", "f", "v", 4, "hashtable"},
		{"long field", "field", "v", 1, "hashtable"},
		{"long value", "f", "value", 1, "hashtable"},
		{"edge value", "f", "valu", 3, "listpack"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := NewHash()
			for i := 0; i < tc.n; i++ {
				h.Set([]byte(tc.field+fmt.Sprint(i)), []byte(tc.val), 3, 4)
			}
			if got := h.Encoding(); got != tc.want {
				t.Fatalf("encoding %s, want %s", got, tc.want)
			}
		})
	}
	h := NewHash()
	h.ConvertIfLong(4, []byte("a"), []byte("abcd"))
	if !h.Listpack() {
		t.Fatal("ConvertIfLong converted at the limit")
	}
	h.ConvertIfLong(4, []byte("a"), []byte("abcde"))
	if h.Listpack() {
		t.Fatal("ConvertIfLong did not convert")
	}
}

func TestHashCopy(t *testing.T) {
	h := NewHash()
	for i := 0; i < 30; i++ {
		h.Set([]byte(fmt.Sprint(i)), []byte("v"), 10, 64)
	}
	c := h.Copy().(*Hash)
	h.Set([]byte("0"), []byte("changed"), 10, 64)
	h.Delete([]byte("1"))
	if v, _ := c.Get([]byte("0")); v != "v" || !c.Exists([]byte("1")) || c.Len() != 30 {
		t.Fatal("copy shares state with the original")
	}
	if c.Encoding() != "hashtable" || c.Type() != "hash" {
		t.Fatalf("copy: %s %s", c.Type(), c.Encoding())
	}
}

// TestHashModel runs random operations against a Go map, in both
// encodings, and checks contents and the position index after each step.
func TestHashModel(t *testing.T) {
	for _, maxEntries := range []int64{1 << 20, 16} {
		r := rand.New(rand.NewPCG(1, uint64(maxEntries)))
		h := NewHash()
		model := map[string]string{}
		for step := 0; step < 20000; step++ {
			f := fmt.Sprint(r.IntN(60))
			switch r.IntN(3) {
			case 0, 1:
				v := fmt.Sprint(step)
				_, had := model[f]
				if added := h.Set([]byte(f), []byte(v), maxEntries, 64); added == had {
					t.Fatalf("step %d: Set(%s) added=%v, had=%v", step, f, added, had)
				}
				model[f] = v
			case 2:
				_, had := model[f]
				if h.Delete([]byte(f)) != had {
					t.Fatalf("step %d: Delete(%s) != %v", step, f, had)
				}
				delete(model, f)
			}
			if h.Len() != len(model) {
				t.Fatalf("step %d: Len %d, model %d", step, h.Len(), len(model))
			}
			if step%97 == 0 {
				checkHash(t, h, model)
			}
		}
		checkHash(t, h, model)
	}
}

func checkHash(t *testing.T, h *Hash, model map[string]string) {
	t.Helper()
	for i := 0; i < h.Len(); i++ {
		f, v := h.At(i)
		if model[f] != v {
			t.Fatalf("At(%d) = %s=%s, model has %q", i, f, v, model[f])
		}
		if h.d.find([]byte(f)) != i {
			t.Fatalf("find(%s) != %d", f, i)
		}
	}
	if h.d.index != nil && len(h.d.index) != h.Len() {
		t.Fatalf("index has %d entries for %d fields", len(h.d.index), h.Len())
	}
}
