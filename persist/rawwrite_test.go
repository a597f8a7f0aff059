package persist

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// rawWrite must behave as (*os.File).Write: all bytes appended, and an
// *os.PathError naming the file on failure.
func TestRawWrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	want := bytes.Repeat([]byte("*1\r\n$4\r\nPING\r\n"), 100_000)
	if n, err := rawWrite(f, want[:7]); n != 7 || err != nil {
		t.Fatalf("rawWrite = %d, %v", n, err)
	}
	if n, err := rawWrite(f, want[7:]); n != len(want)-7 || err != nil {
		t.Fatalf("rawWrite = %d, %v", n, err)
	}
	f.Close()
	if got, _ := os.ReadFile(path); !bytes.Equal(got, want) {
		t.Fatalf("file has %d bytes, want the %d written", len(got), len(want))
	}
	ro, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	_, err = rawWrite(ro, []byte("x"))
	var pe *os.PathError
	if !errors.As(err, &pe) || pe.Op != "write" || pe.Path != path {
		t.Fatalf("write to a read-only file: %#v, want an *os.PathError for %s", err, path)
	}
}

// rawFdatasync syncs a file and reports a bad descriptor, as fdatasync.
func TestRawFdatasync(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "f"))
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("x")
	if err := rawFdatasync(f); err != nil {
		t.Fatalf("rawFdatasync: %v", err)
	}
	f.Close()
	if err := rawFdatasync(f); err == nil {
		t.Fatal("rawFdatasync of a closed file: no error")
	}
}
