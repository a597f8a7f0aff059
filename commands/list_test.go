package commands

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ember-db/ember/store"
)

// bulks encodes an array of bulk strings, as the list commands reply them.
func bulks(elems ...string) string {
	var b strings.Builder
	b.WriteString("*" + strconv.Itoa(len(elems)) + "\r\n")
	for _, e := range elems {
		b.WriteString("$" + strconv.Itoa(len(e)) + "\r\n" + e + "\r\n")
	}
	return b.String()
}

func TestListPush(t *testing.T) {
	runCases(t, []cmdCase{
		{name: "lpush new", cmd: "LPUSH k a b c", want: ":3\r\n"},
		{name: "lpush order", setup: []string{"LPUSH k a b c"}, cmd: "LRANGE k 0 -1", want: bulks("c", "b", "a")},
		{name: "rpush order", setup: []string{"RPUSH k a b", "RPUSH k c"}, cmd: "LRANGE k 0 -1", want: bulks("a", "b", "c")},
		{name: "binary", setup: []string{`RPUSH k "" "a\x00b"`}, cmd: "LRANGE k 0 -1", want: bulks("", "a\x00b")},
		{name: "lpush wrong type", setup: []string{"SET s x"}, cmd: "LPUSH s a", want: wrongType},
		{name: "rpush wrong type", setup: []string{"SET s x"}, cmd: "RPUSH s a", want: wrongType},
		{name: "lpush arity", cmd: "LPUSH k", want: "-ERR wrong number of arguments for 'lpush' command\r\n"},
		{name: "lpushx missing", cmd: "LPUSHX k a", want: ":0\r\n"},
		{name: "lpushx missing stays missing", setup: []string{"LPUSHX k a"}, cmd: "LLEN k", want: ":0\r\n"},
		{name: "rpushx existing", setup: []string{"RPUSH k a"}, cmd: "RPUSHX k b c", want: ":3\r\n"},
		{name: "lpushx existing", setup: []string{"RPUSH k a", "LPUSHX k b c"}, cmd: "LRANGE k 0 -1", want: bulks("c", "b", "a")},
		{name: "rpushx wrong type", setup: []string{"SET s x"}, cmd: "RPUSHX s a", want: wrongType},
		{name: "llen", setup: []string{"RPUSH k a b"}, cmd: "LLEN k", want: ":2\r\n"},
		{name: "llen missing", cmd: "LLEN k", want: ":0\r\n"},
		{name: "llen wrong type", setup: []string{"SET s x"}, cmd: "LLEN s", want: wrongType},
	})
}

func TestListIndexSetInsert(t *testing.T) {
	setup := []string{"RPUSH k a b c d"}
	runCases(t, []cmdCase{
		{name: "lindex", setup: setup, cmd: "LINDEX k 1", want: "$1\r\nb\r\n"},
		{name: "lindex negative", setup: setup, cmd: "LINDEX k -1", want: "$1\r\nd\r\n"},
		{name: "lindex out of range", setup: setup, cmd: "LINDEX k 4", want: "$-1\r\n"},
		{name: "lindex out of range resp3", proto: 3, setup: setup, cmd: "LINDEX k -5", want: "_\r\n"},
		{name: "lindex missing before index parse", cmd: "LINDEX k x", want: "$-1\r\n"},
		{name: "lindex wrong type before index parse", setup: []string{"SET s x"}, cmd: "LINDEX s x", want: wrongType},
		{name: "lindex bad index", setup: setup, cmd: "LINDEX k x", want: "-ERR value is not an integer or out of range\r\n"},
		{name: "lindex min int", setup: setup, cmd: "LINDEX k -9223372036854775808", want: "$-1\r\n"},
		{name: "lset", setup: append(setup, "LSET k -1 D"), cmd: "LRANGE k 0 -1", want: bulks("a", "b", "c", "D")},
		{name: "lset reply", setup: setup, cmd: "LSET k 0 A", want: "+OK\r\n"},
		{name: "lset missing", cmd: "LSET k 0 x", want: "-ERR no such key\r\n"},
		{name: "lset missing bad index", cmd: "LSET k x x", want: "-ERR no such key\r\n"},
		{name: "lset out of range", setup: setup, cmd: "LSET k 4 x", want: "-ERR index out of range\r\n"},
		{name: "lset bad index", setup: setup, cmd: "LSET k x x", want: "-ERR value is not an integer or out of range\r\n"},
		{name: "lset wrong type", setup: []string{"SET s x"}, cmd: "LSET s 0 x", want: wrongType},
		{name: "linsert before", setup: setup, cmd: "LINSERT k BEFORE c x", want: ":5\r\n"},
		{name: "linsert after list", setup: append(setup, "LINSERT k after d x", "LINSERT k BEFORE a y"),
			cmd: "LRANGE k 0 -1", want: bulks("y", "a", "b", "c", "d", "x")},
		{name: "linsert first pivot", setup: []string{"RPUSH k a b a", "LINSERT k AFTER a x"},
			cmd: "LRANGE k 0 -1", want: bulks("a", "x", "b", "a")},
		{name: "linsert no pivot", setup: setup, cmd: "LINSERT k BEFORE z x", want: ":-1\r\n"},
		{name: "linsert missing", cmd: "LINSERT k BEFORE a x", want: ":0\r\n"},
		{name: "linsert syntax before type", setup: []string{"SET s x"}, cmd: "LINSERT s MIDDLE a x", want: "-ERR syntax error\r\n"},
		{name: "linsert wrong type", setup: []string{"SET s x"}, cmd: "LINSERT s BEFORE a x", want: wrongType},
	})
}

