package commands

import "testing"

func TestBitSetGet(t *testing.T) {
	const offErr = "-ERR bit offset is not an integer or out of range\r\n"
	const bitErr = "-ERR bit is not an integer or out of range\r\n"
	runStrCases(t, []strCase{
		{name: "setbit new", cmd: "SETBIT b 7 1", want: ":0\r\n", prop: []string{"SETBIT b 7 1"}, enc: map[string]string{"b": "raw"}},
		{name: "setbit value", setup: []string{"SETBIT b 7 1", "SETBIT b 1 1"}, cmd: "GET b", want: "$1\r\nA\r\n"},
		{name: "setbit same bit not propagated", setup: []string{"SETBIT b 7 1"}, cmd: "SETBIT b 7 1", want: ":1\r\n", prop: none},
		{name: "setbit clear", setup: []string{"SETBIT b 7 1"}, cmd: "SETBIT b 7 0", want: ":1\r\n", prop: []string{"SETBIT b 7 0"}},
		{name: "setbit grow is a change", setup: []string{"SETBIT b 0 0"}, cmd: "SETBIT b 100 0", want: ":0\r\n", prop: []string{"SETBIT b 100 0"}},
		{name: "setbit on int is raw", setup: []string{"SET b 12"}, cmd: "SETBIT b 0 0", want: ":0\r\n", prop: none, enc: map[string]string{"b": "raw"}},
		{name: "setbit negative offset", cmd: "SETBIT b -1 1", want: offErr},
		{name: "setbit offset too big", cmd: "SETBIT b 4294967296 1", want: offErr},
		{name: "setbit offset not integer", cmd: "SETBIT b x 1", want: offErr},
		{name: "setbit offset NUL", cmd: "SETBIT b \"1\\x00\" 1", want: offErr},
		{name: "setbit value 2", cmd: "SETBIT b 1 2", want: bitErr},
		{name: "setbit value -1", cmd: "SETBIT b 1 -1", want: bitErr},
		{name: "setbit value not integer", cmd: "SETBIT b 1 x", want: bitErr},
		{name: "setbit wrong type", other: []string{"b"}, cmd: "SETBIT b 1 1", want: wrongType},
		{name: "getbit", setup: []string{"SET b A"}, cmd: "GETBIT b 7", want: ":1\r\n"},
		{name: "getbit past end", setup: []string{"SET b A"}, cmd: "GETBIT b 100", want: ":0\r\n"},
		{name: "getbit missing", cmd: "GETBIT b 0", want: ":0\r\n"},
		{name: "getbit int", setup: []string{"SET b 1"}, cmd: "GETBIT b 7", want: ":1\r\n"},
		{name: "getbit bad offset", cmd: "GETBIT b -1", want: offErr},
		{name: "getbit wrong type", other: []string{"b"}, cmd: "GETBIT b 1", want: wrongType},
	})
}

func TestBitCount(t *testing.T) {
	const fb = "SET k foobar"
	runStrCases(t, []strCase{
		{name: "whole", setup: []string{fb}, cmd: "BITCOUNT k", want: ":26\r\n"},
		{name: "bytes", setup: []string{fb}, cmd: "BITCOUNT k 1 1", want: ":6\r\n"},
		{name: "negative", setup: []string{fb}, cmd: "BITCOUNT k -2 -1", want: ":7\r\n"},
		{name: "both negative reversed", setup: []string{fb}, cmd: "BITCOUNT k -1 -5", want: ":0\r\n"},
		{name: "clamped", setup: []string{fb}, cmd: "BITCOUNT k -100 100", want: ":26\r\n"},
		{name: "bit range", setup: []string{fb}, cmd: "BITCOUNT k 5 30 BIT", want: ":17\r\n"},
		{name: "bit range in one byte", setup: []string{fb}, cmd: "BITCOUNT k 1 6 bit", want: ":4\r\n"},
		{name: "byte mode", setup: []string{fb}, cmd: "BITCOUNT k 0 -1 byte", want: ":26\r\n"},
		{name: "bad mode", setup: []string{fb}, cmd: "BITCOUNT k 0 -1 FOO", want: "-ERR syntax error\r\n"},
		{name: "missing end", setup: []string{fb}, cmd: "BITCOUNT k 0", want: "-ERR syntax error\r\n"},
		{name: "bad start", setup: []string{fb}, cmd: "BITCOUNT k a 1", want: "-ERR value is not an integer or out of range\r\n"},
		{name: "missing key ignores arguments", cmd: "BITCOUNT k a b", want: ":0\r\n"},
		{name: "missing key ignores arity", cmd: "BITCOUNT k 0", want: ":0\r\n"},
		{name: "wrong type", other: []string{"k"}, cmd: "BITCOUNT k a", want: wrongType},
		{name: "empty", setup: []string{"SET k \"\""}, cmd: "BITCOUNT k 0 -1 BIT", want: ":0\r\n"},
	})
}

