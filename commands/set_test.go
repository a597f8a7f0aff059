package commands

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"sort"
	"strings"
	"testing"
)

func TestSetBasics(t *testing.T) {
	runCases(t, []cmdCase{
		{name: "sadd", cmd: "SADD s a b a", want: ":2\r\n"},
		{name: "sadd existing", setup: []string{"SADD s a"}, cmd: "SADD s a b", want: ":1\r\n"},
		{name: "sadd wrongtype", setup: []string{"SET k v"}, cmd: "SADD k a", want: wrongType},
		{name: "sadd arity", cmd: "SADD s", want: "-ERR wrong number of arguments for 'sadd' command\r\n"},
		{name: "srem", setup: []string{"SADD s a b c"}, cmd: "SREM s a x c", want: ":2\r\n"},
		{name: "srem missing", cmd: "SREM s a", want: ":0\r\n"},
		{name: "srem int", setup: []string{"SADD s 1 2 3"}, cmd: "SREM s 2 02 x", want: ":1\r\n"},
		{name: "srem last deletes", setup: []string{"SADD s a", "SREM s a"}, cmd: "SCARD s", want: ":0\r\n"},
		{name: "srem wrongtype", setup: []string{"SET k v"}, cmd: "SREM k a", want: wrongType},
		{name: "scard", setup: []string{"SADD s a b 1"}, cmd: "SCARD s", want: ":3\r\n"},
		{name: "scard missing", cmd: "SCARD s", want: ":0\r\n"},
		{name: "scard wrongtype", setup: []string{"SET k v"}, cmd: "SCARD k", want: wrongType},
		{name: "sismember", setup: []string{"SADD s a"}, cmd: "SISMEMBER s a", want: ":1\r\n"},
		{name: "sismember no", setup: []string{"SADD s a"}, cmd: "SISMEMBER s b", want: ":0\r\n"},
		{name: "sismember resp3 int", proto: 3, setup: []string{"SADD s a"}, cmd: "SISMEMBER s a", want: ":1\r\n"},
		{name: "sismember intset", setup: []string{"SADD s 1 2"}, cmd: "SISMEMBER s 2", want: ":1\r\n"},
		{name: "sismember intset non canonical", setup: []string{"SADD s 1 2"}, cmd: "SISMEMBER s 02", want: ":0\r\n"},
		{name: "sismember missing", cmd: "SISMEMBER s a", want: ":0\r\n"},
		{name: "sismember wrongtype", setup: []string{"SET k v"}, cmd: "SISMEMBER k a", want: wrongType},
		{name: "smismember", setup: []string{"SADD s a 1"}, cmd: "SMISMEMBER s a b 1", want: "*3\r\n:1\r\n:0\r\n:1\r\n"},
		{name: "smismember missing", cmd: "SMISMEMBER s a b", want: "*2\r\n:0\r\n:0\r\n"},
		{name: "smismember wrongtype", setup: []string{"SET k v"}, cmd: "SMISMEMBER k a", want: wrongType},
		{name: "smembers intset sorted", setup: []string{"SADD s 3 -1 10 2"}, cmd: "SMEMBERS s",
			want: "*4\r\n$2\r\n-1\r\n$1\r\n2\r\n$1\r\n3\r\n$2\r\n10\r\n"},
		{name: "smembers resp3 set", proto: 3, setup: []string{"SADD s 1 2"}, cmd: "SMEMBERS s", want: "~2\r\n$1\r\n1\r\n$1\r\n2\r\n"},
		{name: "smembers missing", cmd: "SMEMBERS s", want: "*0\r\n"},
		{name: "smembers missing resp3", proto: 3, cmd: "SMEMBERS s", want: "~0\r\n"},
		{name: "smembers wrongtype", setup: []string{"SET k v"}, cmd: "SMEMBERS k", want: wrongType},
		{name: "binary", setup: []string{`SADD s "a\x00b"`}, cmd: "SMEMBERS s", want: "*1\r\n$3\r\na\x00b\r\n"},
	})
}