func TestListPop(t *testing.T) {
	setup := []string{"RPUSH k a b c d e"}
	runCases(t, []cmdCase{
		{name: "lpop", setup: setup, cmd: "LPOP k", want: "$1\r\na\r\n"},
		{name: "rpop", setup: setup, cmd: "RPOP k", want: "$1\r\ne\r\n"},
		{name: "lpop count", setup: setup, cmd: "LPOP k 2", want: bulks("a", "b")},
		{name: "rpop count in pop order", setup: setup, cmd: "RPOP k 3", want: bulks("e", "d", "c")},
		{name: "rpop count beyond", setup: setup, cmd: "RPOP k 10", want: bulks("e", "d", "c", "b", "a")},
		{name: "deleted when empty", setup: append(setup, "LPOP k 5"), cmd: "LLEN k", want: ":0\r\n"},
		{name: "count 0", setup: setup, cmd: "LPOP k 0", want: "*0\r\n"},
		{name: "count 0 missing", cmd: "LPOP k 0", want: "*-1\r\n"},
		{name: "missing", cmd: "LPOP k", want: "$-1\r\n"},
		{name: "missing resp3", proto: 3, cmd: "RPOP k", want: "_\r\n"},
		{name: "missing count", cmd: "LPOP k 2", want: "*-1\r\n"},
		{name: "missing count resp3", proto: 3, cmd: "LPOP k 2", want: "_\r\n"},
		{name: "negative count", setup: setup, cmd: "LPOP k -1", want: "-ERR value is out of range, must be positive\r\n"},
		{name: "bad count", setup: setup, cmd: "LPOP k x", want: "-ERR value is out of range, must be positive\r\n"},
		{name: "bad count on missing key", cmd: "RPOP k x", want: "-ERR value is out of range, must be positive\r\n"},
		{name: "wrong type", setup: []string{"SET s x"}, cmd: "LPOP s", want: wrongType},
		{name: "wrong type count 0", setup: []string{"SET s x"}, cmd: "LPOP s 0", want: wrongType},
		{name: "too many args", setup: setup, cmd: "LPOP k 1 2", want: "-ERR wrong number of arguments for 'lpop' command\r\n"},
		{name: "rpop too many args", setup: setup, cmd: "RPOP k 1 2 3", want: "-ERR wrong number of arguments for 'rpop' command\r\n"},
	})
}

