package commands

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/ember-db/ember/store"
)

// zBulks returns the RESP array of bulk strings.
func zBulks(elems ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*%d\r\n", len(elems))
	for _, e := range elems {
		fmt.Fprintf(&b, "$%d\r\n%s\r\n", len(e), e)
	}
	return b.String()
}

// zPairs3 returns a RESP3 array of [member, double] pairs from
// member, score, member, score...
func zPairs3(ms ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*%d\r\n", len(ms)/2)
	for i := 0; i < len(ms); i += 2 {
		fmt.Fprintf(&b, "*2\r\n$%d\r\n%s\r\n,%s\r\n", len(ms[i]), ms[i], ms[i+1])
	}
	return b.String()
}

const (
	zWrongType = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
	zNotFloat  = "-ERR value is not a valid float\r\n"
	zNotInt    = "-ERR value is not an integer or out of range\r\n"
	zSyntaxErr = "-ERR syntax error\r\n"
	zMinMaxErr = "-ERR min or max is not a float\r\n"
	zLexErr    = "-ERR min or max not valid string range item\r\n"
	zEmpty     = "*0\r\n"
)

var zABC = []string{"ZADD z 1 a 2 b 3 c"}

func TestZAdd(t *testing.T) {
	runCases(t, []cmdCase{
		{name: "new", cmd: "ZADD z 1 a 2 b", want: ":2\r\n"},
		{name: "existing", setup: zABC, cmd: "ZADD z 5 a 4 d", want: ":1\r\n"},
		{name: "ch", setup: zABC, cmd: "ZADD z CH 5 a 2 b 4 d", want: ":2\r\n"},
		{name: "nx", setup: zABC, cmd: "ZADD z NX 5 a 4 d", want: ":1\r\n"},
		{name: "xx", setup: zABC, cmd: "ZADD z XX CH 5 a 4 d", want: ":1\r\n"},
		{name: "xx missing key", cmd: "ZADD z XX 1 a", want: ":0\r\n"},
		{name: "gt", setup: zABC, cmd: "ZADD z GT CH 0 a 5 b 9 new", want: ":2\r\n"},
		{name: "lt", setup: zABC, cmd: "ZADD z LT CH 0 a 5 b", want: ":1\r\n"},
		{name: "options any case", setup: zABC, cmd: "ZADD z xX cH 0 a", want: ":1\r\n"},
		{name: "incr", setup: zABC, cmd: "ZADD z INCR 1.5 a", want: "$3\r\n2.5\r\n"},
		{name: "incr resp3", proto: 3, setup: zABC, cmd: "ZADD z INCR 1.5 a", want: ",2.5\r\n"},
		{name: "incr new", cmd: "ZADD z INCR 1.1 a", want: "$18\r\n1.1000000000000001\r\n"},
		{name: "incr nx existing", setup: zABC, cmd: "ZADD z NX INCR 1 a", want: "$-1\r\n"},
		{name: "incr nx existing resp3", proto: 3, setup: zABC, cmd: "ZADD z NX INCR 1 a", want: "_\r\n"},
		{name: "incr xx missing key", cmd: "ZADD z XX INCR 1 a", want: "$-1\r\n"},
		{name: "incr gt refused", setup: zABC, cmd: "ZADD z GT INCR -1 a", want: "$-1\r\n"},
		{name: "incr lt", setup: zABC, cmd: "ZADD z LT INCR -1 a", want: "$1\r\n0\r\n"},
		{name: "incr to inf", setup: zABC, cmd: "ZADD z INCR inf a", want: "$3\r\ninf\r\n"},
		{name: "incr nan", setup: []string{"ZADD z inf a"}, cmd: "ZADD z INCR -inf a",
			want: "-ERR resulting score is not a number (NaN)\r\n"},
		{name: "hex score", cmd: "ZADD z 0x10 a", want: ":1\r\n"},
		{name: "xx nx", cmd: "ZADD z NX XX 1 a", want: "-ERR XX and NX options at the same time are not compatible\r\n"},
		{name: "gt lt", cmd: "ZADD z GT LT 1 a", want: "-ERR GT, LT, and/or NX options at the same time are not compatible\r\n"},
		{name: "gt nx", cmd: "ZADD z NX GT 1 a", want: "-ERR GT, LT, and/or NX options at the same time are not compatible\r\n"},
		{name: "lt nx", cmd: "ZADD z LT NX 1 a", want: "-ERR GT, LT, and/or NX options at the same time are not compatible\r\n"},
		{name: "incr pairs", cmd: "ZADD z INCR 1 a 2 b", want: "-ERR INCR option supports a single increment-element pair\r\n"},
		{name: "odd", cmd: "ZADD z 1 a 2", want: zSyntaxErr},
		{name: "only options", cmd: "ZADD z NX CH", want: zSyntaxErr},
		{name: "syntax before xx nx", cmd: "ZADD z NX XX 1", want: zSyntaxErr},
		{name: "not float", cmd: "ZADD z 1 a zABC b", want: zNotFloat},
		{name: "nan", cmd: "ZADD z nan a", want: zNotFloat},
		{name: "overflow", cmd: "ZADD z 1e400 a", want: zNotFloat},
		{name: "space", cmd: "ZADD z \" 1\" a", want: zNotFloat},
		{name: "float before type", setup: []string{"SET s v"}, cmd: "ZADD s zABC a", want: zNotFloat},
		{name: "wrong type", setup: []string{"SET s v"}, cmd: "ZADD s 1 a", want: zWrongType},
		{name: "arity", cmd: "ZADD z 1", want: "-ERR wrong number of arguments for 'zadd' command\r\n"},
		{name: "partial failure adds nothing", setup: zABC, cmd: "ZADD z 9 x bad y", want: zNotFloat},
	})
}

func TestZAddNoPartialApply(t *testing.T) {
	h := newHarness(t)
	h.do("ZADD z 1 a")
	h.do("ZADD z 9 x bad y")
	if got := h.do("ZCARD z"); got != ":1\r\n" {
		t.Fatalf("ZCARD after failed ZADD = %q", got)
	}
	if got := h.do("ZADD nokey XX 1 a"); got != ":0\r\n" || h.c.DB.Find([]byte("nokey")) != nil {
		t.Fatal("ZADD XX created the key")
	}
}

func TestZIncrBy(t *testing.T) {
	runCases(t, []cmdCase{
		{name: "new", cmd: "ZINCRBY z 2 a", want: "$1\r\n2\r\n"},
		{name: "existing", setup: zABC, cmd: "ZINCRBY z -0.5 c", want: "$3\r\n2.5\r\n"},
		{name: "resp3", proto: 3, setup: zABC, cmd: "ZINCRBY z 1 c", want: ",4\r\n"},
		{name: "inf", setup: zABC, cmd: "ZINCRBY z -inf c", want: "$4\r\n-inf\r\n"},
		{name: "nan", setup: []string{"ZADD z -inf a"}, cmd: "ZINCRBY z +inf a",
			want: "-ERR resulting score is not a number (NaN)\r\n"},
		{name: "not float", cmd: "ZINCRBY z zABC a", want: zNotFloat},
		{name: "wrong type", setup: []string{"SET s v"}, cmd: "ZINCRBY s 1 a", want: zWrongType},
		{name: "arity", cmd: "ZINCRBY z 1", want: "-ERR wrong number of arguments for 'zincrby' command\r\n"},
	})
}

