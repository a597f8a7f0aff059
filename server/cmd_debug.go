package server

import (
	"crypto/sha1"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/ember-db/ember/commands"
	"github.com/ember-db/ember/persist"
	"github.com/ember-db/ember/resp"
	"github.com/ember-db/ember/store"
)

// debugImpls returns DEBUG.
func (s *Server) debugImpls() []commands.Impl {
	return []commands.Impl{
		{Name: "debug", Proc: s.debugCommand},
	}
}

// debugHelp is DEBUG HELP's text (Redis 7.0's, as the subcommands it
// lists all get an answer).
var debugHelp = []string{
	"AOF-FLUSH-SLEEP <microsec>",
	"    Server will sleep before flushing the AOF, this is used for testing.",
	"ASSERT",
	"    Crash by assertion failed.",
	"CHANGE-REPL-ID",
	"    Change the replication IDs of the instance.",
	"    Dangerous: should be used only for testing the replication subsystem.",
	"CONFIG-REWRITE-FORCE-ALL",
	"    Like CONFIG REWRITE but writes all configuration options, including",
	"    keywords not listed in original configuration file or default values.",
	"CRASH-AND-RECOVER [<milliseconds>]",
	"    Hard crash and restart after a <milliseconds> delay (default 0).",
	"DIGEST",
	"    Output a hex signature representing the current DB content.",
	"DIGEST-VALUE <key> [<key> ...]",
	"    Output a hex signature of the values of all the specified keys.",
	"ERROR <string>",
	"    Return a Redis protocol error with <string> as message. Useful for clients",
	"    unit tests to simulate Redis errors.",
	"LEAK <string>",
	"    Create a memory leak of the input string.",
	"LOG <message>",
	"    Write <message> to the server log.",
	"HTSTATS <dbid>",
	"    Return hash table statistics of the specified Redis database.",
	"HTSTATS-KEY <key>",
	"    Like HTSTATS but for the hash table stored at <key>'s value.",
	"LOADAOF",
	"    Flush the AOF buffers on disk and reload the AOF in memory.",
	"REPLICATE <string>",
	"    Replicates the provided string to replicas, allowing data divergence.",
	"MALLCTL <key> [<val>]",
	"    Get or set a malloc tuning integer.",
	"MALLCTL-STR <key> [<val>]",
	"    Get or set a malloc tuning string.",
	"OBJECT <key>",
	"    Show low level info about `key` and associated value.",
	"DROP-CLUSTER-PACKET-FILTER <packet-type>",
	"    Drop all packets that match the filtered type. Set to -1 allow all packets.",
	"OOM",
	"    Crash the server simulating an out-of-memory error.",
	"PANIC",
	"    Crash the server simulating a panic.",
	"POPULATE <count> [<prefix>] [<size>]",
	"    Create <count> string keys named key:<num>. If <prefix> is specified then",
	"    it is used instead of the 'key' prefix. These are not propagated to",
	"    replicas. Cluster slots are not respected so keys not belonging to the",
	"    current node can be created in cluster mode.",
	"PROTOCOL <type>",
	"    Reply with a test value of the specified type. <type> can be: string,",
	"    integer, double, bignum, null, array, set, map, attrib, push, verbatim,",
	"    true, false.",
	"RELOAD [option ...]",
	"    Save the RDB on disk and reload it back to memory. Valid <option> values:",
	"    * MERGE: conflicting keys will be loaded from RDB.",
	"    * NOFLUSH: the existing database will not be removed before load, but",
	"      conflicting keys will generate an exception and kill the server.",
	"    * NOSAVE: the database will be loaded from an existing RDB file.",
	"    Examples:",
	"    * DEBUG RELOAD: verify that the server is able to persist, flush and reload",
	"      the database.",
	"    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an",
	"      existing RDB file.",
	"    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB",
	"      file to the database.",
	"RESTART [<milliseconds>]",
	"    Graceful restart: save config, db, restart after a <milliseconds> delay (default 0).",
	"SDSLEN <key>",
	"    Show low level SDS string info representing `key` and value.",
	"SEGFAULT",
	"    Crash the server with sigsegv.",
	"SET-ACTIVE-EXPIRE <0|1>",
	"    Setting it to 0 disables expiring keys in background when they are not",
	"    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
	"    default.",
	"QUICKLIST-PACKED-THRESHOLD <size>",
	"    Sets the threshold for elements to be inserted as plain vs packed nodes",
	"    Default value is 1GB, allows values up to 4GB. Setting to 0 restores to default.",
	"SET-SKIP-CHECKSUM-VALIDATION <0|1>",
	"    Enables or disables checksum checks for RDB files and RESTORE's payload.",
	"SLEEP <seconds>",
	"    Stop the server for <seconds>. Decimals allowed.",
	"STRINGMATCH-TEST",
	"    Run a fuzz tester against the stringmatchlen() function.",
	"STRUCTSIZE",
	"    Return the size of different Redis core C structures.",
	"LISTPACK <key>",
	"    Show low level info about the listpack encoding of <key>.",
	"QUICKLIST <key> [<0|1>]",
	"    Show low level info about the quicklist encoding of <key>.",
	"    The optional argument (0 by default) sets the level of detail",
	"CLIENT-EVICTION",
	"    Show low level client eviction pools info (maxmemory-clients).",
	"PAUSE-CRON <0|1>",
	"    Stop periodic cron job processing.",
	"REPLYBUFFER PEAK-RESET-TIME <NEVER||RESET|time>",
	"    Sets the time (in milliseconds) to wait between client reply buffer peak resets.",
	"    In case NEVER is provided the last observed peak will never be reset",
	"    In case RESET is provided the peak reset time will be restored to the default value",
	"REPLYBUFFER RESIZING <0|1>",
	"    Enable or disable the reply buffer resize cron job",
	"CLUSTERLINK KILL <to|from|all> <node-id>",
	"    Kills the link based on the direction to/from (both) with the provided node.",
}

