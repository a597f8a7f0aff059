//go:build linux

package server

import (
	"bytes"
	"errors"
	"io"
	"net"
	"os"
	"testing"
	"time"
)

// tcpPair returns both ends of a loopback TCP connection.
func tcpPair(t *testing.T) (a, b net.Conn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	acc := make(chan net.Conn, 1)
	go func() {
		c, _ := ln.Accept()
		acc <- c
	}()
	a, err = net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	b = <-acc
	t.Cleanup(func() { a.Close(); b.Close() })
	return a, b
}

func TestRawIOWriteWaitsForTheSocketToDrain(t *testing.T) {
	a, b := tcpPair(t)
	r := newRawIO(a)
	if r == nil {
		t.Fatal("no rawIO for a TCP connection")
	}
	// Far more than the socket buffers hold: Write must wait (EAGAIN) and
	// resume as the peer reads.
	want := bytes.Repeat([]byte("0123456789abcdef"), 1<<19)
	got := make(chan []byte, 1)
	go func() {
		b, _ := io.ReadAll(b)
		got <- b
	}()
	n, err := r.Write(want)
	if n != len(want) || err != nil {
		t.Fatalf("Write = %d, %v; want %d, nil", n, err, len(want))
	}
	a.Close()
	if g := <-got; !bytes.Equal(g, want) {
		t.Fatalf("peer read %d bytes, not the %d written", len(g), len(want))
	}
}

func TestRawIOReadDataEOFAndDeadline(t *testing.T) {
	a, b := tcpPair(t)
	r := newRawIO(a)
	a.SetReadDeadline(time.Now().Add(-time.Second))
	if _, err := r.Read(make([]byte, 8)); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("Read past the deadline: %v, want os.ErrDeadlineExceeded", err)
	}
	a.SetReadDeadline(time.Time{})
	go func() {
		time.Sleep(10 * time.Millisecond) // Read must wait for the data
		b.Write([]byte("hello"))
		b.Close()
	}()
	buf := make([]byte, 64)
	n, err := r.Read(buf)
	if string(buf[:n]) != "hello" || err != nil {
		t.Fatalf("Read = %q, %v", buf[:n], err)
	}
	if n, err := r.Read(buf); n != 0 || err != io.EOF {
		t.Fatalf("Read after the peer closed = %d, %v; want 0, EOF", n, err)
	}
}

// A read and a write allocate nothing: they run once per request.
func TestRawIODoesNotAllocate(t *testing.T) {
	a, b := tcpPair(t)
	ra, rb := newRawIO(a), newRawIO(b)
	msg, buf := []byte("+PONG\r\n"), make([]byte, 64)
	allocs := testing.AllocsPerRun(100, func() {
		ra.Write(msg)
		rb.Read(buf)
	})
	if allocs != 0 {
		t.Fatalf("%v allocations per write and read", allocs)
	}
}
