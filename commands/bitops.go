package commands

import (
	"math"
	"math/bits"

	"github.com/ember-db/ember/resp"
	"github.com/ember-db/ember/store"
)

// bitopsCommands returns the bit commands (bitops.c): SETBIT GETBIT BITCOUNT BITPOS BITOP BITFIELD BITFIELD_RO.
func bitopsCommands() []Impl {
	return []Impl{
		{Name: "setbit", Proc: setbitCommand},
		{Name: "getbit", Proc: getbitCommand},
		{Name: "bitcount", Proc: bitcountCommand},
		{Name: "bitpos", Proc: bitposCommand},
		{Name: "bitop", Proc: bitopCommand},
		{Name: "bitfield", Proc: bitfieldCommand},
		{Name: "bitfield_ro", Proc: bitfieldROCommand},
	}
}

// bitOffsetArg parses a bit offset. With hash, "#n" means n*bits (BITFIELD's
// type-width-relative offsets). Returns ErrBitOffset for a non-integer, a
// negative offset, or one whose byte lies at or beyond proto-max-bulk-len
// (not checked while loading). Mirrors getBitOffsetFromArgument.
func (c *Client) bitOffsetArg(arg []byte, hash bool, width int) (uint64, error) {
	p := arg
	useHash := false
	if hash && width > 0 && len(p) > 0 && p[0] == '#' {
		p = p[1:]
		useHash = true
	}
	n, ok := resp.ParseInt(p)
	if !ok {
		return 0, ErrBitOffset
	}
	if useHash {
		n *= int64(width) // wraps on overflow, as in Redis
	}
	if n < 0 || (!c.Srv.Loading && n>>3 >= c.Srv.Tunables.ProtoMaxBulkLen) {
		return 0, ErrBitOffset
	}
	return uint64(n), nil
}

// lookupStringForBit returns key's string for a bit write, creating it or
// growing it with zero bytes so that bit maxBit exists. dirty reports
// whether it was created or grew. The value is then reported "raw", as
// Redis unshares it (dbUnshareStringValue). Returns ErrWrongType.
// Mirrors lookupStringForBitCommand.
func (c *Client) lookupStringForBit(key []byte, maxBit uint64) (s *store.String, dirty bool, err error) {
	e, s, err := c.lookupStringWrite(key)
	if err != nil {
		return nil, false, err
	}
	n := int(maxBit>>3) + 1
	if e == nil {
		s = &store.String{B: make([]byte, n), Raw: true}
		c.DB.Add(key, s, c.Now)
		return s, true, nil
	}
	s.Raw, s.NoInt = true, false
	old := len(s.B)
	s.B = growZero(s.B, n)
	return s, len(s.B) != old, nil
}

// SETBIT key offset value
//
// Propagated only when the string was created, grew, or the bit changed.
func setbitCommand(c *Client) error {
	key := c.Argv[1]
	offset, err := c.bitOffsetArg(c.Argv[2], false, 0)
	if err != nil {
		return err
	}
	on, ok := resp.ParseInt(c.Argv[3])
	if !ok || on&^1 != 0 {
		return ErrBitValue
	}
	s, dirty, err := c.lookupStringForBit(key, offset)
	if err != nil {
		return err
	}
	byteIdx := offset >> 3
	shift := 7 - offset&7
	old := (s.B[byteIdx] >> shift) & 1
	if dirty || int64(old) != on {
		s.B[byteIdx] = s.B[byteIdx]&^(1<<shift) | byte(on)<<shift
		c.SignalModifiedKey(key)
		c.Notify('$', "setbit", key)
		c.Dirty++
	}
	c.ReplyInt(int64(old))
	return nil
}

// GETBIT key offset
func getbitCommand(c *Client) error {
	offset, err := c.bitOffsetArg(c.Argv[2], false, 0)
	if err != nil {
		return err
	}
	s, err := c.lookupString(c.Argv[1])
	if err != nil {
		return err
	}
	var bit byte
	if s != nil && offset>>3 < uint64(len(s.B)) {
		bit = (s.B[offset>>3] >> (7 - offset&7)) & 1
	}
	c.ReplyInt(int64(bit))
	return nil
}

// bitRangeMode parses BITCOUNT's and BITPOS's BYTE|BIT argument.
func bitRangeMode(arg []byte) (isBit bool, err error) {
	switch {
	case strTokenIs(arg, "bit"):
		return true, nil
	case strTokenIs(arg, "byte"):
		return false, nil
	}
	return false, ErrSyntax
}