func TestListRangeTrimRem(t *testing.T) {
	setup := []string{"RPUSH k a b c d e f g"}
	runCases(t, []cmdCase{
		{name: "lrange all", setup: setup, cmd: "LRANGE k 0 -1", want: bulks("a", "b", "c", "d", "e", "f", "g")},
		{name: "lrange negative", setup: setup, cmd: "LRANGE k -3 -2", want: bulks("e", "f")},
		{name: "lrange clamp", setup: setup, cmd: "LRANGE k -100 1", want: bulks("a", "b")},
		{name: "lrange empty", setup: setup, cmd: "LRANGE k 5 2", want: "*0\r\n"},
		{name: "lrange past end", setup: setup, cmd: "LRANGE k 7 9", want: "*0\r\n"},
		{name: "lrange extremes", setup: setup, cmd: "LRANGE k -9223372036854775808 9223372036854775807",
			want: bulks("a", "b", "c", "d", "e", "f", "g")},
		{name: "lrange missing", cmd: "LRANGE k 0 -1", want: "*0\r\n"},
		{name: "lrange bad index first", cmd: "LRANGE k x 1", want: "-ERR value is not an integer or out of range\r\n"},
		{name: "lrange wrong type", setup: []string{"SET s x"}, cmd: "LRANGE s 0 1", want: wrongType},
		{name: "ltrim", setup: append(setup, "LTRIM k 1 -2"), cmd: "LRANGE k 0 -1", want: bulks("b", "c", "d", "e", "f")},
		{name: "ltrim reply", setup: setup, cmd: "LTRIM k 0 0", want: "+OK\r\n"},
		{name: "ltrim empty deletes", setup: append(setup, "LTRIM k 5 1"), cmd: "LLEN k", want: ":0\r\n"},
		{name: "ltrim missing", cmd: "LTRIM k 0 1", want: "+OK\r\n"},
		{name: "ltrim bad", cmd: "LTRIM k 0 x", want: "-ERR value is not an integer or out of range\r\n"},
		{name: "ltrim wrong type", setup: []string{"SET s x"}, cmd: "LTRIM s 0 1", want: wrongType},
		{name: "lrem head", setup: []string{"RPUSH k a b a c a", "LREM k 2 a"}, cmd: "LRANGE k 0 -1", want: bulks("b", "c", "a")},
		{name: "lrem tail", setup: []string{"RPUSH k a b a c a", "LREM k -2 a"}, cmd: "LRANGE k 0 -1", want: bulks("a", "b", "c")},
		{name: "lrem all", setup: []string{"RPUSH k a b a c a"}, cmd: "LREM k 0 a", want: ":3\r\n"},
		{name: "lrem min int", setup: []string{"RPUSH k a b a"}, cmd: "LREM k -9223372036854775808 a", want: ":2\r\n"},
		{name: "lrem empties", setup: []string{"RPUSH k a a", "LREM k 0 a"}, cmd: "LLEN k", want: ":0\r\n"},
		{name: "lrem missing", cmd: "LREM k 0 a", want: ":0\r\n"},
		{name: "lrem bad count", cmd: "LREM k x a", want: "-ERR value is not an integer or out of range\r\n"},
		{name: "lrem wrong type", setup: []string{"SET s x"}, cmd: "LREM s 0 a", want: wrongType},
	})
}