func TestSetAlgebra(t *testing.T) {
	setup := []string{"SADD a 1 2 3 4 5", "SADD b 2 3 4 x y", "SADD c 3 4 5 y z", "SADD e 4 3", "SET str v"}
	runCases(t, []cmdCase{
		{name: "sinter", setup: setup, cmd: "SINTER a b c", want: "*2\r\n$1\r\n3\r\n$1\r\n4\r\n"},
		{name: "sinter resp3", proto: 3, setup: setup, cmd: "SINTER a e", want: "~2\r\n$1\r\n3\r\n$1\r\n4\r\n"},
		{name: "sinter missing", setup: setup, cmd: "SINTER a nokey", want: "*0\r\n"},
		{name: "sinter missing resp3", proto: 3, setup: setup, cmd: "SINTER nokey a", want: "~0\r\n"},
		{name: "sinter same key", setup: setup, cmd: "SINTER e e", want: "*2\r\n$1\r\n3\r\n$1\r\n4\r\n"},
		{name: "sinter wrongtype after missing", setup: setup, cmd: "SINTER nokey str", want: wrongType},
		{name: "sinter wrongtype", setup: setup, cmd: "SINTER str a", want: wrongType},
		{name: "sinterstore", setup: setup, cmd: "SINTERSTORE d a b c", want: ":2\r\n"},
		{name: "sinterstore result", setup: append(setup, "SINTERSTORE d a b"), cmd: "SMEMBERS d", want: "*3\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n"},
		{name: "sinterstore overwrites string", setup: append(setup, "SINTERSTORE str a e"), cmd: "SCARD str", want: ":2\r\n"},
		{name: "sinterstore empty deletes", setup: append(setup, "SADD d 1", "SINTERSTORE d a nokey"), cmd: "SCARD d", want: ":0\r\n"},
		{name: "sinterstore empty deletes string", setup: append(setup, "SINTERSTORE str nokey"), cmd: "GET str", want: "$-1\r\n"},
		{name: "sinterstore disjoint deletes", setup: append(setup, "SADD d 1", "SADD f 99", "SINTERSTORE d a f"), cmd: "SCARD d", want: ":0\r\n"},
		{name: "sinterstore wrongtype", setup: setup, cmd: "SINTERSTORE d nokey str", want: wrongType},
		{name: "sintercard", setup: setup, cmd: "SINTERCARD 2 a b", want: ":3\r\n"},
		{name: "sintercard limit", setup: setup, cmd: "SINTERCARD 2 a b LIMIT 2", want: ":2\r\n"},
		{name: "sintercard limit 0", setup: setup, cmd: "SINTERCARD 2 a b limit 0", want: ":3\r\n"},
		{name: "sintercard last limit wins", setup: setup, cmd: "SINTERCARD 2 a b LIMIT 1 LIMIT 5", want: ":3\r\n"},
		{name: "sintercard missing", setup: setup, cmd: "SINTERCARD 2 a nokey", want: ":0\r\n"},
		{name: "sintercard numkeys 0", setup: setup, cmd: "SINTERCARD 0 a", want: "-ERR numkeys should be greater than 0\r\n"},
		{name: "sintercard numkeys junk", setup: setup, cmd: "SINTERCARD x a", want: "-ERR numkeys should be greater than 0\r\n"},
		{name: "sintercard numkeys many", setup: setup, cmd: "SINTERCARD 3 a b", want: "-ERR Number of keys can't be greater than number of args\r\n"},
		{name: "sintercard limit missing", setup: setup, cmd: "SINTERCARD 2 a b LIMIT", want: "-ERR syntax error\r\n"},
		{name: "sintercard limit negative", setup: setup, cmd: "SINTERCARD 2 a b LIMIT -1", want: "-ERR LIMIT can't be negative\r\n"},
		{name: "sintercard limit junk", setup: setup, cmd: "SINTERCARD 2 a b LIMIT x", want: "-ERR LIMIT can't be negative\r\n"},
		{name: "sintercard junk", setup: setup, cmd: "SINTERCARD 1 a b", want: "-ERR syntax error\r\n"},
		{name: "sintercard wrongtype", setup: setup, cmd: "SINTERCARD 2 nokey str", want: wrongType},

		{name: "sunion intset sorted", setup: setup, cmd: "SUNION e a", want: "*5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n"},
		{name: "sunion resp3", proto: 3, setup: setup, cmd: "SUNION e nokey", want: "~2\r\n$1\r\n3\r\n$1\r\n4\r\n"},
		{name: "sunion missing", setup: setup, cmd: "SUNION nokey", want: "*0\r\n"},
		{name: "sunion wrongtype", setup: setup, cmd: "SUNION nokey str", want: wrongType},
		{name: "sunionstore", setup: setup, cmd: "SUNIONSTORE d a b", want: ":7\r\n"},
		{name: "sunionstore empty", setup: append(setup, "SUNIONSTORE str nokey"), cmd: "GET str", want: "$-1\r\n"},
		{name: "sunionstore wrongtype", setup: setup, cmd: "SUNIONSTORE d a str", want: wrongType},
		{name: "sdiff", setup: setup, cmd: "SDIFF a b c", want: "*1\r\n$1\r\n1\r\n"},
		{name: "sdiff missing first", setup: setup, cmd: "SDIFF nokey a", want: "*0\r\n"},
		{name: "sdiff missing other", setup: setup, cmd: "SDIFF e nokey", want: "*2\r\n$1\r\n3\r\n$1\r\n4\r\n"},
		{name: "sdiff self", setup: setup, cmd: "SDIFF a e a", want: "*0\r\n"},
		{name: "sdiff resp3", proto: 3, setup: setup, cmd: "SDIFF a b", want: "~2\r\n$1\r\n1\r\n$1\r\n5\r\n"},
		{name: "sdiff wrongtype", setup: setup, cmd: "SDIFF nokey str", want: wrongType},
		{name: "sdiffstore", setup: setup, cmd: "SDIFFSTORE d a e", want: ":3\r\n"},
		{name: "sdiffstore result", setup: append(setup, "SDIFFSTORE d a e"), cmd: "SMEMBERS d", want: "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n5\r\n"},
		{name: "sdiffstore empty", setup: append(setup, "SDIFFSTORE a a e"), cmd: "SCARD a", want: ":3\r\n"},
		{name: "sdiffstore self", setup: append(setup, "SDIFFSTORE e e"), cmd: "SMEMBERS e", want: "*2\r\n$1\r\n3\r\n$1\r\n4\r\n"},
		{name: "sdiffstore wrongtype", setup: setup, cmd: "SDIFFSTORE d a str", want: wrongType},
	})
}

