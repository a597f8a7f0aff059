package commands

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/ember-db/ember/resp"
)

const (
	wrongType = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
	syntaxErr = "-ERR syntax error\r\n"
	notInt    = "-ERR value is not an integer or out of range\r\n"
)

func TestDel(t *testing.T) {
	runKeyspaceCases(t, []cmdCase{
		{name: "arity", cmd: "DEL", want: "-ERR wrong number of arguments for 'del' command\r\n"},
		{name: "missing", cmd: "DEL k", want: ":0\r\n"},
		{name: "one", setup: []string{"SET k v"}, cmd: "DEL k", want: ":1\r\n"},
		{name: "several", setup: []string{"SET a 1", "SET b 2"}, cmd: "DEL a b c", want: ":2\r\n"},
		{name: "repeated", setup: []string{"SET a 1"}, cmd: "DEL a a a", want: ":1\r\n"},
		{name: "gone", setup: []string{"SET a 1", "DEL a"}, cmd: "GET a", want: "$-1\r\n"},
		{name: "unlink arity", cmd: "UNLINK", want: "-ERR wrong number of arguments for 'unlink' command\r\n"},
		{name: "unlink", setup: []string{"SET a 1", "SET b 2"}, cmd: "UNLINK a b a x", want: ":2\r\n"},
	})
}

func TestDelSignals(t *testing.T) {
	h := newHarness(t)
	h.do("SET a 1")
	h.do("SET b 2")
	h.hooks.modified, h.hooks.events, h.propagated = nil, nil, nil
	if got := h.do("DEL a x b"); got != ":2\r\n" {
		t.Fatalf("DEL = %q", got)
	}
	if h.c.Dirty != 2 {
		t.Errorf("dirty = %d, want 2", h.c.Dirty)
	}
	checkStrings(t, "modified", h.hooks.modified, []string{"a", "b"})
	checkStrings(t, "events", h.hooks.events, []string{"del:a", "del:b"})
	checkStrings(t, "propagated", h.propagated, []string{"DEL a x b"})
	h.propagated = nil
	h.do("DEL x")
	checkStrings(t, "propagated after no-op", h.propagated, nil)
}

func TestExistsTouchType(t *testing.T) {
	runKeyspaceCases(t, []cmdCase{
		{name: "exists arity", cmd: "EXISTS", want: "-ERR wrong number of arguments for 'exists' command\r\n"},
		{name: "exists missing", cmd: "EXISTS k", want: ":0\r\n"},
		{name: "exists counts repeats", setup: []string{"SET k v"}, cmd: "EXISTS k k x k", want: ":3\r\n"},
		{name: "touch arity", cmd: "TOUCH", want: "-ERR wrong number of arguments for 'touch' command\r\n"},
		{name: "touch", setup: []string{"SET a 1", "SET b 1"}, cmd: "TOUCH a b c a", want: ":3\r\n"},
		{name: "type arity", cmd: "TYPE", want: "-ERR wrong number of arguments for 'type' command\r\n"},
		{name: "type arity 2", cmd: "TYPE a b", want: "-ERR wrong number of arguments for 'type' command\r\n"},
		{name: "type missing", cmd: "TYPE k", want: "+none\r\n"},
		{name: "type string", setup: []string{"SET k v"}, cmd: "TYPE k", want: "+string\r\n"},
		{name: "type resp3", proto: 3, setup: []string{"SET k v"}, cmd: "TYPE k", want: "+string\r\n"},
	})
}

func TestAccessTimeAndStats(t *testing.T) {
	h := newHarness(t)
	h.do("SET k v")
	created := h.now
	h.now += 5000
	for _, cmd := range []string{"EXISTS k", "TYPE k", "TTL k", "PTTL k", "OBJECT ENCODING k", "OBJECT IDLETIME k", "SCAN 0"} {
		h.do(cmd)
		if e := h.c.DB.Find([]byte("k")); e.Access != created {
			t.Errorf("%s touched the access time", cmd)
		}
	}
	hits := h.srv.Stats.KeyspaceHits
	h.do("TOUCH k")
	if e := h.c.DB.Find([]byte("k")); e.Access != h.now {
		t.Errorf("TOUCH did not touch the access time")
	}
	if h.srv.Stats.KeyspaceHits != hits+1 {
		t.Errorf("TOUCH: hits %d, want %d", h.srv.Stats.KeyspaceHits, hits+1)
	}
	misses := h.srv.Stats.KeyspaceMisses
	h.do("EXISTS nope nope")
	if h.srv.Stats.KeyspaceMisses != misses+2 {
		t.Errorf("EXISTS: misses %d, want %d", h.srv.Stats.KeyspaceMisses, misses+2)
	}
}

