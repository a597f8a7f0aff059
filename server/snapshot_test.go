package server

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"
)

// startSnapServer starts a server on 127.0.0.1:0 with dir; args are extra
// "--directive value" pairs. It returns the server and its address.
func startSnapServer(t *testing.T, dir string, args ...string) (*Server, string) {
	t.Helper()
	s, errc := serveArgs(t, nil, append([]string{"--dir", dir, "--loglevel", "warning"}, args...)...)
	waitLoaded(t, s, errc)
	return s, s.Addr().String()
}

// serveArgs starts a server on 127.0.0.1:0 with args (and the clock, if
// not nil), closed when the test ends; errc delivers Serve's outcome. It
// does not wait for loading.
func serveArgs(t *testing.T, clock func() time.Time, args ...string) (s *Server, errc <-chan error) {
	t.Helper()
	cfg := DefaultConfig()
	if err := cfg.ParseArgs(append([]string{"--port", "0", "--bind", "127.0.0.1"}, args...)); err != nil {
		t.Fatal(err)
	}
	if clock != nil {
		cfg.Clock = clock
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Listen(); err != nil {
		t.Fatal(err)
	}
	ch := make(chan error, 1)
	go func() { ch <- s.Serve() }()
	t.Cleanup(func() { s.Close() })
	return s, ch
}

// waitLoaded waits for start-up loading to end: until then data commands
// answer -LOADING. errc delivers Serve's outcome.
func waitLoaded(t *testing.T, s *Server, errc <-chan error) {
	t.Helper()
	for i := 0; ; i++ {
		loading := true
		if !s.exec(func() { loading = s.data.Loading || s.loadingFile() }) {
			t.Fatalf("server stopped while loading: %v", <-errc)
		}
		if !loading {
			return
		}
		if i > 3000 {
			t.Fatal("loading did not finish")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// pipe sends inline commands on one connection and returns one reply line
// per command (aggregate replies are not used here).
func pipe(t *testing.T, addr string, cmds ...string) []string {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(30 * time.Second))
	go c.Write([]byte(strings.Join(cmds, "\r\n") + "\r\n"))
	r := bufio.NewReader(c)
	out := make([]string, len(cmds))
	for i := range cmds {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("reply %d (%s): %v", i, cmds[i], err)
		}
		if line[0] == '$' && line != "$-1\r\n" {
			body, _ := r.ReadString('\n')
			line = body
		}
		out[i] = strings.TrimRight(line, "\r\n")
	}
	return out
}

// waitSnapshot waits until no BGSAVE is running.
func waitSnapshot(t *testing.T, s *Server) {
	t.Helper()
	for i := 0; i < 3000; i++ {
		running := true
		s.exec(func() { running = s.persist.job != nil })
		if !running {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("BGSAVE did not finish")
}

func TestSaveAndRestart(t *testing.T) {
	gcBefore, procsBefore := gcPercent(), runtime.GOMAXPROCS(0)
	dir := t.TempDir()
	s, addr := startSnapServer(t, dir, "--save", "")
	cmds := []string{"SELECT 3"}
	for i := 0; i < 500; i++ {
		cmds = append(cmds, fmt.Sprintf("SET key:%d value:%d", i, i))
	}
	cmds = append(cmds, "SET volatile v", "PEXPIRE volatile 100000000", "SAVE")
	got := pipe(t, addr, cmds...)
	if got[len(got)-1] != "+OK" {
		t.Fatalf("SAVE: %q", got[len(got)-1])
	}
	s.Close()
	if _, err := os.Stat(filepath.Join(dir, "dump.rdb")); err != nil {
		t.Fatal(err)
	}
	_, addr = startSnapServer(t, dir, "--save", "")
	if got := gcPercent(); got != gcBefore {
		t.Fatalf("GOGC after loading is %d, was %d before: the load's pause was not undone", got, gcBefore)
	}
	waitSecondP()
	if got := runtime.GOMAXPROCS(0); got != procsBefore {
		t.Fatalf("GOMAXPROCS after loading is %d, was %d before", got, procsBefore)
	}
	got = pipe(t, addr, "SELECT 3", "GET key:0", "GET key:499", "GET volatile", "GET nokey", "SELECT 0", "GET key:0",
		"SELECT 3", "EXPIRETIME volatile")
	got[len(got)-1] = strings.TrimPrefix(got[len(got)-1], ":")
	if secs, err := strconv.ParseInt(got[len(got)-1], 10, 64); err != nil || secs < time.Now().Unix()+99_000 {
		t.Fatalf("EXPIRETIME volatile after restart = %q, want the saved expire", got[len(got)-1])
	}
	got = got[:len(got)-2]
	want := []string{"+OK", "value:0", "value:499", "v", "$-1", "+OK", "$-1"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("after restart: %q, want %q", got, want)
	}
}

// TestBGSavePointInTime writes while a BGSAVE runs: the file must hold the
// dataset exactly as it was when BGSAVE started.
func TestBGSavePointInTime(t *testing.T) {
	procsBefore := runtime.GOMAXPROCS(0)
	dir := t.TempDir()
	s, addr := startSnapServer(t, dir, "--save", "")
	const n = 20000
	var cmds []string
	for i := 0; i < n; i++ {
		cmds = append(cmds, fmt.Sprintf("SET k%d v%d", i, i))
	}
	cmds = append(cmds, "BGSAVE")
	// Overwrite, delete and add keys while the snapshot is being written.
	for i := 0; i < n; i += 3 {
		cmds = append(cmds, fmt.Sprintf("SET k%d changed", i), fmt.Sprintf("DEL k%d", i+1), fmt.Sprintf("SET new%d x", i))
	}
	cmds = append(cmds, "FLUSHDB", "SET afterflush 1")
	got := pipe(t, addr, cmds...)
	if got[n] != "+Background saving started" {
		t.Fatalf("BGSAVE: %q", got[n])
	}
	waitSnapshot(t, s)
	waitSecondP()
	if got := runtime.GOMAXPROCS(0); got != procsBefore {
		t.Fatalf("GOMAXPROCS after BGSAVE is %d, was %d before", got, procsBefore)
	}
	s.Close()

	_, addr = startSnapServer(t, dir, "--save", "")
	check := []string{"DBSIZE"}
	for i := 0; i < n; i += 997 {
		check = append(check, fmt.Sprintf("GET k%d", i))
	}
	check = append(check, "GET new0", "GET afterflush")
	got = pipe(t, addr, check...)
	want := []string{fmt.Sprintf(":%d", n)}
	for i := 0; i < n; i += 997 {
		want = append(want, fmt.Sprintf("v%d", i))
	}
	want = append(want, "$-1", "$-1")
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("loaded image is not the dataset at BGSAVE:\n got %q\nwant %q", got, want)
	}
}

// gcPercent returns the GOGC in force.
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

func TestCorruptSnapshotStopsStartup(t *testing.T) {
	gcBefore := gcPercent()
	defer func() {
		if got := gcPercent(); got != gcBefore {
			t.Errorf("GOGC after a failed load is %d, was %d before", got, gcBefore)
		}
	}()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "dump.rdb"), []byte("EMBER\x00\x01\x00\xfe\x00\x00\x03ab"), 0o644)
	cfg := DefaultConfig()
	cfg.ParseArgs([]string{"--port", "0", "--bind", "127.0.0.1", "--dir", dir, "--loglevel", "nothing"})
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Listen(); err != nil {
		t.Fatal(err)
	}
	err = s.Serve()
	if err == nil || !strings.Contains(err.Error(), "dump.rdb at body offset") {
		t.Fatalf("Serve() = %v, want a load error naming the file and offset", err)
	}
}

// TestShutdownWhileLoadingKeepsFile: a shutdown that comes while the
// snapshot is still loading does not save (Redis forces NOSAVE then), so
// half a dataset never replaces the file.
func TestShutdownWhileLoadingKeepsFile(t *testing.T) {
	dir := t.TempDir()
	s, addr := startSnapServer(t, dir, "--save", "", "--enable-debug-command", "yes")
	if got := pipe(t, addr, "DEBUG POPULATE 400000", "SAVE"); got[1] != "+OK" {
		t.Fatalf("DEBUG POPULATE, SAVE: %q", got)
	}
	s.Close()
	path := filepath.Join(dir, "dump.rdb")
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	s2, _ := serveArgs(t, nil, "--dir", dir, "--loglevel", "warning", "--save", "3600", "1")
	var loading bool
	var info string
	var shutdownErr error
	s2.exec(func() {
		if loading = s2.loadingFile(); loading {
			info = s2.genInfo([][]byte{[]byte("persistence")})
			shutdownErr = s2.prepareForShutdown(true, false, false) // SHUTDOWN SAVE
		}
	})
	if !loading {
		t.Fatal("the load ended before the shutdown came: make the dataset larger")
	}
	if shutdownErr != nil {
		t.Fatalf("prepareForShutdown: %v", shutdownErr)
	}
	// INFO shows the load's progress, with Redis's fields.
	p := infoFields(info)["persistence"]
	if p["loading"] != "1" || p["loading_total_bytes"] != strconv.Itoa(len(before)) {
		t.Fatalf("INFO persistence while loading a %d-byte file: %v", len(before), p)
	}
	read, _ := strconv.Atoi(p["loading_loaded_bytes"])
	perc, _ := strconv.ParseFloat(p["loading_loaded_perc"], 64)
	if read > len(before) || perc < 0 || perc > 100 || p["loading_start_time"] == "" || p["loading_eta_seconds"] == "" {
		t.Fatalf("INFO loading progress: %v", p)
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Fatalf("dump.rdb changed by a shutdown during loading: %d bytes, was %d", len(after), len(before))
	}
}

// TestFlushallAndSnapshots: FLUSHALL stops a running BGSAVE, whose image
// is the data just flushed, so the previous file stays; with save points
// it saves the empty dataset at once and leaves no change unsaved; the
// changes it counts are the keys it removed (Redis's
// flushAllDataAndResetRDB), FLUSHDB's too, even on an empty db.
func TestFlushallAndSnapshots(t *testing.T) {
	dir := t.TempDir()
	s, addr := startSnapServer(t, dir, "--save", "", "--enable-debug-command", "yes")
	path := filepath.Join(dir, "dump.rdb")
	dirty := func() int64 {
		var d int64
		s.exec(func() { d = s.dirty })
		return d
	}
	if got := pipe(t, addr, "SET a 1", "SAVE", "SET b 2", "SET c 3", "FLUSHDB"); got[4] != "+OK" {
		t.Fatalf("FLUSHDB: %q", got)
	}
	if d := dirty(); d != 5 { // 2 SETs + 3 keys flushed, as in Redis
		t.Fatalf("changes after SET, SET, FLUSHDB: %d, want 5", d)
	}
	pipe(t, addr, "FLUSHDB")
	if d := dirty(); d != 5 {
		t.Fatalf("FLUSHDB of an empty db counted %d changes", d-5)
	}
	before, _ := os.ReadFile(path)
	got := pipe(t, addr, "DEBUG POPULATE 300000", "BGSAVE", "FLUSHALL")
	if got[1] != "+Background saving started" || got[2] != "+OK" {
		t.Fatalf("BGSAVE, FLUSHALL: %q", got)
	}
	waitSnapshot(t, s)
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatal("the BGSAVE that FLUSHALL interrupted still replaced dump.rdb")
	}
	if d := dirty(); d != 5+300000 { // DEBUG POPULATE counts none
		t.Fatalf("changes after DEBUG POPULATE and FLUSHALL: %d, want %d", d, 5+300000)
	}

	setConfig(t, s, "save", "3600 1")
	if got := pipe(t, addr, "SET x 1", "FLUSHALL"); got[1] != "+OK" {
		t.Fatalf("FLUSHALL: %q", got)
	}
	if d := dirty(); d != 0 {
		t.Fatalf("changes since the save FLUSHALL made: %d", d)
	}
	s.Close()
	_, addr = startSnapServer(t, dir, "--save", "")
	if got := pipe(t, addr, "DBSIZE"); got[0] != ":0" {
		t.Fatalf("after FLUSHALL with save points the file holds %s keys", got[0])
	}
}