func TestSetMove(t *testing.T) {
	setup := []string{"SADD src 1 2 a", "SADD dst 3", "SET str v"}
	runCases(t, []cmdCase{
		{name: "move", setup: setup, cmd: "SMOVE src dst 1", want: ":1\r\n"},
		{name: "moved", setup: append(setup, "SMOVE src dst 1"), cmd: "SMEMBERS dst", want: "*2\r\n$1\r\n1\r\n$1\r\n3\r\n"},
		{name: "not member", setup: setup, cmd: "SMOVE src dst zz", want: ":0\r\n"},
		{name: "to new", setup: append(setup, "SMOVE src new a"), cmd: "SMEMBERS new", want: "*1\r\n$1\r\na\r\n"},
		{name: "already in dst", setup: append(setup, "SADD dst 2", "SMOVE src dst 2"), cmd: "SCARD src", want: ":2\r\n"},
		{name: "last deletes src", setup: []string{"SADD one x", "SMOVE one dst x"}, cmd: "SCARD one", want: ":0\r\n"},
		{name: "same key member", setup: setup, cmd: "SMOVE src src 2", want: ":1\r\n"},
		{name: "same key not member", setup: setup, cmd: "SMOVE src src zz", want: ":0\r\n"},
		{name: "missing src", setup: setup, cmd: "SMOVE nokey dst 1", want: ":0\r\n"},
		{name: "missing src wrong dst", setup: setup, cmd: "SMOVE nokey str 1", want: ":0\r\n"},
		{name: "wrong src", setup: setup, cmd: "SMOVE str dst 1", want: wrongType},
		{name: "wrong dst", setup: setup, cmd: "SMOVE src str 1", want: wrongType},
		{name: "wrong dst not member", setup: setup, cmd: "SMOVE src str zz", want: wrongType},
		{name: "arity", cmd: "SMOVE a b", want: "-ERR wrong number of arguments for 'smove' command\r\n"},
	})
}

