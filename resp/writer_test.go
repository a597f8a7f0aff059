package resp

import (
	"math"
	"testing"
)

func TestWriterRESP2AndRESP3(t *testing.T) {
	cases := []struct {
		name       string
		write      func(w *Writer)
		resp2, re3 string
	}{
		{"null", func(w *Writer) { w.ReplyNull() }, "$-1\r\n", "_\r\n"},
		{"null array", func(w *Writer) { w.ReplyNullArray() }, "*-1\r\n", "_\r\n"},
		{"map", func(w *Writer) { w.ReplyMapLen(2) }, "*4\r\n", "%2\r\n"},
		{"set", func(w *Writer) { w.ReplySetLen(3) }, "*3\r\n", "~3\r\n"},
		{"push", func(w *Writer) { w.ReplyPushLen(3) }, "*3\r\n", ">3\r\n"},
		{"double", func(w *Writer) { w.ReplyDouble(1.1) }, "$18\r\n1.1000000000000001\r\n", ",1.1000000000000001\r\n"},
		{"double integral", func(w *Writer) { w.ReplyDouble(3) }, "$1\r\n3\r\n", ",3\r\n"},
		{"double inf", func(w *Writer) { w.ReplyDouble(math.Inf(-1)) }, "$4\r\n-inf\r\n", ",-inf\r\n"},
		{"double exp", func(w *Writer) { w.ReplyDouble(1e20) }, "$5\r\n1e+20\r\n", ",1e+20\r\n"},
		{"bool", func(w *Writer) { w.ReplyBool(true) }, ":1\r\n", "#t\r\n"},
		{"verbatim", func(w *Writer) { w.ReplyVerbatim("hi", "txt") }, "$2\r\nhi\r\n", "=6\r\ntxt:hi\r\n"},
		{"bignum", func(w *Writer) { w.ReplyBigNumber("123") }, "$3\r\n123\r\n", "(123\r\n"},
		{"error sanitized", func(w *Writer) { w.ReplyError("ERR a\r\nb") }, "-ERR a  b\r\n", "-ERR a  b\r\n"},
		{"deferred array", func(w *Writer) {
			p := w.ReplyDeferredLen()
			w.ReplyInt(1)
			w.ReplyInt(2)
			w.SetDeferredArrayLen(p, 2)
		}, "*2\r\n:1\r\n:2\r\n", "*2\r\n:1\r\n:2\r\n"},
		{"deferred map after data", func(w *Writer) {
			w.ReplyOK()
			p := w.ReplyDeferredLen()
			w.ReplyBulkString("k")
			w.ReplyBulkString("v")
			w.SetDeferredMapLen(p, 1)
		}, "+OK\r\n*2\r\n$1\r\nk\r\n$1\r\nv\r\n", "+OK\r\n%1\r\n$1\r\nk\r\n$1\r\nv\r\n"},
	}
	for _, tc := range cases {
		for _, proto := range []int{2, 3} {
			w := &Writer{Proto: proto}
			tc.write(w)
			want := tc.resp2
			if proto == 3 {
				want = tc.re3
			}
			if string(w.Buf) != want {
				t.Errorf("%s RESP%d: got %q, want %q", tc.name, proto, w.Buf, want)
			}
		}
	}
}