// popcount returns the number of set bits in p.
func popcount(p []byte) int64 {
	var n int
	for len(p) >= 8 {
		n += bits.OnesCount64(uint64(p[0]) | uint64(p[1])<<8 | uint64(p[2])<<16 | uint64(p[3])<<24 |
			uint64(p[4])<<32 | uint64(p[5])<<40 | uint64(p[6])<<48 | uint64(p[7])<<56)
		p = p[8:]
	}
	for _, b := range p {
		n += bits.OnesCount8(b)
	}
	return int64(n)
}

// BITCOUNT key [start end [BYTE | BIT]]
//
// As in Redis 7.0, the key is looked up before the range is parsed: a
// missing key counts 0 whatever the other arguments.
func bitcountCommand(c *Client) error {
	s, err := c.lookupString(c.Argv[1])
	if err != nil {
		return err
	}
	if s == nil {
		c.ReplyInt(0)
		return nil
	}
	p := s.B
	var start, end int64
	var firstMask, lastMask byte
	switch len(c.Argv) {
	case 4, 5:
		if start, err = ParseInt(c.Argv[2]); err != nil {
			return err
		}
		if end, err = ParseInt(c.Argv[3]); err != nil {
			return err
		}
		isBit := false
		if len(c.Argv) == 5 {
			if isBit, err = bitRangeMode(c.Argv[4]); err != nil {
				return err
			}
		}
		total := int64(len(p))
		if isBit {
			total <<= 3
		}
		if start < 0 && end < 0 && start > end {
			c.ReplyInt(0)
			return nil
		}
		if start < 0 {
			start += total
		}
		if end < 0 {
			end += total
		}
		start, end = max(start, 0), max(end, 0)
		if end >= total {
			end = total - 1
		}
		if isBit && start <= end {
			// Masks of the bits of the edge bytes outside the range.
			firstMask = ^byte((1 << (8 - start&7)) - 1)
			lastMask = byte((1 << (7 - end&7)) - 1)
			start >>= 3
			end >>= 3
		}
	case 2:
		start, end = 0, int64(len(p))-1
	default:
		return ErrSyntax
	}
	if start > end {
		c.ReplyInt(0)
		return nil
	}
	n := popcount(p[start : end+1])
	n -= int64(bits.OnesCount8(p[start]&firstMask) + bits.OnesCount8(p[end]&lastMask))
	c.ReplyInt(n)
	return nil
}

// BITPOS key bit [start [end [BYTE | BIT]]]
//
// As in Redis 7.0, the bit argument is checked first, then the key is looked
// up, then the range parsed: a missing key answers 0 for bit 0 and -1 for
// bit 1 whatever the range arguments.
func bitposCommand(c *Client) error {
	bit, err := ParseInt(c.Argv[2])
	if err != nil {
		return err
	}
	if bit != 0 && bit != 1 {
		return ErrBitposBit
	}
	s, err := c.lookupString(c.Argv[1])
	if err != nil {
		return err
	}
	if s == nil {
		c.ReplyInt(-bit)
		return nil
	}
	p := s.B
	total := int64(len(p))
	var start, end int64
	isBit, endGiven := false, false
	switch len(c.Argv) {
	case 4, 5, 6:
		if start, err = ParseInt(c.Argv[3]); err != nil {
			return err
		}
		if len(c.Argv) == 6 {
			if isBit, err = bitRangeMode(c.Argv[5]); err != nil {
				return err
			}
		}
		if len(c.Argv) >= 5 {
			if end, err = ParseInt(c.Argv[4]); err != nil {
				return err
			}
			endGiven = true
		} else if isBit {
			end = total<<3 + 7
		} else {
			end = total - 1
		}
		if isBit {
			total <<= 3
		}
		if start < 0 {
			start += total
		}
		if end < 0 {
			end += total
		}
		start, end = max(start, 0), max(end, 0)
		if end >= total {
			end = total - 1
		}
	case 3:
		start, end = 0, total-1
	default:
		return ErrSyntax
	}
	if start > end {
		c.ReplyInt(-1)
		return nil
	}
	// The range in bits, inclusive.
	sb, eb := start, end
	if !isBit {
		sb, eb = start<<3, end<<3+7
	}
	pos := findBit(p, sb, eb, byte(bit))
	if pos < 0 {
		// Nothing found. To the right of the string there are only zeros, so
		// without an explicit end the first clear bit is just past the range.
		if bit == 1 || endGiven {
			pos = -1
		} else {
			pos = eb + 1
		}
	}
	c.ReplyInt(pos)
	return nil
}

