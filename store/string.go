package store

import "github.com/ember-db/ember/resp"

// String is a string value: binary-safe bytes.
type String struct {
	// B is the value. The command layer copies client input before storing it,
	// so B never aliases a read buffer.
	B []byte
	// Raw is set once the value was modified in place (APPEND, SETRANGE,
	// SETBIT, ...): Redis then reports the "raw" encoding whatever the length.
	Raw bool
	// NoInt is set for a value Redis creates without trying the int
	// encoding (INCRBYFLOAT's result): it reports "embstr" or "raw" by
	// length even when it reads as an integer.
	NoInt bool
}

// NewString returns a String holding a copy of b.
func NewString(b []byte) *String {
	return &String{B: append([]byte(nil), b...)}
}

// Type returns "string".
func (s *String) Type() string { return "string" }

// Encoding returns the OBJECT ENCODING name Redis would report: "int" for a
// value that string2ll accepts, "embstr" up to 44 bytes, else "raw".
// Mirrors tryObjectEncoding in Redis's object.c.
func (s *String) Encoding() string {
	if s.Raw {
		return "raw"
	}
	if len(s.B) <= 20 && !s.NoInt {
		if _, ok := resp.ParseInt(s.B); ok {
			return "int"
		}
	}
	if len(s.B) <= 44 {
		return "embstr"
	}
	return "raw"
}

// Copy returns a deep copy.
func (s *String) Copy() Value {
	return &String{B: append([]byte(nil), s.B...), Raw: s.Raw, NoInt: s.NoInt}
}
