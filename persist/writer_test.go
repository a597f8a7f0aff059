package persist

import (
	"path/filepath"
	"testing"
	"time"
)

// TestWriterWaitQueued: WaitQueued returns once the writer has taken the
// queue below the mark.
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
