package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSnapshotCrashDuringBGSAVE kills the server (SIGKILL) right after a
// BGSAVE started: the restart must load a complete snapshot — the previous
// one, or the new one if it finished — never a partial file, and never fail.
func TestSnapshotCrashDuringBGSAVE(t *testing.T) {
	dir := t.TempDir()
	c := startChild(t, dir, "--enable-debug-command", "yes")
	rc := dialRaw(t, c.addr)
	rc.do("DEBUG", "POPULATE", "200000", "old")
	if r := string(rc.do("SAVE")); r != "+OK\r\n" {
		t.Fatalf("SAVE = %q", r)
	}
	old, err := os.ReadFile(filepath.Join(dir, "dump.rdb"))
	if err != nil {
		t.Fatal(err)
	}
	rc.do("FLUSHDB") // not FLUSHALL: with save points it would save the empty dataset
	rc.do("DEBUG", "POPULATE", "300000", "new")
	if r := string(rc.do("BGSAVE")); r != "+Background saving started\r\n" {
		t.Fatalf("BGSAVE = %q", r)
	}
	c.kill()

	now, err := os.ReadFile(filepath.Join(dir, "dump.rdb"))
	if err != nil {
		t.Fatal(err)
	}
	c = startChild(t, dir)
	rc = dialRaw(t, c.addr)
	size := string(rc.do("DBSIZE"))
	switch {
	case string(now) == string(old):
		if size != ":200000\r\n" || string(rc.do("EXISTS", "old:1")) != ":1\r\n" {
			t.Fatalf("previous snapshot not loaded intact: DBSIZE %q", size)
		}
	default: // the BGSAVE finished before the kill: the new image, whole
		if size != ":300000\r\n" || string(rc.do("EXISTS", "new:1")) != ":1\r\n" {
			t.Fatalf("new snapshot not loaded intact: DBSIZE %q", size)
		}
		t.Log("BGSAVE finished before SIGKILL; checked the new snapshot instead")
	}
	if strings.Contains(c.logText(), "Fatal") {
		t.Fatalf("start-up logged a fatal error:\n%s", c.logText())
	}
}
