package commands

import (
	"sort"
	"strconv"
	"strings"
	"testing"
)

// fullTable returns a table holding every Redis 7.0 command spec, the
// introspection commands bound to their handlers and every other row to a
// stub, so that COMMAND can be tested on rows no handler serves yet.
func fullTable(t testing.TB) *Table {
	t.Helper()
	procs := map[string]Proc{}
	for _, im := range introspectionCommands() {
		procs[im.Name] = im.Proc
	}
	stub := func(c *Client) error { c.ReplyOK(); return nil }
	specList := specs()
	rows := map[string]*Command{}
	tbl := &Table{cmds: map[string]*Command{}}
	for i := range specList {
		row := &specList[i]
		rows[row.Name] = row
		row.FullName = row.Name
		row.Proc = procs[row.Name]
		if row.Proc == nil {
			row.Proc = stub
		}
		if parent, _, ok := strings.Cut(row.Name, "|"); ok {
			p := rows[parent]
			if p == nil {
				t.Fatalf("%s: container %s does not precede it", row.Name, parent)
			}
			row.Parent = p
			p.Subcommands = append(p.Subcommands, row)
			if procs[p.Name] == nil {
				p.Proc = nil
			}
			continue
		}
		tbl.cmds[row.Name] = row
	}
	for _, c := range tbl.cmds {
		tbl.order = append(tbl.order, c)
	}
	sort.Slice(tbl.order, func(i, j int) bool { return tbl.order[i].Name < tbl.order[j].Name })
	return tbl
}

// newFullHarness returns a harness whose table is fullTable.
func newFullHarness(t testing.TB) *harness {
	t.Helper()
	h := newHarness(t)
	h.table = fullTable(t)
	h.srv.Table = h.table
	return h
}

// runFullCases runs each case as runCases does, on the full table.
func runFullCases(t *testing.T, cases []cmdCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newFullHarness(t)
			if tc.proto == 3 {
				h.c.Proto = 3
			}
			if got := h.do(tc.cmd); got != tc.want {
				t.Errorf("%s\n got %q\nwant %q", tc.cmd, got, tc.want)
			}
		})
	}
}

// The expected replies below were captured from redis-server 7.0.15. The
// full table holds every Redis command, so they apply as they are.

