package commands

import (
	"bytes"
	"math"
	"strconv"

	"github.com/ember-db/ember/resp"
	"github.com/ember-db/ember/store"
)

// hashCommands returns the hash commands (t_hash.c).
func hashCommands() []Impl {
	return []Impl{
		{Name: "hdel", Proc: hdelCommand},
		{Name: "hexists", Proc: hexistsCommand},
		{Name: "hget", Proc: hgetCommand},
		{Name: "hgetall", Proc: hgetallCommand},
		{Name: "hincrby", Proc: hincrbyCommand},
		{Name: "hincrbyfloat", Proc: hincrbyfloatCommand},
		{Name: "hkeys", Proc: hkeysCommand},
		{Name: "hlen", Proc: hlenCommand},
		{Name: "hmget", Proc: hmgetCommand},
		{Name: "hmset", Proc: hmsetCommand},
		{Name: "hrandfield", Proc: hrandfieldCommand},
		{Name: "hset", Proc: hsetCommand},
		{Name: "hsetnx", Proc: hsetnxCommand},
		{Name: "hstrlen", Proc: hstrlenCommand},
		{Name: "hvals", Proc: hvalsCommand},
	}
}

// lookupHashRead returns key's hash for reading, nil if the key does not
// exist, or ErrWrongType.
func (c *Client) lookupHashRead(key []byte) (*store.Hash, error) {
	return asHash(c.LookupKeyRead(key))
}

// lookupHashWrite returns key's hash for writing, nil if the key does not
// exist, or ErrWrongType.
func (c *Client) lookupHashWrite(key []byte) (*store.Hash, error) {
	return asHash(c.LookupKeyWrite(key))
}

func asHash(e *store.Entry) (*store.Hash, error) { return valueAs[*store.Hash](e) }

// hashSet stores value at field under the hash-max-listpack-* tunables and
// reports whether the field is new (Redis's hashTypeSet).
func (c *Client) hashSet(h *store.Hash, field, value []byte) bool {
	t := &c.Srv.Tunables
	return h.Set(field, value, t.HashMaxListpackEntries, t.HashMaxListpackValue)
}

// addHash adds a new empty hash at key in the client's db. The caller
// must have checked that the key does not exist.
func (c *Client) addHash(key []byte) *store.Hash {
	h := store.NewHash()
	c.DB.Add(key, h, c.Now)
	return h
}

// HSET key field value [field value ...]
func hsetCommand(c *Client) error { return hsetGenericCommand(c, false) }

// HMSET key field value [field value ...]
func hmsetCommand(c *Client) error { return hsetGenericCommand(c, true) }

// hsetGenericCommand implements HSET (replies with the number of new
// fields) and HMSET (replies OK). An odd number of field/value arguments is
// an arity error, as in Redis.
func hsetGenericCommand(c *Client, hmset bool) error {
	if len(c.Argv)%2 != 0 {
		return ErrWrongArgs(lower(c.Argv[0]))
	}
	key := c.Argv[1]
	h, err := c.lookupHashWrite(key)
	if err != nil {
		return err
	}
	if h == nil {
		h = c.addHash(key)
	}
	h.ConvertIfLong(c.Srv.Tunables.HashMaxListpackValue, c.Argv[2:]...)
	var created int64
	for i := 2; i < len(c.Argv); i += 2 {
		if c.hashSet(h, c.Argv[i], c.Argv[i+1]) {
			created++
		}
	}
	c.SignalModifiedKey(key)
	c.Notify('h', "hset", key)
	c.Dirty += int64(len(c.Argv)-2) / 2
	if hmset {
		c.ReplyOK()
	} else {
		c.ReplyInt(created)
	}
	return nil
}

// HSETNX key field value
func hsetnxCommand(c *Client) error {
	key, field, value := c.Argv[1], c.Argv[2], c.Argv[3]
	h, err := c.lookupHashWrite(key)
	if err != nil {
		return err
	}
	if h != nil && h.Exists(field) {
		c.ReplyInt(0)
		return nil
	}
	if h == nil {
		h = c.addHash(key)
	}
	h.ConvertIfLong(c.Srv.Tunables.HashMaxListpackValue, field, value)
	c.hashSet(h, field, value)
	c.SignalModifiedKey(key)
	c.Notify('h', "hset", key)
	c.Dirty++
	c.ReplyInt(1)
	return nil
}