func TestSetRandom(t *testing.T) {
	setup := []string{"SADD s 1 2 3", "SADD one x", "SET str v"}
	runCases(t, []cmdCase{
		{name: "spop missing", cmd: "SPOP s", want: "$-1\r\n"},
		{name: "spop missing resp3", proto: 3, cmd: "SPOP s", want: "_\r\n"},
		{name: "spop one", setup: setup, cmd: "SPOP one", want: "$1\r\nx\r\n"},
		{name: "spop one deletes", setup: append(setup, "SPOP one"), cmd: "SCARD one", want: ":0\r\n"},
		{name: "spop count missing", cmd: "SPOP s 2", want: "*0\r\n"},
		{name: "spop count missing resp3", proto: 3, cmd: "SPOP s 2", want: "~0\r\n"},
		{name: "spop count zero", setup: setup, cmd: "SPOP s 0", want: "*0\r\n"},
		{name: "spop count all sorted", setup: setup, cmd: "SPOP s 3", want: "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"},
		{name: "spop count all resp3", proto: 3, setup: setup, cmd: "SPOP s 30", want: "~3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"},
		{name: "spop count all deletes", setup: append(setup, "SPOP s 5"), cmd: "SCARD s", want: ":0\r\n"},
		{name: "spop negative", setup: setup, cmd: "SPOP s -1", want: "-ERR value is out of range, must be positive\r\n"},
		{name: "spop junk", setup: setup, cmd: "SPOP s x", want: "-ERR value is out of range, must be positive\r\n"},
		{name: "spop junk before type", setup: setup, cmd: "SPOP str x", want: "-ERR value is out of range, must be positive\r\n"},
		{name: "spop syntax", setup: setup, cmd: "SPOP s 1 2", want: "-ERR syntax error\r\n"},
		{name: "spop wrongtype", setup: setup, cmd: "SPOP str", want: wrongType},
		{name: "spop count wrongtype", setup: setup, cmd: "SPOP str 0", want: wrongType},

		{name: "srandmember missing", cmd: "SRANDMEMBER s", want: "$-1\r\n"},
		{name: "srandmember one", setup: setup, cmd: "SRANDMEMBER one", want: "$1\r\nx\r\n"},
		{name: "srandmember count missing", proto: 3, cmd: "SRANDMEMBER s 3", want: "*0\r\n"},
		{name: "srandmember count zero", setup: setup, cmd: "SRANDMEMBER s 0", want: "*0\r\n"},
		{name: "srandmember whole sorted", setup: setup, cmd: "SRANDMEMBER s 3", want: "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"},
		{name: "srandmember array in resp3", proto: 3, setup: setup, cmd: "SRANDMEMBER s 9", want: "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"},
		{name: "srandmember repeats", setup: setup, cmd: "SRANDMEMBER one -3", want: "*3\r\n$1\r\nx\r\n$1\r\nx\r\n$1\r\nx\r\n"},
		{name: "srandmember min", setup: setup, cmd: "SRANDMEMBER s -9223372036854775808",
			want: "-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n"},
		{name: "srandmember huge negative", setup: setup, cmd: "SRANDMEMBER s -9223372036854775807", want: "-ERR value is out of range\r\n"},
		{name: "srandmember junk", setup: setup, cmd: "SRANDMEMBER s x", want: "-ERR value is not an integer or out of range\r\n"},
		{name: "srandmember syntax", setup: setup, cmd: "SRANDMEMBER s 1 2", want: "-ERR syntax error\r\n"},
		{name: "srandmember wrongtype", setup: setup, cmd: "SRANDMEMBER str", want: wrongType},
		{name: "srandmember count wrongtype", setup: setup, cmd: "SRANDMEMBER str 0", want: wrongType},
	})
}