func TestRename(t *testing.T) {
	runKeyspaceCases(t, []cmdCase{
		{name: "arity", cmd: "RENAME a", want: "-ERR wrong number of arguments for 'rename' command\r\n"},
		{name: "arity nx", cmd: "RENAMENX a b c", want: "-ERR wrong number of arguments for 'renamenx' command\r\n"},
		{name: "missing", cmd: "RENAME a b", want: "-ERR no such key\r\n"},
		{name: "missing nx", cmd: "RENAMENX a b", want: "-ERR no such key\r\n"},
		{name: "missing same", cmd: "RENAME a a", want: "-ERR no such key\r\n"},
		{name: "same", setup: []string{"SET a 1"}, cmd: "RENAME a a", want: "+OK\r\n"},
		{name: "same nx", setup: []string{"SET a 1"}, cmd: "RENAMENX a a", want: ":0\r\n"},
		{name: "rename", setup: []string{"SET a 1"}, cmd: "RENAME a b", want: "+OK\r\n"},
		{name: "source gone", setup: []string{"SET a 1", "RENAME a b"}, cmd: "EXISTS a", want: ":0\r\n"},
		{name: "dest value", setup: []string{"SET a 1", "RENAME a b"}, cmd: "GET b", want: "$1\r\n1\r\n"},
		{name: "overwrite", setup: []string{"SET a 1", "SET b 2", "RENAME a b"}, cmd: "GET b", want: "$1\r\n1\r\n"},
		{name: "nx exists", setup: []string{"SET a 1", "SET b 2"}, cmd: "RENAMENX a b", want: ":0\r\n"},
		{name: "nx kept", setup: []string{"SET a 1", "SET b 2", "RENAMENX a b"}, cmd: "GET b", want: "$1\r\n2\r\n"},
		{name: "nx", setup: []string{"SET a 1"}, cmd: "RENAMENX a b", want: ":1\r\n"},
		{name: "keeps ttl", setup: []string{"SET a 1", "EXPIRE a 100", "RENAME a b"}, cmd: "TTL b", want: ":100\r\n"},
		{name: "drops dest ttl", setup: []string{"SET a 1", "SET b 1", "EXPIRE b 100", "RENAME a b"}, cmd: "TTL b", want: ":-1\r\n"},
		{name: "expired source", setup: []string{"SET a 1", "PEXPIREAT a 1"}, cmd: "RENAME a b", want: "-ERR no such key\r\n"},
	})
}

func TestRenameExpiredDest(t *testing.T) {
	h := newHarness(t)
	h.do("SET b old")
	h.do("PEXPIRE b 100")
	h.do("SET a new")
	h.now += 200
	h.propagated = nil
	if got := h.do("RENAMENX a b"); got != ":1\r\n" {
		t.Fatalf("RENAMENX onto an expired key = %q, want :1", got)
	}
	checkStrings(t, "propagated", h.propagated, []string{"DEL b", "RENAMENX a b"})
	if got := h.do("GET b"); got != "$3\r\nnew\r\n" {
		t.Errorf("GET b = %q", got)
	}
	if h.srv.Stats.ExpiredKeys != 1 {
		t.Errorf("expired_keys = %d", h.srv.Stats.ExpiredKeys)
	}
}

func TestRenameSignals(t *testing.T) {
	h := newHarness(t)
	h.do("SET a 1")
	h.hooks.modified, h.hooks.events = nil, nil
	h.do("RENAME a b")
	checkStrings(t, "modified", h.hooks.modified, []string{"a", "b"})
	checkStrings(t, "events", h.hooks.events, []string{"rename_from:a", "rename_to:b"})
}

func TestMove(t *testing.T) {
	runKeyspaceCases(t, []cmdCase{
		{name: "arity", cmd: "MOVE k", want: "-ERR wrong number of arguments for 'move' command\r\n"},
		{name: "not int", cmd: "MOVE k x", want: notInt},
		{name: "int range", cmd: "MOVE k 4294967296", want: "-ERR value is out of range, value must between -2147483648 and 2147483647\r\n"},
		{name: "db range", cmd: "MOVE k 16", want: "-ERR DB index is out of range\r\n"},
		{name: "negative", cmd: "MOVE k -1", want: "-ERR DB index is out of range\r\n"},
		{name: "same db", cmd: "MOVE k 0", want: "-ERR source and destination objects are the same\r\n"},
		{name: "missing", cmd: "MOVE k 1", want: ":0\r\n"},
		{name: "move", setup: []string{"SET k v"}, cmd: "MOVE k 1", want: ":1\r\n"},
		{name: "source gone", setup: []string{"SET k v", "MOVE k 1"}, cmd: "EXISTS k", want: ":0\r\n"},
		{name: "arrived", setup: []string{"SET k v", "MOVE k 1", "SELECT 1"}, cmd: "GET k", want: "$1\r\nv\r\n"},
		{name: "dest exists", setup: []string{"SELECT 1", "SET k x", "SELECT 0", "SET k v"}, cmd: "MOVE k 1", want: ":0\r\n"},
		{name: "keeps ttl", setup: []string{"SET k v", "EXPIRE k 100", "MOVE k 3", "SELECT 3"}, cmd: "TTL k", want: ":100\r\n"},
	})
}

func TestMoveSignals(t *testing.T) {
	h := newHarness(t)
	h.do("SET k v")
	h.hooks.modified, h.hooks.events, h.propagated = nil, nil, nil
	h.do("MOVE k 5")
	checkStrings(t, "modified", h.hooks.modified, []string{"k", "k"})
	checkStrings(t, "events", h.hooks.events, []string{"move_from:k", "move_to:k"})
	checkStrings(t, "propagated", h.propagated, []string{"MOVE k 5"})
	db5 := h.srv.Keyspace.DBs[5]
	if db5.Len() != 1 || h.c.DB.Len() != 0 {
		t.Errorf("db sizes after MOVE: db0 %d db5 %d", h.c.DB.Len(), db5.Len())
	}
}

