package main

// Black-box tests of the append-only file: crash recovery under each fsync
// policy (a child process running the server is SIGKILLed), acknowledged
// INCRs surviving random kills under appendfsync always, truncated and
// corrupt incremental files, a rewrite while writes go on, and
// compatibility of our incremental files with redis-check-aof.

import (
	"bufio"
	"bytes"
	"fmt"
	"hash/crc32"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/ember-db/ember/server"
)

// emberBin is the server binary the crash tests run as a child process,
// built once per test binary run.
var emberBin struct {
	once sync.Once
	path string
	err  error
}

// buildEmber builds the server into a directory of the system temp dir
// named after this checkout, so that runs reuse (and overwrite) one binary.
func buildEmber(t *testing.T) string {
	t.Helper()
	emberBin.once.Do(func() {
		wd, _ := os.Getwd()
		dir := filepath.Join(os.TempDir(), fmt.Sprintf("ember-aof-test-%d-%x", os.Getuid(), crc32.ChecksumIEEE([]byte(wd))))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			emberBin.err = err
			return
		}
		emberBin.path = filepath.Join(dir, "ember")
		out, err := exec.Command("go", "build", "-o", emberBin.path, ".").CombinedOutput()
		if err != nil {
			emberBin.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if emberBin.err != nil {
		t.Fatal(emberBin.err)
	}
	return emberBin.path
}

// child is a server running in a child process.
type child struct {
	t    *testing.T
	cmd  *exec.Cmd
	addr string
	mu   sync.Mutex
	log  bytes.Buffer
	done chan struct{}
}

// startChild runs the server on 127.0.0.1:0 in dir and waits until it
// accepts connections and has loaded its data.
func startChild(t *testing.T, dir string, args ...string) *child {
	t.Helper()
	c := &child{t: t, done: make(chan struct{})}
	c.cmd = exec.Command(buildEmber(t), append([]string{"--port", "0", "--bind", "127.0.0.1", "--dir", dir,
		"--save", "", "--loglevel", "notice"}, args...)...)
	out, err := c.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	c.cmd.Stderr = c.cmd.Stdout
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan string, 1)
	go func() {
		defer close(c.done)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			line := sc.Text()
			c.mu.Lock()
			c.log.WriteString(line + "\n")
			c.mu.Unlock()
			if i := strings.Index(line, "Ready to accept connections tcp on 127.0.0.1:"); i >= 0 {
				select {
				case ready <- line[i+len("Ready to accept connections tcp on "):]:
				default:
				}
			}
		}
	}()
	t.Cleanup(func() { c.kill() })
	select {
	case c.addr = <-ready:
	case <-c.done:
		c.cmd.Wait()
		t.Fatalf("server exited at start-up:\n%s", c.logText())
	case <-time.After(20 * time.Second):
		t.Fatalf("server did not start:\n%s", c.logText())
	}
	rc := dialRaw(t, c.addr)
	deadline := time.Now().Add(20 * time.Second)
	for {
		r := string(rc.do("PING"))
		if r == "+PONG\r\n" {
			break
		}
		if !strings.HasPrefix(r, "-LOADING") || time.Now().After(deadline) {
			t.Fatalf("PING = %q while starting:\n%s", r, c.logText())
		}
		time.Sleep(2 * time.Millisecond)
	}
	rc.conn.Close()
	return c
}

func (c *child) logText() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.log.String()
}

// kill stops the server with SIGKILL: no clean shutdown.
func (c *child) kill() {
	if c.cmd.ProcessState != nil {
		return
	}
	c.cmd.Process.Signal(syscall.SIGKILL)
	c.cmd.Wait()
	<-c.done
}

