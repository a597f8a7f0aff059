//go:build linux

package server

import (
	"io"
	"net"
	"syscall"
	"unsafe"
)

// rawIO reads and writes a TCP connection with RawSyscall inside
// syscall.RawConn callbacks. The socket is non-blocking, so read(2) and
// write(2) never wait in the kernel (EAGAIN instead, and then the runtime
// parks the goroutine in the netpoller exactly as net.Conn does). What it
// saves is entersyscall: the runtime's monitor hands the P of a goroutine
// that stays in a syscall over 20 µs to another thread, and a loopback
// write that wakes the peer often takes that long; with GOMAXPROCS 1 each
// such handoff cost two thread switches (perf: finish_task_switch was 14%
// of the server's CPU at redis-benchmark -P 1, against 3% for Redis).
// Deadlines and Close work as for net.Conn.
type rawIO struct {
	rc syscall.RawConn
}

// newRawIO returns a rawIO for conn, or nil when conn has no file
// descriptor to use (then the caller uses conn itself).
func newRawIO(conn net.Conn) *rawIO {
	sc, ok := conn.(syscall.Conn)
	if !ok {
		return nil
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return nil
	}
	return &rawIO{rc: rc}
}

// Read implements io.Reader: one read(2) once the socket is readable.
func (r *rawIO) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	var n int
	var errno syscall.Errno
	err := r.rc.Read(func(fd uintptr) bool {
		for {
			m, _, e := syscall.RawSyscall(syscall.SYS_READ, fd, uintptr(unsafe.Pointer(&p[0])), uintptr(len(p)))
			if e == syscall.EINTR {
				continue
			}
			n, errno = int(m), e
			return e != syscall.EAGAIN
		}
	})
	switch {
	case err != nil:
		return 0, err
	case errno != 0:
		return 0, errno
	case n == 0:
		return 0, io.EOF
	}
	return n, nil
}

// Write implements io.Writer: all of p, waiting for the socket to drain
// when its buffer is full.
func (r *rawIO) Write(p []byte) (int, error) {
	done := 0
	var errno syscall.Errno
	err := r.rc.Write(func(fd uintptr) bool {
		for done < len(p) {
			m, _, e := syscall.RawSyscall(syscall.SYS_WRITE, fd, uintptr(unsafe.Pointer(&p[done])), uintptr(len(p)-done))
			switch e {
			case 0:
				done += int(m)
			case syscall.EINTR:
			case syscall.EAGAIN:
				return false // wait until writable, then go on
			default:
				errno = e
				return true
			}
		}
		return true
	})
	if err == nil && errno != 0 {
		err = errno
	}
	return done, err
}
