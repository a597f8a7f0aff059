package server

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ember-db/ember/store"
)

// testStart is the injected clock's start, unix ms.
const testStart = 1_700_000_000_000

// testServer is a server on 127.0.0.1:0 with an injected clock.
type testServer struct {
	t    *testing.T
	s    *Server
	addr string
	now  atomic.Int64 // unix ms
}

// newTestServer starts a server; tweak may change the config first.
func newTestServer(t *testing.T, tweak func(*Config)) *testServer {
	t.Helper()
	cfg := DefaultConfig()
	cfg.Port = 0
	cfg.Bind = []string{"127.0.0.1"}
	cfg.Dir = t.TempDir()
	cfg.LogLevel = LogNothing
	// DEBUG is refused when enable-debug-command is "no" (Redis's default);
	// the error until the config registry knows the directive is ignored.
	_ = cfg.ParseArgs([]string{"--enable-debug-command", "yes"})
	ts := &testServer{t: t}
	ts.now.Store(testStart)
	cfg.Clock = func() time.Time { return time.UnixMilli(ts.now.Load()) }
	if tweak != nil {
		tweak(cfg)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Listen(); err != nil {
		t.Fatal(err)
	}
	ts.s, ts.addr = s, s.Addr().String()
	served := make(chan error, 1)
	go func() { served <- s.Serve() }()
	t.Cleanup(func() {
		s.Close()
		<-served
	})
	return ts
}

// exec runs f on the executor.
func (ts *testServer) exec(f func()) {
	if !ts.s.exec(f) {
		ts.t.Fatal("server stopped")
	}
}

// testConn is a raw RESP connection.
type testConn struct {
	t *testing.T
	c net.Conn
	r *bufio.Reader
}

func (ts *testServer) dial() *testConn {
	ts.t.Helper()
	c, err := net.Dial("tcp", ts.addr)
	if err != nil {
		ts.t.Fatal(err)
	}
	ts.t.Cleanup(func() { c.Close() })
	return &testConn{t: ts.t, c: c, r: bufio.NewReader(c)}
}

// send writes argv as a multibulk command without reading a reply.
func (tc *testConn) send(argv ...string) {
	tc.t.Helper()
	var b bytes.Buffer
	fmt.Fprintf(&b, "*%d\r\n", len(argv))
	for _, a := range argv {
		fmt.Fprintf(&b, "$%d\r\n%s\r\n", len(a), a)
	}
	if _, err := tc.c.Write(b.Bytes()); err != nil {
		tc.t.Fatal(err)
	}
}

// read returns one raw reply.
func (tc *testConn) read() string {
	tc.t.Helper()
	tc.c.SetReadDeadline(time.Now().Add(10 * time.Second))
	var b bytes.Buffer
	if err := readRaw(tc.r, &b); err != nil {
		tc.t.Fatalf("reading reply: %v (so far %q)", err, b.String())
	}
	return b.String()
}

// do sends argv and returns the raw reply.
func (tc *testConn) do(argv ...string) string {
	tc.t.Helper()
	tc.send(argv...)
	return tc.read()
}

// text returns the payload of a bulk or verbatim reply.
func (tc *testConn) text(argv ...string) string {
	tc.t.Helper()
	r := tc.do(argv...)
	switch r[0] {
	case '$':
		_, body, _ := strings.Cut(r, "\r\n")
		return strings.TrimSuffix(body, "\r\n")
	case '=':
		_, body, _ := strings.Cut(r, "\r\n")
		return strings.TrimSuffix(body[4:], "\r\n")
	}
	tc.t.Fatalf("%v: not a bulk or verbatim reply: %q", argv, r)
	return ""
}

// expectClosed checks that the server closed the connection.
func (tc *testConn) expectClosed() {
	tc.t.Helper()
	tc.c.SetReadDeadline(time.Now().Add(10 * time.Second))
	if b, err := tc.r.ReadByte(); err != io.EOF {
		tc.t.Fatalf("connection still open: read %q, %v", b, err)
	}
}

func readRaw(r *bufio.Reader, out *bytes.Buffer) error {
	line, err := r.ReadString('\n')
	if err != nil {
		return err
	}
	out.WriteString(line)
	body := strings.TrimSuffix(line[1:], "\r\n")
	switch line[0] {
	case '$', '=':
		n, _ := strconv.Atoi(body)
		if n < 0 {
			return nil
		}
		buf := make([]byte, n+2)
		if _, err := io.ReadFull(r, buf); err != nil {
			return err
		}
		out.Write(buf)
	case '*', '~', '%', '>':
		n, _ := strconv.Atoi(body)
		if line[0] == '%' {
			n *= 2
		}
		for i := 0; i < n; i++ {
			if err := readRaw(r, out); err != nil {
				return err
			}
		}
	}
	return nil
}

// infoFields parses an INFO report into section -> field -> value.
func infoFields(report string) map[string]map[string]string {
	out := map[string]map[string]string{}
	var cur map[string]string
	for _, line := range strings.Split(report, "\r\n") {
		switch {
		case strings.HasPrefix(line, "# "):
			cur = map[string]string{}
			out[strings.ToLower(line[2:])] = cur
		case line != "" && cur != nil:
			k, v, _ := strings.Cut(line, ":")
			cur[k] = v
		}
	}
	return out
}

func TestInfoSections(t *testing.T) {
	ts := newTestServer(t, nil)
	c := ts.dial()
	headers := func(report string) string {
		var h []string
		for _, line := range strings.Split(report, "\r\n") {
			if strings.HasPrefix(line, "# ") {
				h = append(h, line[2:])
			}
		}
		return strings.Join(h, ",")
	}
	const defaults = "Server,Clients,Memory,Persistence,Stats,Replication,CPU,Modules,Errorstats,Cluster,Keyspace"
	const all = "Server,Clients,Memory,Persistence,Stats,Replication,CPU,Modules,Commandstats,Errorstats,Latencystats,Cluster,Keyspace"
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, defaults},
		{[]string{"default"}, defaults},
		{[]string{"all"}, all},
		{[]string{"everything"}, all},
		{[]string{"KEYSPACE", "server"}, "Server,Keyspace"},
		{[]string{"commandstats"}, "Commandstats"},
		{[]string{"latencystats", "errorstats"}, "Errorstats,Latencystats"},
		{[]string{"default", "commandstats"}, "Server,Clients,Memory,Persistence,Stats,Replication,CPU,Modules,Commandstats,Errorstats,Cluster,Keyspace"},
		{[]string{"nosuch"}, ""},
	} {
		got := headers(c.text(append([]string{"INFO"}, tc.args...)...))
		if got != tc.want {
			t.Errorf("INFO %v sections = %s, want %s", tc.args, got, tc.want)
		}
	}
	// Layout: sections joined by a blank line, every line ends in CRLF.
	if got := c.do("INFO", "modules", "cluster"); got != "$43\r\n# Modules\r\n\r\n# Cluster\r\ncluster_enabled:0\r\n\r\n" {
		t.Errorf("INFO modules cluster = %q", got)
	}
	if got := c.do("INFO", "nosuch"); got != "$0\r\n\r\n" {
		t.Errorf("INFO nosuch = %q", got)
	}
	c.do("HELLO", "3")
	if got := c.do("INFO", "cluster"); got != "=34\r\ntxt:# Cluster\r\ncluster_enabled:0\r\n\r\n" {
		t.Errorf("INFO cluster in RESP3 = %q", got)
	}
}

