package commands

import "testing"

// TestMatch checks Match against Redis 7.0's stringmatchlen. Every expected
// value was taken from a real redis-server 7.0.15 (KEYS pattern on a db that
// holds only the key; for pattern "*" KEYS short-cuts, which this table
// records as Match's own answer, false).
func TestMatch(t *testing.T) {
	cases := []struct {
		pattern, s string
		want       bool
	}{
		{"", "", true},
		{"", "a", false},
		{"a", "", false},
		{"*", "", false},
		{"**", "", false},
		{"?", "", false},
		{"*?", "", false},
		{"[a]", "", false},
		{"\\", "", false},
		{"a", "a", true},
		{"a", "b", false},
		{"a", "A", false},
		{"abc", "abc", true},
		{"abc", "abcd", false},
		{"abcd", "abc", false},
		{"*", "anything", true},
		{"**", "x", true},
		{"a*", "a", true},
		{"a*", "abc", true},
		{"a*c", "abc", true},
		{"a*c", "abcd", false},
		{"a*c", "ac", true},
		{"*a", "ba", true},
		{"*a", "ab", false},
		{"*a*", "bab", true},
		{"a*b*c", "aXbYc", true},
		{"a*b*c", "aXcYb", false},
		{"a**b", "ab", true},
		{"a*?", "a", false},
		{"a*?", "ab", true},
		{"?", "a", true},
		{"?", "ab", false},
		{"??", "ab", true},
		{"a?c", "abc", true},
		{"a?c", "ac", false},
		{"*?*", "x", true},
		{"[abc]", "b", true},
		{"[abc]", "d", false},
		{"[a-c]", "b", true},
		{"[c-a]", "b", true},
		{"[a-c]", "d", false},
		{"[^abc]", "d", true},
		{"[^abc]", "a", false},
		{"[^a-c]", "b", false},
		{"[]", "a", false},
		{"[]]", "]", false},
		{"[]a]", "a", false},
		{"[", "[", false},
		{"[", "a", false},
		{"[a", "a", true},
		{"[a", "b", false},
		{"[ab", "b", true},
		{"a[", "a", false},
		{"a[", "a[", false},
		{"[^", "a", true},
		{"[^a", "b", true},
		{"[a-]", "-", false},
		{"[a-]", "a", true},
		{"[-a]", "-", true},
		{"[a-", "a", true},
		{"[a-", "-", true},
		{"[a-b", "b", true},
		{"[\\]]", "]", true},
		{"[\\-]", "-", true},
		{"[\\", "\\", true},
		{"[a\\", "\\", true},
		{"[\\a]", "a", true},
		{"[\\^]", "^", true},
		{"\\*", "*", true},
		{"\\*", "a", false},
		{"\\?", "?", true},
		{"\\?", "a", false},
		{"\\[", "[", true},
		{"\\\\", "\\", true},
		{"\\", "\\", true},
		{"a\\", "a\\", true},
		{"a\\", "a", false},
		{"\\a", "a", true},
		{"h*llo", "hello", true},
		{"h*llo", "hllo", true},
		{"h*llo", "heeeello", true},
		{"h?llo", "hallo", true},
		{"h[ae]llo", "hillo", false},
		{"*[", "a", false},
		{"*[", "a[", false},
		{"*\\", "a\\", true},
		{"*x*y*z", "xxyyzz", true},
		{"*x*y*z", "xyzx", false},
		{"[[]", "[", true},
		{"[*]", "*", true},
		{"[*]", "a", false},
		{"[?]", "a", false},
		{"[?]", "?", true},
		{"[a-z0-9]", "5", true},
		{"[a-z0-9]", "-", false},
		{"[^]", "a", true},
		{"[^]]", "a", false},
		{"[^]]", "]", false},
		{"*a*a*a*a*a*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false},
		{"*ab", "aab", true},
		{"*aab", "aaab", true},
		{"a*a", "a", false},
		{"a*a", "aa", true},
		{"*.txt", "x.txt", true},
		{"*.txt", "x.txtx", false},
	}
	for _, tc := range cases {
		if got := Match([]byte(tc.pattern), []byte(tc.s), false); got != tc.want {
			t.Errorf("Match(%q, %q) = %v, want %v", tc.pattern, tc.s, got, tc.want)
		}
	}
}

// TestMatchNocase checks the case-folding mode (CONFIG GET, ...), which
// stringmatchlen applies to literals and ranges but not to escapes inside
// brackets.
func TestMatchNocase(t *testing.T) {
	cases := []struct {
		pattern, s string
		want       bool
	}{
		{"A", "a", true},
		{"a", "A", true},
		{"a*B", "AxxB", true},
		{"[A-C]", "b", true},
		{"[a-c]", "B", true},
		{"[^A-C]", "b", false},
		{"[XYZ]", "y", true},
		{"[\\A]", "a", false},
		{"[\\A]", "A", true},
		{"\\A", "a", true},
		{"h?LLO", "hello", true},
		{"", "", true},
		{"*", "", false},
	}
	for _, tc := range cases {
		if got := Match([]byte(tc.pattern), []byte(tc.s), true); got != tc.want {
			t.Errorf("Match(%q, %q, nocase) = %v, want %v", tc.pattern, tc.s, got, tc.want)
		}
	}
}

// TestMatchHostile checks that a pattern built to make a backtracking
// matcher explode finishes (it would take minutes with naive recursion).
func TestMatchHostile(t *testing.T) {
	p := []byte("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b")
	s := make([]byte, 10000)
	for i := range s {
		s[i] = 'a'
	}
	if Match(p, s, false) {
		t.Fatal("hostile pattern matched")
	}
}
