package commands

import (
	"math"
	"strconv"

	"github.com/ember-db/ember/resp"
	"github.com/ember-db/ember/store"
)

// stringCommands returns the handlers of t_string.c's commands.
func stringCommands() []Impl {
	return []Impl{
		{Name: "get", Proc: getCommand},
		{Name: "set", Proc: setCommand},
		{Name: "setnx", Proc: setnxCommand},
		{Name: "setex", Proc: setexCommand},
		{Name: "psetex", Proc: psetexCommand},
		{Name: "getset", Proc: getsetCommand},
		{Name: "getex", Proc: getexCommand},
		{Name: "getdel", Proc: getdelCommand},
		{Name: "getrange", Proc: getrangeCommand},
		{Name: "substr", Proc: getrangeCommand},
		{Name: "setrange", Proc: setrangeCommand},
		{Name: "append", Proc: appendCommand},
		{Name: "strlen", Proc: strlenCommand},
		{Name: "incr", Proc: incrCommand},
		{Name: "decr", Proc: decrCommand},
		{Name: "incrby", Proc: incrbyCommand},
		{Name: "decrby", Proc: decrbyCommand},
		{Name: "incrbyfloat", Proc: incrbyfloatCommand},
		{Name: "mget", Proc: mgetCommand},
		{Name: "mset", Proc: msetCommand},
		{Name: "msetnx", Proc: msetnxCommand},
		{Name: "lcs", Proc: lcsCommand},
	}
}

// ---------------------------------------------------------------------------
// Lookups and stores shared by the string and bit commands.

// lookupString returns key's string value for reading (expiring lazily and
// counting a keyspace hit or miss), nil if the key does not exist, or
// ErrWrongType.
func (c *Client) lookupString(key []byte) (*store.String, error) {
	return valueAs[*store.String](c.LookupKeyRead(key))
}

// lookupStringWrite returns key's entry and string value for writing, nils
// if the key does not exist, or ErrWrongType.
func (c *Client) lookupStringWrite(key []byte) (*store.Entry, *store.String, error) {
	e := c.LookupKeyWrite(key)
	s, err := valueAs[*store.String](e)
	if err != nil {
		return nil, nil, err
	}
	return e, s, nil
}

// setStringKey stores a copy of val at key, whose live entry the caller has
// just looked up with LookupKeyWrite (e, nil when absent): it mirrors
// SetKey (Redis's setKey) without a second lookup. The expire is removed
// unless keepTTL. Signals WATCHers.
//
// Overwriting a string reuses its buffer when the new value fits without
// wasting much of it, so a SET on an existing key allocates nothing. Values
// are never shared: replies and propagation copy bytes, COPY deep-copies.
func (c *Client) setStringKey(e *store.Entry, key, val []byte, keepTTL bool) *store.Entry {
	if e == nil {
		e = c.DB.Add(key, store.NewString(val), c.Now)
	} else {
		if s, ok := e.Value.(*store.String); ok && cap(s.B) >= len(val) && cap(s.B) <= 2*len(val)+64 {
			*s = store.String{B: append(s.B[:0], val...)}
		} else {
			e.Value = store.NewString(val)
		}
		e.Access = c.Now
		if !keepTTL {
			c.DB.Persist(e)
		}
	}
	c.SignalModifiedKey(key)
	return e
}

// checkStringLength returns ErrStringTooLong when a string of size bytes
// would exceed proto-max-bulk-len. Nothing is checked while loading, as
// Redis does not check its master or AOF client. Mirrors checkStringLength.
func (c *Client) checkStringLength(size int64) error {
	if !c.Srv.Loading && size > c.Srv.Tunables.ProtoMaxBulkLen {
		return ErrStringTooLong
	}
	return nil
}

// growZero returns b extended with zero bytes to length n (unchanged when
// already that long), as Redis's sdsgrowzero.
func growZero(b []byte, n int) []byte {
	if n <= len(b) {
		return b
	}
	if n <= cap(b) {
		old := len(b)
		b = b[:n]
		clear(b[old:])
		return b
	}
	nb := make([]byte, n, n+n/4)
	copy(nb, b)
	return nb
}

