package commands

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/ember-db/ember/store"
)

const (
	long70 = "0123456789012345678901234567890123456789012345678901234567890123456789"
)

// encodingOf returns OBJECT ENCODING's answer for key in db 0, or "".
func encodingOf(h *harness, key string) string {
	h.t.Helper()
	e := h.srv.Keyspace.DBs[0].Find([]byte(key))
	if e == nil {
		return ""
	}
	return e.Value.Encoding()
}

func TestHashWrite(t *testing.T) {
	runCases(t, []cmdCase{
		{name: "hset new", cmd: "HSET h a 1 b 2", want: ":2\r\n"},
		{name: "hset update counts new only", setup: []string{"HSET h a 1"}, cmd: "HSET h a 2 b 2", want: ":1\r\n"},
		{name: "hset same field twice", cmd: "HSET h a 1 a 2", want: ":1\r\n"},
		{name: "hset odd", cmd: "HSET h a 1 b", want: "-ERR wrong number of arguments for 'hset' command\r\n"},
		{name: "hset arity", cmd: "HSET h a", want: "-ERR wrong number of arguments for 'hset' command\r\n"},
		{name: "hset wrongtype", setup: []string{"SET s v"}, cmd: "HSET s a 1", want: wrongType},
		{name: "hset value", setup: []string{"HSET h a 1", "HSET h a 2"}, cmd: "HGET h a", want: "$1\r\n2\r\n"},
		{name: "hmset", cmd: "HMSET h a 1 b 2", want: "+OK\r\n"},
		{name: "hmset odd", cmd: "HMSET h a 1 b", want: "-ERR wrong number of arguments for 'hmset' command\r\n"},
		{name: "hmset wrongtype", setup: []string{"SET s v"}, cmd: "HMSET s a 1", want: wrongType},
		{name: "hsetnx new", cmd: "HSETNX h a 1", want: ":1\r\n"},
		{name: "hsetnx exists", setup: []string{"HSET h a 1"}, cmd: "HSETNX h a 2", want: ":0\r\n"},
		{name: "hsetnx keeps", setup: []string{"HSET h a 1", "HSETNX h a 2"}, cmd: "HGET h a", want: "$1\r\n1\r\n"},
		{name: "hsetnx wrongtype", setup: []string{"SET s v"}, cmd: "HSETNX s a 1", want: wrongType},
		{name: "hsetnx arity", cmd: "HSETNX h a", want: "-ERR wrong number of arguments for 'hsetnx' command\r\n"},
		{name: "hdel", setup: []string{"HSET h a 1 b 2 c 3"}, cmd: "HDEL h a x c", want: ":2\r\n"},
		{name: "hdel missing key", cmd: "HDEL h a", want: ":0\r\n"},
		{name: "hdel last deletes key", setup: []string{"HSET h a 1", "HDEL h a"}, cmd: "HLEN h", want: ":0\r\n"},
		{name: "hdel dup field", setup: []string{"HSET h a 1 b 1"}, cmd: "HDEL h a a", want: ":1\r\n"},
		{name: "hdel wrongtype", setup: []string{"SET s v"}, cmd: "HDEL s a", want: wrongType},
		{name: "hdel arity", cmd: "HDEL h", want: "-ERR wrong number of arguments for 'hdel' command\r\n"},
		{name: "binary safe", setup: []string{`HSET h "a\x00b" "c\r\nd"`}, cmd: `HGET h "a\x00b"`, want: "$4\r\nc\r\nd\r\n"},
		{name: "empty field", setup: []string{`HSET h "" ""`}, cmd: `HEXISTS h ""`, want: ":1\r\n"},
	})
}