// dump returns every key of dbs 0..15 as "db key type value pexpiretime",
// sorted: the full dataset, for comparing a server before and after a
// restart.
func dump(t *testing.T, addr string) []string {
	t.Helper()
	rc := dialRaw(t, addr)
	defer rc.conn.Close()
	var out []string
	for db := 0; db < 16; db++ {
		rc.do("SELECT", strconv.Itoa(db))
		cursor := "0"
		for {
			rc.send(encodeCommand([]string{"SCAN", cursor, "COUNT", "1000"}))
			r, err := readReply(rc.r)
			if err != nil || len(r.elems) != 2 {
				t.Fatalf("SCAN: %q %v", r.raw, err)
			}
			cursor = bulkText(r.elems[0])
			keys, err := readReply(bufio.NewReader(bytes.NewReader(r.elems[1])))
			if err != nil {
				t.Fatal(err)
			}
			var cmds [][]string
			for _, k := range keys.elems {
				key := bulkText(k)
				cmds = append(cmds, []string{"TYPE", key}, []string{"GET", key}, []string{"PEXPIRETIME", key})
			}
			replies := pipeline(t, rc, cmds)
			for i := 0; i < len(replies); i += 3 {
				out = append(out, fmt.Sprintf("%d %q %s %s %s", db, cmds[i][1], strings.TrimSpace(replies[i]),
					quoted([]byte(replies[i+1])), strings.TrimSpace(replies[i+2])))
			}
			if cursor == "0" {
				break
			}
		}
	}
	sort.Strings(out)
	return out
}

// bulkText returns the text of a raw bulk string reply.
func bulkText(raw []byte) string {
	i := bytes.IndexByte(raw, '\n')
	return string(raw[i+1 : len(raw)-2])
}

func compareDumps(t *testing.T, what string, before, after []string) {
	t.Helper()
	if strings.Join(before, "\n") == strings.Join(after, "\n") {
		return
	}
	b := map[string]bool{}
	for _, l := range before {
		b[l] = true
	}
	a := map[string]bool{}
	for _, l := range after {
		a[l] = true
	}
	var diff []string
	for _, l := range before {
		if !a[l] {
			diff = append(diff, "- "+l)
		}
	}
	for _, l := range after {
		if !b[l] {
			diff = append(diff, "+ "+l)
		}
	}
	if len(diff) > 20 {
		diff = append(diff[:20], "...")
	}
	t.Fatalf("%s: %d keys before, %d after; differences:\n%s", what, len(before), len(after), strings.Join(diff, "\n"))
}

// pipeline sends cmds (each already split into argv) in one write and
// returns the raw replies.
func pipeline(t *testing.T, rc *rawConn, cmds [][]string) []string {
	t.Helper()
	var b []byte
	for _, c := range cmds {
		b = append(b, encodeCommand(c)...)
	}
	go rc.conn.Write(b)
	rc.conn.SetDeadline(time.Now().Add(30 * time.Second))
	out := make([]string, len(cmds))
	for i := range cmds {
		r, err := readReply(rc.r)
		if err != nil {
			t.Fatalf("reply to %q: %v", cmds[i], err)
		}
		out[i] = string(r.raw)
	}
	return out
}

// workload returns n random string and keyspace commands over a few dbs:
// SET, DEL, PEXPIRE (long TTLs: nothing expires during the test), PERSIST,
// RENAME, COPY, MOVE, SWAPDB, FLUSHDB, transactions, binary values.
func workload(rng *rand.Rand, n int) [][]string {
	key := func() string { return "k" + strconv.Itoa(rng.IntN(150)) }
	var cmds [][]string
	for len(cmds) < n {
		switch r := rng.IntN(100); {
		case r < 5:
			cmds = append(cmds, []string{"SELECT", strconv.Itoa(rng.IntN(4))})
		case r < 45:
			v := strconv.Itoa(rng.IntN(1000000))
			if rng.IntN(10) == 0 {
				v = "bin\r\n\x00\xff" + v
			}
			cmds = append(cmds, []string{"SET", key(), v})
		case r < 55:
			cmds = append(cmds, []string{"DEL", key(), key()})
		case r < 65:
			cmds = append(cmds, []string{"PEXPIRE", key(), strconv.Itoa(1_000_000_000 + rng.IntN(1000))})
		case r < 68:
			cmds = append(cmds, []string{"PERSIST", key()})
		case r < 72:
			cmds = append(cmds, []string{"RENAME", key(), key()})
		case r < 75:
			cmds = append(cmds, []string{"COPY", key(), key(), "DB", strconv.Itoa(rng.IntN(4)), "REPLACE"})
		case r < 77:
			cmds = append(cmds, []string{"MOVE", key(), strconv.Itoa(rng.IntN(4))})
		case r < 78:
			cmds = append(cmds, []string{"SWAPDB", strconv.Itoa(rng.IntN(4)), strconv.Itoa(rng.IntN(4))})
		case r < 79 && rng.IntN(5) == 0:
			cmds = append(cmds, []string{"FLUSHDB"})
		case r < 95:
			cmds = append(cmds, []string{"MULTI"})
			for i := rng.IntN(4); i >= 0; i-- {
				cmds = append(cmds, []string{"SET", key(), "tx" + strconv.Itoa(rng.IntN(1000))})
			}
			cmds = append(cmds, []string{"DEL", key()}, []string{"EXEC"})
		default:
			cmds = append(cmds, []string{"GET", key()})
		}
	}
	return cmds
}

