package persist

import (
	"os"
	"syscall"
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
