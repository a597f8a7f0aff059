package server

import (
	"bufio"
	"io"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/ember-db/ember/persist"
)

// aofTestClock is an injectable server clock.
type aofTestClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *aofTestClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *aofTestClock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// startAOFServer starts a server on 127.0.0.1:0 with dir and the clock.
func startAOFServer(t *testing.T, dir string, clock func() time.Time, args ...string) (*Server, string) {
	t.Helper()
	s, errc := serveArgs(t, clock, append([]string{"--dir", dir, "--loglevel", "warning", "--save", ""}, args...)...)
	waitLoaded(t, s, errc)
	return s, s.Addr().String()
}

// incrFile returns the content of the AOF's current incremental file.
func incrFile(t *testing.T, s *Server) string {
	t.Helper()
	var path string
	s.exec(func() {
		a := &s.persist.aof
		path = filepath.Join(a.dir, a.manifest.Incr[len(a.manifest.Incr)-1].Name)
	})
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// resp renders commands as the AOF holds them.
func respOf(cmds ...string) string {
	var b []byte
	for _, c := range cmds {
		var argv [][]byte
		for _, f := range strings.Fields(c) {
			argv = append(argv, []byte(f))
		}
		b = persist.AppendCommand(b, argv)
	}
	return string(b)
}

// TestPropagationUnits checks what each execution unit writes: a command,
// an EXEC (wrapped when it has several records, not when it has one), a
// write that found a lazily expired key (DEL first, wrapped), an active
// expire pass (not wrapped), SELECT when the db changes, nothing for reads.
func TestPropagationUnits(t *testing.T) {
	clock := &aofTestClock{now: time.UnixMilli(1_700_000_000_000)}
	s, addr := startAOFServer(t, t.TempDir(), clock.Now, "--appendonly", "yes", "--appendfsync", "always")
	got := doRESP(t, addr, "SET a 1", "GET a", "MULTI", "SET b 2", "SET c 3", "EXEC", "MULTI", "SET d 4", "GET d", "EXEC",
		"SELECT 2", "SET k v", "PEXPIRE k 1000", "SET other x", "PEXPIRE other 1000", "PEXPIRE k3 5")
	if got[5] != "[+OK +OK]" || got[9] != "[+OK 4]" {
		t.Fatalf("EXEC replies: %q", got)
	}
	clock.Add(2 * time.Second)
	pipe(t, addr, "SELECT 2", "SET k v2", "GET a")
	want := respOf("SELECT 0", "SET a 1", "MULTI", "SET b 2", "SET c 3", "EXEC", "SET d 4",
		"SELECT 2", "SET k v", "PEXPIREAT k 1700000001000", "SET other x", "PEXPIREAT other 1700000001000",
		"MULTI", "DEL k", "SET k v2", "EXEC")
	if f := incrFile(t, s); f != want {
		t.Fatalf("incremental file:\n%q\nwant\n%q", f, want)
	}
	// An active expire pass: its DELs are independent, not a transaction.
	pipe(t, addr, "SELECT 3", "SET x1 1", "SET x2 2", "PEXPIRE x1 10", "PEXPIRE x2 10")
	want += respOf("SELECT 3", "SET x1 1", "SET x2 2", "PEXPIREAT x1 1700000002010", "PEXPIREAT x2 1700000002010")
	clock.Add(time.Second)
	s.exec(func() { s.cron() })
	pipe(t, addr, "PING")
	f := incrFile(t, s)
	tail := strings.TrimPrefix(f, want)
	a := respOf("SELECT 2", "DEL other", "SELECT 3", "DEL x1", "DEL x2")
	b := respOf("SELECT 2", "DEL other", "SELECT 3", "DEL x2", "DEL x1")
	if tail != a && tail != b {
		t.Fatalf("expire pass records:\n%q\nwant\n%q (x1, x2 in any order)", tail, a)
	}
}

// doRESP sends commands on one connection and returns each reply rendered
// compactly: "+OK", "-ERR ...", ":1", "v" (bulk), "(nil)", "[a b]".
func doRESP(t *testing.T, addr string, cmds ...string) []string {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(30 * time.Second))
	go c.Write([]byte(strings.Join(cmds, "\r\n") + "\r\n"))
	r := bufio.NewReader(c)
	var read func() string
	read = func() string {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		line = strings.TrimRight(line, "\r\n")
		switch line[0] {
		case '$':
			n, _ := strconv.Atoi(line[1:])
			if n < 0 {
				return "(nil)"
			}
			buf := make([]byte, n+2)
			if _, err := io.ReadFull(r, buf); err != nil {
				t.Fatal(err)
			}
			return string(buf[:n])
		case '*':
			n, _ := strconv.Atoi(line[1:])
			if n < 0 {
				return "(nil)"
			}
			parts := make([]string, n)
			for i := range parts {
				parts[i] = read()
			}
			return "[" + strings.Join(parts, " ") + "]"
		}
		return line
	}
	out := make([]string, len(cmds))
	for i := range out {
		out[i] = read()
	}
	return out
}