// findBit returns the index of the first bit equal to bit in bits sb..eb
// (inclusive, MSB first within each byte) of p, or -1.
func findBit(p []byte, sb, eb int64, bit byte) int64 {
	var skip byte // a byte made only of bits that are not wanted
	if bit == 0 {
		skip = 0xff
	}
	for i := sb; i <= eb; {
		if i&7 == 0 && i+7 <= eb {
			// Whole bytes: skip those without a wanted bit.
			b := i >> 3
			last := eb >> 3
			if eb&7 != 7 {
				last--
			}
			for b <= last && p[b] == skip {
				b++
			}
			if b > last {
				i = (last + 1) << 3
				continue
			}
			v := p[b]
			if bit == 0 {
				v = ^v
			}
			return b<<3 + int64(bits.LeadingZeros8(v))
		}
		if (p[i>>3]>>(7-i&7))&1 == bit {
			return i
		}
		i++
	}
	return -1
}

// BITOP <AND | OR | XOR | NOT> destkey key [key ...]
//
// Missing keys are zero-filled strings; the result is as long as the
// longest input. An empty result deletes destkey.
func bitopCommand(c *Client) error {
	op := c.Argv[1]
	var opcode int
	switch {
	case strTokenIs(op, "and"):
		opcode = 0
	case strTokenIs(op, "or"):
		opcode = 1
	case strTokenIs(op, "xor"):
		opcode = 2
	case strTokenIs(op, "not"):
		opcode = 3
	default:
		return ErrSyntax
	}
	if opcode == 3 && len(c.Argv) != 4 {
		return ErrBitopNot
	}
	dest := c.Argv[2]
	srcs := make([][]byte, 0, len(c.Argv)-3)
	maxLen := 0
	for _, key := range c.Argv[3:] {
		s, err := c.lookupString(key)
		if err != nil {
			return err
		}
		var b []byte
		if s != nil {
			b = s.B
		}
		srcs = append(srcs, b)
		maxLen = max(maxLen, len(b))
	}
	if maxLen > 0 {
		res := make([]byte, maxLen)
		switch opcode {
		case 3:
			for i, v := range srcs[0] {
				res[i] = ^v
			}
		case 0:
			copy(res, srcs[0])
			for _, src := range srcs[1:] {
				for i := range res {
					if i < len(src) {
						res[i] &= src[i]
					} else {
						res[i] = 0
					}
				}
			}
		default:
			copy(res, srcs[0])
			for _, src := range srcs[1:] {
				if opcode == 1 {
					for i, v := range src {
						res[i] |= v
					}
				} else {
					for i, v := range src {
						res[i] ^= v
					}
				}
			}
		}
		c.SetKey(dest, &store.String{B: res, Raw: true}, false)
		c.Notify('$', "set", dest)
		c.Dirty++
	} else if c.DB.Delete(dest) {
		// Redis's dbDelete here does not look at the expire: a logically
		// expired destination is removed (and the BITOP propagated) too.
		c.SignalModifiedKey(dest)
		c.Notify('g', "del", dest)
		c.Dirty++
	}
	c.ReplyInt(int64(maxLen))
	return nil
}

// BITFIELD and BITFIELD_RO.

// Overflow behaviours of BITFIELD's OVERFLOW.
const (
	bfWrap = iota
	bfSat
	bfFail
)

// Operations of BITFIELD.
const (
	bfGet = iota
	bfSet
	bfIncrBy
)

// bitfieldOp is one parsed BITFIELD operation.
type bitfieldOp struct {
	offset   uint64 // in bits
	value    int64  // SET's value or INCRBY's increment
	opcode   int
	overflow int
	width    int // 1..64 signed, 1..63 unsigned
	signed   bool
}

// bitfieldTypeArg parses a BITFIELD type: i1..i64 or u1..u63, the letter in
// lower case only. The width ends at the first NUL, as Redis reads it with
// strlen. Returns ErrBitfieldType.
func bitfieldTypeArg(arg []byte) (signed bool, width int, err error) {
	if len(arg) == 0 {
		return false, 0, ErrBitfieldType
	}
	switch arg[0] {
	case 'i':
		signed = true
	case 'u':
	default:
		return false, 0, ErrBitfieldType
	}
	digits := arg[1:]
	for i, ch := range digits {
		if ch == 0 {
			digits = digits[:i]
			break
		}
	}
	n, ok := resp.ParseInt(digits)
	if !ok || n < 1 || (signed && n > 64) || (!signed && n > 63) {
		return false, 0, ErrBitfieldType
	}
	return signed, int(n), nil
}

