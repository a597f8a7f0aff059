package commands

import (
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/ember-db/ember/store"
)

// strOther is a non-string value, for WRONGTYPE cases (the string branch has
// no other data type to create one with).
type strOther struct{}

func (strOther) Type() string      { return "list" }
func (strOther) Encoding() string  { return "quicklist" }
func (strOther) Copy() store.Value { return strOther{} }

// strNopHooks ignores every signal.
// strCase is one row of the string and bit command tables: setup commands,
// keys to create holding a non-string value, then cmd whose raw reply must
// be want. When prop is non-nil, the records cmd propagated must equal it
// (an empty, non-nil slice: nothing propagated). enc maps keys to the
// OBJECT ENCODING expected after cmd ("" means the key must not exist).
type strCase struct {
	name  string
	proto int
	setup []string
	other []string
	cmd   string
	want  string
	prop  []string
	enc   map[string]string
}

func runStrCases(t *testing.T, cases []strCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			for _, k := range tc.other {
				h.c.DB.Add([]byte(k), strOther{}, h.now)
			}
			for _, s := range tc.setup {
				h.do(s)
			}
			if tc.proto == 3 {
				h.c.Proto = 3
			}
			h.propagated = nil
			if got := h.do(tc.cmd); got != tc.want {
				t.Errorf("%s\n got %q\nwant %q", tc.cmd, got, tc.want)
			}
			if tc.prop != nil && !(len(tc.prop) == 0 && len(h.propagated) == 0) && !reflect.DeepEqual(h.propagated, tc.prop) {
				t.Errorf("%s propagated %q, want %q", tc.cmd, h.propagated, tc.prop)
			}
			for k, want := range tc.enc {
				e := h.c.DB.Find([]byte(k))
				got := ""
				if e != nil {
					got = e.Value.Encoding()
				}
				if got != want {
					t.Errorf("%s: encoding of %q = %q, want %q", tc.cmd, k, got, want)
				}
			}
		})
	}
}

// none is an expected empty propagation.
var none = []string{}

func ms(n int64) string { return strconv.FormatInt(n, 10) }

