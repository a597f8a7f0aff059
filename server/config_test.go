package server

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/ember-db/ember/commands"
)

// TestConfigDefaults compares CONFIG GET * of a default Config with the
// output of a default redis-server 7.0.15 (testdata; port, daemonize and
// save as with no config file, dir left out). Ember deviates on bind only.
func TestConfigDefaults(t *testing.T) {
	data, err := os.ReadFile("testdata/redis-7.0.15-defaults.tsv")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for _, l := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
		name, value, _ := strings.Cut(l, "\t")
		want[name] = value
	}
	want["bind"] = defaultBind
	got := map[string]string{}
	for _, p := range DefaultConfig().Get([]string{"*"}) {
		got[p[0]] = p[1]
	}
	delete(got, "dir")
	if len(got) != 191 {
		t.Errorf("CONFIG GET * lists %d directives besides dir, Redis 191", len(got))
	}
	for k, v := range want {
		if g, ok := got[k]; !ok {
			t.Errorf("%s is missing", k)
		} else if g != v {
			t.Errorf("%s = %q, Redis %q", k, g, v)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s is not a Redis 7.0 directive", k)
		}
	}
}

// TestConfigDefaultFields checks the typed fields of a default Config.
func TestConfigDefaultFields(t *testing.T) {
	c := DefaultConfig()
	wd, _ := os.Getwd()
	checks := []struct {
		name      string
		got, want any
	}{
		{"port", c.Port, 6379},
		{"bind", c.Bind, []string{"127.0.0.1", "-::1"}},
		{"hz", c.Hz, 10},
		{"maxclients", c.MaxClients, 10000},
		{"loglevel", c.LogLevel, LogNotice},
		{"proto-max-bulk-len", c.ProtoMaxBulkLen, int64(512 << 20)},
		{"client-query-buffer-limit", c.ClientQueryBufferLimit, int64(1 << 30)},
		{"maxmemory-policy", c.MaxMemoryPolicy, "noeviction"},
		{"hash-max-listpack-entries", c.HashMaxListpackEntries, int64(512)},
		{"list-max-listpack-size", c.ListMaxListpackSize, int64(-2)},
		{"zset-max-listpack-value", c.ZsetMaxListpackValue, int64(64)},
		{"slowlog-log-slower-than", c.SlowlogLogSlowerThan, int64(10000)},
		{"save", c.Save, []SavePoint{{3600, 1}, {300, 100}, {60, 10000}}},
		{"appendfsync", c.AppendFsync, "everysec"},
		{"client-output-buffer-limit", c.ClientOutputBufferLimits,
			[3]OutputBufferLimit{{}, {256 << 20, 64 << 20, 60}, {32 << 20, 8 << 20, 60}}},
		{"dir", c.Dir, wd},
		{"databases", c.Databases, 16},
		{"dbfilename", c.DBFilename, "dump.rdb"},
	}
	for _, ch := range checks {
		if !reflect.DeepEqual(ch.got, ch.want) {
			t.Errorf("%s: %v, want %v", ch.name, ch.got, ch.want)
		}
	}
}