// DEBUG subcommand [argument ...]
// The subcommands tests and tools use behave as Redis's: SLEEP (stops the
// executor, as Redis stops its event loop), SET-ACTIVE-EXPIRE, PAUSE-CRON,
// OBJECT, SDSLEN, DIGEST, DIGEST-VALUE, POPULATE, PROTOCOL, ERROR, LOG,
// CHANGE-REPL-ID, QUICKLIST-PACKED-THRESHOLD, STRUCTSIZE, HTSTATS. Those
// that tune Redis internals Ember does not have answer OK; those that crash
// or restart the server, and those that need persistence, answer an error.
// An unknown subcommand, or a known one with the wrong number of
// arguments, gets Redis's subcommand error. Mirrors debugCommand in debug.c.
//
// DEBUG is refused when enable-debug-command is "no", or "local" and the
// client is not on a loopback address.
func (s *Server) debugCommand(c *commands.Client) error {
	if err := s.debugAllowed(cl(c)); err != nil {
		return err
	}
	argc := len(c.Argv)
	sub := strings.ToLower(string(c.Argv[1]))
	switch {
	case sub == "help" && argc == 2:
		replyHelp(c, "DEBUG", debugHelp)
		return nil
	case sub == "sleep" && argc == 3:
		// Mirrors strtod: a malformed number sleeps 0 seconds.
		d := time.Duration(strtod(c.Argv[2]) * 1e6)
		if d > 0 {
			time.Sleep(d * time.Microsecond)
		}
		c.ReplyOK()
		return nil
	case sub == "set-active-expire" && argc == 3:
		s.stats.admin.activeExpireOff = atoi(c.Argv[2]) == 0
		c.ReplyOK()
		return nil
	case sub == "pause-cron" && argc == 3:
		s.stats.admin.cronPaused = atoi(c.Argv[2]) != 0
		c.ReplyOK()
		return nil
	case sub == "object" && argc == 3:
		return s.debugObject(c)
	case sub == "sdslen" && argc == 3:
		return debugSdslen(c)
	case sub == "digest" && argc == 2:
		d, err := s.datasetDigest()
		if err != nil {
			return err
		}
		c.ReplyStatus(hex.EncodeToString(d[:]))
		return nil
	case sub == "digest-value" && argc >= 2:
		var ds [][20]byte
		for _, key := range c.Argv[2:] {
			var d [20]byte
			// A debug command sees logically expired keys (dictFind).
			if e := c.DB.Find(key); e != nil {
				if err := xorValueDigest(&d, e); err != nil {
					return err
				}
			}
			ds = append(ds, d)
		}
		c.ReplyArrayLen(len(ds))
		for _, d := range ds {
			c.ReplyStatus(hex.EncodeToString(d[:]))
		}
		return nil
	case sub == "populate" && argc >= 3 && argc <= 5:
		return debugPopulate(c)
	case sub == "protocol" && argc == 3:
		return debugProtocol(c)
	case sub == "error" && argc == 3:
		return commands.Error(string(c.Argv[2]))
	case sub == "log" && argc == 3:
		s.log.Warningf("DEBUG LOG: %s", c.Argv[2])
		c.ReplyOK()
		return nil
	case sub == "change-repl-id" && argc == 2:
		s.log.Warningf("Changing replication IDs after receiving DEBUG change-repl-id")
		s.stats.admin.replID = randomHex40()
		c.ReplyOK()
		return nil
	case sub == "quicklist-packed-threshold" && argc == 3:
		u, ok := memtoull(string(c.Argv[2]))
		n := int64(u)
		if !ok || u > 1<<32-1<<20 {
			return commands.ErrPackedThreshold
		}
		if n == 0 {
			n = 1 << 30
		}
		s.stats.admin.quicklistPackedThreshold = n
		c.ReplyOK()
		return nil
	case sub == "structsize" && argc == 2:
		c.ReplyBulkString("bits:64 robj:16 dictentry:24 sdshdr5:1 sdshdr8:3 sdshdr16:5 sdshdr32:9 sdshdr64:17 ")
		return nil
	case sub == "htstats" && argc >= 3:
		id, err := commands.ParseInt(c.Argv[2])
		if err != nil {
			return err
		}
		if id < 0 || id >= int64(len(s.data.Keyspace.DBs)) {
			return commands.ErrOutOfRangeDB
		}
		db := s.data.Keyspace.DBs[id]
		c.ReplyVerbatim("[Dictionary HT]\n"+htStats(db.Len())+"[Expires HT]\n"+htStats(db.ExpiresLen()), "txt")
		return nil
	case sub == "htstats-key" && argc >= 3:
		e := c.LookupNoTouch(c.DB, c.Argv[2])
		if e == nil {
			return commands.ErrNoSuchKey
		}
		if e.Value.Encoding() != "hashtable" {
			return commands.ErrNotHashTable
		}
		c.ReplyVerbatim("Hash table 0 stats (main hash table):\n stats not available for Ember's hash tables\n", "txt")
		return nil
	case sub == "listpack" && argc == 3, sub == "quicklist" && (argc == 3 || argc == 4):
		e := c.LookupNoTouch(c.DB, c.Argv[2])
		if e == nil {
			return commands.ErrNoSuchKey
		}
		if sub == "listpack" {
			if e.Value.Encoding() != "listpack" {
				return commands.ErrNotListpack
			}
			c.ReplyStatus("Listpack structure printed on stdout")
			return nil
		}
		if e.Value.Encoding() != "quicklist" {
			return commands.ErrNotQuicklist
		}
		c.ReplyStatus("Quicklist structure printed on stdout")
		return nil
	case sub == "client-eviction" && argc == 2:
		return commands.ErrClientEvictionOff
	case sub == "stringmatch-test" && argc == 2:
		c.ReplyStatus("Apparently Redis did not crash: test passed")
		return nil
	case sub == "replybuffer" && argc == 4,
		sub == "set-skip-checksum-validation" && argc == 3,
		sub == "aof-flush-sleep" && argc == 3,
		sub == "leak" && argc == 3,
		sub == "replicate" && argc >= 3,
		sub == "drop-cluster-packet-filter" && argc == 3:
		// Internals Ember does not have: accepted and ignored.
		c.ReplyOK()
		return nil
	case sub == "clusterlink" && argc == 5:
		return commands.ErrClusterOnly
	case sub == "reload" && argc >= 2:
		return s.debugReload(c)
	case sub == "loadaof" && argc == 2:
		s.debugLoadAOF()
		c.ReplyOK()
		return nil
	case sub == "config-rewrite-force-all" && argc == 2:
		return commands.ErrUnsupported("DEBUG CONFIG-REWRITE-FORCE-ALL")
	case sub == "segfault" && argc == 2, sub == "panic" && argc == 2, sub == "assert" && argc == 2,
		sub == "oom" && argc == 2, sub == "restart" && argc <= 3, sub == "crash-and-recover" && argc <= 3:
		return commands.ErrUnsupported("DEBUG " + strings.ToUpper(sub))
	}
	return errSubcommandSyntax(c)
}

