package persist

import (
	"os"
	"syscall"
	"unsafe"
)

// fdatasync flushes f's data (and the metadata needed to read it back, such
// as its size) to the disk: Redis's redis_fsync is fdatasync on Linux.
func fdatasync(f *os.File) error { return fdatasyncWith(f, false) }

// rawFdatasync is fdatasync made with RawSyscall, for appendfsync always:
// the goroutine keeps its P while the disk works, as Redis's main thread
// blocks in the fsync of flushAppendOnlyFile. With an ordinary syscall the
// runtime handed the P to another thread and woke threads to run the few
// goroutines the pass left, which on 2 vCPUs waited behind the client for
// a CPU (perf sched: 0.6 ms scheduling delays): redis-benchmark -c 50 went
// from 0.73x to 0.85-0.99x Redis at -P 1 and from 1.2x to 1.55-2.15x at
// -P 16. With GOMAXPROCS 1 the executor waits for the fsync, as Redis's
// does; with more Ps it goes on meanwhile. Everysec's fsync stays an
// ordinary syscall: it must not stop anything.
func rawFdatasync(f *os.File) error { return fdatasyncWith(f, true) }

func fdatasyncWith(f *os.File, raw bool) error {
	fd := f.Fd()
	for {
		var err error
		if raw {
			if _, _, e := syscall.RawSyscall(syscall.SYS_FDATASYNC, fd, 0, 0); e != 0 {
				err = e
			}
		} else {
			err = syscall.Fdatasync(int(fd))
		}
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