func TestInfoFields(t *testing.T) {
	ts := newTestServer(t, nil)
	c := ts.dial()
	c.do("SET", "k", "v")
	c.do("GET", "k")
	c.do("GET", "nokey")
	c.do("NOSUCHCMD")
	c.do("GET")
	c.do("DEBUG", "ERROR", "MYERR something")
	c.do("DEBUG", "ERROR", "NOSPACEINTHEFIRSTTHIRTYTWOBYTESATALL!")
	info := infoFields(c.text("INFO", "everything"))
	port := strconv.Itoa(ts.s.Addr().(*net.TCPAddr).Port)
	for _, tc := range []struct{ section, field, want string }{
		{"server", "redis_version", "7.0.15"},
		{"server", "redis_mode", "standalone"},
		{"server", "arch_bits", "64"},
		{"server", "tcp_port", port},
		{"server", "uptime_in_seconds", "0"},
		{"server", "hz", "10"},
		{"server", "config_file", ""},
		{"server", "server_time_usec", strconv.FormatInt(testStart*1000, 10)},
		{"clients", "connected_clients", "1"},
		{"clients", "blocked_clients", "0"},
		{"clients", "maxclients", "10000"},
		{"memory", "maxmemory", "0"},
		{"memory", "maxmemory_human", "0B"},
		{"memory", "maxmemory_policy", "noeviction"},
		{"persistence", "loading", "0"},
		{"persistence", "rdb_changes_since_last_save", "1"},
		{"persistence", "rdb_bgsave_in_progress", "0"},
		{"persistence", "rdb_last_save_time", strconv.FormatInt(testStart/1000, 10)},
		{"persistence", "aof_enabled", "0"},
		{"stats", "total_connections_received", "1"},
		{"stats", "total_commands_processed", "5"},
		{"stats", "keyspace_hits", "1"},
		{"stats", "keyspace_misses", "1"},
		{"stats", "expired_keys", "0"},
		{"stats", "rejected_connections", "0"},
		{"stats", "total_error_replies", "4"},
		{"replication", "role", "master"},
		{"replication", "connected_slaves", "0"},
		{"errorstats", "errorstat_ERR", "count=3"},
		{"errorstats", "errorstat_MYERR", "count=1"},
		{"cluster", "cluster_enabled", "0"},
		{"keyspace", "db0", "keys=1,expires=0,avg_ttl=0"},
	} {
		if got, ok := info[tc.section][tc.field]; !ok || got != tc.want {
			t.Errorf("%s %s = %q (present %v), want %q", tc.section, tc.field, got, ok, tc.want)
		}
	}
	for _, f := range []string{"process_id", "used_memory", "used_memory_human", "used_memory_peak", "mem_fragmentation_ratio"} {
		found := false
		for _, sec := range info {
			if _, ok := sec[f]; ok {
				found = true
			}
		}
		if !found {
			t.Errorf("field %s missing", f)
		}
	}
	if id := info["server"]["run_id"]; !regexp.MustCompile(`^[0-9a-f]{40}$`).MatchString(id) {
		t.Errorf("run_id = %q", id)
	}
	cmdstat := regexp.MustCompile(`^calls=\d+,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=\d+,failed_calls=\d+$`)
	stats := info["commandstats"]
	for name, want := range map[string]string{
		"cmdstat_get":   "calls=2,rejected_calls=1,failed_calls=0",
		"cmdstat_set":   "calls=1,rejected_calls=0,failed_calls=0",
		"cmdstat_debug": "calls=2,rejected_calls=0,failed_calls=2",
	} {
		got := stats[name]
		if !cmdstat.MatchString(got) {
			t.Errorf("%s = %q", name, got)
			continue
		}
		f := strings.Split(got, ",")
		if short := f[0] + "," + f[3] + "," + f[4]; short != want {
			t.Errorf("%s = %q, want %s", name, got, want)
		}
	}
	lat := regexp.MustCompile(`^p50=\d+\.\d{3},p99=\d+\.\d{3},p99\.9=\d+\.\d{3}$`)
	if got := info["latencystats"]["latency_percentiles_usec_get"]; !lat.MatchString(got) {
		t.Errorf("latency_percentiles_usec_get = %q", got)
	}
	if _, ok := info["latencystats"]["latency_percentiles_usec_nosuchcmd"]; ok {
		t.Error("an unknown command has latency stats")
	}
}

