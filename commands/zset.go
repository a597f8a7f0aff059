package commands

import (
	"math"
	"strconv"
	"strings"

	"github.com/ember-db/ember/store"
)

// zsetCommands returns the sorted set commands (t_zset.c), except ZSCAN and
// the blocking BZPOPMIN, BZPOPMAX and BZMPOP, which build on GenericZPop.
func zsetCommands() []Impl {
	return []Impl{
		{Name: "zadd", Proc: zaddCommand},
		{Name: "zincrby", Proc: zincrbyCommand},
		{Name: "zrem", Proc: zremCommand},
		{Name: "zremrangebyrank", Proc: zremrangebyrankCommand},
		{Name: "zremrangebyscore", Proc: zremrangebyscoreCommand},
		{Name: "zremrangebylex", Proc: zremrangebylexCommand},
		{Name: "zcard", Proc: zcardCommand},
		{Name: "zscore", Proc: zscoreCommand},
		{Name: "zmscore", Proc: zmscoreCommand},
		{Name: "zrank", Proc: zrankCommand},
		{Name: "zrevrank", Proc: zrevrankCommand},
		{Name: "zcount", Proc: zcountCommand},
		{Name: "zlexcount", Proc: zlexcountCommand},
		{Name: "zrange", Proc: zrangeCommand},
		{Name: "zrangestore", Proc: zrangestoreCommand},
		{Name: "zrevrange", Proc: zrevrangeCommand},
		{Name: "zrangebyscore", Proc: zrangebyscoreCommand},
		{Name: "zrevrangebyscore", Proc: zrevrangebyscoreCommand},
		{Name: "zrangebylex", Proc: zrangebylexCommand},
		{Name: "zrevrangebylex", Proc: zrevrangebylexCommand},
		{Name: "zpopmin", Proc: zpopminCommand},
		{Name: "zpopmax", Proc: zpopmaxCommand},
		{Name: "zmpop", Proc: zmpopCommand},
		{Name: "bzmpop", Proc: bzmpopCommand},
		{Name: "bzpopmin", Proc: bzpopminCommand},
		{Name: "bzpopmax", Proc: bzpopmaxCommand},
		{Name: "zrandmember", Proc: zrandmemberCommand},
		{Name: "zunion", Proc: zunionCommand},
		{Name: "zinter", Proc: zinterCommand},
		{Name: "zdiff", Proc: zdiffCommand},
		{Name: "zintercard", Proc: zintercardCommand},
		{Name: "zunionstore", Proc: zunionstoreCommand},
		{Name: "zinterstore", Proc: zinterstoreCommand},
		{Name: "zdiffstore", Proc: zdiffstoreCommand},
	}
}

// ---------------------------------------------------------------------------
// Lookups, limits and argument parsing

// lookupZSetRead returns key's sorted set for reading, nil if the key does
// not exist, or ErrWrongType.
func (c *Client) lookupZSetRead(key []byte) (*store.ZSet, error) {
	return valueAs[*store.ZSet](c.LookupKeyRead(key))
}

// lookupZSetWrite returns key's sorted set for writing, nil if the key does
// not exist, or ErrWrongType.
func (c *Client) lookupZSetWrite(key []byte) (*store.ZSet, error) {
	return valueAs[*store.ZSet](c.LookupKeyWrite(key))
}

// zsetLimits returns the listpack thresholds currently configured.
func (c *Client) zsetLimits() store.ZSetLimits {
	return store.ZSetLimits{
		MaxListpackEntries: c.Srv.Tunables.ZsetMaxListpackEntries,
		MaxListpackValue:   c.Srv.Tunables.ZsetMaxListpackValue,
	}
}

// zsetDeleteIfEmpty deletes key when z has become empty, notifying "del",
// and reports whether it did. An aggregate never stays empty.
func (c *Client) zsetDeleteIfEmpty(key []byte, z *store.ZSet) bool {
	if z.Len() != 0 {
		return false
	}
	c.DB.Delete(key)
	c.Notify('g', "del", key)
	return true
}

