package persist

import (
	"os"
	"syscall"
	"unsafe"
)

// fdatasync flushes f's data (and the metadata needed to read it back, such
// as its size) to the disk: Redis's redis_fsync is fdatasync on Linux.
func fdatasync(f *os.File) error {
	for {
		err := syscall.Fdatasync(int(f.Fd()))
		switch err {
		case syscall.EINTR:
			continue
		case syscall.EINVAL:
			// Not a file that can be synced (a character device): nothing
			// is lost, as Redis's bio ignores EINVAL.
			return nil
		case nil:
			return nil
		}
		return err
	}
}

// rawWrite is (*os.File).Write made with RawSyscall: the executor's own AOF
// write at the end of a pass (AOF.Submit), which Redis's beforeSleep makes
// inline too. Without entersyscall the runtime's monitor does not hand the P
// to another thread when the write passes 20 µs: with GOMAXPROCS 1 those
// handoffs, and the monitor polling every 20 µs to find them, cost a tenth
// of a core at redis-benchmark -P 1 (appendfsync everysec). The write holds
// the P while the kernel copies into the page cache, as it holds Redis's
// main thread.
func rawWrite(f *os.File, b []byte) (int, error) {
	rc, err := f.SyscallConn()
	if err != nil {
		return f.Write(b)
	}
	done := 0
	var errno syscall.Errno
	err = rc.Write(func(fd uintptr) bool {
		for done < len(b) && errno == 0 {
			n, _, e := syscall.RawSyscall(syscall.SYS_WRITE, fd, uintptr(unsafe.Pointer(&b[done])), uintptr(len(b)-done))
			switch {
			case e == syscall.EINTR:
			case e != 0:
				errno = e
			case n == 0:
				errno = syscall.EIO // no progress on a regular file
			default:
				done += int(n)
			}
		}
		return true
	})
	if err == nil && errno != 0 {
		err = errno
	}
	if err != nil {
		return done, &os.PathError{Op: "write", Path: f.Name(), Err: err}
	}
	return done, nil
}
