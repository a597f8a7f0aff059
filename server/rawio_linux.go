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
	// The operation in progress, for the callbacks, which are method values
	// made once (a closure per call would allocate twice per request).
	// Read and Write each have one caller at a time (the conn goroutine).
	rbuf    []byte
	rn      int
	rerrno  syscall.Errno
	wbuf    []byte
	wdone   int
	werrno  syscall.Errno
	readFn  func(uintptr) bool
	writeFn func(uintptr) bool
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
	r := &rawIO{rc: rc}
	r.readFn, r.writeFn = r.read, r.write
	return r
}

// Read implements io.Reader: one read(2) once the socket is readable.
func (r *rawIO) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	r.rbuf = p
	err := r.rc.Read(r.readFn)
	n, errno := r.rn, r.rerrno
	r.rbuf = nil
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

func (r *rawIO) read(fd uintptr) bool {
	for {
		m, _, e := syscall.RawSyscall(syscall.SYS_READ, fd, uintptr(unsafe.Pointer(&r.rbuf[0])), uintptr(len(r.rbuf)))
		if e == syscall.EINTR {
			continue
		}
		r.rn, r.rerrno = int(m), e
		return e != syscall.EAGAIN
	}
}

// Write implements io.Writer: all of p, waiting for the socket to drain
// when its buffer is full.
func (r *rawIO) Write(p []byte) (int, error) {
	r.wbuf, r.wdone, r.werrno = p, 0, 0
	err := r.rc.Write(r.writeFn)
	done := r.wdone
	r.wbuf = nil
	if err == nil && r.werrno != 0 {
		err = r.werrno
	}
	return done, err
}

func (r *rawIO) write(fd uintptr) bool {
	for r.wdone < len(r.wbuf) {
		m, _, e := syscall.RawSyscall(syscall.SYS_WRITE, fd, uintptr(unsafe.Pointer(&r.wbuf[r.wdone])), uintptr(len(r.wbuf)-r.wdone))
		switch e {
		case 0:
			r.wdone += int(m)
		case syscall.EINTR:
		case syscall.EAGAIN:
			return false // wait until writable, then go on
		default:
			r.werrno = e
			return true
		}
	}
	return true
}
