package main

// Shared helpers of the black-box tests: an in-process Ember on 127.0.0.1:0,
// a real redis-server for differential runs, and a raw RESP client that keeps
// replies byte for byte.

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ember-db/ember/server"
)

// startEmber starts an in-process server on a free port of 127.0.0.1 with
// dir in a temp dir; extra are redis-server-style "--directive value" args.
// The server is closed when the test ends.
func startEmber(t testing.TB, extra ...string) (string, *server.Server) {
	t.Helper()
	cfg := server.DefaultConfig()
	args := append([]string{"--port", "0", "--bind", "127.0.0.1", "--dir", t.TempDir(), "--loglevel", "warning",
		"--enable-debug-command", "yes"}, extra...)
	if err := cfg.ParseArgs(args); err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Listen(); err != nil {
		t.Fatal(err)
	}
	go srv.Serve()
	t.Cleanup(func() { srv.Close() })
	return srv.Addr().String(), srv
}

// redisAddr is the address of a real redis-server 7.0 for differential tests:
// $REDIS_ADDR, or one TestMain started. Empty when none is available.
var redisAddr string

func TestMain(m *testing.M) {
	stop := startRedis()
	code := m.Run()
	stop()
	os.Exit(code)
}

// startRedis starts redis-server on a free port unless REDIS_ADDR is set.
func startRedis() (stop func()) {
	if a := os.Getenv("REDIS_ADDR"); a != "" {
		redisAddr = a
		return func() {}
	}
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		return func() {}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return func() {}
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	dir, _ := os.MkdirTemp("", "ember-diff-redis")
	cmd := exec.Command(bin, "--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--save", "",
		"--appendonly", "no", "--dir", dir, "--enable-debug-command", "yes")
	if err := cmd.Start(); err != nil {
		return func() {}
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	for i := 0; i < 100; i++ {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			redisAddr = addr
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	return func() {
		cmd.Process.Kill()
		cmd.Wait()
		os.RemoveAll(dir)
	}
}

// needRedis returns the real Redis address, failing in CI when there is none
// (CI installs redis-server) and skipping elsewhere.
func needRedis(t testing.TB) string {
	t.Helper()
	if redisAddr == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("no redis-server for differential tests: CI must install redis-server")
		}
		t.Skip("no redis-server in PATH and REDIS_ADDR unset")
	}
	return redisAddr
}

// rawConn is a client that sends commands and returns raw replies.
type rawConn struct {
	t    testing.TB
	conn net.Conn
	r    *bufio.Reader
}

func dialRaw(t testing.TB, addr string) *rawConn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return &rawConn{t: t, conn: c, r: bufio.NewReader(c)}
}

// do sends argv as a multibulk command and returns the raw reply.
func (rc *rawConn) do(argv ...string) []byte {
	rc.t.Helper()
	rc.send(encodeCommand(argv))
	reply, err := readReply(rc.r)
	if err != nil {
		rc.t.Fatalf("%v: %v", argv, err)
	}
	return reply.raw
}

func (rc *rawConn) send(b []byte) {
	rc.t.Helper()
	rc.conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := rc.conn.Write(b); err != nil {
		rc.t.Fatal(err)
	}
}

func encodeCommand(argv []string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "*%d\r\n", len(argv))
	for _, a := range argv {
		fmt.Fprintf(&b, "$%d\r\n%s\r\n", len(a), a)
	}
	return b.Bytes()
}

// reply is one RESP2/RESP3 reply: its raw bytes and, for aggregates, the raw
// bytes of each element (map entries as one key+value element each).
type reply struct {
	raw   []byte
	elems [][]byte
}

// readReply reads one complete reply.
func readReply(r *bufio.Reader) (reply, error) {
	var raw bytes.Buffer
	elems, err := readInto(r, &raw, true)
	return reply{raw: raw.Bytes(), elems: elems}, err
}

func readInto(r *bufio.Reader, raw *bytes.Buffer, top bool) ([][]byte, error) {
	line, err := r.ReadBytes('\n')
	if err != nil {
		return nil, err
	}
	raw.Write(line)
	if len(line) < 3 {
		return nil, errors.New("short reply line")
	}
	body := string(line[1 : len(line)-2])
	switch line[0] {
	case '+', '-', ':', ',', '#', '_', '(':
		return nil, nil
	case '$', '=', '!':
		n, err := strconv.Atoi(body)
		if err != nil || n < 0 {
			return nil, err
		}
		buf := make([]byte, n+2)
		if _, err := io_ReadFull(r, buf); err != nil {
			return nil, err
		}
		raw.Write(buf)
		return nil, nil
	case '*', '~', '%', '>', '|':
		n, err := strconv.Atoi(body)
		if err != nil || n < 0 {
			return nil, err
		}
		per := 1
		if line[0] == '%' || line[0] == '|' {
			per = 2
		}
		var elems [][]byte
		for i := 0; i < n; i++ {
			start := raw.Len()
			for j := 0; j < per; j++ {
				if _, err := readInto(r, raw, false); err != nil {
					return nil, err
				}
			}
			if top {
				elems = append(elems, append([]byte(nil), raw.Bytes()[start:]...))
			}
		}
		if line[0] == '|' { // an attribute precedes the real reply
			return readInto(r, raw, top)
		}
		return elems, nil
	}
	return nil, fmt.Errorf("unknown reply type %q", line[0])
}

func io_ReadFull(r *bufio.Reader, b []byte) (int, error) {
	n := 0
	for n < len(b) {
		m, err := r.Read(b[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// quoted shows a raw reply compactly in failure messages.
func quoted(b []byte) string {
	s := strconv.Quote(string(b))
	if len(s) > 400 {
		s = s[:400] + "..."
	}
	return strings.ReplaceAll(s, `\r\n`, `⏎`)
}