func TestListLpos(t *testing.T) {
	setup := []string{"RPUSH k a b c 1 2 3 c c"}
	const rankZero = "-ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list\r\n"
	runCases(t, []cmdCase{
		{name: "first", setup: setup, cmd: "LPOS k c", want: ":2\r\n"},
		{name: "no match", setup: setup, cmd: "LPOS k z", want: "$-1\r\n"},
		{name: "no match resp3", proto: 3, setup: setup, cmd: "LPOS k z", want: "_\r\n"},
		{name: "rank 2", setup: setup, cmd: "LPOS k c RANK 2", want: ":6\r\n"},
		{name: "rank beyond", setup: setup, cmd: "LPOS k c RANK 4", want: "$-1\r\n"},
		{name: "rank -1", setup: setup, cmd: "LPOS k c RANK -1", want: ":7\r\n"},
		{name: "rank -2", setup: setup, cmd: "LPOS k c RANK -2", want: ":6\r\n"},
		{name: "rank min int", setup: setup, cmd: "LPOS k c RANK -9223372036854775808", want: ":7\r\n"},
		{name: "rank min int count", setup: setup, cmd: "LPOS k c RANK -9223372036854775808 COUNT 2", want: "*3\r\n:7\r\n:6\r\n:2\r\n"},
		{name: "count 0", setup: setup, cmd: "LPOS k c COUNT 0", want: "*3\r\n:2\r\n:6\r\n:7\r\n"},
		{name: "count 2", setup: setup, cmd: "LPOS k c COUNT 2", want: "*2\r\n:2\r\n:6\r\n"},
		{name: "count rank", setup: setup, cmd: "LPOS k c COUNT 2 RANK -1", want: "*2\r\n:7\r\n:6\r\n"},
		{name: "count no match", setup: setup, cmd: "LPOS k z COUNT 0", want: "*0\r\n"},
		{name: "maxlen", setup: setup, cmd: "LPOS k c MAXLEN 2", want: "$-1\r\n"},
		{name: "maxlen from tail", setup: setup, cmd: "LPOS k c RANK -1 MAXLEN 1 COUNT 0", want: "*1\r\n:7\r\n"},
		{name: "missing", cmd: "LPOS k a", want: "$-1\r\n"},
		{name: "missing count", cmd: "LPOS k a COUNT 1", want: "*0\r\n"},
		{name: "rank 0", setup: setup, cmd: "LPOS k c RANK 0", want: rankZero},
		{name: "rank 0 before type", setup: []string{"SET s x"}, cmd: "LPOS s c RANK 0", want: rankZero},
		{name: "bad rank", setup: setup, cmd: "LPOS k c RANK x", want: "-ERR value is not an integer or out of range\r\n"},
		{name: "negative count", setup: setup, cmd: "LPOS k c COUNT -1", want: "-ERR COUNT can't be negative\r\n"},
		{name: "bad count", setup: setup, cmd: "LPOS k c COUNT x", want: "-ERR COUNT can't be negative\r\n"},
		{name: "negative maxlen", setup: setup, cmd: "LPOS k c MAXLEN -1", want: "-ERR MAXLEN can't be negative\r\n"},
		{name: "option without value", setup: setup, cmd: "LPOS k c RANK", want: "-ERR syntax error\r\n"},
		{name: "unknown option", setup: setup, cmd: "LPOS k c FOO 1", want: "-ERR syntax error\r\n"},
		{name: "wrong type", setup: []string{"SET s x"}, cmd: "LPOS s c", want: wrongType},
	})
}

func TestListMove(t *testing.T) {
	runCases(t, []cmdCase{
		{name: "lmove", setup: []string{"RPUSH s a b c"}, cmd: "LMOVE s d LEFT RIGHT", want: "$1\r\na\r\n"},
		{name: "lmove lists", setup: []string{"RPUSH s a b c", "RPUSH d x", "LMOVE s d RIGHT LEFT", "LMOVE s d left right"},
			cmd: "LRANGE d 0 -1", want: bulks("c", "x", "a")},
		{name: "lmove source deleted", setup: []string{"RPUSH s a", "LMOVE s d LEFT LEFT"}, cmd: "LLEN s", want: ":0\r\n"},
		{name: "lmove rotate one", setup: []string{"RPUSH s a", "LMOVE s s LEFT RIGHT"}, cmd: "LRANGE s 0 -1", want: bulks("a")},
		{name: "lmove rotate", setup: []string{"RPUSH s a b c", "LMOVE s s LEFT RIGHT"}, cmd: "LRANGE s 0 -1", want: bulks("b", "c", "a")},
		{name: "lmove missing", cmd: "LMOVE s d LEFT LEFT", want: "$-1\r\n"},
		{name: "lmove missing resp3", proto: 3, cmd: "LMOVE s d LEFT LEFT", want: "_\r\n"},
		{name: "lmove wrong source", setup: []string{"SET s x"}, cmd: "LMOVE s d LEFT LEFT", want: wrongType},
		{name: "lmove wrong destination", setup: []string{"RPUSH s a", "SET d x"}, cmd: "LMOVE s d LEFT LEFT", want: wrongType},
		{name: "lmove wrong destination keeps source", setup: []string{"RPUSH s a", "SET d x", "LMOVE s d LEFT LEFT"},
			cmd: "LLEN s", want: ":1\r\n"},
		{name: "lmove missing source wrong destination", setup: []string{"SET d x"}, cmd: "LMOVE s d LEFT LEFT", want: "$-1\r\n"},
		{name: "lmove bad where", cmd: "LMOVE s d UP LEFT", want: "-ERR syntax error\r\n"},
		{name: "lmove bad where 2", cmd: "LMOVE s d LEFT DOWN", want: "-ERR syntax error\r\n"},
		{name: "rpoplpush", setup: []string{"RPUSH s a b", "RPUSH d x", "RPOPLPUSH s d"}, cmd: "LRANGE d 0 -1", want: bulks("b", "x")},
		{name: "rpoplpush missing", cmd: "RPOPLPUSH s d", want: "$-1\r\n"},
	})
}