func TestHashRead(t *testing.T) {
	setup := []string{"HSET h a 1 b 22 c 333", "SET s v"}
	runCases(t, []cmdCase{
		{name: "hget", setup: setup, cmd: "HGET h b", want: "$2\r\n22\r\n"},
		{name: "hget missing field", setup: setup, cmd: "HGET h x", want: "$-1\r\n"},
		{name: "hget missing key", cmd: "HGET h x", want: "$-1\r\n"},
		{name: "hget missing resp3", proto: 3, cmd: "HGET h x", want: "_\r\n"},
		{name: "hget wrongtype", setup: setup, cmd: "HGET s a", want: wrongType},
		{name: "hmget", setup: setup, cmd: "HMGET h a x c", want: "*3\r\n$1\r\n1\r\n$-1\r\n$3\r\n333\r\n"},
		{name: "hmget missing key", cmd: "HMGET h a b", want: "*2\r\n$-1\r\n$-1\r\n"},
		{name: "hmget resp3", proto: 3, setup: setup, cmd: "HMGET h a x", want: "*2\r\n$1\r\n1\r\n_\r\n"},
		{name: "hmget wrongtype", setup: setup, cmd: "HMGET s a", want: wrongType},
		{name: "hlen", setup: setup, cmd: "HLEN h", want: ":3\r\n"},
		{name: "hlen missing", cmd: "HLEN h", want: ":0\r\n"},
		{name: "hlen wrongtype", setup: setup, cmd: "HLEN s", want: wrongType},
		{name: "hstrlen", setup: setup, cmd: "HSTRLEN h c", want: ":3\r\n"},
		{name: "hstrlen missing field", setup: setup, cmd: "HSTRLEN h x", want: ":0\r\n"},
		{name: "hstrlen missing key", cmd: "HSTRLEN h x", want: ":0\r\n"},
		{name: "hstrlen wrongtype", setup: setup, cmd: "HSTRLEN s a", want: wrongType},
		{name: "hexists", setup: setup, cmd: "HEXISTS h a", want: ":1\r\n"},
		{name: "hexists no", setup: setup, cmd: "HEXISTS h x", want: ":0\r\n"},
		{name: "hexists missing key", cmd: "HEXISTS h x", want: ":0\r\n"},
		{name: "hexists wrongtype", setup: setup, cmd: "HEXISTS s a", want: wrongType},
		{name: "hkeys", setup: setup, cmd: "HKEYS h", want: "*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n"},
		{name: "hkeys resp3 array", proto: 3, setup: setup, cmd: "HKEYS h", want: "*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n"},
		{name: "hkeys missing", cmd: "HKEYS h", want: "*0\r\n"},
		{name: "hkeys wrongtype", setup: setup, cmd: "HKEYS s", want: wrongType},
		{name: "hvals", setup: setup, cmd: "HVALS h", want: "*3\r\n$1\r\n1\r\n$2\r\n22\r\n$3\r\n333\r\n"},
		{name: "hvals missing", proto: 3, cmd: "HVALS h", want: "*0\r\n"},
		{name: "hvals wrongtype", setup: setup, cmd: "HVALS s", want: wrongType},
		{name: "hgetall", setup: setup, cmd: "HGETALL h",
			want: "*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$2\r\n22\r\n$1\r\nc\r\n$3\r\n333\r\n"},
		{name: "hgetall resp3 map", proto: 3, setup: setup, cmd: "HGETALL h",
			want: "%3\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$2\r\n22\r\n$1\r\nc\r\n$3\r\n333\r\n"},
		{name: "hgetall missing", cmd: "HGETALL h", want: "*0\r\n"},
		{name: "hgetall missing resp3", proto: 3, cmd: "HGETALL h", want: "%0\r\n"},
		{name: "hgetall wrongtype", setup: setup, cmd: "HGETALL s", want: wrongType},
		// A listpack keeps insertion order through updates and deletes.
		{name: "listpack order", setup: []string{"HSET h a 1 b 2 c 3 d 4", "HSET h b 9", "HDEL h a c", "HSET h a 5"},
			cmd: "HKEYS h", want: "*3\r\n$1\r\nb\r\n$1\r\nd\r\n$1\r\na\r\n"},
	})
}