// BITFIELD key [GET encoding offset | [OVERFLOW <WRAP | SAT | FAIL>]
// <SET encoding offset value | INCRBY encoding offset increment>
// [GET encoding offset | [OVERFLOW <WRAP | SAT | FAIL>]
// <SET encoding offset value | INCRBY encoding offset increment> ...]]
//
// Propagated as is when a SET or INCRBY changed a value or the string was
// created or grew. As in Redis, a write that fails under OVERFLOW FAIL still
// creates or grows the string, without propagating.
func bitfieldCommand(c *Client) error { return bitfieldGeneric(c, false) }

// BITFIELD_RO key [GET encoding offset [GET encoding offset ...]]
func bitfieldROCommand(c *Client) error { return bitfieldGeneric(c, true) }

// bitfieldGeneric mirrors bitfieldGeneric in Redis's bitops.c: parse every
// operation, then look up (or create) the string once, then run them in
// order.
func bitfieldGeneric(c *Client, readOnlyCmd bool) error {
	var ops []bitfieldOp
	overflow := bfWrap
	readOnly := true
	var highestWrite uint64
	argv := c.Argv
	for j := 2; j < len(argv); j++ {
		remArgs := len(argv) - j - 1
		sub := argv[j]
		var opcode int
		switch {
		case remArgs >= 2 && strTokenIs(sub, "get"):
			opcode = bfGet
		case remArgs >= 3 && strTokenIs(sub, "set"):
			opcode = bfSet
		case remArgs >= 3 && strTokenIs(sub, "incrby"):
			opcode = bfIncrBy
		case remArgs >= 1 && strTokenIs(sub, "overflow"):
			j++
			switch name := argv[j]; {
			case strTokenIs(name, "wrap"):
				overflow = bfWrap
			case strTokenIs(name, "sat"):
				overflow = bfSat
			case strTokenIs(name, "fail"):
				overflow = bfFail
			default:
				return ErrBitfieldOverflowType
			}
			continue
		default:
			return ErrSyntax
		}
		signed, width, err := bitfieldTypeArg(argv[j+1])
		if err != nil {
			return err
		}
		offset, err := c.bitOffsetArg(argv[j+2], true, width)
		if err != nil {
			return err
		}
		var value int64
		if opcode != bfGet {
			readOnly = false
			highestWrite = max(highestWrite, offset+uint64(width)-1)
			if value, err = ParseInt(argv[j+3]); err != nil {
				return err
			}
			j++
		}
		ops = append(ops, bitfieldOp{offset: offset, value: value, opcode: opcode,
			overflow: overflow, width: width, signed: signed})
		j += 2
	}

	var s *store.String
	var dirty bool
	if readOnly {
		var err error
		if s, err = c.lookupString(argv[1]); err != nil {
			return err
		}
	} else {
		if readOnlyCmd {
			return ErrBitfieldRO
		}
		var err error
		if s, dirty, err = c.lookupStringForBit(argv[1], highestWrite); err != nil {
			return err
		}
	}

	c.ReplyArrayLen(len(ops))
	changes := int64(0)
	for _, op := range ops {
		if op.opcode == bfGet {
			// Read through a zero-padded copy of the 9 bytes that can hold
			// the field, so reads past the end of the string see zeros.
			var buf [9]byte
			first := op.offset >> 3
			if s != nil && first < uint64(len(s.B)) {
				copy(buf[:], s.B[first:])
			}
			off := op.offset - first*8
			if op.signed {
				c.ReplyInt(getSignedBitfield(buf[:], off, op.width))
			} else {
				c.ReplyInt(int64(getUnsignedBitfield(buf[:], off, op.width)))
			}
			continue
		}
		if op.signed {
			oldVal := getSignedBitfield(s.B, op.offset, op.width)
			var newVal, ret int64
			var over bool
			if op.opcode == bfIncrBy {
				var wrapped int64
				over, wrapped = checkSignedBitfieldOverflow(oldVal, op.value, op.width, op.overflow)
				newVal = oldVal + op.value
				if over {
					newVal = wrapped
				}
				ret = newVal
			} else {
				newVal = op.value
				var wrapped int64
				if over, wrapped = checkSignedBitfieldOverflow(newVal, 0, op.width, op.overflow); over {
					newVal = wrapped
				}
				ret = oldVal
			}
			if over && op.overflow == bfFail {
				c.ReplyNull()
				continue
			}
			c.ReplyInt(ret)
			setUnsignedBitfield(s.B, op.offset, op.width, uint64(newVal))
			if dirty || oldVal != newVal {
				changes++
			}
		} else {
			oldVal := getUnsignedBitfield(s.B, op.offset, op.width)
			var newVal, ret uint64
			var over bool
			if op.opcode == bfIncrBy {
				var wrapped uint64
				newVal = oldVal + uint64(op.value)
				if over, wrapped = checkUnsignedBitfieldOverflow(oldVal, op.value, op.width, op.overflow); over {
					newVal = wrapped
				}
				ret = newVal
			} else {
				newVal = uint64(op.value)
				var wrapped uint64
				if over, wrapped = checkUnsignedBitfieldOverflow(newVal, 0, op.width, op.overflow); over {
					newVal = wrapped
				}
				ret = oldVal
			}
			if over && op.overflow == bfFail {
				c.ReplyNull()
				continue
			}
			c.ReplyInt(int64(ret))
			setUnsignedBitfield(s.B, op.offset, op.width, newVal)
			if dirty || oldVal != newVal {
				changes++
			}
		}
	}
	if changes > 0 {
		c.SignalModifiedKey(argv[1])
		c.Notify('$', "setbit", argv[1])
		c.Dirty += changes
	}
	return nil
}