// TestConfigParse drives CONFIG SET's validation and canonical forms: one
// pair at a time on a default Config.
func TestConfigParse(t *testing.T) {
	cases := []struct {
		name, value string
		want        string // canonical value after the SET
		err         string // or the reason text
	}{
		{name: "hz", value: "100", want: "100"},
		{name: "hz", value: "1000", want: "500"},
		{name: "hz", value: "0", want: "1"},
		{name: "hz", value: "abc", err: "argument couldn't be parsed into an integer"},
		{name: "hz", value: "010", err: "argument couldn't be parsed into an integer"},
		{name: "hz", value: "+5", err: "argument couldn't be parsed into an integer"},
		{name: "hz", value: "-1", err: "argument must be between 0 and 2147483647 inclusive"},
		{name: "timeout", value: "", err: "argument couldn't be parsed into an integer"},
		{name: "maxclients", value: "0", err: "argument must be between 1 and 4294967295 inclusive"},
		{name: "maxmemory", value: "1gb", want: "1073741824"},
		{name: "maxmemory", value: "1G", want: "1000000000"},
		{name: "maxmemory", value: "1Kb", want: "1024"},
		{name: "maxmemory", value: "", want: "0"},
		{name: "maxmemory", value: "99999999999999999999", want: "18446744073709551615"},
		{name: "maxmemory", value: "-1", err: "argument must be a memory value"},
		{name: "maxmemory", value: "1.5gb", err: "argument must be a memory value"},
		{name: "maxmemory", value: " 1", err: "argument must be a memory value"},
		{name: "proto-max-bulk-len", value: "100", err: "argument must be between 1048576 and 9223372036854775807 inclusive"},
		{name: "proto-max-bulk-len", value: "99999999999999999999", err: "argument must be between 1048576 and 9223372036854775807 inclusive"},
		{name: "hash-max-listpack-entries", value: "-1", err: "argument must be between 0 and 9223372036854775807 inclusive"},
		{name: "hash-max-ziplist-value", value: "2kb", want: "2048"},
		{name: "maxmemory-clients", value: "10%", want: "10%"},
		{name: "maxmemory-clients", value: "200%", err: "percentage argument must be less or equal to 100"},
		{name: "maxmemory-clients", value: "abc", err: "argument must be a memory or percent value"},
		{name: "repl-backlog-size", value: "1", want: "16384"},
		{name: "slowlog-log-slower-than", value: "-1", want: "-1"},
		{name: "slowlog-log-slower-than", value: "-2", err: "argument must be between -1 and 9223372036854775807 inclusive"},
		{name: "list-max-ziplist-size", value: "-5", want: "-5"},
		{name: "appendonly", value: "YES", want: "yes"},
		{name: "appendonly", value: "1", err: "argument must be 'yes' or 'no'"},
		{name: "activedefrag", value: "yes", err: "Active defragmentation cannot be enabled: it requires a Redis server compiled with a modified Jemalloc like the one shipped by default with the Redis source distribution"},
		{name: "maxmemory-policy", value: "ALLKEYS-LRU", want: "allkeys-lru"},
		{name: "maxmemory-policy", value: "lru", err: "argument(s) must be one of the following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction"},
		{name: "oom-score-adj", value: "relative", want: "yes"},
		{name: "shutdown-on-sigint", value: "force now nosave", want: "nosave now force"},
		{name: "shutdown-on-sigint", value: "default save", want: "save"},
		{name: "shutdown-on-sigint", value: "save nosave", err: "shutdown options SAVE and NOSAVE can't be used simultaneously"},
		{name: "shutdown-on-sigint", value: "", err: "argument(s) must be one of the following: default, save, nosave, now, force"},
		{name: "save", value: "", want: ""},
		{name: "save", value: "+60 1 300 0", want: "60 1 300 0"},
		{name: "save", value: "60  1", err: "Invalid save parameters"},
		{name: "save", value: "0 1", err: "Invalid save parameters"},
		{name: "save", value: "60 -1", err: "Invalid save parameters"},
		{name: "client-output-buffer-limit", value: "pubsub 1mb 2k 5 replica 1 2 3",
			want: "normal 0 0 0 slave 1 2 3 pubsub 1048576 2000 5"},
		{name: "client-output-buffer-limit", value: "master 1 2 3", err: "Invalid client class specified in buffer limit configuration."},
		{name: "client-output-buffer-limit", value: "normal 1 2", err: "Wrong number of arguments in buffer limit configuration."},
		{name: "client-output-buffer-limit", value: "normal 1 2 x", err: "Error in hard, soft or soft_seconds setting in buffer limit configuration."},
		{name: "oom-score-adj-values", value: "1 2 3", want: "1 2 3"},
		{name: "oom-score-adj-values", value: "1 2", err: "wrong number of arguments"},
		{name: "oom-score-adj-values", value: "1 2 2001", err: "Invalid oom-score-adj-values, elements must be between -2000 and 2000."},
		{name: "notify-keyspace-events", value: "KEA", want: "AKE"},
		{name: "notify-keyspace-events", value: "AKEmn", want: "AKEm"},
		{name: "notify-keyspace-events", value: "g$lshzxetd", want: "A"},
		{name: "notify-keyspace-events", value: "xEn", want: "xnE"},
		{name: "notify-keyspace-events", value: "Q", err: "Invalid event class character. Use 'Ag$lshzxeKEtmdn'."},
		{name: "latency-tracking-info-percentiles", value: "50 99.5 1e1 33.333333333", want: "50 99.5 10 33.333333"},
		{name: "latency-tracking-info-percentiles", value: "101", err: "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]"},
		{name: "latency-tracking-info-percentiles", value: "x", err: "Invalid latency-tracking-info-percentiles parameters"},
		{name: "proc-title-template", value: "{title} {port}", want: "{title} {port}"},
		{name: "proc-title-template", value: "{title}", err: "template format is invalid or contains unknown variables"},
		{name: "proc-title-template", value: "{x}", err: "template format is invalid or contains unknown variables"},
		{name: "cluster-announce-hostname", value: "a b", err: "Hostnames may only contain alphanumeric characters, hyphens or dots"},
		{name: "tls-port", value: "6380", err: "Unable to update TLS configuration. Check server logs."},
		{name: "requirepass", value: "p w", want: "p w"},
	}
	for _, tc := range cases {
		t.Run(tc.name+"="+tc.value, func(t *testing.T) {
			c := DefaultConfig()
			_, _, err := c.setPairs([][2]string{{tc.name, tc.value}}, true)
			if tc.err != "" {
				want := "ERR CONFIG SET failed (possibly related to argument '" + strings.ToLower(tc.name) + "') - " + tc.err
				if err == nil || err.Error() != want {
					t.Fatalf("err = %v, want %q", err, want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := c.Get([]string{tc.name})[0][1]; got != tc.want {
				t.Fatalf("CONFIG GET = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestConfigSetPairs covers CONFIG SET's checks across pairs: the first
// error in argument order wins, unknown names are found before values are
// parsed, and nothing changes unless every pair is valid.
func TestConfigSetPairs(t *testing.T) {
	cases := []struct {
		name      string
		pairs     [][2]string
		protected bool
		err       string
	}{
		{name: "unknown", pairs: [][2]string{{"foo", "1"}}, err: "ERR Unknown option or number of arguments for CONFIG SET - 'foo'"},
		{name: "unknown before values", pairs: [][2]string{{"hz", "abc"}, {"foo", "1"}},
			err: "ERR Unknown option or number of arguments for CONFIG SET - 'foo'"},
		{name: "immutable as typed", pairs: [][2]string{{"DAEMONIZE", "no"}},
			err: "ERR CONFIG SET failed (possibly related to argument 'DAEMONIZE') - can't set immutable config"},
		{name: "immutable before unknown", pairs: [][2]string{{"daemonize", "no"}, {"foo", "1"}},
			err: "ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set immutable config"},
		{name: "protected", pairs: [][2]string{{"dir", "/"}},
			err: "ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config"},
		{name: "protected allowed", pairs: [][2]string{{"dir", "/"}}, protected: true},
		{name: "dir missing", pairs: [][2]string{{"dir", "/no/such/dir"}}, protected: true,
			err: "ERR CONFIG SET failed (possibly related to argument 'dir') - No such file or directory"},
		{name: "dir empty", pairs: [][2]string{{"dir", ""}}, protected: true, // chdir("") fails
			err: "ERR CONFIG SET failed (possibly related to argument 'dir') - No such file or directory"},
		{name: "duplicate", pairs: [][2]string{{"hz", "1"}, {"HZ", "2"}},
			err: "ERR CONFIG SET failed (possibly related to argument 'HZ') - duplicate parameter"},
		{name: "alias and name are not duplicates", pairs: [][2]string{{"hash-max-ziplist-entries", "1"}, {"hash-max-listpack-entries", "2"}}},
		{name: "value error names the registered name", pairs: [][2]string{{"hz", "1"}, {"HASH-MAX-ZIPLIST-ENTRIES", "x"}},
			err: "ERR CONFIG SET failed (possibly related to argument 'hash-max-ziplist-entries') - argument couldn't be parsed into an integer"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := DefaultConfig()
			before := DefaultConfig().Get([]string{"*"})
			_, _, err := c.setPairs(tc.pairs, tc.protected)
			if tc.err == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || err.Error() != tc.err {
				t.Fatalf("err = %v, want %q", err, tc.err)
			}
			if after := c.Get([]string{"*"}); !reflect.DeepEqual(before, after) {
				t.Fatal("a failed CONFIG SET changed the configuration")
			}
		})
	}
	c := DefaultConfig()
	undo, changed, err := c.setPairs([][2]string{{"hash-max-ziplist-entries", "1"}, {"hash-max-listpack-entries", "2"}, {"hz", "10"}}, false)
	if err != nil {
		t.Fatal(err)
	}
	if c.HashMaxListpackEntries != 2 || !reflect.DeepEqual(changed, []string{"hash-max-listpack-entries", "hash-max-listpack-entries"}) {
		t.Fatalf("entries = %d, changed = %v", c.HashMaxListpackEntries, changed)
	}
	undo()
	if c.HashMaxListpackEntries != 512 || c.Value("hash-max-listpack-entries") != "512" {
		t.Fatalf("after undo: %d %q", c.HashMaxListpackEntries, c.Value("hash-max-listpack-entries"))
	}
}

// TestConfigGet covers CONFIG GET's matching.
func TestConfigGet(t *testing.T) {
	c := DefaultConfig()
	cases := []struct {
		patterns []string
		want     []string // names replied, in order
	}{
		{[]string{"MAXMEMORY"}, []string{"MAXMEMORY"}},
		{[]string{"maxmemory", "MAXMEMORY", "maxmem*"}, []string{"maxmemory", "maxmemory-clients",
			"maxmemory-eviction-tenacity", "maxmemory-policy", "maxmemory-samples"}},
		{[]string{"hash-max-*"}, []string{"hash-max-listpack-entries", "hash-max-listpack-value",
			"hash-max-ziplist-entries", "hash-max-ziplist-value"}},
		{[]string{"slaveof"}, []string{"slaveof"}},
		{[]string{"rdb-key-save-delay"}, []string{"rdb-key-save-delay"}},
		{[]string{"rdb-key-*"}, nil},
		{[]string{"*delay*"}, []string{"repl-disable-tcp-nodelay", "repl-diskless-sync-delay"}},
		{[]string{"nosuch", "x*"}, nil},
		{[]string{"?z"}, []string{"hz"}},
	}
	for _, tc := range cases {
		var got []string
		for _, p := range c.Get(tc.patterns) {
			got = append(got, p[0])
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("CONFIG GET %v = %v, want %v", tc.patterns, got, tc.want)
		}
	}
}

// TestConfigLoadFile covers the config file: Redis's quoting, aliases,
// multi-argument directives, the save special case, includes and the
// fatal error text.
func TestConfigLoadFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("inc1.conf", "maxmemory-samples 7\n")
	write("inc2.conf", "tcp-keepalive 5\n")
	main := write("main.conf", "# comment\n\n  port 7000  \nHZ 20\nslave-read-only no\n"+
		"save 100 10\nsave 200 20 300 30\nsave \"\"\nbind 127.0.0.1 ::1\nrequirepass \"a b\\\"c\"\n"+
		"list-max-ziplist-entries 5\ninclude "+filepath.Join(dir, "inc*.conf")+"\n"+
		"client-output-buffer-limit pubsub 1mb 1mb 0\nlogfile \"\"\n")
	quoted := write("quoted.conf", "save \"60 1\"\nsave 10 5\nclient-output-buffer-limit \"normal 1 2 3\"\n"+
		"oom-score-adj-values \"1 2 3\"\nshutdown-on-sigterm \"nosave now\"\nbind \"127.0.0.1 -::1\"\n")
	c := DefaultConfig()
	if err := c.LoadFile(main); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"port": "7000", "hz": "20", "replica-read-only": "no",
		"save": "100 10 200 20 300 30", "bind": "127.0.0.1 ::1", "requirepass": `a b"c`, "maxmemory-samples": "7",
		"tcp-keepalive": "5", "client-output-buffer-limit": "normal 0 0 0 slave 268435456 67108864 60 pubsub 1048576 1048576 0"} {
		if got := c.Value(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if c.ConfigFile != main || c.Port != 7000 || len(c.Save) != 3 {
		t.Errorf("ConfigFile %q, Port %d, Save %v", c.ConfigFile, c.Port, c.Save)
	}

	// A multi-argument directive's single quoted argument is split again,
	// as in Redis 7.0.
	c = DefaultConfig()
	if err := c.LoadFile(quoted); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"save": "60 1 10 5", "bind": "127.0.0.1 -::1", "oom-score-adj-values": "1 2 3",
		"shutdown-on-sigterm":        "nosave now",
		"client-output-buffer-limit": "normal 1 2 3 slave 268435456 67108864 60 pubsub 33554432 8388608 60"} {
		if got := c.Value(name); got != want {
			t.Errorf("quoted: %s = %q, want %q", name, got, want)
		}
	}

	errCases := []struct {
		text, line, reason string
		lineNo             string
	}{
		{"port 1\nhz abc\n", "hz abc", "argument couldn't be parsed into an integer", "2"},
		{"foo bar\n", "foo bar", "Bad directive or wrong number of arguments", "1"},
		{"port 1 2\n", "port 1 2", "wrong number of arguments", "1"},
		{"port \"1\n", "port \"1", "Unbalanced quotes in configuration line", "1"},
		{"#\nsave 0 1\n", "save 0 1", "Invalid save parameters", "2"},
		{"maxmemory-policy x\n", "maxmemory-policy x", "argument(s) must be one of the following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction", "1"},
		{"replicaof 127.0.0.1 6379\n", "replicaof 127.0.0.1 6379", "replication is not supported by Ember", "1"},
	}
	for _, tc := range errCases {
		p := write("bad.conf", tc.text)
		err := DefaultConfig().LoadFile(p)
		want := "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file " + p +
			", at line " + tc.lineNo + "\n>>> '" + tc.line + "'\n" + tc.reason
		if err == nil || err.Error() != want {
			t.Errorf("%q: err = %v\nwant %s", tc.text, err, want)
		}
	}
	if err := DefaultConfig().LoadFile(filepath.Join(dir, "nope.conf")); err == nil ||
		!strings.HasPrefix(err.Error(), "Fatal error, can't open config file '") || !strings.HasSuffix(err.Error(), "': No such file or directory") {
		t.Errorf("missing file: %v", err)
	}
}

// TestConfigParseArgs covers the redis-server command line.
func TestConfigParseArgs(t *testing.T) {
	cases := []struct {
		args []string
		want map[string]string
		err  string
	}{
		{args: []string{"--port", "7000", "--bind", "127.0.0.1", "-::1", "--save", "--hz", "20"},
			want: map[string]string{"port": "7000", "bind": "127.0.0.1 -::1", "save": "", "hz": "20"}},
		{args: []string{"--port 7001", "--save", "60", "1", "--save", "90", "2"},
			want: map[string]string{"port": "7001", "save": "60 1 90 2"}},
		{args: []string{"--requirepass", "a b", "--save"}, want: map[string]string{"requirepass": "a b", "save": ""}},
		// One quoted argument of a multi-argument directive is split again,
		// as Redis 7.0 does (redis-server --save "3600 1").
		{args: []string{"--save", "3600 1"}, want: map[string]string{"save": "3600 1"}},
		{args: []string{"--save", `"60" 1 "70"   "2"`, "--bind", "127.0.0.1 -::1", "--oom-score-adj-values", "1 2 3",
			"--client-output-buffer-limit", "normal 1 2 3", "--shutdown-on-sigterm", "nosave now"},
			want: map[string]string{"save": "60 1 70 2", "bind": "127.0.0.1 -::1", "oom-score-adj-values": "1 2 3",
				"client-output-buffer-limit": "normal 1 2 3 slave 268435456 67108864 60 pubsub 33554432 8388608 60",
				"shutdown-on-sigterm":        "nosave now"}},
		{args: []string{"--save", `60 "1`}, want: map[string]string{"save": ""}},
		{args: []string{"--save", " "}, want: map[string]string{"save": ""}},
		{args: []string{"--save", "60"}, err: "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 2\n>>> 'save \"60\"'\nInvalid save parameters"},
		{args: []string{"--hz", "abc"}, err: "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 2\n>>> 'hz \"abc\"'\nargument couldn't be parsed into an integer"},
		{args: []string{"--port", "1", "--dir", ""}, err: "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 3\n>>> 'dir \"\"'\nNo such file or directory"},
		{args: []string{"--port", "1", "--foo"}, err: "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 3\n>>> 'foo'\nBad directive or wrong number of arguments"},
	}
	for _, tc := range cases {
		c := DefaultConfig()
		err := c.ParseArgs(tc.args)
		if tc.err != "" {
			if err == nil || err.Error() != tc.err {
				t.Errorf("%q: err = %v, want %q", tc.args, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tc.args, err)
			continue
		}
		for k, v := range tc.want {
			if got := c.Value(k); got != v {
				t.Errorf("%q: %s = %q, want %q", tc.args, k, got, v)
			}
		}
	}
}

// TestConfigRewrite checks CONFIG REWRITE's file against what Redis 7.0.15
// writes for the same file and changes (appended lines aside, whose order
// is Redis's hash order), then that the file loads back to the same
// configuration.
func TestConfigRewrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "redis.conf")
	old := "# top comment\nport 6404\nbind 127.0.0.1\nhash-max-ziplist-entries 100\nslave-read-only no\n" +
		"save 100 10\nsave 200 20\n\n\n# another comment\nmaxmemory 1gb\nhz 20\nhz 30\n" +
		"notify-keyspace-events KEA\nclient-output-buffer-limit pubsub 64mb 16mb 60\n" +
		"list-max-ziplist-entries 5\nlogfile \"\"\ninclude /dev/null\n\"unbalanced\n"
	if err := os.WriteFile(path, []byte(strings.Replace(old, "\"unbalanced\n", "", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	c := DefaultConfig()
	if err := c.LoadFile(path); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(old), 0o644); err != nil { // now with a line Redis could not load
		t.Fatal(err)
	}
	c.store(configRegistry.byName["dir"], dir)
	for _, kv := range [][2]string{{"maxmemory", "2mb"}, {"lazyfree-lazy-eviction", "yes"}, {"tcp-keepalive", "60"},
		{"maxmemory-clients", "10%"}, {"hz", "50"}, {"save", ""}, {"client-output-buffer-limit", "normal 1mb 2mb 3"}} {
		if _, _, err := c.setPairs([][2]string{kv}, true); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Rewrite(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := "# top comment\nport 6404\nbind 127.0.0.1\nhash-max-listpack-entries 100\nreplica-read-only no\n" +
		"save \"\"\n\n# another comment\nmaxmemory 2mb\nhz 50\n\nnotify-keyspace-events \"AKE\"\n" +
		"client-output-buffer-limit normal 1mb 2mb 3\n# ??? list-max-ziplist-entries 5\nlogfile \"\"\n" +
		"include /dev/null\n# ??? \"unbalanced\n\n# Generated by CONFIG REWRITE\n" +
		"tcp-keepalive 60\ndir " + reprString(dir) + "\nmaxmemory-clients 10%\nlazyfree-lazy-eviction yes\n" +
		"latency-tracking-info-percentiles 50 99 99.9\nclient-output-buffer-limit pubsub 64mb 16mb 60\n"
	if string(data) != want {
		t.Fatalf("rewritten file:\n%s\nwant:\n%s", data, want)
	}
	// A second rewrite with no change gives, as Redis does, the replica
	// class of client-output-buffer-limit the line the pubsub class had, so
	// pubsub is appended again. Then only a blank line at the end comes
	// (Redis's line split finds an empty line after the last newline), and
	// once it is there the file no longer changes.
	want2 := strings.Replace(want, "client-output-buffer-limit pubsub 64mb 16mb 60\n",
		"client-output-buffer-limit replica 256mb 64mb 60\n\nclient-output-buffer-limit pubsub 64mb 16mb 60\n", 1)
	for i, w := range []string{want2, want2 + "\n", want2 + "\n"} {
		if err := c.Rewrite(); err != nil {
			t.Fatal(err)
		}
		if again, _ := os.ReadFile(path); string(again) != w {
			t.Fatalf("rewrite %d:\n%q\nwant\n%q", i+2, again, w)
		}
	}
	// It loads back: the '# ???' lines are comments, the include is kept.
	c2 := DefaultConfig()
	if err := c2.LoadFile(path); err != nil {
		t.Fatal(err)
	}
	if a, b := c.Get([]string{"*"}), c2.Get([]string{"*"}); !reflect.DeepEqual(a, b) {
		t.Fatalf("reloaded configuration differs")
	}
}

// TestConfigRewriteRoundTrip sets many directives to non-default values,
// rewrites an empty file, and loads it into a fresh Config.
func TestConfigRewriteRoundTrip(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "empty.conf")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	c := DefaultConfig()
	if err := c.LoadFile(path); err != nil {
		t.Fatal(err)
	}
	pairs := [][2]string{{"maxmemory", "3000000"}, {"maxmemory-policy", "allkeys-lfu"}, {"save", "10 1 20 2"},
		{"client-output-buffer-limit", "normal 1kb 2 3 pubsub 0 0 0"}, {"notify-keyspace-events", "Kx$"},
		{"requirepass", "sp ace\"q\n"}, {"shutdown-on-sigterm", "save now"}, {"latency-tracking-info-percentiles", ""},
		{"oom-score-adj-values", "-1 0 1"}, {"maxmemory-clients", "5%"}, {"bind", "127.0.0.1"},
		{"list-max-listpack-size", "-3"}, {"ignore-warnings", "x y"}, {"hz", "123"}, {"rdb-key-save-delay", "-9"},
		{"replica-announce-ip", "10.0.0.1"}, {"loglevel", "debug"}, {"appendfsync", "no"}}
	for _, p := range pairs {
		if _, _, err := c.setPairs([][2]string{p}, true); err != nil {
			t.Fatal(p, err)
		}
	}
	if err := c.Rewrite(); err != nil {
		t.Fatal(err)
	}
	c2 := DefaultConfig()
	if err := c2.LoadFile(path); err != nil {
		data, _ := os.ReadFile(path)
		t.Fatalf("%v\n%s", err, data)
	}
	if a, b := c.Get([]string{"*"}), c2.Get([]string{"*"}); !reflect.DeepEqual(a, b) {
		for i := range a {
			if a[i] != b[i] {
				t.Errorf("%s = %q after reload, was %q", a[i][0], b[i][1], a[i][1])
			}
		}
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("temp files left behind: %v", entries)
	}
}

// TestConfigFormatting covers the small formatters Redis's text depends on.
func TestConfigFormatting(t *testing.T) {
	for in, want := range map[uint64]string{0: "0", 1: "1", 1024: "1kb", 1536: "1536", 1 << 20: "1mb",
		3 << 30: "3gb", 3<<30 + 1024: "3145729kb"} {
		if got := formatMemory(in); got != want {
			t.Errorf("formatMemory(%d) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"": `""`, "a b": `"a b"`, `q"\`: `"q\"\\"`, "\n\r\t\a\b": `"\n\r\t\a\b"`,
		"\x01\xff": `"\x01\xff"`} {
		if got := reprString(in); got != want {
			t.Errorf("reprString(%q) = %s, want %s", in, got, want)
		}
	}
	for _, tc := range []struct {
		in   string
		want uint64
		ok   bool
	}{{"", 0, true}, {"kb", 0, true}, {"1b", 1, true}, {"2M", 2000000, true}, {"2mb", 2 << 20, true},
		{"-1", 0, false}, {"1x", 0, false}, {"1 ", 0, false}, {"17179869184gb", 0, false}} {
		if got, ok := memtoull(tc.in); got != tc.want || ok != tc.ok {
			t.Errorf("memtoull(%q) = %d, %v", tc.in, got, ok)
		}
	}
	for in, want := range map[string]string{"50.000000": "50", "99.500000": "99.5", "100": "100", "0.000000": "0"} {
		if got := trimDoubleString(in); got != want {
			t.Errorf("trimDoubleString(%q) = %q", in, got)
		}
	}
}

// TestResetStats checks that CONFIG RESETSTAT's method clears the counters.
func TestResetStats(t *testing.T) {
	cfg := DefaultConfig()
	cfg.LogLevel = LogNothing
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	s.stats.cmdStats = map[string]*cmdStat{"get": {calls: 3}}
	s.stats.errorStats = map[string]int64{"ERR": 2}
	s.stats.commandsProcessed, s.stats.connectionsReceived, s.stats.totalErrorReplies = 5, 6, 2
	s.stats.rejectedConns.Store(1)
	s.data.Stats = commands.Stats{ExpiredKeys: 1, KeyspaceHits: 2, KeyspaceMisses: 3}
	s.ResetStats()
	if len(s.stats.cmdStats) != 0 || len(s.stats.errorStats) != 0 || s.stats.commandsProcessed != 0 ||
		s.stats.connectionsReceived != 0 || s.stats.totalErrorReplies != 0 || s.stats.rejectedConns.Load() != 0 ||
		s.data.Stats != (commands.Stats{}) {
		t.Fatalf("stats after ResetStats: %+v %+v", s.stats.cmdStats, s.data.Stats)
	}
}

// TestApplyConfig checks that the directives the data commands read reach
// commands.Tunables.
func TestApplyConfig(t *testing.T) {
	cfg := DefaultConfig()
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if s.data.Tunables.HashMaxListpackEntries != 512 {
		t.Fatalf("hash-max-listpack-entries tunable = %d", s.data.Tunables.HashMaxListpackEntries)
	}
	if _, _, err := cfg.setPairs([][2]string{{"zset-max-ziplist-entries", "7"}, {"maxmemory-policy", "allkeys-lfu"},
		{"proto-max-bulk-len", "2mb"}, {"list-max-listpack-size", "5"}}, false); err != nil {
		t.Fatal(err)
	}
	s.applyConfig()
	tu := s.data.Tunables
	if tu.ZsetMaxListpackEntries != 7 || tu.MaxMemoryPolicy != "allkeys-lfu" || tu.ProtoMaxBulkLen != 2<<20 ||
		tu.ListMaxListpackSize != 5 || s.limits.MaxBulkLen.Load() != 2<<20 {
		t.Fatalf("tunables %+v", tu)
	}
}

// TestConfigExample loads redis.conf.example: it names every directive
// (aliases and the hidden ones aside), each at its default.
func TestConfigExample(t *testing.T) {
	c := DefaultConfig()
	if err := c.LoadFile("../redis.conf.example"); err != nil {
		t.Fatal(err)
	}
	c.store(configRegistry.byName["dir"], DefaultConfig().Dir) // the example says "dir ./"
	if a, b := DefaultConfig().Get([]string{"*"}), c.Get([]string{"*"}); !reflect.DeepEqual(a, b) {
		for i := range a {
			if a[i] != b[i] {
				t.Errorf("%s = %q in the example, default %q", a[i][0], b[i][1], a[i][1])
			}
		}
	}
	data, _ := os.ReadFile("../redis.conf.example")
	present := map[string]bool{}
	for _, l := range strings.Split(string(data), "\n") {
		if l != "" && l[0] != '#' {
			present[strings.Fields(l)[0]] = true
		}
	}
	for _, d := range configRegistry.list {
		if !present[d.name] {
			t.Errorf("redis.conf.example lacks %s", d.name)
		}
	}
}