func TestHashIncr(t *testing.T) {
	runCases(t, []cmdCase{
		{name: "hincrby new", cmd: "HINCRBY h a 5", want: ":5\r\n"},
		{name: "hincrby existing", setup: []string{"HSET h a 10"}, cmd: "HINCRBY h a -15", want: ":-5\r\n"},
		{name: "hincrby stored", setup: []string{"HINCRBY h a 7"}, cmd: "HGET h a", want: "$1\r\n7\r\n"},
		{name: "hincrby not integer", setup: []string{"HSET h a x"}, cmd: "HINCRBY h a 1", want: "-ERR hash value is not an integer\r\n"},
		{name: "hincrby leading zero", setup: []string{"HSET h a 01"}, cmd: "HINCRBY h a 1", want: "-ERR hash value is not an integer\r\n"},
		{name: "hincrby bad incr", cmd: "HINCRBY h a x", want: "-ERR value is not an integer or out of range\r\n"},
		{name: "hincrby bad incr range", cmd: "HINCRBY h a 9223372036854775808", want: "-ERR value is not an integer or out of range\r\n"},
		{name: "hincrby overflow", setup: []string{"HSET h a 9223372036854775807"}, cmd: "HINCRBY h a 1", want: "-ERR increment or decrement would overflow\r\n"},
		{name: "hincrby underflow", setup: []string{"HSET h a -9223372036854775808"}, cmd: "HINCRBY h a -1", want: "-ERR increment or decrement would overflow\r\n"},
		{name: "hincrby to min", setup: []string{"HSET h a -9223372036854775807"}, cmd: "HINCRBY h a -1", want: ":-9223372036854775808\r\n"},
		{name: "hincrby wrongtype", setup: []string{"SET s v"}, cmd: "HINCRBY s a 1", want: wrongType},
		{name: "hincrby bad incr before type", setup: []string{"SET s v"}, cmd: "HINCRBY s a x", want: "-ERR value is not an integer or out of range\r\n"},
		{name: "hincrby error leaves no key", setup: []string{"HINCRBY h a x"}, cmd: "HLEN h", want: ":0\r\n"},
		{name: "hincrby arity", cmd: "HINCRBY h a", want: "-ERR wrong number of arguments for 'hincrby' command\r\n"},

		{name: "hincrbyfloat new", cmd: "HINCRBYFLOAT h a 10.5", want: "$4\r\n10.5\r\n"},
		{name: "hincrbyfloat long double", setup: []string{"HINCRBYFLOAT h a 0.1"}, cmd: "HINCRBYFLOAT h a 0.2", want: "$3\r\n0.3\r\n"},
		{name: "hincrbyfloat integral", setup: []string{"HSET h a 5"}, cmd: "HINCRBYFLOAT h a 1.0e1", want: "$2\r\n15\r\n"},
		{name: "hincrbyfloat exponent", cmd: "HINCRBYFLOAT h a 5.0e3", want: "$4\r\n5000\r\n"},
		{name: "hincrbyfloat hex", cmd: "HINCRBYFLOAT h a 0x1.8p1", want: "$1\r\n3\r\n"},
		{name: "hincrbyfloat negative zero", cmd: "HINCRBYFLOAT h a -0", want: "$1\r\n0\r\n"},
		{name: "hincrbyfloat tiny", cmd: "HINCRBYFLOAT h a 5.0e-20", want: "$1\r\n0\r\n"},
		// 1e20 needs 67 bits: with a 64-bit significand the +1 is lost, as in Redis.
		{name: "hincrbyfloat 1e20", setup: []string{"HINCRBYFLOAT h a 1e20"}, cmd: "HINCRBYFLOAT h a 1", want: "$21\r\n100000000000000000000\r\n"},
		{name: "hincrbyfloat double overflow is fine", setup: []string{"HSET h a 1e308"}, cmd: "HINCRBYFLOAT h a 1e308",
			want: "$309\r\n199999999999999999993371759311691291321120199694831134415594095989843469737676123744200253843777078640893494450108026446304269499187921167194841628860392837535918200039206381557326219209014213335878306791577877829121087126122536729803237260434173178506889763247582601711514636284849020905456510092687857156096\r\n"},
		{name: "hincrbyfloat overflow", setup: []string{"HSET h a 1e4932"}, cmd: "HINCRBYFLOAT h a 1e4932", want: "-ERR increment would produce NaN or Infinity\r\n"},
		{name: "hincrbyfloat stored inf", setup: []string{"HSET h a inf"}, cmd: "HINCRBYFLOAT h a 1", want: "-ERR increment would produce NaN or Infinity\r\n"},
		{name: "hincrbyfloat incr inf", cmd: "HINCRBYFLOAT h a inf", want: "-ERR value is NaN or Infinity\r\n"},
		{name: "hincrbyfloat incr -infinity", cmd: "HINCRBYFLOAT h a -Infinity", want: "-ERR value is NaN or Infinity\r\n"},
		{name: "hincrbyfloat incr nan", cmd: "HINCRBYFLOAT h a nan", want: "-ERR value is not a valid float\r\n"},
		{name: "hincrbyfloat incr junk", cmd: "HINCRBYFLOAT h a 1x", want: "-ERR value is not a valid float\r\n"},
		{name: "hincrbyfloat incr space", cmd: `HINCRBYFLOAT h a " 1"`, want: "-ERR value is not a valid float\r\n"},
		{name: "hincrbyfloat incr empty", cmd: `HINCRBYFLOAT h a ""`, want: "-ERR value is not a valid float\r\n"},
		{name: "hincrbyfloat incr huge", cmd: "HINCRBYFLOAT h a 1e5000", want: "-ERR value is not a valid float\r\n"},
		{name: "hincrbyfloat incr underflow", cmd: "HINCRBYFLOAT h a 1e-5000", want: "-ERR value is not a valid float\r\n"},
		{name: "hincrbyfloat not float", setup: []string{"HSET h a abc"}, cmd: "HINCRBYFLOAT h a 1", want: "-ERR hash value is not a float\r\n"},
		{name: "hincrbyfloat wrongtype", setup: []string{"SET s v"}, cmd: "HINCRBYFLOAT s a 1", want: wrongType},
		{name: "hincrbyfloat bad incr before type", setup: []string{"SET s v"}, cmd: "HINCRBYFLOAT s a x", want: "-ERR value is not a valid float\r\n"},
		{name: "hincrbyfloat arity", cmd: "HINCRBYFLOAT h a", want: "-ERR wrong number of arguments for 'hincrbyfloat' command\r\n"},
		{name: "hincrby after float", setup: []string{"HINCRBYFLOAT h a 1.5"}, cmd: "HINCRBY h a 1", want: "-ERR hash value is not an integer\r\n"},
	})
}