func TestBitPos(t *testing.T) {
	runStrCases(t, []strCase{
		{name: "first clear", setup: []string{"SET k \"\\xff\\xf0\\x00\""}, cmd: "BITPOS k 0", want: ":12\r\n"},
		{name: "first set", setup: []string{"SET k \"\\x00\\xff\\xf0\""}, cmd: "BITPOS k 1 0", want: ":8\r\n"},
		{name: "from byte", setup: []string{"SET k \"\\x00\\xff\\xf0\""}, cmd: "BITPOS k 1 2", want: ":16\r\n"},
		{name: "bit range", setup: []string{"SET k \"\\x00\\xff\\xf0\""}, cmd: "BITPOS k 1 7 15 bit", want: ":8\r\n"},
		{name: "no set bit", setup: []string{"SET k \"\\x00\\x00\""}, cmd: "BITPOS k 1", want: ":-1\r\n"},
		{name: "all set, no end", setup: []string{"SET k \"\\xff\\xff\""}, cmd: "BITPOS k 0", want: ":16\r\n"},
		{name: "all set, start", setup: []string{"SET k \"\\xff\\xff\""}, cmd: "BITPOS k 0 1", want: ":16\r\n"},
		{name: "all set, end given", setup: []string{"SET k \"\\xff\\xff\""}, cmd: "BITPOS k 0 0 -1", want: ":-1\r\n"},
		{name: "mode needs an end", setup: []string{"SET k \"\\xff\\xff\""}, cmd: "BITPOS k 0 3 BIT", want: "-ERR value is not an integer or out of range\r\n"},
		{name: "all set, bit range", setup: []string{"SET k \"\\xff\\xff\""}, cmd: "BITPOS k 0 3 -1 BIT", want: ":-1\r\n"},
		{name: "clamped negative range", setup: []string{"SET k \"\\xff\\x00\""}, cmd: "BITPOS k 1 -20 -30", want: ":0\r\n"},
		{name: "empty range", setup: []string{"SET k \"\\xff\\x00\""}, cmd: "BITPOS k 0 2 1", want: ":-1\r\n"},
		{name: "start past end", setup: []string{"SET k \"\\x00\""}, cmd: "BITPOS k 0 100", want: ":-1\r\n"},
		{name: "empty string", setup: []string{"SET k \"\""}, cmd: "BITPOS k 0", want: ":-1\r\n"},
		{name: "missing key clear", cmd: "BITPOS k 0", want: ":0\r\n"},
		{name: "missing key set", cmd: "BITPOS k 1 x y z", want: ":-1\r\n"},
		{name: "bad bit", cmd: "BITPOS k 2", want: "-ERR The bit argument must be 1 or 0.\r\n"},
		{name: "bit not integer", cmd: "BITPOS k x", want: "-ERR value is not an integer or out of range\r\n"},
		{name: "bad start", setup: []string{"SET k a"}, cmd: "BITPOS k 1 x", want: "-ERR value is not an integer or out of range\r\n"},
		{name: "bad mode", setup: []string{"SET k a"}, cmd: "BITPOS k 1 0 1 FOO", want: "-ERR syntax error\r\n"},
		{name: "wrong type", other: []string{"k"}, cmd: "BITPOS k 1", want: wrongType},
		{name: "bad bit before wrong type", other: []string{"k"}, cmd: "BITPOS k 3", want: "-ERR The bit argument must be 1 or 0.\r\n"},
	})
}