// debugAllowed applies enable-debug-command (Redis rejects a protected
// command in processCommand).
func (s *Server) debugAllowed(c *client) error {
	switch s.cfg.Value("enable-debug-command") {
	case "no":
	case "local":
		if host, _, err := net.SplitHostPort(c.addr); err == nil {
			if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
				return nil
			}
		}
	default: // "yes", or a config without the directive
		return nil
	}
	return commands.ErrDebugNotAllowed
}

// DEBUG OBJECT key
// Replies with Redis's debug line: "Value at:<addr> refcount:1
// encoding:embstr serializedlength:6 lru:<clock> lru_seconds_idle:0".
// The key is found even if logically expired, as Redis's dictFind.
// Deviation: serializedlength is Redis's RDB length for strings without
// LZF compression, and 0 for other types; lists have no ql_* fields.
func (s *Server) debugObject(c *commands.Client) error {
	e := c.DB.Find(c.Argv[2]) // logically expired keys too, as dictFind

	if e == nil {
		return commands.ErrNoSuchKey
	}
	refcount := 1
	var serLen int64
	if str, ok := e.Value.(*store.String); ok {
		serLen = rdbStringLen(str)
		if n, ok := sharedInteger(str); ok && n >= 0 && n < 10000 && s.cfg.MaxMemory == 0 {
			refcount = 2147483647 // OBJ_SHARED_REFCOUNT: a shared integer
		}
	}
	idle := max(c.Now-e.Access, 0) / 1000
	c.ReplyStatus(fmt.Sprintf("Value at:%p refcount:%d encoding:%s serializedlength:%d lru:%d lru_seconds_idle:%d",
		e.Value, refcount, e.Value.Encoding(), serLen, lruClock(e.Access), idle))
	return nil
}