func TestResetServerStats(t *testing.T) {
	ts := newTestServer(t, nil)
	c := ts.dial()
	c.do("GET", "k")
	c.do("NOSUCH")
	ts.exec(ts.s.ResetStats)
	info := infoFields(c.text("INFO", "all"))
	if got := info["stats"]["total_commands_processed"]; got != "0" {
		t.Errorf("total_commands_processed = %s", got)
	}
	if got := info["stats"]["keyspace_misses"]; got != "0" {
		t.Errorf("keyspace_misses = %s", got)
	}
	if len(info["errorstats"]) != 0 {
		t.Errorf("errorstats = %v", info["errorstats"])
	}
	// The INFO that reported is itself the only command with stats.
	if len(info["commandstats"]) != 0 {
		t.Errorf("commandstats = %v", info["commandstats"])
	}
}

func TestTimeAndLastsave(t *testing.T) {
	ts := newTestServer(t, nil)
	c := ts.dial()
	c.do("PING") // the executor has started at testStart
	ts.now.Store(testStart + 1234)
	if got := c.do("TIME"); got != "*2\r\n$10\r\n1700000001\r\n$6\r\n234000\r\n" {
		t.Errorf("TIME = %q", got)
	}
	if got := c.do("LASTSAVE"); got != ":1700000000\r\n" {
		t.Errorf("LASTSAVE = %q", got)
	}
	if got := c.do("ROLE"); got != "*3\r\n$6\r\nmaster\r\n:0\r\n*0\r\n" {
		t.Errorf("ROLE = %q", got)
	}
}

// clientLine matches a CLIENT LIST line of Redis 7.0.
var clientLine = regexp.MustCompile(`^id=(\d+) addr=127\.0\.0\.1:\d+ laddr=127\.0\.0\.1:\d+ fd=\d+ name=(\S*) age=\d+ idle=\d+ flags=([A-Za-z]+) db=(\d+) sub=0 psub=0 ssub=0 multi=(-?\d+) qbuf=\d+ qbuf-free=\d+ argv-mem=\d+ multi-mem=\d+ rbs=\d+ rbp=\d+ obl=\d+ oll=\d+ omem=\d+ tot-mem=\d+ events=r cmd=(\S+) user=default redir=-1 resp=(2|3)$`)