func TestZScoreZMScoreZCard(t *testing.T) {
	set := []string{"ZADD z 1.1 a -inf b"}
	runCases(t, []cmdCase{
		{name: "score", setup: set, cmd: "ZSCORE z a", want: "$18\r\n1.1000000000000001\r\n"},
		{name: "score resp3", proto: 3, setup: set, cmd: "ZSCORE z b", want: ",-inf\r\n"},
		{name: "score missing member", setup: set, cmd: "ZSCORE z x", want: "$-1\r\n"},
		{name: "score missing key resp3", proto: 3, cmd: "ZSCORE z x", want: "_\r\n"},
		{name: "score wrong type", setup: []string{"SET s v"}, cmd: "ZSCORE s a", want: zWrongType},
		{name: "mscore", setup: set, cmd: "ZMSCORE z a x b", want: "*3\r\n$18\r\n1.1000000000000001\r\n$-1\r\n$4\r\n-inf\r\n"},
		{name: "mscore resp3", proto: 3, setup: set, cmd: "ZMSCORE z a x", want: "*2\r\n,1.1000000000000001\r\n_\r\n"},
		{name: "mscore missing key", cmd: "ZMSCORE z a b", want: "*2\r\n$-1\r\n$-1\r\n"},
		{name: "mscore wrong type", setup: []string{"SET s v"}, cmd: "ZMSCORE s a", want: zWrongType},
		{name: "mscore arity", cmd: "ZMSCORE z", want: "-ERR wrong number of arguments for 'zmscore' command\r\n"},
		{name: "card", setup: set, cmd: "ZCARD z", want: ":2\r\n"},
		{name: "card missing", cmd: "ZCARD z", want: ":0\r\n"},
		{name: "card wrong type", setup: []string{"SET s v"}, cmd: "ZCARD s", want: zWrongType},
	})
}

func TestZRank(t *testing.T) {
	runCases(t, []cmdCase{
		{name: "rank", setup: zABC, cmd: "ZRANK z b", want: ":1\r\n"},
		{name: "revrank", setup: zABC, cmd: "ZREVRANK z a", want: ":2\r\n"},
		{name: "missing member", setup: zABC, cmd: "ZRANK z x", want: "$-1\r\n"},
		{name: "missing member resp3", proto: 3, setup: zABC, cmd: "ZREVRANK z x", want: "_\r\n"},
		{name: "missing key", cmd: "ZRANK z a", want: "$-1\r\n"},
		{name: "wrong type", setup: []string{"SET s v"}, cmd: "ZREVRANK s a", want: zWrongType},
		{name: "ties by member", setup: []string{"ZADD z 1 b 1 a 1 c"}, cmd: "ZRANK z c", want: ":2\r\n"},
		{name: "arity", cmd: "ZRANK z a b", want: "-ERR wrong number of arguments for 'zrank' command\r\n"},
	})
}

func TestZCountZLexCount(t *testing.T) {
	nums := []string{"ZADD z -5 e 0 a 1 b 2 c 16 d"}
	lex := []string{"ZADD l 0 a 0 b 0 c 0 d 0 \"\" 0 aa"}
	runCases(t, []cmdCase{
		{name: "all", setup: nums, cmd: "ZCOUNT z -inf +inf", want: ":5\r\n"},
		{name: "inclusive", setup: nums, cmd: "ZCOUNT z 0 2", want: ":3\r\n"},
		{name: "exclusive", setup: nums, cmd: "ZCOUNT z (0 (2", want: ":1\r\n"},
		{name: "empty string is 0", setup: nums, cmd: "ZCOUNT z \"\" 0", want: ":1\r\n"},
		{name: "lone paren is 0", setup: nums, cmd: "ZCOUNT z ( +inf", want: ":3\r\n"},
		{name: "leading space", setup: nums, cmd: "ZCOUNT z \" 1\" 1", want: ":1\r\n"},
		{name: "hex", setup: nums, cmd: "ZCOUNT z 0x10 +inf", want: ":1\r\n"},
		{name: "overflow is inf", setup: nums, cmd: "ZCOUNT z -1e400 1e400", want: ":5\r\n"},
		{name: "inverted", setup: nums, cmd: "ZCOUNT z 2 0", want: ":0\r\n"},
		{name: "trailing space", setup: nums, cmd: "ZCOUNT z \"1 \" 2", want: zMinMaxErr},
		{name: "nan", setup: nums, cmd: "ZCOUNT z (nan 2", want: zMinMaxErr},
		{name: "not float", setup: nums, cmd: "ZCOUNT z 0 x", want: zMinMaxErr},
		{name: "missing key", cmd: "ZCOUNT z 0 1", want: ":0\r\n"},
		{name: "wrong type", setup: []string{"SET s v"}, cmd: "ZCOUNT s 0 1", want: zWrongType},
		{name: "range before type", setup: []string{"SET s v"}, cmd: "ZCOUNT s a b", want: zMinMaxErr},
		{name: "lex all", setup: lex, cmd: "ZLEXCOUNT l - +", want: ":6\r\n"},
		{name: "lex inverted", setup: lex, cmd: "ZLEXCOUNT l + -", want: ":0\r\n"},
		{name: "lex minus minus", setup: lex, cmd: "ZLEXCOUNT l - -", want: ":0\r\n"},
		{name: "lex incl", setup: lex, cmd: "ZLEXCOUNT l [a [c", want: ":4\r\n"},
		{name: "lex excl", setup: lex, cmd: "ZLEXCOUNT l (a (c", want: ":2\r\n"},
		{name: "lex zEmpty member", setup: lex, cmd: "ZLEXCOUNT l [ [", want: ":1\r\n"},
		{name: "lex bad", setup: lex, cmd: "ZLEXCOUNT l a +", want: zLexErr},
		{name: "lex plus with text", setup: lex, cmd: "ZLEXCOUNT l - +a", want: zLexErr},
		{name: "lex zEmpty arg", setup: lex, cmd: "ZLEXCOUNT l \"\" +", want: zLexErr},
		{name: "lex missing key", cmd: "ZLEXCOUNT l - +", want: ":0\r\n"},
		{name: "lex wrong type", setup: []string{"SET s v"}, cmd: "ZLEXCOUNT s - +", want: zWrongType},
	})
}