func TestStringGetSet(t *testing.T) {
	in100s := ms(harnessStart + 100_000)
	runStrCases(t, []strCase{
		{name: "get missing", cmd: "GET k", want: "$-1\r\n", prop: none},
		{name: "get missing resp3", proto: 3, cmd: "GET k", want: "_\r\n"},
		{name: "get", setup: []string{"SET k hello"}, cmd: "GET k", want: "$5\r\nhello\r\n"},
		{name: "get wrong type", other: []string{"k"}, cmd: "GET k", want: wrongType},
		{name: "get arity", cmd: "GET", want: "-ERR wrong number of arguments for 'get' command\r\n"},
		{name: "set", cmd: "SET k v", want: "+OK\r\n", prop: []string{"SET k v"}, enc: map[string]string{"k": "embstr"}},
		{name: "set int encoding", cmd: "SET k 123", want: "+OK\r\n", enc: map[string]string{"k": "int"}},
		{name: "set raw encoding", cmd: "SET k " + strings.Repeat("x", 45), want: "+OK\r\n", enc: map[string]string{"k": "raw"}},
		{name: "set overwrites wrong type", other: []string{"k"}, cmd: "SET k v", want: "+OK\r\n", enc: map[string]string{"k": "embstr"}},
		{name: "set nx missing", cmd: "SET k v NX", want: "+OK\r\n", prop: []string{"SET k v NX"}},
		{name: "set nx exists", setup: []string{"SET k v"}, cmd: "SET k w NX", want: "$-1\r\n", prop: none},
		{name: "set nx exists resp3", proto: 3, setup: []string{"SET k v"}, cmd: "SET k w NX", want: "_\r\n"},
		{name: "set xx missing", cmd: "SET k v XX", want: "$-1\r\n", prop: none},
		{name: "set xx exists", setup: []string{"SET k v"}, cmd: "SET k w xx", want: "+OK\r\n", prop: []string{"SET k w xx"}},
		{name: "set nx xx", cmd: "SET k v NX XX", want: "-ERR syntax error\r\n"},
		{name: "set xx nx", cmd: "SET k v XX NX", want: "-ERR syntax error\r\n"},
		{name: "set nx nx", cmd: "SET k v NX NX", want: "+OK\r\n"},
		{name: "set unknown option", cmd: "SET k v FOO", want: "-ERR syntax error\r\n"},
		{name: "set option ends at NUL", cmd: "SET k v \"nx\\x00junk\"", want: "+OK\r\n"},
		{name: "set get missing", cmd: "SET k v GET", want: "$-1\r\n", prop: []string{"SET k v"}},
		{name: "set get old", setup: []string{"SET k old"}, cmd: "SET k new get GET", want: "$3\r\nold\r\n", prop: []string{"SET k new"}},
		{name: "set get keeps other options", setup: []string{"SET k old"}, cmd: "SET k new GET XX keepttl", want: "$3\r\nold\r\n", prop: []string{"SET k new XX keepttl"}},
		{name: "set get wrong type", other: []string{"k"}, cmd: "SET k v GET", want: wrongType, prop: none},
		{name: "set nx get exists", setup: []string{"SET k old"}, cmd: "SET k new NX GET", want: "$3\r\nold\r\n", prop: none},
		{name: "set xx get missing resp3", proto: 3, cmd: "SET k new XX GET", want: "_\r\n", prop: none},
		{name: "set ex", cmd: "SET k v EX 100", want: "+OK\r\n", prop: []string{"SET k v PXAT " + in100s}},
		{name: "set px nx", cmd: "SET k v PX 100000 NX", want: "+OK\r\n", prop: []string{"SET k v PXAT " + in100s}},
		{name: "set exat", cmd: "SET k v EXAT 1800000000", want: "+OK\r\n", prop: []string{"SET k v PXAT 1800000000000"}},
		{name: "set pxat get", setup: []string{"SET k old"}, cmd: "SET k v PXAT 1800000000001 GET", want: "$3\r\nold\r\n", prop: []string{"SET k v PXAT 1800000000001"}},
		{name: "set ex twice", cmd: "SET k v EX 1 EX 100", want: "+OK\r\n", prop: []string{"SET k v PXAT " + in100s}},
		{name: "set ex px", cmd: "SET k v EX 1 PX 1", want: "-ERR syntax error\r\n"},
		{name: "set exat pxat", cmd: "SET k v EXAT 1 PXAT 1", want: "-ERR syntax error\r\n"},
		{name: "set ex keepttl", cmd: "SET k v EX 1 KEEPTTL", want: "-ERR syntax error\r\n"},
		{name: "set keepttl px", cmd: "SET k v KEEPTTL PX 1", want: "-ERR syntax error\r\n"},
		{name: "set persist", cmd: "SET k v PERSIST", want: "-ERR syntax error\r\n"},
		{name: "set ex missing value", cmd: "SET k v EX", want: "-ERR syntax error\r\n"},
		{name: "set ex zero", cmd: "SET k v EX 0", want: "-ERR invalid expire time in 'set' command\r\n"},
		{name: "set px negative", cmd: "SET k v PX -1", want: "-ERR invalid expire time in 'set' command\r\n"},
		{name: "set ex overflow", cmd: "SET k v EX 9223372036854775", want: "-ERR invalid expire time in 'set' command\r\n"},
		{name: "set px overflow", cmd: "SET k v PX 9223372036854775807", want: "-ERR invalid expire time in 'set' command\r\n"},
		{name: "set exat max", cmd: "SET k v EXAT 9223372036854775", want: "+OK\r\n"},
		{name: "set exat overflow", cmd: "SET k v EXAT 9223372036854776", want: "-ERR invalid expire time in 'set' command\r\n"},
		{name: "set ex not integer", cmd: "SET k v EX 1.5", want: "-ERR value is not an integer or out of range\r\n"},
		{name: "set syntax before expire value", cmd: "SET k v EX abc NX XX", want: "-ERR syntax error\r\n"},
		{name: "set expire before wrong type", other: []string{"k"}, cmd: "SET k v EX 0 GET", want: "-ERR invalid expire time in 'set' command\r\n"},
		{name: "set arity", cmd: "SET k", want: "-ERR wrong number of arguments for 'set' command\r\n"},
		{name: "setnx missing", cmd: "SETNX k v", want: ":1\r\n", prop: []string{"SETNX k v"}},
		{name: "setnx exists", setup: []string{"SET k v"}, cmd: "SETNX k w", want: ":0\r\n", prop: none},
		{name: "setnx wrong type", other: []string{"k"}, cmd: "SETNX k w", want: ":0\r\n"},
		{name: "setex", cmd: "SETEX k 100 v", want: "+OK\r\n", prop: []string{"SET k v PXAT " + in100s}},
		{name: "setex zero", cmd: "SETEX k 0 v", want: "-ERR invalid expire time in 'setex' command\r\n"},
		{name: "setex not integer", cmd: "SETEX k x v", want: "-ERR value is not an integer or out of range\r\n"},
		{name: "psetex", cmd: "PSETEX k 100000 v", want: "+OK\r\n", prop: []string{"SET k v PXAT " + in100s}},
		{name: "psetex negative", cmd: "PSETEX k -5 v", want: "-ERR invalid expire time in 'psetex' command\r\n"},
		{name: "getset missing", cmd: "GETSET k v", want: "$-1\r\n", prop: []string{"SET k v"}},
		{name: "getset", setup: []string{"SET k old"}, cmd: "GETSET k new", want: "$3\r\nold\r\n", prop: []string{"SET k new"}},
		{name: "getset wrong type", other: []string{"k"}, cmd: "GETSET k new", want: wrongType, prop: none},
		{name: "getset resp3", proto: 3, cmd: "GETSET k v", want: "_\r\n"},
	})
}