// TestAOFCrashRecovery runs a workload under each fsync policy, kills the
// server with SIGKILL right after the last reply, restarts it on the same
// dir and compares full dumps. A process crash loses nothing acknowledged
// under any policy: replies leave only after the write(2).
func TestAOFCrashRecovery(t *testing.T) {
	for _, policy := range []string{"always", "everysec", "no"} {
		t.Run(policy, func(t *testing.T) {
			dir := t.TempDir()
			args := []string{"--appendonly", "yes", "--appendfsync", policy}
			if policy == "everysec" {
				args = append(args, "--aof-timestamp-enabled", "yes")
			}
			c := startChild(t, dir, args...)
			rng := rand.New(rand.NewPCG(uint64(len(policy)), 7))
			rc := dialRaw(t, c.addr)
			for round := 0; round < 4; round++ {
				pipeline(t, rc, workload(rng, 800))
			}
			before := dump(t, c.addr)
			if len(before) < 50 {
				t.Fatalf("workload left only %d keys", len(before))
			}
			c.kill()
			c = startChild(t, dir, args...)
			compareDumps(t, "after SIGKILL and restart", before, dump(t, c.addr))

			// Our incremental file is plain RESP that redis-check-aof accepts.
			if bin, err := exec.LookPath("redis-check-aof"); err == nil {
				c.kill()
				incr := filepath.Join(dir, "appendonlydir", "appendonly.aof.1.incr.aof")
				out, err := exec.Command(bin, incr).CombinedOutput()
				if err != nil || !strings.Contains(string(out), "is valid") {
					t.Fatalf("redis-check-aof %s: %v\n%s", incr, err, out)
				}
				out, err = exec.Command(buildEmber(t), "check-aof", filepath.Join(dir, "appendonlydir", "appendonly.aof.manifest")).CombinedOutput()
				if err != nil || !strings.Contains(string(out), "All AOF files and manifest are valid") {
					t.Fatalf("ember check-aof: %v\n%s", err, out)
				}
			}
		})
	}
}