func TestClientList(t *testing.T) {
	ts := newTestServer(t, nil)
	// Ids are given when the server registers a connection: dial b only
	// after a is registered so their order is known.
	a := ts.dial()
	idA := strings.Trim(a.do("CLIENT", "ID"), ":\r\n")
	b := ts.dial()
	idB := strings.Trim(b.do("CLIENT", "ID"), ":\r\n")
	b.do("CLIENT", "SETNAME", "bee")
	b.do("SELECT", "3")
	b.do("MULTI")
	b.do("PING")
	lines := strings.Split(strings.TrimSuffix(a.text("CLIENT", "LIST"), "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("CLIENT LIST has %d lines: %q", len(lines), lines)
	}
	want := [][]string{
		{idA, "", "N", "0", "-1", "client|list", "2"},
		{idB, "bee", "x", "3", "1", "ping", "2"},
	}
	for i, line := range lines {
		m := clientLine.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("line %q does not match Redis's format", line)
		}
		if got := strings.Join(m[1:], " "); got != strings.Join(want[i], " ") {
			t.Errorf("line %d fields %q, want %q", i, got, want[i])
		}
	}
	if got := a.text("CLIENT", "LIST", "ID", idB, "999", idB); strings.Count(got, "id="+idB+" ") != 2 || strings.Count(got, "\n") != 2 {
		t.Errorf("CLIENT LIST ID = %q", got)
	}
	if got := a.text("CLIENT", "LIST", "TYPE", "normal"); strings.Count(got, "\n") != 2 {
		t.Errorf("CLIENT LIST TYPE normal = %q", got)
	}
	for _, typ := range []string{"master", "replica", "slave", "pubsub"} {
		if got := a.do("CLIENT", "LIST", "TYPE", typ); got != "$0\r\n\r\n" {
			t.Errorf("CLIENT LIST TYPE %s = %q", typ, got)
		}
	}
	info := a.text("CLIENT", "INFO")
	if m := clientLine.FindStringSubmatch(strings.TrimSuffix(info, "\n")); m == nil || m[1] != idA || m[6] != "client|info" || !strings.HasSuffix(info, "\n") {
		t.Errorf("CLIENT INFO = %q", info)
	}
	a.do("HELLO", "3")
	if got := a.do("CLIENT", "INFO"); !strings.HasPrefix(got, "=") || !strings.Contains(got, "txt:id="+idA+" ") || !strings.Contains(got, " resp=3\n") {
		t.Errorf("CLIENT INFO in RESP3 = %q", got)
	}
}

func TestClientFlags(t *testing.T) {
	ts := newTestServer(t, nil)
	a, m := ts.dial(), ts.dial()
	m.do("MONITOR")
	a.do("CLIENT", "NO-EVICT", "on")
	got := a.text("CLIENT", "LIST")
	if !strings.Contains(got, " flags=O ") || !strings.Contains(got, " flags=e ") {
		t.Errorf("CLIENT LIST = %q, want a MONITOR client (O) and a no-evict one (e)", got)
	}
	a.do("WATCH", "k")
	a.do("SET", "k", "v")
	a.do("MULTI")
	if got := ts.dial().text("CLIENT", "LIST"); !strings.Contains(got, " flags=xde ") {
		t.Errorf("CLIENT LIST = %q, want a client with flags=xde", got)
	}
}

func TestClientName(t *testing.T) {
	ts := newTestServer(t, nil)
	c := ts.dial()
	for _, tc := range []struct{ cmd, want string }{
		{"CLIENT GETNAME", "$-1\r\n"},
		{"CLIENT SETNAME conn1", "+OK\r\n"},
		{"CLIENT GETNAME", "$5\r\nconn1\r\n"},
		{"CLIENT SETNAME a\nb", "-ERR Client names cannot contain spaces, newlines or special characters.\r\n"},
		{"CLIENT GETNAME", "$5\r\nconn1\r\n"},
		{"CLIENT SETNAME", "-ERR wrong number of arguments for 'client|setname' command\r\n"},
	} {
		if got := c.do(strings.Split(tc.cmd, " ")...); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.cmd, got, tc.want)
		}
	}
	if got := c.do("CLIENT", "SETNAME", ""); got != "+OK\r\n" {
		t.Errorf("CLIENT SETNAME '' = %q", got)
	}
	if got := c.do("CLIENT", "GETNAME"); got != "$-1\r\n" {
		t.Errorf("CLIENT GETNAME after clearing = %q", got)
	}
}

func TestClientKill(t *testing.T) {
	ts := newTestServer(t, nil)
	a, b, d := ts.dial(), ts.dial(), ts.dial()
	idB := strings.Trim(b.do("CLIENT", "ID"), ":\r\n")
	d.do("PING")
	if got := a.do("CLIENT", "KILL", "ID", idB); got != ":1\r\n" {
		t.Fatalf("CLIENT KILL ID = %q", got)
	}
	b.expectClosed()
	if got := a.text("CLIENT", "LIST"); strings.Contains(got, "id="+idB+" ") {
		t.Errorf("killed client still listed: %q", got)
	}
	// Old form, by address; then no such client.
	addrD := d.c.LocalAddr().String()
	if got := a.do("CLIENT", "KILL", addrD); got != "+OK\r\n" {
		t.Fatalf("CLIENT KILL addr = %q", got)
	}
	d.expectClosed()
	if got := a.do("CLIENT", "KILL", addrD); got != "-ERR No such client\r\n" {
		t.Errorf("CLIENT KILL gone addr = %q", got)
	}
	// SKIPME yes (the default) spares the caller; SKIPME no does not, and
	// the caller still gets its reply before the connection closes.
	if got := a.do("CLIENT", "KILL", "ADDR", a.c.LocalAddr().String()); got != ":0\r\n" {
		t.Errorf("CLIENT KILL own ADDR = %q", got)
	}
	if got := a.do("CLIENT", "KILL", "USER", "default", "SKIPME", "no"); got != ":1\r\n" {
		t.Errorf("CLIENT KILL USER default SKIPME no = %q", got)
	}
	a.expectClosed()
}

