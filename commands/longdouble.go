package commands

import (
	"math/big"
)

// INCRBYFLOAT computes in C's long double, which on x86-64 (the platform
// Redis is built for and compared against) is the x87 80-bit extended
// format: a 64-bit mantissa and a 15-bit exponent. These helpers emulate it
// with math/big at 64 bits of precision, rounding to nearest even as the x87
// unit does, so that INCRBYFLOAT's replies match Redis digit for digit
// (0.1 + 0.2 is "0.3" there, where float64 would give 0.30000000000000004).
// Parsing is exact then rounded once, as glibc's strtold. In the subnormal
// range (below about 3.4e-4932) the emulation keeps bits the x87 unit drops;
// such values print as "0" either way, so only the exact underflow boundary
// of the parser can differ.
const (
	// ldPrec is the long double mantissa width in bits.
	ldPrec = 64
	// ldMaxExp is the big.Float exponent (mantissa in [0.5, 1)) of the
	// largest finite long double, about 1.19e4932.
	ldMaxExp = 16384
	// ldHalfMinExp is the big.Float exponent of half the smallest denormal
	// (2^-16446 = 0.5 * 2^-16445): strtold rounds anything not above it
	// to zero and reports ERANGE, which Redis rejects.
	ldHalfMinExp = -16445
	// ldMaxChars is Redis's MAX_LONG_DOUBLE_CHARS: string2ld rejects input
	// of this length or longer.
	ldMaxChars = 5 * 1024
)

// longDouble is a parsed long double: a finite value, or an infinity when
// inf is +1 or -1.
type longDouble struct {
	f   *big.Float
	inf int
}

// parseLongDouble parses b as Redis's string2ld does: C's strtold grammar
// (decimal or 0x hexadecimal with an optional exponent, "inf", "infinity",
// an optional sign), the whole input consumed, no leading space, no NaN,
// and no value that overflows or underflows to zero. It reports false for
// any other input.
func parseLongDouble(b []byte) (longDouble, bool) {
	if len(b) == 0 || len(b) >= ldMaxChars || isSpaceByte(b[0]) {
		return longDouble{}, false
	}
	i := 0
	neg := false
	if b[0] == '+' || b[0] == '-' {
		neg = b[0] == '-'
		i++
	}
	rest := b[i:]
	if asciiEqualFold(rest, "inf") || asciiEqualFold(rest, "infinity") {
		if neg {
			return longDouble{inf: -1}, true
		}
		return longDouble{inf: 1}, true
	}
	if len(rest) > 2 && rest[0] == '0' && (rest[1] == 'x' || rest[1] == 'X') {
		return parseHexLongDouble(b)
	}
	// Decimal: digits [. digits] [e [sign] digits], at least one digit.
	mant := make([]byte, 0, len(rest)+1)
	if neg {
		mant = append(mant, '-')
	}
	j, digits, fracDigits := 0, 0, 0
	for ; j < len(rest) && ldIsDigit(rest[j]); j++ {
		mant = append(mant, rest[j])
		digits++
	}
	if j < len(rest) && rest[j] == '.' {
		for j++; j < len(rest) && ldIsDigit(rest[j]); j++ {
			mant = append(mant, rest[j])
			digits++
			fracDigits++
		}
	}
	if digits == 0 {
		return longDouble{}, false
	}
	var exp10 int64
	if j < len(rest) && (rest[j] == 'e' || rest[j] == 'E') {
		k := j + 1
		eneg := false
		if k < len(rest) && (rest[k] == '+' || rest[k] == '-') {
			eneg = rest[k] == '-'
			k++
		}
		if k == len(rest) || !ldIsDigit(rest[k]) {
			return longDouble{}, false // strtold stops before the 'e'
		}
		for ; k < len(rest) && ldIsDigit(rest[k]); k++ {
			if exp10 < 1<<40 { // saturate: far beyond any representable value
				exp10 = exp10*10 + int64(rest[k]-'0')
			}
		}
		if eneg {
			exp10 = -exp10
		}
		j = k
	}
	if j != len(rest) {
		return longDouble{}, false
	}
	n, ok := new(big.Int).SetString(string(mant), 10)
	if !ok {
		return longDouble{}, false
	}
	f := new(big.Float).SetPrec(ldPrec)
	if n.Sign() == 0 {
		if neg {
			f.Neg(f)
		}
		return longDouble{f: f}, true
	}
	exp10 -= int64(fracDigits)
	// Rule out magnitudes far outside the long double range before building
	// a power of ten: the value is below 10^(len(n)+exp10) and at least
	// 10^(len(n)-1+exp10).
	ndig := int64(len(n.String()))
	if neg {
		ndig--
	}
	switch {
	case ndig-1+exp10 > 4933:
		return longDouble{}, false // overflows to HUGE_VALL
	case ndig+exp10 < -4952:
		return longDouble{}, false // underflows to zero
	}
	// The exact rational n * 10^exp10, rounded once to 64 bits.
	r := new(big.Rat)
	p := new(big.Int).Exp(big.NewInt(10), big.NewInt(ldAbs(exp10)), nil)
	if exp10 >= 0 {
		r.SetInt(n.Mul(n, p))
	} else {
		r.SetFrac(n, p)
	}
	f.SetRat(r)
	return checkLongDoubleRange(f)
}

