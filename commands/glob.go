package commands

// Match reports whether s matches the glob pattern p with the semantics of
// Redis's stringmatchlen (util.c), which KEYS, SCAN MATCH, CONFIG GET,
// PSUBSCRIBE and SORT use:
//
//   - '*' matches any run of bytes, '?' any one byte;
//   - "[abc]", "[a-z]" (either order), "[^...]" negate; inside brackets '\'
//     escapes the next byte; an unterminated '[' matches up to the pattern's end;
//   - '\x' matches x literally;
//   - nocase folds ASCII letters, except after '\' inside brackets;
//   - an empty string matches only the empty pattern, not even "*" (callers
//     such as KEYS and SCAN short-cut a lone "*" before calling Match).
//
// Matching is iterative with backtracking only to the last '*', so hostile
// patterns cannot blow the stack; like Redis it gives up early once the
// string is exhausted.
func Match(p, s []byte, nocase bool) bool {
	if len(s) == 0 {
		return len(p) == 0 // stringmatchlen's loop never runs on an empty string
	}
	px, sx := 0, 0
	starP, starS := -1, -1
	for {
		if px < len(p) {
			switch c := p[px]; c {
			case '*':
				for px < len(p) && p[px] == '*' {
					px++
				}
				if px == len(p) {
					return true
				}
				starP, starS = px, sx
				continue
			case '?':
				if sx < len(s) {
					px++
					sx++
					continue
				}
			case '[':
				if sx < len(s) {
					if np, ok := matchClass(p, px, s[sx], nocase); ok {
						px = np
						sx++
						continue
					}
				}
			case '\\':
				if px+1 < len(p) {
					if sx < len(s) && eqByte(p[px+1], s[sx], nocase) {
						px += 2
						sx++
						continue
					}
					break
				}
				fallthrough
			default:
				if sx < len(s) && eqByte(c, s[sx], nocase) {
					px++
					sx++
					continue
				}
			}
		} else if sx == len(s) {
			return true
		}
		// Mismatch: retry from the last star, consuming one more byte.
		if starP < 0 || starS >= len(s) {
			return false
		}
		starS++
		px, sx = starP, starS
	}
}

// matchClass matches byte b against the bracket class at p[px] == '['. It
// returns the pattern index after the class and whether b is in it.
func matchClass(p []byte, px int, b byte, nocase bool) (int, bool) {
	px++
	not := px < len(p) && p[px] == '^'
	if not {
		px++
	}
	match := false
	for px < len(p) {
		switch {
		case p[px] == '\\' && px+1 < len(p):
			px++
			if p[px] == b { // Redis compares an escaped byte exactly, even with nocase
				match = true
			}
		case p[px] == ']':
			goto end
		case px+2 < len(p) && p[px+1] == '-':
			lo, hi := p[px], p[px+2]
			if lo > hi {
				lo, hi = hi, lo
			}
			c := b
			if nocase {
				lo, hi, c = toLower(lo), toLower(hi), toLower(c)
			}
			px += 2
			if c >= lo && c <= hi {
				match = true
			}
		default:
			if eqByte(p[px], b, nocase) {
				match = true
			}
		}
		px++
	}
	// An unterminated class: Redis treats the end of the pattern as its end.
	px--
end:
	if not {
		match = !match
	}
	return px + 1, match
}

func eqByte(a, b byte, nocase bool) bool {
	if nocase {
		return toLower(a) == toLower(b)
	}
	return a == b
}

func toLower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