// strtod parses the longest prefix of b that C's strtod accepts: leading
// white space, a sign, then a decimal or hexadecimal ("0x", with or without
// a "p" exponent) number, "inf", "infinity" or "nan" in any case. It returns
// the value, the number of bytes consumed (0 when nothing converts, as
// strtod leaves endptr at the start) and whether strtod would set ERANGE
// with a zero or infinite result (overflow, or underflow to zero).
func strtod(b []byte) (v float64, n int, erange bool) {
	i := 0
	for i < len(b) && isSpaceByte(b[i]) {
		i++
	}
	start := i
	neg := false
	if i < len(b) && (b[i] == '+' || b[i] == '-') {
		neg = b[i] == '-'
		i++
	}
	rest := b[i:]
	switch {
	case hasPrefixFold(rest, "infinity"):
		return signed(math.Inf(1), neg), i + 8, false
	case hasPrefixFold(rest, "inf"):
		return signed(math.Inf(1), neg), i + 3, false
	case hasPrefixFold(rest, "nan"):
		n := i + 3
		if j := 3; j < len(rest) && rest[j] == '(' {
			for j++; j < len(rest) && (isAlnum(rest[j]) || rest[j] == '_'); j++ {
			}
			if j < len(rest) && rest[j] == ')' {
				n = i + j + 1
			}
		}
		return math.NaN(), n, false
	}
	hex := len(rest) >= 2 && rest[0] == '0' && (rest[1] == 'x' || rest[1] == 'X')
	isDigit := isDecimal
	j := 0
	if hex {
		isDigit, j = isHexDigit, 2
	}
	digits, nonzero := 0, false
	for ; j < len(rest) && isDigit(rest[j]); j++ {
		digits++
		nonzero = nonzero || rest[j] != '0'
	}
	if j < len(rest) && rest[j] == '.' {
		for j++; j < len(rest) && isDigit(rest[j]); j++ {
			digits++
			nonzero = nonzero || rest[j] != '0'
		}
	}
	if digits == 0 {
		if hex { // "0x" alone: strtod converts the "0" and stops at the x
			return signed(0, neg), i + 1, false
		}
		return 0, 0, false
	}
	mantissa := j
	expChar := byte('e')
	if hex {
		expChar = 'p'
	}
	if j < len(rest) && (rest[j]|0x20) == expChar {
		k := j + 1
		if k < len(rest) && (rest[k] == '+' || rest[k] == '-') {
			k++
		}
		if k < len(rest) && isDecimal(rest[k]) {
			for k < len(rest) && isDecimal(rest[k]) {
				k++
			}
			j = k
		}
	}
	text := string(b[start : i+j])
	if hex && j == mantissa {
		text += "p0" // Go requires the exponent of a hex float
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil && !math.IsInf(f, 0) {
		return 0, 0, false // not reached: the scan above accepts only valid forms
	}
	return f, i + j, math.IsInf(f, 0) || (f == 0 && nonzero)
}

func signed(f float64, neg bool) float64 {
	if neg {
		return -f
	}
	return f
}

func hasPrefixFold(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && strings.EqualFold(string(b[:len(prefix)]), prefix)
}

func isDecimal(c byte) bool  { return c >= '0' && c <= '9' }
func isHexDigit(c byte) bool { return isDecimal(c) || (c|0x20 >= 'a' && c|0x20 <= 'f') }
func isAlnum(c byte) bool    { return isDecimal(c) || (c|0x20 >= 'a' && c|0x20 <= 'z') }

// parseScore parses a score, increment or weight as Redis's
// getDoubleFromObject: strtod over the whole argument, no leading space,
// no NaN, no overflow to infinity or underflow to zero ("inf" itself is
// fine). Unlike ParseFloat it accepts hexadecimal forms ("0x10"), as
// strtod does.
func parseScore(b []byte) (float64, bool) {
	if len(b) == 0 || isSpaceByte(b[0]) {
		return 0, false
	}
	v, n, erange := strtod(b)
	if n != len(b) || erange || math.IsNaN(v) {
		return 0, false
	}
	return v, true
}

// parseRangeItem parses one end of a score range: "(" for an exclusive
// bound, then what strtod accepts up to the end of the C string. As in
// zslParseRange, an empty remainder is 0 and NaN is refused.
func parseRangeItem(b []byte) (v float64, ex bool, ok bool) {
	if len(b) > 0 && b[0] == '(' {
		ex, b = true, b[1:]
	}
	v, n, _ := strtod(b)
	if (n != len(b) && b[n] != 0) || math.IsNaN(v) {
		return 0, false, false
	}
	return v, ex, true
}

// parseScoreRange parses min and max as ZRANGEBYSCORE takes them; it returns
// ErrZMinMaxNotFloat.
func parseScoreRange(min, max []byte) (store.ScoreRange, error) {
	var r store.ScoreRange
	var ok bool
	if r.Min, r.MinEx, ok = parseRangeItem(min); !ok {
		return r, ErrZMinMaxNotFloat
	}
	if r.Max, r.MaxEx, ok = parseRangeItem(max); !ok {
		return r, ErrZMinMaxNotFloat
	}
	return r, nil
}

// parseLexItem parses one end of a lex range: "-", "+", "(member" or
// "[member" (zslParseLexRangeItem; "+" and "-" must stand alone up to the end
// of the C string).
func parseLexItem(b []byte) (store.LexBound, bool) {
	if len(b) == 0 {
		return store.LexBound{}, false
	}
	switch b[0] {
	case '+', '-':
		if len(b) > 1 && b[1] != 0 {
			return store.LexBound{}, false
		}
		inf := 1
		if b[0] == '-' {
			inf = -1
		}
		return store.LexBound{Inf: inf, Ex: true}, true
	case '(':
		return store.LexBound{Value: string(b[1:]), Ex: true}, true
	case '[':
		return store.LexBound{Value: string(b[1:])}, true
	}
	return store.LexBound{}, false
}

// parseLexRange parses min and max as ZRANGEBYLEX takes them; it returns
// ErrZMinMaxNotLex.
func parseLexRange(min, max []byte) (store.LexRange, error) {
	var r store.LexRange
	var ok bool
	if r.Min, ok = parseLexItem(min); !ok {
		return r, ErrZMinMaxNotLex
	}
	if r.Max, ok = parseLexItem(max); !ok {
		return r, ErrZMinMaxNotLex
	}
	return r, nil
}

// replyScoredMember writes one element of a WITHSCORES reply: member and
// score, wrapped in a 2-element array in RESP3 when pairs is set.
func (c *Client) replyScoredMember(member string, score float64, withScores, pairs bool) {
	if withScores && pairs && c.Proto == 3 {
		c.ReplyArrayLen(2)
	}
	c.ReplyBulkString(member)
	if withScores {
		c.ReplyDouble(score)
	}
}

// ---------------------------------------------------------------------------
// ZADD, ZINCRBY

// zadd input flags (ZADD_IN_* in Redis's server.h).
const (
	zaddNX = 1 << iota
	zaddXX
	zaddGT
	zaddLT
	zaddIncr
)

// ZADD key [NX | XX] [GT | LT] [CH] [INCR] score member [score member ...]
func zaddCommand(c *Client) error { return zaddGenericCommand(c, 0) }

// ZINCRBY key increment member
func zincrbyCommand(c *Client) error { return zaddGenericCommand(c, zaddIncr) }

// zaddGenericCommand implements ZADD and ZINCRBY (zaddGenericCommand in
// t_zset.c): parse the options and every score first, so that the command
// executes fully or not at all, then add. Replies with the number of added
// (CH: added or updated) elements, or with INCR the new score (null when the
// element was not touched because of NX, XX, GT or LT).
func zaddGenericCommand(c *Client, flags int) error {
	key := c.Argv[1]
	ch := false
	scoreIdx := 2
options:
	for ; scoreIdx < len(c.Argv); scoreIdx++ {
		switch strings.ToLower(string(c.Argv[scoreIdx])) {
		case "nx":
			flags |= zaddNX
		case "xx":
			flags |= zaddXX
		case "ch":
			ch = true
		case "incr":
			flags |= zaddIncr
		case "gt":
			flags |= zaddGT
		case "lt":
			flags |= zaddLT
		default:
			break options
		}
	}
	incr, nx, xx := flags&zaddIncr != 0, flags&zaddNX != 0, flags&zaddXX != 0
	gt, lt := flags&zaddGT != 0, flags&zaddLT != 0
	elements := len(c.Argv) - scoreIdx
	if elements%2 != 0 || elements == 0 {
		return ErrSyntax
	}
	elements /= 2
	if nx && xx {
		return ErrZXXAndNX
	}
	if (gt && nx) || (lt && nx) || (gt && lt) {
		return ErrZGTLTNX
	}
	if incr && elements > 1 {
		return ErrZIncrPair
	}
	scores := make([]float64, elements)
	for j := range scores {
		s, ok := parseScore(c.Argv[scoreIdx+2*j])
		if !ok {
			return ErrNotFloat
		}
		scores[j] = s
	}

	z, err := c.lookupZSetWrite(key)
	if err != nil {
		return err
	}
	var added, updated, processed int64
	var score float64
	if z == nil && !xx {
		z = store.NewZSet()
		c.DB.Add(key, z, c.Now)
	}
	if z != nil {
		lim := c.zsetLimits()
		for j, s := range scores {
			member := c.Argv[scoreIdx+2*j+1]
			cur, exists := z.Score(member)
			switch {
			case exists && nx, !exists && xx:
				continue // not processed
			case exists:
				if incr {
					s += cur
					if math.IsNaN(s) {
						// Only INCR can get here, with a single element:
						// nothing was changed yet.
						return ErrZNaNScore
					}
				}
				if (lt && s >= cur) || (gt && s <= cur) {
					continue
				}
				if s != cur {
					z.Set(member, s, lim)
					updated++
				}
			default:
				z.Set(member, s, lim)
				added++
			}
			processed++
			score = s
		}
	}
	if added+updated > 0 {
		c.Dirty += added + updated
		c.SignalModifiedKey(key)
		event := "zadd"
		if incr {
			event = "zincr"
		}
		c.Notify('z', event, key)
		if added > 0 {
			c.Srv.Hooks.SignalKeyAsReady(c.DB, key)
		}
	}
	switch {
	case incr && processed > 0:
		c.ReplyDouble(score)
	case incr:
		c.ReplyNull()
	case ch:
		c.ReplyInt(added + updated)
	default:
		c.ReplyInt(added)
	}
	return nil
}

// ---------------------------------------------------------------------------
// ZREM and ZREMRANGEBY*

// ZREM key member [member ...]
func zremCommand(c *Client) error {
	key := c.Argv[1]
	z, err := c.lookupZSetWrite(key)
	if err != nil {
		return err
	}
	if z == nil {
		c.ReplyInt(0)
		return nil
	}
	var deleted int64
	removed := false
	for _, m := range c.Argv[2:] {
		if z.Delete(m) {
			deleted++
		}
		if z.Len() == 0 {
			c.DB.Delete(key)
			removed = true
			break
		}
	}
	if deleted > 0 {
		c.Notify('z', "zrem", key)
		if removed {
			c.Notify('g', "del", key)
		}
		c.SignalModifiedKey(key)
		c.Dirty += deleted
	}
	c.ReplyInt(deleted)
	return nil
}

// zrangeType is how a range is given (zrange_type in t_zset.c).
type zrangeType int

const (
	zrangeAuto zrangeType = iota
	zrangeRank
	zrangeScore
	zrangeLex
)

// ZREMRANGEBYRANK key start stop
func zremrangebyrankCommand(c *Client) error { return zremrangeGenericCommand(c, zrangeRank) }

// ZREMRANGEBYSCORE key min max
func zremrangebyscoreCommand(c *Client) error { return zremrangeGenericCommand(c, zrangeScore) }

// ZREMRANGEBYLEX key min max
func zremrangebylexCommand(c *Client) error { return zremrangeGenericCommand(c, zrangeLex) }

// zremrangeGenericCommand removes a range of elements and replies with how
// many were removed (zremrangeGenericCommand in t_zset.c).
func zremrangeGenericCommand(c *Client, t zrangeType) error {
	key := c.Argv[1]
	var start, end int64
	var sr store.ScoreRange
	var lr store.LexRange
	var err error
	var event string
	switch t {
	case zrangeRank:
		event = "zremrangebyrank"
		if start, err = ParseInt(c.Argv[2]); err != nil {
			return err
		}
		if end, err = ParseInt(c.Argv[3]); err != nil {
			return err
		}
	case zrangeScore:
		event = "zremrangebyscore"
		if sr, err = parseScoreRange(c.Argv[2], c.Argv[3]); err != nil {
			return err
		}
	default:
		event = "zremrangebylex"
		if lr, err = parseLexRange(c.Argv[2], c.Argv[3]); err != nil {
			return err
		}
	}
	z, err := c.lookupZSetWrite(key)
	if err != nil {
		return err
	}
	if z == nil {
		c.ReplyInt(0)
		return nil
	}
	var deleted int
	switch t {
	case zrangeRank:
		llen := int64(z.Len())
		if start < 0 {
			start += llen
		}
		if end < 0 {
			end += llen
		}
		if start < 0 {
			start = 0
		}
		if start > end || start >= llen {
			c.ReplyInt(0)
			return nil
		}
		if end >= llen {
			end = llen - 1
		}
		deleted = z.DeleteRangeByRank(int(start), int(end))
	case zrangeScore:
		deleted = z.DeleteRangeByScore(sr)
	default:
		deleted = z.DeleteRangeByLex(lr)
	}
	if deleted > 0 {
		emptied := z.Len() == 0
		if emptied {
			c.DB.Delete(key)
		}
		c.SignalModifiedKey(key)
		c.Notify('z', event, key)
		if emptied {
			c.Notify('g', "del", key)
		}
		c.Dirty += int64(deleted)
	}
	c.ReplyInt(int64(deleted))
	return nil
}

// ---------------------------------------------------------------------------
// Single-key reads

// ZCARD key
func zcardCommand(c *Client) error {
	z, err := c.lookupZSetRead(c.Argv[1])
	if err != nil {
		return err
	}
	if z == nil {
		c.ReplyInt(0)
		return nil
	}
	c.ReplyInt(int64(z.Len()))
	return nil
}

// ZSCORE key member
func zscoreCommand(c *Client) error {
	z, err := c.lookupZSetRead(c.Argv[1])
	if err != nil {
		return err
	}
	if z == nil {
		c.ReplyNull()
		return nil
	}
	if s, ok := z.Score(c.Argv[2]); ok {
		c.ReplyDouble(s)
	} else {
		c.ReplyNull()
	}
	return nil
}

// ZMSCORE key member [member ...]
func zmscoreCommand(c *Client) error {
	z, err := c.lookupZSetRead(c.Argv[1])
	if err != nil {
		return err
	}
	c.ReplyArrayLen(len(c.Argv) - 2)
	for _, m := range c.Argv[2:] {
		if z == nil {
			c.ReplyNull()
		} else if s, ok := z.Score(m); ok {
			c.ReplyDouble(s)
		} else {
			c.ReplyNull()
		}
	}
	return nil
}

// ZRANK key member
func zrankCommand(c *Client) error { return zrankGenericCommand(c, false) }

// ZREVRANK key member
func zrevrankCommand(c *Client) error { return zrankGenericCommand(c, true) }

// zrankGenericCommand replies with member's 0-based rank, or null.
func zrankGenericCommand(c *Client, reverse bool) error {
	z, err := c.lookupZSetRead(c.Argv[1])
	if err != nil {
		return err
	}
	if z == nil {
		c.ReplyNull()
		return nil
	}
	r, ok := z.Rank(c.Argv[2])
	if !ok {
		c.ReplyNull()
		return nil
	}
	if reverse {
		r = z.Len() - 1 - r
	}
	c.ReplyInt(int64(r))
	return nil
}

// ZCOUNT key min max
func zcountCommand(c *Client) error {
	r, err := parseScoreRange(c.Argv[2], c.Argv[3])
	if err != nil {
		return err
	}
	z, err := c.lookupZSetRead(c.Argv[1])
	if err != nil {
		return err
	}
	if z == nil {
		c.ReplyInt(0)
		return nil
	}
	c.ReplyInt(int64(z.Count(r)))
	return nil
}

// ZLEXCOUNT key min max
func zlexcountCommand(c *Client) error {
	r, err := parseLexRange(c.Argv[2], c.Argv[3])
	if err != nil {
		return err
	}
	z, err := c.lookupZSetRead(c.Argv[1])
	if err != nil {
		return err
	}
	if z == nil {
		c.ReplyInt(0)
		return nil
	}
	c.ReplyInt(int64(z.LexCount(r)))
	return nil
}

// ---------------------------------------------------------------------------
// ZRANGE and friends

// zrangeResult receives the elements a ZRANGE-family command selects and
// sends them to the client or into a destination set (Redis's
// zrange_result_handler).
type zrangeResult struct {
	c          *Client
	dstKey     []byte      // ZRANGESTORE's destination; nil for a client reply
	dst        *store.ZSet // the set being built for dstKey
	withScores bool
	deferred   int // position of a deferred array header, or -1
}

// begin starts the result; length is the number of elements, or -1 when
// not known in advance.
func (h *zrangeResult) begin(length int) {
	if h.dstKey != nil {
		// As zrangeResultBeginStore: a long rank range starts as a skiplist.
		if int64(length) > h.c.Srv.Tunables.ZsetMaxListpackEntries {
			h.dst = store.NewSkiplistZSet()
		} else {
			h.dst = store.NewZSet()
		}
		return
	}
	h.deferred = -1
	if length > 0 {
		if h.withScores && h.c.Proto != 3 {
			length *= 2
		}
		h.c.ReplyArrayLen(length)
		return
	}
	h.deferred = h.c.ReplyDeferredLen()
}

// emit adds one element to the result.
func (h *zrangeResult) emit(n *store.ZNode) {
	if h.dstKey != nil {
		h.dst.SetString(n.Member, n.Score, h.c.zsetLimits())
		return
	}
	h.c.replyScoredMember(n.Member, n.Score, h.withScores, true)
}

// finalize ends a result of count elements. For ZRANGESTORE it stores the
// destination (or deletes it when the result is empty) and replies.
func (h *zrangeResult) finalize(count int) {
	c := h.c
	if h.dstKey == nil {
		if h.deferred >= 0 {
			if h.withScores && c.Proto != 3 {
				count *= 2
			}
			c.SetDeferredArrayLen(h.deferred, count)
		}
		return
	}
	if count > 0 {
		c.SetKey(h.dstKey, h.dst, false)
		c.Srv.Hooks.SignalKeyAsReady(c.DB, h.dstKey)
		c.ReplyInt(int64(count))
		c.Notify('z', "zrangestore", h.dstKey)
		c.Dirty++
		return
	}
	c.ReplyInt(0)
	if c.DBDelete(c.DB, h.dstKey) {
		c.Notify('g', "del", h.dstKey)
		c.Dirty++
	}
}

// ZRANGE key start stop [BYSCORE | BYLEX] [REV] [LIMIT offset count] [WITHSCORES]
func zrangeCommand(c *Client) error {
	return zrangeGenericCommand(&zrangeResult{c: c}, 1, zrangeAuto, false, false)
}

// ZRANGESTORE dst src min max [BYSCORE | BYLEX] [REV] [LIMIT offset count]
func zrangestoreCommand(c *Client) error {
	return zrangeGenericCommand(&zrangeResult{c: c, dstKey: c.Argv[1]}, 2, zrangeAuto, false, false)
}

// ZREVRANGE key start stop [WITHSCORES]
func zrevrangeCommand(c *Client) error {
	return zrangeGenericCommand(&zrangeResult{c: c}, 1, zrangeRank, true, true)
}

// ZRANGEBYSCORE key min max [WITHSCORES] [LIMIT offset count]
func zrangebyscoreCommand(c *Client) error {
	return zrangeGenericCommand(&zrangeResult{c: c}, 1, zrangeScore, false, true)
}

// ZREVRANGEBYSCORE key max min [WITHSCORES] [LIMIT offset count]
func zrevrangebyscoreCommand(c *Client) error {
	return zrangeGenericCommand(&zrangeResult{c: c}, 1, zrangeScore, true, true)
}

// ZRANGEBYLEX key min max [LIMIT offset count]
func zrangebylexCommand(c *Client) error {
	return zrangeGenericCommand(&zrangeResult{c: c}, 1, zrangeLex, false, true)
}

// ZREVRANGEBYLEX key max min [LIMIT offset count]
func zrevrangebylexCommand(c *Client) error {
	return zrangeGenericCommand(&zrangeResult{c: c}, 1, zrangeLex, true, true)
}

// zrangeGenericCommand implements every ZRANGE form (zrangeGenericCommand in
// t_zset.c). argStart is the index of the source key; t and reverse are
// fixed by the legacy commands (fixedDir), or zrangeAuto / not fixed for
// ZRANGE and ZRANGESTORE, whose BYSCORE, BYLEX and REV options choose.
func zrangeGenericCommand(h *zrangeResult, argStart int, t zrangeType, reverse, fixedDir bool) error {
	c := h.c
	argv := c.Argv
	key := argv[argStart]
	minIdx, maxIdx := argStart+1, argStart+2
	withScores := false
	var offset, limit int64 = 0, -1
	for j := argStart + 3; j < len(argv); j++ {
		left := len(argv) - j - 1
		switch opt := strings.ToLower(string(argv[j])); {
		case h.dstKey == nil && opt == "withscores":
			withScores = true
		case opt == "limit" && left >= 2:
			var err error
			if offset, err = ParseInt(argv[j+1]); err != nil {
				return err
			}
			if limit, err = ParseInt(argv[j+2]); err != nil {
				return err
			}
			j += 2
		case !fixedDir && !reverse && opt == "rev":
			reverse = true
		case t == zrangeAuto && opt == "bylex":
			t = zrangeLex
		case t == zrangeAuto && opt == "byscore":
			t = zrangeScore
		default:
			return ErrSyntax
		}
	}
	if t == zrangeAuto {
		t = zrangeRank
	}
	if limit != -1 && t == zrangeRank {
		return ErrZLimitNeedsBy
	}
	if withScores && t == zrangeLex {
		return ErrZWithscoresBylex
	}
	if reverse && t != zrangeRank {
		// The reverse forms take max before min.
		minIdx, maxIdx = maxIdx, minIdx
	}
	var start, end int64
	var sr store.ScoreRange
	var lr store.LexRange
	var err error
	switch t {
	case zrangeRank:
		if start, err = ParseInt(argv[minIdx]); err != nil {
			return err
		}
		if end, err = ParseInt(argv[maxIdx]); err != nil {
			return err
		}
	case zrangeScore:
		if sr, err = parseScoreRange(argv[minIdx], argv[maxIdx]); err != nil {
			return err
		}
	case zrangeLex:
		if lr, err = parseLexRange(argv[minIdx], argv[maxIdx]); err != nil {
			return err
		}
	}
	h.withScores = withScores

	z, err := c.lookupZSetRead(key)
	if err != nil {
		return err
	}
	if z == nil {
		if h.dstKey != nil {
			h.begin(-1)
			h.finalize(0)
		} else {
			c.ReplyArrayLen(0)
		}
		return nil
	}
	switch t {
	case zrangeRank:
		h.byRank(z, start, end, reverse)
	case zrangeScore:
		h.byScore(z, sr, offset, limit, reverse)
	case zrangeLex:
		h.byLex(z, lr, offset, limit, reverse)
	}
	return nil
}

// byRank emits the elements of ranks start..end (negative: from the end),
// counted from the highest when reverse (genericZrangebyrankCommand).
func (h *zrangeResult) byRank(z *store.ZSet, start, end int64, reverse bool) {
	llen := int64(z.Len())
	if start < 0 {
		start += llen
	}
	if end < 0 {
		end += llen
	}
	if start < 0 {
		start = 0
	}
	if start > end || start >= llen {
		h.begin(0)
		h.finalize(0)
		return
	}
	if end >= llen {
		end = llen - 1
	}
	n := int(end - start + 1)
	h.begin(n)
	var x *store.ZNode
	if reverse {
		x = z.ByRank(int(llen - 1 - start))
	} else {
		x = z.ByRank(int(start))
	}
	for i := 0; i < n; i++ {
		h.emit(x)
		if reverse {
			x = x.Prev()
		} else {
			x = x.Next()
		}
	}
	h.finalize(n)
}

// step returns the next element in the walk's direction.
func step(x *store.ZNode, reverse bool) *store.ZNode {
	if reverse {
		return x.Prev()
	}
	return x.Next()
}

// skip moves offset elements along the walk. As Redis's `while (ln &&
// offset--)`, a negative offset walks off the end: the result is empty.
func skip(x *store.ZNode, offset int64, reverse bool) *store.ZNode {
	for x != nil && offset != 0 {
		offset--
		x = step(x, reverse)
	}
	return x
}

// byScore emits the elements with a score in r, from the lowest (highest
// when reverse), skipping offset and emitting at most limit (negative: no
// limit) (genericZrangebyscoreCommand).
func (h *zrangeResult) byScore(z *store.ZSet, r store.ScoreRange, offset, limit int64, reverse bool) {
	h.begin(-1)
	if offset > 0 && offset >= int64(z.Len()) {
		h.finalize(0)
		return
	}
	var x *store.ZNode
	if reverse {
		x = z.LastInRange(r)
	} else {
		x = z.FirstInRange(r)
	}
	x = skip(x, offset, reverse)
	n := 0
	for ; x != nil && limit != 0; limit-- {
		if (reverse && !r.AboveMin(x.Score)) || (!reverse && !r.BelowMax(x.Score)) {
			break
		}
		h.emit(x)
		n++
		x = step(x, reverse)
	}
	h.finalize(n)
}

// byLex emits the elements whose member is in r (genericZrangebylexCommand).
func (h *zrangeResult) byLex(z *store.ZSet, r store.LexRange, offset, limit int64, reverse bool) {
	h.begin(-1)
	var x *store.ZNode
	if reverse {
		x = z.LastInLexRange(r)
	} else {
		x = z.FirstInLexRange(r)
	}
	x = skip(x, offset, reverse)
	n := 0
	for ; x != nil && limit != 0; limit-- {
		if (reverse && !r.AboveMin(x.Member)) || (!reverse && !r.BelowMax(x.Member)) {
			break
		}
		h.emit(x)
		n++
		x = step(x, reverse)
	}
	h.finalize(n)
}

// ---------------------------------------------------------------------------
// ZPOPMIN, ZPOPMAX, ZMPOP

// GenericZPop pops up to count elements from the lowest (highest when max)
// end of the first key of keys that exists, and writes the reply. It is the
// shared core of ZPOPMIN, ZPOPMAX, ZMPOP and the blocking BZPOPMIN, BZPOPMAX
// and BZMPOP (genericZpopCommand in t_zset.c).
//
// Keys that do not exist are skipped; the first existing key that is not a
// sorted set makes it return ErrWrongType having written nothing. With no
// existing key it replies with a null array when nilWhenEmpty, else an empty
// array. count -1 means one element with the single-pop reply shapes; count 0
// replies with an empty array and pops nothing.
//
// Reply shapes: a flat [member, score, ...] array; with nested, an array of
// [member, score] pairs; with emitKey, [key, elements] (nested) or
// [key, member, score, ...] (flat).
//
// It returns the key popped from and the number of elements popped, so that
// callers can propagate a deterministic form (ZMPOP and the blocking pops
// rewrite themselves as ZPOPMIN/ZPOPMAX key count). It counts Dirty,
// signals, notifies "zpopmin"/"zpopmax" and deletes an emptied key.
func GenericZPop(c *Client, keys [][]byte, max, emitKey bool, count int64, nested, nilWhenEmpty bool) (key []byte, popped int64, err error) {
	var z *store.ZSet
	for _, k := range keys {
		if z, err = c.lookupZSetWrite(k); err != nil {
			return nil, 0, err
		}
		if z != nil {
			key = k
			break
		}
	}
	if z == nil {
		if nilWhenEmpty {
			c.ReplyNullArray()
		} else {
			c.ReplyArrayLen(0)
		}
		return nil, 0, nil
	}
	if count == 0 {
		c.ReplyArrayLen(0)
		return key, 0, nil
	}
	if count == -1 {
		count = 1
	}
	n := int64(z.Len())
	if count < n {
		n = count
	}
	switch {
	case !nested && !emitKey:
		c.ReplyArrayLen(int(2 * n))
	case nested && !emitKey:
		c.ReplyArrayLen(int(n))
	case !nested && emitKey:
		c.ReplyArrayLen(int(2*n + 1))
		c.ReplyBulk(key)
	default:
		c.ReplyArrayLen(2)
		c.ReplyBulk(key)
		c.ReplyArrayLen(int(n))
	}
	event := "zpopmin"
	if max {
		event = "zpopmax"
	}
	for i := int64(0); i < n; i++ {
		x := z.First()
		if max {
			x = z.Last()
		}
		member, score := x.Member, x.Score
		z.Delete([]byte(member))
		if i == 0 {
			c.Notify('z', event, key)
			c.SignalModifiedKey(key)
		}
		if nested {
			c.ReplyArrayLen(2)
		}
		c.ReplyBulkString(member)
		c.ReplyDouble(score)
	}
	c.Dirty += n
	c.zsetDeleteIfEmpty(key, z)
	return key, n, nil
}

// ZPOPMIN key [count]
func zpopminCommand(c *Client) error { return zpopMinMaxCommand(c, false) }

// ZPOPMAX key [count]
func zpopmaxCommand(c *Client) error { return zpopMinMaxCommand(c, true) }

// zpopMinMaxCommand implements ZPOPMIN and ZPOPMAX; it is propagated as
// sent, which is deterministic.
func zpopMinMaxCommand(c *Client, max bool) error {
	if len(c.Argv) > 3 {
		return ErrSyntax
	}
	count := int64(-1)
	if len(c.Argv) == 3 {
		n, err := ParseInt(c.Argv[2])
		if err != nil || n < 0 {
			return ErrNegativeCount
		}
		count = n
	}
	// RESP3 replies with pairs when a count was given.
	nested := c.Proto == 3 && count != -1
	_, _, err := GenericZPop(c, c.Argv[1:2], max, false, count, nested, false)
	return err
}

// ZMPOP numkeys key [key ...] MIN | MAX [COUNT count]
//
// Propagated as ZPOPMIN/ZPOPMAX key count, as Redis does.
func zmpopCommand(c *Client) error { return zmpopGenericCommand(c, 1, false) }

// BZMPOP timeout numkeys key [key ...] MIN | MAX [COUNT count]
func bzmpopCommand(c *Client) error { return zmpopGenericCommand(c, 2, true) }

// zmpopGenericCommand parses ZMPOP and BZMPOP, whose numkeys is
// argv[numkeysIdx], then pops (or blocks). Mirrors zmpopGenericCommand.
func zmpopGenericCommand(c *Client, numkeysIdx int, block bool) error {
	numkeys, err := ParseInt(c.Argv[numkeysIdx])
	if err != nil || numkeys < 1 {
		return ErrZNumkeys
	}
	whereIdx := int64(numkeysIdx) + 1 + numkeys
	if whereIdx >= int64(len(c.Argv)) {
		return ErrSyntax
	}
	var max bool
	switch strings.ToLower(string(c.Argv[whereIdx])) {
	case "min":
	case "max":
		max = true
	default:
		return ErrSyntax
	}
	count := int64(-1)
	for j := int(whereIdx) + 1; j < len(c.Argv); j++ {
		if count == -1 && strings.EqualFold(string(c.Argv[j]), "count") && j+1 < len(c.Argv) {
			j++
			n, err := ParseInt(c.Argv[j])
			if err != nil || n < 1 {
				return ErrZCount
			}
			count = n
		} else {
			return ErrSyntax
		}
	}
	if count == -1 {
		count = 1
	}
	keys := c.Argv[numkeysIdx+1 : whereIdx]
	if block {
		return blockingZPop(c, keys, max, 1, count, true, true)
	}
	key, popped, err := GenericZPop(c, keys, max, true, count, true, true)
	if err != nil {
		return err
	}
	if popped > 0 {
		c.RewriteArgv(zpopName(max), key, strconv.AppendInt(nil, popped, 10))
	}
	return nil
}

// BZPOPMIN key [key ...] timeout
func bzpopminCommand(c *Client) error {
	return blockingZPop(c, c.Argv[1:len(c.Argv)-1], false, len(c.Argv)-1, -1, false, false)
}

// BZPOPMAX key [key ...] timeout
func bzpopmaxCommand(c *Client) error {
	return blockingZPop(c, c.Argv[1:len(c.Argv)-1], true, len(c.Argv)-1, -1, false, false)
}

// blockingZPop pops from the first non-empty sorted set of keys as ZPOPMIN
// or ZPOPMAX would (GenericZPop with the key in the reply), and propagates
// that form; when every set is empty it blocks (commands/blocking.go), or
// replies a null array where the client may not block. The timeout is
// argv[timeoutIdx], parsed first. Mirrors blockingGenericZpopCommand.
func blockingZPop(c *Client, keys [][]byte, max bool, timeoutIdx int, count int64, nested, nilWhenEmpty bool) error {
	timeout, err := c.parseTimeout(c.Argv[timeoutIdx])
	if err != nil {
		return err
	}
	for _, key := range c.readyKeys(keys) {
		z, err := c.lookupZSetWrite(key)
		if err != nil {
			return err
		}
		if z == nil || z.Len() == 0 {
			continue
		}
		llen := int64(z.Len())
		if _, _, err := GenericZPop(c, [][]byte{key}, max, true, count, nested, nilWhenEmpty); err != nil {
			return err
		}
		if count == -1 {
			c.RewriteArgv(zpopName(max), key)
		} else {
			c.RewriteArgv(zpopName(max), key, strconv.AppendInt(nil, min(count, llen), 10))
		}
		return nil
	}
	if c.blockForKeys("zset", keys, timeout) {
		return nil
	}
	c.ReplyNullArray()
	return nil
}

// zpopName is the command a pop propagates as.
func zpopName(max bool) []byte {
	if max {
		return []byte("ZPOPMAX")
	}
	return []byte("ZPOPMIN")
}

// ---------------------------------------------------------------------------
// ZRANDMEMBER

// zrandmemberSubStrategyMul is ZRANDMEMBER_SUB_STRATEGY_MUL: above
// count*3 > size, copying the set and removing random elements is cheaper
// than picking unique random ones.
const zrandmemberSubStrategyMul = 3

// ZRANDMEMBER key [count [WITHSCORES]]
//
// Which elements are chosen is random, as in Redis; the reply shapes, the
// order when the whole set is returned (highest first, as Redis iterates)
// and uniqueness for a positive count are Redis's.
func zrandmemberCommand(c *Client) error {
	if len(c.Argv) >= 3 {
		l, err := ParseInt(c.Argv[2])
		if err != nil {
			return err
		}
		if l == math.MinInt64 { // getRangeLongFromObjectOrReply(-LONG_MAX, LONG_MAX)
			return ErrCountOutOfRange
		}
		withScores := false
		if len(c.Argv) > 4 || (len(c.Argv) == 4 && !strings.EqualFold(string(c.Argv[3]), "withscores")) {
			return ErrSyntax
		}
		if len(c.Argv) == 4 {
			withScores = true
			if l < -math.MaxInt64/2 || l > math.MaxInt64/2 {
				return ErrZOutOfRange
			}
		}
		return zrandmemberWithCount(c, l, withScores)
	}
	z, err := c.lookupZSetRead(c.Argv[1])
	if err != nil {
		return err
	}
	if z == nil {
		c.ReplyNull()
		return nil
	}
	c.ReplyBulkString(z.ByRank(c.Srv.Rand.IntN(z.Len())).Member)
	return nil
}

// zrandmemberWithCount implements ZRANDMEMBER with a count
// (zrandmemberWithCountCommand): a negative count may repeat elements.
func zrandmemberWithCount(c *Client, l int64, withScores bool) error {
	z, err := c.lookupZSetRead(c.Argv[1])
	if err != nil {
		return err
	}
	if z == nil {
		c.ReplyArrayLen(0)
		return nil
	}
	size := uint64(z.Len())
	count, uniq := uint64(l), true
	if l < 0 {
		count, uniq = uint64(-l), false // -MinInt64 wraps to 2^63, as in C
	}
	if count == 0 {
		c.ReplyArrayLen(0)
		return nil
	}
	header := func(n uint64) {
		if withScores && c.Proto != 3 {
			n *= 2
		}
		c.ReplyArrayLen(int(n))
	}
	rnd := c.Srv.Rand
	// Repetitions allowed (or a single element): independent picks.
	if !uniq || count == 1 {
		header(count)
		for ; count > 0; count-- {
			x := z.ByRank(rnd.IntN(int(size)))
			c.replyScoredMember(x.Member, x.Score, withScores, true)
		}
		return nil
	}
	// The whole set, in Redis's iteration order (highest first).
	if count >= size {
		header(size)
		for x := z.Last(); x != nil; x = x.Prev() {
			c.replyScoredMember(x.Member, x.Score, withScores, true)
		}
		return nil
	}
	header(count)
	if count*zrandmemberSubStrategyMul > size {
		// Most of the set: drop size-count random ranks and reply with the
		// rest. Partial Fisher-Yates over the ranks.
		ranks := make([]int, size)
		for i := range ranks {
			ranks[i] = i
		}
		for i := 0; i < int(count); i++ {
			j := i + rnd.IntN(int(size)-i)
			ranks[i], ranks[j] = ranks[j], ranks[i]
		}
		for _, r := range ranks[:count] {
			x := z.ByRank(r)
			c.replyScoredMember(x.Member, x.Score, withScores, true)
		}
		return nil
	}
	// A small sample: pick random ranks, skipping repeats.
	seen := make(map[int]struct{}, count)
	for uint64(len(seen)) < count {
		r := rnd.IntN(int(size))
		if _, dup := seen[r]; dup {
			continue
		}
		seen[r] = struct{}{}
		x := z.ByRank(r)
		c.replyScoredMember(x.Member, x.Score, withScores, true)
	}
	return nil
}

// ---------------------------------------------------------------------------
// ZUNION, ZINTER, ZDIFF, ZINTERCARD and the STORE forms

// Set operations (SET_OP_* in server.h).
type zsetOp int

const (
	zsetOpUnion zsetOp = iota
	zsetOpInter
	zsetOpDiff
)

// Aggregates of ZUNION and ZINTER (REDIS_AGGR_*).
const (
	zaggrSum = iota
	zaggrMin
	zaggrMax
)

// zsetOperand is one input of a set operation (zsetopsrc): a sorted set, a
// plain set whose members all score 1, or neither for a missing key; with
// its weight.
type zsetOperand struct {
	z      *store.ZSet
	set    setMembers
	v      store.Value // the value itself, to recognise a key given twice
	weight float64
}

// setMembers is what the set operations read of a plain set (store.Set,
// t_set.c's type): members by position 0..Len()-1 and membership.
type setMembers interface {
	store.Value
	Len() int
	Has(member []byte) bool
	Member(i int) string
}

// lookupZSetOperand looks key up for ZUNION and friends: a sorted set or a
// set, nil fields for a missing key, ErrWrongType for anything else.
func (c *Client) lookupZSetOperand(key []byte) (zsetOperand, error) {
	o := zsetOperand{weight: 1}
	e := c.LookupKeyRead(key)
	if e == nil {
		return o, nil
	}
	o.v = e.Value
	switch v := e.Value.(type) {
	case *store.ZSet:
		o.z = v
	case setMembers:
		if v.Type() != "set" {
			return o, ErrWrongType
		}
		o.set = v
	default:
		return o, ErrWrongType
	}
	return o, nil
}

func (o *zsetOperand) len() int {
	switch {
	case o.z != nil:
		return o.z.Len()
	case o.set != nil:
		return o.set.Len()
	}
	return 0
}

// find returns member's score in the operand (unweighted): 1 in a set.
func (o *zsetOperand) find(member string) (float64, bool) {
	switch {
	case o.z != nil:
		return o.z.Score([]byte(member))
	case o.set != nil:
		return 1, o.set.Has([]byte(member))
	}
	return 0, false
}

// each calls fn for every element until fn returns false: a sorted set from
// the highest down, as zuiNext walks; a set in its own order, scoring 1.
func (o *zsetOperand) each(fn func(member string, score float64) bool) {
	switch {
	case o.z != nil:
		for x := o.z.Last(); x != nil; x = x.Prev() {
			if !fn(x.Member, x.Score) {
				return
			}
		}
	case o.set != nil:
		for i, n := 0, o.set.Len(); i < n; i++ {
			if !fn(o.set.Member(i), 1) {
				return
			}
		}
	}
}

// zaggregate combines val into *target (zunionInterAggregate); a NaN sum
// (inf + -inf) becomes 0.
func zaggregate(target *float64, val float64, aggr int) {
	switch aggr {
	case zaggrSum:
		*target += val
		if math.IsNaN(*target) {
			*target = 0
		}
	case zaggrMin:
		if val < *target {
			*target = val
		}
	case zaggrMax:
		if val > *target {
			*target = val
		}
	}
}

// ZUNION numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX] [WITHSCORES]
func zunionCommand(c *Client) error { return zsetOpGenericCommand(c, nil, 1, zsetOpUnion, false) }

// ZINTER numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX] [WITHSCORES]
func zinterCommand(c *Client) error { return zsetOpGenericCommand(c, nil, 1, zsetOpInter, false) }

// ZDIFF numkeys key [key ...] [WITHSCORES]
func zdiffCommand(c *Client) error { return zsetOpGenericCommand(c, nil, 1, zsetOpDiff, false) }

// ZINTERCARD numkeys key [key ...] [LIMIT limit]
func zintercardCommand(c *Client) error { return zsetOpGenericCommand(c, nil, 1, zsetOpInter, true) }

// ZUNIONSTORE destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX]
func zunionstoreCommand(c *Client) error {
	return zsetOpGenericCommand(c, c.Argv[1], 2, zsetOpUnion, false)
}

// ZINTERSTORE destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX]
func zinterstoreCommand(c *Client) error {
	return zsetOpGenericCommand(c, c.Argv[1], 2, zsetOpInter, false)
}

// ZDIFFSTORE destination numkeys key [key ...]
func zdiffstoreCommand(c *Client) error {
	return zsetOpGenericCommand(c, c.Argv[1], 2, zsetOpDiff, false)
}

// zsetOpGenericCommand implements the union, intersection and difference
// commands (zunionInterDiffGenericCommand in t_zset.c). dstKey is the STORE
// destination or nil; numkeysIdx is the argv index of numkeys; cardOnly is
// ZINTERCARD.
//
// As in Redis the input keys are looked up (WRONGTYPE) before the options
// are parsed, and the inputs of a union or intersection are processed from
// the smallest, which fixes the order in which floating-point sums are
// taken.
func zsetOpGenericCommand(c *Client, dstKey []byte, numkeysIdx int, op zsetOp, cardOnly bool) error {
	argv := c.Argv
	setnum, err := ParseInt(argv[numkeysIdx])
	if err != nil {
		return err
	}
	if setnum < 1 {
		return errZNoInputKeys(c.Cmd.FullName)
	}
	if setnum > int64(len(argv)-numkeysIdx-1) {
		return ErrSyntax
	}
	src := make([]zsetOperand, setnum)
	j := numkeysIdx + 1
	for i := range src {
		if src[i], err = c.lookupZSetOperand(argv[j]); err != nil {
			return err
		}
		j++
	}
	aggr := zaggrSum
	withScores := false
	var limit int64
	for remaining := len(argv) - j; remaining > 0; remaining = len(argv) - j {
		opt := strings.ToLower(string(argv[j]))
		switch {
		case op != zsetOpDiff && !cardOnly && remaining >= len(src)+1 && opt == "weights":
			j++
			for i := range src {
				w, ok := parseScore(argv[j])
				if !ok {
					return ErrZWeightNotFloat
				}
				src[i].weight = w
				j++
			}
		case op != zsetOpDiff && !cardOnly && remaining >= 2 && opt == "aggregate":
			switch strings.ToLower(string(argv[j+1])) {
			case "sum":
				aggr = zaggrSum
			case "min":
				aggr = zaggrMin
			case "max":
				aggr = zaggrMax
			default:
				return ErrSyntax
			}
			j += 2
		case dstKey == nil && !cardOnly && opt == "withscores":
			withScores = true
			j++
		case cardOnly && remaining >= 2 && opt == "limit":
			n, err := ParseInt(argv[j+1])
			if err != nil || n < 0 {
				return ErrZLimitNegative
			}
			limit = n
			j += 2
		default:
			return ErrSyntax
		}
	}
	if op != zsetOpDiff {
		// Stable, as glibc's qsort is for arrays of this size.
		sortOperandsByLen(src)
	}

	if cardOnly {
		c.ReplyInt(zinterCard(src, limit))
		return nil
	}
	var dst *store.ZSet
	switch op {
	case zsetOpUnion:
		dst = zunion(src, aggr)
	case zsetOpInter:
		dst = zinter(src, aggr)
	default:
		dst = zdiff(src)
	}

	if dstKey != nil {
		events := [...]string{"zunionstore", "zinterstore", "zdiffstore"}
		if dst.Len() > 0 {
			dst.ConvertToListpackIfNeeded(c.zsetLimits())
			c.SetKey(dstKey, dst, false)
			c.Srv.Hooks.SignalKeyAsReady(c.DB, dstKey)
			c.ReplyInt(int64(dst.Len()))
			c.Notify('z', events[op], dstKey)
			c.Dirty++
		} else {
			c.ReplyInt(0)
			if c.DBDelete(c.DB, dstKey) {
				c.Notify('g', "del", dstKey)
				c.Dirty++
			}
		}
		return nil
	}
	n := dst.Len()
	if withScores && c.Proto != 3 {
		n *= 2
	}
	c.ReplyArrayLen(n)
	for x := dst.First(); x != nil; x = x.Next() {
		c.replyScoredMember(x.Member, x.Score, withScores, true)
	}
	return nil
}

// sortOperandsByLen orders operands by ascending cardinality, keeping the
// given order among equals.
func sortOperandsByLen(src []zsetOperand) {
	for i := 1; i < len(src); i++ {
		for k := i; k > 0 && src[k].len() < src[k-1].len(); k-- {
			src[k], src[k-1] = src[k-1], src[k]
		}
	}
}

// weighted returns w*s, with the NaN of 0*inf taken as 0.
func weighted(w, s float64) float64 {
	v := w * s
	if math.IsNaN(v) {
		return 0
	}
	return v
}

// zunion returns the union of src; each member's score aggregates its
// weighted scores in operand order.
func zunion(src []zsetOperand, aggr int) *store.ZSet {
	acc := make(map[string]float64)
	var order []string // first-seen order; the result is sorted anyway
	for i := range src {
		o := &src[i]
		o.each(func(m string, s float64) bool {
			v := weighted(o.weight, s)
			if cur, ok := acc[m]; ok {
				zaggregate(&cur, v, aggr)
				acc[m] = cur
			} else {
				acc[m] = v
				order = append(order, m)
			}
			return true
		})
	}
	dst := store.NewSkiplistZSet()
	for _, m := range order {
		dst.SetString(m, acc[m], store.ZSetLimits{})
	}
	return dst
}

// zinter returns the intersection of src, walking the smallest operand.
func zinter(src []zsetOperand, aggr int) *store.ZSet {
	dst := store.NewSkiplistZSet()
	src[0].each(func(m string, s float64) bool {
		score := weighted(src[0].weight, s)
		for j := 1; j < len(src); j++ {
			v, ok := src[j].find(m)
			if !ok {
				return true
			}
			zaggregate(&score, v*src[j].weight, aggr)
		}
		dst.SetString(m, score, store.ZSetLimits{})
		return true
	})
	return dst
}

// zinterCard counts the intersection of src, stopping at limit (0: none).
func zinterCard(src []zsetOperand, limit int64) int64 {
	var n int64
	src[0].each(func(m string, _ float64) bool {
		for j := 1; j < len(src); j++ {
			if _, ok := src[j].find(m); !ok {
				return true
			}
		}
		n++
		return limit == 0 || n < limit
	})
	return n
}

// zdiff returns the elements of src[0] that are in no other operand, with
// their scores in src[0].
func zdiff(src []zsetOperand) *store.ZSet {
	dst := store.NewSkiplistZSet()
	src[0].each(func(m string, s float64) bool {
		for j := 1; j < len(src); j++ {
			if src[j].v == src[0].v {
				return true // the same key again: everything is removed
			}
			if _, ok := src[j].find(m); ok {
				return true
			}
		}
		dst.SetString(m, s, store.ZSetLimits{})
		return true
	})
	return dst
}

// ---------------------------------------------------------------------------
// Key extraction for the movable-key commands (COMMAND GETKEYS)