// sharedInteger returns the value of an int-encoded string.
func sharedInteger(s *store.String) (int64, bool) {
	if s.Encoding() != "int" {
		return 0, false
	}
	n, err := strconv.ParseInt(string(s.B), 10, 64)
	return n, err == nil
}

// rdbStringLen is the length Redis's RDB gives a string: an integer that
// fits 8, 16 or 32 bits takes a type byte and those bits, anything else a
// length prefix and the bytes (rdbSaveStringObject, without LZF).
func rdbStringLen(s *store.String) int64 {
	n := int64(len(s.B))
	if n <= 11 {
		if v, err := strconv.ParseInt(string(s.B), 10, 64); err == nil && strconv.FormatInt(v, 10) == string(s.B) {
			switch {
			case v >= -1<<7 && v < 1<<7:
				return 2
			case v >= -1<<15 && v < 1<<15:
				return 3
			case v >= -1<<31 && v < 1<<31:
				return 5
			}
		}
	}
	switch {
	case n < 1<<6:
		return 1 + n
	case n < 1<<14:
		return 2 + n
	case n <= 1<<32-1:
		return 5 + n
	}
	return 9 + n
}

// DEBUG SDSLEN key
// Replies with the sds sizes Redis would use for the key and its string
// value; "Not an sds encoded string." for other values and integers.
func debugSdslen(c *commands.Client) error {
	e := c.LookupNoTouch(c.DB, c.Argv[2])
	if e == nil {
		return commands.ErrNoSuchKey
	}
	str, ok := e.Value.(*store.String)
	if !ok || str.Encoding() == "int" {
		return commands.ErrNotSDS
	}
	n, k := int64(len(str.B)), int64(len(e.Key))
	valAlloc, valAvail := sdsAllocSize(n), sdsAvail(n)
	if valAvail > n/10 { // trimStringObjectIfNeeded gave the room back
		valAvail = 0
	}
	if str.Encoding() == "embstr" { // one allocation with the robj, no spare room
		valAlloc, valAvail = jemallocSize(robjSize+3+n+1)-robjSize, 0
	}
	c.ReplyStatus(fmt.Sprintf("key_sds_len:%d, key_sds_avail:%d, key_zmalloc: %d, val_sds_len:%d, val_sds_avail:%d, val_zmalloc: %d",
		k, sdsAvail(k), sdsAllocSize(k), n, valAvail, valAlloc))
	return nil
}

// htStats is one hash table's part of DEBUG HTSTATS. Ember's keyspace is
// not a chained hash table, so only the size is reported.
func htStats(n int) string {
	if n == 0 {
		return "Hash table 0 stats (main hash table):\nNo stats available for empty dictionaries\n"
	}
	return fmt.Sprintf("Hash table 0 stats (main hash table):\n table size: %d\n number of elements: %d\n", n, n)
}

