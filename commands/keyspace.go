package commands

import (
	"math"

	"github.com/ember-db/ember/store"
)

// keyspaceCommands returns the handlers of the generic key commands (db.c,
// expire.c, object.c).
func keyspaceCommands() []Impl {
	return []Impl{
		{Name: "del", Proc: delCommand},
		{Name: "unlink", Proc: delCommand},
		{Name: "exists", Proc: existsCommand},
		{Name: "touch", Proc: touchCommand},
		{Name: "type", Proc: typeCommand},
		{Name: "rename", Proc: renameCommand},
		{Name: "renamenx", Proc: renamenxCommand},
		{Name: "move", Proc: moveCommand},
		{Name: "copy", Proc: copyCommand},
		{Name: "swapdb", Proc: swapdbCommand},
		{Name: "keys", Proc: keysCommand},
		{Name: "scan", Proc: scanCommand},
		{Name: "hscan", Proc: hscanCommand},
		{Name: "sscan", Proc: sscanCommand},
		{Name: "zscan", Proc: zscanCommand},
		{Name: "randomkey", Proc: randomkeyCommand},
		{Name: "dbsize", Proc: dbsizeCommand},
		{Name: "flushdb", Proc: flushdbCommand},
		{Name: "flushall", Proc: flushallCommand},
		{Name: "expire", Proc: expireCommand},
		{Name: "pexpire", Proc: pexpireCommand},
		{Name: "expireat", Proc: expireatCommand},
		{Name: "pexpireat", Proc: pexpireatCommand},
		{Name: "ttl", Proc: ttlCommand},
		{Name: "pttl", Proc: pttlCommand},
		{Name: "expiretime", Proc: expiretimeCommand},
		{Name: "pexpiretime", Proc: pexpiretimeCommand},
		{Name: "persist", Proc: persistCommand},
		{Name: "object|encoding", Proc: objectEncodingCommand},
		{Name: "object|refcount", Proc: objectRefcountCommand},
		{Name: "object|idletime", Proc: objectIdletimeCommand},
		{Name: "object|freq", Proc: objectFreqCommand},
		{Name: "object|help", Proc: objectHelpCommand},
	}
}

// lookupKeyReadNoTouch returns the live entry of key in the client's db or
// nil, expiring it lazily and counting keyspace hits and misses, but leaving
// its access time alone. Mirrors lookupKeyReadWithFlags(LOOKUP_NOTOUCH),
// which EXISTS, TYPE, TTL and OBJECT use.
func (c *Client) lookupKeyReadNoTouch(key []byte) *store.Entry {
	e := c.LookupNoTouch(c.DB, key)
	if e == nil {
		c.Srv.Stats.KeyspaceMisses++
	} else {
		c.Srv.Stats.KeyspaceHits++
	}
	return e
}

// parseDBIndex parses a db number argument as Redis's getIntFromObjectOrReply
// followed by selectDb: ErrNotInteger if it is not an integer, ErrIntRange
// outside the C int range, ErrDBIndex if there is no such db.
func (c *Client) parseDBIndex(arg []byte) (*store.DB, error) {
	id, err := ParseInt(arg)
	if err != nil {
		return nil, err
	}
	if id < math.MinInt32 || id > math.MaxInt32 {
		return nil, ErrIntRange
	}
	dbs := c.Srv.Keyspace.DBs
	if id < 0 || id >= int64(len(dbs)) {
		return nil, ErrDBIndex
	}
	return dbs[id], nil
}

// DEL key [key ...]
// UNLINK key [key ...]
// UNLINK shares DEL's handler: freeing is the garbage collector's job, so
// there is nothing to do in the background. Each removed key is notified as
// "del". Mirrors delGenericCommand.
func delCommand(c *Client) error {
	var n int64
	for _, key := range c.Argv[1:] {
		if c.DBDelete(c.DB, key) {
			c.Notify('g', "del", key)
			n++
		}
	}
	c.Dirty += n
	c.ReplyInt(n)
	return nil
}

