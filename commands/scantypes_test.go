package commands

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// scanTypeAll runs a full HSCAN/SSCAN/ZSCAN iteration with COUNT 10, calling
// between each step; it returns the elements seen (first parts only).
func scanTypeAll(t *testing.T, h *harness, cmd, key string, between func()) map[string]bool {
	t.Helper()
	seen := map[string]bool{}
	cursor := "0"
	for i := 0; ; i++ {
		if i > 100000 {
			t.Fatal("scan does not terminate")
		}
		reply := h.do(fmt.Sprintf("%s %s %s COUNT 10", cmd, key, cursor))
		parts := parseRESPStrings(t, reply)
		cursor = parts[0]
		step := 1
		if cmd != "SSCAN" {
			step = 2
		}
		for j := 1; j < len(parts); j += step {
			seen[parts[j]] = true
		}
		if cursor == "0" {
			return seen
		}
		between()
	}
}

// parseRESPStrings flattens a [cursor, [elements...]] reply.
func parseRESPStrings(t *testing.T, reply string) []string {
	t.Helper()
	var out []string
	lines := strings.Split(reply, "\r\n")
	for i := 0; i < len(lines); i++ {
		if strings.HasPrefix(lines[i], "$") {
			out = append(out, lines[i+1])
			i++
		}
	}
	return out
}

// TestScanTypesGuarantee: for large (hashtable / skiplist) values, a full
// iteration returns every element present for the whole iteration, while
// other elements are added, removed and (for zsets) rescored in between.
func TestScanTypesGuarantee(t *testing.T) {
	for _, tc := range []struct{ cmd, add, del, update string }{
		{"HSCAN", "HSET k %s v", "HDEL k %s", "HSET k %s changed"},
		{"SSCAN", "SADD k %s", "SREM k %s", ""},
		{"ZSCAN", "ZADD k %d %s", "ZREM k %s", "ZINCRBY k 1000 %s"},
	} {
		t.Run(tc.cmd, func(t *testing.T) {
			h := newHarness(t)
			r := rand.New(rand.NewPCG(7, 8))
			add := func(m string) {
				if tc.cmd == "ZSCAN" {
					h.do(fmt.Sprintf(tc.add, r.IntN(1000), m))
				} else {
					h.do(fmt.Sprintf(tc.add, m))
				}
			}
			for i := 0; i < 2000; i++ {
				add(fmt.Sprint("stay", i))
				add(fmt.Sprint("go", i))
			}
			next := 0
			seen := scanTypeAll(t, h, tc.cmd, "k", func() {
				for j := 0; j < 5; j++ {
					h.do(fmt.Sprintf(tc.del, fmt.Sprint("go", r.IntN(2000))))
					add(fmt.Sprint("new", next))
					next++
					if tc.update != "" {
						h.do(fmt.Sprintf(tc.update, fmt.Sprint("stay", r.IntN(2000))))
					}
				}
			})
			for i := 0; i < 2000; i++ {
				if !seen[fmt.Sprint("stay", i)] {
					t.Fatalf("stay%d was present throughout but not returned", i)
				}
			}
		})
	}
}

func TestZscanScoreFormat(t *testing.T) {
	h := newHarness(t)
	h.do("ZADD z 1.1 a 3 b")
	got := h.do("ZSCAN z 0")
	want := "*2\r\n$1\r\n0\r\n*4\r\n$1\r\na\r\n$18\r\n1.1000000000000001\r\n$1\r\nb\r\n$1\r\n3\r\n"
	if got != want {
		t.Fatalf("ZSCAN = %q, want %q", got, want)
	}
}
