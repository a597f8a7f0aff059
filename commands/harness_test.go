package commands

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/ember-db/ember/resp"
	"github.com/ember-db/ember/store"
)

// testHooks records what handlers signal.
type testHooks struct {
	modified []string
	ready    []string
	flushed  int
	events   []string
	// blocked records BlockForKeys calls as "typ key1 key2 ... @deadline";
	// denyBlock makes BlockForKeys refuse, as inside MULTI/EXEC.
	blocked   []string
	denyBlock bool
}

func (h *testHooks) SignalModifiedKey(db *store.DB, key []byte) {
	h.modified = append(h.modified, string(key))
}
func (h *testHooks) SignalFlushedDB(db, replacedWith *store.DB) { h.flushed++ }
func (h *testHooks) FlushedAll() bool                           { return false }
func (h *testHooks) SignalKeyAsReady(db *store.DB, key []byte) {
	h.ready = append(h.ready, string(key))
}
func (h *testHooks) BlockForKeys(c *Client, typ string, keys [][]byte, deadlineMs int64) bool {
	if h.denyBlock {
		return false
	}
	rec := typ
	for _, k := range keys {
		rec += " " + string(k)
	}
	h.blocked = append(h.blocked, rec+" @"+strconv.FormatInt(deadlineMs, 10))
	return true
}
func (h *testHooks) NotifyKeyspaceEvent(class byte, event string, key []byte, dbid int) {
	h.events = append(h.events, event+":"+string(key))
}

// harness runs commands through the table the way the server's call() does
// (lookup, arity, handler, reply contract) with an injected clock.
type harness struct {
	t     testing.TB
	table *Table
	srv   *Server
	hooks *testHooks
	c     *Client
	// now is the clock, unix ms; tests advance it instead of sleeping.
	now int64
	// propagated collects what call() would feed the AOF, as "SET k v".
	propagated []string
}

const harnessStart = 1_700_000_000_000 // a fixed unix ms start time

func newHarness(t testing.TB) *harness {
	t.Helper()
	table, err := NewTable()
	if err != nil {
		t.Fatal(err)
	}
	hooks := &testHooks{}
	srv := &Server{
		Keyspace: store.NewKeyspace(16),
		Hooks:    hooks,
		Rand:     rand.New(rand.NewPCG(1, 2)),
		Tunables: DefaultTunables(),
		Table:    table,
	}
	h := &harness{t: t, table: table, srv: srv, hooks: hooks, now: harnessStart}
	h.c = &Client{Srv: srv, ID: 1, DB: srv.Keyspace.DBs[0]}
	h.c.Proto = 2
	return h
}

// do runs one command given as an inline line (Redis quoting rules) and
// returns its raw RESP reply.
func (h *harness) do(line string) string {
	h.t.Helper()
	argv, ok := resp.SplitArgs([]byte(line))
	if !ok || len(argv) == 0 {
		h.t.Fatalf("bad command line %q", line)
	}
	return h.doArgv(argv)
}

func (h *harness) doArgv(argv [][]byte) string {
	h.t.Helper()
	c := h.c
	c.Buf = c.Buf[:0]
	cmd, err := h.table.Lookup(argv)
	if err == nil && !cmd.CheckArity(len(argv)) {
		err = ErrWrongArgs(cmd.FullName)
	}
	if err != nil {
		c.ReplyError(err.Error())
		return string(c.Buf)
	}
	c.Argv, c.Cmd, c.Now = argv, cmd, h.now
	c.ResetCall()
	nblocked := len(h.hooks.blocked)
	if err := cmd.Proc(c); err != nil {
		if len(c.Buf) != 0 {
			h.t.Fatalf("%q: handler wrote %q and returned error %v", argv, c.Buf, err)
		}
		c.ReplyError(err.Error())
	} else if blocked := len(h.hooks.blocked) > nblocked; blocked && len(c.Buf) != 0 {
		h.t.Fatalf("%q: handler blocked and wrote %q", argv, c.Buf)
	} else if !blocked && len(c.Buf) == 0 {
		h.t.Fatalf("%q: handler wrote no reply", argv)
	}
	// In the order server.call feeds them: what the handler propagated
	// while running (a lazy expiry's DEL) first, then the command itself.
	main, also := c.TakePropagation()
	for _, p := range also {
		h.propagated = append(h.propagated, joinArgv(p.Argv))
	}
	if main != nil {
		h.propagated = append(h.propagated, joinArgv(main))
	}
	return string(c.Buf)
}

func joinArgv(argv [][]byte) string {
	s := make([]string, len(argv))
	for i, a := range argv {
		s[i] = string(a)
	}
	return strings.Join(s, " ")
}

// cmdCase is one row of a table-driven handler test: setup commands (replies
// ignored), then cmd, whose raw RESP reply must equal want.
type cmdCase struct {
	name  string
	proto int // 2 (default) or 3
	setup []string
	cmd   string
	want  string
}

// runCases runs each case on a fresh harness.
func runCases(t *testing.T, cases []cmdCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			for _, s := range tc.setup {
				h.do(s)
			}
			if tc.proto == 3 {
				h.c.Proto = 3
			}
			if got := h.do(tc.cmd); got != tc.want {
				t.Errorf("%s\n got %q\nwant %q", tc.cmd, got, tc.want)
			}
		})
	}
}

func TestHarnessBasics(t *testing.T) {
	runCases(t, []cmdCase{
		{name: "get missing", cmd: "GET k", want: "$-1\r\n"},
		{name: "get missing resp3", proto: 3, cmd: "GET k", want: "_\r\n"},
		{name: "set then get", setup: []string{"SET k v"}, cmd: "GET k", want: "$1\r\nv\r\n"},
		{name: "arity", cmd: "GET", want: "-ERR wrong number of arguments for 'get' command\r\n"},
		{name: "unknown", cmd: "NOPE a b", want: "-ERR unknown command 'NOPE', with args beginning with: 'a' 'b' \r\n"},
	})
}