func TestCommandGetKeys(t *testing.T) {
	runFullCases(t, []cmdCase{
		{name: "single key", cmd: "COMMAND GETKEYS get k",
			want: "*1\r\n$1\r\nk\r\n"},
		{name: "range with step", cmd: "COMMAND GETKEYS mset a 1 b 2",
			want: "*2\r\n$1\r\na\r\n$1\r\nb\r\n"},
		{name: "range to the last argument", cmd: "COMMAND GETKEYS del a b c",
			want: "*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n"},
		{name: "keyword and limit", cmd: "COMMAND GETKEYS xread count 1 streams a b 1 2",
			want: "*2\r\n$1\r\na\r\n$1\r\nb\r\n"},
		{name: "keyword and limit, odd count", cmd: "COMMAND GETKEYS xread count 1 streams a b 1",
			want: "*1\r\n$1\r\na\r\n"},
		{name: "key named like the keyword", cmd: "COMMAND GETKEYS xread streams streams 0",
			want: "*1\r\n$7\r\nstreams\r\n"},
		{name: "keyword absent", cmd: "COMMAND GETKEYS xread count 1 a b",
			want: "-ERR Invalid arguments specified for command\r\n"},
		{name: "keyword from the end, incomplete spec", cmd: "COMMAND GETKEYS migrate h p \"\" 0 5 keys a b",
			want: "*2\r\n$1\r\na\r\n$1\r\nb\r\n"},
		{name: "migrate one key", cmd: "COMMAND GETKEYS migrate h p k 0 5",
			want: "*1\r\n$1\r\nk\r\n"},
		{name: "migrate KEYS with a key", cmd: "COMMAND GETKEYS migrate h p k 0 5 keys a",
			want: "-ERR Invalid arguments specified for command\r\n"},
		{name: "migrate KEYS at the end", cmd: "COMMAND GETKEYSANDFLAGS migrate h p \"\" 0 5 keys",
			want: "*1\r\n*2\r\n$0\r\n\r\n*3\r\n+RW\r\n+access\r\n+delete\r\n"},
		{name: "keynum with destination", cmd: "COMMAND GETKEYSANDFLAGS zunionstore d 2 a b",
			want: "*3\r\n*2\r\n$1\r\nd\r\n*2\r\n+OW\r\n+update\r\n*2\r\n$1\r\na\r\n*2\r\n+RO\r\n+access\r\n*2\r\n$1\r\nb\r\n*2\r\n+RO\r\n+access\r\n"},
		{name: "keynum unparsable, atoi fallback", cmd: "COMMAND GETKEYSANDFLAGS zunionstore d 2abc a b",
			want: "*3\r\n*2\r\n$1\r\na\r\n*0\r\n*2\r\n$1\r\nb\r\n*0\r\n*2\r\n$1\r\nd\r\n*0\r\n"},
		{name: "keynum unparsable, atoi fallback resp3", proto: 3, cmd: "COMMAND GETKEYSANDFLAGS zunionstore d 2abc a b",
			want: "*3\r\n*2\r\n$1\r\na\r\n~0\r\n*2\r\n$1\r\nb\r\n~0\r\n*2\r\n$1\r\nd\r\n~0\r\n"},
		{name: "keynum too large", cmd: "COMMAND GETKEYS zunionstore d 3 a b",
			want: "-ERR Invalid arguments specified for command\r\n"},
		{name: "keynum negative", cmd: "COMMAND GETKEYS zunionstore d -1 a",
			want: "-ERR Invalid arguments specified for command\r\n"},
		{name: "keynum zero, no mandatory keys", cmd: "COMMAND GETKEYS eval s 0",
			want: "*0\r\n"},
		{name: "keynum zero, no mandatory keys resp3", proto: 3, cmd: "COMMAND GETKEYS eval s 0",
			want: "*0\r\n"},
		{name: "eval keys", cmd: "COMMAND GETKEYSANDFLAGS eval s 2 a b",
			want: "*2\r\n*2\r\n$1\r\na\r\n*3\r\n+RW\r\n+access\r\n+update\r\n*2\r\n$1\r\nb\r\n*3\r\n+RW\r\n+access\r\n+update\r\n"},
		{name: "keynum truncated to int", cmd: "COMMAND GETKEYS eval s 4294967297 a",
			want: "*1\r\n$1\r\na\r\n"},
		{name: "keynum overflowing atoi", cmd: "COMMAND GETKEYS eval s 99999999999999999999 a",
			want: "*0\r\n"},
		{name: "lmpop", cmd: "COMMAND GETKEYS lmpop 2 a b left",
			want: "*2\r\n$1\r\na\r\n$1\r\nb\r\n"},
		{name: "blmpop", cmd: "COMMAND GETKEYS blmpop 0 2 a b left",
			want: "*2\r\n$1\r\na\r\n$1\r\nb\r\n"},
		{name: "sort with store", cmd: "COMMAND GETKEYSANDFLAGS sort k by x store d get y",
			want: "*2\r\n*2\r\n$1\r\nk\r\n*2\r\n+RO\r\n+access\r\n*2\r\n$1\r\nd\r\n*2\r\n+OW\r\n+update\r\n"},
		{name: "sort last store wins", cmd: "COMMAND GETKEYS sort k store a store b",
			want: "*2\r\n$1\r\nk\r\n$1\r\nb\r\n"},
		{name: "sort_ro", cmd: "COMMAND GETKEYSANDFLAGS sort_ro k by x",
			want: "*1\r\n*2\r\n$1\r\nk\r\n*2\r\n+RO\r\n+access\r\n"},
		{name: "georadius store", cmd: "COMMAND GETKEYSANDFLAGS georadius k 0 0 1 m store d",
			want: "*2\r\n*2\r\n$1\r\nk\r\n*2\r\n+RO\r\n+access\r\n*2\r\n$1\r\nd\r\n*2\r\n+OW\r\n+update\r\n"},
		{name: "set without GET", cmd: "COMMAND GETKEYSANDFLAGS set k v",
			want: "*1\r\n*2\r\n$1\r\nk\r\n*2\r\n+OW\r\n+update\r\n"},
		{name: "set with GET", cmd: "COMMAND GETKEYSANDFLAGS set k v get",
			want: "*1\r\n*2\r\n$1\r\nk\r\n*3\r\n+RW\r\n+access\r\n+update\r\n"},
		{name: "set with GET resp3", proto: 3, cmd: "COMMAND GETKEYSANDFLAGS set k v GET",
			want: "*1\r\n*2\r\n$1\r\nk\r\n~3\r\n+RW\r\n+access\r\n+update\r\n"},
		{name: "bitfield read only", cmd: "COMMAND GETKEYSANDFLAGS bitfield k overflow wrap get u8 0",
			want: "*1\r\n*2\r\n$1\r\nk\r\n*2\r\n+RO\r\n+access\r\n"},
		{name: "bitfield write", cmd: "COMMAND GETKEYSANDFLAGS bitfield k get u8 0 set u8 0 1",
			want: "*1\r\n*2\r\n$1\r\nk\r\n*3\r\n+RW\r\n+access\r\n+update\r\n"},
		{name: "subcommand", cmd: "COMMAND GETKEYSANDFLAGS object encoding k",
			want: "*1\r\n*2\r\n$1\r\nk\r\n*1\r\n+RO\r\n"},
		{name: "subcommand any case", cmd: "COMMAND GETKEYS OBJECT Encoding k",
			want: "*1\r\n$1\r\nk\r\n"},
		{name: "unknown command", cmd: "COMMAND GETKEYS nosuch a",
			want: "-ERR Invalid command specified\r\n"},
		{name: "unknown subcommand", cmd: "COMMAND GETKEYS config nosuch",
			want: "-ERR Invalid command specified\r\n"},
		{name: "no keys", cmd: "COMMAND GETKEYS config get x",
			want: "-ERR The command has no key arguments\r\n"},
		{name: "not_key specs only", cmd: "COMMAND GETKEYS spublish ch msg",
			want: "-ERR The command has no key arguments\r\n"},
		{name: "wrong arity for the command", cmd: "COMMAND GETKEYS get a b",
			want: "-ERR Invalid number of arguments specified for command\r\n"},
		{name: "wrong arity for the command, negative", cmd: "COMMAND GETKEYS lmpop 0 left",
			want: "-ERR Invalid number of arguments specified for command\r\n"},
		{name: "missing command", cmd: "COMMAND GETKEYS",
			want: "-ERR wrong number of arguments for 'command|getkeys' command\r\n"},
		{name: "missing command, flags", cmd: "COMMAND GETKEYSANDFLAGS",
			want: "-ERR wrong number of arguments for 'command|getkeysandflags' command\r\n"},
	})
}