// DEBUG POPULATE count [prefix] [size]
// Creates string keys prefix:0 .. prefix:count-1 ("key" by default) holding
// "value:N", padded with zero bytes or cut to size when size is given; keys
// that exist are left alone. Nothing is propagated.
func debugPopulate(c *commands.Client) error {
	count, err := commands.ParseInt(c.Argv[2])
	if err != nil || count < 0 {
		return commands.ErrNegativeCount
	}
	var size int64
	if len(c.Argv) == 5 {
		size, err = commands.ParseInt(c.Argv[4])
		if err != nil || size < 0 {
			return commands.ErrNegativeCount
		}
	}
	prefix := "key"
	if len(c.Argv) >= 4 {
		prefix = string(c.Argv[3])
	}
	for j := int64(0); j < count; j++ {
		key := prefix + ":" + strconv.FormatInt(j, 10)
		if len(key) > 127 { // Redis formats it into a 128-byte buffer
			key = key[:127]
		}
		if c.LookupKeyWrite([]byte(key)) != nil {
			continue
		}
		val := []byte("value:" + strconv.FormatInt(j, 10))
		if size > 0 {
			v := make([]byte, size)
			copy(v, val)
			val = v
		}
		c.DB.Add([]byte(key), store.NewString(val), c.Now)
		c.SignalModifiedKey([]byte(key))
	}
	c.ReplyOK()
	return nil
}

// DEBUG PROTOCOL type
// Replies with a sample of a RESP type, as Redis's.
func debugProtocol(c *commands.Client) error {
	switch strings.ToLower(string(c.Argv[2])) {
	case "string":
		c.ReplyBulkString("Hello World")
	case "integer":
		c.ReplyInt(12345)
	case "double":
		c.ReplyDouble(3.141)
	case "bignum":
		c.ReplyBigNumber("1234567999999999999999999999999999999")
	case "null":
		c.ReplyNull()
	case "array":
		c.ReplyArrayLen(3)
		for j := int64(0); j < 3; j++ {
			c.ReplyInt(j)
		}
	case "set":
		c.ReplySetLen(3)
		for j := int64(0); j < 3; j++ {
			c.ReplyInt(j)
		}
	case "map":
		c.ReplyMapLen(3)
		for j := int64(0); j < 3; j++ {
			c.ReplyInt(j)
			c.ReplyBool(j == 1)
		}
	case "attrib":
		if c.Proto >= 3 {
			c.ReplyRaw([]byte("|1\r\n$14\r\nkey-popularity\r\n*2\r\n$7\r\nkey:123\r\n:90\r\n"))
		}
		c.ReplyBulkString("Some real reply following the attribute")
	case "push":
		if c.Proto < 3 {
			return commands.ErrProtocolRESP2
		}
		c.ReplyPushLen(2)
		c.ReplyBulkString("server-cpu-usage")
		c.ReplyInt(42)
		c.ReplyBulkString("Some real reply following the push reply")
	case "verbatim":
		c.ReplyVerbatim("This is a verbatim\nstring", "txt")
	case "true":
		c.ReplyBool(true)
	case "false":
		c.ReplyBool(false)
	default:
		return commands.ErrProtocolType
	}
	return nil
}

// datasetDigest is DEBUG DIGEST: a SHA1-based digest of every db's keys,
// values and expires that does not depend on iteration order, computed as
// Redis's computeDatasetDigest, so equal datasets give equal digests on
// both; an empty dataset gives 20 zero bytes.
func (s *Server) datasetDigest() ([20]byte, error) {
	var final [20]byte
	for _, db := range s.data.Keyspace.DBs {
		if db.Len() == 0 {
			continue
		}
		var id [4]byte
		binary.BigEndian.PutUint32(id[:], uint32(db.ID))
		mixDigest(&final, id[:])
		var err error
		db.ForEach(func(e *store.Entry) bool {
			var d [20]byte
			mixDigest(&d, []byte(e.Key))
			if err = xorValueDigest(&d, e); err != nil {
				return false
			}
			xorDigest(&final, d[:])
			return true
		})
		if err != nil {
			return final, err
		}
	}
	return final, nil
}