// TestClientKillPaused kills a client whose command CLIENT PAUSE holds.
func TestClientKillPaused(t *testing.T) {
	ts := newTestServer(t, nil)
	a, b := ts.dial(), ts.dial()
	idB := strings.Trim(b.do("CLIENT", "ID"), ":\r\n")
	a.do("CLIENT", "PAUSE", "100000", "WRITE")
	b.send("SET", "k", "v")
	ts.waitParked(1)
	if got := a.do("CLIENT", "KILL", "ID", idB); got != ":1\r\n" {
		t.Fatalf("CLIENT KILL = %q", got)
	}
	b.expectClosed()
	a.do("CLIENT", "UNPAUSE")
	if got := a.do("GET", "k"); got != "$-1\r\n" {
		t.Errorf("the killed client's SET ran: GET = %q", got)
	}
}

// waitParked waits until CLIENT PAUSE holds n clients: a command sent by
// another connection reaches the executor at a time the test cannot know.
func (ts *testServer) waitParked(n int) {
	ts.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		parked := 0
		ts.exec(func() { parked = len(ts.s.pause.parked) })
		if parked == n {
			return
		}
		if time.Now().After(deadline) {
			ts.t.Fatalf("%d clients paused, want %d", parked, n)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestClientPause(t *testing.T) {
	ts := newTestServer(t, nil)
	a, b := ts.dial(), ts.dial()
	if got := a.do("CLIENT", "PAUSE", "100000", "WRITE"); got != "+OK\r\n" {
		t.Fatalf("CLIENT PAUSE = %q", got)
	}
	if got := b.do("GET", "k"); got != "$-1\r\n" {
		t.Fatalf("a read during a WRITE pause = %q", got)
	}
	b.send("SET", "k", "v")
	ts.waitParked(1)
	if got := a.text("CLIENT", "LIST"); !strings.Contains(got, " flags=b ") || !strings.Contains(got, " cmd=get ") {
		t.Errorf("CLIENT LIST during the pause = %q", got)
	}
	if got := a.text("INFO", "clients"); !strings.Contains(got, "\r\nblocked_clients:1\r\n") {
		t.Errorf("INFO clients during the pause = %q", got)
	}
	if got := a.do("CLIENT", "UNPAUSE"); got != "+OK\r\n" {
		t.Fatalf("CLIENT UNPAUSE = %q", got)
	}
	if got := b.read(); got != "+OK\r\n" {
		t.Fatalf("held SET = %q", got)
	}
	// The pause ends by itself when its time is up.
	a.do("CLIENT", "PAUSE", "1000", "ALL")
	b.send("GET", "k")
	ts.waitParked(1)
	ts.now.Add(1000)
	ts.exec(ts.s.cron)
	if got := b.read(); got != "$1\r\nv\r\n" {
		t.Fatalf("held GET = %q", got)
	}
}

func TestClientUnblock(t *testing.T) {
	ts := newTestServer(t, nil)
	a, b := ts.dial(), ts.dial()
	idB := strings.Trim(b.do("CLIENT", "ID"), ":\r\n")
	// A client held by CLIENT PAUSE is not unblocked.
	a.do("CLIENT", "PAUSE", "100000", "WRITE")
	b.send("SET", "k", "v")
	ts.waitParked(1)
	if got := a.do("CLIENT", "UNBLOCK", idB); got != ":0\r\n" {
		t.Errorf("CLIENT UNBLOCK of a paused client = %q", got)
	}
	a.do("CLIENT", "UNPAUSE")
	b.read()
	// A client blocked in BLPOP is unblocked with an error or as on timeout.
	b.send("BLPOP", "nokey", "0")
	waitBlocked(t, ts.s, 1)
	if got := a.do("CLIENT", "UNBLOCK", idB, "ERROR"); got != ":1\r\n" {
		t.Errorf("CLIENT UNBLOCK ERROR = %q", got)
	}
	if got := b.read(); got != "-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n" {
		t.Errorf("unblocked with ERROR, the client got %q", got)
	}
	if got := a.do("CLIENT", "UNBLOCK", idB); got != ":0\r\n" {
		t.Errorf("CLIENT UNBLOCK of an unblocked client = %q", got)
	}
	b.send("BLPOP", "nokey", "0")
	waitBlocked(t, ts.s, 1)
	if got := a.do("CLIENT", "UNBLOCK", idB, "TIMEOUT"); got != ":1\r\n" {
		t.Errorf("CLIENT UNBLOCK TIMEOUT = %q", got)
	}
	if got := b.read(); got != "*-1\r\n" {
		t.Errorf("unblocked with TIMEOUT, the client got %q", got)
	}

}

func TestClientReply(t *testing.T) {
	ts := newTestServer(t, nil)
	c := ts.dial()
	c.send("CLIENT", "REPLY", "OFF")
	c.send("SET", "k", "v")
	c.send("NOSUCHCMD")
	c.send("GET")
	if got := c.do("CLIENT", "REPLY", "ON"); got != "+OK\r\n" {
		t.Fatalf("after REPLY OFF, first reply = %q, want REPLY ON's +OK", got)
	}
	c.send("CLIENT", "REPLY", "SKIP")
	c.send("GET", "k")
	if got := c.do("ECHO", "x"); got != "$1\r\nx\r\n" {
		t.Fatalf("after REPLY SKIP, first reply = %q, want the ECHO's", got)
	}
	c.send("CLIENT", "REPLY", "SKIP")
	c.send("NOSUCHCMD")
	if got := c.do("ECHO", "y"); got != "$1\r\ny\r\n" {
		t.Fatalf("SKIP before a rejected command: first reply = %q", got)
	}
	if got := c.do("CLIENT", "REPLY", "MAYBE"); got != "-ERR syntax error\r\n" {
		t.Errorf("CLIENT REPLY MAYBE = %q", got)
	}
}

func TestSlowlog(t *testing.T) {
	ts := newTestServer(t, func(cfg *Config) { cfg.SlowlogLogSlowerThan = 0 })
	c := ts.dial()
	c.do("CLIENT", "SETNAME", "slow")
	c.do("SLOWLOG", "RESET")
	long := strings.Repeat("x", 130)
	c.do("SET", "k", long)
	argv := []string{"DEL"}
	for i := 0; i < 40; i++ {
		argv = append(argv, "k"+strconv.Itoa(i))
	}
	c.do(argv...)
	if got := c.do("SLOWLOG", "LEN"); got != ":3\r\n" { // SLOWLOG RESET, SET, DEL
		t.Fatalf("SLOWLOG LEN = %q", got)
	}
	got := c.do("SLOWLOG", "GET", "3")
	entry := regexp.MustCompile(`^\*3\r\n\*6\r\n:4\r\n:1700000000\r\n:\d+\r\n\*2\r\n\$7\r\nSLOWLOG\r\n\$3\r\nLEN\r\n\$\d+\r\n127\.0\.0\.1:\d+\r\n\$4\r\nslow\r\n\*6\r\n:(\d+)\r\n:1700000000\r\n:\d+\r\n\*32\r\n\$3\r\nDEL\r\n(?:\$\d+\r\nk\d+\r\n){30}\$23\r\n\.\.\. \(10 more arguments\)\r\n\$\d+\r\n127\.0\.0\.1:\d+\r\n\$4\r\nslow\r\n\*6\r\n:(\d+)\r\n:1700000000\r\n:\d+\r\n\*3\r\n\$3\r\nSET\r\n\$1\r\nk\r\n\$146\r\nx{128}\.\.\. \(2 more bytes\)\r\n\$\d+\r\n127\.0\.0\.1:\d+\r\n\$4\r\nslow\r\n$`)
	m := entry.FindStringSubmatch(got)
	if m == nil {
		t.Fatalf("SLOWLOG GET 2 = %q", got)
	}
	if m[1] != "3" || m[2] != "2" {
		t.Errorf("entry ids %s, %s; want 3, 2", m[1], m[2])
	}
	if got := c.do("SLOWLOG", "GET", "-1"); !strings.HasPrefix(got, "*5\r\n") { // + LEN, GET
		t.Errorf("SLOWLOG GET -1 = %q", got[:min(len(got), 20)])
	}
	for _, tc := range []struct{ cmd, want string }{
		{"SLOWLOG GET -2", "-ERR count should be greater than or equal to -1\r\n"},
		{"SLOWLOG GET x", "-ERR count should be greater than or equal to -1\r\n"},
		{"SLOWLOG GET 1 2", "-ERR unknown subcommand or wrong number of arguments for 'GET'. Try SLOWLOG HELP.\r\n"},
		{"SLOWLOG RESET", "+OK\r\n"},
	} {
		if got := c.do(strings.Split(tc.cmd, " ")...); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.cmd, got, tc.want)
		}
	}
	if got := c.do("SLOWLOG", "GET", "1"); !strings.HasPrefix(got, "*1\r\n*6\r\n:10\r\n") {
		t.Errorf("ids go on after RESET: %q", got)
	}
}