func TestStringGetExGetDel(t *testing.T) {
	in100s := ms(harnessStart + 100_000)
	runStrCases(t, []strCase{
		{name: "getex missing", cmd: "GETEX k EX 100", want: "$-1\r\n", prop: none},
		{name: "getex missing bad expire", cmd: "GETEX k EX -1", want: "$-1\r\n"},
		{name: "getex missing syntax", cmd: "GETEX k NX", want: "-ERR syntax error\r\n"},
		{name: "getex wrong type", other: []string{"k"}, cmd: "GETEX k EX -1", want: wrongType},
		{name: "getex plain", setup: []string{"SET k v"}, cmd: "GETEX k", want: "$1\r\nv\r\n", prop: none},
		{name: "getex ex", setup: []string{"SET k v"}, cmd: "GETEX k EX 100", want: "$1\r\nv\r\n", prop: []string{"PEXPIREAT k " + in100s}},
		{name: "getex px", setup: []string{"SET k v"}, cmd: "GETEX k px 100000", want: "$1\r\nv\r\n", prop: []string{"PEXPIREAT k " + in100s}},
		{name: "getex exat", setup: []string{"SET k v"}, cmd: "GETEX k EXAT 1800000000", want: "$1\r\nv\r\n", prop: []string{"PEXPIREAT k 1800000000000"}},
		{name: "getex pxat", setup: []string{"SET k v"}, cmd: "GETEX k PXAT 1800000000001", want: "$1\r\nv\r\n", prop: []string{"PEXPIREAT k 1800000000001"}},
		{name: "getex pxat past deletes", setup: []string{"SET k v"}, cmd: "GETEX k PXAT 1", want: "$1\r\nv\r\n", prop: []string{"DEL k"}, enc: map[string]string{"k": ""}},
		{name: "getex exat now deletes", setup: []string{"SET k v"}, cmd: "GETEX k EXAT " + ms(harnessStart/1000), want: "$1\r\nv\r\n", prop: []string{"DEL k"}, enc: map[string]string{"k": ""}},
		{name: "getex persist", setup: []string{"SET k v EX 100"}, cmd: "GETEX k PERSIST", want: "$1\r\nv\r\n", prop: []string{"PERSIST k"}},
		{name: "getex persist no ttl", setup: []string{"SET k v"}, cmd: "GETEX k PERSIST", want: "$1\r\nv\r\n", prop: none},
		{name: "getex ex zero", setup: []string{"SET k v"}, cmd: "GETEX k EX 0", want: "-ERR invalid expire time in 'getex' command\r\n"},
		{name: "getex ex overflow", setup: []string{"SET k v"}, cmd: "GETEX k EX 9223372036854775", want: "-ERR invalid expire time in 'getex' command\r\n"},
		{name: "getex ex not integer", setup: []string{"SET k v"}, cmd: "GETEX k EX abc", want: "-ERR value is not an integer or out of range\r\n"},
		{name: "getex ex persist", setup: []string{"SET k v"}, cmd: "GETEX k EX 1 PERSIST", want: "-ERR syntax error\r\n"},
		{name: "getex persist ex", setup: []string{"SET k v"}, cmd: "GETEX k PERSIST EX 1", want: "-ERR syntax error\r\n"},
		{name: "getex keepttl", setup: []string{"SET k v"}, cmd: "GETEX k KEEPTTL", want: "-ERR syntax error\r\n"},
		{name: "getex get", setup: []string{"SET k v"}, cmd: "GETEX k GET", want: "-ERR syntax error\r\n"},
		{name: "getex resp3 missing", proto: 3, cmd: "GETEX k", want: "_\r\n"},
		{name: "getdel", setup: []string{"SET k v"}, cmd: "GETDEL k", want: "$1\r\nv\r\n", prop: []string{"DEL k"}, enc: map[string]string{"k": ""}},
		{name: "getdel missing", cmd: "GETDEL k", want: "$-1\r\n", prop: none},
		{name: "getdel missing resp3", proto: 3, cmd: "GETDEL k", want: "_\r\n"},
		{name: "getdel wrong type", other: []string{"k"}, cmd: "GETDEL k", want: wrongType},
	})
}