func TestHashRandField(t *testing.T) {
	setup := []string{"HSET h a 1 b 2 c 3", "SET s v", "HSET one f v"}
	runCases(t, []cmdCase{
		{name: "missing", cmd: "HRANDFIELD h", want: "$-1\r\n"},
		{name: "missing resp3", proto: 3, cmd: "HRANDFIELD h", want: "_\r\n"},
		{name: "one", setup: setup, cmd: "HRANDFIELD one", want: "$1\r\nf\r\n"},
		{name: "count missing key", cmd: "HRANDFIELD h 3", want: "*0\r\n"},
		{name: "count missing key resp3", proto: 3, cmd: "HRANDFIELD h -3 WITHVALUES", want: "*0\r\n"},
		{name: "count zero", setup: setup, cmd: "HRANDFIELD h 0", want: "*0\r\n"},
		{name: "whole hash in order", setup: setup, cmd: "HRANDFIELD h 3", want: "*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n"},
		{name: "whole hash withvalues", setup: setup, cmd: "HRANDFIELD h 10 withvalues",
			want: "*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n"},
		{name: "whole hash withvalues resp3", proto: 3, setup: setup, cmd: "HRANDFIELD h 10 WITHVALUES",
			want: "*3\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n"},
		{name: "repeats", setup: setup, cmd: "HRANDFIELD one -3", want: "*3\r\n$1\r\nf\r\n$1\r\nf\r\n$1\r\nf\r\n"},
		{name: "repeats withvalues", setup: setup, cmd: "HRANDFIELD one -2 WITHVALUES", want: "*4\r\n$1\r\nf\r\n$1\r\nv\r\n$1\r\nf\r\n$1\r\nv\r\n"},
		{name: "repeats withvalues resp3", proto: 3, setup: setup, cmd: "HRANDFIELD one -2 WITHVALUES",
			want: "*2\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n"},
		{name: "not integer", setup: setup, cmd: "HRANDFIELD h x", want: "-ERR value is not an integer or out of range\r\n"},
		{name: "min count", setup: setup, cmd: "HRANDFIELD h -9223372036854775808",
			want: "-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n"},
		{name: "withvalues range", setup: setup, cmd: "HRANDFIELD h -4611686018427387904 WITHVALUES", want: "-ERR value is out of range\r\n"},
		{name: "withvalues range positive", setup: setup, cmd: "HRANDFIELD h 4611686018427387904 WITHVALUES", want: "-ERR value is out of range\r\n"},
		{name: "withvalues edge", setup: setup, cmd: "HRANDFIELD one 4611686018427387903 WITHVALUES", want: "*2\r\n$1\r\nf\r\n$1\r\nv\r\n"},
		{name: "huge negative", setup: setup, cmd: "HRANDFIELD h -9223372036854775807", want: "-ERR value is out of range\r\n"},
		{name: "syntax", setup: setup, cmd: "HRANDFIELD h 1 WITHVALUE", want: "-ERR syntax error\r\n"},
		{name: "syntax extra", setup: setup, cmd: "HRANDFIELD h 1 WITHVALUES x", want: "-ERR syntax error\r\n"},
		{name: "wrongtype", setup: setup, cmd: "HRANDFIELD s", want: wrongType},
		{name: "wrongtype count", setup: setup, cmd: "HRANDFIELD s 1", want: wrongType},
		{name: "count parsed before type", setup: setup, cmd: "HRANDFIELD s x", want: "-ERR value is not an integer or out of range\r\n"},
	})
}

