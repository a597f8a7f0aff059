package resp

import (
	"math"
	"strconv"
)

// Writer encodes replies into a byte buffer in the client's protocol version,
// RESP2 or RESP3, choosing the RESP3 types exactly where Redis 7.0 does
// (networking.c addReply*). It never does I/O: the owner sends Buf.
//
// One goroutine at a time: the executor while a command runs, then the
// connection goroutine that sends Buf.
type Writer struct {
	// Buf holds the encoded replies not yet sent.
	Buf []byte
	// Proto is the protocol version, 2 or 3 (HELLO).
	Proto int
}

// ReplyOK writes +OK.
func (w *Writer) ReplyOK() { w.Buf = append(w.Buf, "+OK\r\n"...) }

// ReplyStatus writes a simple string: +s. s must not contain CR or LF.
func (w *Writer) ReplyStatus(s string) {
	w.Buf = append(w.Buf, '+')
	w.Buf = append(w.Buf, s...)
	w.Buf = append(w.Buf, '\r', '\n')
}

// ReplyError writes an error reply: -msg. CR and LF in msg become spaces, as
// Redis's addReplyErrorLength does, so user text cannot break the framing.
func (w *Writer) ReplyError(msg string) {
	w.Buf = append(w.Buf, '-')
	for i := 0; i < len(msg); i++ {
		c := msg[i]
		if c == '\r' || c == '\n' {
			c = ' '
		}
		w.Buf = append(w.Buf, c)
	}
	w.Buf = append(w.Buf, '\r', '\n')
}

// ReplyInt writes an integer reply: :n.
func (w *Writer) ReplyInt(n int64) {
	w.Buf = append(w.Buf, ':')
	w.Buf = strconv.AppendInt(w.Buf, n, 10)
	w.Buf = append(w.Buf, '\r', '\n')
}

// ReplyBulk writes a bulk string: $len b.
func (w *Writer) ReplyBulk(b []byte) {
	w.Buf = appendHeader(w.Buf, '$', int64(len(b)))
	w.Buf = append(w.Buf, b...)
	w.Buf = append(w.Buf, '\r', '\n')
}

// ReplyBulkString writes a bulk string from a Go string.
func (w *Writer) ReplyBulkString(s string) {
	w.Buf = appendHeader(w.Buf, '$', int64(len(s)))
	w.Buf = append(w.Buf, s...)
	w.Buf = append(w.Buf, '\r', '\n')
}

// ReplyBulkInt writes n as a bulk string, as Redis's addReplyBulkLongLong.
func (w *Writer) ReplyBulkInt(n int64) {
	var tmp [20]byte
	w.ReplyBulk(strconv.AppendInt(tmp[:0], n, 10))
}

// ReplyNull writes the null bulk: $-1 in RESP2, _ in RESP3.
func (w *Writer) ReplyNull() {
	if w.Proto == 3 {
		w.Buf = append(w.Buf, "_\r\n"...)
	} else {
		w.Buf = append(w.Buf, "$-1\r\n"...)
	}
}

// ReplyNullArray writes the null array: *-1 in RESP2, _ in RESP3.
func (w *Writer) ReplyNullArray() {
	if w.Proto == 3 {
		w.Buf = append(w.Buf, "_\r\n"...)
	} else {
		w.Buf = append(w.Buf, "*-1\r\n"...)
	}
}

// ReplyArrayLen starts an array of n elements.
func (w *Writer) ReplyArrayLen(n int) { w.Buf = appendHeader(w.Buf, '*', int64(n)) }

// ReplyMapLen starts a map of n key/value pairs: %n in RESP3, *2n in RESP2.
func (w *Writer) ReplyMapLen(n int) {
	if w.Proto == 3 {
		w.Buf = appendHeader(w.Buf, '%', int64(n))
	} else {
		w.Buf = appendHeader(w.Buf, '*', int64(2*n))
	}
}

// ReplySetLen starts a set of n elements: ~n in RESP3, *n in RESP2.
func (w *Writer) ReplySetLen(n int) {
	if w.Proto == 3 {
		w.Buf = appendHeader(w.Buf, '~', int64(n))
	} else {
		w.Buf = appendHeader(w.Buf, '*', int64(n))
	}
}

// ReplyPushLen starts an out-of-band push of n elements: >n in RESP3, *n in
// RESP2 (pub/sub messages, invalidations).
func (w *Writer) ReplyPushLen(n int) {
	if w.Proto == 3 {
		w.Buf = appendHeader(w.Buf, '>', int64(n))
	} else {
		w.Buf = appendHeader(w.Buf, '*', int64(n))
	}
}