func TestListMpop(t *testing.T) {
	setup := []string{"RPUSH b a b c d"}
	runCases(t, []cmdCase{
		{name: "first non-empty", setup: setup, cmd: "LMPOP 2 a b LEFT", want: "*2\r\n$1\r\nb\r\n" + bulks("a")},
		{name: "right count", setup: setup, cmd: "LMPOP 2 a b RIGHT COUNT 3", want: "*2\r\n$1\r\nb\r\n" + bulks("d", "c", "b")},
		{name: "count beyond", setup: setup, cmd: "LMPOP 1 b LEFT count 10", want: "*2\r\n$1\r\nb\r\n" + bulks("a", "b", "c", "d")},
		{name: "none", cmd: "LMPOP 2 a b LEFT", want: "*-1\r\n"},
		{name: "none resp3", proto: 3, cmd: "LMPOP 2 a b LEFT", want: "_\r\n"},
		{name: "resp3 shape", proto: 3, setup: setup, cmd: "LMPOP 1 b LEFT", want: "*2\r\n$1\r\nb\r\n" + bulks("a")},
		{name: "wrong type first", setup: append(setup, "SET s x"), cmd: "LMPOP 2 s b LEFT", want: wrongType},
		{name: "wrong type after data", setup: append(setup, "SET s x"), cmd: "LMPOP 2 b s LEFT", want: "*2\r\n$1\r\nb\r\n" + bulks("a")},
		{name: "numkeys 0", cmd: "LMPOP 0 a LEFT", want: "-ERR numkeys should be greater than 0\r\n"},
		{name: "numkeys bad", cmd: "LMPOP x a LEFT", want: "-ERR numkeys should be greater than 0\r\n"},
		{name: "numkeys too many", cmd: "LMPOP 2 a LEFT", want: "-ERR syntax error\r\n"},
		{name: "numkeys huge", cmd: "LMPOP 9223372036854775807 a LEFT", want: "-ERR syntax error\r\n"},
		{name: "bad where", cmd: "LMPOP 1 a MIDDLE", want: "-ERR syntax error\r\n"},
		{name: "count 0", cmd: "LMPOP 1 a LEFT COUNT 0", want: "-ERR count should be greater than 0\r\n"},
		{name: "count bad", cmd: "LMPOP 1 a LEFT COUNT x", want: "-ERR count should be greater than 0\r\n"},
		{name: "count twice", cmd: "LMPOP 1 a LEFT COUNT 1 COUNT 2", want: "-ERR syntax error\r\n"},
		{name: "count missing value", cmd: "LMPOP 1 a LEFT COUNT", want: "-ERR syntax error\r\n"},
	})
}