// TestHashRandFieldDistinct checks that positive counts give distinct
// fields, negative counts the requested number, over both encodings.
func TestHashRandFieldDistinct(t *testing.T) {
	for _, n := range []int{5, 300} {
		h := newHarness(t)
		for i := 0; i < n; i++ {
			h.do(fmt.Sprintf("HSET h f%d v%d", i, i))
		}
		for _, count := range []int{1, 2, n / 3, n/3 + 1, n - 1} {
			argv := [][]byte{[]byte("HRANDFIELD"), []byte("h"), []byte(fmt.Sprint(count)), []byte("WITHVALUES")}
			h.c.Proto = 3
			got := h.doArgv(argv)
			fields := parseRESP3Pairs(t, got)
			if len(fields) != count {
				t.Fatalf("n=%d count=%d: got %d fields", n, count, len(fields))
			}
			seen := map[string]bool{}
			for f, v := range fields {
				if seen[f] {
					t.Fatalf("duplicate field %s", f)
				}
				seen[f] = true
				if "v"+f[1:] != v {
					t.Fatalf("field %s has value %s", f, v)
				}
			}
		}
		h.c.Proto = 2
		got := h.do("HRANDFIELD h -1000")
		if !strings.HasPrefix(got, "*1000\r\n") || strings.Count(got, "$") != 1000 {
			t.Fatalf("negative count: %.40q", got)
		}
	}
}

// parseRESP3Pairs parses an array of [field, value] arrays of bulk strings.
func parseRESP3Pairs(t *testing.T, s string) map[string]string {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n")
	var n int
	fmt.Sscanf(lines[0], "*%d", &n)
	out := map[string]string{}
	for i := 0; i < n; i++ {
		base := 1 + i*5
		if lines[base] != "*2" {
			t.Fatalf("element %d is %q, not a pair", i, lines[base])
		}
		out[lines[base+2]] = lines[base+4]
	}
	if len(lines) != 1+n*5 {
		t.Fatalf("reply has %d lines for %d pairs", len(lines), n)
	}
	return out
}

func TestHashEncoding(t *testing.T) {
	h := newHarness(t)
	h.do("HSET h a 1")
	if got := encodingOf(h, "h"); got != "listpack" {
		t.Fatalf("small hash: %s", got)
	}
	h.do("HSET h b " + long70[:64])
	if got := encodingOf(h, "h"); got != "listpack" {
		t.Fatalf("64-byte value: %s", got)
	}
	h.do("HSETNX h a " + long70) // the field exists: no conversion (Redis 7.0)
	if got := encodingOf(h, "h"); got != "listpack" {
		t.Fatalf("hsetnx on existing field: %s", got)
	}
	h.do("HSET h c " + long70)
	if got := encodingOf(h, "h"); got != "hashtable" {
		t.Fatalf("long value: %s", got)
	}
	h.do("HDEL h c")
	if got := encodingOf(h, "h"); got != "hashtable" {
		t.Fatalf("never converts back: %s", got)
	}

	for _, tc := range []struct {
		name  string
		cmds  []string
		want  string
		tweak func(h *harness)
	}{
		{name: "long field", cmds: []string{"HSET k " + long70 + " 1"}, want: "hashtable"},
		{name: "hsetnx long new", cmds: []string{"HSETNX k a " + long70}, want: "hashtable"},
		{name: "hmset long", cmds: []string{"HMSET k a 1 b " + long70}, want: "hashtable"},
		{name: "hincrby long field", cmds: []string{"HINCRBY k " + long70 + " 1"}, want: "hashtable"},
		{name: "hincrbyfloat long result", cmds: []string{"HINCRBYFLOAT k a 1e100"}, want: "hashtable"},
		{name: "512 entries", cmds: []string{manyFields(512)}, want: "listpack"},
		{name: "513 entries", cmds: []string{manyFields(513)}, want: "hashtable"},
		{name: "513 entries one by one", cmds: append([]string{manyFields(512)}, "HSET k z z"), want: "hashtable"},
		{name: "entries tunable", cmds: []string{"HSET k a 1 b 2 c 3"}, want: "hashtable",
			tweak: func(h *harness) { h.srv.Tunables.HashMaxListpackEntries = 2 }},
		{name: "value tunable", cmds: []string{"HSET k a 12345"}, want: "hashtable",
			tweak: func(h *harness) { h.srv.Tunables.HashMaxListpackValue = 4 }},
		{name: "value tunable edge", cmds: []string{"HSET k a 1234"}, want: "listpack",
			tweak: func(h *harness) { h.srv.Tunables.HashMaxListpackValue = 4 }},
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

// manyFields returns an HSET of n fields on key k.
func manyFields(n int) string {
	var b strings.Builder
	b.WriteString("HSET k")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, " f%d %d", i, i)
	}
	return b.String()
}