func TestCopy(t *testing.T) {
	runKeyspaceCases(t, []cmdCase{
		{name: "arity", cmd: "COPY a", want: "-ERR wrong number of arguments for 'copy' command\r\n"},
		{name: "same key", cmd: "COPY a a", want: "-ERR source and destination objects are the same\r\n"},
		{name: "same key same db", cmd: "COPY a a DB 0", want: "-ERR source and destination objects are the same\r\n"},
		{name: "db missing value", cmd: "COPY a b DB", want: syntaxErr},
		{name: "db not int", cmd: "COPY a b DB x", want: notInt},
		{name: "db int range", cmd: "COPY a b DB 2147483648", want: "-ERR value is out of range, value must between -2147483648 and 2147483647\r\n"},
		{name: "db range", cmd: "COPY a b DB 16", want: "-ERR DB index is out of range\r\n"},
		{name: "db error first", cmd: "COPY a b DB 16 foo", want: "-ERR DB index is out of range\r\n"},
		{name: "syntax first", cmd: "COPY a b foo DB 16", want: syntaxErr},
		{name: "unknown option", cmd: "COPY a b REPLACE x", want: syntaxErr},
		{name: "missing", cmd: "COPY a b", want: ":0\r\n"},
		{name: "copy", setup: []string{"SET a 1"}, cmd: "COPY a b", want: ":1\r\n"},
		{name: "copied", setup: []string{"SET a 1", "COPY a b"}, cmd: "GET b", want: "$1\r\n1\r\n"},
		{name: "source kept", setup: []string{"SET a 1", "COPY a b"}, cmd: "GET a", want: "$1\r\n1\r\n"},
		{name: "exists", setup: []string{"SET a 1", "SET b 2"}, cmd: "COPY a b", want: ":0\r\n"},
		{name: "replace", setup: []string{"SET a 1", "SET b 2"}, cmd: "COPY a b REPLACE", want: ":1\r\n"},
		{name: "replaced", setup: []string{"SET a 1", "SET b 2", "COPY a b replace"}, cmd: "GET b", want: "$1\r\n1\r\n"},
		{name: "other db same name", setup: []string{"SET a 1", "COPY a a DB 1", "SELECT 1"}, cmd: "GET a", want: "$1\r\n1\r\n"},
		{name: "keeps ttl", setup: []string{"SET a 1", "EXPIRE a 100", "COPY a b db 2", "SELECT 2"}, cmd: "TTL b", want: ":100\r\n"},
		{name: "no ttl", setup: []string{"SET a 1", "SET b 2", "EXPIRE b 100", "COPY a b REPLACE"}, cmd: "TTL b", want: ":-1\r\n"},
	})
}

func TestCopyIsDeep(t *testing.T) {
	h := newHarness(t)
	h.do("SET a hello")
	h.hooks.events = nil
	h.do("COPY a b")
	a, b := h.c.DB.Find([]byte("a")), h.c.DB.Find([]byte("b"))
	if a.Value == b.Value {
		t.Fatal("COPY shares the value")
	}
	checkStrings(t, "events", h.hooks.events, []string{"copy_to:b"})
}

func TestSwapdb(t *testing.T) {
	runKeyspaceCases(t, []cmdCase{
		{name: "arity", cmd: "SWAPDB 0", want: "-ERR wrong number of arguments for 'swapdb' command\r\n"},
		{name: "first", cmd: "SWAPDB x 1", want: "-ERR invalid first DB index\r\n"},
		{name: "second", cmd: "SWAPDB 0 x", want: "-ERR invalid second DB index\r\n"},
		{name: "first before second", cmd: "SWAPDB x y", want: "-ERR invalid first DB index\r\n"},
		{name: "int range", cmd: "SWAPDB 0 4294967296", want: "-ERR invalid second DB index\r\n"},
		{name: "range", cmd: "SWAPDB 0 16", want: "-ERR DB index is out of range\r\n"},
		{name: "negative", cmd: "SWAPDB -1 0", want: "-ERR DB index is out of range\r\n"},
		{name: "self", cmd: "SWAPDB 3 3", want: "+OK\r\n"},
		{name: "swap", setup: []string{"SET k v"}, cmd: "SWAPDB 0 1", want: "+OK\r\n"},
		{name: "swapped", setup: []string{"SET k v", "SWAPDB 0 1"}, cmd: "GET k", want: "$-1\r\n"},
		{name: "visible", setup: []string{"SET k v", "SWAPDB 0 1", "SELECT 1"}, cmd: "GET k", want: "$1\r\nv\r\n"},
		{name: "ttl follows", setup: []string{"SET k v", "EXPIRE k 100", "SWAPDB 1 0", "SELECT 1"}, cmd: "TTL k", want: ":100\r\n"},
	})
}

func TestSwapdbSignals(t *testing.T) {
	h := newHarness(t)
	h.do("SWAPDB 0 1")
	if h.hooks.flushed != 2 {
		t.Errorf("SignalFlushedDB called %d times, want 2", h.hooks.flushed)
	}
	checkStrings(t, "propagated", h.propagated, []string{"SWAPDB 0 1"})
}

func TestKeys(t *testing.T) {
	runKeyspaceCases(t, []cmdCase{
		{name: "arity", cmd: "KEYS", want: "-ERR wrong number of arguments for 'keys' command\r\n"},
		{name: "empty", cmd: "KEYS *", want: "*0\r\n"},
		{name: "one", setup: []string{"SET k v"}, cmd: "KEYS *", want: "*1\r\n$1\r\nk\r\n"},
		{name: "pattern", setup: []string{"SET hello 1", "SET world 1"}, cmd: "KEYS h*", want: "*1\r\n$5\r\nhello\r\n"},
		{name: "no match", setup: []string{"SET hello 1"}, cmd: "KEYS x*", want: "*0\r\n"},
		{name: "empty key all", setup: []string{`SET "" 1`}, cmd: "KEYS *", want: "*1\r\n$0\r\n\r\n"},
		{name: "empty key stars", setup: []string{`SET "" 1`}, cmd: "KEYS **", want: "*0\r\n"},
		{name: "resp3 array", proto: 3, setup: []string{"SET k v"}, cmd: "KEYS *", want: "*1\r\n$1\r\nk\r\n"},
	})
}

