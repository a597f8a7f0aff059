package commands

import "testing"

func TestSort(t *testing.T) {
	runCases(t, []cmdCase{
		{name: "numeric", setup: []string{"RPUSH l 3 1 2"}, cmd: "SORT l",
			want: "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"},
		{name: "ties by element", setup: []string{"RPUSH l 1.0 1 01"}, cmd: "SORT l",
			want: "*3\r\n$2\r\n01\r\n$1\r\n1\r\n$3\r\n1.0\r\n"},
		{name: "by hash field", setup: []string{"RPUSH l a b", "HSET w_a f 2", "HSET w_b f 1"}, cmd: "SORT l BY w_*->f GET #",
			want: "*2\r\n$1\r\nb\r\n$1\r\na\r\n"},
		{name: "missing weight sorts first with alpha", setup: []string{"RPUSH l a b", "SET w_a z"}, cmd: "SORT l BY w_* ALPHA",
			want: "*2\r\n$1\r\nb\r\n$1\r\na\r\n"},
		{name: "get missing is null", setup: []string{"RPUSH l a"}, cmd: "SORT l ALPHA GET x_*",
			want: "*1\r\n$-1\r\n"},
		{name: "not a number", setup: []string{"RPUSH l a"}, cmd: "SORT l",
			want: "-ERR One or more scores can't be converted into double\r\n"},
		{name: "wrong type", setup: []string{"SET s x"}, cmd: "SORT s", want: wrongType},
		{name: "store is not allowed in SORT_RO", setup: []string{"RPUSH l 1"}, cmd: "SORT_RO l STORE d", want: "-ERR syntax error\r\n"},
		{name: "store count", setup: []string{"RPUSH l 2 1"}, cmd: "SORT l STORE d", want: ":2\r\n"},
		{name: "stored list", setup: []string{"RPUSH l 2 1", "SORT l STORE d"}, cmd: "LRANGE d 0 -1",
			want: "*2\r\n$1\r\n1\r\n$1\r\n2\r\n"},
		{name: "unsorted set is sorted when stored", setup: []string{"SADD s c a b", "SORT s BY nosort STORE d"}, cmd: "LRANGE d 0 -1",
			want: "*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n"},
		{name: "empty result deletes the destination", setup: []string{"SET d x", "SORT nokey STORE d"}, cmd: "EXISTS d", want: ":0\r\n"},
	})
}

func TestSortStorePropagates(t *testing.T) {
	h := newHarness(t)
	h.do("RPUSH l 2 1")
	h.propagated = nil
	h.do("SORT l STORE d")
	h.do("SORT l")
	checkStrings(t, "propagated", h.propagated, []string{"SORT l STORE d"})
}