// TestSetRandomReplyTypes checks the RESP3 aggregate types of the random
// replies whose content cannot be predicted.
func TestSetRandomReplyTypes(t *testing.T) {
	for _, tc := range []struct{ cmd, prefix string }{
		{"SPOP s 2", "~2\r\n"},
		{"SRANDMEMBER s 2", "*2\r\n"},
		{"SRANDMEMBER s -5", "*5\r\n"},
	} {
		h := newHarness(t)
		h.do("SADD s a b c")
		h.c.Proto = 3
		if got := h.do(tc.cmd); !strings.HasPrefix(got, tc.prefix) {
			t.Errorf("%s: %q, want prefix %q", tc.cmd, got, tc.prefix)
		}
	}
}

// TestSpopMostInOrder checks that an SPOP taking most of an intset replies
// in ascending order, as Redis's does when it keeps the few members that
// stay and returns the rest of the old set.
func TestSpopMostInOrder(t *testing.T) {
	h := newHarness(t)
	h.do("SADD s 10 9 8 7 6 5 4 3 2 1")
	got := members(t, h.do("SPOP s 9"))
	if !sort.SliceIsSorted(got, func(i, j int) bool { return len(got[i]) < len(got[j]) || len(got[i]) == len(got[j]) && got[i] < got[j] }) {
		t.Fatalf("SPOP s 9 = %v, want ascending", got)
	}
	if len(got) != 9 || h.do("SCARD s") != ":1\r\n" {
		t.Fatalf("SPOP s 9 = %v, SCARD %q", got, h.do("SCARD s"))
	}
}

// members parses a flat RESP2 array of bulk strings.
func members(t *testing.T, s string) []string {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n")
	var n int
	if _, err := fmt.Sscanf(lines[0], "*%d", &n); err != nil {
		t.Fatalf("not an array: %q", s)
	}
	if len(lines) != 1+2*n {
		t.Fatalf("array of %d has %d lines", n, len(lines))
	}
	out := make([]string, n)
	for i := range out {
		out[i] = lines[2+2*i]
	}
	return out
}

// TestSetRandomDistinct checks SPOP and SRANDMEMBER counts over both
// encodings and every sampling strategy: distinct members that belong to
// the set, and the set shrinking by exactly what SPOP returned.
func TestSetRandomDistinct(t *testing.T) {
	for _, n := range []int{10, 600, 2000} {
		for _, ints := range []bool{true, false} {
			h := newHarness(t)
			all := map[string]bool{}
			for i := 0; i < n; i++ {
				m := fmt.Sprint(i)
				if !ints {
					m = "m" + m
				}
				all[m] = true
				h.do("SADD s " + m)
			}
			for _, count := range []int{1, 2, n / 4, n/3 + 1, n - 1} {
				got := members(t, h.do(fmt.Sprintf("SRANDMEMBER s %d", count)))
				if len(got) != count {
					t.Fatalf("SRANDMEMBER %d: %d members", count, len(got))
				}
				seen := map[string]bool{}
				for _, m := range got {
					if seen[m] || !all[m] {
						t.Fatalf("SRANDMEMBER %d: bad member %q", count, m)
					}
					seen[m] = true
				}
			}
			if got := members(t, h.do("SRANDMEMBER s -50")); len(got) != 50 {
				t.Fatalf("negative count gave %d", len(got))
			}
			left := n
			for _, count := range []int{1, n / 10, n / 2} {
				got := members(t, h.do(fmt.Sprintf("SPOP s %d", count)))
				if len(got) != count {
					t.Fatalf("SPOP %d: %d members", count, len(got))
				}
				for _, m := range got {
					if !all[m] {
						t.Fatalf("SPOP %d: %q popped twice or unknown", count, m)
					}
					delete(all, m)
				}
				left -= count
				if got := h.do("SCARD s"); got != fmt.Sprintf(":%d\r\n", left) {
					t.Fatalf("SCARD after SPOP: %q, want %d", got, left)
				}
			}
			rest := members(t, h.do("SMEMBERS s"))
			if len(rest) != len(all) {
				t.Fatalf("SMEMBERS: %d, want %d", len(rest), len(all))
			}
			for _, m := range rest {
				if !all[m] {
					t.Fatalf("SMEMBERS has %q which was popped", m)
				}
			}
		}
	}
}