func TestCommandCountListInfoDocs(t *testing.T) {
	runFullCases(t, []cmdCase{
		{name: "count", cmd: "COMMAND COUNT",
			want: ":240\r\n"},
		{name: "count resp3", proto: 3, cmd: "COMMAND COUNT",
			want: ":240\r\n"},
		{name: "count arity", cmd: "COMMAND COUNT x",
			want: "-ERR wrong number of arguments for 'command|count' command\r\n"},
		{name: "list module", cmd: "COMMAND LIST FILTERBY MODULE x",
			want: "*0\r\n"},
		{name: "list unknown category", cmd: "COMMAND LIST FILTERBY ACLCAT nosuch",
			want: "*0\r\n"},
		{name: "list category with @", cmd: "COMMAND LIST FILTERBY ACLCAT @read",
			want: "*0\r\n"},
		{name: "list pattern one", cmd: "COMMAND LIST FILTERBY PATTERN GET",
			want: "*1\r\n$3\r\nget\r\n"},
		{name: "list pattern none", proto: 3, cmd: "COMMAND LIST FILTERBY PATTERN nosuch*",
			want: "*0\r\n"},
		{name: "list syntax: missing argument", cmd: "COMMAND LIST FILTERBY PATTERN",
			want: "-ERR syntax error\r\n"},
		{name: "list syntax: unknown filter", cmd: "COMMAND LIST FILTERBY foo x",
			want: "-ERR syntax error\r\n"},
		{name: "list syntax: not filterby", cmd: "COMMAND LIST foo",
			want: "-ERR syntax error\r\n"},
		{name: "list syntax: two filters", cmd: "COMMAND LIST FILTERBY PATTERN a FILTERBY PATTERN b",
			want: "-ERR syntax error\r\n"},
		{name: "info", cmd: "COMMAND INFO get",
			want: "*1\r\n*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n*3\r\n+@read\r\n+@string\r\n+@fast\r\n*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n"},
		{name: "info resp3", proto: 3, cmd: "COMMAND INFO get",
			want: "*1\r\n*10\r\n$3\r\nget\r\n:2\r\n~2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@read\r\n+@string\r\n+@fast\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n"},
		{name: "info unknown is null", cmd: "COMMAND INFO get nosuch",
			want: "*2\r\n*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n*3\r\n+@read\r\n+@string\r\n+@fast\r\n*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n$-1\r\n"},
		{name: "info unknown is null resp3", proto: 3, cmd: "COMMAND INFO get nosuch",
			want: "*2\r\n*10\r\n$3\r\nget\r\n:2\r\n~2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@read\r\n+@string\r\n+@fast\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n_\r\n"},
		{name: "info names", cmd: "COMMAND INFO GET CONFIG|GET get|x config| |get a|b|c \"\"",
			want: "*7\r\n*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n*3\r\n+@read\r\n+@string\r\n+@fast\r\n*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n*10\r\n$10\r\nconfig|get\r\n:-3\r\n*4\r\n+admin\r\n+noscript\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n*3\r\n+@admin\r\n+@slow\r\n+@dangerous\r\n*0\r\n*0\r\n*0\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n"},
		{name: "info keynum spec resp3", proto: 3, cmd: "COMMAND INFO zunionstore",
			want: "*1\r\n*10\r\n$11\r\nzunionstore\r\n:-4\r\n~3\r\n+write\r\n+denyoom\r\n+movablekeys\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@write\r\n+@sortedset\r\n+@slow\r\n~0\r\n~2\r\n%3\r\n$5\r\nflags\r\n~2\r\n+OW\r\n+update\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:2\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$6\r\nkeynum\r\n$4\r\nspec\r\n%3\r\n$9\r\nkeynumidx\r\n:0\r\n$8\r\nfirstkey\r\n:1\r\n$7\r\nkeystep\r\n:1\r\n~0\r\n"},
		{name: "info keyword spec", cmd: "COMMAND INFO xread",
			want: "*1\r\n*10\r\n$5\r\nxread\r\n:-4\r\n*3\r\n+readonly\r\n+blocking\r\n+movablekeys\r\n:0\r\n:0\r\n:0\r\n*4\r\n+@read\r\n+@stream\r\n+@slow\r\n+@blocking\r\n*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$7\r\nkeyword\r\n$4\r\nspec\r\n*4\r\n$7\r\nkeyword\r\n$7\r\nSTREAMS\r\n$9\r\nstartfrom\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:-1\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:2\r\n*0\r\n"},
		{name: "info unknown specs and notes resp3", proto: 3, cmd: "COMMAND INFO sort",
			want: "*1\r\n*10\r\n$4\r\nsort\r\n:-2\r\n~3\r\n+write\r\n+denyoom\r\n+movablekeys\r\n:1\r\n:1\r\n:1\r\n~6\r\n+@write\r\n+@set\r\n+@sortedset\r\n+@list\r\n+@slow\r\n+@dangerous\r\n~0\r\n~3\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n%4\r\n$5\r\nnotes\r\n$120\r\nFor the optional BY/GET keyword. It is marked 'unknown' because the key names derive from the content of the key we sort\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$7\r\nunknown\r\n$4\r\nspec\r\n%0\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$7\r\nunknown\r\n$4\r\nspec\r\n%0\r\n%4\r\n$5\r\nnotes\r\n$116\r\nFor the optional STORE keyword. It is marked 'unknown' because the keyword can appear anywhere in the argument array\r\n$5\r\nflags\r\n~2\r\n+OW\r\n+update\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$7\r\nunknown\r\n$4\r\nspec\r\n%0\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$7\r\nunknown\r\n$4\r\nspec\r\n%0\r\n~0\r\n"},
		{name: "info tips resp3", proto: 3, cmd: "COMMAND INFO config|set",
			want: "*1\r\n*10\r\n$10\r\nconfig|set\r\n:-4\r\n~4\r\n+admin\r\n+noscript\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n~3\r\n+@admin\r\n+@slow\r\n+@dangerous\r\n~2\r\n$24\r\nrequest_policy:all_nodes\r\n$29\r\nresponse_policy:all_succeeded\r\n~0\r\n~0\r\n"},
		{name: "info variable flags resp3", proto: 3, cmd: "COMMAND INFO set",
			want: "*1\r\n*10\r\n$3\r\nset\r\n:-3\r\n~2\r\n+write\r\n+denyoom\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@write\r\n+@string\r\n+@slow\r\n~0\r\n~1\r\n%4\r\n$5\r\nnotes\r\n$48\r\nRW and ACCESS due to the optional `GET` argument\r\n$5\r\nflags\r\n~4\r\n+RW\r\n+access\r\n+update\r\n+variable_flags\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n"},
		{name: "docs", cmd: "COMMAND DOCS get",
			want: "*2\r\n$3\r\nget\r\n*10\r\n$7\r\nsummary\r\n$22\r\nGet the value of a key\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$6\r\nstring\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n$9\r\narguments\r\n*1\r\n*6\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n"},
		{name: "docs resp3", proto: 3, cmd: "COMMAND DOCS get",
			want: "%1\r\n$3\r\nget\r\n%5\r\n$7\r\nsummary\r\n$22\r\nGet the value of a key\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$6\r\nstring\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n$9\r\narguments\r\n*1\r\n%3\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n"},
		{name: "docs unknown", cmd: "COMMAND DOCS nosuch",
			want: "*0\r\n"},
		{name: "docs unknown resp3", proto: 3, cmd: "COMMAND DOCS nosuch",
			want: "%0\r\n"},
		{name: "docs repeated and unknown", proto: 3, cmd: "COMMAND DOCS get nosuch GET",
			want: "%2\r\n$3\r\nget\r\n%5\r\n$7\r\nsummary\r\n$22\r\nGet the value of a key\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$6\r\nstring\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n$9\r\narguments\r\n*1\r\n%3\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n$3\r\nget\r\n%5\r\n$7\r\nsummary\r\n$22\r\nGet the value of a key\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$6\r\nstring\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n$9\r\narguments\r\n*1\r\n%3\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n"},
		{name: "docs empty token resp3", proto: 3, cmd: "COMMAND DOCS migrate",
			want: "%1\r\n$7\r\nmigrate\r\n%6\r\n$7\r\nsummary\r\n$63\r\nAtomically transfer a key from a Redis instance to another one.\r\n$5\r\nsince\r\n$5\r\n2.6.0\r\n$5\r\ngroup\r\n$7\r\ngeneric\r\n$10\r\ncomplexity\r\n$223\r\nThis command actually executes a DUMP+DEL in the source instance, and a RESTORE in the target instance. See the pages of these commands for time complexity. Also an O(N) data transfer between the two instances is performed.\r\n$7\r\nhistory\r\n~4\r\n*2\r\n$5\r\n3.0.0\r\n$39\r\nAdded the `COPY` and `REPLACE` options.\r\n*2\r\n$5\r\n3.0.6\r\n$24\r\nAdded the `KEYS` option.\r\n*2\r\n$5\r\n4.0.7\r\n$24\r\nAdded the `AUTH` option.\r\n*2\r\n$5\r\n6.0.0\r\n$25\r\nAdded the `AUTH2` option.\r\n$9\r\narguments\r\n*9\r\n%2\r\n$4\r\nname\r\n$4\r\nhost\r\n$4\r\ntype\r\n$6\r\nstring\r\n%2\r\n$4\r\nname\r\n$4\r\nport\r\n$4\r\ntype\r\n$7\r\ninteger\r\n%3\r\n$4\r\nname\r\n$19\r\nkey_or_empty_string\r\n$4\r\ntype\r\n$5\r\noneof\r\n$9\r\narguments\r\n*2\r\n%3\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n%3\r\n$4\r\nname\r\n$12\r\nempty_string\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$0\r\n\r\n%2\r\n$4\r\nname\r\n$14\r\ndestination-db\r\n$4\r\ntype\r\n$7\r\ninteger\r\n%2\r\n$4\r\nname\r\n$7\r\ntimeout\r\n$4\r\ntype\r\n$7\r\ninteger\r\n%5\r\n$4\r\nname\r\n$4\r\ncopy\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$4\r\nCOPY\r\n$5\r\nsince\r\n$5\r\n3.0.0\r\n$5\r\nflags\r\n~1\r\n+optional\r\n%5\r\n$4\r\nname\r\n$7\r\nreplace\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$7\r\nREPLACE\r\n$5\r\nsince\r\n$5\r\n3.0.0\r\n$5\r\nflags\r\n~1\r\n+optional\r\n%4\r\n$4\r\nname\r\n$14\r\nauthentication\r\n$4\r\ntype\r\n$5\r\noneof\r\n$5\r\nflags\r\n~1\r\n+optional\r\n$9\r\narguments\r\n*2\r\n%5\r\n$4\r\nname\r\n$8\r\npassword\r\n$4\r\ntype\r\n$6\r\nstring\r\n$5\r\ntoken\r\n$4\r\nAUTH\r\n$5\r\nsince\r\n$5\r\n4.0.7\r\n$5\r\nflags\r\n~1\r\n+optional\r\n%6\r\n$4\r\nname\r\n$17\r\nusername_password\r\n$4\r\ntype\r\n$5\r\nblock\r\n$5\r\ntoken\r\n$5\r\nAUTH2\r\n$5\r\nsince\r\n$5\r\n6.0.0\r\n$5\r\nflags\r\n~1\r\n+optional\r\n$9\r\narguments\r\n*2\r\n%2\r\n$4\r\nname\r\n$8\r\nusername\r\n$4\r\ntype\r\n$6\r\nstring\r\n%2\r\n$4\r\nname\r\n$8\r\npassword\r\n$4\r\ntype\r\n$6\r\nstring\r\n%6\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:1\r\n$5\r\ntoken\r\n$4\r\nKEYS\r\n$5\r\nsince\r\n$5\r\n3.0.6\r\n$5\r\nflags\r\n~2\r\n+optional\r\n+multiple\r\n"},
		{name: "docs deprecated resp3", proto: 3, cmd: "COMMAND DOCS georadius_ro",
			want: "%1\r\n$12\r\ngeoradius_ro\r\n%9\r\n$7\r\nsummary\r\n$33\r\nA read-only variant for GEORADIUS\r\n$5\r\nsince\r\n$6\r\n3.2.10\r\n$5\r\ngroup\r\n$3\r\ngeo\r\n$10\r\ncomplexity\r\n$168\r\nO(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.\r\n$9\r\ndoc_flags\r\n~1\r\n+deprecated\r\n$16\r\ndeprecated_since\r\n$5\r\n6.2.0\r\n$11\r\nreplaced_by\r\n$40\r\n`GEOSEARCH` with the `BYRADIUS` argument\r\n$7\r\nhistory\r\n~1\r\n*2\r\n$5\r\n6.2.0\r\n$35\r\nAdded the `ANY` option for `COUNT`.\r\n$9\r\narguments\r\n*10\r\n%3\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n%2\r\n$4\r\nname\r\n$9\r\nlongitude\r\n$4\r\ntype\r\n$6\r\ndouble\r\n%2\r\n$4\r\nname\r\n$8\r\nlatitude\r\n$4\r\ntype\r\n$6\r\ndouble\r\n%2\r\n$4\r\nname\r\n$6\r\nradius\r\n$4\r\ntype\r\n$6\r\ndouble\r\n%3\r\n$4\r\nname\r\n$4\r\nunit\r\n$4\r\ntype\r\n$5\r\noneof\r\n$9\r\narguments\r\n*4\r\n%3\r\n$4\r\nname\r\n$1\r\nm\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$1\r\nM\r\n%3\r\n$4\r\nname\r\n$2\r\nkm\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$2\r\nKM\r\n%3\r\n$4\r\nname\r\n$2\r\nft\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$2\r\nFT\r\n%3\r\n$4\r\nname\r\n$2\r\nmi\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$2\r\nMI\r\n%4\r\n$4\r\nname\r\n$9\r\nwithcoord\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$9\r\nWITHCOORD\r\n$5\r\nflags\r\n~1\r\n+optional\r\n%4\r\n$4\r\nname\r\n$8\r\nwithdist\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$8\r\nWITHDIST\r\n$5\r\nflags\r\n~1\r\n+optional\r\n%4\r\n$4\r\nname\r\n$8\r\nwithhash\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$8\r\nWITHHASH\r\n$5\r\nflags\r\n~1\r\n+optional\r\n%4\r\n$4\r\nname\r\n$5\r\ncount\r\n$4\r\ntype\r\n$5\r\nblock\r\n$5\r\nflags\r\n~1\r\n+optional\r\n$9\r\narguments\r\n*2\r\n%3\r\n$4\r\nname\r\n$5\r\ncount\r\n$4\r\ntype\r\n$7\r\ninteger\r\n$5\r\ntoken\r\n$5\r\nCOUNT\r\n%5\r\n$4\r\nname\r\n$3\r\nany\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$3\r\nANY\r\n$5\r\nsince\r\n$5\r\n6.2.0\r\n$5\r\nflags\r\n~1\r\n+optional\r\n%4\r\n$4\r\nname\r\n$5\r\norder\r\n$4\r\ntype\r\n$5\r\noneof\r\n$5\r\nflags\r\n~1\r\n+optional\r\n$9\r\narguments\r\n*2\r\n%3\r\n$4\r\nname\r\n$3\r\nasc\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$3\r\nASC\r\n%3\r\n$4\r\nname\r\n$4\r\ndesc\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$4\r\nDESC\r\n"},
		{name: "docs history", cmd: "COMMAND DOCS config|get",
			want: "*2\r\n$10\r\nconfig|get\r\n*12\r\n$7\r\nsummary\r\n$42\r\nGet the values of configuration parameters\r\n$5\r\nsince\r\n$5\r\n2.0.0\r\n$5\r\ngroup\r\n$6\r\nserver\r\n$10\r\ncomplexity\r\n$62\r\nO(N) when N is the number of configuration parameters provided\r\n$7\r\nhistory\r\n*1\r\n*2\r\n$5\r\n7.0.0\r\n$65\r\nAdded the ability to pass multiple pattern parameters in one call\r\n$9\r\narguments\r\n*1\r\n*8\r\n$4\r\nname\r\n$9\r\nparameter\r\n$4\r\ntype\r\n$5\r\nblock\r\n$5\r\nflags\r\n*1\r\n+multiple\r\n$9\r\narguments\r\n*1\r\n*4\r\n$4\r\nname\r\n$9\r\nparameter\r\n$4\r\ntype\r\n$6\r\nstring\r\n"},
		{name: "help", cmd: "COMMAND HELP",
			want: "*21\r\n+COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+(no subcommand)\r\n+    Return details about all Redis commands.\r\n+COUNT\r\n+    Return the total number of commands in this Redis server.\r\n+LIST\r\n+    Return a list of all commands in this Redis server.\r\n+INFO [<command-name> ...]\r\n+    Return details about multiple Redis commands.\r\n+    If no command names are given, documentation details for all\r\n+    commands are returned.\r\n+DOCS [<command-name> ...]\r\n+    Return documentation details about multiple Redis commands.\r\n+    If no command names are given, documentation details for all\r\n+    commands are returned.\r\n+GETKEYS <full-command>\r\n+    Return the keys from a full Redis command.\r\n+GETKEYSANDFLAGS <full-command>\r\n+    Return the keys and the access flags from a full Redis command.\r\n+HELP\r\n+    Prints this help.\r\n"},
		{name: "help resp3", proto: 3, cmd: "COMMAND HELP",
			want: "*21\r\n+COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+(no subcommand)\r\n+    Return details about all Redis commands.\r\n+COUNT\r\n+    Return the total number of commands in this Redis server.\r\n+LIST\r\n+    Return a list of all commands in this Redis server.\r\n+INFO [<command-name> ...]\r\n+    Return details about multiple Redis commands.\r\n+    If no command names are given, documentation details for all\r\n+    commands are returned.\r\n+DOCS [<command-name> ...]\r\n+    Return documentation details about multiple Redis commands.\r\n+    If no command names are given, documentation details for all\r\n+    commands are returned.\r\n+GETKEYS <full-command>\r\n+    Return the keys from a full Redis command.\r\n+GETKEYSANDFLAGS <full-command>\r\n+    Return the keys and the access flags from a full Redis command.\r\n+HELP\r\n+    Prints this help.\r\n"},
		{name: "help arity", cmd: "COMMAND HELP x",
			want: "-ERR wrong number of arguments for 'command|help' command\r\n"},
		{name: "unknown subcommand", cmd: "COMMAND nosuch",
			want: "-ERR unknown subcommand 'nosuch'. Try COMMAND HELP.\r\n"},
		{name: "container alone", cmd: "CONFIG",
			want: "-ERR wrong number of arguments for 'config' command\r\n"},
	})
}