func TestKeysSkipsExpiredWithoutDeleting(t *testing.T) {
	h := newHarness(t)
	h.do("SET a 1")
	h.do("SET b 1")
	h.do("PEXPIRE b 10")
	h.now += 10
	if got := h.do("KEYS *"); got != "*1\r\n$1\r\na\r\n" {
		t.Errorf("KEYS = %q", got)
	}
	if h.c.DB.Len() != 2 {
		t.Errorf("KEYS deleted the expired key")
	}
	checkStrings(t, "propagated", h.propagated, []string{"SET a 1", "SET b 1", "PEXPIREAT b " + strconv.FormatInt(harnessStart+10, 10)})
}

func TestKeysMany(t *testing.T) {
	h := newHarness(t)
	var want []string
	for i := range 3000 {
		k := fmt.Sprintf("key:%d", i)
		h.do("SET " + k + " v")
		if strings.HasSuffix(k, "7") {
			want = append(want, k)
		}
	}
	got := parseArray(t, h.do("KEYS *7"))
	sort.Strings(got)
	sort.Strings(want)
	checkStrings(t, "KEYS *7", got, want)
}

func TestRandomkeyDbsize(t *testing.T) {
	runKeyspaceCases(t, []cmdCase{
		{name: "randomkey arity", cmd: "RANDOMKEY x", want: "-ERR wrong number of arguments for 'randomkey' command\r\n"},
		{name: "randomkey empty", cmd: "RANDOMKEY", want: "$-1\r\n"},
		{name: "randomkey empty resp3", proto: 3, cmd: "RANDOMKEY", want: "_\r\n"},
		{name: "randomkey one", setup: []string{"SET k v"}, cmd: "RANDOMKEY", want: "$1\r\nk\r\n"},
		{name: "dbsize arity", cmd: "DBSIZE x", want: "-ERR wrong number of arguments for 'dbsize' command\r\n"},
		{name: "dbsize empty", cmd: "DBSIZE", want: ":0\r\n"},
		{name: "dbsize", setup: []string{"SET a 1", "SET b 1", "SELECT 1", "SET c 1"}, cmd: "DBSIZE", want: ":1\r\n"},
	})
}

func TestRandomkeySkipsExpired(t *testing.T) {
	h := newHarness(t)
	for i := range 200 {
		h.do(fmt.Sprintf("SET v%d x", i))
		h.do(fmt.Sprintf("PEXPIRE v%d 10", i))
	}
	h.do("SET live x")
	h.now += 10
	h.propagated = nil
	if got := h.do("RANDOMKEY"); got != "$4\r\nlive\r\n" {
		t.Fatalf("RANDOMKEY = %q, want live", got)
	}
	for _, p := range h.propagated {
		if !strings.HasPrefix(p, "DEL v") {
			t.Fatalf("unexpected propagation %q", p)
		}
	}
	if int64(len(h.propagated)) != h.srv.Stats.ExpiredKeys || h.c.DB.Len() != 201-len(h.propagated) {
		t.Errorf("propagated %d DELs, expired_keys %d, dbsize %d", len(h.propagated), h.srv.Stats.ExpiredKeys, h.c.DB.Len())
	}

	// All keys expired: RANDOMKEY deletes them and replies null.
	h = newHarness(t)
	for i := range 50 {
		h.do(fmt.Sprintf("SET v%d x", i))
		h.do(fmt.Sprintf("PEXPIRE v%d 10", i))
	}
	h.now += 10
	if got := h.do("RANDOMKEY"); got != "$-1\r\n" {
		t.Fatalf("RANDOMKEY over expired keys = %q", got)
	}
	if h.c.DB.Len() != 0 {
		t.Errorf("dbsize %d after RANDOMKEY over expired keys", h.c.DB.Len())
	}
}

func TestRandomkeyIsRandom(t *testing.T) {
	h := newHarness(t)
	for i := range 10 {
		h.do(fmt.Sprintf("SET k%d v", i))
	}
	seen := map[string]bool{}
	for range 500 {
		seen[h.do("RANDOMKEY")] = true
	}
	if len(seen) != 10 {
		t.Errorf("RANDOMKEY returned %d distinct keys of 10", len(seen))
	}
}

func TestDbsizeCountsExpired(t *testing.T) {
	h := newHarness(t)
	h.do("SET a 1")
	h.do("PEXPIRE a 10")
	h.now += 100
	if got := h.do("DBSIZE"); got != ":1\r\n" {
		t.Errorf("DBSIZE = %q, want :1 (as Redis, expired keys count until deleted)", got)
	}
}

func TestFlush(t *testing.T) {
	runKeyspaceCases(t, []cmdCase{
		{name: "flushdb syntax", cmd: "FLUSHDB foo", want: syntaxErr},
		{name: "flushdb two", cmd: "FLUSHDB async sync", want: syntaxErr},
		{name: "flushall syntax", cmd: "FLUSHALL foo", want: syntaxErr},
		{name: "flushdb", setup: []string{"SET a 1"}, cmd: "FLUSHDB", want: "+OK\r\n"},
		{name: "flushdb async", setup: []string{"SET a 1"}, cmd: "FLUSHDB ASYNC", want: "+OK\r\n"},
		{name: "flushdb sync", setup: []string{"SET a 1"}, cmd: "FLUSHDB sync", want: "+OK\r\n"},
		{name: "flushdb empties", setup: []string{"SET a 1", "FLUSHDB"}, cmd: "DBSIZE", want: ":0\r\n"},
		{name: "flushdb only current", setup: []string{"SELECT 1", "SET a 1", "SELECT 0", "FLUSHDB", "SELECT 1"}, cmd: "DBSIZE", want: ":1\r\n"},
		{name: "flushall", setup: []string{"SET a 1", "SELECT 1", "SET a 1", "FLUSHALL ASYNC"}, cmd: "DBSIZE", want: ":0\r\n"},
		{name: "flushall db0", setup: []string{"SET a 1", "SELECT 1", "FLUSHALL SYNC", "SELECT 0"}, cmd: "DBSIZE", want: ":0\r\n"},
	})
}