func TestZRange(t *testing.T) {
	five := []string{"ZADD z 1 a 2 b 3 c 4 d 5 e"}
	lex := []string{"ZADD l 0 a 0 b 0 c 0 d 0 e"}
	runCases(t, []cmdCase{
		{name: "all", setup: five, cmd: "ZRANGE z 0 -1", want: zBulks("a", "b", "c", "d", "e")},
		{name: "withscores", setup: five, cmd: "ZRANGE z 0 1 WITHSCORES", want: zBulks("a", "1", "b", "2")},
		{name: "withscores resp3", proto: 3, setup: five, cmd: "ZRANGE z 0 1 WITHSCORES", want: zPairs3("a", "1", "b", "2")},
		{name: "no scores resp3", proto: 3, setup: five, cmd: "ZRANGE z 0 1", want: zBulks("a", "b")},
		{name: "negative", setup: five, cmd: "ZRANGE z -2 -1", want: zBulks("d", "e")},
		{name: "clamped", setup: five, cmd: "ZRANGE z -100 100", want: zBulks("a", "b", "c", "d", "e")},
		{name: "inverted", setup: five, cmd: "ZRANGE z 3 1", want: zEmpty},
		{name: "past end", setup: five, cmd: "ZRANGE z 5 10", want: zEmpty},
		{name: "extremes", setup: five, cmd: "ZRANGE z -9223372036854775808 9223372036854775807", want: zBulks("a", "b", "c", "d", "e")},
		{name: "rev", setup: five, cmd: "ZRANGE z 0 1 REV WITHSCORES", want: zBulks("e", "5", "d", "4")},
		{name: "zrevrange", setup: five, cmd: "ZREVRANGE z 1 2", want: zBulks("d", "c")},
		{name: "missing key", cmd: "ZRANGE z 0 -1", want: zEmpty},
		{name: "wrong type", setup: []string{"SET s v"}, cmd: "ZRANGE s 0 -1", want: zWrongType},
		{name: "parse before type", setup: []string{"SET s v"}, cmd: "ZRANGE s a b", want: zNotInt},
		{name: "rev twice", setup: five, cmd: "ZRANGE z 0 -1 REV REV", want: zSyntaxErr},
		{name: "unknown option", setup: five, cmd: "ZRANGE z 0 -1 FOO", want: zSyntaxErr},
		{name: "byscore and bylex", setup: five, cmd: "ZRANGE z 0 1 BYSCORE BYLEX", want: zSyntaxErr},
		{name: "limit by rank", setup: five, cmd: "ZRANGE z 0 -1 LIMIT 0 1",
			want: "-ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX\r\n"},
		{name: "limit short", setup: five, cmd: "ZRANGE z 0 -1 LIMIT 0", want: zSyntaxErr},
		{name: "limit not int", setup: five, cmd: "ZRANGE z 0 1 BYSCORE LIMIT 0 x", want: zNotInt},
		{name: "zrevrange byscore", setup: five, cmd: "ZREVRANGE z 0 1 BYSCORE", want: zSyntaxErr},
		{name: "zrevrange limit", setup: five, cmd: "ZREVRANGE z 0 1 LIMIT 0 1",
			want: "-ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX\r\n"},

		{name: "byscore", setup: five, cmd: "ZRANGE z (1 3 BYSCORE", want: zBulks("b", "c")},
		{name: "byscore limit", setup: five, cmd: "ZRANGE z -inf +inf BYSCORE LIMIT 1 2 WITHSCORES", want: zBulks("b", "2", "c", "3")},
		{name: "byscore limit resp3", proto: 3, setup: five, cmd: "ZRANGE z -inf +inf BYSCORE LIMIT 1 2 WITHSCORES", want: zPairs3("b", "2", "c", "3")},
		{name: "byscore negative count", setup: five, cmd: "ZRANGE z -inf +inf BYSCORE LIMIT 3 -1", want: zBulks("d", "e")},
		{name: "byscore negative offset", setup: five, cmd: "ZRANGE z -inf +inf BYSCORE LIMIT -1 2", want: zEmpty},
		{name: "byscore offset past end", setup: five, cmd: "ZRANGE z -inf +inf BYSCORE LIMIT 5 2", want: zEmpty},
		{name: "byscore rev", setup: five, cmd: "ZRANGE z 4 (2 BYSCORE REV", want: zBulks("d", "c")},
		{name: "byscore rev wrong order", setup: five, cmd: "ZRANGE z 2 4 BYSCORE REV", want: zEmpty},
		{name: "byscore bad", setup: five, cmd: "ZRANGE z a 1 BYSCORE", want: zMinMaxErr},
		{name: "zrangebyscore", setup: five, cmd: "ZRANGEBYSCORE z 2 4 WITHSCORES LIMIT 1 1", want: zBulks("c", "3")},
		{name: "zrangebyscore rev", setup: five, cmd: "ZRANGEBYSCORE z 2 4 REV", want: zSyntaxErr},
		{name: "zrevrangebyscore", setup: five, cmd: "ZREVRANGEBYSCORE z +inf 4", want: zBulks("e", "d")},
		{name: "zrevrangebyscore limit", setup: five, cmd: "ZREVRANGEBYSCORE z +inf -inf LIMIT 1 2", want: zBulks("d", "c")},

		{name: "bylex", setup: lex, cmd: "ZRANGE l [b (d BYLEX", want: zBulks("b", "c")},
		{name: "bylex rev", setup: lex, cmd: "ZRANGE l + (c BYLEX REV", want: zBulks("e", "d")},
		{name: "bylex limit", setup: lex, cmd: "ZRANGE l - + BYLEX LIMIT 1 2", want: zBulks("b", "c")},
		{name: "bylex withscores", setup: lex, cmd: "ZRANGE l - + BYLEX WITHSCORES",
			want: "-ERR syntax error, WITHSCORES not supported in combination with BYLEX\r\n"},
		{name: "bylex bad", setup: lex, cmd: "ZRANGE l a b BYLEX", want: zLexErr},
		{name: "zrangebylex", setup: lex, cmd: "ZRANGEBYLEX l (c +", want: zBulks("d", "e")},
		{name: "zrangebylex withscores", setup: lex, cmd: "ZRANGEBYLEX l - + WITHSCORES",
			want: "-ERR syntax error, WITHSCORES not supported in combination with BYLEX\r\n"},
		{name: "zrevrangebylex", setup: lex, cmd: "ZREVRANGEBYLEX l [c - LIMIT 1 5", want: zBulks("b", "a")},
		{name: "zrevrangebylex wrong order", setup: lex, cmd: "ZREVRANGEBYLEX l - +", want: zEmpty},
		{name: "arity", cmd: "ZRANGE z 0", want: "-ERR wrong number of arguments for 'zrange' command\r\n"},
	})
}

func TestZRangeStore(t *testing.T) {
	five := []string{"ZADD z 1 a 2 b 3 c 4 d 5 e"}
	runCases(t, []cmdCase{
		{name: "rank", setup: five, cmd: "ZRANGESTORE d z 1 2", want: ":2\r\n"},
		{name: "byscore", setup: five, cmd: "ZRANGESTORE d z (1 +inf BYSCORE LIMIT 0 2", want: ":2\r\n"},
		{name: "bylex rev", setup: five, cmd: "ZRANGESTORE d z + - BYLEX REV", want: ":5\r\n"},
		{name: "empty", setup: five, cmd: "ZRANGESTORE d z 10 20", want: ":0\r\n"},
		{name: "missing source", cmd: "ZRANGESTORE d z 0 -1", want: ":0\r\n"},
		{name: "withscores", setup: five, cmd: "ZRANGESTORE d z 0 -1 WITHSCORES", want: zSyntaxErr},
		{name: "limit by rank", setup: five, cmd: "ZRANGESTORE d z 0 -1 LIMIT 0 1",
			want: "-ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX\r\n"},
		{name: "wrong type source", setup: []string{"SET s v"}, cmd: "ZRANGESTORE d s 0 -1", want: zWrongType},
		{name: "overwrites a string", setup: append([]string{"SET d v"}, five...), cmd: "ZRANGESTORE d z 0 0", want: ":1\r\n"},
	})

	h := newHarness(t)
	h.do("ZADD z 1 a 2 b 3 c")
	h.do("SET d v")
	h.propagated = nil
	h.do("ZRANGESTORE d z 0 1 REV")
	if got := h.do("ZRANGE d 0 -1 WITHSCORES"); got != zBulks("b", "2", "c", "3") {
		t.Fatalf("stored %q", got)
	}
	h.do("ZRANGESTORE d z 5 6") // zEmpty: deletes d
	if h.c.DB.Find([]byte("d")) != nil {
		t.Fatal("empty ZRANGESTORE kept the destination")
	}
	h.do("ZRANGESTORE d z 5 6") // nothing to delete: not propagated
	want := []string{"ZRANGESTORE d z 0 1 REV", "ZRANGESTORE d z 5 6"}
	if !reflect.DeepEqual(h.propagated, want) {
		t.Fatalf("propagated %q, want %q", h.propagated, want)
	}
	if !zContains(h.hooks.events, "zrangestore:d") || !zContains(h.hooks.events, "del:d") {
		t.Fatalf("events %q", h.hooks.events)
	}
	// The source may be the destination.
	h.do("ZRANGESTORE z z 0 0")
	if got := h.do("ZRANGE z 0 -1"); got != zBulks("a") {
		t.Fatalf("in-place ZRANGESTORE: %q", got)
	}
}