// EXISTS key [key ...]
// A key named several times counts each time. Access times are not touched.
func existsCommand(c *Client) error {
	var n int64
	for _, key := range c.Argv[1:] {
		if c.lookupKeyReadNoTouch(key) != nil {
			n++
		}
	}
	c.ReplyInt(n)
	return nil
}

// TOUCH key [key ...]
// Updates the access time of each existing key and replies how many exist.
func touchCommand(c *Client) error {
	var n int64
	for _, key := range c.Argv[1:] {
		if c.LookupKeyRead(key) != nil {
			n++
		}
	}
	c.ReplyInt(n)
	return nil
}

// TYPE key
// Replies the value's type as a status ("string", "list", "set", "zset",
// "hash") or "none" for a missing key.
func typeCommand(c *Client) error {
	e := c.lookupKeyReadNoTouch(c.Argv[1])
	c.ReplyStatus(typeName(e))
	return nil
}

// typeName is TYPE's name for e's value, "none" for nil (getObjectTypeName).
func typeName(e *store.Entry) string {
	if e == nil {
		return "none"
	}
	return e.Value.Type()
}

// RENAME key newkey
func renameCommand(c *Client) error { return renameGenericCommand(c, false) }

// RENAMENX key newkey
func renamenxCommand(c *Client) error { return renameGenericCommand(c, true) }

// renameGenericCommand moves key's value and expire to newkey, replacing
// newkey unless nx (then it replies 0 when newkey exists). A missing key is
// ErrNoSuchKey; renaming a key onto itself changes nothing. Notifies
// "rename_from" and "rename_to". Mirrors renameGenericCommand in db.c.
func renameGenericCommand(c *Client, nx bool) error {
	src, dst := c.Argv[1], c.Argv[2]
	db := c.DB
	e := c.LookupKeyWrite(src)
	if e == nil {
		return ErrNoSuchKey
	}
	if string(src) == string(dst) {
		if nx {
			c.ReplyInt(0)
		} else {
			c.ReplyOK()
		}
		return nil
	}
	// Capture e before the next lookup: a lazy expire of dst may move it.
	v, expire := e.Value, e.Expire
	if c.LookupKeyWrite(dst) != nil {
		if nx {
			c.ReplyInt(0)
			return nil
		}
		db.Delete(dst)
	}
	ne := db.Add(dst, v, c.Now)
	c.SignalKeyCreated(db, dst, v)
	if expire != 0 {
		db.SetExpire(ne, expire)
	}
	db.Delete(src)
	c.SignalModifiedKey(src)
	c.SignalModifiedKey(dst)
	c.Notify('g', "rename_from", src)
	c.Notify('g', "rename_to", dst)
	c.Dirty++
	if nx {
		c.ReplyInt(1)
	} else {
		c.ReplyOK()
	}
	return nil
}

// MOVE key db
// Moves key, with its expire, to another db; replies 0 when key is missing or
// already exists there. Errors: ErrNotInteger, ErrIntRange, ErrDBIndex,
// ErrSameObject (db is the current one). Mirrors moveCommand.
func moveCommand(c *Client) error {
	key := c.Argv[1]
	src := c.DB
	dst, err := c.parseDBIndex(c.Argv[2])
	if err != nil {
		return err
	}
	if dst == src {
		return ErrSameObject
	}
	e := c.LookupKeyWrite(key)
	if e == nil {
		c.ReplyInt(0)
		return nil
	}
	if c.lookup(dst, key) != nil {
		c.ReplyInt(0)
		return nil
	}
	ne := dst.Add(key, e.Value, c.Now)
	c.SignalKeyCreated(dst, key, ne.Value)
	if e.Expire != 0 {
		dst.SetExpire(ne, e.Expire)
	}
	src.Delete(key)
	c.Srv.Hooks.SignalModifiedKey(src, key)
	c.Srv.Hooks.SignalModifiedKey(dst, key)
	c.Srv.Hooks.NotifyKeyspaceEvent('g', "move_from", key, src.ID)
	c.Srv.Hooks.NotifyKeyspaceEvent('g', "move_to", key, dst.ID)
	c.Dirty++
	c.ReplyInt(1)
	return nil
}