// asciiEqualFold reports whether b equals s ignoring ASCII case; s is lower
// case.
func asciiEqualFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != s[i] {
			return false
		}
	}
	return true
}

// strTokenIs reports whether the option argument b is the token s (lower
// case). Redis compares option tokens as C strings (strcasecmp), so the
// argument ends at its first NUL byte: "nx\x00junk" is NX.
func strTokenIs(b []byte, s string) bool {
	for i, c := range b {
		if c == 0 {
			b = b[:i]
			break
		}
	}
	return asciiEqualFold(b, s)
}

// ---------------------------------------------------------------------------
// SET and its family.

// Flags of SET and GETEX options (Redis's OBJ_SET_NX, OBJ_EX, ...).
const (
	setNX = 1 << iota
	setXX
	setGet
	setKeepTTL
	setPersist
	setEX
	setPX
	setEXAT
	setPXAT

	setAnyExpire = setEX | setPX | setEXAT | setPXAT
)

// parseSetOptions parses the options of SET (forSet) or GETEX in argv and
// returns the flags and the expire argument (nil if none). It accepts
// exactly what Redis's parseExtendedStringArgumentsOrReply accepts: a
// repeated option is allowed (the last expire wins), conflicting ones
// (NX with XX, two kinds of expire, KEEPTTL or PERSIST with an expire) and
// unknown ones are ErrSyntax.
func parseSetOptions(argv [][]byte, forSet bool) (flags int, expire []byte, err error) {
	for j := 0; j < len(argv); j++ {
		opt := argv[j]
		var next []byte
		if j+1 < len(argv) {
			next = argv[j+1]
		}
		switch {
		case forSet && flags&setXX == 0 && strTokenIs(opt, "nx"):
			flags |= setNX
		case forSet && flags&setNX == 0 && strTokenIs(opt, "xx"):
			flags |= setXX
		case forSet && strTokenIs(opt, "get"):
			flags |= setGet
		case forSet && flags&(setPersist|setAnyExpire) == 0 && strTokenIs(opt, "keepttl"):
			flags |= setKeepTTL
		case !forSet && flags&(setKeepTTL|setAnyExpire) == 0 && strTokenIs(opt, "persist"):
			flags |= setPersist
		case next != nil && flags&(setKeepTTL|setPersist|setAnyExpire&^setEX) == 0 && strTokenIs(opt, "ex"):
			flags |= setEX
			expire = next
			j++
		case next != nil && flags&(setKeepTTL|setPersist|setAnyExpire&^setPX) == 0 && strTokenIs(opt, "px"):
			flags |= setPX
			expire = next
			j++
		case next != nil && flags&(setKeepTTL|setPersist|setAnyExpire&^setEXAT) == 0 && strTokenIs(opt, "exat"):
			flags |= setEXAT
			expire = next
			j++
		case next != nil && flags&(setKeepTTL|setPersist|setAnyExpire&^setPXAT) == 0 && strTokenIs(opt, "pxat"):
			flags |= setPXAT
			expire = next
			j++
		default:
			return 0, nil, ErrSyntax
		}
	}
	return flags, expire, nil
}

// expireArgMs converts the expire argument of an EX/PX/EXAT/PXAT option to
// an absolute unix time in ms. Returns ErrNotInteger, or errInvalidExpire
// for a value <= 0 or one that overflows. Mirrors getExpireMillisecondsOrReply.
func (c *Client) expireArgMs(arg []byte, flags int) (int64, error) {
	ms, err := ParseInt(arg)
	if err != nil {
		return 0, err
	}
	seconds := flags&(setEX|setEXAT) != 0
	if ms <= 0 || (seconds && ms > math.MaxInt64/1000) {
		return 0, errInvalidExpire(c.Cmd.FullName)
	}
	if seconds {
		ms *= 1000
	}
	if flags&(setEX|setPX) != 0 {
		ms += c.Now // wraps on overflow, caught below as in Redis
	}
	if ms <= 0 {
		return 0, errInvalidExpire(c.Cmd.FullName)
	}
	return ms, nil
}

