package persist

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestWriterWaitQueued: WaitQueued returns once the writer has taken the
// queue below the mark, and at once when writing ended on an error (here
// the temp file is /dev/full), whose chunks are then dropped.
func TestWriterWaitQueued(t *testing.T) {
	dir := t.TempDir()
	w, err := StartWriter(filepath.Join(dir, "dump.rdb"), "temp.rdb", WriterOptions{Compress: true})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 64; i++ {
		w.Write(make([]byte, 64<<10))
	}
	waitOrFail(t, func() { w.WaitQueued(1) })
	if q := w.Queued(); q != 0 {
		t.Fatalf("WaitQueued(1) returned with %d bytes queued", q)
	}
	w.Finish()
	if err := <-w.Done(); err != nil {
		t.Fatal(err)
	}

	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full on this system")
	}
	if err := os.Symlink("/dev/full", filepath.Join(dir, "temp-full.rdb")); err != nil {
		t.Fatal(err)
	}
	w, err = StartWriter(filepath.Join(dir, "dump.rdb"), "temp-full.rdb", WriterOptions{})
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

// waitOrFail runs f and fails the test if it has not returned in 30 s.
func waitOrFail(t *testing.T, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { f(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("blocked for 30 s")
	}
}