func TestSetEncoding(t *testing.T) {
	for _, tc := range []struct {
		name  string
		cmds  []string
		key   string
		want  string
		tweak func(h *harness)
	}{
		{name: "ints", cmds: []string{"SADD k 1 -2 9223372036854775807"}, want: "intset"},
		{name: "string first", cmds: []string{"SADD k a 1"}, want: "hashtable"},
		{name: "string later", cmds: []string{"SADD k 1", "SADD k a"}, want: "hashtable"},
		{name: "non canonical", cmds: []string{"SADD k 01"}, want: "hashtable"},
		{name: "minus zero", cmds: []string{"SADD k -0"}, want: "hashtable"},
		{name: "too big", cmds: []string{"SADD k 9223372036854775808"}, want: "hashtable"},
		{name: "never back", cmds: []string{"SADD k 1 a", "SREM k a"}, want: "hashtable"},
		{name: "512 ints", cmds: []string{manyMembers(512)}, want: "intset"},
		{name: "513 ints", cmds: []string{manyMembers(513)}, want: "hashtable"},
		{name: "tunable", cmds: []string{"SADD k 1 2 3"}, want: "hashtable",
			tweak: func(h *harness) { h.srv.Tunables.SetMaxIntsetEntries = 2 }},
		{name: "smove to new string", cmds: []string{"SADD s a", "SMOVE s k a"}, want: "hashtable"},
		{name: "smove to new int", cmds: []string{"SADD s a 1", "SMOVE s k 1"}, want: "intset"},
		{name: "sinterstore ints", cmds: []string{"SADD a 1 b", "SADD b 1 b", "SINTERSTORE k a b"}, want: "hashtable"},
		{name: "sinterstore ints only", cmds: []string{"SADD a 1 2 b", "SADD b 1 2 c", "SINTERSTORE k a b"}, want: "intset"},
		{name: "sunionstore from hashtable", cmds: []string{"SADD a 1 x", "SREM a x", "SUNIONSTORE k a"}, want: "intset"},
		{name: "sdiffstore", cmds: []string{"SADD a 1 x", "SDIFFSTORE k a x"}, want: "hashtable"},
		// SPOP taking most of a set rebuilds it from the rest (Redis's case 3).
		{name: "spop rebuild", cmds: []string{manyMembers(600), "SPOP k 590"}, want: "intset"},
		{name: "spop no rebuild", cmds: []string{manyMembers(600), "SPOP k 100"}, want: "hashtable"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			if tc.tweak != nil {
				tc.tweak(h)
			}
			for _, c := range tc.cmds {
				h.do(c)
			}
			if got := encodingOf(h, "k"); got != tc.want {
				t.Fatalf("encoding %s, want %s", got, tc.want)
			}
		})
	}
}

// manyMembers returns an SADD of the integers 1..n to key k.
func manyMembers(n int) string {
	var b strings.Builder
	b.WriteString("SADD k")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, " %d", i)
	}
	return b.String()
}