// setConfig sets a directive as CONFIG SET would and runs the AOF hook.
func setConfig(t *testing.T, s *Server, name, value string) (string, string) {
	t.Helper()
	var rname, reason string
	s.exec(func() {
		s.cfg.values[name] = value // the canonical text, as the registry stores it
		rname, reason = s.applyAOFConfig([]string{name}, false)
	})
	return rname, reason
}

func waitAOF(t *testing.T, s *Server, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		ok := false
		s.exec(func() { ok = cond() })
		if ok {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatal("condition not reached")
}

// TestConfigSetAppendonly turns AOF on at runtime (a first rewrite writes
// the base while writes go on), then off, and restarts on the files.
func TestConfigSetAppendonly(t *testing.T) {
	dir := t.TempDir()
	s, addr := startAOFServer(t, dir, nil)
	var cmds []string
	for i := 0; i < 3000; i++ {
		cmds = append(cmds, "SET before"+strconv.Itoa(i)+" v")
	}
	pipe(t, addr, cmds...)
	if name, reason := setConfig(t, s, "appendonly", "yes"); reason != "" {
		t.Fatalf("appendonly yes: %s %s", name, reason)
	}
	pipe(t, addr, "SET during 1", "DEL before0")
	waitAOF(t, s, func() bool { return s.persist.aof.state == aofOn })
	pipe(t, addr, "SET after 1")
	var manifest string
	s.exec(func() { manifest = s.persist.aof.manifest.String() })
	if manifest != "file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n" {
		t.Fatalf("manifest after turning AOF on:\n%s", manifest)
	}
	if _, err := os.Stat(filepath.Join(dir, "appendonlydir", "temp-appendonly.aof.incr")); !os.IsNotExist(err) {
		t.Fatalf("temp incr file left: %v", err)
	}
	setConfig(t, s, "appendonly", "no")
	pipe(t, addr, "SET notlogged 1")
	s.Close()

	gcBefore, procsBefore, limitBefore := gcPercent(), runtime.GOMAXPROCS(0), debug.SetMemoryLimit(-1)
	_, addr = startAOFServer(t, dir, nil, "--appendonly", "yes")
	got := pipe(t, addr, "DBSIZE", "GET before1", "GET before0", "GET during", "GET after", "GET notlogged")
	// The base loaded with the collector off and two Ps, the incremental
	// file under a memory limit; all are back.
	waitSecondP()
	if gc, procs, limit := gcPercent(), runtime.GOMAXPROCS(0), debug.SetMemoryLimit(-1); gc != gcBefore || procs != procsBefore || limit != limitBefore {
		t.Fatalf("after the AOF load GOGC %d GOMAXPROCS %d GOMEMLIMIT %d, before %d %d %d", gc, procs, limit, gcBefore, procsBefore, limitBefore)
	}
	if want := []string{":3001", "v", "$-1", "1", "1", "$-1"}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("after restart: %q, want %q", got, want)
	}
}

