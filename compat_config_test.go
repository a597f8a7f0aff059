package main

// CONFIG: go-redis black-box tests, and a differential probe that sets
// every directive Redis 7.0 knows to a battery of good and bad values on
// Ember and on a real redis-server, comparing the raw replies.

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ember-db/ember/server"
	"github.com/redis/go-redis/v9"
)

func TestCompatConfigGetSet(t *testing.T) {
	forEachProto(t, func(t *testing.T, ctx context.Context, rdb *redis.Client) {
		got, err := rdb.ConfigGet(ctx, "maxmemory-policy").Result()
		if err != nil || len(got) != 1 || got["maxmemory-policy"] != "noeviction" {
			t.Fatalf("CONFIG GET maxmemory-policy = %v, %v", got, err)
		}
		got, err = rdb.ConfigGet(ctx, "*max-*-entries").Result()
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"hash-max-listpack-entries": "512", "hash-max-ziplist-entries": "512",
			"set-max-intset-entries": "512", "zset-max-listpack-entries": "128", "zset-max-ziplist-entries": "128"}
		if len(got) != len(want) {
			t.Fatalf("CONFIG GET *max-*-entries = %v", got)
		}
		for k, v := range want {
			if got[k] != v {
				t.Fatalf("CONFIG GET *max-*-entries: %s = %q, want %q (all: %v)", k, got[k], v, got)
			}
		}
		if err := rdb.ConfigSet(ctx, "maxmemory", "2mb").Err(); err != nil {
			t.Fatal(err)
		}
		if v := rdb.ConfigGet(ctx, "maxmemory").Val()["maxmemory"]; v != "2097152" {
			t.Fatalf("maxmemory after SET 2mb = %q", v)
		}
		err = rdb.ConfigSet(ctx, "hz", "abc").Err()
		if err == nil || err.Error() != "ERR CONFIG SET failed (possibly related to argument 'hz') - argument couldn't be parsed into an integer" {
			t.Fatalf("CONFIG SET hz abc: %v", err)
		}
		err = rdb.ConfigSet(ctx, "no-such-directive", "1").Err()
		if err == nil || err.Error() != "ERR Unknown option or number of arguments for CONFIG SET - 'no-such-directive'" {
			t.Fatalf("CONFIG SET unknown: %v", err)
		}
		// Several pairs at once: all or nothing.
		err = rdb.Do(ctx, "CONFIG", "SET", "maxmemory-policy", "allkeys-lru", "slowlog-max-len", "x").Err()
		if err == nil {
			t.Fatal("CONFIG SET with a bad pair succeeded")
		}
		if v := rdb.ConfigGet(ctx, "maxmemory-policy").Val()["maxmemory-policy"]; v != "noeviction" {
			t.Fatalf("a failed CONFIG SET changed maxmemory-policy to %q", v)
		}
		if err := rdb.Do(ctx, "CONFIG", "SET", "maxmemory-policy", "ALLKEYS-LRU", "slowlog-max-len", "10").Err(); err != nil {
			t.Fatal(err)
		}
		got = rdb.ConfigGet(ctx, "maxmemory-policy").Val()
		if got["maxmemory-policy"] != "allkeys-lru" {
			t.Fatalf("maxmemory-policy = %v", got)
		}
		if err := rdb.ConfigResetStat(ctx).Err(); err != nil {
			t.Fatal(err)
		}
		err = rdb.ConfigRewrite(ctx).Err()
		if err == nil || err.Error() != "ERR The server is running without a config file" {
			t.Fatalf("CONFIG REWRITE without a file: %v", err)
		}
	})
}