// Replies of setGeneric when it sets and when NX/XX aborts.
const (
	setReplyOK   = iota // +OK / null (SET, SETEX, PSETEX)
	setReplyBool        // :1 / :0 (SETNX)
)

// setGeneric implements SET, SETNX, SETEX and PSETEX: flags are the parsed
// options, expire the expire argument or nil. Propagation follows Redis
// 7.0's setGenericCommand: with an expire, "SET key value PXAT <ms>";
// with GET and no expire, argv without its GET tokens; else argv as is.
func (c *Client) setGeneric(flags int, key, val, expire []byte, reply int) error {
	var whenMs int64
	if expire != nil {
		var err error
		if whenMs, err = c.expireArgMs(expire, flags); err != nil {
			return err
		}
	}
	if flags&setGet != 0 {
		s, err := c.lookupString(key)
		if err != nil {
			return err
		}
		if s == nil {
			c.ReplyNull()
		} else {
			c.ReplyBulk(s.B)
		}
	}
	e := c.LookupKeyWrite(key)
	if (flags&setNX != 0 && e != nil) || (flags&setXX != 0 && e == nil) {
		if flags&setGet == 0 {
			if reply == setReplyBool {
				c.ReplyInt(0)
			} else {
				c.ReplyNull()
			}
		}
		return nil
	}
	e = c.setStringKey(e, key, val, flags&setKeepTTL != 0)
	c.Dirty++
	c.Notify('$', "set", key)
	if expire != nil {
		c.DB.SetExpire(e, whenMs)
		c.RewriteArgv([]byte("SET"), key, val, []byte("PXAT"), strconv.AppendInt(nil, whenMs, 10))
		c.Notify('g', "expire", key)
	}
	if flags&setGet == 0 {
		if reply == setReplyBool {
			c.ReplyInt(1)
		} else {
			c.ReplyOK()
		}
	}
	if flags&setGet != 0 && expire == nil {
		argv := make([][]byte, 0, len(c.Argv)-1)
		for j, a := range c.Argv {
			if j >= 3 && strTokenIs(a, "get") {
				continue
			}
			argv = append(argv, a)
		}
		c.RewriteArgv(argv...)
	}
	return nil
}

// SET key value [NX | XX] [GET] [EX seconds | PX milliseconds |
// EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL]
//
// An expire time already in the past is stored as given and the key expires
// on its next access, as in Redis 7.0.
func setCommand(c *Client) error {
	if len(c.Argv) == 3 {
		// The benchmark hot path: no options, one lookup.
		key := c.Argv[1]
		c.setStringKey(c.LookupKeyWrite(key), key, c.Argv[2], false)
		c.Dirty++
		c.Notify('$', "set", key)
		c.ReplyOK()
		return nil
	}
	flags, expire, err := parseSetOptions(c.Argv[3:], true)
	if err != nil {
		return err
	}
	return c.setGeneric(flags, c.Argv[1], c.Argv[2], expire, setReplyOK)
}

// SETNX key value
func setnxCommand(c *Client) error {
	return c.setGeneric(setNX, c.Argv[1], c.Argv[2], nil, setReplyBool)
}

// SETEX key seconds value
func setexCommand(c *Client) error {
	return c.setGeneric(setEX, c.Argv[1], c.Argv[3], c.Argv[2], setReplyOK)
}

// PSETEX key milliseconds value
func psetexCommand(c *Client) error {
	return c.setGeneric(setPX, c.Argv[1], c.Argv[3], c.Argv[2], setReplyOK)
}

// GET key
func getCommand(c *Client) error {
	s, err := c.lookupString(c.Argv[1])
	if err != nil {
		return err
	}
	if s == nil {
		c.ReplyNull()
		return nil
	}
	c.ReplyBulk(s.B)
	return nil
}