// TestAOFAlwaysAcknowledgedSurvive: under appendfsync always, clients count
// acknowledged INCRs while the server is SIGKILLed at a random moment, over
// and over (at least minRounds times, each once a write was acknowledged);
// after each restart every counter is at least its acknowledged count and
// at most one more (each client has one command in flight). A round costs
// a start-up and a load: about 0.3 s.
func TestAOFAlwaysAcknowledgedSurvive(t *testing.T) {
	dir := t.TempDir()
	args := []string{"--appendonly", "yes", "--appendfsync", "always"}
	const clients = 4
	const minRounds, maxRounds = 20, 24
	acked := make([]int64, clients)
	var progress atomic.Int64 // acknowledgements in the current round
	rng := rand.New(rand.NewPCG(1, 2))
	useIncr := true
	start := time.Now()
	rounds := 0
	// The rounds past minRounds only while the machine is fast enough.
	for iter := 0; iter < minRounds || (iter < maxRounds && time.Since(start) < 20*time.Second); iter++ {
		c := startChild(t, dir, args...)
		rc := dialRaw(t, c.addr)
		if iter == 0 {
			useIncr = !strings.HasPrefix(string(rc.do("INCR", "probe")), "-ERR unknown command")
		}
		// Check what survived the previous kill, then continue from there.
		for i := range acked {
			v, _ := strconv.ParseInt(bulkOrNil(rc.do("GET", "counter:"+strconv.Itoa(i))), 10, 64)
			if v < acked[i] || v > acked[i]+1 {
				t.Fatalf("iteration %d: counter %d = %d after the kill, acknowledged %d\n%s", iter, i, v, acked[i], c.logText())
			}
			acked[i] = v
		}
		rc.conn.Close()
		progress.Store(0)
		var stop atomic.Bool
		var wg sync.WaitGroup
		for i := 0; i < clients; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				cc := dialRaw(t, c.addr)
				key := "counter:" + strconv.Itoa(i)
				for !stop.Load() {
					next := acked[i] + 1
					cmd := []string{"INCR", key}
					if !useIncr {
						cmd = []string{"SET", key, strconv.FormatInt(next, 10)}
					}
					cc.conn.SetDeadline(time.Now().Add(10 * time.Second))
					if _, err := cc.conn.Write(encodeCommand(cmd)); err != nil {
						return
					}
					r, err := readReply(cc.r)
					if err != nil {
						return // killed while in flight
					}
					if s := string(r.raw); s[0] == '-' {
						t.Errorf("%v: %q", cmd, s)
						return
					}
					acked[i] = next
					progress.Add(1)
				}
			}(i)
		}
		// Kill at a random moment once the writers are going: every round
		// then cuts acknowledged writes and in-flight ones.
		deadline := time.Now().Add(20 * time.Second)
		for progress.Load() == 0 && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
		if progress.Load() == 0 {
			c.kill()
			stop.Store(true)
			wg.Wait()
			t.Fatalf("round %d: no write acknowledged before the kill\n%s", iter, c.logText())
		}
		time.Sleep(time.Duration(rng.IntN(60)) * time.Millisecond)
		c.kill()
		stop.Store(true)
		wg.Wait()
		rounds++
	}
	if rounds < minRounds {
		t.Fatalf("%d SIGKILL rounds, want at least %d", rounds, minRounds)
	}
	var total int64
	for _, a := range acked {
		total += a
	}
	if total == 0 {
		t.Fatal("no INCR was acknowledged")
	}
	t.Logf("%d acknowledged increments survived %d kills (INCR: %v) in %v", total, rounds, useIncr, time.Since(start).Round(time.Millisecond))
}

func bulkOrNil(raw []byte) string {
	if raw[0] != '$' || string(raw) == "$-1\r\n" {
		return "0"
	}
	return bulkText(raw)
}

// aofRecords splits RESP records and returns the offsets where the file
// may end cleanly: after each record outside a MULTI block (0 included).
func aofRecords(t *testing.T, data []byte) []int {
	t.Helper()
	cuts := []int{0}
	r := bufio.NewReader(bytes.NewReader(data))
	off, inMulti := 0, false
	for off < len(data) {
		line, err := r.ReadString('\n')
		if err != nil || line[0] != '*' {
			t.Fatalf("bad record at %d: %q", off, line)
		}
		off += len(line)
		n, _ := strconv.Atoi(strings.TrimSpace(line[1:]))
		var name string
		for i := 0; i < n; i++ {
			hdr, _ := r.ReadString('\n')
			l, _ := strconv.Atoi(strings.TrimSpace(hdr[1:]))
			body := make([]byte, l+2)
			io_ReadFull(r, body)
			off += len(hdr) + l + 2
			if i == 0 {
				name = strings.ToUpper(string(body[:l]))
			}
		}
		switch name {
		case "MULTI":
			inMulti = true
		case "EXEC":
			inMulti = false
		}
		if !inMulti {
			cuts = append(cuts, off)
		}
	}
	return cuts
}