// HGET key field
func hgetCommand(c *Client) error {
	h, err := c.lookupHashRead(c.Argv[1])
	if err != nil {
		return err
	}
	if h == nil {
		c.ReplyNull()
		return nil
	}
	if v, ok := h.Get(c.Argv[2]); ok {
		c.ReplyBulkString(v)
	} else {
		c.ReplyNull()
	}
	return nil
}

// HMGET key field [field ...]
func hmgetCommand(c *Client) error {
	h, err := c.lookupHashRead(c.Argv[1])
	if err != nil {
		return err
	}
	fields := c.Argv[2:]
	c.ReplyArrayLen(len(fields))
	for _, f := range fields {
		if h == nil {
			c.ReplyNull()
			continue
		}
		if v, ok := h.Get(f); ok {
			c.ReplyBulkString(v)
		} else {
			c.ReplyNull()
		}
	}
	return nil
}

// HDEL key field [field ...]
func hdelCommand(c *Client) error {
	key := c.Argv[1]
	h, err := c.lookupHashWrite(key)
	if err != nil {
		return err
	}
	if h == nil {
		c.ReplyInt(0)
		return nil
	}
	var deleted int64
	removed := false
	for _, f := range c.Argv[2:] {
		if h.Delete(f) {
			deleted++
			if h.Len() == 0 {
				c.DB.Delete(key)
				removed = true
				break
			}
		}
	}
	if deleted > 0 {
		c.SignalModifiedKey(key)
		c.Notify('h', "hdel", key)
		if removed {
			c.Notify('g', "del", key)
		}
		c.Dirty += deleted
	}
	c.ReplyInt(deleted)
	return nil
}

// HLEN key
func hlenCommand(c *Client) error {
	h, err := c.lookupHashRead(c.Argv[1])
	if err != nil {
		return err
	}
	if h == nil {
		c.ReplyInt(0)
	} else {
		c.ReplyInt(int64(h.Len()))
	}
	return nil
}

// HSTRLEN key field
func hstrlenCommand(c *Client) error {
	h, err := c.lookupHashRead(c.Argv[1])
	if err != nil {
		return err
	}
	var n int
	if h != nil {
		v, _ := h.Get(c.Argv[2])
		n = len(v)
	}
	c.ReplyInt(int64(n))
	return nil
}

// HEXISTS key field
func hexistsCommand(c *Client) error {
	h, err := c.lookupHashRead(c.Argv[1])
	if err != nil {
		return err
	}
	if h != nil && h.Exists(c.Argv[2]) {
		c.ReplyInt(1)
	} else {
		c.ReplyInt(0)
	}
	return nil
}

// What hgetallGenericCommand replies with for each field.
const (
	hashKeys = 1 << iota
	hashValues
)

// HKEYS key
func hkeysCommand(c *Client) error { return hgetallGenericCommand(c, hashKeys) }

// HVALS key
func hvalsCommand(c *Client) error { return hgetallGenericCommand(c, hashValues) }

// HGETALL key
func hgetallCommand(c *Client) error { return hgetallGenericCommand(c, hashKeys|hashValues) }

// hgetallGenericCommand replies with the fields, the values or both (a map
// in RESP3) in the hash's order: insertion order while it is a listpack.
// Mirrors genericHgetallCommand.
func hgetallGenericCommand(c *Client, what int) error {
	h, err := c.lookupHashRead(c.Argv[1])
	if err != nil {
		return err
	}
	n := 0
	if h != nil {
		n = h.Len()
	}
	if what == hashKeys|hashValues {
		c.ReplyMapLen(n)
	} else {
		c.ReplyArrayLen(n)
	}
	for i := 0; i < n; i++ {
		f, v := h.At(i)
		if what&hashKeys != 0 {
			c.ReplyBulkString(f)
		}
		if what&hashValues != 0 {
			c.ReplyBulkString(v)
		}
	}
	return nil
}

// HINCRBY key field increment
func hincrbyCommand(c *Client) error {
	key, field := c.Argv[1], c.Argv[2]
	incr, err := ParseInt(c.Argv[3])
	if err != nil {
		return err
	}
	h, err := c.lookupHashWrite(key)
	if err != nil {
		return err
	}
	var value int64
	if h != nil {
		if old, ok := h.Get(field); ok {
			n, ok := resp.ParseInt([]byte(old))
			if !ok {
				return ErrHashNotInteger
			}
			value = n
		}
	}
	if (incr < 0 && value < 0 && incr < math.MinInt64-value) ||
		(incr > 0 && value > 0 && incr > math.MaxInt64-value) {
		return ErrOverflow
	}
	value += incr
	if h == nil {
		h = c.addHash(key)
	}
	var buf [20]byte
	c.hashSet(h, field, strconv.AppendInt(buf[:0], value, 10))
	c.ReplyInt(value)
	c.SignalModifiedKey(key)
	c.Notify('h', "hincrby", key)
	c.Dirty++
	return nil
}

