package server

// Blocking commands end to end: real connections to an in-process server on
// 127.0.0.1:0. Nothing here sleeps: tests wait for the executor to reach a
// state (waitBlocked polls it through exec) and move the injected clock.

import (
	"bufio"
	"fmt"
	"net"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// testClock is the server's injected clock, unix ms.
type testClock struct{ ms atomic.Int64 }

func (c *testClock) now() time.Time   { return time.UnixMilli(c.ms.Load()) }
func (c *testClock) advance(ms int64) { c.ms.Add(ms) }

// startBlockingServer starts a server on 127.0.0.1:0 with an injected clock.
func startBlockingServer(t *testing.T) (*Server, *testClock) {
	t.Helper()
	cfg := DefaultConfig()
	if err := cfg.ParseArgs([]string{"--port", "0", "--bind", "127.0.0.1", "--dir", t.TempDir(), "--loglevel", "warning"}); err != nil {
		t.Fatal(err)
	}
	clock := &testClock{}
	clock.ms.Store(1_700_000_000_000)
	cfg.Clock = clock.now
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Listen(); err != nil {
		t.Fatal(err)
	}
	go s.Serve()
	t.Cleanup(func() { s.Close() })
	return s, clock
}

// blockConn is a raw RESP client that keeps replies byte for byte.
type blockConn struct {
	t    *testing.T
	conn net.Conn
	r    *bufio.Reader
}

func dialTest(t *testing.T, s *Server) *blockConn {
	t.Helper()
	c, err := net.Dial("tcp", s.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return &blockConn{t: t, conn: c, r: bufio.NewReader(c)}
}

// send writes commands given as space-separated words, in one write.
func (tc *blockConn) send(cmds ...string) {
	tc.t.Helper()
	var b strings.Builder
	for _, cmd := range cmds {
		words := strings.Fields(cmd)
		fmt.Fprintf(&b, "*%d\r\n", len(words))
		for _, w := range words {
			fmt.Fprintf(&b, "$%d\r\n%s\r\n", len(w), w)
		}
	}
	tc.conn.SetWriteDeadline(time.Now().Add(10 * time.Second))
	if _, err := tc.conn.Write([]byte(b.String())); err != nil {
		tc.t.Fatal(err)
	}
}

// read returns the next complete reply, raw.
func (tc *blockConn) read() string {
	tc.t.Helper()
	tc.conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	var b strings.Builder
	if err := readRawReply(tc.r, &b); err != nil {
		tc.t.Fatalf("reading reply: %v (got so far %q)", err, b.String())
	}
	return b.String()
}

// do sends one command and returns its reply.
func (tc *blockConn) do(cmd string) string {
	tc.t.Helper()
	tc.send(cmd)
	return tc.read()
}

func readRawReply(r *bufio.Reader, b *strings.Builder) error {
	line, err := r.ReadString('\n')
	if err != nil {
		return err
	}
	b.WriteString(line)
	n, _ := strconv.Atoi(strings.TrimSpace(line[1:]))
	switch line[0] {
	case '$', '=', '!':
		if n < 0 {
			return nil
		}
		buf := make([]byte, n+2)
		if _, err := ioReadFull(r, buf); err != nil {
			return err
		}
		b.Write(buf)
	case '*', '~', '>':
		for i := 0; i < n; i++ {
			if err := readRawReply(r, b); err != nil {
				return err
			}
		}
	case '%':
		for i := 0; i < 2*n; i++ {
			if err := readRawReply(r, b); err != nil {
				return err
			}
		}
	}
	return nil
}

func ioReadFull(r *bufio.Reader, buf []byte) (int, error) {
	n := 0
	for n < len(buf) {
		m, err := r.Read(buf[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// expectNothing checks that no reply is waiting: a PING sent on another
// connection has made a full round through the executor first.
func (tc *blockConn) expectNothing(s *Server) {
	tc.t.Helper()
	s.exec(func() {})
	tc.conn.SetReadDeadline(time.Now())
	if _, err := tc.r.Peek(1); err == nil {
		tc.t.Fatalf("unexpected reply %q", tc.read())
	}
}

// waitBlocked waits until exactly n clients are blocked on keys.
func waitBlocked(t *testing.T, s *Server, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var got int
		s.exec(func() { got = s.blockedClients() })
		if got == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d clients blocked, want %d", got, n)
		}
		runtime.Gosched()
	}
}

func arr(elems ...string) string {
	var b strings.Builder
	b.WriteString("*" + strconv.Itoa(len(elems)) + "\r\n")
	for _, e := range elems {
		b.WriteString("$" + strconv.Itoa(len(e)) + "\r\n" + e + "\r\n")
	}
	return b.String()
}

func TestBlockingFIFO(t *testing.T) {
	s, _ := startBlockingServer(t)
	var clients []*blockConn
	for i := 0; i < 3; i++ {
		c := dialTest(t, s)
		c.send("BLPOP k 0")
		waitBlocked(t, s, i+1)
		clients = append(clients, c)
	}
	pusher := dialTest(t, s)
	if got := pusher.do("RPUSH k a b c d"); got != ":4\r\n" {
		t.Fatalf("RPUSH = %q", got)
	}
	for i, want := range []string{"a", "b", "c"} {
		if got := clients[i].read(); got != arr("k", want) {
			t.Errorf("client %d got %q, want %q", i, got, arr("k", want))
		}
	}
	if got := pusher.do("LRANGE k 0 -1"); got != arr("d") {
		t.Errorf("left in the list: %q", got)
	}
	waitBlocked(t, s, 0)
}

func TestBlockingTimeout(t *testing.T) {
	s, clock := startBlockingServer(t)
	c := dialTest(t, s)
	forever := dialTest(t, s)
	c3 := dialTest(t, s)
	c3.do("HELLO 3")
	c.send("BLPOP k 5")
	forever.send("BRPOP k 0")
	c3.send("BLMOVE k d LEFT LEFT 2.5")
	waitBlocked(t, s, 3)

	clock.advance(2000)
	s.exec(func() {}) // a pass: timeouts are checked at its end
	c.expectNothing(s)
	clock.advance(1000)
	if got := c3.read(); got != "_\r\n" {
		t.Errorf("RESP3 BLMOVE timeout = %q", got)
	}
	clock.advance(3000)
	if got := c.read(); got != "*-1\r\n" {
		t.Errorf("BLPOP timeout = %q", got)
	}
	waitBlocked(t, s, 1)
	clock.advance(1 << 40)
	s.exec(func() {})
	forever.expectNothing(s)
	waitBlocked(t, s, 1)
	// The timed-out clients carry on normally.
	if got := c.do("PING"); got != "+PONG\r\n" {
		t.Errorf("PING after timeout = %q", got)
	}
	dialTest(t, s).do("RPUSH k x")
	if got := forever.read(); got != arr("k", "x") {
		t.Errorf("BRPOP 0 = %q", got)
	}
}

// TestBlockingDisconnect: a blocked client that hangs up is forgotten at
// once and never takes an element with it.
func TestBlockingDisconnect(t *testing.T) {
	s, _ := startBlockingServer(t)
	gone := dialTest(t, s)
	gone.send("BLPOP k 0")
	waitBlocked(t, s, 1)
	gone.conn.Close()
	waitBlocked(t, s, 0) // freed without any push

	gone2 := dialTest(t, s)
	gone2.send("BLPOP k 0")
	waitBlocked(t, s, 1)
	next := dialTest(t, s)
	next.send("BRPOP k 0")
	waitBlocked(t, s, 2)
	gone2.conn.Close()
	// Push at once: whether or not the server has noticed the hang-up yet,
	// the element must go to the live client.
	pusher := dialTest(t, s)
	if got := pusher.do("RPUSH k x"); got != ":1\r\n" {
		t.Fatalf("RPUSH = %q", got)
	}
	if got := next.read(); got != arr("k", "x") {
		t.Errorf("live client got %q", got)
	}
	gone3 := dialTest(t, s)
	gone3.send("BLPOP q 0")
	waitBlocked(t, s, 1)
	gone3.conn.Close()
	if got := pusher.do("RPUSH q y"); got != ":1\r\n" {
		t.Fatalf("RPUSH = %q", got)
	}
	if got := pusher.do("LRANGE q 0 -1"); got != arr("y") {
		t.Errorf("element lost with the closed client: %q", got)
	}
	waitBlocked(t, s, 0)
}

func TestBlockingInsideMulti(t *testing.T) {
	s, _ := startBlockingServer(t)
	c := dialTest(t, s)
	c.send("MULTI", "BLPOP k 0", "BLMOVE k d LEFT LEFT 0", "EXEC")
	for _, want := range []string{"+OK\r\n", "+QUEUED\r\n", "+QUEUED\r\n", "*2\r\n*-1\r\n$-1\r\n"} {
		if got := c.read(); got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
	waitBlocked(t, s, 0)
}

// TestBlockingServedAfterExec: a push inside MULTI/EXEC serves the blocked
// client after the whole transaction, which sees the element in between.
func TestBlockingServedAfterExec(t *testing.T) {
	s, _ := startBlockingServer(t)
	blocked := dialTest(t, s)
	blocked.send("BLPOP k 0")
	waitBlocked(t, s, 1)
	c := dialTest(t, s)
	c.send("MULTI", "RPUSH k a", "LLEN k", "EXEC")
	for _, want := range []string{"+OK\r\n", "+QUEUED\r\n", "+QUEUED\r\n", "*2\r\n:1\r\n:1\r\n"} {
		if got := c.read(); got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
	if got := blocked.read(); got != arr("k", "a") {
		t.Errorf("blocked client got %q", got)
	}
	if got := c.do("LLEN k"); got != ":0\r\n" {
		t.Errorf("LLEN after serving = %q", got)
	}
}

// TestBlockingPipelineWaits: the commands after a blocking command, sent in
// the same write or while blocked, run only once it is served, in order.
func TestBlockingPipelineWaits(t *testing.T) {
	s, _ := startBlockingServer(t)
	c := dialTest(t, s)
	c.send("BLPOP k 0", "SET x 1", "GET x")
	waitBlocked(t, s, 1)
	c.send("SET x 2")     // arrives while blocked: read ahead, not run
	c.send("GET", "PING") // a protocol-level error waits too
	other := dialTest(t, s)
	if got := other.do("GET x"); got != "$-1\r\n" {
		t.Fatalf("a command after BLPOP ran early: GET x = %q", got)
	}
	c.expectNothing(s)
	other.do("RPUSH k v")
	for _, want := range []string{arr("k", "v"), "+OK\r\n", "$1\r\n1\r\n", "+OK\r\n",
		"-ERR wrong number of arguments for 'get' command\r\n", "+PONG\r\n"} {
		if got := c.read(); got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
	if got := other.do("GET x"); got != "$1\r\n2\r\n" {
		t.Errorf("GET x = %q", got)
	}
}

// TestBlockingChain: serving BLMOVE pushes into its destination, which
// serves the next client in the same pass; each element reaches one client.
func TestBlockingChain(t *testing.T) {
	s, _ := startBlockingServer(t)
	mover := dialTest(t, s)
	mover.send("BLMOVE a b RIGHT LEFT 0")
	waitBlocked(t, s, 1)
	popper := dialTest(t, s)
	popper.send("BLPOP b c 0")
	waitBlocked(t, s, 2)
	other := dialTest(t, s)
	other.send("BLPOP b 0")
	waitBlocked(t, s, 3)
	c := dialTest(t, s)
	c.do("RPUSH a x")
	if got := mover.read(); got != "$1\r\nx\r\n" {
		t.Errorf("BLMOVE got %q", got)
	}
	if got := popper.read(); got != arr("b", "x") {
		t.Errorf("BLPOP got %q", got)
	}
	other.expectNothing(s)
	waitBlocked(t, s, 1)
	if got := c.do("LLEN a"); got != ":0\r\n" {
		t.Errorf("LLEN a = %q", got)
	}
	if got := c.do("LLEN b"); got != ":0\r\n" {
		t.Errorf("LLEN b = %q", got)
	}
	// popper was also queued on c; it must have left that queue.
	c.do("RPUSH b y")
	if got := other.read(); got != arr("b", "y") {
		t.Errorf("second BLPOP got %q", got)
	}
	c.do("RPUSH c z")
	if got := c.do("LLEN c"); got != ":1\r\n" {
		t.Errorf("LLEN c = %q: a served client was still queued on c", got)
	}
}

func TestBlockingServedVariants(t *testing.T) {
	s, _ := startBlockingServer(t)
	c := dialTest(t, s)

	mover := dialTest(t, s)
	mover.send("BLMOVE s d LEFT LEFT 0")
	waitBlocked(t, s, 1)
	c.do("SET d str")
	c.do("RPUSH s a")
	if got := mover.read(); got != "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n" {
		t.Errorf("BLMOVE to a string = %q", got)
	}
	if got := c.do("LLEN s"); got != ":1\r\n" {
		t.Errorf("element moved anyway: LLEN s = %q", got)
	}

	mpop := dialTest(t, s)
	mpop.do("HELLO 3")
	mpop.send("BLMPOP 0 2 m1 m2 RIGHT COUNT 2")
	waitBlocked(t, s, 1)
	c.do("RPUSH m2 a b c")
	if got := mpop.read(); got != "*2\r\n$2\r\nm2\r\n*2\r\n$1\r\nc\r\n$1\r\nb\r\n" {
		t.Errorf("BLMPOP = %q", got)
	}

	dup := dialTest(t, s)
	dup.send("BRPOPLPUSH q q 0")
	waitBlocked(t, s, 1)
	c.do("LPUSH q x")
	if got := dup.read(); got != "$1\r\nx\r\n" {
		t.Errorf("BRPOPLPUSH q q = %q", got)
	}
	if got := c.do("LRANGE q 0 -1"); got != arr("x") {
		t.Errorf("q = %q", got)
	}

	// A key that becomes another type serves nobody until it is a list.
	w := dialTest(t, s)
	w.send("BLPOP t t 0")
	waitBlocked(t, s, 1)
	c.do("SET t str")
	c.do("DEL t")
	c.do("LPUSH t y")
	if got := w.read(); got != arr("t", "y") {
		t.Errorf("BLPOP t = %q", got)
	}
	waitBlocked(t, s, 0)
}

func TestBlockingClientUnblock(t *testing.T) {
	s, _ := startBlockingServer(t)
	blockedID := func() int64 {
		var id int64
		s.exec(func() {
			for _, c := range s.clients {
				if c.bpop != nil {
					id = c.ID
				}
			}
		})
		return id
	}
	c := dialTest(t, s)
	c.send("BLPOP k 0", "PING")
	waitBlocked(t, s, 1)
	var ok bool
	id := blockedID()
	s.exec(func() { ok = s.unblockClient(id, false) })
	if !ok {
		t.Fatal("unblockClient(TIMEOUT) = false")
	}
	if got := c.read(); got != "*-1\r\n" {
		t.Errorf("unblocked with TIMEOUT: %q", got)
	}
	if got := c.read(); got != "+PONG\r\n" {
		t.Errorf("rest of the batch: %q", got)
	}
	c.send("BRPOP k 0")
	waitBlocked(t, s, 1)
	id = blockedID()
	s.exec(func() { ok = s.unblockClient(id, true) })
	if !ok {
		t.Fatal("unblockClient(ERROR) = false")
	}
	if got := c.read(); got != "-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n" {
		t.Errorf("unblocked with ERROR: %q", got)
	}
	s.exec(func() { ok = s.unblockClient(id, true) })
	if ok {
		t.Error("unblockClient of a client that is not blocked = true")
	}
	waitBlocked(t, s, 0)
}