// TestCompatConfigApplied checks that directives Ember acts on take effect
// at once: requirepass, proto-max-bulk-len and the listpack thresholds the
// data commands read.
func TestCompatConfigApplied(t *testing.T) {
	ctx := context.Background()
	addr, _ := startEmber(t)
	rdb := redis.NewClient(&redis.Options{Addr: addr})
	t.Cleanup(func() { rdb.Close() })
	if err := rdb.ConfigSet(ctx, "requirepass", "secret").Err(); err != nil {
		t.Fatal(err)
	}
	other := redis.NewClient(&redis.Options{Addr: addr, Protocol: 2})
	defer other.Close()
	if err := other.Ping(ctx).Err(); err == nil || !strings.HasPrefix(err.Error(), "NOAUTH") {
		t.Fatalf("PING without AUTH after requirepass: %v", err)
	}
	if err := rdb.ConfigSet(ctx, "requirepass", "").Err(); err != nil {
		t.Fatal(err)
	}
	fresh := redis.NewClient(&redis.Options{Addr: addr, Protocol: 2})
	defer fresh.Close()
	if err := fresh.Ping(ctx).Err(); err != nil {
		t.Fatalf("PING after requirepass cleared: %v", err)
	}
	if err := rdb.ConfigSet(ctx, "proto-max-bulk-len", "1mb").Err(); err != nil {
		t.Fatal(err)
	}
	err := rdb.Set(ctx, "big", strings.Repeat("x", 2<<20), 0).Err()
	if err == nil {
		t.Fatal("SET of 2mb with proto-max-bulk-len 1mb succeeded")
	}
}

// TestCompatConfigRewrite starts Ember with a config file, changes
// directives, rewrites the file, and starts a second server from it.
func TestCompatConfigRewrite(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	conf := filepath.Join(dir, "ember.conf")
	orig := "# my config\nport 0\nbind 127.0.0.1\nloglevel warning\nhz 20\nslave-read-only no\n"
	if err := os.WriteFile(conf, []byte(orig), 0o644); err != nil {
		t.Fatal(err)
	}
	addr, _ := startEmberWithFile(t, conf, "--dir", dir)
	rdb := redis.NewClient(&redis.Options{Addr: addr})
	defer rdb.Close()
	for _, kv := range [][2]string{{"hz", "50"}, {"maxmemory", "1gb"}, {"notify-keyspace-events", "KEA"}, {"save", "60 1"}} {
		if err := rdb.ConfigSet(ctx, kv[0], kv[1]).Err(); err != nil {
			t.Fatal(err)
		}
	}
	if err := rdb.ConfigRewrite(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(conf)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for _, want := range []string{"# my config\n", "hz 50\n", "replica-read-only no\n", "# Generated by CONFIG REWRITE\n",
		"maxmemory 1gb\n", "notify-keyspace-events \"AKE\"\n", "save 60 1\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("rewritten file lacks %q:\n%s", want, text)
		}
	}
	addr2, _ := startEmberWithFile(t, conf, "--port", "0") // the file names the first server's port
	rdb2 := redis.NewClient(&redis.Options{Addr: addr2})
	defer rdb2.Close()
	got := rdb2.ConfigGet(ctx, "*").Val()
	for _, k := range []string{"hz", "maxmemory", "notify-keyspace-events", "save", "replica-read-only", "dir"} {
		if want := rdb.ConfigGet(ctx, k).Val()[k]; got[k] != want {
			t.Errorf("after restart %s = %q, want %q", k, got[k], want)
		}
	}
}

// startEmberWithFile starts an in-process server from a config file (and
// command-line options), as "ember file --opt val" does.
func startEmberWithFile(t testing.TB, path string, extra ...string) (string, *server.Server) {
	t.Helper()
	cfg := server.DefaultConfig()
	if err := cfg.LoadFile(path); err != nil {
		t.Fatal(err)
	}
	if err := cfg.ParseArgs(extra); err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Listen(); err != nil {
		t.Fatal(err)
	}
	go srv.Serve()
	t.Cleanup(func() { srv.Close() })
	return srv.Addr().String(), srv
}

