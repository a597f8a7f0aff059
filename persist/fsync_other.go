//go:build !linux

package persist

import "os"

// fdatasync flushes f to the disk (fsync where fdatasync is not available).
func fdatasync(f *os.File) error { return f.Sync() }

// rawWrite is (*os.File).Write where RawSyscall is not used (see the Linux
// version).
func rawWrite(f *os.File, b []byte) (int, error) { return f.Write(b) }

// rawFdatasync is fdatasync where RawSyscall is not used (see the Linux
// version).
func rawFdatasync(f *os.File) error { return fdatasync(f) }
