package commands

import (
	"math"
	"math/big"
	"strconv"
	"strings"
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

// maxLongDoubleChars is Redis's MAX_LONG_DOUBLE_CHARS: longer numeric
// arguments are rejected before parsing.
const maxLongDoubleChars = 5 * 1024

// parseTimeout parses a blocking command's timeout: seconds as a float
// ("0.5", "1e2", "0x10" too, as C's strtold reads them); 0 blocks forever.
// It returns the absolute deadline in unix ms, or 0 for no deadline.
// Mirrors getTimeoutFromObjectOrReply in Redis 7.0's timeout.c, including
// its corners: the seconds are multiplied by 1000 and truncated, so a
// timeout below 1 ms (even a tiny negative one) means "forever"; a value
// too large for a 64-bit ms count is reported as negative; a deadline that
// overflows never fires.
//
// Returns ErrTimeoutInvalid for a malformed number or NaN, ErrTimeoutNeg for
// a negative one.
func (c *Client) parseTimeout(arg []byte) (int64, error) {
	secs, num, err := parseLongDouble(arg)
	if err != nil {
		return 0, ErrTimeoutInvalid
	}
	ms := secs * 1000
	if math.IsInf(ms, 0) {
		return 0, ErrTimeoutNeg // C converts it to LLONG_MIN
	}
	var tval int64
	if math.Abs(ms) < 1<<52 {
		tval = int64(ms) // truncates toward zero, as the C cast
	} else {
		// Near the int64 limits float64 is too coarse: redo the product
		// with a long double's 64-bit mantissa, as Redis computes it.
		f, _, err := big.ParseFloat(num, 0, 64, big.ToNearestEven)
		if err != nil {
			return 0, ErrTimeoutInvalid
		}
		f.Mul(f, big.NewFloat(1000))
		// Out of range, C's conversion gives LLONG_MIN. redis-server 7.0.15
		// (Debian, amd64) also answers "negative" for a product that
		// truncates to exactly LLONG_MAX, so that bound is inclusive.
		if f.Sign() < 0 || f.Cmp(new(big.Float).SetInt64(math.MaxInt64)) >= 0 {
			return 0, ErrTimeoutNeg
		}
		tval, _ = f.Int64()
	}
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

// parseLongDouble parses b as Redis's string2ld does with strtold: decimal
// or hexadecimal floats, "inf"/"infinity" in any case, a leading sign; no
// leading or trailing space, no NaN. Values beyond a long double's range
// (about 1e±4932) are errors; values beyond a float64's but within a long
// double's come back as ±Inf, values below a float64's smallest as 0.
//
// It also returns the number's text in the form Go's parsers accept.
func parseLongDouble(b []byte) (float64, string, error) {
	if len(b) == 0 || len(b) >= maxLongDoubleChars || isSpaceByte(b[0]) {
		return 0, "", ErrNotFloat
	}
	s := string(b)
	body := strings.TrimLeft(s, "+-")
	if len(s)-len(body) > 1 || strings.ContainsAny(s, "_ \t\r\n\v\f") {
		return 0, "", ErrNotFloat
	}
	low := strings.ToLower(body)
	if strings.HasPrefix(low, "nan") {
		return 0, "", ErrNotFloat
	}
	hex := strings.HasPrefix(low, "0x")
	if hex && !strings.ContainsAny(low, "p") {
		s += "p0" // strtold reads hex floats without a binary exponent
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		ne, ok := err.(*strconv.NumError)
		if !ok || ne.Err != strconv.ErrRange {
			return 0, "", ErrNotFloat
		}
		if !hex && decimalMagnitude(low) > 4932 {
			return 0, "", ErrNotFloat // overflows a long double too: HUGE_VAL
		}
		return f, s, nil
	}
	if f == 0 && !hex && decimalMagnitude(low) < -4951 && hasNonZeroDigit(low) {
		return 0, "", ErrNotFloat // underflows a long double: ERANGE with 0
	}
	return f, s, nil
}

// decimalMagnitude returns m such that the decimal number s (no sign, lower
// case, already known to be well formed) is d×10^m with 1 <= d < 10. The
// exponent saturates, so absurd exponents cannot overflow.
func decimalMagnitude(s string) int64 {
	mant, exp, _ := strings.Cut(s, "e")
	var e int64
	if exp != "" {
		neg := exp[0] == '-'
		for _, ch := range strings.TrimLeft(exp, "+-") {
			if e < 1e12 {
				e = e*10 + int64(ch-'0')
			}
		}
		if neg {
			e = -e
		}
	}
	intPart, frac, _ := strings.Cut(mant, ".")
	intPart = strings.TrimLeft(intPart, "0")
	if intPart != "" {
		return e + int64(len(intPart)) - 1
	}
	lead := len(frac) - len(strings.TrimLeft(frac, "0"))
	return e - int64(lead) - 1
}

func hasNonZeroDigit(s string) bool {
	mant, _, _ := strings.Cut(s, "e")
	return strings.ContainsAny(mant, "123456789")
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