func TestFlushPropagation(t *testing.T) {
	h := newHarness(t)
	h.do("FLUSHDB")
	h.do("FLUSHALL")
	h.do("SET a 1")
	h.do("SET b 1")
	h.do("EXPIRE b 100")
	h.do("FLUSHDB ASYNC")
	if h.c.Dirty != 2 {
		t.Errorf("FLUSHDB of 2 keys: dirty %d", h.c.Dirty)
	}
	if h.c.DB.ExpiresLen() != 0 {
		t.Errorf("expires left after FLUSHDB")
	}
	checkStrings(t, "propagated", h.propagated, []string{"FLUSHDB", "FLUSHALL", "SET a 1", "SET b 1",
		"PEXPIREAT b " + strconv.FormatInt(harnessStart+100_000, 10), "FLUSHDB ASYNC"})
	if h.hooks.flushed != 3 {
		t.Errorf("SignalFlushedDB called %d times, want 3", h.hooks.flushed)
	}
}

func TestObject(t *testing.T) {
	help := "*15\r\n+OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n" +
		"+ENCODING <key>\r\n" +
		"+    Return the kind of internal representation used in order to store the value\r\n" +
		"+    associated with a <key>.\r\n" +
		"+FREQ <key>\r\n" +
		"+    Return the access frequency index of the <key>. The returned integer is\r\n" +
		"+    proportional to the logarithm of the recent access frequency of the key.\r\n" +
		"+IDLETIME <key>\r\n" +
		"+    Return the idle time of the <key>, that is the approximated number of\r\n" +
		"+    seconds elapsed since the last access to the key.\r\n" +
		"+REFCOUNT <key>\r\n" +
		"+    Return the number of references of the value associated with the specified\r\n" +
		"+    <key>.\r\n" +
		"+HELP\r\n" +
		"+    Prints this help.\r\n"
	lfuErr := "-ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.\r\n"
	runKeyspaceCases(t, []cmdCase{
		{name: "container arity", cmd: "OBJECT", want: "-ERR wrong number of arguments for 'object' command\r\n"},
		{name: "unknown", cmd: "OBJECT foo k", want: "-ERR unknown subcommand 'foo'. Try OBJECT HELP.\r\n"},
		{name: "help", cmd: "OBJECT HELP", want: help},
		{name: "help lower", cmd: "object help", want: help},
		{name: "help arity", cmd: "OBJECT HELP x", want: "-ERR wrong number of arguments for 'object|help' command\r\n"},
		{name: "encoding arity", cmd: "OBJECT ENCODING", want: "-ERR wrong number of arguments for 'object|encoding' command\r\n"},
		{name: "refcount arity", cmd: "OBJECT REFCOUNT a b", want: "-ERR wrong number of arguments for 'object|refcount' command\r\n"},
		{name: "encoding missing", cmd: "OBJECT ENCODING k", want: "$-1\r\n"},
		{name: "encoding missing resp3", proto: 3, cmd: "OBJECT ENCODING k", want: "_\r\n"},
		{name: "refcount missing", cmd: "OBJECT REFCOUNT k", want: "$-1\r\n"},
		{name: "idletime missing", cmd: "OBJECT IDLETIME k", want: "$-1\r\n"},
		{name: "freq missing", cmd: "OBJECT FREQ k", want: "$-1\r\n"},
		{name: "encoding int", setup: []string{"SET k 123"}, cmd: "OBJECT ENCODING k", want: "$3\r\nint\r\n"},
		{name: "encoding embstr", setup: []string{"SET k abc"}, cmd: "OBJECT ENCODING k", want: "$6\r\nembstr\r\n"},
		{name: "encoding raw", setup: []string{"SET k " + strings.Repeat("x", 45)}, cmd: "OBJECT ENCODING k", want: "$3\r\nraw\r\n"},
		{name: "refcount shared", setup: []string{"SET k 9999"}, cmd: "OBJECT REFCOUNT k", want: ":2147483647\r\n"},
		{name: "refcount zero", setup: []string{"SET k 0"}, cmd: "OBJECT REFCOUNT k", want: ":2147483647\r\n"},
		{name: "refcount 10000", setup: []string{"SET k 10000"}, cmd: "OBJECT REFCOUNT k", want: ":1\r\n"},
		{name: "refcount negative", setup: []string{"SET k -1"}, cmd: "OBJECT REFCOUNT k", want: ":1\r\n"},
		{name: "refcount string", setup: []string{"SET k abc"}, cmd: "OBJECT REFCOUNT k", want: ":1\r\n"},
		{name: "refcount leading zero", setup: []string{"SET k 01"}, cmd: "OBJECT REFCOUNT k", want: ":1\r\n"},
		{name: "idletime new", setup: []string{"SET k v"}, cmd: "OBJECT IDLETIME k", want: ":0\r\n"},
		{name: "freq not lfu", setup: []string{"SET k v"}, cmd: "OBJECT FREQ k", want: lfuErr},
	})
}

func TestObjectIdletime(t *testing.T) {
	h := newHarness(t)
	h.do("SET k v")
	h.now += 12_345
	if got := h.do("OBJECT IDLETIME k"); got != ":12\r\n" {
		t.Errorf("IDLETIME after 12.3 s = %q", got)
	}
	h.do("GET k")
	h.now += 999
	if got := h.do("OBJECT IDLETIME k"); got != ":0\r\n" {
		t.Errorf("IDLETIME after GET = %q", got)
	}
}

