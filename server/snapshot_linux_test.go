package server

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSaveWriteError: when the disk refuses the snapshot's bytes (here the
// temp file is Linux's /dev/full, which answers ENOSPC), BGSAVE ends as failed
// instead of hanging with its queue full, writes get MISCONF, SAVE answers
// -ERR without touching the BGSAVE status, and a SAVE that works again
// clears it, as Redis's rdbSave does.
func TestSaveWriteError(t *testing.T) {
	dir := t.TempDir()
	s, addr := startSnapServer(t, dir, "--save", "3600", "1", "--rdbcompression", "no", "--enable-debug-command", "yes")
	// 100k keys of 100 bytes: far more than the writer queues (4 MB).
	if got := pipe(t, addr, "DEBUG POPULATE 100000 key 100"); got[0] != "+OK" {
		t.Fatalf("DEBUG POPULATE: %q", got)
	}
	temp := filepath.Join(dir, snapshotTempName())
	fullDisk := func() { // a failed save removes its temp file: the link
		if err := os.Symlink("/dev/full", temp); err != nil {
			t.Fatal(err)
		}
	}
	fullDisk()
	status := func() string {
		var st string
		s.exec(func() {
			st = "ok"
			if !s.persist.lastBgsaveOK {
				st = "err"
			}
		})
		return st
	}
	if got := pipe(t, addr, "BGSAVE"); got[0] != "+Background saving started" {
		t.Fatalf("BGSAVE: %q", got)
	}
	waitSnapshot(t, s)
	if st := status(); st != "err" {
		t.Fatalf("rdb_last_bgsave_status after a failed BGSAVE: %s", st)
	}
	if got := pipe(t, addr, "SET k v"); !strings.HasPrefix(got[0], "-MISCONF ") {
		t.Fatalf("SET after a failed BGSAVE: %q", got)
	}
	fullDisk()
	if got := pipe(t, addr, "SAVE"); got[0] != "-ERR" {
		t.Fatalf("SAVE on a full disk: %q", got)
	}
	if st := status(); st != "err" {
		t.Fatalf("a failed SAVE changed rdb_last_bgsave_status to %s", st)
	}
	os.Remove(temp)
	if got := pipe(t, addr, "SAVE", "SET k v"); got[0] != "+OK" || got[1] != "+OK" {
		t.Fatalf("SAVE, SET once the disk takes the file: %q", got)
	}
	if st := status(); st != "ok" {
		t.Fatalf("rdb_last_bgsave_status after a good SAVE: %s", st)
	}
}