func TestStringRanges(t *testing.T) {
	runStrCases(t, []strCase{
		{name: "strlen missing", cmd: "STRLEN k", want: ":0\r\n"},
		{name: "strlen", setup: []string{"SET k hello"}, cmd: "STRLEN k", want: ":5\r\n"},
		{name: "strlen int", setup: []string{"SET k -123"}, cmd: "STRLEN k", want: ":4\r\n"},
		{name: "strlen wrong type", other: []string{"k"}, cmd: "STRLEN k", want: wrongType},
		{name: "append new", cmd: "APPEND k hello", want: ":5\r\n", prop: []string{"APPEND k hello"}, enc: map[string]string{"k": "embstr"}},
		{name: "append new int", cmd: "APPEND k 12", want: ":2\r\n", enc: map[string]string{"k": "int"}},
		{name: "append existing is raw", setup: []string{"SET k 12"}, cmd: "APPEND k 3", want: ":3\r\n", enc: map[string]string{"k": "raw"}},
		{name: "append empty", setup: []string{"SET k ab"}, cmd: "APPEND k \"\"", want: ":2\r\n", prop: []string{"APPEND k "}},
		{name: "append wrong type", other: []string{"k"}, cmd: "APPEND k x", want: wrongType},
		{name: "getrange", setup: []string{"SET k \"Hello World\""}, cmd: "GETRANGE k 0 4", want: "$5\r\nHello\r\n"},
		{name: "getrange negative", setup: []string{"SET k \"Hello World\""}, cmd: "GETRANGE k -5 -1", want: "$5\r\nWorld\r\n"},
		{name: "getrange clamp", setup: []string{"SET k abc"}, cmd: "GETRANGE k -100 100", want: "$3\r\nabc\r\n"},
		{name: "getrange both negative reversed", setup: []string{"SET k abc"}, cmd: "GETRANGE k -1 -100", want: "$0\r\n\r\n"},
		{name: "getrange start after end", setup: []string{"SET k abc"}, cmd: "GETRANGE k 2 1", want: "$0\r\n\r\n"},
		{name: "getrange int", setup: []string{"SET k 12345"}, cmd: "GETRANGE k 1 2", want: "$2\r\n23\r\n"},
		{name: "getrange missing", cmd: "GETRANGE k 0 -1", want: "$0\r\n\r\n"},
		{name: "getrange missing resp3", proto: 3, cmd: "GETRANGE k 0 -1", want: "$0\r\n\r\n"},
		{name: "getrange not integer", setup: []string{"SET k abc"}, cmd: "GETRANGE k a 1", want: "-ERR value is not an integer or out of range\r\n"},
		{name: "getrange bad before wrong type", other: []string{"k"}, cmd: "GETRANGE k a 1", want: "-ERR value is not an integer or out of range\r\n"},
		{name: "getrange wrong type", other: []string{"k"}, cmd: "GETRANGE k 0 1", want: wrongType},
		{name: "getrange extremes", setup: []string{"SET k abc"}, cmd: "GETRANGE k -9223372036854775808 9223372036854775807", want: "$3\r\nabc\r\n"},
		{name: "substr", setup: []string{"SET k abc"}, cmd: "SUBSTR k 1 1", want: "$1\r\nb\r\n"},
		{name: "setrange new", cmd: "SETRANGE k 3 ab", want: ":5\r\n", prop: []string{"SETRANGE k 3 ab"}, enc: map[string]string{"k": "raw"}},
		{name: "setrange new zero padded", setup: []string{"SETRANGE k 3 ab"}, cmd: "GET k", want: "$5\r\n\x00\x00\x00ab\r\n"},
		{name: "setrange new empty", cmd: "SETRANGE k 3 \"\"", want: ":0\r\n", prop: none, enc: map[string]string{"k": ""}},
		{name: "setrange existing empty", setup: []string{"SET k abc"}, cmd: "SETRANGE k 100 \"\"", want: ":3\r\n", prop: none},
		{name: "setrange overwrite", setup: []string{"SET k hello"}, cmd: "SETRANGE k 1 EL", want: ":5\r\n", enc: map[string]string{"k": "raw"}},
		{name: "setrange grow", setup: []string{"SET k ab", "SETRANGE k 4 c"}, cmd: "GET k", want: "$5\r\nab\x00\x00c\r\n"},
		{name: "setrange negative", cmd: "SETRANGE k -1 x", want: "-ERR offset is out of range\r\n"},
		{name: "setrange not integer", cmd: "SETRANGE k x x", want: "-ERR value is not an integer or out of range\r\n"},
		{name: "setrange too long", cmd: "SETRANGE k 536870912 x", want: "-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n"},
		{name: "setrange overflow", cmd: "SETRANGE k 9223372036854775807 x", want: "-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n"},
		{name: "setrange wrong type", other: []string{"k"}, cmd: "SETRANGE k 0 x", want: wrongType},
	})
}