func TestSetPropagation(t *testing.T) {
	for _, tc := range []struct {
		name   string
		setup  []string
		cmd    string
		want   []string // nil: compare the count only (random members)
		count  int
		events []string
	}{
		{name: "sadd", cmd: "SADD s a", want: []string{"SADD s a"}, events: []string{"sadd:s"}},
		{name: "sadd noop", setup: []string{"SADD s a"}, cmd: "SADD s a", want: []string{}},
		{name: "srem", setup: []string{"SADD s a b"}, cmd: "SREM s a", want: []string{"SREM s a"}, events: []string{"srem:s"}},
		{name: "srem last", setup: []string{"SADD s a"}, cmd: "SREM s a", want: []string{"SREM s a"}, events: []string{"srem:s", "del:s"}},
		{name: "srem noop", setup: []string{"SADD s a"}, cmd: "SREM s b", want: []string{}},
		{name: "spop one", setup: []string{"SADD s a"}, cmd: "SPOP s", want: []string{"SREM s a"}, events: []string{"spop:s", "del:s"}},
		{name: "spop rewritten", setup: []string{"SADD s a b c"}, cmd: "SPOP s", count: 1, events: []string{"spop:s"}},
		{name: "spop all", setup: []string{"SADD s a b"}, cmd: "SPOP s 2", want: []string{"DEL s"}, events: []string{"spop:s", "del:s"}},
		{name: "spop count", setup: []string{"SADD s a b c d e f g h i j"}, cmd: "SPOP s 3", count: 3, events: []string{"spop:s"}},
		{name: "spop count rebuild", setup: []string{"SADD s a b c d e f g h i j"}, cmd: "SPOP s 9", count: 9, events: []string{"spop:s"}},
		{name: "spop zero", setup: []string{"SADD s a"}, cmd: "SPOP s 0", want: []string{}},
		{name: "smove", setup: []string{"SADD s a b"}, cmd: "SMOVE s d a", want: []string{"SMOVE s d a"}, events: []string{"srem:s", "sadd:d"}},
		{name: "smove last", setup: []string{"SADD s a", "SADD d a"}, cmd: "SMOVE s d a", want: []string{"SMOVE s d a"}, events: []string{"srem:s", "del:s"}},
		{name: "smove noop", setup: []string{"SADD s a"}, cmd: "SMOVE s d x", want: []string{}},
		{name: "sinterstore", setup: []string{"SADD s a"}, cmd: "SINTERSTORE d s", want: []string{"SINTERSTORE d s"}, events: []string{"sinterstore:d"}},
		{name: "sinterstore deletes", setup: []string{"SADD d a"}, cmd: "SINTERSTORE d nokey", want: []string{"SINTERSTORE d nokey"}, events: []string{"del:d"}},
		{name: "sinterstore noop", cmd: "SINTERSTORE d nokey", want: []string{}},
		{name: "sunionstore", setup: []string{"SADD s a"}, cmd: "SUNIONSTORE d s", want: []string{"SUNIONSTORE d s"}, events: []string{"sunionstore:d"}},
		{name: "sdiffstore deletes", setup: []string{"SADD d a"}, cmd: "SDIFFSTORE d d d", want: []string{"SDIFFSTORE d d d"}, events: []string{"del:d"}},
		{name: "reads", setup: []string{"SADD s a"}, cmd: "SRANDMEMBER s -3", want: []string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			for _, s := range tc.setup {
				h.do(s)
			}
			h.propagated, h.hooks.events = []string{}, nil
			h.do(tc.cmd)
			if tc.want != nil {
				if !reflect.DeepEqual(h.propagated, tc.want) {
					t.Errorf("propagated %q, want %q", h.propagated, tc.want)
				}
			} else {
				if len(h.propagated) != tc.count {
					t.Errorf("propagated %q, want %d SREMs", h.propagated, tc.count)
				}
				for _, p := range h.propagated {
					if !strings.HasPrefix(p, "SREM s ") || len(strings.Fields(p)) != 3 {
						t.Errorf("propagated %q, want SREM s <member>", p)
					}
				}
			}
			if !reflect.DeepEqual(h.hooks.events, tc.events) {
				t.Errorf("events %q, want %q", h.hooks.events, tc.events)
			}
		})
	}
}

// TestSpopReplay checks that replaying what SPOP propagated leaves an
// identical set, for every SPOP strategy.
func TestSpopReplay(t *testing.T) {
	for _, count := range []string{"", "1", "3", "9", "10", "20"} {
		h := newHarness(t)
		replica := newHarness(t)
		setup := "SADD s a b c d e f g h i j"
		h.do(setup)
		replica.do(setup)
		h.propagated = nil
		h.do(strings.TrimSpace("SPOP s " + count))
		for _, p := range h.propagated {
			replica.do(p)
		}
		if a, b := sortedReply(t, h.do("SMEMBERS s")), sortedReply(t, replica.do("SMEMBERS s")); !reflect.DeepEqual(a, b) {
			t.Fatalf("SPOP s %s: master %q, replica %q", count, a, b)
		}
	}
}

func sortedReply(t *testing.T, s string) []string {
	m := members(t, s)
	sort.Strings(m)
	return m
}