// TestBGSaveKeysProgress: while a BGSAVE runs INFO counts the keys it must
// save and has saved (current_save_keys_total, _processed); 0 after.
func TestBGSaveKeysProgress(t *testing.T) {
	s, addr := startSnapServer(t, t.TempDir(), "--save", "", "--enable-debug-command", "yes")
	pipe(t, addr, "DEBUG POPULATE 5000", "SELECT 1", "DEBUG POPULATE 3000")
	var during, after map[string]string
	s.exec(func() {
		if err := s.startSnapshot(); err != nil {
			t.Error(err)
			return
		}
		s.snapshotStep(time.Hour) // the walk, whole: the writer keeps up with 8000 small keys
		during = infoFields(s.genInfo([][]byte{[]byte("persistence")}))["persistence"]
	})
	waitSnapshot(t, s)
	s.exec(func() { after = infoFields(s.genInfo([][]byte{[]byte("persistence")}))["persistence"] })
	if during["current_save_keys_total"] != "8000" || during["current_save_keys_processed"] != "8000" {
		t.Fatalf("during the BGSAVE: total %s, processed %s; want 8000, 8000",
			during["current_save_keys_total"], during["current_save_keys_processed"])
	}
	if after["current_save_keys_total"] != "0" || after["current_save_keys_processed"] != "0" {
		t.Fatalf("after the BGSAVE: %v", after)
	}
}