func TestZRem(t *testing.T) {
	runCases(t, []cmdCase{
		{name: "some", setup: zABC, cmd: "ZREM z a x", want: ":1\r\n"},
		{name: "none", setup: zABC, cmd: "ZREM z x", want: ":0\r\n"},
		{name: "repeated", setup: zABC, cmd: "ZREM z a a", want: ":1\r\n"},
		{name: "all", setup: zABC, cmd: "ZREM z a b c d", want: ":3\r\n"},
		{name: "missing key", cmd: "ZREM z a", want: ":0\r\n"},
		{name: "wrong type", setup: []string{"SET s v"}, cmd: "ZREM s a", want: zWrongType},
		{name: "arity", cmd: "ZREM z", want: "-ERR wrong number of arguments for 'zrem' command\r\n"},
	})
	h := newHarness(t)
	h.do("ZADD z 1 a 2 b")
	h.hooks.events = nil
	h.do("ZREM z a b")
	if h.c.DB.Find([]byte("z")) != nil {
		t.Fatal("emptied set not deleted")
	}
	if want := []string{"zrem:z", "del:z"}; !reflect.DeepEqual(h.hooks.events, want) {
		t.Fatalf("events %q, want %q", h.hooks.events, want)
	}
}

func TestZRemRange(t *testing.T) {
	six := []string{"ZADD z 0 a 1 b 2 c 3 d 4 e 5 f"}
	runCases(t, []cmdCase{
		{name: "rank", setup: six, cmd: "ZREMRANGEBYRANK z 1 2", want: ":2\r\n"},
		{name: "rank negative", setup: six, cmd: "ZREMRANGEBYRANK z -2 -1", want: ":2\r\n"},
		{name: "rank clamped", setup: six, cmd: "ZREMRANGEBYRANK z -100 100", want: ":6\r\n"},
		{name: "rank inverted", setup: six, cmd: "ZREMRANGEBYRANK z 2 1", want: ":0\r\n"},
		{name: "rank past end", setup: six, cmd: "ZREMRANGEBYRANK z 6 10", want: ":0\r\n"},
		{name: "rank not int", setup: six, cmd: "ZREMRANGEBYRANK z a 1", want: zNotInt},
		{name: "rank missing key", cmd: "ZREMRANGEBYRANK z 0 -1", want: ":0\r\n"},
		{name: "rank wrong type", setup: []string{"SET s v"}, cmd: "ZREMRANGEBYRANK s 0 -1", want: zWrongType},
		{name: "score", setup: six, cmd: "ZREMRANGEBYSCORE z (0 2", want: ":2\r\n"},
		{name: "score none", setup: six, cmd: "ZREMRANGEBYSCORE z 10 20", want: ":0\r\n"},
		{name: "score bad", setup: six, cmd: "ZREMRANGEBYSCORE z 0 x", want: zMinMaxErr},
		{name: "score wrong type", setup: []string{"SET s v"}, cmd: "ZREMRANGEBYSCORE s 0 1", want: zWrongType},
		{name: "lex", setup: six, cmd: "ZREMRANGEBYLEX z [b (d", want: ":2\r\n"},
		{name: "lex all", setup: six, cmd: "ZREMRANGEBYLEX z - +", want: ":6\r\n"},
		{name: "lex bad", setup: six, cmd: "ZREMRANGEBYLEX z b d", want: zLexErr},
		{name: "lex missing key", cmd: "ZREMRANGEBYLEX z - +", want: ":0\r\n"},
	})
	h := newHarness(t)
	h.do("ZADD z 0 a 1 b 2 c")
	h.hooks.events = nil
	h.do("ZREMRANGEBYSCORE z 1 1")
	h.do("ZREMRANGEBYSCORE z 100 200")
	h.do("ZREMRANGEBYRANK z 0 -1")
	if want := []string{"zremrangebyscore:z", "zremrangebyrank:z", "del:z"}; !reflect.DeepEqual(h.hooks.events, want) {
		t.Fatalf("events %q, want %q", h.hooks.events, want)
	}
	if h.c.DB.Find([]byte("z")) != nil {
		t.Fatal("emptied set not deleted")
	}
}

func TestZPop(t *testing.T) {
	five := []string{"ZADD z 1 a 2 b 3 c 4 d 5 e"}
	runCases(t, []cmdCase{
		{name: "min", setup: five, cmd: "ZPOPMIN z", want: zBulks("a", "1")},
		{name: "max", setup: five, cmd: "ZPOPMAX z", want: zBulks("e", "5")},
		{name: "min count", setup: five, cmd: "ZPOPMIN z 2", want: zBulks("a", "1", "b", "2")},
		{name: "max count past size", setup: zABC, cmd: "ZPOPMAX z 10", want: zBulks("c", "3", "b", "2", "a", "1")},
		{name: "min resp3 flat", proto: 3, setup: five, cmd: "ZPOPMIN z", want: "*2\r\n$1\r\na\r\n,1\r\n"},
		{name: "min resp3 count nested", proto: 3, setup: five, cmd: "ZPOPMIN z 1", want: zPairs3("a", "1")},
		{name: "count 0", setup: five, cmd: "ZPOPMIN z 0", want: zEmpty},
		{name: "missing key", cmd: "ZPOPMIN z", want: zEmpty},
		{name: "missing key resp3", proto: 3, cmd: "ZPOPMAX z 3", want: zEmpty},
		{name: "negative", setup: five, cmd: "ZPOPMIN z -1", want: "-ERR value is out of range, must be positive\r\n"},
		{name: "not int", setup: five, cmd: "ZPOPMIN z x", want: "-ERR value is out of range, must be positive\r\n"},
		{name: "too many args", setup: five, cmd: "ZPOPMIN z 1 2", want: zSyntaxErr},
		{name: "wrong type", setup: []string{"SET s v"}, cmd: "ZPOPMAX s", want: zWrongType},
	})

	h := newHarness(t)
	h.do("ZADD z 1 a 2 b")
	h.propagated, h.hooks.events, h.hooks.modified = nil, nil, nil
	h.do("ZPOPMIN z 5")
	h.do("ZPOPMIN z 5") // missing key: nothing propagated
	if want := []string{"ZPOPMIN z 5"}; !reflect.DeepEqual(h.propagated, want) {
		t.Fatalf("propagated %q, want %q", h.propagated, want)
	}
	if want := []string{"zpopmin:z", "del:z"}; !reflect.DeepEqual(h.hooks.events, want) {
		t.Fatalf("events %q, want %q", h.hooks.events, want)
	}
	if len(h.hooks.modified) != 1 || h.c.DB.Find([]byte("z")) != nil {
		t.Fatalf("modified %q; key left behind", h.hooks.modified)
	}
}