func TestSetSignalsModified(t *testing.T) {
	h := newHarness(t)
	h.do("SADD s a b")
	h.do("SADD s a")        // no change
	h.do("SREM s x")        // no change
	h.do("SMOVE s s a")     // no change
	h.do("SMOVE s d a")     // s and d
	h.do("SADD d2 a")       // d2
	h.do("SMOVE s d2 b")    // s only: b is new in d2 -> both
	h.do("SINTERSTORE x d") // x
	want := []string{"s", "s", "d", "d2", "s", "d2", "x"}
	if !reflect.DeepEqual(h.hooks.modified, want) {
		t.Fatalf("modified %q, want %q", h.hooks.modified, want)
	}
}

func TestRandomIndexes(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, tc := range [][2]int{{10, 1}, {10, 3}, {10, 4}, {10, 9}, {1000, 10}, {1000, 999}} {
		n, k := tc[0], tc[1]
		idx := randomIndexes(r, n, k)
		if len(idx) != k {
			t.Fatalf("n=%d k=%d: %d indexes", n, k, len(idx))
		}
		seen := map[int]bool{}
		for _, i := range idx {
			if i < 0 || i >= n || seen[i] {
				t.Fatalf("n=%d k=%d: bad index %d in %v", n, k, i, idx)
			}
			seen[i] = true
		}
	}
}

func BenchmarkSetSADDNew(b *testing.B) {
	h := newBenchHarness(b)
	ms := benchMembers(benchSize)
	row := h.table.Command("sadd")
	argv := [][]byte{[]byte("SADD"), []byte("s"), nil}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i&(benchSize-1) == 0 {
			b.StopTimer()
			h.c.DB.Delete([]byte("s"))
			b.StartTimer()
		}
		argv[2] = ms[i&(benchSize-1)]
		benchCall(h, row, argv)
	}
}

func BenchmarkSetSADD1M(b *testing.B) {
	h := newBenchHarness(b)
	ms := benchMembers(benchSize)
	benchFill(h, "SADD", "s", ms)
	row := h.table.Command("sadd")
	argv := [][]byte{[]byte("SADD"), []byte("s"), nil}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		argv[2] = ms[i&(benchSize-1)]
		benchCall(h, row, argv)
	}
}

func BenchmarkSetSISMEMBER1M(b *testing.B) {
	h := newBenchHarness(b)
	ms := benchMembers(benchSize)
	benchFill(h, "SADD", "s", ms)
	row := h.table.Command("sismember")
	argv := [][]byte{[]byte("SISMEMBER"), []byte("s"), nil}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		argv[2] = ms[i&(benchSize-1)]
		benchCall(h, row, argv)
	}
}

// BenchmarkSetSPOP1M pops from a set of 1M members, refilling it every 64
// pops so that it stays near 1M: the cost of a random pick must not depend
// on the size.
func BenchmarkSetSPOP1M(b *testing.B) {
	for _, count := range []string{"", "10"} {
		b.Run("count="+count, func(b *testing.B) {
			h := newBenchHarness(b)
			ms := benchMembers(benchSize)
			benchFill(h, "SADD", "s", ms)
			spop := [][]byte{[]byte("SPOP"), []byte("s")}
			if count != "" {
				spop = append(spop, []byte(count))
			}
			row := h.table.Command("spop")
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				benchCall(h, row, spop)
				if i%64 == 63 {
					b.StopTimer()
					start := (i * 10) % (benchSize - 640)
					benchFill(h, "SADD", "s", ms[start:start+640])
					b.StartTimer()
				}
			}
		})
	}
}

func BenchmarkSetSRANDMEMBER1M(b *testing.B) {
	for _, count := range []string{"10", "-10"} {
		b.Run("count="+count, func(b *testing.B) {
			h := newBenchHarness(b)
			benchFill(h, "SADD", "s", benchMembers(benchSize))
			row := h.table.Command("srandmember")
			argv := [][]byte{[]byte("SRANDMEMBER"), []byte("s"), []byte(count)}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				benchCall(h, row, argv)
			}
		})
	}
}