func TestMonitor(t *testing.T) {
	ts := newTestServer(t, nil)
	m, c := ts.dial(), ts.dial()
	if got := m.do("MONITOR"); got != "+OK\r\n" {
		t.Fatalf("MONITOR = %q", got)
	}
	c.do("SELECT", "2")
	c.do("SET", "k", "a b\"\n\x01")
	c.do("CLIENT", "LIST") // admin: not shown
	c.do("GET", "k")
	addr := regexp.QuoteMeta(c.c.LocalAddr().String())
	for _, want := range []string{
		`^\+1700000000\.000000 \[0 ` + addr + `\] "SELECT" "2"\r\n$`,
		`^\+1700000000\.000000 \[2 ` + addr + `\] "SET" "k" "a b\\"\\n\\x01"\r\n$`,
		`^\+1700000000\.000000 \[2 ` + addr + `\] "GET" "k"\r\n$`,
	} {
		if got := m.read(); !regexp.MustCompile(want).MatchString(got) {
			t.Errorf("MONITOR line %q, want %s", got, want)
		}
	}
}

func TestDebug(t *testing.T) {
	ts := newTestServer(t, nil)
	c := ts.dial()
	c.do("SET", "s", "hello")
	c.do("SET", "n", "12345")
	c.do("SET", "sm", "12")
	for _, tc := range []struct{ cmd, want string }{
		// Digests computed by redis-server 7.0.15 for the same data.
		{"DEBUG DIGEST", "+a7482a8728f27c2410f97bb6e5c1e5272a3ccc99\r\n"},
		{"DEBUG DIGEST-VALUE s n nokey", "*3\r\n+36b23a1456b2dce2c3ed252c456761301dba8060\r\n+e1cf90774e995ae03de66e8109dc5cb9d9c2dc83\r\n+0000000000000000000000000000000000000000\r\n"},
		{"DEBUG SDSLEN s", "+key_sds_len:1, key_sds_avail:0, key_zmalloc: 8, val_sds_len:5, val_sds_avail:0, val_zmalloc: 16\r\n"},
		{"DEBUG SDSLEN n", "-ERR Not an sds encoded string.\r\n"},
		{"DEBUG OBJECT nokey", "-ERR no such key\r\n"},
		{"DEBUG SLEEP 0", "+OK\r\n"},
		{"DEBUG ERROR ERR boom", "-ERR unknown subcommand or wrong number of arguments for 'ERROR'. Try DEBUG HELP.\r\n"},
		{"DEBUG JMAP", "-ERR unknown subcommand or wrong number of arguments for 'JMAP'. Try DEBUG HELP.\r\n"},
		{"DEBUG RELOAD", "+OK\r\n"},
		{"GET s", "$5\r\nhello\r\n"}, // reloaded from the snapshot
		{"DEBUG RELOAD NOSAVE FOO", "-ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.\r\n"},
		{"DEBUG QUICKLIST-PACKED-THRESHOLD 5gb", "-ERR argument must be a memory value bigger than 1 and smaller than 4gb\r\n"},
		{"DEBUG QUICKLIST-PACKED-THRESHOLD 1mb", "+OK\r\n"},
		{"DEBUG CHANGE-REPL-ID", "+OK\r\n"},
		{"DEBUG LOG hello", "+OK\r\n"},
		{"DEBUG POPULATE 2 p 9", "+OK\r\n"},
		{"GET p:1", "$9\r\nvalue:1\x00\x00\r\n"},
		{"DEBUG PROTOCOL push", "-ERR RESP2 is not supported by this command\r\n"},
		{"DEBUG PROTOCOL map", "*6\r\n:0\r\n:0\r\n:1\r\n:1\r\n:2\r\n:0\r\n"},
		{"DEBUG HTSTATS 16", "-ERR Out of range database\r\n"},
		{"MEMORY USAGE s", ":64\r\n"},
		{"MEMORY USAGE n", ":48\r\n"},
		{"MEMORY USAGE nokey", "$-1\r\n"},
	} {
		if got := c.do(strings.Split(tc.cmd, " ")...); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.cmd, got, tc.want)
		}
	}
	c.do("SET", "raw", strings.Repeat("x", 100))
	if got := c.do("MEMORY", "USAGE", "raw"); got != ":160\r\n" {
		t.Errorf("MEMORY USAGE of a 100-byte string = %q, want :160 as Redis", got)
	}
	obj := regexp.MustCompile(`^\+Value at:0x[0-9a-f]+ refcount:1 encoding:embstr serializedlength:6 lru:\d+ lru_seconds_idle:0\r\n$`)
	if got := c.do("DEBUG", "OBJECT", "s"); !obj.MatchString(got) {
		t.Errorf("DEBUG OBJECT s = %q", got)
	}
	if got := c.do("DEBUG", "OBJECT", "sm"); !strings.Contains(got, " refcount:2147483647 encoding:int serializedlength:2 ") {
		t.Errorf("DEBUG OBJECT sm = %q", got)
	}
	if got := c.do("DEBUG", "HELP"); !strings.HasPrefix(got, "*106\r\n+DEBUG <subcommand>") {
		t.Errorf("DEBUG HELP = %q", got[:min(len(got), 60)])
	}
}

