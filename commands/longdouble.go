package commands

import (
	"math/big"
	"strings"
)

// Redis computes HINCRBYFLOAT (and INCRBYFLOAT) in C's long double, which on
// x86-64 Linux is the x87 80-bit extended format: a 64-bit significand and
// exponents from -16382 (normal) down to -16445 (subnormal) up to 16383.
// Replies are formatted "%.17Lf" with trailing zeros trimmed. float64 gives
// visibly different answers (0.1+0.2 is "0.3" in Redis, not
// "0.30000000000000004"), so this file emulates the format with math/big:
// every value is a *big.Float holding exactly an extended-precision number,
// and each operation rounds once, to nearest even, as the FPU does.

const (
	ldMantBits = 64
	// ldMaxExp and ldMinNormExp bound the MantExp exponent (x = m × 2^e,
	// 0.5 <= |m| < 1) of finite normal numbers.
	ldMaxExp     = 16384
	ldMinNormExp = -16381
	// ldSubnormalUlpExp is the exponent of the smallest subnormal, 2^-16445.
	ldSubnormalUlpExp = -16445
	// ldMaxChars is Redis's MAX_LONG_DOUBLE_CHARS: longer input is rejected.
	ldMaxChars = 5 * 1024
)

// parseLongDouble parses b as Redis's string2ld: C's strtold over the whole
// string (decimal, hexadecimal "0x1.8p3", "inf"/"infinity" in any case),
// rejecting a leading space, trailing bytes, NaN, overflow to infinity and
// underflow to zero. It reports false on rejection.
func parseLongDouble(b []byte) (*big.Float, bool) {
	if len(b) == 0 || len(b) >= ldMaxChars || isSpaceByte(b[0]) {
		return nil, false
	}
	s := string(b)
	neg := false
	switch s[0] {
	case '-':
		neg = true
		s = s[1:]
	case '+':
		s = s[1:]
	}
	if ls := strings.ToLower(s); ls == "inf" || ls == "infinity" {
		return new(big.Float).SetInf(neg), true
	}
	var r *big.Rat
	var ok bool
	if len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		r, ok = parseHexRat(s[2:])
	} else {
		r, ok = parseDecimalRat(s)
	}
	if !ok {
		return nil, false
	}
	if r.Sign() == 0 {
		f := new(big.Float).SetPrec(ldMantBits)
		if neg {
			f.Neg(f)
		}
		return f, true
	}
	if neg {
		r.Neg(r)
	}
	f, ok := roundLongDouble(r)
	if !ok || f.Sign() == 0 {
		return nil, false // strtold's ERANGE: infinity or zero
	}
	return f, true
}

// parseDecimalRat parses digits [. digits] [e [sign] digits], with at least
// one mantissa digit, into an exact rational. Values far outside the
// extended range are rejected before any big arithmetic is done.
func parseDecimalRat(s string) (*big.Rat, bool) {
	i := 0
	var mant []byte
	frac, digits := 0, 0
	for ; i < len(s) && isDigit(s[i]); i++ {
		mant = append(mant, s[i])
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for ; i < len(s) && isDigit(s[i]); i++ {
			mant = append(mant, s[i])
			digits++
			frac++
		}
	}
	if digits == 0 {
		return nil, false
	}
	exp := int64(0)
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		e, n, ok := parseExponent(s[i+1:])
		if !ok {
			return nil, false
		}
		exp = e
		i += 1 + n
	}
	if i != len(s) {
		return nil, false
	}
	for len(mant) > 0 && mant[0] == '0' {
		mant = mant[1:]
	}
	if len(mant) == 0 {
		return new(big.Rat), true
	}
	// The value is in [10^(mag-1), 10^mag). The extended range is about
	// 3.6e-4951 to 1.2e4932; everything between the bounds is decided
	// exactly by roundLongDouble.
	e10 := exp - int64(frac)
	mag := int64(len(mant)) + e10
	if mag > 4940 || mag < -4960 {
		return nil, false
	}
	m, _ := new(big.Int).SetString(string(mant), 10)
	p := new(big.Int).Exp(big.NewInt(10), big.NewInt(abs64(e10)), nil)
	if e10 >= 0 {
		return new(big.Rat).SetInt(m.Mul(m, p)), true
	}
	return new(big.Rat).SetFrac(m, p), true
}