func TestStringSizeLimit(t *testing.T) {
	h := newHarness(t)
	h.srv.Tunables.ProtoMaxBulkLen = 10
	for _, tc := range []struct{ cmd, want string }{
		{"SET k 12345", "+OK\r\n"},
		{"APPEND k 67890", ":10\r\n"},
		{"APPEND k x", "-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n"},
		{"SETRANGE k 9 x", ":10\r\n"},
		{"SETRANGE k 10 x", "-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n"},
		{"SETRANGE n 8 xyz", "-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n"},
		{"SETBIT b 79 1", ":0\r\n"},
		{"SETBIT b 80 1", "-ERR bit offset is not an integer or out of range\r\n"},
		{"GETBIT b 80", "-ERR bit offset is not an integer or out of range\r\n"},
		{"BITFIELD b GET u8 #9", "*1\r\n:1\r\n"},
		{"BITFIELD b GET u8 #10", "-ERR bit offset is not an integer or out of range\r\n"},
	} {
		if got := h.do(tc.cmd); got != tc.want {
			t.Errorf("%s\n got %q\nwant %q", tc.cmd, got, tc.want)
		}
	}
	// Loading replays what a master or the AOF wrote, without limits.
	h.srv.Loading = true
	if got := h.do("APPEND k x"); got != ":11\r\n" {
		t.Errorf("APPEND while loading = %q", got)
	}
}