// parseHexLongDouble parses strtold's hexadecimal form: [sign] 0x hexdigits
// [. hexdigits] [p [sign] digits].
func parseHexLongDouble(b []byte) (longDouble, bool) {
	i := 0
	if b[0] == '+' || b[0] == '-' {
		i++
	}
	i += 2 // "0x"
	digits := 0
	for ; i < len(b) && ldIsHexDigit(b[i]); i++ {
		digits++
	}
	if i < len(b) && b[i] == '.' {
		for i++; i < len(b) && ldIsHexDigit(b[i]); i++ {
			digits++
		}
	}
	if digits == 0 {
		return longDouble{}, false // strtold reads "0" and stops at the 'x'
	}
	if i < len(b) && (b[i] == 'p' || b[i] == 'P') {
		k := i + 1
		if k < len(b) && (b[k] == '+' || b[k] == '-') {
			k++
		}
		if k == len(b) || !ldIsDigit(b[k]) {
			return longDouble{}, false
		}
		for k < len(b) && ldIsDigit(b[k]) {
			k++
		}
		if k-i > 12 {
			return longDouble{}, false // a binary exponent this long is out of range either way
		}
		i = k
	}
	if i != len(b) {
		return longDouble{}, false
	}
	f, _, err := new(big.Float).SetPrec(ldPrec).Parse(string(b), 0)
	if err != nil {
		return longDouble{}, false
	}
	return checkLongDoubleRange(f)
}

// checkLongDoubleRange rejects a value that strtold would report as ERANGE
// overflow or an underflow to zero.
func checkLongDoubleRange(f *big.Float) (longDouble, bool) {
	if f.Sign() == 0 {
		return longDouble{f: f}, true
	}
	m := new(big.Float)
	e := f.MantExp(m)
	if e > ldMaxExp {
		return longDouble{}, false
	}
	if e < ldHalfMinExp || (e == ldHalfMinExp && m.Abs(m).Cmp(big.NewFloat(0.5)) == 0) {
		return longDouble{}, false
	}
	return longDouble{f: f}, true
}

// ldZero returns a long double 0.
func ldZero() longDouble { return longDouble{f: new(big.Float).SetPrec(ldPrec)} }

// addLongDouble returns a+b rounded to a long double; ok is false when the
// sum is infinite or NaN (an infinite operand, or an overflow).
func addLongDouble(a, b longDouble) (*big.Float, bool) {
	if a.inf != 0 || b.inf != 0 {
		return nil, false
	}
	sum := new(big.Float).SetPrec(ldPrec).Add(a.f, b.f)
	if sum.Sign() != 0 && sum.MantExp(nil) > ldMaxExp {
		return nil, false
	}
	return sum, true
}

// appendLongDoubleHuman appends f as Redis's ld2string in LD_STR_HUMAN mode:
// "%.17Lf", trailing zeros after the point removed, then the point if
// nothing follows it, and "-0" written as "0".
func appendLongDoubleHuman(dst []byte, f *big.Float) []byte {
	start := len(dst)
	dst = f.Append(dst, 'f', 17)
	l := len(dst)
	for l > start && dst[l-1] == '0' {
		l--
	}
	if l > start && dst[l-1] == '.' {
		l--
	}
	dst = dst[:l]
	if string(dst[start:]) == "-0" {
		dst = append(dst[:start], '0')
	}
	return dst
}

func ldIsDigit(c byte) bool { return c >= '0' && c <= '9' }

func ldIsHexDigit(c byte) bool {
	return ldIsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

func ldAbs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// formatLongDoubleHuman is appendLongDoubleHuman into a new slice.
func formatLongDoubleHuman(f *big.Float) []byte {
	return appendLongDoubleHuman(make([]byte, 0, 32), f)
}