// parseHexRat parses the part of a hexadecimal float after "0x": hexdigits
// [. hexdigits] [p [sign] digits], with at least one digit.
func parseHexRat(s string) (*big.Rat, bool) {
	i := 0
	m := new(big.Int)
	frac, digits := 0, 0
	for ; i < len(s) && hexVal(s[i]) >= 0; i++ {
		m.Lsh(m, 4).Or(m, big.NewInt(int64(hexVal(s[i]))))
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for ; i < len(s) && hexVal(s[i]) >= 0; i++ {
			m.Lsh(m, 4).Or(m, big.NewInt(int64(hexVal(s[i]))))
			digits++
			frac++
		}
	}
	if digits == 0 {
		return nil, false
	}
	exp := int64(0)
	if i < len(s) && (s[i] == 'p' || s[i] == 'P') {
		e, n, ok := parseExponent(s[i+1:])
		if !ok {
			return nil, false
		}
		exp = e
		i += 1 + n
	}
	if i != len(s) {
		return nil, false
	}
	if m.Sign() == 0 {
		return new(big.Rat), true
	}
	e2 := exp - 4*int64(frac)
	mag := int64(m.BitLen()) + e2
	if mag > ldMaxExp+2 || mag < ldSubnormalUlpExp-2 {
		return nil, false
	}
	r := new(big.Rat).SetInt(m)
	p := new(big.Int).Lsh(big.NewInt(1), uint(abs64(e2)))
	if e2 >= 0 {
		return r.Mul(r, new(big.Rat).SetInt(p)), true
	}
	return r.Quo(r, new(big.Rat).SetInt(p)), true
}

// parseExponent parses [sign] digits at the start of s and returns the value
// (saturated far beyond any meaningful exponent) and the bytes consumed.
func parseExponent(s string) (int64, int, bool) {
	i, neg := 0, false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	start := i
	var e int64
	for ; i < len(s) && isDigit(s[i]); i++ {
		if e < 1e9 {
			e = e*10 + int64(s[i]-'0')
		}
	}
	if i == start {
		return 0, 0, false
	}
	if neg {
		e = -e
	}
	return e, i, true
}

// roundLongDouble rounds the exact nonzero value r to the nearest extended
// precision number (subnormals included). It reports false on overflow; a
// value below half the smallest subnormal rounds to zero.
func roundLongDouble(r *big.Rat) (*big.Float, bool) {
	f := new(big.Float).SetPrec(ldMantBits).SetRat(r)
	e := f.MantExp(nil)
	if e > ldMaxExp {
		return nil, false
	}
	if e >= ldMinNormExp {
		return f, true
	}
	// Subnormal: the precision shrinks so that the last bit stays 2^-16445.
	// The exponent of the exact value decides how many bits remain.
	e = new(big.Float).SetPrec(256).SetRat(r).MantExp(nil)
	p := e - ldSubnormalUlpExp
	if p <= 0 {
		// Below the smallest subnormal: it rounds to it when above half
		// of it (p == 0 means |r| is in [2^-16446, 2^-16445)), else to 0.
		z := new(big.Float).SetPrec(ldMantBits)
		half := new(big.Rat).SetFrac(big.NewInt(1), new(big.Int).Lsh(big.NewInt(1), -ldSubnormalUlpExp+1))
		if p == 0 && new(big.Rat).Abs(r).Cmp(half) > 0 {
			z.SetMantExp(big.NewFloat(0.5), ldSubnormalUlpExp+1)
		}
		if r.Sign() < 0 {
			z.Neg(z)
		}
		return z, true
	}
	f = new(big.Float).SetPrec(uint(p)).SetRat(r)
	return f.SetPrec(ldMantBits), true
}

// addLongDouble returns a+b rounded as the x87 FPU does, and false when the
// result is infinite or NaN. Both inputs are finite extended values.
func addLongDouble(a, b *big.Float) (*big.Float, bool) {
	if a.IsInf() || b.IsInf() {
		return nil, false
	}
	sum := new(big.Float).SetPrec(ldMantBits).Add(a, b)
	if sum.Sign() == 0 {
		return sum, true
	}
	e := sum.MantExp(nil)
	if e > ldMaxExp {
		return nil, false
	}
	if e >= ldMinNormExp {
		return sum, true
	}
	ra, _ := a.Rat(nil)
	rb, _ := b.Rat(nil)
	exact := new(big.Rat).Add(ra, rb)
	if exact.Sign() == 0 {
		return new(big.Float).SetPrec(ldMantBits), true
	}
	return roundLongDouble(exact)
}

// formatLongDoubleHuman formats f as Redis's ld2string in LD_STR_HUMAN mode:
// "%.17Lf" with the trailing zeros (and a trailing '.') removed, "-0" as "0",
// and "inf"/"-inf" for infinities.
func formatLongDoubleHuman(f *big.Float) string {
	if f.IsInf() {
		if f.Sign() > 0 {
			return "inf"
		}
		return "-inf"
	}
	s := f.Text('f', 17)
	if strings.IndexByte(s, '.') >= 0 {
		s = strings.TrimRight(s, "0")
		s = strings.TrimSuffix(s, ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

func abs64(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}