func TestDebugSetActiveExpire(t *testing.T) {
	ts := newTestServer(t, nil)
	c := ts.dial()
	c.do("SET", "k", "v")
	ts.exec(func() {
		db := ts.s.data.Keyspace.DBs[0]
		db.SetExpire(db.Find([]byte("k")), testStart+10)
	})
	keys := func() int {
		n := 0
		ts.exec(func() { n = ts.s.data.Keyspace.DBs[0].Len() })
		return n
	}
	c.do("DEBUG", "SET-ACTIVE-EXPIRE", "0")
	ts.now.Add(100)
	ts.exec(ts.s.cron)
	if keys() != 1 {
		t.Fatal("the key expired with active expire off")
	}
	c.do("DEBUG", "SET-ACTIVE-EXPIRE", "1")
	ts.exec(ts.s.cron)
	if keys() != 0 {
		t.Fatal("the key did not expire with active expire on")
	}
}

func TestShutdownCommand(t *testing.T) {
	ts := newTestServer(t, nil)
	c, other := ts.dial(), ts.dial()
	for _, tc := range []struct{ cmd, want string }{
		{"SHUTDOWN foo", "-ERR syntax error\r\n"},
		{"SHUTDOWN NOSAVE SAVE", "-ERR syntax error\r\n"},
		{"SHUTDOWN ABORT NOW", "-ERR syntax error\r\n"},
		{"SHUTDOWN ABORT", "-ERR No shutdown in progress.\r\n"},
	} {
		if got := c.do(strings.Split(tc.cmd, " ")...); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.cmd, got, tc.want)
		}
	}
	c.send("SHUTDOWN", "NOSAVE", "NOW")
	c.expectClosed()
	other.expectClosed()
}