func TestBitOp(t *testing.T) {
	const xy = "MSET x \"\\xff\\x0f\" y \"\\x0f\\xff\\x01\""
	runStrCases(t, []strCase{
		{name: "and", setup: []string{xy, "BITOP AND d x y"}, cmd: "GET d", want: "$3\r\n\x0f\x0f\x00\r\n"},
		{name: "or", setup: []string{xy, "BITOP OR d x y"}, cmd: "GET d", want: "$3\r\n\xff\xff\x01\r\n"},
		{name: "xor", setup: []string{xy, "BITOP XOR d x y"}, cmd: "GET d", want: "$3\r\n\xf0\xf0\x01\r\n"},
		{name: "not", setup: []string{xy, "BITOP NOT d x"}, cmd: "GET d", want: "$2\r\n\x00\xf0\r\n"},
		{name: "reply and propagation", setup: []string{xy}, cmd: "BITOP and d x y", want: ":3\r\n", prop: []string{"BITOP and d x y"}, enc: map[string]string{"d": "raw"}},
		{name: "missing source", setup: []string{xy, "BITOP AND d x nokey"}, cmd: "GET d", want: "$2\r\n\x00\x00\r\n"},
		{name: "empty result deletes", setup: []string{"SET d v"}, cmd: "BITOP OR d nokey", want: ":0\r\n", prop: []string{"BITOP OR d nokey"}, enc: map[string]string{"d": ""}},
		{name: "empty result, no dest", cmd: "BITOP OR d nokey", want: ":0\r\n", prop: none},
		{name: "dest loses expire", setup: []string{"SET d v EX 100", "SET x a", "BITOP OR d x"}, cmd: "GETEX d PERSIST", want: "$1\r\na\r\n", prop: none},
		{name: "not arity", setup: []string{xy}, cmd: "BITOP NOT d x y", want: "-ERR BITOP NOT must be called with a single source key.\r\n"},
		{name: "bad op", cmd: "BITOP FOO d x", want: "-ERR syntax error\r\n"},
		{name: "wrong type source", other: []string{"x"}, cmd: "BITOP AND d x", want: wrongType},
		{name: "wrong type dest overwritten", other: []string{"d"}, setup: []string{"SET x a"}, cmd: "BITOP AND d x", want: ":1\r\n", enc: map[string]string{"d": "raw"}},
	})
}

func TestBitField(t *testing.T) {
	const typeErr = "-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n"
	runStrCases(t, []strCase{
		{name: "empty", cmd: "BITFIELD k", want: "*0\r\n", prop: none},
		{name: "get missing", cmd: "BITFIELD k GET u8 0 GET i4 4", want: "*2\r\n:0\r\n:0\r\n", prop: none, enc: map[string]string{"k": ""}},
		{name: "set", cmd: "BITFIELD k SET u8 0 255", want: "*1\r\n:0\r\n", prop: []string{"BITFIELD k SET u8 0 255"}, enc: map[string]string{"k": "raw"}},
		{name: "set same not propagated", setup: []string{"BITFIELD k SET u8 0 255"}, cmd: "BITFIELD k SET u8 0 255", want: "*1\r\n:255\r\n", prop: none},
		{name: "signed get", setup: []string{"SET k \"\\xff\""}, cmd: "BITFIELD k GET i8 0 GET u4 0 GET i4 4 GET u1 7", want: "*4\r\n:-1\r\n:15\r\n:-1\r\n:1\r\n"},
		{name: "hash offset", setup: []string{"SET k \"\\x00\\x05\""}, cmd: "BITFIELD k GET u8 #1", want: "*1\r\n:5\r\n"},
		{name: "incrby wrap", setup: []string{"BITFIELD k SET u8 0 250"}, cmd: "BITFIELD k INCRBY u8 0 10", want: "*1\r\n:4\r\n"},
		{name: "incrby sat", setup: []string{"BITFIELD k SET i8 0 120"}, cmd: "BITFIELD k OVERFLOW SAT INCRBY i8 0 10 INCRBY i8 0 -1000", want: "*2\r\n:127\r\n:-128\r\n"},
		{name: "incrby fail", setup: []string{"BITFIELD k SET u8 0 250"}, cmd: "BITFIELD k OVERFLOW FAIL INCRBY u8 0 10 GET u8 0", want: "*2\r\n$-1\r\n:250\r\n", prop: none},
		{name: "incrby fail resp3", proto: 3, setup: []string{"BITFIELD k SET u8 0 250"}, cmd: "BITFIELD k OVERFLOW FAIL INCRBY u8 0 10", want: "*1\r\n_\r\n"},
		{name: "fail still creates", cmd: "BITFIELD k OVERFLOW FAIL SET u8 8 256", want: "*1\r\n$-1\r\n", prop: none, enc: map[string]string{"k": "raw"}},
		{name: "i64 wrap", setup: []string{"BITFIELD k SET i64 0 9223372036854775807"}, cmd: "BITFIELD k INCRBY i64 0 1", want: "*1\r\n:-9223372036854775808\r\n"},
		{name: "u63 sat", cmd: "BITFIELD k OVERFLOW SAT SET u63 0 -1 GET u63 0", want: "*2\r\n:0\r\n:9223372036854775807\r\n"},
		{name: "set wraps value", cmd: "BITFIELD k SET u8 0 -1 GET u8 0 SET i8 0 200 GET i8 0", want: "*4\r\n:0\r\n:255\r\n:-1\r\n:-56\r\n"},
		{name: "u64", cmd: "BITFIELD k GET u64 0", want: typeErr},
		{name: "i65", cmd: "BITFIELD k GET i65 0", want: typeErr},
		{name: "upper case type", cmd: "BITFIELD k GET U8 0", want: typeErr},
		{name: "type ends at NUL", cmd: "BITFIELD k GET \"u8\\x00x\" 0", want: "*1\r\n:0\r\n"},
		{name: "bad offset", cmd: "BITFIELD k GET u8 -1", want: "-ERR bit offset is not an integer or out of range\r\n"},
		{name: "bad hash offset", cmd: "BITFIELD k GET u8 #x", want: "-ERR bit offset is not an integer or out of range\r\n"},
		{name: "bad value", cmd: "BITFIELD k SET u8 0 x", want: "-ERR value is not an integer or out of range\r\n"},
		{name: "bad overflow", cmd: "BITFIELD k OVERFLOW FOO GET u8 0", want: "-ERR Invalid OVERFLOW type specified\r\n"},
		{name: "unknown op", cmd: "BITFIELD k FOO u8 0", want: "-ERR syntax error\r\n"},
		{name: "missing args", cmd: "BITFIELD k SET u8 0", want: "-ERR syntax error\r\n"},
		{name: "wrong type read", other: []string{"k"}, cmd: "BITFIELD k GET u8 0", want: wrongType},
		{name: "wrong type write", other: []string{"k"}, cmd: "BITFIELD k SET u8 0 1", want: wrongType},
		{name: "parse before wrong type", other: []string{"k"}, cmd: "BITFIELD k GET x8 0", want: typeErr},
		{name: "ro get", setup: []string{"SET k \"\\x8f\""}, cmd: "BITFIELD_RO k GET u8 0 GET i4 0", want: "*2\r\n:143\r\n:-8\r\n"},
		{name: "ro set", cmd: "BITFIELD_RO k SET u8 0 1", want: "-ERR BITFIELD_RO only supports the GET subcommand\r\n"},
		{name: "ro parse first", cmd: "BITFIELD_RO k SET u8 x 1", want: "-ERR bit offset is not an integer or out of range\r\n"},
		{name: "ro overflow", cmd: "BITFIELD_RO k OVERFLOW SAT GET u8 0", want: "*1\r\n:0\r\n"},
	})
}