// startInProcess starts a server in this process on dir; it returns the
// address and a function that stops it, or the error Serve returned when
// start-up failed.
func startInProcess(t *testing.T, dir string, extra ...string) (string, func(), error) {
	t.Helper()
	cfg := server.DefaultConfig()
	if err := cfg.ParseArgs(append([]string{"--port", "0", "--bind", "127.0.0.1", "--dir", dir, "--save", "",
		"--loglevel", "warning", "--logfile", os.DevNull}, extra...)); err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Listen(); err != nil {
		t.Fatal(err)
	}
	addr := srv.Addr().String() // before Serve: a failed start-up closes the listeners
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve() }()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			srv.Close()
			return "", nil, <-errc
		}
		conn.SetDeadline(time.Now().Add(10 * time.Second))
		conn.Write(encodeCommand([]string{"PING"}))
		r, err := readReply(bufio.NewReader(conn))
		conn.Close()
		if err != nil {
			srv.Close()
			return "", nil, <-errc
		}
		if string(r.raw) == "+PONG\r\n" {
			stop := func() { srv.Close() }
			t.Cleanup(stop)
			return addr, stop, nil
		}
	}
	t.Fatal("in-process server did not start")
	return "", nil, nil
}

// writeAOFDir makes dir/appendonlydir hold just one incremental file.
func writeAOFDir(t *testing.T, dir string, incr []byte) string {
	t.Helper()
	ad := filepath.Join(dir, "appendonlydir")
	os.MkdirAll(ad, 0o755)
	os.WriteFile(filepath.Join(ad, "appendonly.aof.manifest"), []byte("file appendonly.aof.1.incr.aof seq 1 type i\n"), 0o644)
	path := filepath.Join(ad, "appendonly.aof.1.incr.aof")
	os.WriteFile(path, incr, 0o644)
	return path
}

// TestAOFTruncatedTail cuts a small incremental file written by the server
// at every byte offset: with aof-load-truncated yes the server starts with
// the data of the complete records before the cut (a cut MULTI block not
// at all); with no it refuses to start unless the cut is a clean end.
func TestAOFTruncatedTail(t *testing.T) {
	src := t.TempDir()
	addr, stopSrc, err := startInProcess(t, src, "--appendonly", "yes", "--appendfsync", "always")
	if err != nil {
		t.Fatal(err)
	}
	rc := dialRaw(t, addr)
	pipeline(t, rc, [][]string{{"SET", "a", "1"}, {"SET", "b", "hello"}, {"MULTI"}, {"SET", "c", "3"}, {"DEL", "a"},
		{"EXEC"}, {"PEXPIRE", "b", "100000000"}, {"SELECT", "2"}, {"SET", "x", "y"}, {"GET", "x"}})
	stopSrc()
	data, err := os.ReadFile(filepath.Join(src, "appendonlydir", "appendonly.aof.1.incr.aof"))
	if err != nil {
		t.Fatal(err)
	}
	cuts := aofRecords(t, data)
	expected := map[int][]string{}
	for _, c := range cuts {
		dir := t.TempDir()
		writeAOFDir(t, dir, data[:c])
		addr, stop, err := startInProcess(t, dir, "--appendonly", "yes")
		if err != nil {
			t.Fatalf("clean prefix of %d bytes: %v", c, err)
		}
		expected[c] = dump(t, addr)
		stop()
	}
	for off := 0; off <= len(data); off++ {
		last, clean := 0, false
		for _, c := range cuts {
			if c <= off {
				last = c
			}
			clean = clean || c == off
		}
		dir := t.TempDir()
		path := writeAOFDir(t, dir, data[:off])
		_, stop, err := startInProcess(t, dir, "--appendonly", "yes", "--aof-load-truncated", "no")
		if err == nil {
			stop()
		}
		if clean != (err == nil) {
			t.Fatalf("offset %d (clean end: %v), aof-load-truncated no: start-up error %v", off, clean, err)
		}
		if err != nil && !strings.Contains(err.Error(), "appendonly.aof.1.incr.aof") {
			t.Fatalf("offset %d: error does not name the file: %v", off, err)
		}
		if clean {
			continue
		}
		addr, stop, err := startInProcess(t, dir, "--appendonly", "yes")
		if err != nil {
			t.Fatalf("offset %d, aof-load-truncated yes: %v", off, err)
		}
		compareDumps(t, fmt.Sprintf("cut at %d, loaded to %d", off, last), expected[last], dump(t, addr))
		stop()
		if st, _ := os.Stat(path); st.Size() != int64(last) {
			t.Fatalf("offset %d: file is %d bytes after loading, want truncated to %d", off, st.Size(), last)
		}
	}
}