func TestZMPop(t *testing.T) {
	runCases(t, []cmdCase{
		{name: "min", setup: zABC, cmd: "ZMPOP 2 x z MIN", want: "*2\r\n$1\r\nz\r\n*1\r\n" + zBulks("a", "1")},
		{name: "max count", setup: zABC, cmd: "ZMPOP 1 z MAX COUNT 2",
			want: "*2\r\n$1\r\nz\r\n*2\r\n" + zBulks("c", "3") + zBulks("b", "2")},
		{name: "resp3", proto: 3, setup: zABC, cmd: "ZMPOP 1 z max count 1",
			want: "*2\r\n$1\r\nz\r\n" + zPairs3("c", "3")},
		{name: "none", cmd: "ZMPOP 2 x y MIN", want: "*-1\r\n"},
		{name: "none resp3", proto: 3, cmd: "ZMPOP 2 x y MIN", want: "_\r\n"},
		{name: "numkeys 0", cmd: "ZMPOP 0 z MIN", want: "-ERR numkeys should be greater than 0\r\n"},
		{name: "numkeys not int", cmd: "ZMPOP x z MIN", want: "-ERR numkeys should be greater than 0\r\n"},
		{name: "numkeys too big", cmd: "ZMPOP 2 z MIN", want: zSyntaxErr},
		{name: "bad where", cmd: "ZMPOP 1 z FOO", want: zSyntaxErr},
		{name: "count 0", cmd: "ZMPOP 1 z MIN COUNT 0", want: "-ERR count should be greater than 0\r\n"},
		{name: "count twice", cmd: "ZMPOP 1 z MIN COUNT 1 COUNT 1", want: zSyntaxErr},
		{name: "count missing", cmd: "ZMPOP 1 z MIN COUNT", want: zSyntaxErr},
		{name: "wrong type first", setup: []string{"SET s v"}, cmd: "ZMPOP 2 x s MIN", want: zWrongType},
		{name: "stops at first zset", setup: append([]string{"SET s v"}, zABC...), cmd: "ZMPOP 2 z s MIN",
			want: "*2\r\n$1\r\nz\r\n*1\r\n" + zBulks("a", "1")},
		{name: "arity", cmd: "ZMPOP 1 z", want: "-ERR wrong number of arguments for 'zmpop' command\r\n"},
	})

	h := newHarness(t)
	h.do("ZADD z 1 a 2 b 3 c")
	h.propagated = nil
	h.do("ZMPOP 2 nokey z MAX COUNT 2")
	h.do("ZMPOP 1 z MIN COUNT 10")
	h.do("ZMPOP 1 z MIN")
	if want := []string{"ZPOPMAX z 2", "ZPOPMIN z 1"}; !reflect.DeepEqual(h.propagated, want) {
		t.Fatalf("propagated %q, want %q", h.propagated, want)
	}
}

func TestZRandMember(t *testing.T) {
	runCases(t, []cmdCase{
		{name: "single", setup: []string{"ZADD z 7.5 only"}, cmd: "ZRANDMEMBER z", want: "$4\r\nonly\r\n"},
		{name: "missing key", cmd: "ZRANDMEMBER z", want: "$-1\r\n"},
		{name: "missing key resp3", proto: 3, cmd: "ZRANDMEMBER z", want: "_\r\n"},
		{name: "missing key count", cmd: "ZRANDMEMBER z 5", want: zEmpty},
		{name: "count 0", setup: zABC, cmd: "ZRANDMEMBER z 0 WITHSCORES", want: zEmpty},
		{name: "whole set highest first", setup: zABC, cmd: "ZRANDMEMBER z 3", want: zBulks("c", "b", "a")},
		{name: "whole set withscores", setup: zABC, cmd: "ZRANDMEMBER z 10 WITHSCORES", want: zBulks("c", "3", "b", "2", "a", "1")},
		{name: "whole set resp3", proto: 3, setup: zABC, cmd: "ZRANDMEMBER z 10 WITHSCORES", want: zPairs3("c", "3", "b", "2", "a", "1")},
		{name: "negative repeats", setup: []string{"ZADD z 7.5 only"}, cmd: "ZRANDMEMBER z -3 WITHSCORES",
			want: zBulks("only", "7.5", "only", "7.5", "only", "7.5")},
		{name: "negative resp3", proto: 3, setup: []string{"ZADD z 7.5 only"}, cmd: "ZRANDMEMBER z -2 WITHSCORES",
			want: zPairs3("only", "7.5", "only", "7.5")},
		{name: "not int", cmd: "ZRANDMEMBER z x", want: zNotInt},
		{name: "bad option", cmd: "ZRANDMEMBER z 1 FOO", want: zSyntaxErr},
		{name: "too many", cmd: "ZRANDMEMBER z 1 WITHSCORES x", want: zSyntaxErr},
		{name: "range", cmd: "ZRANDMEMBER z -4611686018427387904 WITHSCORES", want: "-ERR value is out of range\r\n"},
		{name: "range edge", cmd: "ZRANDMEMBER z -4611686018427387903 WITHSCORES", want: zEmpty},
		{name: "range high", cmd: "ZRANDMEMBER z 4611686018427387904 WITHSCORES", want: "-ERR value is out of range\r\n"},
		{name: "wrong type", setup: []string{"SET s v"}, cmd: "ZRANDMEMBER s 1", want: zWrongType},
	})
}

// TestZRandMemberSampling checks the sampling strategies: a positive count
// gives distinct members of the set (both the "most of the set" and the
// "small sample" paths), a negative one exactly |count| members.
func TestZRandMemberSampling(t *testing.T) {
	h := newHarness(t)
	args := []string{"ZADD z"}
	for i := 0; i < 200; i++ {
		args = append(args, strconv.Itoa(i), "m"+strconv.Itoa(i))
	}
	h.do(strings.Join(args, " "))
	for _, count := range []int{1, 2, 10, 66, 67, 150, 199} {
		reply := h.do(fmt.Sprintf("ZRANDMEMBER z %d WITHSCORES", count))
		elems := zParseBulks(t, reply)
		if len(elems) != 2*count {
			t.Fatalf("count %d: %d elements", count, len(elems))
		}
		seen := map[string]bool{}
		for i := 0; i < len(elems); i += 2 {
			m, s := elems[i], elems[i+1]
			if seen[m] || "m"+s != m {
				t.Fatalf("count %d: duplicate or wrong score %q %q", count, m, s)
			}
			seen[m] = true
		}
	}
	if n := len(zParseBulks(t, h.do("ZRANDMEMBER z -500"))); n != 500 {
		t.Fatalf("negative count gave %d elements", n)
	}
}