func TestStringCounters(t *testing.T) {
	runStrCases(t, []strCase{
		{name: "incr missing", cmd: "INCR n", want: ":1\r\n", prop: []string{"INCR n"}, enc: map[string]string{"n": "int"}},
		{name: "incr", setup: []string{"SET n 41"}, cmd: "INCR n", want: ":42\r\n"},
		{name: "incr raw becomes int", setup: []string{"SET n 4", "APPEND n 1"}, cmd: "INCR n", want: ":42\r\n", enc: map[string]string{"n": "int"}},
		{name: "decr", setup: []string{"SET n 0"}, cmd: "DECR n", want: ":-1\r\n", prop: []string{"DECR n"}},
		{name: "incrby", setup: []string{"SET n 10"}, cmd: "INCRBY n -15", want: ":-5\r\n"},
		{name: "decrby", setup: []string{"SET n 10"}, cmd: "DECRBY n 15", want: ":-5\r\n", prop: []string{"DECRBY n 15"}},
		{name: "incr overflow", setup: []string{"SET n 9223372036854775807"}, cmd: "INCR n", want: "-ERR increment or decrement would overflow\r\n", prop: none},
		{name: "decr overflow", setup: []string{"SET n -9223372036854775808"}, cmd: "DECR n", want: "-ERR increment or decrement would overflow\r\n"},
		{name: "incrby min", cmd: "INCRBY n -9223372036854775808", want: ":-9223372036854775808\r\n"},
		{name: "decrby min", cmd: "DECRBY n -9223372036854775808", want: "-ERR decrement would overflow\r\n"},
		{name: "incr not integer", setup: []string{"SET n abc"}, cmd: "INCR n", want: "-ERR value is not an integer or out of range\r\n"},
		{name: "incr spaces", setup: []string{"SET n \" 1\""}, cmd: "INCR n", want: "-ERR value is not an integer or out of range\r\n"},
		{name: "incr leading zero", setup: []string{"SET n 01"}, cmd: "INCR n", want: "-ERR value is not an integer or out of range\r\n"},
		{name: "incrby bad increment", setup: []string{"SET n 1"}, cmd: "INCRBY n 1.5", want: "-ERR value is not an integer or out of range\r\n"},
		{name: "incrby bad increment before wrong type", other: []string{"n"}, cmd: "INCRBY n x", want: "-ERR value is not an integer or out of range\r\n"},
		{name: "incr wrong type", other: []string{"n"}, cmd: "INCR n", want: wrongType},
		{name: "incrbyfloat missing", cmd: "INCRBYFLOAT f 10.5", want: "$4\r\n10.5\r\n", prop: []string{"SET f 10.5 KEEPTTL"}},
		{name: "incrbyfloat long double", setup: []string{"SET f 0.1"}, cmd: "INCRBYFLOAT f 0.2", want: "$3\r\n0.3\r\n"},
		{name: "incrbyfloat 10.5+0.1", setup: []string{"SET f 10.5"}, cmd: "INCRBYFLOAT f 0.1", want: "$4\r\n10.6\r\n"},
		{name: "incrbyfloat exponent", setup: []string{"SET f 5.0e3"}, cmd: "INCRBYFLOAT f 2.0e2", want: "$4\r\n5200\r\n", prop: []string{"SET f 5200 KEEPTTL"}},
		{name: "incrbyfloat integral is embstr", cmd: "INCRBYFLOAT f 3", want: "$1\r\n3\r\n", enc: map[string]string{"f": "embstr"}},
		{name: "incrbyfloat 1e30", cmd: "INCRBYFLOAT f 1e30", want: "$31\r\n1000000000000000000024696061952\r\n"},
		{name: "incrbyfloat tiny is zero", cmd: "INCRBYFLOAT f -1e-20", want: "$1\r\n0\r\n"},
		{name: "incrbyfloat 17 decimals", setup: []string{"SET f 2.5"}, cmd: "INCRBYFLOAT f 1e-17", want: "$19\r\n2.50000000000000001\r\n"},
		{name: "incrbyfloat hex", cmd: "INCRBYFLOAT f 0x1p3", want: "$1\r\n8\r\n"},
		{name: "incrbyfloat inf", cmd: "INCRBYFLOAT f inf", want: "-ERR increment would produce NaN or Infinity\r\n", prop: none},
		{name: "incrbyfloat overflow", setup: []string{"SET f 1e4932"}, cmd: "INCRBYFLOAT f 1e4932", want: "-ERR increment would produce NaN or Infinity\r\n"},
		{name: "incrbyfloat out of range", cmd: "INCRBYFLOAT f 1e5000", want: "-ERR value is not a valid float\r\n"},
		{name: "incrbyfloat underflow", cmd: "INCRBYFLOAT f 1e-5000", want: "-ERR value is not a valid float\r\n"},
		{name: "incrbyfloat nan", cmd: "INCRBYFLOAT f nan", want: "-ERR value is not a valid float\r\n"},
		{name: "incrbyfloat space", cmd: "INCRBYFLOAT f \" 1\"", want: "-ERR value is not a valid float\r\n"},
		{name: "incrbyfloat trailing", cmd: "INCRBYFLOAT f 1e", want: "-ERR value is not a valid float\r\n"},
		{name: "incrbyfloat bad stored", setup: []string{"SET f abc"}, cmd: "INCRBYFLOAT f 1", want: "-ERR value is not a valid float\r\n"},
		{name: "incrbyfloat wrong type", other: []string{"f"}, cmd: "INCRBYFLOAT f x", want: wrongType},
	})
}

func TestStringMulti(t *testing.T) {
	runStrCases(t, []strCase{
		{name: "mget", setup: []string{"SET a 1", "SET b 2"}, other: []string{"l"}, cmd: "MGET a l nokey b", want: "*4\r\n$1\r\n1\r\n$-1\r\n$-1\r\n$1\r\n2\r\n"},
		{name: "mget resp3", proto: 3, setup: []string{"SET a 1"}, cmd: "MGET a nokey", want: "*2\r\n$1\r\n1\r\n_\r\n"},
		{name: "mset", cmd: "MSET a 1 b 2", want: "+OK\r\n", prop: []string{"MSET a 1 b 2"}},
		{name: "mset odd", cmd: "MSET a 1 b", want: "-ERR wrong number of arguments for 'mset' command\r\n"},
		{name: "mset over wrong type", other: []string{"a"}, cmd: "MSET a 1", want: "+OK\r\n", enc: map[string]string{"a": "int"}},
		{name: "msetnx", cmd: "MSETNX a 1 b 2", want: ":1\r\n", prop: []string{"MSETNX a 1 b 2"}},
		{name: "msetnx exists", setup: []string{"SET b x"}, cmd: "MSETNX a 1 b 2", want: ":0\r\n", prop: none, enc: map[string]string{"a": ""}},
		{name: "msetnx odd", cmd: "MSETNX a 1 b", want: "-ERR wrong number of arguments for 'msetnx' command\r\n"},
	})
}