// TestAOFCorruptMiddle: damage inside the file (not a cut tail) stops
// start-up even with aof-load-truncated yes, naming the file and offset.
func TestAOFCorruptMiddle(t *testing.T) {
	var data []byte
	for i := 0; i < 20; i++ {
		data = append(data, encodeCommand([]string{"SET", "k" + strconv.Itoa(i), "v"})...)
	}
	cut := len(encodeCommand([]string{"SET", "k0", "v"})) * 7
	tests := []struct {
		name string
		at   int
		b    byte
		want string
	}{
		{"record start", cut, '?', fmt.Sprintf("at offset %d: expected '*' starting a command, found '?'", cut)},
		{"bulk length", cut + 5, 'x', fmt.Sprintf("at offset %d: expected a digit in the length of argument 1 of 3", cut+5)},
		{"bulk end", cut + 11, '!', fmt.Sprintf("at offset %d: expected \"\\r\\n\" after the 3 bytes of argument 1 of 3", cut+11)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := append([]byte(nil), data...)
			d[tc.at] = tc.b
			dir := t.TempDir()
			writeAOFDir(t, dir, d)
			_, _, err := startInProcess(t, dir, "--appendonly", "yes", "--aof-load-truncated", "yes")
			if err == nil || !strings.Contains(err.Error(), "appendonly.aof.1.incr.aof at offset") || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("start-up error = %v, want one containing %q", err, tc.want)
			}
		})
	}
	// An unknown command is refused too, logged as Redis logs it (not as a
	// bad file format).
	dir := t.TempDir()
	writeAOFDir(t, dir, append(append([]byte(nil), data...), encodeCommand([]string{"NOSUCHCMD", "x"})...))
	logfile := filepath.Join(t.TempDir(), "log")
	if _, _, err := startInProcess(t, dir, "--appendonly", "yes", "--logfile", logfile); err == nil || !strings.Contains(err.Error(), "Unknown command 'NOSUCHCMD'") {
		t.Fatalf("unknown command: %v", err)
	}
	b, _ := os.ReadFile(logfile)
	if log := string(b); !strings.Contains(log, " # Unknown command 'NOSUCHCMD' reading the append only file appendonly.aof.1.incr.aof\n") ||
		strings.Contains(log, "Bad file format") {
		t.Fatalf("log for an unknown command:\n%s", log)
	}
}

// TestAOFRewriteWhileWriting runs BGREWRITEAOF while a client keeps
// writing, waits for the manifest to switch to the new base, kills the
// server and checks the restart loads exactly the dataset.
func TestAOFRewriteWhileWriting(t *testing.T) {
	dir := t.TempDir()
	args := []string{"--appendonly", "yes", "--appendfsync", "everysec"}
	c := startChild(t, dir, args...)
	rc := dialRaw(t, c.addr)
	bulk := [][]string{{"SELECT", "5"}} // out of the workload's dbs
	for i := 0; i < 60000; i++ {
		bulk = append(bulk, []string{"SET", "pre:" + strconv.Itoa(i), strings.Repeat("x", i%50)})
		if i%7 == 0 {
			bulk = append(bulk, []string{"PEXPIRE", "pre:" + strconv.Itoa(i), "900000000"})
		}
	}
	pipeline(t, rc, bulk)

	var stop atomic.Bool
	var writes atomic.Int64
	writerDone := make(chan struct{})
	go func() {
		defer close(writerDone)
		wc := dialRaw(t, c.addr)
		rng := rand.New(rand.NewPCG(3, 4))
		for !stop.Load() {
			pipeline(t, wc, workload(rng, 50))
			writes.Add(50)
		}
	}()
	if r := string(rc.do("BGREWRITEAOF")); r != "+Background append only file rewriting started\r\n" {
		t.Fatalf("BGREWRITEAOF = %q", r)
	}
	manifest := filepath.Join(dir, "appendonlydir", "appendonly.aof.manifest")
	deadline := time.Now().Add(30 * time.Second)
	for {
		b, _ := os.ReadFile(manifest)
		if strings.Contains(string(b), "appendonly.aof.2.base.rdb seq 2 type b") && !strings.Contains(string(b), "type h") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("rewrite did not finish; manifest:\n%s\nlog:\n%s", b, c.logText())
		}
		time.Sleep(5 * time.Millisecond)
	}
	for n := writes.Load(); writes.Load() < n+500; {
		time.Sleep(time.Millisecond) // more writes after the switch
	}
	stop.Store(true)
	<-writerDone
	before := dump(t, c.addr)
	if len(before) < 60000 {
		t.Fatalf("only %d keys before the restart", len(before))
	}
	c.kill()
	names, _ := filepath.Glob(filepath.Join(dir, "appendonlydir", "*"))
	for i := range names {
		names[i] = filepath.Base(names[i])
	}
	sort.Strings(names)
	if want := "appendonly.aof.2.base.rdb appendonly.aof.2.incr.aof appendonly.aof.manifest"; strings.Join(names, " ") != want {
		t.Fatalf("files after the rewrite: %v, want %s", names, want)
	}
	c = startChild(t, dir, args...)
	compareDumps(t, "after rewrite, SIGKILL and restart", before, dump(t, c.addr))
}