// Redis lists commands in hash table order; Ember lists them by name, a
// container before its subcommands.
func TestCommandListOrder(t *testing.T) {
	runFullCases(t, []cmdCase{
		{name: "pattern", cmd: "COMMAND LIST FILTERBY PATTERN config*",
			want: "*6\r\n$6\r\nconfig\r\n$10\r\nconfig|get\r\n$11\r\nconfig|help\r\n$16\r\nconfig|resetstat\r\n$14\r\nconfig|rewrite\r\n$10\r\nconfig|set\r\n"},
		{name: "pattern over subcommands", cmd: "command list filterby pattern *|GET*",
			want: "*8\r\n$11\r\nacl|getuser\r\n$14\r\nclient|getname\r\n$15\r\nclient|getredir\r\n$21\r\ncluster|getkeysinslot\r\n$15\r\ncommand|getkeys\r\n$23\r\ncommand|getkeysandflags\r\n$10\r\nconfig|get\r\n$11\r\nslowlog|get\r\n"},
		{name: "acl category in any case", cmd: "COMMAND LIST FILTERBY ACLCAT HyperLogLog",
			want: "*5\r\n$5\r\npfadd\r\n$7\r\npfcount\r\n$7\r\npfdebug\r\n$7\r\npfmerge\r\n$10\r\npfselftest\r\n"},
	})
}