// GETSET key value
//
// Propagated as SET key value.
func getsetCommand(c *Client) error {
	key, val := c.Argv[1], c.Argv[2]
	s, err := c.lookupString(key)
	if err != nil {
		return err
	}
	if s == nil {
		c.ReplyNull()
	} else {
		c.ReplyBulk(s.B)
	}
	c.setStringKey(c.LookupKeyWrite(key), key, val, false)
	c.Notify('$', "set", key)
	c.Dirty++
	c.RewriteArgv([]byte("SET"), key, val)
	return nil
}

// GETEX key [EX seconds | PX milliseconds | EXAT unix-time-seconds |
// PXAT unix-time-milliseconds | PERSIST]
//
// Propagated as PEXPIREAT key <ms>, PERSIST key, or DEL key when EXAT/PXAT
// is already in the past (the key is deleted); not at all without options.
// As in Redis, the expire value is checked only when the key holds a string.
func getexCommand(c *Client) error {
	flags, expire, err := parseSetOptions(c.Argv[2:], false)
	if err != nil {
		return err
	}
	key := c.Argv[1]
	e := c.LookupKeyRead(key)
	if e == nil {
		c.ReplyNull()
		return nil
	}
	s, ok := e.Value.(*store.String)
	if !ok {
		return ErrWrongType
	}
	var whenMs int64
	if expire != nil {
		if whenMs, err = c.expireArgMs(expire, flags); err != nil {
			return err
		}
	}
	c.ReplyBulk(s.B)
	switch {
	case flags&(setEXAT|setPXAT) != 0 && whenMs <= c.Now && !c.Srv.Loading:
		c.DB.Delete(key)
		c.RewriteArgv([]byte("DEL"), key)
		c.SignalModifiedKey(key)
		c.Notify('g', "del", key)
		c.Dirty++
	case expire != nil:
		c.DB.SetExpire(e, whenMs)
		c.RewriteArgv([]byte("PEXPIREAT"), key, strconv.AppendInt(nil, whenMs, 10))
		c.SignalModifiedKey(key)
		c.Notify('g', "expire", key)
		c.Dirty++
	case flags&setPersist != 0:
		if c.DB.Persist(e) {
			c.SignalModifiedKey(key)
			c.RewriteArgv([]byte("PERSIST"), key)
			c.Notify('g', "persist", key)
			c.Dirty++
		}
	}
	return nil
}

// GETDEL key
//
// Propagated as DEL key.
func getdelCommand(c *Client) error {
	key := c.Argv[1]
	s, err := c.lookupString(key)
	if err != nil {
		return err
	}
	if s == nil {
		c.ReplyNull()
		return nil
	}
	c.ReplyBulk(s.B)
	c.DB.Delete(key)
	c.RewriteArgv([]byte("DEL"), key)
	c.SignalModifiedKey(key)
	c.Notify('g', "del", key)
	c.Dirty++
	return nil
}

// ---------------------------------------------------------------------------
// Ranges and lengths.

// GETRANGE key start end
// SUBSTR key start end
func getrangeCommand(c *Client) error {
	start, end, err := parseIndexPair(c.Argv[2], c.Argv[3])
	if err != nil {
		return err
	}
	s, err := c.lookupString(c.Argv[1])
	if err != nil {
		return err
	}
	if s == nil {
		c.ReplyBulk(nil)
		return nil
	}
	n := int64(len(s.B))
	if start < 0 && end < 0 && start > end {
		c.ReplyBulk(nil)
		return nil
	}
	if start < 0 {
		start += n
	}
	if end < 0 {
		end += n
	}
	start, end = max(start, 0), max(end, 0)
	if end >= n {
		end = n - 1
	}
	if start > end || n == 0 {
		c.ReplyBulk(nil)
		return nil
	}
	c.ReplyBulk(s.B[start : end+1])
	return nil
}

