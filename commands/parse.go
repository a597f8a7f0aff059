package commands

import (
	"math"
	"strconv"

	"github.com/ember-db/ember/resp"
)

// ParseInt parses a 64-bit integer argument as Redis's string2ll (no '+', no
// spaces, no leading zeros). Returns ErrNotInteger.
func ParseInt(b []byte) (int64, error) {
	n, ok := resp.ParseInt(b)
	if !ok {
		return 0, ErrNotInteger
	}
	return n, nil
}

// ParseFloat parses a double argument as Redis's string2d/getDoubleFromObject:
// decimal or exponent form, "inf"/"-inf"/"+inf" in any case; no spaces, no
// NaN, no hex. Returns ErrNotFloat.
func ParseFloat(b []byte) (float64, error) {
	if len(b) == 0 || isSpaceByte(b[0]) || isSpaceByte(b[len(b)-1]) {
		return 0, ErrNotFloat
	}
	s := string(b)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == 'x' || c == 'X' || c == '_' || c == 'p' || c == 'P':
			return 0, ErrNotFloat // hex floats and Go digit separators are not C's strtod forms
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			// strtod overflows to HUGE_VAL, which Redis rejects as not a float.
			return 0, ErrNotFloat
		}
		return 0, ErrNotFloat
	}
	if math.IsNaN(f) {
		return 0, ErrNotFloat
	}
	return f, nil
}

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// parseIndexPair parses the start and end indexes of LRANGE, LTRIM and
// GETRANGE (both before the key is looked up, as Redis does). Returns
// ErrNotInteger.
func parseIndexPair(a, b []byte) (start, end int64, err error) {
	if start, err = ParseInt(a); err != nil {
		return 0, 0, err
	}
	if end, err = ParseInt(b); err != nil {
		return 0, 0, err
	}
	return start, end, nil
}