// HINCRBYFLOAT key field increment
//
// The arithmetic is C's long double, as Redis's (see longdouble.go), and
// the command propagates as HSET key field <result> so that replay cannot
// round differently.
func hincrbyfloatCommand(c *Client) error {
	key, field := c.Argv[1], c.Argv[2]
	incr, ok := parseLongDouble(c.Argv[3])
	if !ok {
		return ErrNotFloat
	}
	if incr.inf != 0 {
		return ErrNaNOrInfinity
	}
	h, err := c.lookupHashWrite(key)
	if err != nil {
		return err
	}
	value := ldZero()
	if h != nil {
		if old, ok := h.Get(field); ok {
			if value, ok = parseLongDouble([]byte(old)); !ok {
				return ErrHashNotFloat
			}
		}
	}
	sum, ok := addLongDouble(value, incr)
	if !ok {
		return ErrIncrNaNOrInf
	}
	result := formatLongDoubleHuman(sum)
	if h == nil {
		h = c.addHash(key)
	}
	c.hashSet(h, field, result)
	c.ReplyBulk(result)
	c.SignalModifiedKey(key)
	c.Notify('h', "hincrbyfloat", key)
	c.Dirty++
	c.RewriteArgv([]byte("HSET"), key, field, result)
	return nil
}

// maxRandomReply bounds the reply of HRANDFIELD and SRANDMEMBER with a
// negative count (repeats allowed), in elements.
const maxRandomReply = 1 << 27

// HRANDFIELD key [count [WITHVALUES]]
//
// Deviation: a negative count whose reply would exceed maxRandomReply
// elements is answered with ErrOutOfRange; Redis tries to build the reply.
func hrandfieldCommand(c *Client) error {
	if len(c.Argv) >= 3 {
		n, err := ParseInt(c.Argv[2])
		if err != nil {
			return err
		}
		if n == math.MinInt64 {
			return ErrCountOutOfRange
		}
		withValues := false
		if len(c.Argv) > 4 || (len(c.Argv) == 4 && !bytes.EqualFold(c.Argv[3], []byte("withvalues"))) {
			return ErrSyntax
		} else if len(c.Argv) == 4 {
			withValues = true
			if n < -math.MaxInt64/2 || n > math.MaxInt64/2 {
				return ErrOutOfRange
			}
		}
		return hrandfieldWithCountCommand(c, n, withValues)
	}
	h, err := c.lookupHashRead(c.Argv[1])
	if err != nil {
		return err
	}
	if h == nil {
		c.ReplyNull()
		return nil
	}
	f, _ := h.At(c.Srv.Rand.IntN(h.Len()))
	c.ReplyBulkString(f)
	return nil
}

// hrandfieldWithCountCommand replies with up to n distinct random fields,
// or -n fields with repeats when n is negative. Mirrors
// hrandfieldWithCountCommand: the whole hash in its order when n >= its
// length.
func hrandfieldWithCountCommand(c *Client, n int64, withValues bool) error {
	h, err := c.lookupHashRead(c.Argv[1])
	if err != nil {
		return err
	}
	if h == nil || n == 0 {
		c.ReplyArrayLen(0)
		return nil
	}
	per := 1
	if withValues && c.Proto == 2 {
		per = 2
	}
	reply := func(i int) {
		f, v := h.At(i)
		if withValues && c.Proto == 3 {
			c.ReplyArrayLen(2)
		}
		c.ReplyBulkString(f)
		if withValues {
			c.ReplyBulkString(v)
		}
	}
	size := h.Len()
	switch {
	case n < 0:
		count := -n
		if count > maxRandomReply/int64(per) {
			return ErrOutOfRange
		}
		c.ReplyArrayLen(int(count) * per)
		for ; count > 0; count-- {
			reply(c.Srv.Rand.IntN(size))
		}
	case n >= int64(size):
		c.ReplyArrayLen(size * per)
		for i := 0; i < size; i++ {
			reply(i)
		}
	default:
		idx := randomIndexes(c.Srv.Rand, size, int(n))
		c.ReplyArrayLen(len(idx) * per)
		for _, i := range idx {
			reply(i)
		}
	}
	return nil
}