func TestCommandAll(t *testing.T) {
	for _, proto := range []int{2, 3} {
		h := newFullHarness(t)
		h.c.Proto = proto
		all := h.do("COMMAND")
		if info := h.do("COMMAND INFO"); all != info {
			t.Errorf("resp%d: COMMAND and COMMAND INFO differ", proto)
		}
		if !strings.HasPrefix(all, "*240\r\n*10\r\n$3\r\nacl\r\n") {
			t.Errorf("resp%d: COMMAND starts %q", proto, all[:40])
		}
		docs := h.do("COMMAND DOCS")
		want := "*480\r\n$3\r\nacl\r\n"
		if proto == 3 {
			want = "%240\r\n$3\r\nacl\r\n"
		}
		if !strings.HasPrefix(docs, want) {
			t.Errorf("resp%d: COMMAND DOCS starts %q", proto, docs[:40])
		}
		if n := strings.Count(h.do("COMMAND LIST"), "\r\n$"); n != 366 {
			t.Errorf("resp%d: COMMAND LIST has %d names, want 366", proto, n)
		}
	}
}

// On the table the server builds, COMMAND counts and lists what has a
// handler, and COMMAND alone reaches its handler although COMMAND is a
// container.
func TestCommandOnBoundTable(t *testing.T) {
	h := newHarness(t)
	if got, want := h.do("COMMAND COUNT"), ":"+strconv.Itoa(len(h.table.All()))+"\r\n"; got != want {
		t.Errorf("COMMAND COUNT = %q, want %q", got, want)
	}
	list := h.do("COMMAND LIST")
	for _, name := range []string{"command", "command|info", "command|getkeysandflags", "get"} {
		if !strings.Contains(list, "\r\n"+name+"\r\n") {
			t.Errorf("COMMAND LIST lacks %s: %q", name, list)
		}
	}
	if got := h.do("COMMAND"); !strings.HasPrefix(got, "*"+strconv.Itoa(len(h.table.All()))+"\r\n*10\r\n") {
		t.Errorf("COMMAND = %q...", got[:20])
	}
}

func TestAtoi(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"2", 2}, {"2abc", 2}, {" \t2", 2}, {"+3", 3}, {"-4", -4}, {"02", 2}, {"", 0}, {"abc", 0},
		{"4294967297", 1},            // the int cast keeps the low 32 bits
		{"99999999999999999999", -1}, // strtol saturates at LONG_MAX
		{"-99999999999999999999", 0}, // LONG_MIN
	} {
		if got := atoi([]byte(tc.in)); got != tc.want {
			t.Errorf("atoi(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}