func TestStringLCS(t *testing.T) {
	const ab = "MSET a ohmytext b mynewtext"
	runStrCases(t, []strCase{
		{name: "lcs", setup: []string{ab}, cmd: "LCS a b", want: "$6\r\nmytext\r\n"},
		{name: "lcs len", setup: []string{ab}, cmd: "LCS a b LEN", want: ":6\r\n"},
		{name: "lcs idx", setup: []string{ab}, cmd: "LCS a b IDX",
			want: "*4\r\n$7\r\nmatches\r\n*2\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n*2\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n$3\r\nlen\r\n:6\r\n"},
		{name: "lcs idx resp3", proto: 3, setup: []string{ab}, cmd: "LCS a b IDX MINMATCHLEN 4 WITHMATCHLEN",
			want: "%2\r\n$7\r\nmatches\r\n*1\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n$3\r\nlen\r\n:6\r\n"},
		{name: "lcs missing keys", cmd: "LCS a b", want: "$0\r\n\r\n"},
		{name: "lcs missing idx", cmd: "LCS a b IDX", want: "*4\r\n$7\r\nmatches\r\n*0\r\n$3\r\nlen\r\n:0\r\n"},
		{name: "lcs idx len", setup: []string{ab}, cmd: "LCS a b LEN IDX", want: "-ERR If you want both the length and indexes, please just use IDX.\r\n"},
		{name: "lcs minmatchlen missing", setup: []string{ab}, cmd: "LCS a b MINMATCHLEN", want: "-ERR syntax error\r\n"},
		{name: "lcs minmatchlen bad", setup: []string{ab}, cmd: "LCS a b MINMATCHLEN x", want: "-ERR value is not an integer or out of range\r\n"},
		{name: "lcs wrong type", other: []string{"b"}, setup: []string{"SET a x"}, cmd: "LCS a b FOO", want: "-ERR The specified keys must contain string values\r\n"},
	})
}

// TestStringExpire checks expire effects through the harness clock: the
// stored expire, lazy expiry on access and its propagation.
func TestStringExpire(t *testing.T) {
	h := newHarness(t)
	expire := func(key string) int64 {
		t.Helper()
		e := h.c.DB.Find([]byte(key))
		if e == nil {
			return -2
		}
		return e.Expire
	}
	h.do("SET k v EX 10")
	if got, want := expire("k"), int64(harnessStart+10_000); got != want {
		t.Fatalf("SET EX expire = %d, want %d", got, want)
	}
	h.do("SET k w KEEPTTL")
	if got := expire("k"); got != harnessStart+10_000 {
		t.Fatalf("KEEPTTL lost the expire: %d", got)
	}
	h.do("INCRBYFLOAT n 1")
	h.do("SETEX n 5 1")
	h.do("INCR n")
	h.do("INCRBYFLOAT n 1.5")
	h.do("APPEND n x")
	h.do("SETRANGE n 0 y")
	h.do("SETBIT n 0 1")
	if got := expire("n"); got != harnessStart+5_000 {
		t.Fatalf("in-place writes lost the expire: %d", got)
	}
	h.do("SET k v")
	if got := expire("k"); got != 0 {
		t.Fatalf("SET kept the expire: %d", got)
	}
	h.do("GETEX k PX 1500")
	if got := expire("k"); got != harnessStart+1_500 {
		t.Fatalf("GETEX PX expire = %d", got)
	}
	h.do("GETSET n v")
	if got := expire("n"); got != 0 {
		t.Fatalf("GETSET kept the expire: %d", got)
	}

	// A past EXAT/PXAT in SET is stored as is; the key expires on access.
	h.do("SET p v PXAT 1")
	if got := expire("p"); got != 1 {
		t.Fatalf("SET PXAT 1 expire = %d", got)
	}
	h.propagated = nil
	if got := h.do("GET p"); got != "$-1\r\n" {
		t.Fatalf("GET of an expired key = %q", got)
	}
	if want := []string{"DEL p"}; !reflect.DeepEqual(h.propagated, want) {
		t.Fatalf("lazy expiry propagated %q, want %q", h.propagated, want)
	}

	h.now += 1_500
	h.propagated = nil
	if got := h.do("GET k"); got != "$-1\r\n" {
		t.Fatalf("GET after the expire = %q", got)
	}
	if want := []string{"DEL k"}; !reflect.DeepEqual(h.propagated, want) {
		t.Fatalf("expiry propagated %q, want %q", h.propagated, want)
	}
}

