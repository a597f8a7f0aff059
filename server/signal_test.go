package server

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestShutdownSignal: SIGTERM and SIGINT shut down as SHUTDOWN with the
// flags of shutdown-on-sigterm and shutdown-on-sigint, logged as Redis
// logs them ("Received SIGTERM scheduling shutdown...").
func TestShutdownSignal(t *testing.T) {
	cases := []struct {
		name  string
		sig   os.Signal
		args  []string
		saved bool
		line  string
	}{
		{"term default", syscall.SIGTERM, nil, true, "Received SIGTERM scheduling shutdown..."},
		{"int default", os.Interrupt, nil, true, "Received SIGINT scheduling shutdown..."},
		{"term nosave", syscall.SIGTERM, []string{"--shutdown-on-sigterm", "nosave"}, false, "Received SIGTERM scheduling shutdown..."},
		{"term nosave now", syscall.SIGTERM, []string{"--shutdown-on-sigterm", "nosave now"}, false, "Received SIGTERM scheduling shutdown..."},
		{"int nosave", os.Interrupt, []string{"--shutdown-on-sigint", "nosave"}, false, "Received SIGINT scheduling shutdown..."},
		{"int not sigterm's", os.Interrupt, []string{"--shutdown-on-sigterm", "nosave"}, true, "Received SIGINT scheduling shutdown..."},
		{"term save", syscall.SIGTERM, []string{"--save", "", "--shutdown-on-sigterm", "save"}, true, "Received SIGTERM scheduling shutdown..."},
		{"term no save points", syscall.SIGTERM, []string{"--save", ""}, false, "Received SIGTERM scheduling shutdown..."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			logPath := filepath.Join(dir, "server.log")
			s, addr := startSnapServer(t, dir, append([]string{"--logfile", logPath, "--loglevel", "notice"}, tc.args...)...)
			if got := pipe(t, addr, "SET k v"); got[0] != "+OK" {
				t.Fatalf("SET: %v", got)
			}
			s.Shutdown(tc.sig)
			waitStopped(t, s)
			_, err := os.Stat(filepath.Join(dir, "dump.rdb"))
			if saved := err == nil; saved != tc.saved {
				t.Errorf("saved = %v, want %v", saved, tc.saved)
			}
			log, _ := os.ReadFile(logPath)
			if !strings.Contains(string(log), "# "+tc.line+"\n") {
				t.Errorf("log does not have %q:\n%s", tc.line, log)
			}
		})
	}
}

// TestShutdownSignalForce: a failed final save keeps the server running,
// unless shutdown-on-sigterm has force.
func TestShutdownSignalForce(t *testing.T) {
	dir := t.TempDir()
	logPath := filepath.Join(dir, "server.log")
	s, addr := startSnapServer(t, dir, "--logfile", logPath, "--loglevel", "notice")
	// dump.rdb a directory: renaming the saved file onto it fails.
	if err := os.Mkdir(filepath.Join(dir, "dump.rdb"), 0o755); err != nil {
		t.Fatal(err)
	}
	pipe(t, addr, "SET k v")
	s.Shutdown(syscall.SIGTERM)
	select {
	case <-s.stopped:
		t.Fatal("stopped though the final save failed")
	case <-time.After(100 * time.Millisecond):
	}
	if got := pipe(t, addr, "CONFIG SET shutdown-on-sigterm force", "GET k"); got[0] != "+OK" || got[1] != "v" {
		t.Fatalf("after a failed shutdown: %v", got)
	}
	s.Shutdown(syscall.SIGTERM)
	waitStopped(t, s)
	// As Redis 7.0.15 logs it: the request first, then the save.
	log, _ := os.ReadFile(logPath)
	want := []string{"# Received SIGTERM scheduling shutdown...", "# User requested shutdown...",
		"* Saving the final RDB snapshot before exiting.", "# Error trying to save the DB, can't exit.",
		"# Errors trying to shut down the server. Check the logs for more information.",
		"# Received SIGTERM scheduling shutdown...", "# User requested shutdown...",
		"* Saving the final RDB snapshot before exiting.", "# Redis is now ready to exit, bye bye..."}
	rest := string(log)
	for _, w := range want {
		i := strings.Index(rest, w+"\n")
		if i < 0 {
			t.Fatalf("log does not have %q in order:\n%s", w, log)
		}
		rest = rest[i+len(w):]
	}
}

// TestShutdownSignalLoading: a signal while the dataset loads never saves
// it (it is partial), whatever the flags say.
func TestShutdownSignalLoading(t *testing.T) {
	dir := t.TempDir()
	logPath := filepath.Join(dir, "server.log")
	s, _ := startSnapServer(t, dir, "--logfile", logPath, "--loglevel", "notice", "--shutdown-on-sigterm", "save")
	s.exec(func() { s.data.Loading = true }) // as while loading
	s.Shutdown(syscall.SIGTERM)
	waitStopped(t, s)
	if _, err := os.Stat(filepath.Join(dir, "dump.rdb")); err == nil {
		t.Error("saved while loading")
	}
	log, _ := os.ReadFile(logPath)
	if !strings.Contains(string(log), "# Received shutdown signal during loading, scheduling shutdown.\n") {
		t.Errorf("log:\n%s", log)
	}
}

// TestShutdownCommandLoading: SHUTDOWN SAVE while the dataset loads does
// not save it either, as Redis forces NOSAVE then.
func TestShutdownCommandLoading(t *testing.T) {
	dir := t.TempDir()
	s, addr := startSnapServer(t, dir)
	s.exec(func() { s.data.Loading = true }) // as while loading
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Write([]byte("SHUTDOWN SAVE\r\n"))
	waitStopped(t, s)
	if _, err := os.Stat(filepath.Join(dir, "dump.rdb")); err == nil {
		t.Error("saved while loading")
	}
}

func waitStopped(t *testing.T, s *Server) {
	t.Helper()
	select {
	case <-s.stopped:
	case <-time.After(10 * time.Second):
		t.Fatal("server did not stop")
	}
}