// TestDifferentialConfigProbe sets every directive of the real Redis to a
// battery of values, on both servers, and compares the raw replies of
// CONFIG SET and of the CONFIG GET that follows; each value is put back.
func TestDifferentialConfigProbe(t *testing.T) {
	raddr := needRedis(t)
	eaddr, _ := startEmber(t)
	ember, real := dialRaw(t, eaddr), dialRaw(t, raddr)
	// Never changed on the real server: they would move or lock it.
	skip := map[string]bool{"port": true, "bind": true, "requirepass": true, "appendonly": true}
	reply := real.do("CONFIG", "GET", "*")
	names := parseBulks(t, reply)
	if len(names) != 2*192 {
		t.Fatalf("real CONFIG GET * has %d entries", len(names)/2)
	}
	// The hidden ones (only an exact CONFIG GET shows them), but not
	// watchdog-period, which arms a SIGALRM watchdog on the real server.
	for _, h := range []string{"rdb-key-save-delay", "key-load-delay", "loading-process-events-interval-bytes", "use-exit-on-panic"} {
		names = append(names, h, "")
	}
	values := []string{"abc", "", "0", "1", "-1", "1.5", "yes", "no", "010", "+1", " 1", "2147483648",
		"4294967296", "9223372036854775808", "99999999999999999999", "1kb", "1K", "3gb", "5%", "200%", "-5%",
		"1 2", "1 2 3", "normal 1 2 3", "pubsub 1mb 2mb 3", "master 1 2 3", "default save", "save nosave",
		"nosave now force", "50 99.5", "0777", "999", "KEA", "xg", "Q", "local", "relative", "ALLKEYS-LFU",
		"a/b", "{title} x", "{bad}", "127.0.0.1 1", "no one"}
	for i := 0; i < len(names); i += 2 {
		name := names[i]
		if skip[name] {
			continue
		}
		origE := parseBulks(t, ember.do("CONFIG", "GET", name))
		origR := parseBulks(t, real.do("CONFIG", "GET", name))
		for _, v := range values {
			if name == "maxclients" && len(v) > 5 {
				continue // Redis walks the open files limit down in steps of 16: minutes
			}
			e, r := ember.do("CONFIG", "SET", name, v), real.do("CONFIG", "SET", name, v)
			if string(e) != string(r) {
				t.Errorf("CONFIG SET %s %q:\n ember %s\n redis %s", name, v, quoted(e), quoted(r))
			}
			if strings.HasPrefix(string(e), "+OK") || strings.HasPrefix(string(r), "+OK") {
				ge, gr := ember.do("CONFIG", "GET", name), real.do("CONFIG", "GET", name)
				if name != "dir" && string(ge) != string(gr) {
					t.Errorf("CONFIG GET %s after SET %q:\n ember %s\n redis %s", name, v, quoted(ge), quoted(gr))
				}
				ember.do("CONFIG", "SET", name, origE[1])
				real.do("CONFIG", "SET", name, origR[1])
			}
		}
	}
}

// parseBulks returns the bulk strings of a flat RESP2 array or map reply.
func parseBulks(t testing.TB, raw []byte) []string {
	t.Helper()
	var out []string
	s := string(raw)
	lines := strings.Split(s, "\r\n")
	for i := 1; i < len(lines); i++ {
		if strings.HasPrefix(lines[i], "$") && i+1 < len(lines) {
			out = append(out, lines[i+1])
			i++
		}
	}
	return out
}

// TestCompatConfigRebind moves a live server to another port with CONFIG
// SET port, and back through bind; a port that cannot be bound fails and
// leaves the server where it was.
func TestCompatConfigRebind(t *testing.T) {
	ctx := context.Background()
	addr, srv := startEmber(t)
	rdb := redis.NewClient(&redis.Options{Addr: addr})
	defer rdb.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	busy := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	err = rdb.ConfigSet(ctx, "port", busy).Err()
	if err == nil || err.Error() != "ERR CONFIG SET failed (possibly related to argument 'port') - Unable to listen on this port. Check server logs." {
		t.Fatalf("CONFIG SET port <busy>: %v", err)
	}
	ln.Close() // now free: move there
	if got := srv.Addr().String(); got != addr {
		t.Fatalf("after a failed move the server listens on %s, not %s", got, addr)
	}
	if err := rdb.ConfigSet(ctx, "port", busy).Err(); err != nil {
		t.Fatal(err)
	}
	moved := redis.NewClient(&redis.Options{Addr: "127.0.0.1:" + busy})
	defer moved.Close()
	if err := moved.Ping(ctx).Err(); err != nil {
		t.Fatalf("PING on the new port: %v", err)
	}
	if v := moved.ConfigGet(ctx, "port").Val()["port"]; v != busy {
		t.Fatalf("CONFIG GET port = %q, want %s", v, busy)
	}
	if c, err := net.Dial("tcp", addr); err == nil {
		c.Close()
		t.Fatalf("the old address %s still accepts connections", addr)
	}
	err = moved.ConfigSet(ctx, "bind", "127.0.0.1 256.0.0.1").Err()
	if err == nil || err.Error() != "ERR CONFIG SET failed (possibly related to argument 'bind') - Failed to bind to specified addresses." {
		t.Fatalf("CONFIG SET bind <bad>: %v", err)
	}
	if err := moved.Ping(ctx).Err(); err != nil {
		t.Fatalf("PING after a failed bind: %v", err)
	}
	if v := moved.ConfigGet(ctx, "bind").Val()["bind"]; v != "127.0.0.1" {
		t.Fatalf("bind after a failed CONFIG SET = %q", v)
	}
}