func TestBitfieldOverflowChecks(t *testing.T) {
	for _, tc := range []struct {
		value, incr int64
		width, mode int
		over        bool
		res         int64
	}{
		{127, 1, 8, bfWrap, true, -128},
		{127, 1, 8, bfSat, true, 127},
		{-128, -1, 8, bfWrap, true, 127},
		{-128, -1, 8, bfSat, true, -128},
		{100, -50, 8, bfWrap, false, 0},
		{1 << 62, 1 << 62, 64, bfWrap, true, -1 << 63},
		{-1 << 63, -1, 64, bfSat, true, -1 << 63},
		{0, 1, 1, bfWrap, true, -1},
	} {
		over, res := checkSignedBitfieldOverflow(tc.value, tc.incr, tc.width, tc.mode)
		if over != tc.over || (over && res != tc.res) {
			t.Errorf("signed %d+%d i%d mode %d = %v %d, want %v %d", tc.value, tc.incr, tc.width, tc.mode, over, res, tc.over, tc.res)
		}
	}
	for _, tc := range []struct {
		value       uint64
		incr        int64
		width, mode int
		over        bool
		res         uint64
	}{
		{255, 1, 8, bfWrap, true, 0},
		{255, 1, 8, bfSat, true, 255},
		{0, -1, 8, bfWrap, true, 255},
		{0, -1, 8, bfSat, true, 0},
		{1<<63 - 1, 1, 63, bfWrap, true, 0},
		{10, -5, 8, bfWrap, false, 0},
	} {
		over, res := checkUnsignedBitfieldOverflow(tc.value, tc.incr, tc.width, tc.mode)
		if over != tc.over || (over && res != tc.res) {
			t.Errorf("unsigned %d+%d u%d mode %d = %v %d, want %v %d", tc.value, tc.incr, tc.width, tc.mode, over, res, tc.over, tc.res)
		}
	}
}