// COPY source destination [DB destination-db] [REPLACE]
// Copies source's value (a deep copy) and expire to destination, in the
// current db or destination-db. Replies 0 when source is missing, or when
// destination exists and REPLACE is not given. Errors: ErrSyntax,
// ErrNotInteger, ErrIntRange, ErrDBIndex (in argument order), then
// ErrSameObject. Notifies "copy_to". Mirrors copyCommand.
func copyCommand(c *Client) error {
	src, dst := c.DB, c.DB
	replace := false
	for j := 3; j < len(c.Argv); j++ {
		switch {
		case eqFold(c.Argv[j], "replace"):
			replace = true
		case eqFold(c.Argv[j], "db") && j+1 < len(c.Argv):
			db, err := c.parseDBIndex(c.Argv[j+1])
			if err != nil {
				return err
			}
			dst = db
			j++
		default:
			return ErrSyntax
		}
	}
	key, newkey := c.Argv[1], c.Argv[2]
	if src == dst && string(key) == string(newkey) {
		return ErrSameObject
	}
	e := c.LookupKeyRead(key)
	if e == nil {
		c.ReplyInt(0)
		return nil
	}
	// Capture e before the next lookup: a lazy expire in dst may move it.
	v, expire := e.Value, e.Expire
	if c.lookup(dst, newkey) != nil {
		if !replace {
			c.ReplyInt(0)
			return nil
		}
		dst.Delete(newkey)
	}
	ne := dst.Add(newkey, v.Copy(), c.Now)
	c.SignalKeyCreated(dst, newkey, ne.Value)
	if expire != 0 {
		dst.SetExpire(ne, expire)
	}
	c.Srv.Hooks.SignalModifiedKey(dst, newkey)
	c.Srv.Hooks.NotifyKeyspaceEvent('g', "copy_to", newkey, dst.ID)
	c.Dirty++
	c.ReplyInt(1)
	return nil
}

// SWAPDB index1 index2
// Swaps the contents of two dbs; clients see the other db's data at once.
// Errors: ErrInvalidFirstDBIndex, ErrInvalidSecondDBIndex (not a C int),
// ErrDBIndex. Swapping a db with itself replies OK and changes nothing.
// Deviation: clients blocked on a list or zset key are not re-examined
// (Redis's scanDatabaseForReadyKeys) — there is no hook for it yet.
func swapdbCommand(c *Client) error {
	id1, err := ParseInt(c.Argv[1])
	if err != nil || id1 < math.MinInt32 || id1 > math.MaxInt32 {
		return ErrInvalidFirstDBIndex
	}
	id2, err := ParseInt(c.Argv[2])
	if err != nil || id2 < math.MinInt32 || id2 > math.MaxInt32 {
		return ErrInvalidSecondDBIndex
	}
	ks := c.Srv.Keyspace
	n := int64(len(ks.DBs))
	if id1 < 0 || id1 >= n || id2 < 0 || id2 >= n {
		return ErrDBIndex
	}
	if id1 != id2 {
		c.Srv.Hooks.SignalFlushedDB(ks.DBs[id1], ks.DBs[id2])
		c.Srv.Hooks.SignalFlushedDB(ks.DBs[id2], ks.DBs[id1])
		ks.Swap(int(id1), int(id2))
	}
	c.Dirty++
	c.ReplyOK()
	return nil
}