// SETRANGE key offset value
func setrangeCommand(c *Client) error {
	key, val := c.Argv[1], c.Argv[3]
	offset, err := ParseInt(c.Argv[2])
	if err != nil {
		return err
	}
	if offset < 0 {
		return ErrOffsetRange
	}
	e, s, err := c.lookupStringWrite(key)
	if err != nil {
		return err
	}
	if e == nil {
		if len(val) == 0 {
			c.ReplyInt(0)
			return nil
		}
		if offset > math.MaxInt64-int64(len(val)) {
			return ErrStringTooLong
		}
		if err := c.checkStringLength(offset + int64(len(val))); err != nil {
			return err
		}
		s = &store.String{B: make([]byte, int(offset)+len(val)), Raw: true}
		c.DB.Add(key, s, c.Now)
	} else {
		if len(val) == 0 {
			c.ReplyInt(int64(len(s.B)))
			return nil
		}
		if offset > math.MaxInt64-int64(len(val)) {
			return ErrStringTooLong
		}
		if err := c.checkStringLength(offset + int64(len(val))); err != nil {
			return err
		}
		s.Raw, s.NoInt = true, false
		s.B = growZero(s.B, int(offset)+len(val))
	}
	copy(s.B[offset:], val)
	c.SignalModifiedKey(key)
	c.Notify('$', "setrange", key)
	c.Dirty++
	c.ReplyInt(int64(len(s.B)))
	return nil
}

// APPEND key value
func appendCommand(c *Client) error {
	key, val := c.Argv[1], c.Argv[2]
	e, s, err := c.lookupStringWrite(key)
	if err != nil {
		return err
	}
	var n int
	if e == nil {
		c.DB.Add(key, store.NewString(val), c.Now)
		n = len(val)
	} else {
		if err := c.checkStringLength(int64(len(s.B)) + int64(len(val))); err != nil {
			return err
		}
		s.Raw, s.NoInt = true, false
		s.B = append(s.B, val...)
		n = len(s.B)
	}
	c.SignalModifiedKey(key)
	c.Notify('$', "append", key)
	c.Dirty++
	c.ReplyInt(int64(n))
	return nil
}

// STRLEN key
func strlenCommand(c *Client) error {
	s, err := c.lookupString(c.Argv[1])
	if err != nil {
		return err
	}
	if s == nil {
		c.ReplyInt(0)
		return nil
	}
	c.ReplyInt(int64(len(s.B)))
	return nil
}

// ---------------------------------------------------------------------------
// Counters.

// incrDecr adds incr to the integer at argv[1] (0 when absent), keeping its
// expire. Mirrors incrDecrCommand.
func incrDecr(c *Client, incr int64) error {
	key := c.Argv[1]
	e, s, err := c.lookupStringWrite(key)
	if err != nil {
		return err
	}
	var value int64
	if s != nil {
		v, ok := resp.ParseInt(s.B)
		if !ok {
			return ErrNotInteger
		}
		value = v
	}
	if (incr < 0 && value < 0 && incr < math.MinInt64-value) ||
		(incr > 0 && value > 0 && incr > math.MaxInt64-value) {
		return ErrOverflow
	}
	value += incr
	if e == nil {
		var tmp [20]byte
		c.DB.Add(key, store.NewString(strconv.AppendInt(tmp[:0], value, 10)), c.Now)
	} else {
		// In place, as Redis updates an int-encoded value: a counter
		// allocates nothing.
		*s = store.String{B: strconv.AppendInt(s.B[:0], value, 10)}
	}
	c.SignalModifiedKey(key)
	c.Notify('$', "incrby", key)
	c.Dirty++
	c.ReplyInt(value)
	return nil
}

// INCR key
func incrCommand(c *Client) error { return incrDecr(c, 1) }

// DECR key
func decrCommand(c *Client) error { return incrDecr(c, -1) }

// INCRBY key increment
func incrbyCommand(c *Client) error {
	incr, err := ParseInt(c.Argv[2])
	if err != nil {
		return err
	}
	return incrDecr(c, incr)
}

// DECRBY key decrement
func decrbyCommand(c *Client) error {
	decr, err := ParseInt(c.Argv[2])
	if err != nil {
		return err
	}
	if decr == math.MinInt64 {
		return ErrDecrOverflow
	}
	return incrDecr(c, -decr)
}

