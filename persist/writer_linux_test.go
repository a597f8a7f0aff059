package persist

import (
	"os"
	"path/filepath"
	"testing"
)

// TestWriterFailureDropsQueue: when writing ends on an error (the temp
// file is Linux's /dev/full, which answers ENOSPC), WaitQueued returns at
// once, Done reports the error and later chunks are dropped.
func TestWriterFailureDropsQueue(t *testing.T) {
	dir := t.TempDir()
	if err := os.Symlink("/dev/full", filepath.Join(dir, "temp-full.rdb")); err != nil {
		t.Fatal(err)
	}
	w, err := StartWriter(filepath.Join(dir, "dump.rdb"), "temp-full.rdb", WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 64; i++ {
		w.Write(make([]byte, 1<<20)) // more than the bufio buffer: the writes reach the file
	}
	waitOrFail(t, func() { w.WaitQueued(1) })
	if err := <-w.Done(); err == nil {
		t.Fatal("writing to a full disk succeeded")
	}
	w.Write(make([]byte, 100))
	if q := w.Queued(); q != 0 {
		t.Fatalf("a failed writer queued %d bytes", q)
	}
}