func TestHashPropagation(t *testing.T) {
	for _, tc := range []struct {
		name   string
		setup  []string
		cmd    string
		want   []string
		events []string
	}{
		{name: "hset", cmd: "HSET h a 1", want: []string{"HSET h a 1"}, events: []string{"hset:h"}},
		{name: "hset update", setup: []string{"HSET h a 1"}, cmd: "HSET h a 1", want: []string{"HSET h a 1"}, events: []string{"hset:h"}},
		{name: "hmset", cmd: "HMSET h a 1", want: []string{"HMSET h a 1"}, events: []string{"hset:h"}},
		{name: "hsetnx", cmd: "HSETNX h a 1", want: []string{"HSETNX h a 1"}, events: []string{"hset:h"}},
		{name: "hsetnx noop", setup: []string{"HSET h a 1"}, cmd: "HSETNX h a 2"},
		{name: "hdel", setup: []string{"HSET h a 1 b 2"}, cmd: "HDEL h a", want: []string{"HDEL h a"}, events: []string{"hdel:h"}},
		{name: "hdel last", setup: []string{"HSET h a 1"}, cmd: "HDEL h a x", want: []string{"HDEL h a x"}, events: []string{"hdel:h", "del:h"}},
		{name: "hdel noop", setup: []string{"HSET h a 1"}, cmd: "HDEL h x"},
		{name: "hincrby", cmd: "HINCRBY h a 2", want: []string{"HINCRBY h a 2"}, events: []string{"hincrby:h"}},
		{name: "hincrby error", setup: []string{"HSET h a x"}, cmd: "HINCRBY h a 2"},
		{name: "hincrbyfloat as hset", setup: []string{"HSET h a 0.1"}, cmd: "HINCRBYFLOAT h a 0.2",
			want: []string{"HSET h a 0.3"}, events: []string{"hincrbyfloat:h"}},
		{name: "reads", setup: []string{"HSET h a 1"}, cmd: "HGETALL h"},
		{name: "hrandfield", setup: []string{"HSET h a 1"}, cmd: "HRANDFIELD h -5"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			for _, s := range tc.setup {
				h.do(s)
			}
			h.propagated, h.hooks.events = nil, nil
			h.do(tc.cmd)
			if !reflect.DeepEqual(h.propagated, tc.want) {
				t.Errorf("propagated %q, want %q", h.propagated, tc.want)
			}
			if !reflect.DeepEqual(h.hooks.events, tc.events) {
				t.Errorf("events %q, want %q", h.hooks.events, tc.events)
			}
		})
	}
}

func TestHashSignalsModified(t *testing.T) {
	h := newHarness(t)
	h.do("HSET h a 1")
	h.do("HSETNX h a 1") // no change
	h.do("HDEL h x")     // no change
	h.do("HGET h a")
	h.do("HINCRBY h n 1")
	h.do("HINCRBYFLOAT h n 1")
	h.do("HDEL h a n")
	if want := []string{"h", "h", "h", "h"}; !reflect.DeepEqual(h.hooks.modified, want) {
		t.Fatalf("modified %q, want %q", h.hooks.modified, want)
	}
}