// zParseBulks parses a flat RESP2 array of bulk strings.
func zParseBulks(t *testing.T, reply string) []string {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(reply, "\r\n"), "\r\n")
	n, err := strconv.Atoi(strings.TrimPrefix(lines[0], "*"))
	if err != nil || len(lines) != 1+2*n {
		t.Fatalf("not a flat bulk array: %q", reply)
	}
	var out []string
	for i := 2; i < len(lines); i += 2 {
		out = append(out, lines[i])
	}
	return out
}

func TestZSetOps(t *testing.T) {
	sets := []string{"ZADD z 1 a 2 b 3 c", "ZADD z2 2 b 3 c 4 d", "ZADD z3 10 c 20 e"}
	noKeys := func(name string) string { return "-ERR at least 1 input key is needed for '" + name + "' command\r\n" }
	runCases(t, []cmdCase{
		{name: "union", setup: sets, cmd: "ZUNION 2 z z2 WITHSCORES", want: zBulks("a", "1", "b", "4", "d", "4", "c", "6")},
		{name: "union resp3", proto: 3, setup: sets, cmd: "ZUNION 2 z z2 WITHSCORES", want: zPairs3("a", "1", "b", "4", "d", "4", "c", "6")},
		{name: "union weights", setup: sets, cmd: "ZUNION 2 z z2 WEIGHTS 2 3", want: zBulks("a", "b", "d", "c")},
		{name: "union min", setup: sets, cmd: "ZUNION 2 z z2 AGGREGATE MIN WITHSCORES", want: zBulks("a", "1", "b", "2", "c", "3", "d", "4")},
		{name: "union max", setup: sets, cmd: "ZUNION 3 z z2 z3 AGGREGATE max WITHSCORES",
			want: zBulks("a", "1", "b", "2", "d", "4", "c", "10", "e", "20")},
		{name: "union missing", setup: sets, cmd: "ZUNION 2 z nokey", want: zBulks("a", "b", "c")},
		{name: "union nan sum is 0", setup: []string{"ZADD p inf a", "ZADD q -inf a"}, cmd: "ZUNION 2 p q WITHSCORES", want: zBulks("a", "0")},
		{name: "union 0*inf is 0", setup: []string{"ZADD p inf a"}, cmd: "ZUNION 1 p WEIGHTS 0 WITHSCORES", want: zBulks("a", "0")},
		{name: "inter", setup: sets, cmd: "ZINTER 2 z z2 WITHSCORES", want: zBulks("b", "4", "c", "6")},
		{name: "inter three", setup: sets, cmd: "ZINTER 3 z z2 z3 WEIGHTS 1 1 0.5 WITHSCORES", want: zBulks("c", "11")},
		{name: "inter missing", setup: sets, cmd: "ZINTER 2 z nokey", want: zEmpty},
		{name: "inter same key", setup: sets, cmd: "ZINTER 2 z z WITHSCORES", want: zBulks("a", "2", "b", "4", "c", "6")},
		{name: "diff", setup: sets, cmd: "ZDIFF 2 z z2 WITHSCORES", want: zBulks("a", "1")},
		{name: "diff three", setup: sets, cmd: "ZDIFF 3 z2 z z3", want: zBulks("d")},
		{name: "diff same key", setup: sets, cmd: "ZDIFF 2 z z", want: zEmpty},
		{name: "diff weights", setup: sets, cmd: "ZDIFF 2 z z2 WEIGHTS 1 1", want: zSyntaxErr},
		{name: "diff aggregate", setup: sets, cmd: "ZDIFF 2 z z2 AGGREGATE SUM", want: zSyntaxErr},
		{name: "intercard", setup: sets, cmd: "ZINTERCARD 2 z z2", want: ":2\r\n"},
		{name: "intercard limit", setup: sets, cmd: "ZINTERCARD 2 z z2 LIMIT 1", want: ":1\r\n"},
		{name: "intercard limit 0", setup: sets, cmd: "ZINTERCARD 2 z z2 LIMIT 0", want: ":2\r\n"},
		{name: "intercard limit twice", setup: sets, cmd: "ZINTERCARD 1 z LIMIT 1 LIMIT 2", want: ":2\r\n"},
		{name: "intercard negative", setup: sets, cmd: "ZINTERCARD 1 z LIMIT -1", want: "-ERR LIMIT can't be negative\r\n"},
		{name: "intercard not int", setup: sets, cmd: "ZINTERCARD 1 z LIMIT x", want: "-ERR LIMIT can't be negative\r\n"},
		{name: "intercard withscores", setup: sets, cmd: "ZINTERCARD 1 z WITHSCORES", want: zSyntaxErr},
		{name: "intercard weights", setup: sets, cmd: "ZINTERCARD 1 z WEIGHTS 1", want: zSyntaxErr},
		{name: "numkeys 0", cmd: "ZUNION 0 z", want: noKeys("zunion")},
		{name: "numkeys negative", cmd: "ZINTERCARD -1 z", want: noKeys("zintercard")},
		{name: "numkeys store", cmd: "ZDIFFSTORE d 0 z", want: noKeys("zdiffstore")},
		{name: "numkeys not int", cmd: "ZINTER x z", want: zNotInt},
		{name: "numkeys too big", cmd: "ZUNION 3 z z2", want: zSyntaxErr},
		{name: "weight not float", setup: sets, cmd: "ZUNION 2 z z2 WEIGHTS 1 x", want: "-ERR weight value is not a float\r\n"},
		{name: "weights short", setup: sets, cmd: "ZUNION 2 z z2 WEIGHTS 1", want: zSyntaxErr},
		{name: "aggregate bad", setup: sets, cmd: "ZUNION 2 z z2 AGGREGATE AVG", want: zSyntaxErr},
		{name: "aggregate short", setup: sets, cmd: "ZUNION 2 z z2 AGGREGATE", want: zSyntaxErr},
		{name: "withscores twice", setup: sets, cmd: "ZUNION 1 z WITHSCORES WITHSCORES", want: zBulks("a", "1", "b", "2", "c", "3")},
		{name: "wrong type before options", setup: []string{"SET s v"}, cmd: "ZUNION 2 z s WEIGHTS x", want: zWrongType},
		{name: "store withscores", setup: sets, cmd: "ZUNIONSTORE d 2 z z2 WITHSCORES", want: zSyntaxErr},
		{name: "unionstore", setup: sets, cmd: "ZUNIONSTORE d 2 z z2", want: ":4\r\n"},
		{name: "interstore", setup: sets, cmd: "ZINTERSTORE d 2 z z2", want: ":2\r\n"},
		{name: "diffstore", setup: sets, cmd: "ZDIFFSTORE d 2 z z2", want: ":1\r\n"},
		{name: "store empty", setup: sets, cmd: "ZINTERSTORE d 2 z nokey", want: ":0\r\n"},
		{name: "store wrong type input", setup: []string{"SET s v"}, cmd: "ZUNIONSTORE d 1 s", want: zWrongType},
	})

	h := newHarness(t)
	for _, s := range sets {
		h.do(s)
	}
	h.do("SET d v")
	h.propagated, h.hooks.events, h.hooks.ready = nil, nil, nil
	h.do("ZUNIONSTORE d 2 z z2 WEIGHTS 1 2 AGGREGATE MAX")
	if got := h.do("ZRANGE d 0 -1 WITHSCORES"); got != zBulks("a", "1", "b", "4", "c", "6", "d", "8") {
		t.Fatalf("stored %q", got)
	}
	h.do("ZINTERSTORE d 2 z nokey") // deletes d
	h.do("ZDIFFSTORE d 2 z z")      // nothing to delete: not propagated
	want := []string{"ZUNIONSTORE d 2 z z2 WEIGHTS 1 2 AGGREGATE MAX", "ZINTERSTORE d 2 z nokey"}
	if !reflect.DeepEqual(h.propagated, want) {
		t.Fatalf("propagated %q, want %q", h.propagated, want)
	}
	if want := []string{"zunionstore:d", "del:d"}; !reflect.DeepEqual(h.hooks.events, want) {
		t.Fatalf("events %q, want %q", h.hooks.events, want)
	}
	if !zContains(h.hooks.ready, "d") {
		t.Fatal("store did not signal the destination as ready")
	}
	// The destination may be an input.
	h.do("ZUNIONSTORE z 2 z z2")
	if got := h.do("ZRANGE z 0 -1 WITHSCORES"); got != zBulks("a", "1", "b", "4", "d", "4", "c", "6") {
		t.Fatalf("in-place union %q", got)
	}
	// A store removes the destination's TTL.
	h.do("ZADD t 1 x")
	h.c.DB.SetExpire(h.c.DB.Find([]byte("t")), h.now+10000)
	h.do("ZUNIONSTORE t 1 z")
	if e := h.c.DB.Find([]byte("t")); e == nil || e.Expire != 0 {
		t.Fatal("ZUNIONSTORE kept the destination's TTL")
	}
}