// INCRBYFLOAT key increment
//
// Computed as Redis does on x86-64, in an 80-bit long double (see
// longdouble.go), and stored as "%.17Lf" without trailing zeros. The expire
// is kept. Propagated as SET key <result> KEEPTTL.
func incrbyfloatCommand(c *Client) error {
	key := c.Argv[1]
	e, s, err := c.lookupStringWrite(key)
	if err != nil {
		return err
	}
	value := ldZero()
	if s != nil {
		var ok bool
		if value, ok = parseLongDouble(s.B); !ok {
			return ErrNotFloat
		}
	}
	incr, ok := parseLongDouble(c.Argv[2])
	if !ok {
		return ErrNotFloat
	}
	sum, ok := addLongDouble(value, incr)
	if !ok {
		return ErrIncrNaNOrInf
	}
	nv := &store.String{B: formatLongDoubleHuman(sum), NoInt: true}
	if e == nil {
		c.DB.Add(key, nv, c.Now)
	} else {
		e.Value = nv
	}
	c.SignalModifiedKey(key)
	c.Notify('$', "incrbyfloat", key)
	c.Dirty++
	c.ReplyBulk(nv.B)
	// A copy: the record must not alias a value later commands may change
	// in place before it is written (a MULTI's records are fed together).
	c.RewriteArgv([]byte("SET"), key, append([]byte(nil), nv.B...), []byte("KEEPTTL"))
	return nil
}

// ---------------------------------------------------------------------------
// Multiple keys.

// MGET key [key ...]
//
// A key that does not hold a string is a null, not an error.
func mgetCommand(c *Client) error {
	c.ReplyArrayLen(len(c.Argv) - 1)
	for _, key := range c.Argv[1:] {
		e := c.LookupKeyRead(key)
		if e == nil {
			c.ReplyNull()
			continue
		}
		if s, ok := e.Value.(*store.String); ok {
			c.ReplyBulk(s.B)
		} else {
			c.ReplyNull()
		}
	}
	return nil
}

// msetGeneric implements MSET and MSETNX (nx). Mirrors msetGenericCommand.
func msetGeneric(c *Client, nx bool) error {
	if len(c.Argv)%2 == 0 {
		return ErrWrongArgs(c.Cmd.FullName)
	}
	if nx {
		for j := 1; j < len(c.Argv); j += 2 {
			if c.LookupKeyWrite(c.Argv[j]) != nil {
				c.ReplyInt(0)
				return nil
			}
		}
	}
	for j := 1; j < len(c.Argv); j += 2 {
		key := c.Argv[j]
		c.setStringKey(c.LookupKeyWrite(key), key, c.Argv[j+1], false)
		c.Notify('$', "set", key)
	}
	c.Dirty += int64(len(c.Argv)-1) / 2
	if nx {
		c.ReplyInt(1)
	} else {
		c.ReplyOK()
	}
	return nil
}

// MSET key value [key value ...]
func msetCommand(c *Client) error { return msetGeneric(c, false) }

// MSETNX key value [key value ...]
func msetnxCommand(c *Client) error { return msetGeneric(c, true) }

// ---------------------------------------------------------------------------
// LCS.

// lcsMaxTable bounds the LCS table in bytes. Redis allocates it with
// ztrymalloc and fails when the allocation does; Go cannot recover from a
// failed allocation, so the bound stands in for it.
const lcsMaxTable = 4 << 30