// getUnsignedBitfield reads width bits of p at bit offset, MSB first.
func getUnsignedBitfield(p []byte, offset uint64, width int) uint64 {
	var v uint64
	for j := 0; j < width; j++ {
		v = v<<1 | uint64(p[offset>>3]>>(7-offset&7))&1
		offset++
	}
	return v
}

// getSignedBitfield reads width bits of p at bit offset as a two's
// complement integer.
func getSignedBitfield(p []byte, offset uint64, width int) int64 {
	v := int64(getUnsignedBitfield(p, offset, width))
	if width < 64 && v&(1<<(width-1)) != 0 {
		v |= -1 << width
	}
	return v
}

// setUnsignedBitfield writes the low width bits of v into p at bit offset,
// MSB first.
func setUnsignedBitfield(p []byte, offset uint64, width int, v uint64) {
	for j := 0; j < width; j++ {
		bit := byte(v>>(width-1-j)) & 1
		shift := 7 - offset&7
		p[offset>>3] = p[offset>>3]&^(1<<shift) | bit<<shift
		offset++
	}
}

// checkSignedBitfieldOverflow reports whether value+incr overflows a signed
// field of width bits and, for WRAP and SAT, the value to store instead.
// Mirrors checkSignedBitfieldOverflow, quirks included.
func checkSignedBitfieldOverflow(value, incr int64, width, overflow int) (bool, int64) {
	maxV := int64(math.MaxInt64)
	if width != 64 {
		maxV = 1<<(width-1) - 1
	}
	minV := -maxV - 1
	maxIncr := int64(uint64(maxV) - uint64(value))
	minIncr := minV - value
	wrap := func() int64 {
		msb := uint64(1) << (width - 1)
		r := uint64(value) + uint64(incr)
		if width < 64 {
			mask := ^uint64(0) << width
			if r&msb != 0 {
				r |= mask
			} else {
				r &^= mask
			}
		}
		return int64(r)
	}
	if value > maxV || (width != 64 && incr > maxIncr) || (value >= 0 && incr > 0 && incr > maxIncr) {
		switch overflow {
		case bfWrap:
			return true, wrap()
		case bfSat:
			return true, maxV
		}
		return true, 0
	}
	if value < minV || (width != 64 && incr < minIncr) || (value < 0 && incr < 0 && incr < minIncr) {
		switch overflow {
		case bfWrap:
			return true, wrap()
		case bfSat:
			return true, minV
		}
		return true, 0
	}
	return false, 0
}

// checkUnsignedBitfieldOverflow is checkSignedBitfieldOverflow for unsigned
// fields. Mirrors checkUnsignedBitfieldOverflow.
func checkUnsignedBitfieldOverflow(value uint64, incr int64, width, overflow int) (bool, uint64) {
	maxV := uint64(1)<<width - 1
	maxIncr := int64(maxV - value)
	minIncr := -int64(value)
	wrap := func() uint64 {
		mask := ^uint64(0) << width
		return (value + uint64(incr)) &^ mask
	}
	if value > maxV || (incr > 0 && incr > maxIncr) {
		switch overflow {
		case bfWrap:
			return true, wrap()
		case bfSat:
			return true, maxV
		}
		return true, 0
	}
	if incr < 0 && incr < minIncr {
		switch overflow {
		case bfWrap:
			return true, wrap()
		case bfSat:
			return true, 0
		}
		return true, 0
	}
	return false, 0
}