func TestListBlockingImmediate(t *testing.T) {
	runCases(t, []cmdCase{
		{name: "blpop data", setup: []string{"RPUSH b x y"}, cmd: "BLPOP a b 0", want: bulks("b", "x")},
		{name: "brpop data", setup: []string{"RPUSH b x y"}, cmd: "BRPOP a b 0", want: bulks("b", "y")},
		{name: "blpop wrong type", setup: []string{"SET s x"}, cmd: "BLPOP a s 0", want: wrongType},
		{name: "blpop negative", cmd: "BLPOP a -1", want: "-ERR timeout is negative\r\n"},
		{name: "blpop bad timeout", cmd: "BLPOP a x", want: "-ERR timeout is not a float or out of range\r\n"},
		{name: "blpop timeout before type", setup: []string{"SET s x"}, cmd: "BLPOP s x", want: "-ERR timeout is not a float or out of range\r\n"},
		{name: "blpop nan", cmd: "BLPOP a nan", want: "-ERR timeout is not a float or out of range\r\n"},
		{name: "blpop inf", cmd: "BLPOP a inf", want: "-ERR timeout is negative\r\n"},
		{name: "blpop huge", cmd: "BLPOP a 1e20", want: "-ERR timeout is negative\r\n"},
		{name: "blpop beyond long double", cmd: "BLPOP a 1e99999", want: "-ERR timeout is not a float or out of range\r\n"},
		{name: "blpop space", cmd: `BLPOP a " 1"`, want: "-ERR timeout is not a float or out of range\r\n"},
		{name: "blmove data", setup: []string{"RPUSH s a b"}, cmd: "BLMOVE s d RIGHT LEFT 0", want: "$1\r\nb\r\n"},
		{name: "blmove bad where", cmd: "BLMOVE s d UP LEFT -1", want: "-ERR syntax error\r\n"},
		{name: "blmove negative", cmd: "BLMOVE s d LEFT LEFT -1", want: "-ERR timeout is negative\r\n"},
		{name: "blmove wrong source", setup: []string{"SET s x"}, cmd: "BLMOVE s d LEFT LEFT 0", want: wrongType},
		{name: "brpoplpush data", setup: []string{"RPUSH s a b"}, cmd: "BRPOPLPUSH s d 0", want: "$1\r\nb\r\n"},
		{name: "blmpop data", setup: []string{"RPUSH b x y z"}, cmd: "BLMPOP 0 2 a b RIGHT COUNT 2", want: "*2\r\n$1\r\nb\r\n" + bulks("z", "y")},
		{name: "blmpop numkeys first", cmd: "BLMPOP -1 0 a LEFT", want: "-ERR numkeys should be greater than 0\r\n"},
		{name: "blmpop timeout after options", cmd: "BLMPOP -1 1 a LEFT", want: "-ERR timeout is negative\r\n"},
		{name: "blmpop count before timeout", cmd: "BLMPOP -1 1 a LEFT COUNT 0", want: "-ERR count should be greater than 0\r\n"},
	})
}

// TestListBlockingParks checks what a blocking command asks the server when
// there is no data: the type, the keys and the absolute deadline.
func TestListBlockingParks(t *testing.T) {
	cases := []struct {
		cmd  string
		want string // the BlockForKeys record
	}{
		{"BLPOP a b 0", "list a b @0"},
		{"BRPOP a 1.5", "list a @" + strconv.Itoa(harnessStart+1500)},
		{"BLPOP a 0.0001", "list a @0"},                                 // below 1 ms: forever, as Redis
		{"BLPOP a -0.0001", "list a @0"},                                // truncated to 0, not negative
		{"BLPOP a 0x10", "list a @" + strconv.Itoa(harnessStart+16000)}, // strtold reads hex
		{"BLPOP a 1e-400", "list a @0"},
		{"BLPOP a 9223372036854775", "list a @0"}, // the deadline overflows: never fires
		{"BLMOVE s d LEFT RIGHT 2", "list s @" + strconv.Itoa(harnessStart+2000)},
		{"BLMOVE s x LEFT RIGHT 0", "list s @0"},
		{"BRPOPLPUSH s d 0", "list s @0"},
		{"BLMPOP 3 2 a b LEFT COUNT 2", "list a b @" + strconv.Itoa(harnessStart+3000)},
	}
	for _, tc := range cases {
		t.Run(tc.cmd, func(t *testing.T) {
			h := newHarness(t)
			h.do("SET x str")
			if got := h.do(tc.cmd); got != "" {
				t.Fatalf("blocked command replied %q", got)
			}
			if len(h.hooks.blocked) != 1 || h.hooks.blocked[0] != tc.want {
				t.Fatalf("BlockForKeys calls %q, want %q", h.hooks.blocked, tc.want)
			}
			if len(h.propagated) != 1 || h.propagated[0] != "SET x str" {
				t.Fatalf("a blocked command propagated: %q", h.propagated)
			}
		})
	}
}

