package commands

import (
	"math"
	"strconv"
)

// Flags of the EXPIRE family (Redis's EXPIRE_NX ... EXPIRE_LT).
const (
	expireNX = 1 << iota // set only when the key has no expire
	expireXX             // set only when the key has an expire
	expireGT             // set only when the new expire is later
	expireLT             // set only when the new expire is earlier
)

// EXPIRE key seconds [NX | XX | GT | LT]
func expireCommand(c *Client) error { return expireGenericCommand(c, c.Now, 1000) }

// PEXPIRE key milliseconds [NX | XX | GT | LT]
func pexpireCommand(c *Client) error { return expireGenericCommand(c, c.Now, 1) }

// EXPIREAT key unix-time-seconds [NX | XX | GT | LT]
func expireatCommand(c *Client) error { return expireGenericCommand(c, 0, 1000) }

// PEXPIREAT key unix-time-milliseconds [NX | XX | GT | LT]
func pexpireatCommand(c *Client) error { return expireGenericCommand(c, 0, 1) }

// parseExpireFlags parses the EXPIRE family's flags, argv[3:]. Returns
// errUnsupportedOption for an unknown word, ErrExpireNXAndOthers or
// ErrExpireGTAndLT for a contradictory combination. Mirrors
// parseExtendedExpireArgumentsOrReply.
func parseExpireFlags(argv [][]byte) (int, error) {
	flags := 0
	for _, a := range argv {
		switch {
		case eqFold(a, "nx"):
			flags |= expireNX
		case eqFold(a, "xx"):
			flags |= expireXX
		case eqFold(a, "gt"):
			flags |= expireGT
		case eqFold(a, "lt"):
			flags |= expireLT
		default:
			return 0, errUnsupportedOption(a)
		}
	}
	if flags&expireNX != 0 && flags&(expireXX|expireGT|expireLT) != 0 {
		return 0, ErrExpireNXAndOthers
	}
	if flags&expireGT != 0 && flags&expireLT != 0 {
		return 0, ErrExpireGTAndLT
	}
	return flags, nil
}

// expireGenericCommand sets key's expire to basetime + argv[2]*unit, in
// absolute unix ms (unit is 1000 for seconds, 1 for ms; basetime is c.Now
// for relative forms, 0 for absolute ones). It replies 1 when the expire was
// set, 0 when the key is missing or a flag's condition fails. A time not in
// the future deletes the key: propagated as DEL and notified as "del".
// Otherwise the command is propagated as PEXPIREAT with the absolute time
// (flags kept) and notified as "expire".
//
// Errors, in Redis's order: errUnsupportedOption, ErrExpireNXAndOthers,
// ErrExpireGTAndLT, ErrNotInteger, errInvalidExpire when the time overflows.
// Mirrors expireGenericCommand in expire.c.
func expireGenericCommand(c *Client, basetime, unit int64) error {
	key := c.Argv[1]
	flags, err := parseExpireFlags(c.Argv[3:])
	if err != nil {
		return err
	}
	when, err := ParseInt(c.Argv[2])
	if err != nil {
		return err
	}
	if unit == 1000 {
		if when > math.MaxInt64/1000 || when < math.MinInt64/1000 {
			return errInvalidExpire(c.Cmd.FullName)
		}
		when *= 1000
	}
	if when > math.MaxInt64-basetime {
		return errInvalidExpire(c.Cmd.FullName)
	}
	when += basetime

	e := c.LookupKeyWrite(key)
	if e == nil {
		c.ReplyInt(0)
		return nil
	}
	current := e.Expire // 0: no expire, an infinite TTL for GT and LT
	switch {
	case flags&expireNX != 0 && current != 0,
		flags&expireXX != 0 && current == 0,
		flags&expireGT != 0 && (current == 0 || when <= current),
		flags&expireLT != 0 && current != 0 && when >= current:
		c.ReplyInt(0)
		return nil
	}

	if when <= c.Now && !c.Srv.Loading {
		c.DB.Delete(key)
		c.Dirty++
		c.RewriteArgv([]byte("DEL"), key)
		c.SignalModifiedKey(key)
		c.Notify('g', "del", key)
		c.ReplyInt(1)
		return nil
	}
	c.DB.SetExpire(e, when)
	if basetime != 0 || unit != 1 {
		argv := make([][]byte, len(c.Argv))
		copy(argv, c.Argv)
		argv[0] = []byte("PEXPIREAT")
		argv[2] = strconv.AppendInt(nil, when, 10)
		c.RewriteArgv(argv...)
	}
	c.SignalModifiedKey(key)
	c.Notify('g', "expire", key)
	c.Dirty++
	c.ReplyInt(1)
	return nil
}

// TTL key
func ttlCommand(c *Client) error { return ttlGenericCommand(c, false, false) }

// PTTL key
func pttlCommand(c *Client) error { return ttlGenericCommand(c, true, false) }

// EXPIRETIME key
func expiretimeCommand(c *Client) error { return ttlGenericCommand(c, false, true) }

// PEXPIRETIME key
func pexpiretimeCommand(c *Client) error { return ttlGenericCommand(c, true, true) }

// ttlGenericCommand replies key's remaining time to live (abs: its absolute
// expire time), in ms or in seconds rounded to the nearest; -2 for a missing
// key, -1 for a key without expire. Mirrors ttlGenericCommand.
func ttlGenericCommand(c *Client, ms, abs bool) error {
	e := c.lookupKeyReadNoTouch(c.Argv[1])
	if e == nil {
		c.ReplyInt(-2)
		return nil
	}
	if e.Expire == 0 {
		c.ReplyInt(-1)
		return nil
	}
	t := e.Expire
	if !abs {
		t -= c.Now
	}
	t = max(t, 0)
	if !ms {
		// Unsigned, so that an expire near math.MaxInt64 rounds as Redis's
		// build does instead of wrapping negative.
		t = int64((uint64(t) + 500) / 1000)
	}
	c.ReplyInt(t)
	return nil
}

// PERSIST key
// Removes key's expire; replies 1 if it had one, else 0. Notifies "persist".
func persistCommand(c *Client) error {
	key := c.Argv[1]
	e := c.LookupKeyWrite(key)
	if e == nil || !c.DB.Persist(e) {
		c.ReplyInt(0)
		return nil
	}
	c.SignalModifiedKey(key)
	c.Notify('g', "persist", key)
	c.Dirty++
	c.ReplyInt(1)
	return nil
}