// TestStringEvents checks keyspace events and WATCH signals.
func TestStringEvents(t *testing.T) {
	for _, tc := range []struct {
		setup  []string
		cmd    string
		events []string
	}{
		{nil, "SET k v EX 10", []string{"set:k", "expire:k"}},
		{nil, "SET k v NX", []string{"set:k"}},
		{[]string{"SET k v"}, "SET k v NX", nil},
		{nil, "MSET a 1 b 2", []string{"set:a", "set:b"}},
		{nil, "INCR k", []string{"incrby:k"}},
		{nil, "DECRBY k 2", []string{"incrby:k"}},
		{nil, "INCRBYFLOAT k 2", []string{"incrbyfloat:k"}},
		{nil, "APPEND k 2", []string{"append:k"}},
		{nil, "SETRANGE k 1 x", []string{"setrange:k"}},
		{[]string{"SET k v"}, "GETDEL k", []string{"del:k"}},
		{[]string{"SET k v"}, "GETEX k EX 10", []string{"expire:k"}},
		{[]string{"SET k v EX 10"}, "GETEX k PERSIST", []string{"persist:k"}},
		{[]string{"SET k v"}, "GETEX k PXAT 1", []string{"del:k"}},
		{nil, "GETSET k v", []string{"set:k"}},
		{nil, "SETBIT k 1 1", []string{"setbit:k"}},
		{[]string{"SETBIT k 1 1"}, "SETBIT k 1 1", nil},
		{nil, "BITFIELD k SET u8 0 1", []string{"setbit:k"}},
		{nil, "BITFIELD k OVERFLOW FAIL SET u8 0 256", nil},
		{[]string{"SET a x"}, "BITOP NOT d a", []string{"set:d"}},
		{[]string{"SET d x"}, "BITOP AND d nokey", []string{"del:d"}},
	} {
		t.Run(tc.cmd, func(t *testing.T) {
			h := newHarness(t)
			for _, s := range tc.setup {
				h.do(s)
			}
			h.hooks.events, h.hooks.modified = nil, nil
			h.do(tc.cmd)
			if !reflect.DeepEqual(h.hooks.events, tc.events) {
				t.Errorf("events %q, want %q", h.hooks.events, tc.events)
			}
			if (len(tc.events) > 0) != (len(h.hooks.modified) > 0) {
				t.Errorf("modified keys %q with events %q", h.hooks.modified, tc.events)
			}
		})
	}
}

// TestStringSetReusesBuffer checks that overwriting a string with SET
// reuses its buffer (the benchmark hot path allocates nothing) and that the
// old value seen by earlier replies is not disturbed.
func TestStringSetReusesBuffer(t *testing.T) {
	h := newHarness(t)
	h.do("SET k aaaa")
	e := h.c.DB.Find([]byte("k"))
	before := &e.Value.(*store.String).B[0]
	got := h.do("SET k bbbb GET")
	if got != "$4\r\naaaa\r\n" {
		t.Fatalf("SET GET = %q", got)
	}
	if &e.Value.(*store.String).B[0] != before {
		t.Errorf("SET of a same-size value did not reuse the buffer")
	}
	if got := h.do("GET k"); got != "$4\r\nbbbb\r\n" {
		t.Errorf("GET = %q", got)
	}
	h.srv.Hooks = nopHooks{} // the recording test hooks allocate
	run := func(proc Proc, argv ...string) func() {
		c := h.c
		args := make([][]byte, len(argv))
		for i, a := range argv {
			args[i] = []byte(a)
		}
		return func() {
			c.Buf = c.Buf[:0]
			c.Argv = args
			c.ResetCall()
			if err := proc(c); err != nil {
				t.Fatal(err)
			}
			c.TakePropagation()
		}
	}
	if n := testing.AllocsPerRun(100, run(setCommand, "SET", "k", "cccc")); n > 0 {
		t.Errorf("SET on an existing key allocates %.1f times", n)
	}
	if n := testing.AllocsPerRun(100, run(getCommand, "GET", "k")); n > 0 {
		t.Errorf("GET allocates %.1f times", n)
	}
	if n := testing.AllocsPerRun(100, run(incrCommand, "INCR", "n")); n > 0 {
		t.Errorf("INCR allocates %.1f times", n)
	}
}

func BenchmarkStringSet(b *testing.B) {
	h := newHarness(b)
	h.srv.Hooks = nopHooks{}
	argv := [][]byte{[]byte("SET"), []byte("key:000000000123"), []byte("xxx")}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		h.c.Buf = h.c.Buf[:0]
		h.c.Argv = argv
		h.c.ResetCall()
		setCommand(h.c)
		h.c.TakePropagation()
	}
}

func BenchmarkStringGet(b *testing.B) {
	h := newHarness(b)
	h.do("SET key:000000000123 xxx")
	argv := [][]byte{[]byte("GET"), []byte("key:000000000123")}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		h.c.Buf = h.c.Buf[:0]
		h.c.Argv = argv
		getCommand(h.c)
	}
}