// TestZUnionFloatOrder: the sum of weighted scores is taken from the
// smallest input up, as Redis sorts the inputs by cardinality.
func TestZUnionFloatOrder(t *testing.T) {
	h := newHarness(t)
	h.do("ZADD big 0.1 a 0 x 0 y")
	h.do("ZADD mid 0.2 a 0 x")
	h.do("ZADD small 0.3 a")
	// Sorted by size: small, mid, big -> (0.3+0.2)+0.1 = 0.6 exactly
	// 0.59999999999999998, whereas (0.1+0.2)+0.3 = 0.60000000000000009.
	if got := h.do("ZUNION 3 big mid small WITHSCORES"); !strings.Contains(got, "0.59999999999999998") {
		t.Fatalf("got %q", got)
	}
}

func TestZSetEncodings(t *testing.T) {
	enc := func(h *harness, key string) string {
		e := h.c.DB.Find([]byte(key))
		if e == nil {
			return "<none>"
		}
		return e.Value.Type() + "/" + e.Value.Encoding()
	}
	h := newHarness(t)
	h.do("ZADD z 1 a 2 b")
	if got := enc(h, "z"); got != "zset/listpack" {
		t.Fatalf("small set: %s", got)
	}
	h.do("ZADD z 3 " + strings.Repeat("x", 65))
	if got := enc(h, "z"); got != "zset/skiplist" {
		t.Fatalf("long member: %s", got)
	}
	h.do("ZREM z " + strings.Repeat("x", 65))
	if got := enc(h, "z"); got != "zset/skiplist" {
		t.Fatalf("converted back: %s", got)
	}

	h.srv.Tunables.ZsetMaxListpackEntries = 3
	h.do("ZADD y 1 a 2 b 3 c")
	if got := enc(h, "y"); got != "zset/listpack" {
		t.Fatalf("at the entry limit: %s", got)
	}
	h.do("ZINCRBY y 1 d")
	if got := enc(h, "y"); got != "zset/skiplist" {
		t.Fatalf("over the entry limit: %s", got)
	}
	// Results get the encoding of their contents.
	h.do("ZUNIONSTORE u 1 y")
	h.do("ZRANGESTORE r y 0 1")
	h.do("ZINTERSTORE i 2 y y")
	h.do("ZRANGESTORE r2 y 0 -1")
	for key, want := range map[string]string{"u": "zset/skiplist", "r": "zset/listpack", "i": "zset/skiplist", "r2": "zset/skiplist"} {
		if got := enc(h, key); got != want {
			t.Fatalf("%s: %s, want %s", key, got, want)
		}
	}
	h.do("ZDIFFSTORE dd 1 r")
	if got := enc(h, "dd"); got != "zset/listpack" {
		t.Fatalf("small diff: %s", got)
	}

	// -0 is kept by a skiplist only (a listpack stores 0 as an integer).
	h.do("ZADD n -0 a")
	if got := h.do("ZSCORE n a"); got != "$1\r\n0\r\n" {
		t.Fatalf("listpack -0: %q", got)
	}
	h.do("ZADD y -0 neg")
	if got := h.do("ZSCORE y neg"); got != "$2\r\n-0\r\n" {
		t.Fatalf("skiplist -0: %q", got)
	}
	if got := h.do("ZUNION 1 n WEIGHTS -1 WITHSCORES"); got != zBulks("a", "-0") {
		t.Fatalf("ZUNION -0: %q", got)
	}
}

func TestZAddHooksAndPropagation(t *testing.T) {
	h := newHarness(t)
	h.do("ZADD z 1 a")
	h.do("ZADD z 1 a")         // no change
	h.do("ZADD z XX 2 a")      // update
	h.do("ZADD z NX 5 a")      // no change
	h.do("ZINCRBY z 1 b")      // add
	h.do("ZADD nokey XX 1 a")  // no change
	h.do("ZADD z INCR 0x10 a") // update, as sent
	want := []string{"ZADD z 1 a", "ZADD z XX 2 a", "ZINCRBY z 1 b", "ZADD z INCR 0x10 a"}
	if !reflect.DeepEqual(h.propagated, want) {
		t.Fatalf("propagated %q, want %q", h.propagated, want)
	}
	if want := []string{"zadd:z", "zadd:z", "zincr:z", "zincr:z"}; !reflect.DeepEqual(h.hooks.events, want) {
		t.Fatalf("events %q, want %q", h.hooks.events, want)
	}
	if want := []string{"z", "z"}; !reflect.DeepEqual(h.hooks.ready, want) {
		t.Fatalf("ready %q, want %q (only when elements are added)", h.hooks.ready, want)
	}
	if len(h.hooks.modified) != 4 {
		t.Fatalf("modified %q", h.hooks.modified)
	}
}

func TestZSetExpiredKey(t *testing.T) {
	h := newHarness(t)
	h.do("ZADD z 1 a")
	h.c.DB.SetExpire(h.c.DB.Find([]byte("z")), h.now+1000)
	h.now += 1000
	if got := h.do("ZCARD z"); got != ":0\r\n" {
		t.Fatalf("expired ZCARD %q", got)
	}
	if got := h.do("ZADD z 2 b"); got != ":1\r\n" {
		t.Fatalf("ZADD over an expired key %q", got)
	}
	if got := h.do("ZRANGE z 0 -1"); got != zBulks("b") {
		t.Fatalf("old elements survived expiry: %q", got)
	}
}