// TestAOFBackgroundJobs: one snapshot job at a time, with Redis's replies.
// The commands of one pipeline run in one executor pass, before the job
// started by the first of them can finish.
func TestAOFBackgroundJobs(t *testing.T) {
	addr, _ := startEmber(t, "--appendonly", "yes")
	rc := dialRaw(t, addr)
	got := pipeline(t, rc, [][]string{{"SET", "k", "v"}, {"BGREWRITEAOF"}, {"BGREWRITEAOF"}, {"BGSAVE"}, {"BGSAVE", "SCHEDULE"}})
	want := []string{"+OK\r\n", "+Background append only file rewriting started\r\n",
		"-ERR Background append only file rewriting already in progress\r\n",
		"-ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.\r\n",
		"+Background saving scheduled\r\n"}
	if strings.Join(got, "") != strings.Join(want, "") {
		t.Fatalf("replies:\n%q\nwant\n%q", got, want)
	}
	// SAVE completes the running rewrite first, then saves.
	if got := pipeline(t, rc, [][]string{{"SAVE"}}); got[0] != "+OK\r\n" {
		t.Fatalf("SAVE during a rewrite: %q", got)
	}
	// BGREWRITEAOF while a BGSAVE runs is scheduled.
	got = pipeline(t, rc, [][]string{{"BGSAVE"}, {"BGREWRITEAOF"}})
	if (got[0] != "+Background saving started\r\n" && got[0] != "-ERR Background save already in progress\r\n") ||
		got[1] != "+Background append only file rewriting scheduled\r\n" {
		t.Fatalf("BGSAVE then BGREWRITEAOF: %q", got)
	}
	got = pipeline(t, rc, [][]string{{"MULTI"}, {"BGREWRITEAOF"}, {"EXEC"}})
	if got[2] != "*1\r\n+Background append only file rewriting scheduled\r\n" &&
		got[2] != "*1\r\n-ERR Background append only file rewriting already in progress\r\n" {
		t.Fatalf("BGREWRITEAOF in MULTI: %q", got)
	}
}

// infoField returns field's value from an INFO reply.
func infoField(t *testing.T, rc *rawConn, section, field string) string {
	t.Helper()
	raw := string(rc.do("INFO", section))
	for _, line := range strings.Split(raw, "\r\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			return v
		}
	}
	t.Fatalf("INFO %s has no %s:\n%s", section, field, raw)
	return ""
}

