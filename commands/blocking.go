package commands

import (
	"math"
	"math/big"
)

// Blocking commands (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP, and the sorted
// set ones BZPOPMIN, BZPOPMAX, BZMPOP) follow one pattern, Redis 7.0's:
//
//  1. Parse every argument, the timeout with parseTimeout.
//  2. Try the keys with c.readyKeys(keys): normally the keys in argv order;
//     when the server serves a parked client, only the key that became ready
//     (Redis serves a blocked client from the key that was signalled).
//  3. If there is data, act exactly like the non-blocking form and rewrite
//     argv to it (BLPOP -> LPOP) for propagation.
//  4. Else call c.blockForKeys(type, keys, deadline). When it returns true the
//     client is parked: the handler returns nil WITHOUT writing a reply (the
//     only case where a handler may do so). The server re-runs the same
//     command when one of the keys receives a value of that type, or replies
//     a null array at the deadline. When it returns false the client may not
//     block (inside MULTI/EXEC or a script): reply as the command does at a
//     timeout, usually a null array.
//
// A sorted set command needs nothing else. BZPOPMIN, after parsing:
//
//	for _, key := range c.readyKeys(keys) { ...pop, reply, RewriteArgv("ZPOPMIN", key); return nil }
//	if c.blockForKeys("zset", keys, timeout) {
//		return nil
//	}
//	c.ReplyNullArray()
//	return nil

// parseTimeout parses a blocking command's timeout: seconds as a long
// double ("0.5", "1e2", "0x10" too, as strtold reads them); 0 blocks
// forever. It returns the absolute deadline in unix ms, or 0 for none.
// Mirrors getTimeoutFromObjectOrReply in Redis 7.0's timeout.c, including
// its corners: the seconds are multiplied by 1000 in long double and
// truncated, so a timeout below 1 ms (even a tiny negative one) means
// "forever"; infinity or a value too large for a 64-bit ms count is
// reported as negative (C's conversion gives LLONG_MIN; redis-server 7.0.15
// on amd64 also answers "negative" for exactly LLONG_MAX); a deadline that
// overflows never fires.
//
// Returns ErrTimeoutInvalid for a malformed number or NaN, ErrTimeoutNeg for
// a negative one.
func (c *Client) parseTimeout(arg []byte) (int64, error) {
	secs, ok := parseLongDouble(arg)
	if !ok {
		return 0, ErrTimeoutInvalid
	}
	if secs.inf != 0 {
		return 0, ErrTimeoutNeg
	}
	ms := new(big.Float).SetPrec(ldPrec).Mul(secs.f, big.NewFloat(1000))
	if ms.Cmp(new(big.Float).SetInt64(math.MaxInt64)) >= 0 || ms.Cmp(new(big.Float).SetInt64(math.MinInt64)) < 0 {
		return 0, ErrTimeoutNeg
	}
	tval, _ := ms.Int64() // truncates toward zero, as the C cast
	if tval < 0 {
		return 0, ErrTimeoutNeg
	}
	if tval == 0 {
		return 0, nil
	}
	if tval > math.MaxInt64-c.Now {
		return 0, nil // Redis's deadline wraps negative and never fires
	}
	return c.Now + tval, nil
}

// readyKeys returns the keys a blocking command should try: keys, or only
// the key the server is serving the parked client from.
func (c *Client) readyKeys(keys [][]byte) [][]byte {
	if c.ReadyKey != nil {
		return [][]byte{c.ReadyKey}
	}
	return keys
}

// blockForKeys parks the client until one of keys, in its db, holds a value
// of type typ ("list", "zset"), or until deadlineMs (absolute unix ms; 0 =
// forever). It reports false, parking nothing, when the client may not block
// (MULTI/EXEC, scripts); the handler then replies as at a timeout.
func (c *Client) blockForKeys(typ string, keys [][]byte, deadlineMs int64) bool {
	return c.Srv.Hooks.BlockForKeys(c, typ, keys, deadlineMs)
}