// ReplyDouble writes a double as Redis 7.0's addReplyDouble: a bulk string in
// RESP2, ",d" in RESP3, formatted "%.17g"; infinities are "inf" and "-inf".
func (w *Writer) ReplyDouble(d float64) {
	var tmp [32]byte
	s := AppendDouble(tmp[:0], d)
	if w.Proto == 3 {
		w.Buf = append(w.Buf, ',')
		w.Buf = append(w.Buf, s...)
		w.Buf = append(w.Buf, '\r', '\n')
		return
	}
	w.ReplyBulk(s)
}

// ReplyBool writes a boolean: #t/#f in RESP3, :1/:0 in RESP2.
func (w *Writer) ReplyBool(b bool) {
	switch {
	case w.Proto == 3 && b:
		w.Buf = append(w.Buf, "#t\r\n"...)
	case w.Proto == 3:
		w.Buf = append(w.Buf, "#f\r\n"...)
	case b:
		w.Buf = append(w.Buf, ":1\r\n"...)
	default:
		w.Buf = append(w.Buf, ":0\r\n"...)
	}
}

// ReplyVerbatim writes text as a verbatim string of format ext ("txt", "mkd")
// in RESP3 and as a bulk string in RESP2 (addReplyVerbatim).
func (w *Writer) ReplyVerbatim(text, ext string) {
	if w.Proto != 3 {
		w.ReplyBulkString(text)
		return
	}
	w.Buf = appendHeader(w.Buf, '=', int64(len(text)+4))
	w.Buf = append(w.Buf, ext...)
	w.Buf = append(w.Buf, ':')
	w.Buf = append(w.Buf, text...)
	w.Buf = append(w.Buf, '\r', '\n')
}

// ReplyBigNumber writes a decimal big number: (n in RESP3, a bulk in RESP2.
func (w *Writer) ReplyBigNumber(n string) {
	if w.Proto != 3 {
		w.ReplyBulkString(n)
		return
	}
	w.Buf = append(w.Buf, '(')
	w.Buf = append(w.Buf, n...)
	w.Buf = append(w.Buf, '\r', '\n')
}

// ReplyDeferredLen reserves the place of an aggregate header whose length is
// not known yet and returns its position; SetDeferredArrayLen and friends
// fill it in. Mirrors addReplyDeferredLen.
func (w *Writer) ReplyDeferredLen() int { return len(w.Buf) }

// SetDeferredArrayLen inserts an array header of n elements at pos.
func (w *Writer) SetDeferredArrayLen(pos, n int) { w.insertHeader(pos, '*', int64(n)) }

// SetDeferredMapLen inserts a map header of n pairs at pos.
func (w *Writer) SetDeferredMapLen(pos, n int) {
	if w.Proto == 3 {
		w.insertHeader(pos, '%', int64(n))
	} else {
		w.insertHeader(pos, '*', int64(2*n))
	}
}

// SetDeferredSetLen inserts a set header of n elements at pos.
func (w *Writer) SetDeferredSetLen(pos, n int) {
	if w.Proto == 3 {
		w.insertHeader(pos, '~', int64(n))
	} else {
		w.insertHeader(pos, '*', int64(n))
	}
}

func (w *Writer) insertHeader(pos int, prefix byte, n int64) {
	var tmp [24]byte
	h := appendHeader(tmp[:0], prefix, n)
	w.Buf = append(w.Buf, h...) // grow by len(h)
	copy(w.Buf[pos+len(h):], w.Buf[pos:len(w.Buf)-len(h)])
	copy(w.Buf[pos:], h)
}

// ReplyRaw appends already encoded RESP.
func (w *Writer) ReplyRaw(b []byte) { w.Buf = append(w.Buf, b...) }

func appendHeader(b []byte, prefix byte, n int64) []byte {
	b = append(b, prefix)
	b = strconv.AppendInt(b, n, 10)
	return append(b, '\r', '\n')
}

// AppendDouble appends d formatted as C's "%.17g" (what Redis 7.0 uses for
// replies and for d2string), with "inf", "-inf" and "nan" spelled as Redis.
func AppendDouble(b []byte, d float64) []byte {
	switch {
	case math.IsInf(d, 1):
		return append(b, "inf"...)
	case math.IsInf(d, -1):
		return append(b, "-inf"...)
	case math.IsNaN(d):
		return append(b, "nan"...)
	}
	return strconv.AppendFloat(b, d, 'g', 17, 64)
}