// TestAOFConfigSetAndInfo turns AOF on with CONFIG SET (a first rewrite
// writes the base), follows it in INFO persistence, changes the fsync
// policy, and restarts on the files.
func TestAOFConfigSetAndInfo(t *testing.T) {
	dir := t.TempDir()
	addr, stop, err := startInProcess(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	rc := dialRaw(t, addr)
	rc.do("SET", "a", "1")
	if got := infoField(t, rc, "persistence", "aof_enabled"); got != "0" {
		t.Fatalf("aof_enabled = %s before CONFIG SET", got)
	}
	if got := string(rc.do("CONFIG", "SET", "appendonly", "yes")); got != "+OK\r\n" {
		t.Fatalf("CONFIG SET appendonly yes = %q", got)
	}
	rc.do("SET", "b", "2")
	deadline := time.Now().Add(20 * time.Second)
	for infoField(t, rc, "persistence", "aof_rewrite_in_progress") != "0" {
		if time.Now().After(deadline) {
			t.Fatal("the first rewrite never finished")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if got := infoField(t, rc, "persistence", "aof_rewrites"); got != "1" {
		t.Fatalf("aof_rewrites = %s", got)
	}
	if got := string(rc.do("CONFIG", "SET", "appendfsync", "always")); got != "+OK\r\n" {
		t.Fatalf("CONFIG SET appendfsync always = %q", got)
	}
	rc.do("SET", "c", "3")
	for _, f := range []string{"aof_enabled", "aof_last_write_status", "aof_last_bgrewrite_status", "aof_buffer_length"} {
		want := map[string]string{"aof_enabled": "1", "aof_last_write_status": "ok", "aof_last_bgrewrite_status": "ok", "aof_buffer_length": "0"}[f]
		if got := infoField(t, rc, "persistence", f); got != want {
			t.Fatalf("%s = %s, want %s", f, got, want)
		}
	}
	if n, _ := strconv.Atoi(infoField(t, rc, "persistence", "aof_current_size")); n == 0 {
		t.Fatal("aof_current_size is 0")
	}
	stop()
	addr, _, err = startInProcess(t, dir, "--appendonly", "yes")
	if err != nil {
		t.Fatal(err)
	}
	rc = dialRaw(t, addr)
	for k, v := range map[string]string{"a": "1", "b": "2", "c": "3"} {
		if got := string(rc.do("GET", k)); got != "$1\r\n"+v+"\r\n" {
			t.Fatalf("GET %s after restart = %q", k, got)
		}
	}
	if got := string(rc.do("CONFIG", "SET", "appendonly", "no")); got != "+OK\r\n" ||
		infoField(t, rc, "persistence", "aof_enabled") != "0" {
		t.Fatalf("CONFIG SET appendonly no = %q", got)
	}
}

// TestAOFDebugLoadAOF: DEBUG LOADAOF empties the dataset and loads it back
// from the files, expires included.
func TestAOFDebugLoadAOF(t *testing.T) {
	addr, _, err := startInProcess(t, t.TempDir(), "--appendonly", "yes", "--enable-debug-command", "yes")
	if err != nil {
		t.Fatal(err)
	}
	rc := dialRaw(t, addr)
	pipeline(t, rc, [][]string{{"SET", "x", "1"}, {"PEXPIRE", "x", "100000000"}, {"SELECT", "3"}, {"SET", "y", "2"},
		{"MULTI"}, {"SET", "z", "3"}, {"DEL", "y"}, {"EXEC"}, {"SELECT", "0"}})
	before := dump(t, addr)
	if got := string(rc.do("DEBUG", "LOADAOF")); got != "+OK\r\n" {
		t.Fatalf("DEBUG LOADAOF = %q", got)
	}
	compareDumps(t, "after DEBUG LOADAOF", before, dump(t, addr))
	rc.do("BGREWRITEAOF")
	deadline := time.Now().Add(20 * time.Second)
	for infoField(t, rc, "persistence", "aof_rewrite_in_progress") != "0" {
		if time.Now().After(deadline) {
			t.Fatal("rewrite never finished")
		}
		time.Sleep(5 * time.Millisecond)
	}
	rc.do("SET", "after", "rewrite")
	before = dump(t, addr)
	rc.do("DEBUG", "LOADAOF")
	compareDumps(t, "after a rewrite and DEBUG LOADAOF", before, dump(t, addr))
}