// TestListBlockingDenied: where blocking is not allowed (MULTI/EXEC,
// scripts) the commands reply at once, as Redis's CLIENT_DENY_BLOCKING.
func TestListBlockingDenied(t *testing.T) {
	cases := []struct {
		cmd, want, want3 string
	}{
		{"BLPOP a 0", "*-1\r\n", "_\r\n"},
		{"BRPOP a b 0", "*-1\r\n", "_\r\n"},
		{"BLMPOP 0 1 a LEFT", "*-1\r\n", "_\r\n"},
		{"BLMOVE a d LEFT LEFT 0", "$-1\r\n", "_\r\n"}, // a null bulk, unlike its timeout
		{"BRPOPLPUSH a d 0", "$-1\r\n", "_\r\n"},
	}
	for _, tc := range cases {
		for _, proto := range []int{2, 3} {
			h := newHarness(t)
			h.hooks.denyBlock = true
			h.c.Proto = proto
			want := tc.want
			if proto == 3 {
				want = tc.want3
			}
			if got := h.do(tc.cmd); got != want {
				t.Errorf("RESP%d %s = %q, want %q", proto, tc.cmd, got, want)
			}
		}
	}
}

// TestListBlockingServed re-runs blocked commands the way the server does
// when a key becomes ready: ReadyKey set, the pop comes from that key only,
// and the effect propagates as the non-blocking command.
func TestListBlockingServed(t *testing.T) {
	cases := []struct {
		name  string
		setup []string
		ready string
		cmd   string
		want  string
		prop  string
	}{
		{"blpop", []string{"RPUSH b x y"}, "b", "BLPOP a b 0", bulks("b", "x"), "LPOP b"},
		{"blpop serves the ready key", []string{"RPUSH a 1", "RPUSH b x"}, "b", "BLPOP a b 0", bulks("b", "x"), "LPOP b"},
		{"brpop", []string{"RPUSH b x y"}, "b", "BRPOP b 5", bulks("b", "y"), "RPOP b"},
		{"blmove", []string{"RPUSH s x y"}, "s", "BLMOVE s d right left 0", "$1\r\ny\r\n", "LMOVE s d right left"},
		{"brpoplpush", []string{"RPUSH s x y"}, "s", "BRPOPLPUSH s d 0", "$1\r\ny\r\n", "RPOPLPUSH s d"},
		{"blmpop", []string{"RPUSH b x y z"}, "b", "BLMPOP 0 2 a b LEFT COUNT 2", "*2\r\n$1\r\nb\r\n" + bulks("x", "y"), "LPOP b 2"},
		{"blmpop count beyond", []string{"RPUSH b x"}, "b", "BLMPOP 0 1 b RIGHT COUNT 5", "*2\r\n$1\r\nb\r\n" + bulks("x"), "RPOP b 1"},
		{"blmove wrong destination", []string{"RPUSH s x", "SET d str"}, "s", "BLMOVE s d LEFT LEFT 0", wrongType, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			for _, s := range tc.setup {
				h.do(s)
			}
			h.propagated = nil
			h.c.ReadyKey = []byte(tc.ready)
			got := h.do(tc.cmd)
			h.c.ReadyKey = nil
			if got != tc.want {
				t.Errorf("reply %q, want %q", got, tc.want)
			}
			wantProp := []string{}
			if tc.prop != "" {
				wantProp = []string{tc.prop}
			}
			if !slices.Equal(h.propagated, wantProp) && !(len(h.propagated) == 0 && len(wantProp) == 0) {
				t.Errorf("propagated %q, want %q", h.propagated, wantProp)
			}
			if len(h.hooks.blocked) != 0 {
				t.Errorf("served command blocked again: %q", h.hooks.blocked)
			}
		})
	}
}