func TestObjectPolicies(t *testing.T) {
	h := newHarness(t)
	h.srv.Tunables.MaxMemoryPolicy = "allkeys-lfu"
	h.do("SET k v")
	h.do("SET n 5")
	if got := h.do("OBJECT FREQ k"); got != ":5\r\n" {
		t.Errorf("FREQ of a new key = %q", got)
	}
	h.now += 3*60_000 + 1
	if got := h.do("OBJECT FREQ k"); got != ":2\r\n" {
		t.Errorf("FREQ after 3 idle minutes = %q", got)
	}
	h.now += 60 * 60_000
	if got := h.do("OBJECT FREQ k"); got != ":0\r\n" {
		t.Errorf("FREQ after an idle hour = %q", got)
	}
	if got := h.do("OBJECT FREQ nope"); got != "$-1\r\n" {
		t.Errorf("FREQ missing = %q", got)
	}
	want := "-ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.\r\n"
	if got := h.do("OBJECT IDLETIME k"); got != want {
		t.Errorf("IDLETIME under LFU = %q", got)
	}
	if got := h.do("OBJECT IDLETIME nope"); got != "$-1\r\n" {
		t.Errorf("IDLETIME missing under LFU = %q", got)
	}
	if got := h.do("OBJECT REFCOUNT n"); got != ":1\r\n" {
		t.Errorf("REFCOUNT of 5 under LFU = %q (no shared integers)", got)
	}
	h.srv.Tunables.MaxMemoryPolicy = "volatile-lru"
	if got := h.do("OBJECT REFCOUNT n"); got != ":1\r\n" {
		t.Errorf("REFCOUNT of 5 under LRU = %q (no shared integers)", got)
	}
	h.srv.Tunables.MaxMemoryPolicy = "volatile-ttl"
	if got := h.do("OBJECT REFCOUNT n"); got != ":2147483647\r\n" {
		t.Errorf("REFCOUNT of 5 under volatile-ttl = %q", got)
	}
}

// TestExpiredKeysInvisible checks that every command treats a key whose
// time has passed as missing, before any active expiry ran.
func TestExpiredKeysInvisible(t *testing.T) {
	setup := []string{"SET k v", "SET k2 v", "PEXPIRE k 100"}
	cases := []cmdCase{
		{name: "get", cmd: "GET k", want: "$-1\r\n"},
		{name: "exists", cmd: "EXISTS k", want: ":0\r\n"},
		{name: "touch", cmd: "TOUCH k", want: ":0\r\n"},
		{name: "type", cmd: "TYPE k", want: "+none\r\n"},
		{name: "del", cmd: "DEL k", want: ":0\r\n"},
		{name: "unlink", cmd: "UNLINK k", want: ":0\r\n"},
		{name: "rename", cmd: "RENAME k x", want: "-ERR no such key\r\n"},
		{name: "renamenx onto", cmd: "RENAMENX k2 k", want: ":1\r\n"},
		{name: "move", cmd: "MOVE k 1", want: ":0\r\n"},
		{name: "copy", cmd: "COPY k x", want: ":0\r\n"},
		{name: "copy onto", cmd: "COPY k2 k", want: ":1\r\n"},
		{name: "keys", cmd: "KEYS k", want: "*0\r\n"},
		{name: "scan", cmd: "SCAN 0 MATCH k", want: "*2\r\n$1\r\n0\r\n*0\r\n"},
		{name: "scan type", cmd: "SCAN 0 TYPE string", want: "*2\r\n$1\r\n0\r\n*1\r\n$2\r\nk2\r\n"},
		{name: "ttl", cmd: "TTL k", want: ":-2\r\n"},
		{name: "pttl", cmd: "PTTL k", want: ":-2\r\n"},
		{name: "expiretime", cmd: "EXPIRETIME k", want: ":-2\r\n"},
		{name: "expire", cmd: "EXPIRE k 100", want: ":0\r\n"},
		{name: "persist", cmd: "PERSIST k", want: ":0\r\n"},
		{name: "object", cmd: "OBJECT ENCODING k", want: "$-1\r\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			for _, s := range setup {
				h.do(s)
			}
			h.now += 100
			h.propagated = nil
			if got := h.do(tc.cmd); got != tc.want {
				t.Fatalf("%s = %q, want %q", tc.cmd, got, tc.want)
			}
			if tc.name == "keys" {
				return // KEYS skips without deleting
			}
			if !slices.Contains(h.propagated, "DEL k") {
				t.Errorf("lazy expiry not propagated as DEL: %q", h.propagated)
			}
			if h.srv.Stats.ExpiredKeys != 1 {
				t.Errorf("expired_keys = %d", h.srv.Stats.ExpiredKeys)
			}
		})
	}
}

// runKeyspaceCases is runCases with SELECT, which is a server command the
// unit harness's table does not have: "SELECT n" in setup or cmd switches
// the client's db and replies OK.
func runKeyspaceCases(t *testing.T, cases []cmdCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			for _, s := range tc.setup {
				h.doSelect(s)
			}
			if tc.proto == 3 {
				h.c.Proto = 3
			}
			if got := h.doSelect(tc.cmd); got != tc.want {
				t.Errorf("%s\n got %q\nwant %q", tc.cmd, got, tc.want)
			}
		})
	}
}

// doSelect is h.do that also understands "SELECT n".
func (h *harness) doSelect(line string) string {
	h.t.Helper()
	if id, ok := strings.CutPrefix(line, "SELECT "); ok {
		n, err := strconv.Atoi(id)
		if err != nil {
			h.t.Fatalf("bad SELECT %q", line)
		}
		h.c.DB = h.srv.Keyspace.DBs[n]
		return "+OK\r\n"
	}
	return h.do(line)
}