// LCS key1 key2 [LEN] [IDX] [MINMATCHLEN min-match-len] [WITHMATCHLEN]
//
// Missing keys are empty strings. Mirrors lcsCommand: the classic dynamic
// programming table, walked back from the end to emit matches, so ranges
// are reported from the last to the first.
//
// Deviation: a table larger than 4 GiB fails with Redis's "Insufficient
// memory" error instead of being attempted.
func lcsCommand(c *Client) error {
	var a, b []byte
	for i, key := range c.Argv[1:3] {
		e := c.LookupKeyRead(key)
		if e == nil {
			continue
		}
		s, ok := e.Value.(*store.String)
		if !ok {
			return ErrLCSNotString
		}
		if i == 0 {
			a = s.B
		} else {
			b = s.B
		}
	}
	var getLen, getIdx, withMatchLen bool
	var minMatchLen int64
	for j := 3; j < len(c.Argv); j++ {
		opt := c.Argv[j]
		moreArgs := len(c.Argv) - 1 - j
		switch {
		case strTokenIs(opt, "idx"):
			getIdx = true
		case strTokenIs(opt, "len"):
			getLen = true
		case strTokenIs(opt, "withmatchlen"):
			withMatchLen = true
		case moreArgs > 0 && strTokenIs(opt, "minmatchlen"):
			n, err := ParseInt(c.Argv[j+1])
			if err != nil {
				return err
			}
			minMatchLen = max(n, 0)
			j++
		default:
			return ErrSyntax
		}
	}
	if getIdx && getLen {
		return ErrLCSIdxLen
	}
	if len(a) >= math.MaxUint32-1 || len(b) >= math.MaxUint32-1 {
		return ErrLCSTooLong
	}
	alen, blen := len(a), len(b)
	cells := uint64(alen+1) * uint64(blen+1)
	if cells*4 > lcsMaxTable {
		return ErrLCSNoMemory
	}
	// dp[i*(blen+1)+j] is the LCS length of a[:i] and b[:j].
	w := blen + 1
	dp := make([]uint32, cells)
	for i := 1; i <= alen; i++ {
		row, prev := dp[i*w:(i+1)*w], dp[(i-1)*w:i*w]
		ai := a[i-1]
		for j := 1; j <= blen; j++ {
			if ai == b[j-1] {
				row[j] = prev[j-1] + 1
			} else {
				row[j] = max(prev[j], row[j-1])
			}
		}
	}
	lcsLen := dp[alen*w+blen]
	if getLen && !getIdx {
		c.ReplyInt(int64(lcsLen))
		return nil
	}

	result := make([]byte, lcsLen)
	idx := lcsLen
	// Ranges of the current match, in a and in b; aStart == alen means none.
	aStart, aEnd, bStart, bEnd := alen, 0, 0, 0
	var arrayPos, arrayLen int
	if getIdx {
		c.ReplyMapLen(2)
		c.ReplyBulkString("matches")
		arrayPos = c.ReplyDeferredLen()
	}
	i, j := alen, blen
	for i > 0 && j > 0 {
		emit := false
		if a[i-1] == b[j-1] {
			result[idx-1] = a[i-1]
			if aStart == alen {
				aStart, aEnd = i-1, i-1
				bStart, bEnd = j-1, j-1
			} else if aStart == i && bStart == j {
				aStart--
				bStart--
			} else {
				emit = true
			}
			if aStart == 0 || bStart == 0 {
				emit = true
			}
			idx--
			i--
			j--
		} else {
			if dp[(i-1)*w+j] > dp[i*w+j-1] {
				i--
			} else {
				j--
			}
			if aStart != alen {
				emit = true
			}
		}
		if emit {
			matchLen := int64(aEnd - aStart + 1)
			if getIdx && (minMatchLen == 0 || matchLen >= minMatchLen) {
				if withMatchLen {
					c.ReplyArrayLen(3)
				} else {
					c.ReplyArrayLen(2)
				}
				c.ReplyArrayLen(2)
				c.ReplyInt(int64(aStart))
				c.ReplyInt(int64(aEnd))
				c.ReplyArrayLen(2)
				c.ReplyInt(int64(bStart))
				c.ReplyInt(int64(bEnd))
				if withMatchLen {
					c.ReplyInt(matchLen)
				}
				arrayLen++
			}
			aStart = alen
		}
	}
	if getIdx {
		c.SetDeferredArrayLen(arrayPos, arrayLen)
		c.ReplyBulkString("len")
		c.ReplyInt(int64(lcsLen))
		return nil
	}
	c.ReplyBulk(result)
	return nil
}