// KEYS pattern
// Replies every live key matching the glob pattern, in slot order. Expired
// keys are skipped but not deleted here, as in Redis's keysCommand.
func keysCommand(c *Client) error {
	pattern := c.Argv[1]
	all := len(pattern) == 1 && pattern[0] == '*'
	loading := c.Srv.Loading
	pos := c.ReplyDeferredLen()
	n := 0
	c.DB.ForEach(func(e *store.Entry) bool {
		if e.Expire != 0 && e.Expire <= c.Now && !loading {
			return true
		}
		if all || Match(pattern, []byte(e.Key), false) {
			c.ReplyBulkString(e.Key)
			n++
		}
		return true
	})
	c.SetDeferredArrayLen(pos, n)
	return nil
}

// RANDOMKEY
// Replies a uniformly random live key, or null when the db is empty. An
// expired key drawn is deleted (lazily, propagated as DEL) and another is
// drawn. The retries are bounded by the db's size: each one removes a key
// (while loading nothing expires, and the first draw is replied). Mirrors
// dbRandomKey on a master, where its retry limit for replicas never applies.
func randomkeyCommand(c *Client) error {
	db := c.DB
	for {
		e := db.Random(c.Srv.Rand)
		if e == nil {
			c.ReplyNull()
			return nil
		}
		if c.expireIfNeeded(db, e) {
			continue
		}
		c.ReplyBulkString(e.Key)
		return nil
	}
}

// DBSIZE
// Replies the number of keys in the db, including keys that have expired but
// were not deleted yet, as Redis does.
func dbsizeCommand(c *Client) error {
	c.ReplyInt(int64(c.DB.Len()))
	return nil
}

// parseFlushMode accepts FLUSHDB/FLUSHALL's optional ASYNC or SYNC. Both
// flush at once: the garbage collector frees the memory in the background
// either way. Returns ErrSyntax. Mirrors getFlushCommandFlags.
func parseFlushMode(argv [][]byte) error {
	switch {
	case len(argv) == 1:
		return nil
	case len(argv) == 2 && (eqFold(argv[1], "async") || eqFold(argv[1], "sync")):
		return nil
	}
	return ErrSyntax
}

// FLUSHDB [ASYNC | SYNC]
// Removes every key of the current db. Always propagated, even when the db
// was empty.
// Deviation: an empty FLUSHDB adds 1 to the dirty counter, which is how the
// command layer forces propagation (Redis's forceCommandPropagation).
func flushdbCommand(c *Client) error {
	if err := parseFlushMode(c.Argv); err != nil {
		return err
	}
	db := c.DB
	c.Srv.Hooks.SignalFlushedDB(db, nil)
	n := int64(db.Len())
	db.Flush()
	c.Dirty += n
	c.ForcePropagation()
	c.ReplyOK()
	return nil
}

// FLUSHALL [ASYNC | SYNC]
// Removes every key of every db. Always propagated. A running BGSAVE is
// stopped, and with save points configured the empty dataset is saved at
// once (Hooks.FlushedAll), as Redis's flushAllDataAndResetRDB.
func flushallCommand(c *Client) error {
	if err := parseFlushMode(c.Argv); err != nil {
		return err
	}
	c.Srv.Hooks.SignalFlushedDB(nil, nil)
	var n int64
	for _, db := range c.Srv.Keyspace.DBs {
		n += int64(db.Len())
		db.Flush()
	}
	c.Dirty += n
	if c.Srv.Hooks.FlushedAll() {
		c.Dirty = 0 // the save left no change unsaved
	}
	c.ForcePropagation()
	c.ReplyOK()
	return nil
}

// eqFold reports whether b, read as a C string (up to its first NUL), equals
// s ignoring ASCII case: Redis's strcasecmp on an argument, so "get\x00x"
// matches "get" as it does in Redis.
func eqFold(b []byte, s string) bool {
	b = b[:cLen(b)]
	if len(b) != len(s) {
		return false
	}
	for i := range b {
		if toLower(b[i]) != toLower(s[i]) {
			return false
		}
	}
	return true
}