// checkStrings fails t unless got equals want (nil and empty are equal).
func checkStrings(t testing.TB, what string, got, want []string) {
	t.Helper()
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s = %q, want %q", what, got, want)
	}
}

// parseArray decodes a RESP array of bulk strings.
func parseArray(t testing.TB, raw string) []string {
	t.Helper()
	v, rest := parseReply(t, raw)
	if rest != "" {
		t.Fatalf("trailing bytes after reply: %q", rest)
	}
	a, ok := v.([]any)
	if !ok {
		t.Fatalf("not an array: %q", raw)
	}
	out := make([]string, len(a))
	for i, e := range a {
		out[i] = e.(string)
	}
	return out
}

// parseReply decodes one RESP2 reply: arrays as []any, bulk strings as
// string, integers as int64, nulls as nil.
func parseReply(t testing.TB, raw string) (any, string) {
	t.Helper()
	line, rest, ok := strings.Cut(raw, "\r\n")
	if !ok || line == "" {
		t.Fatalf("bad reply %q", raw)
	}
	switch line[0] {
	case ':':
		n, _ := resp.ParseInt([]byte(line[1:]))
		return n, rest
	case '$':
		n, _ := strconv.Atoi(line[1:])
		if n < 0 {
			return nil, rest
		}
		return rest[:n], rest[n+2:]
	case '*':
		n, _ := strconv.Atoi(line[1:])
		a := make([]any, n)
		for i := range a {
			a[i], rest = parseReply(t, rest)
		}
		return a, rest
	}
	t.Fatalf("unexpected reply %q", raw)
	return nil, ""
}