// TestDebugReloadCounters: DEBUG RELOAD sets rdb_last_load_keys_loaded to
// what it loaded and, as Redis, does not count in rdb_saves or set
// rdb_last_bgsave_time_sec; SAVE does count.
func TestDebugReloadCounters(t *testing.T) {
	s, addr := startSnapServer(t, t.TempDir(), "--save", "", "--enable-debug-command", "yes")
	if got := pipe(t, addr, "SET a 1", "SET b 2", "SET c 3", "DEBUG RELOAD"); got[3] != "+OK" {
		t.Fatalf("DEBUG RELOAD: %q", got)
	}
	persistence := func() map[string]string {
		var p map[string]string
		s.exec(func() { p = infoFields(s.genInfo([][]byte{[]byte("persistence")}))["persistence"] })
		return p
	}
	p := persistence()
	if p["rdb_last_load_keys_loaded"] != "3" || p["rdb_saves"] != "0" || p["rdb_last_bgsave_time_sec"] != "-1" {
		t.Fatalf("after DEBUG RELOAD: keys loaded %s, saves %s, last bgsave time %s; want 3, 0, -1",
			p["rdb_last_load_keys_loaded"], p["rdb_saves"], p["rdb_last_bgsave_time_sec"])
	}
	pipe(t, addr, "SAVE")
	if p := persistence(); p["rdb_saves"] != "1" || p["rdb_last_bgsave_time_sec"] != "-1" {
		t.Fatalf("after SAVE: saves %s, last bgsave time %s; want 1, -1", p["rdb_saves"], p["rdb_last_bgsave_time_sec"])
	}
}
