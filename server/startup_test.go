package server

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestStartupSnapshotHeaderError: a snapshot whose header is bad (empty
// file, wrong magic, wrong version) stops start-up with the error logged
// to the log file, prefixed as every other load error ("Fatal error
// loading the DB: ... Exiting.").
func TestStartupSnapshotHeaderError(t *testing.T) {
	for name, data := range map[string]string{
		"empty":   "",
		"magic":   "REDIS0010\xfa\x09redis-ver\x067.0.15\xff",
		"version": "EMBER\x00\x63\x00\xff\xff\xff\xff",
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "dump.rdb"), []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
			logPath := filepath.Join(dir, "server.log")
			s, errc := serveArgs(t, nil, "--dir", dir, "--logfile", logPath)
			var err error
			select {
			case err = <-errc:
			case <-time.After(10 * time.Second):
				s.Close()
				t.Fatal("server started on a bad snapshot")
			}
			if err == nil || !strings.HasPrefix(err.Error(), "Fatal error loading the DB: ") ||
				!strings.HasSuffix(err.Error(), ". Exiting.") {
				t.Fatalf("Serve = %v, want Fatal error loading the DB: ... Exiting.", err)
			}
			log, _ := os.ReadFile(logPath)
			if !strings.Contains(string(log), "# "+err.Error()+"\n") {
				t.Errorf("log does not have %q:\n%s", err, log)
			}
			if strings.Contains(string(log), "Ready to accept connections") {
				t.Errorf("log says ready though the load failed:\n%s", log)
			}
		})
	}
}

// TestStartupReadyAfterLoad: "Ready to accept connections" is logged once
// the dataset is loaded, after "DB loaded from disk", as Redis does; with
// nothing to load, at once.
func TestStartupReadyAfterLoad(t *testing.T) {
	dir := t.TempDir()
	s, addr := startSnapServer(t, dir)
	if got := pipe(t, addr, "SET a 1", "SET b 2", "SAVE"); got[2] != "+OK" {
		t.Fatalf("SAVE: %v", got)
	}
	s.Close()

	logPath := filepath.Join(dir, "server.log")
	startSnapServer(t, dir, "--logfile", logPath, "--loglevel", "notice")
	log, _ := os.ReadFile(logPath)
	text := string(log)
	loaded := strings.Index(text, "DB loaded from disk")
	ready := strings.Index(text, "Ready to accept connections tcp on 127.0.0.1:")
	if loaded < 0 || ready < loaded || strings.Count(text, "Ready to accept connections") != 1 {
		t.Errorf("want one Ready line after DB loaded from disk:\n%s", text)
	}

	emptyLog := filepath.Join(t.TempDir(), "server.log")
	startSnapServer(t, t.TempDir(), "--logfile", emptyLog, "--loglevel", "notice")
	// Nothing to load: ready at once (logged before the first command ran).
	log, _ = os.ReadFile(emptyLog)
	if strings.Count(string(log), "Ready to accept connections tcp on 127.0.0.1:") != 1 {
		t.Errorf("want one Ready line:\n%s", log)
	}
}