func TestHashExpiredKeyIsMissing(t *testing.T) {
	h := newHarness(t)
	h.do("HSET h a 1")
	e := h.srv.Keyspace.DBs[0].Find([]byte("h"))
	h.srv.Keyspace.DBs[0].SetExpire(e, h.now+1000)
	h.now += 1000
	if got := h.do("HSET h b 2"); got != ":1\r\n" {
		t.Fatalf("HSET on expired key: %q", got)
	}
	if got := h.do("HKEYS h"); got != "*1\r\n$1\r\nb\r\n" {
		t.Fatalf("HKEYS: %q", got)
	}
	got := append([]string(nil), h.propagated[1:]...)
	sort.Strings(got)
	if want := []string{"DEL h", "HSET h b 2"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("propagated %q, want %q", h.propagated, want)
	}
}

// benchCall runs argv's handler directly, without the harness's
// bookkeeping, so that benchmarks measure the handler and the store.
func benchCall(h *harness, cmd *Command, argv [][]byte) {
	c := h.c
	c.Buf = c.Buf[:0]
	c.Argv, c.Cmd = argv, cmd
	c.ResetCall()
	if err := cmd.Proc(c); err != nil {
		h.t.Fatal(err)
	}
	c.TakePropagation()
}

// benchFill adds members to the aggregate at key with cmd ("HSET" adds
// each member with a value).
func benchFill(h *harness, cmd, key string, members [][]byte) {
	row := h.table.Command(strings.ToLower(cmd))
	for _, m := range members {
		argv := [][]byte{[]byte(cmd), []byte(key), m}
		if cmd == "HSET" {
			argv = append(argv, []byte("value"))
		}
		benchCall(h, row, argv)
	}
}

const benchSize = 1 << 20

// nopHooks ignores signals, so benchmarks do not record them.
type nopHooks struct{}

func (nopHooks) SignalModifiedKey(*store.DB, []byte)                {}
func (nopHooks) SignalFlushedDB(*store.DB, *store.DB)               {}
func (nopHooks) FlushedAll() bool                                   { return false }
func (nopHooks) SignalKeyAsReady(*store.DB, []byte)                 {}
func (nopHooks) NotifyKeyspaceEvent(byte, string, []byte, int)      {}
func (nopHooks) BlockForKeys(*Client, string, [][]byte, int64) bool { return false }

// newBenchHarness returns a harness whose hooks record nothing.
func newBenchHarness(b *testing.B) *harness {
	h := newHarness(b)
	h.srv.Hooks = nopHooks{}
	return h
}

func BenchmarkHashHSET1M(b *testing.B) {
	h := newBenchHarness(b)
	fields := benchMembers(benchSize)
	benchFill(h, "HSET", "h", fields)
	row := h.table.Command("hset")
	argv := [][]byte{[]byte("HSET"), []byte("h"), nil, []byte("value2")}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		argv[2] = fields[i&(benchSize-1)]
		benchCall(h, row, argv)
	}
}

func BenchmarkHashHSETNew(b *testing.B) {
	h := newBenchHarness(b)
	fields := benchMembers(benchSize)
	row := h.table.Command("hset")
	argv := [][]byte{[]byte("HSET"), []byte("h"), nil, []byte("value")}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i&(benchSize-1) == 0 {
			b.StopTimer()
			h.c.DB.Delete([]byte("h"))
			b.StartTimer()
		}
		argv[2] = fields[i&(benchSize-1)]
		benchCall(h, row, argv)
	}
}

func BenchmarkHashHGET1M(b *testing.B) {
	h := newBenchHarness(b)
	fields := benchMembers(benchSize)
	benchFill(h, "HSET", "h", fields)
	row := h.table.Command("hget")
	argv := [][]byte{[]byte("HGET"), []byte("h"), nil}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		argv[2] = fields[i&(benchSize-1)]
		benchCall(h, row, argv)
	}
}

// benchMembers returns n distinct members "member:<i>" in random order.
func benchMembers(n int) [][]byte {
	out := make([][]byte, n)
	for i := range out {
		out[i] = []byte(fmt.Sprintf("member:%d", i))
	}
	r := rand.New(rand.NewPCG(5, 6))
	r.Shuffle(n, func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}