func TestStrtod(t *testing.T) {
	for _, tc := range []struct {
		in     string
		v      float64
		n      int
		erange bool
	}{
		{"1.5", 1.5, 3, false},
		{"  -2e3x", -2000, 6, false},
		{"0x10", 16, 4, false},
		{"0X1A.8", 26.5, 6, false},
		{"0x1p4", 16, 5, false},
		{"0x", 0, 1, false},
		{"0xg", 0, 1, false},
		{"inf", math.Inf(1), 3, false},
		{"-Infinity", math.Inf(-1), 9, false},
		{"infinit", math.Inf(1), 3, false},
		{"1e", 1, 1, false},
		{"1e+", 1, 1, false},
		{".5", 0.5, 2, false},
		{"5.", 5, 2, false},
		{".", 0, 0, false},
		{"", 0, 0, false},
		{"abc", 0, 0, false},
		{"1e400", math.Inf(1), 5, true},
		{"1e-400", 0, 6, true},
		{"0e-400", 0, 6, false},
		{"1e-310", 1e-310, 6, false},
	} {
		v, n, erange := strtod([]byte(tc.in))
		if v != tc.v || n != tc.n || erange != tc.erange {
			t.Errorf("strtod(%q) = %v %d %v, want %v %d %v", tc.in, v, n, erange, tc.v, tc.n, tc.erange)
		}
	}
	if v, n, _ := strtod([]byte("nan(abc)x")); !math.IsNaN(v) || n != 8 {
		t.Errorf("strtod(nan(abc)x) = %v %d", v, n)
	}
}

func TestZSetValueCopy(t *testing.T) {
	h := newHarness(t)
	h.do("ZADD z 1 a 2 b")
	orig := h.c.DB.Find([]byte("z")).Value.(*store.ZSet)
	cp := orig.Copy().(*store.ZSet)
	orig.Delete([]byte("a"))
	if cp.Len() != 2 {
		t.Fatal("copy shares state with the original")
	}
}

func zContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// zFakeSet stands in for store.Set (built in parallel) in the set-operation
// tests: the methods the operations read, members in insertion order.
type zFakeSet struct{ members []string }

func (s *zFakeSet) Type() string        { return "set" }
func (s *zFakeSet) Encoding() string    { return "hashtable" }
func (s *zFakeSet) Copy() store.Value   { return &zFakeSet{append([]string(nil), s.members...)} }
func (s *zFakeSet) Len() int            { return len(s.members) }
func (s *zFakeSet) Member(i int) string { return s.members[i] }
func (s *zFakeSet) Has(m []byte) bool   { return zContains(s.members, string(m)) }

// TestZSetOpsWithSets: plain sets are inputs whose members score 1
// (expected replies taken from redis-server 7.0.15).
func TestZSetOpsWithSets(t *testing.T) {
	setup := func(h *harness) {
		h.do("ZADD z 1 a 5 b 2 x")
		h.c.DB.Add([]byte("s1"), &zFakeSet{[]string{"a", "b", "c"}}, h.now)
	}
	for _, tc := range []struct{ cmd, want string }{
		{"ZUNION 2 z s1 WITHSCORES", zBulks("c", "1", "a", "2", "x", "2", "b", "6")},
		{"ZINTER 2 z s1 WEIGHTS 2 3 WITHSCORES", zBulks("a", "5", "b", "13")},
		{"ZDIFF 2 s1 z WITHSCORES", zBulks("c", "1")},
		{"ZDIFF 2 z s1 WITHSCORES", zBulks("x", "2")},
		{"ZDIFF 2 s1 s1", zEmpty},
		{"ZINTERCARD 2 s1 z", ":2\r\n"},
		{"ZUNION 1 s1 WEIGHTS 0x10 WITHSCORES", zBulks("a", "16", "b", "16", "c", "16")},
		{"ZUNIONSTORE d 1 s1", ":3\r\n"},
		{"ZRANGESTORE d s1 0 -1", zWrongType},
		{"ZRANDMEMBER s1", zWrongType},
		{"ZMPOP 1 s1 MIN", zWrongType},
		{"ZRANGE s1 0 -1", zWrongType},
	} {
		h := newHarness(t)
		setup(h)
		if got := h.do(tc.cmd); got != tc.want {
			t.Errorf("%s\n got %q\nwant %q", tc.cmd, got, tc.want)
		}
	}
}

// TestZSetOpsWithRealSets runs sets built with SADD through the sorted set
// operations (a set counts as a sorted set with scores 1).
func TestZSetOpsWithRealSets(t *testing.T) {
	h := newHarness(t)
	h.do("ZADD z 1 a 5 b 2 x")
	h.do("ZADD zi 10 1 20 5")
	h.do("SADD s1 a b c")
	h.do("SADD si 1 2 3")
	for _, tc := range []struct{ cmd, want string }{
		{"ZUNION 2 z s1 WITHSCORES", zBulks("c", "1", "a", "2", "x", "2", "b", "6")},
		{"ZINTER 2 z s1 WEIGHTS 2 3 WITHSCORES", zBulks("a", "5", "b", "13")},
		{"ZUNION 2 si zi WITHSCORES", zBulks("2", "1", "3", "1", "1", "11", "5", "20")},
		{"ZINTER 2 si zi AGGREGATE MAX WITHSCORES", zBulks("1", "10")},
		{"ZUNION 2 s1 si WITHSCORES", zBulks("1", "1", "2", "1", "3", "1", "a", "1", "b", "1", "c", "1")},
		{"ZDIFF 2 s1 z WITHSCORES", zBulks("c", "1")},
		{"ZINTERCARD 2 s1 z", ":2\r\n"},
		{"ZUNIONSTORE d 1 s1", ":3\r\n"},
		{"ZRANGE d 0 -1 WITHSCORES", zBulks("a", "1", "b", "1", "c", "1")},
		{"ZRANGESTORE d s1 0 -1", zWrongType},
	} {
		if got := h.do(tc.cmd); got != tc.want {
			t.Errorf("%s\n got %q\nwant %q", tc.cmd, got, tc.want)
		}
	}
}

// Command-level benchmarks on a 1M-member set: argument parsing, lookup and
// reply encoding included.
func benchZSetHarness(b *testing.B, n int) *harness {
	h := newHarness(b)
	z := store.NewZSet()
	lim := h.c.zsetLimits()
	for i := 0; i < n; i++ {
		z.Set([]byte("member:"+strconv.Itoa(i)), float64(i), lim)
	}
	h.c.DB.Add([]byte("z"), z, h.now)
	return h
}

func BenchmarkZSetCommands1M(b *testing.B) {
	const n = 1_000_000
	h := benchZSetHarness(b, n)
	argv := func(s ...string) [][]byte {
		out := make([][]byte, len(s))
		for i := range s {
			out[i] = []byte(s[i])
		}
		return out
	}
	b.Run("ZADD", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			h.doArgv(argv("ZADD", "z", strconv.Itoa(i%n), "member:"+strconv.Itoa((i*7919)%n)))
		}
	})
	b.Run("ZRANK", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			h.doArgv(argv("ZRANK", "z", "member:"+strconv.Itoa((i*7919)%n)))
		}
	})
	b.Run("ZRANGE-10", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			start := (i * 7919) % (n - 10)
			h.doArgv(argv("ZRANGE", "z", strconv.Itoa(start), strconv.Itoa(start+9)))
		}
	})
	h.propagated = nil
}