func TestParseScanCursor(t *testing.T) {
	cases := []struct {
		in   string
		want uint64
		err  bool
	}{
		{"0", 0, false},
		{"", 0, false},
		{"00", 0, false},
		{"+0", 0, false},
		{"-0", 0, false},
		{"12", 12, false},
		{"+12", 12, false},
		{"-1", 18446744073709551615, false},
		{"18446744073709551615", 18446744073709551615, false},
		{"18446744073709551616", 0, true},
		{"-18446744073709551615", 1, false},
		{"-18446744073709551616", 0, true},
		{"+", 0, true},
		{"-", 0, true},
		{" 1", 0, true},
		{"1 ", 0, true},
		{"1.5", 0, true},
		{"0x1", 0, true},
		{"abc", 0, true},
		{"+-1", 0, true},
	}
	for _, tc := range cases {
		got, err := parseScanCursor([]byte(tc.in))
		if tc.err {
			if err != ErrInvalidCursor {
				t.Errorf("parseScanCursor(%q) = %d, %v; want ErrInvalidCursor", tc.in, got, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("parseScanCursor(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
}

func TestScan(t *testing.T) {
	empty := "*2\r\n$1\r\n0\r\n*0\r\n"
	one := "*2\r\n$1\r\n0\r\n*1\r\n$1\r\nk\r\n"
	runKeyspaceCases(t, []cmdCase{
		{name: "arity", cmd: "SCAN", want: "-ERR wrong number of arguments for 'scan' command\r\n"},
		{name: "bad cursor", cmd: "SCAN abc", want: "-ERR invalid cursor\r\n"},
		{name: "cursor before options", cmd: "SCAN abc COUNT 0", want: "-ERR invalid cursor\r\n"},
		{name: "count missing", cmd: "SCAN 0 COUNT", want: syntaxErr},
		{name: "count zero", cmd: "SCAN 0 COUNT 0", want: syntaxErr},
		{name: "count negative", cmd: "SCAN 0 COUNT -1", want: syntaxErr},
		{name: "count not int", cmd: "SCAN 0 COUNT x", want: notInt},
		{name: "match missing", cmd: "SCAN 0 MATCH", want: syntaxErr},
		{name: "type missing", cmd: "SCAN 0 TYPE", want: syntaxErr},
		{name: "unknown", cmd: "SCAN 0 foo bar", want: syntaxErr},
		{name: "empty", cmd: "SCAN 0", want: empty},
		{name: "empty resp3", proto: 3, cmd: "SCAN 0", want: empty},
		{name: "one", setup: []string{"SET k v"}, cmd: "SCAN 0", want: one},
		{name: "empty cursor", setup: []string{"SET k v"}, cmd: `SCAN ""`, want: one},
		{name: "huge count", setup: []string{"SET k v"}, cmd: "SCAN 0 COUNT 9223372036854775807", want: one},
		{name: "match", setup: []string{"SET k v", "SET x v"}, cmd: "SCAN 0 MATCH k*", want: one},
		{name: "match star", setup: []string{"SET k v"}, cmd: "SCAN 0 MATCH *", want: one},
		{name: "match last wins", setup: []string{"SET k v", "SET x v"}, cmd: "SCAN 0 MATCH x MATCH k", want: one},
		{name: "type", setup: []string{"SET k v"}, cmd: "SCAN 0 TYPE string", want: one},
		{name: "type case", setup: []string{"SET k v"}, cmd: "SCAN 0 type STRING", want: one},
		{name: "type other", setup: []string{"SET k v"}, cmd: "SCAN 0 TYPE hash", want: empty},
		{name: "type unknown", setup: []string{"SET k v"}, cmd: "SCAN 0 TYPE foo", want: empty},
		{name: "empty key stars", setup: []string{`SET "" v`}, cmd: "SCAN 0 MATCH **", want: empty},
	})
}

// scanAll runs a full SCAN iteration with the given options and returns the
// keys of every call, checking that each call returns at most count keys.
func scanAll(t *testing.T, h *harness, opts string, count int) []string {
	t.Helper()
	var all []string
	cursor := "0"
	for calls := 0; ; calls++ {
		if calls > 100000 {
			t.Fatal("SCAN does not terminate")
		}
		v, _ := parseReply(t, h.do("SCAN "+cursor+" COUNT "+strconv.Itoa(count)+" "+opts))
		a := v.([]any)
		cursor = a[0].(string)
		keys := a[1].([]any)
		if len(keys) > count {
			t.Fatalf("SCAN COUNT %d returned %d keys", count, len(keys))
		}
		for _, k := range keys {
			all = append(all, k.(string))
		}
		if cursor == "0" {
			return all
		}
	}
}

func TestScanFullIteration(t *testing.T) {
	h := newHarness(t)
	want := map[string]bool{}
	for i := range 1234 {
		k := "key:" + strconv.Itoa(i)
		h.do("SET " + k + " v")
		want[k] = true
	}
	got := scanAll(t, h, "", 10)
	if len(got) != len(want) {
		t.Errorf("full iteration returned %d keys, want %d", len(got), len(want))
	}
	for _, k := range got {
		if !want[k] {
			t.Errorf("unexpected key %q", k)
		}
		delete(want, k)
	}
	if len(want) != 0 {
		t.Errorf("%d keys never returned", len(want))
	}

	matched := scanAll(t, h, "MATCH key:1?", 7)
	sort.Strings(matched)
	var wantMatched []string
	for i := 10; i < 20; i++ {
		wantMatched = append(wantMatched, "key:"+strconv.Itoa(i))
	}
	checkStrings(t, "MATCH key:1?", matched, wantMatched)
}

func TestScanUnderMutation(t *testing.T) {
	h := newHarness(t)
	stable := map[string]bool{}
	for i := range 500 {
		k := "s" + strconv.Itoa(i)
		h.do("SET " + k + " v")
		stable[k] = true
	}
	for i := range 500 {
		h.do("SET t" + strconv.Itoa(i) + " v")
	}
	seen := map[string]bool{}
	cursor := "0"
	next := 0
	for step := 0; ; step++ {
		v, _ := parseReply(t, h.do("SCAN "+cursor))
		a := v.([]any)
		for _, k := range a[1].([]any) {
			seen[k.(string)] = true
		}
		cursor = a[0].(string)
		if cursor == "0" {
			break
		}
		// Churn: delete some transient keys, add new ones.
		h.do("DEL t" + strconv.Itoa(step*3) + " t" + strconv.Itoa(step*7%500))
		h.do("SET n" + strconv.Itoa(next) + " v")
		next++
	}
	for k := range stable {
		if !seen[k] {
			t.Errorf("key %q present for the whole iteration was never returned", k)
		}
	}
}

func TestScanExpired(t *testing.T) {
	h := newHarness(t)
	h.do("SET live v")
	h.do("SET dead v")
	h.do("PEXPIRE dead 5")
	h.now += 5
	h.propagated = nil
	if got := h.do("SCAN 0"); got != "*2\r\n$1\r\n0\r\n*1\r\n$4\r\nlive\r\n" {
		t.Errorf("SCAN = %q", got)
	}
	checkStrings(t, "propagated", h.propagated, []string{"DEL dead"})
	if h.c.DB.Len() != 1 {
		t.Errorf("expired key not deleted by SCAN")
	}

	// A key that MATCH filters out is not examined, so not expired either.
	h.do("SET dead v")
	h.do("PEXPIRE dead 5")
	h.now += 5
	h.do("SCAN 0 MATCH l*")
	if h.c.DB.Len() != 2 {
		t.Errorf("SCAN MATCH expired a key it filtered out")
	}
	// TYPE none returns a key whose type lookup expired it, as Redis 7.0.
	if got := h.do("SCAN 0 TYPE none"); got != "*2\r\n$1\r\n0\r\n*1\r\n$4\r\ndead\r\n" {
		t.Errorf("SCAN TYPE none = %q", got)
	}
}

// TestScanGenericPairs exercises the helper HSCAN and ZSCAN will use: pairs
// are filtered on their first part and dropped whole.
func TestScanGenericPairs(t *testing.T) {
	h := newHarness(t)
	o, err := parseScanOptions([][]byte{[]byte("MATCH"), []byte("f*"), []byte("COUNT"), []byte("3")}, false)
	if err != nil {
		t.Fatal(err)
	}
	if o.Count != 3 {
		t.Errorf("Count = %d", o.Count)
	}
	if _, err := parseScanOptions([][]byte{[]byte("TYPE"), []byte("string")}, false); err != ErrSyntax {
		t.Errorf("TYPE accepted without allowType: %v", err)
	}
	var gotCursor uint64
	var gotCount int
	walk := func(cursor uint64, count int, emit func(...[]byte)) uint64 {
		gotCursor, gotCount = cursor, count
		emit([]byte("f1"), []byte("v1"))
		emit([]byte("x"), []byte("f-but-a-value"))
		emit([]byte("f2"), []byte("v2"))
		return 42
	}
	h.c.Buf = h.c.Buf[:0]
	h.c.scanGeneric(7, &o, walk, func(e []byte) bool { return string(e) != "f2" })
	want := "*2\r\n$2\r\n42\r\n*2\r\n$2\r\nf1\r\n$2\r\nv1\r\n"
	if string(h.c.Buf) != want || gotCursor != 7 || gotCount != 3 {
		t.Errorf("scanGeneric = %q (cursor %d count %d), want %q", h.c.Buf, gotCursor, gotCount, want)
	}
}