// xorValueDigest mixes e's type, value and expire into d, as
// xorObjectDigest: list elements are mixed in order; set members, hash
// field/value pairs and sorted set member/score pairs ("%.17g") are xored,
// so their order does not matter.
func xorValueDigest(d *[20]byte, e *store.Entry) error {
	var typ [4]byte // Redis's OBJ_* type number, big-endian
	switch e.Value.(type) {
	case *store.List:
		typ[3] = 1
	case *store.Set:
		typ[3] = 2
	case *store.ZSet:
		typ[3] = 3
	case *store.Hash:
		typ[3] = 4
	}
	mixDigest(d, typ[:])
	switch v := e.Value.(type) {
	case *store.String:
		mixDigest(d, v.B)
	case *store.List:
		for i := 0; i < v.Len(); i++ {
			mixDigest(d, v.Index(i))
		}
	case *store.Set:
		for i := 0; i < v.Len(); i++ {
			xorDigest(d, v.AppendMember(nil, i))
		}
	case *store.ZSet:
		for n := v.First(); n != nil; n = n.Next() {
			var ele [20]byte
			mixDigest(&ele, []byte(n.Member))
			mixDigest(&ele, resp.AppendDouble(nil, n.Score))
			xorDigest(d, ele[:])
		}
	case *store.Hash:
		for i := 0; i < v.Len(); i++ {
			f, val := v.At(i)
			var ele [20]byte
			mixDigest(&ele, []byte(f))
			mixDigest(&ele, []byte(val))
			xorDigest(d, ele[:])
		}
	default:
		return commands.ErrUnsupported("DEBUG DIGEST of a " + e.Value.Type() + " value")
	}
	if e.Expire != 0 {
		xorDigest(d, []byte("!!expire!!"))
	}
	return nil
}

// xorDigest xors SHA1(b) into d.
func xorDigest(d *[20]byte, b []byte) {
	h := sha1.Sum(b)
	for i := range d {
		d[i] ^= h[i]
	}
}

// mixDigest xors SHA1(b) into d, then replaces d by SHA1(d): unlike a xor,
// the result depends on the order of the mixed values.
func mixDigest(d *[20]byte, b []byte) {
	xorDigest(d, b)
	*d = sha1.Sum(d[:])
}

// strtod parses the longest prefix of b that is a decimal float, as C's
// strtod; 0 when there is none.
func strtod(b []byte) float64 {
	s := strings.TrimLeft(string(b), " \t\n\v\f\r")
	if len(s) > 64 { // no float needs more; keeps the search linear
		s = s[:64]
	}
	end := 0
	for i := len(s); i > 0; i-- {
		if _, err := strconv.ParseFloat(s[:i], 64); err == nil {
			end = i
			break
		}
	}
	f, _ := strconv.ParseFloat(s[:end], 64)
	return f
}

// atoi parses the leading decimal integer of b, as C's atoi; 0 when there
// is none.
func atoi(b []byte) int64 {
	s := strings.TrimLeft(string(b), " \t\n\v\f\r")
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	n, _ := strconv.ParseInt(s[:i], 10, 64)
	return n
}

// debugReload is DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: save the snapshot
// (unless NOSAVE), empty the dataset (unless NOFLUSH), and load the file
// back synchronously; with MERGE, keys in the file replace existing ones.
// Mirrors the "reload" branch of debugCommand.
func (s *Server) debugReload(c *commands.Client) error {
	flush, save, merge := true, true, false
	for _, a := range c.Argv[2:] {
		switch strings.ToLower(string(a)) {
		case "merge":
			merge = true
		case "noflush":
			flush = false
		case "nosave":
			save = false
		default:
			return commands.Error("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.")
		}
	}
	if save {
		s.abortSnapshot()
		if err := s.saveNow(); err != nil {
			return commands.Error("ERR")
		}
	}
	if flush {
		for _, db := range s.data.Keyspace.DBs {
			db.Flush()
		}
		s.SignalFlushedDB(nil, nil)
	}
	st, err := persist.LoadSnapshot(s.snapshotPath(), s.data.Keyspace, persist.LoadOptions{
		NowMs: s.nowMs(), MaxStringLen: s.cfg.ProtoMaxBulkLen, Merge: merge, Encodings: s.loadEncodings()})
	if err != nil {
		s.log.Warningf("DEBUG RELOAD: %v", err)
		return commands.Error("ERR Error trying to load the RDB dump")
	}
	s.persist.lastLoadKeys, s.persist.lastLoadExpired = int64(st.Keys), int64(st.Expired)
	s.log.Warningf("DB reloaded by DEBUG RELOAD")
	c.ReplyOK()
	return nil
}