func TestLatencyHistogramMath(t *testing.T) {
	h := &latencyHist{}
	for _, us := range []int64{3, 3, 3, 5, 6} {
		h.record(us * 1000)
	}
	if got := string(h.appendPercentiles(nil)); got != "p50=3.007,p99=6.015,p99.9=6.015" {
		t.Errorf("percentiles = %s", got)
	}
	usec, count := h.cumulative()
	if fmt.Sprint(usec, count) != "[4 8] [3 5]" {
		t.Errorf("cumulative = %v %v, want [4 8] [3 5] as Redis", usec, count)
	}
	h = &latencyHist{}
	h.record(0)
	h.record(22_000)
	h.record(5 * histMaxValue)
	if got := string(h.appendPercentiles(nil)); got != "p50=22.015,p99=1002438.655,p99.9=1002438.655" {
		t.Errorf("percentiles = %s", got)
	}
	usec, count = h.cumulative()
	if fmt.Sprint(usec, count) != "[1 33 1073741] [1 2 3]" {
		t.Errorf("cumulative = %v %v", usec, count)
	}
}

func TestLatencyHistogramCommand(t *testing.T) {
	ts := newTestServer(t, nil)
	c := ts.dial()
	c.do("CLIENT", "ID")
	c.do("CLIENT", "GETNAME")
	c.do("PING")
	got := c.do("LATENCY", "HISTOGRAM", "client", "nosuch", "PING")
	re := regexp.MustCompile(`(?s)^\*6\r\n\$14\r\nclient\|getname\r\n\*4\r\n\$5\r\ncalls\r\n:1\r\n\$14\r\nhistogram_usec\r\n\*2\r\n:\d+\r\n:1\r\n\$9\r\nclient\|id\r\n.*\$4\r\nping\r\n\*4\r\n\$5\r\ncalls\r\n:1\r\n`)
	if !re.MatchString(got) {
		t.Errorf("LATENCY HISTOGRAM = %q", got)
	}
}

func TestMemoryUsageEstimate(t *testing.T) {
	type node struct {
		next *node
		b    []byte
	}
	type agg struct {
		m    map[string][]byte
		list *node
	}
	v := &agg{m: map[string][]byte{}}
	for i := 0; i < 100; i++ {
		v.m[strconv.Itoa(i)] = make([]byte, 100)
	}
	for i := 0; i < 10000; i++ { // a long chain: the walk must stay bounded
		v.list = &node{next: v.list, b: make([]byte, 10)}
	}
	z := &sizer{seen: map[uintptr]bool{}, samples: 5, budget: 4096, hasPtr: map[reflect.Type]bool{}}
	n := z.deep(reflect.ValueOf(v))
	if n < 100*100 {
		t.Errorf("estimate %d bytes, want at least the map's 10000 value bytes", n)
	}
	if jemallocSize(25) != 32 || jemallocSize(104) != 112 || jemallocSize(129) != 160 || jemallocSize(1025) != 1280 {
		t.Error("jemalloc size classes")
	}
	if got := stringMemoryUsage(store.NewString([]byte("hello"))); got != 32 {
		t.Errorf("embstr usage %d", got)
	}
}
