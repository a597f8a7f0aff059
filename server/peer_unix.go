//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package server

import (
	"net"
	"syscall"
)

// peerClosed reports whether the peer of conn has closed or reset the
// connection, without consuming input: a non-blocking MSG_PEEK recv that
// returns 0 bytes (FIN) or an error other than "would block". Safe to call
// while another goroutine is blocked reading conn. Executor goroutine.
func peerClosed(conn net.Conn) bool {
	sc, ok := conn.(syscall.Conn)
	if !ok {
		return false
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return true
	}
	closed := false
	err = raw.Control(func(fd uintptr) {
		var b [1]byte
		n, _, rerr := syscall.Recvfrom(int(fd), b[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
		switch rerr {
		case nil:
			closed = n == 0
		case syscall.EAGAIN, syscall.EINTR:
		default:
			closed = true
		}
	})
	return closed || err != nil
}