// TestListPropagation checks what each write hands to the AOF.
func TestListPropagation(t *testing.T) {
	cases := []struct {
		setup []string
		cmd   string
		want  []string
	}{
		{nil, "RPUSH k a b", []string{"RPUSH k a b"}},
		{nil, "LPUSHX k a", nil},
		{[]string{"RPUSH k a b"}, "LPOP k", []string{"LPOP k"}},
		{[]string{"RPUSH k a b"}, "RPOP k 5", []string{"RPOP k 5"}},
		{[]string{"RPUSH k a b"}, "LPOP k 0", nil},
		{nil, "LPOP k", nil},
		{[]string{"RPUSH k a b"}, "LSET k 0 x", []string{"LSET k 0 x"}},
		{[]string{"RPUSH k a b"}, "LINSERT k BEFORE z x", nil},
		{[]string{"RPUSH k a b"}, "LREM k 0 z", nil},
		{[]string{"RPUSH k a b"}, "LTRIM k 0 -1", nil},
		{[]string{"RPUSH k a b"}, "LTRIM k 1 -1", []string{"LTRIM k 1 -1"}},
		{[]string{"RPUSH k a b"}, "BLPOP x k 0", []string{"LPOP k"}},
		{[]string{"RPUSH k a b"}, "BRPOP k 0", []string{"RPOP k"}},
		{[]string{"RPUSH k a b"}, "LMPOP 1 k RIGHT COUNT 10", []string{"RPOP k 2"}},
		{[]string{"RPUSH k a b"}, "BLMPOP 0 1 k LEFT", []string{"LPOP k 1"}},
		{[]string{"RPUSH k a b"}, "BLMOVE k d LEFT RIGHT 0", []string{"LMOVE k d LEFT RIGHT"}},
		{[]string{"RPUSH k a b"}, "BRPOPLPUSH k d 0", []string{"RPOPLPUSH k d"}},
		{[]string{"RPUSH k a b"}, "RPOPLPUSH k d", []string{"RPOPLPUSH k d"}},
		{nil, "LMPOP 1 k LEFT", nil},
		{nil, "LRANGE k 0 -1", nil},
	}
	for _, tc := range cases {
		t.Run(tc.cmd, func(t *testing.T) {
			h := newHarness(t)
			for _, s := range tc.setup {
				h.do(s)
			}
			h.propagated = nil
			h.do(tc.cmd)
			if !slices.Equal(h.propagated, tc.want) {
				t.Errorf("propagated %q, want %q", h.propagated, tc.want)
			}
		})
	}
}

// TestListSignals checks WATCH signals, keyspace events and ready keys.
func TestListSignals(t *testing.T) {
	h := newHarness(t)
	h.do("RPUSH k a b")
	h.do("LMOVE k d LEFT LEFT")
	h.do("LPOP k")
	if want := []string{"k", "d", "k", "k"}; !slices.Equal(h.hooks.modified, want) {
		t.Errorf("modified %q, want %q", h.hooks.modified, want)
	}
	if want := []string{"k", "d"}; !slices.Equal(h.hooks.ready, want) {
		t.Errorf("ready %q, want %q", h.hooks.ready, want)
	}
	want := []string{"rpush:k", "lpush:d", "lpop:k", "lpop:k", "del:k"}
	if !slices.Equal(h.hooks.events, want) {
		t.Errorf("events %q, want %q", h.hooks.events, want)
	}
	if e := h.srv.Keyspace.DBs[0].Find([]byte("d")); e == nil || e.Value.Encoding() != "quicklist" {
		t.Errorf("d is not a quicklist list: %+v", e)
	}
	if _, ok := h.srv.Keyspace.DBs[0].Find([]byte("d")).Value.(*store.List); !ok {
		t.Error("d is not a *store.List")
	}
}

func TestListGetKeys(t *testing.T) {
	argv := func(s string) [][]byte {
		var out [][]byte
		for _, f := range strings.Fields(s) {
			out = append(out, []byte(f))
		}
		return out
	}
	if got := lmpopGetKeys(argv("LMPOP 2 a b LEFT")); !slices.Equal(got, []int{2, 3}) {
		t.Errorf("lmpop keys %v", got)
	}
	if got := blmpopGetKeys(argv("BLMPOP 0 1 a LEFT")); !slices.Equal(got, []int{3}) {
		t.Errorf("blmpop keys %v", got)
	}
	if got := lmpopGetKeys(argv("LMPOP 5 a LEFT")); got != nil {
		t.Errorf("bad numkeys keys %v", got)
	}
}