// TestCompatConfigProtected: enable-protected-configs yes (or local, from
// loopback) lets CONFIG SET change dir and dbfilename.
func TestCompatConfigProtected(t *testing.T) {
	for _, mode := range []string{"yes", "local"} {
		t.Run(mode, func(t *testing.T) {
			ctx := context.Background()
			addr, _ := startEmber(t, "--enable-protected-configs", mode)
			rdb := redis.NewClient(&redis.Options{Addr: addr})
			defer rdb.Close()
			dir := t.TempDir()
			if err := rdb.ConfigSet(ctx, "dir", dir).Err(); err != nil {
				t.Fatal(err)
			}
			real, _ := filepath.EvalSymlinks(dir)
			if v := rdb.ConfigGet(ctx, "dir").Val()["dir"]; v != real {
				t.Fatalf("dir = %q, want %q", v, real)
			}
			err := rdb.ConfigSet(ctx, "dbfilename", "a/b.rdb").Err()
			if err == nil || err.Error() != "ERR CONFIG SET failed (possibly related to argument 'dbfilename') - dbfilename can't be a path, just a filename" {
				t.Fatalf("dbfilename a/b.rdb: %v", err)
			}
			err = rdb.ConfigSet(ctx, "dir", filepath.Join(dir, "missing")).Err()
			if err == nil || err.Error() != "ERR CONFIG SET failed (possibly related to argument 'dir') - No such file or directory" {
				t.Fatalf("dir missing: %v", err)
			}
		})
	}
}

// TestCompatConfigSanity is Redis's "CONFIG sanity" test (introspection
// tcl): every directive CONFIG GET * lists can be set to the value it
// shows, and then shows the same value.
func TestCompatConfigSanity(t *testing.T) {
	addr, _ := startEmber(t, "--enable-protected-configs", "yes")
	rc := dialRaw(t, addr)
	immutable := map[string]bool{}
	for _, n := range strings.Fields(`rdbchecksum daemonize io-threads-do-reads tcp-backlog always-show-logo
		syslog-enabled cluster-enabled aclfile unixsocket pidfile syslog-ident appendfilename appenddirname
		supervised syslog-facility databases io-threads logfile unixsocketperm slaveof replicaof
		server_cpulist bio_cpulist aof_rewrite_cpulist bgsave_cpulist set-proc-title socket-mark-id
		cluster-config-file cluster-port disable-thp enable-protected-configs enable-debug-command
		enable-module-command`) {
		immutable[n] = true
	}
	before := parseBulks(t, rc.do("CONFIG", "GET", "*"))
	for i := 0; i < len(before); i += 2 {
		k, v := before[i], before[i+1]
		got := string(rc.do("CONFIG", "SET", k, v))
		if immutable[k] {
			if !strings.Contains(got, "can't set immutable config") {
				t.Errorf("CONFIG SET %s %q = %s, want the immutable error", k, v, quoted([]byte(got)))
			}
			continue
		}
		if got != "+OK\r\n" {
			t.Errorf("CONFIG SET %s %q = %s", k, v, quoted([]byte(got)))
		}
	}
	after := parseBulks(t, rc.do("CONFIG", "GET", "*"))
	if strings.Join(before, "\n") != strings.Join(after, "\n") {
		t.Errorf("CONFIG GET * changed after setting every directive to its own value")
	}
}
