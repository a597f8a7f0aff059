package main

// Hostile and malformed input: each gets Redis's exact reply, the connection
// is closed as Redis closes it, and the server keeps serving other clients.

import (
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

// exchange writes input on a fresh connection and returns everything the
// server sends until it closes the connection or goes quiet, and whether it
// closed.
func exchange(t *testing.T, addr, input string) (string, bool) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Write([]byte(input)); err != nil {
		t.Fatal(err)
	}
	var out []byte
	buf := make([]byte, 4096)
	for {
		// Quiet for 300 ms: the server is waiting for more input.
		c.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
		n, err := c.Read(buf)
		out = append(out, buf[:n]...)
		if err == io.EOF {
			return string(out), true
		}
		if err != nil {
			return string(out), false
		}
	}
}

var hostileInputs = []struct {
	name  string
	input string
}{
	{"bulk length overflow", "*1\r\n$9223372036854775807\r\n"},
	{"multibulk count overflow", "*9223372036854775807\r\n"},
	{"negative bulk", "*1\r\n$-1\r\n"},
	{"bulk over proto-max-bulk-len", "*1\r\n$600000000\r\n"},
	{"expected dollar", "*2\r\nx\r\n"},
	{"unbalanced quotes", "set \"a\r\n"},
	{"unknown command inline", "foo a b\r\n"},
	{"empty commands", "*0\r\n*-1\r\nPING\r\n\r\nPING\n"},
	{"too big inline", strings.Repeat("x", 70*1024)},
	{"too big count string", "*" + strings.Repeat("9", 70*1024)},
	{"commands before the fault run", "SET hostile 1\r\nGET hostile\r\n*1\r\n$x\r\n"},
	{"big multibulk count waits", "*3000000\r\n"},
}

func TestHostileInput(t *testing.T) {
	eaddr, _ := startEmber(t)
	raddr := needRedis(t)
	for _, tc := range hostileInputs {
		t.Run(tc.name, func(t *testing.T) {
			want, wantClosed := exchange(t, raddr, tc.input)
			got, gotClosed := exchange(t, eaddr, tc.input)
			if got != want || gotClosed != wantClosed {
				t.Errorf("ember %q closed=%v\nredis %q closed=%v", got, gotClosed, want, wantClosed)
			}
			// The server is still up for everyone else.
			if r, _ := exchange(t, eaddr, "PING\r\n"); r != "+PONG\r\n" {
				t.Fatalf("server did not answer PING after %s: %q", tc.name, r)
			}
		})
	}
}