// TestWriteErrorMisconf: a failed write under everysec keeps the records
// and answers writes (and PING) with MISCONF until a write succeeds; under
// always it exits.
func TestWriteErrorMisconf(t *testing.T) {
	s, addr := startAOFServer(t, t.TempDir(), nil, "--appendonly", "yes", "--appendfsync", "everysec")
	var failing atomic.Bool
	failing.Store(true)
	swapAOF(t, s, func(o *persist.AOFOptions) {
		o.Write = func(f *os.File, b []byte) (int, error) {
			if failing.Load() {
				return 0, syscall.ENOSPC
			}
			return f.Write(b)
		}
	})
	var sizeBefore int64
	s.exec(func() { sizeBefore = s.aofCurrentSize() })
	if got := doRESP(t, addr, "SET a 1"); got[0] != "+OK" {
		t.Fatalf("SET = %q", got[0])
	}
	got := doRESP(t, addr, "SET b 2", "PING", "GET a")
	misconf := "-MISCONF Errors writing to the AOF file: No space left on device"
	if got[0] != misconf || got[1] != misconf || got[2] != "1" {
		t.Fatalf("during the error: %q", got)
	}
	// aof_current_size counts what is in the files, not the kept bytes.
	if got := doRESP(t, addr, "INFO persistence")[0]; !strings.Contains(got, "aof_current_size:"+strconv.FormatInt(sizeBefore, 10)+"\r\n") {
		t.Fatalf("aof_current_size during the error, want %d:\n%s", sizeBefore, got)
	}
	failing.Store(false)
	deadline := time.Now().Add(10 * time.Second)
	for {
		got = doRESP(t, addr, "SET c 3") // the writer retries within a second
		if got[0] == "+OK" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("writes still refused after the disk recovered: %q", got)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if f := incrFile(t, s); !strings.Contains(f, respOf("SET a 1")) || !strings.Contains(f, respOf("SET c 3")) {
		t.Fatalf("records lost: %q", f)
	}

	// Under always: log and exit.
	exited := make(chan int, 4)
	s.exec(func() {
		s.persist.aof.exit = func(code int) {
			select {
			case exited <- code:
			default:
			}
		}
	})
	failing.Store(true)
	s.exec(func() { s.persist.aof.file.SetPolicy(persist.FsyncAlways) })
	asyncDo(t, addr, "SET d 4") // never answered: the server "exits"
	select {
	case code := <-exited:
		if code != 1 {
			t.Fatalf("exit(%d)", code)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a write error under always did not exit")
	}
	failing.Store(false) // let Close write
}

// gatedSync is an fsync that blocks until the test opens the gate.
type gatedSync struct {
	started chan struct{} // receives one value per fsync that begins
	gate    chan struct{} // an fsync completes per value received
}

func newGatedSync() *gatedSync {
	return &gatedSync{started: make(chan struct{}, 100), gate: make(chan struct{}, 100)}
}

func (g *gatedSync) sync(f *os.File) error {
	g.started <- struct{}{}
	<-g.gate
	return nil
}

// swapAOF replaces the server's AOF with one on a new incremental file,
// with options changed by opt.
func swapAOF(t *testing.T, s *Server, opt func(o *persist.AOFOptions)) {
	t.Helper()
	s.exec(func() {
		a := &s.persist.aof
		a.file.Close()
		f, err := persist.CreateAOFFile(filepath.Join(a.dir, a.manifest.Incr[len(a.manifest.Incr)-1].Name))
		if err != nil {
			t.Error(err)
			return
		}
		opts := s.aofOptions()
		opt(&opts)
		if a.file, err = persist.NewAOF(f, opts); err != nil {
			t.Error(err)
		}
	})
}

// asyncDo sends one command on a new connection and delivers its reply line.
func asyncDo(t *testing.T, addr, cmd string) <-chan string {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	out := make(chan string, 1)
	go func() {
		c.SetDeadline(time.Now().Add(30 * time.Second))
		c.Write([]byte(cmd + "\r\n"))
		line, _ := bufio.NewReader(c).ReadString('\n')
		out <- strings.TrimRight(line, "\r\n")
	}()
	return out
}

func noReply(t *testing.T, what string, ch <-chan string) {
	t.Helper()
	select {
	case r := <-ch:
		t.Fatalf("%s replied %q before the fsync covering it", what, r)
	case <-time.After(30 * time.Millisecond):
	}
}

func reply(t *testing.T, what string, ch <-chan string) string {
	t.Helper()
	select {
	case r := <-ch:
		return r
	case <-time.After(10 * time.Second):
		t.Fatalf("%s never replied", what)
	}
	return ""
}

// TestAlwaysPipelinedGroupCommit: under appendfsync always a write's reply
// waits for its fsync, and so does a read that may have observed it; while
// that fsync runs the executor keeps executing, and the passes that finish
// meanwhile share the next fsync.
func TestAlwaysPipelinedGroupCommit(t *testing.T) {
	s, addr := startAOFServer(t, t.TempDir(), nil, "--appendonly", "yes", "--appendfsync", "always")
	g := newGatedSync()
	swapAOF(t, s, func(o *persist.AOFOptions) { o.Policy, o.Sync = persist.FsyncAlways, g.sync })

	set := asyncDo(t, addr, "SET k v1")
	<-g.started // the SET's pass is written; its fsync is running
	noReply(t, "SET", set)
	get := asyncDo(t, addr, "GET k")
	noReply(t, "GET of the unsynced value", get)
	// The executor is not blocked by the fsync.
	done := make(chan struct{})
	go func() { s.exec(func() {}); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the executor waited for the fsync")
	}
	set2 := asyncDo(t, addr, "SET k2 v2")
	set3 := asyncDo(t, addr, "SET k3 v3")
	noReply(t, "SET k2", set2)
	g.gate <- struct{}{} // the first fsync ends
	if r := reply(t, "SET", set); r != "+OK" {
		t.Fatalf("SET = %q", r)
	}
	// GET, SET k2 and SET k3 ran during the first fsync: one more covers all.
	<-g.started
	noReply(t, "SET k3", set3)
	g.gate <- struct{}{}
	if r := reply(t, "GET", get); r != "$2" {
		t.Fatalf("GET = %q", r)
	}
	reply(t, "SET k2", set2)
	reply(t, "SET k3", set3)
	select {
	case <-g.started:
		t.Fatal("a third fsync for passes that the second one covered")
	case <-time.After(30 * time.Millisecond):
	}
	// A read when everything is synced is answered at once.
	if r := reply(t, "GET", asyncDo(t, addr, "GET k2")); r != "$2" {
		t.Fatalf("GET k2 = %q", r)
	}
	g.gate <- struct{}{} // let Close's final fsync through
	g.gate <- struct{}{}
}

// TestEverysecPostponesBehindSlowFsync: under everysec a write waits while
// an fsync runs (holding its replies), at most two seconds; then it is
// written anyway and counted in aof_delayed_fsync.
func TestEverysecPostponesBehindSlowFsync(t *testing.T) {
	clock := &aofTestClock{now: time.Now()}
	s, addr := startAOFServer(t, t.TempDir(), clock.Now, "--appendonly", "yes", "--appendfsync", "everysec")
	g := newGatedSync()
	swapAOF(t, s, func(o *persist.AOFOptions) { o.Policy, o.Sync = persist.FsyncEverySec, g.sync })
	if r := reply(t, "SET a", asyncDo(t, addr, "SET a 1")); r != "+OK" {
		t.Fatalf("SET a = %q", r)
	}
	<-g.started // the once-a-second fsync began, and hangs
	set := asyncDo(t, addr, "SET b 2")
	noReply(t, "SET b, postponed", set)
	clock.Add(3 * time.Second)
	if r := reply(t, "SET c", asyncDo(t, addr, "SET c 3")); r != "+OK" {
		t.Fatalf("SET c = %q", r)
	}
	if r := reply(t, "SET b", set); r != "+OK" {
		t.Fatalf("SET b = %q", r)
	}
	var fields [][2]string
	s.exec(func() { fields = s.aofInfoFields() })
	found := false
	for _, f := range fields {
		if f[0] == "aof_delayed_fsync" {
			found = f[1] == "1"
		}
	}
	if !found {
		t.Fatalf("aof_delayed_fsync not 1: %v", fields)
	}
	for i := 0; i < 4; i++ {
		g.gate <- struct{}{}
	}
}

// TestAutoGCOffDeletesHistory: rewrites made under aof-disable-auto-gc yes
// keep their history files; CONFIG SET aof-disable-auto-gc no drops them
// from the manifest and deletes them, as Redis's updateAofAutoGCEnabled.
func TestAutoGCOffDeletesHistory(t *testing.T) {
	dir := t.TempDir()
	s, addr := startAOFServer(t, dir, nil, "--appendonly", "yes", "--aof-disable-auto-gc", "yes")
	for i := 0; i < 2; i++ {
		got := doRESP(t, addr, "SET k"+strconv.Itoa(i)+" v", "BGREWRITEAOF")
		if got[1] != "+Background append only file rewriting started" {
			t.Fatalf("BGREWRITEAOF = %q", got[1])
		}
		waitAOF(t, s, func() bool { return s.persist.job == nil && len(s.persist.aof.manifest.History) == 2*(i+1) })
	}
	var history []string
	s.exec(func() {
		for _, h := range s.persist.aof.manifest.History {
			history = append(history, filepath.Join(dir, "appendonlydir", h.Name))
		}
	})
	for _, p := range history {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("history file kept under aof-disable-auto-gc yes: %v", err)
		}
	}
	if got := doRESP(t, addr, "CONFIG SET aof-disable-auto-gc no"); got[0] != "+OK" {
		t.Fatalf("CONFIG SET = %q", got)
	}
	manifest, err := os.ReadFile(filepath.Join(dir, "appendonlydir", "appendonly.aof.manifest"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "file appendonly.aof.3.base.rdb seq 3 type b\nfile appendonly.aof.3.incr.aof seq 3 type i\n"; string(manifest) != want {
		t.Fatalf("manifest after aof-disable-auto-gc no:\n%s\nwant\n%s", manifest, want)
	}
	// The files are removed in the background.
	waitAOF(t, s, func() bool {
		for _, p := range history {
			if _, err := os.Stat(p); !os.IsNotExist(err) {
				return false
			}
		}
		return true
	})
}
