package server

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ember-db/ember/commands"
	"github.com/ember-db/ember/resp"
)

// Config is the server configuration: the redis.conf directives Ember knows,
// under Redis's names and with Redis's defaults. Typed fields hold what the
// server acts on; every directive's canonical text is kept for CONFIG GET
// and CONFIG REWRITE.
//
// A Config is built by DefaultConfig, then LoadFile and ParseArgs (the
// redis-server command line); after the server starts, only the executor
// changes it (CONFIG SET).
type Config struct {
	Port          int
	Bind          []string
	ProtectedMode bool
	Dir           string
	Databases     int
	// Hz is how many times a second cron runs (active expire, stats).
	Hz         int
	MaxClients int
	// Timeout closes a client idle this many seconds; 0 = never.
	Timeout     int
	LogLevel    int
	LogFile     string
	RequirePass string
	// ProtoMaxBulkLen is proto-max-bulk-len, in bytes.
	ProtoMaxBulkLen int64
	// ClientQueryBufferLimit is client-query-buffer-limit, in bytes.
	ClientQueryBufferLimit int64
	// MaxMemory is maxmemory, in bytes; 0 = no limit.
	MaxMemory int64
	// IOThreads maps onto GOMAXPROCS (see ApplyIOThreads).
	IOThreads int
	// SlowlogLogSlowerThan is slowlog-log-slower-than, in microseconds; a
	// negative value disables the slow log.
	SlowlogLogSlowerThan int64
	SlowlogMaxLen        int64
	// ConfigFile is the absolute path of the file loaded, "" if none.
	ConfigFile string

	// Clock is the server's time source; tests inject one. Not a directive.
	Clock func() time.Time

	values map[string]string // canonical name -> value text
}

// directive describes one config directive: how to parse it, print it and
// apply it to the typed fields.
type directive struct {
	name      string
	alias     string
	def       string
	immutable bool // settable only at start-up
	// parse validates the arguments and returns the canonical value text.
	parse func(args []string) (string, error)
	// apply stores a canonical value into the typed fields.
	apply func(c *Config, v string)
}

// ConfigError is an invalid directive value; Msg is Redis's reason text.
type ConfigError struct{ Msg string }

func (e *ConfigError) Error() string { return e.Msg }

func errArg(msg string) error { return &ConfigError{msg} }

// boolDir is a yes/no directive.
func boolDir(name, def string, apply func(c *Config, b bool)) *directive {
	return &directive{name: name, def: def,
		parse: func(a []string) (string, error) {
			switch strings.ToLower(a[0]) {
			case "yes":
				return "yes", nil
			case "no":
				return "no", nil
			}
			return "", errArg("argument must be 'yes' or 'no'")
		},
		apply: func(c *Config, v string) {
			if apply != nil {
				apply(c, v == "yes")
			}
		}}
}

// intDir is an integer directive bounded by [lo, hi].
func intDir(name, def string, lo, hi int64, apply func(c *Config, n int64)) *directive {
	return &directive{name: name, def: def,
		parse: func(a []string) (string, error) {
			n, err := strconv.ParseInt(a[0], 10, 64)
			if err != nil {
				return "", errArg("argument couldn't be parsed into an integer")
			}
			if n < lo || n > hi {
				return "", errArg(fmt.Sprintf("argument must be between %d and %d inclusive", lo, hi))
			}
			return strconv.FormatInt(n, 10), nil
		},
		apply: func(c *Config, v string) {
			if apply != nil {
				n, _ := strconv.ParseInt(v, 10, 64)
				apply(c, n)
			}
		}}
}

// memDir is a memory-size directive ("1gb", "512mb", "100"), bounded; its
// canonical text is the number of bytes.
func memDir(name, def string, lo, hi int64, apply func(c *Config, n int64)) *directive {
	return &directive{name: name, def: def,
		parse: func(a []string) (string, error) {
			n, ok := parseMemory(a[0])
			if !ok {
				return "", errArg("argument must be a memory value")
			}
			if n < lo || n > hi {
				return "", errArg(fmt.Sprintf("argument must be between %d and %d inclusive", lo, hi))
			}
			return strconv.FormatInt(n, 10), nil
		},
		apply: func(c *Config, v string) {
			if apply != nil {
				n, _ := strconv.ParseInt(v, 10, 64)
				apply(c, n)
			}
		}}
}

// enumDir is a directive taking one of names.
func enumDir(name, def string, names []string, apply func(c *Config, v string)) *directive {
	return &directive{name: name, def: def,
		parse: func(a []string) (string, error) {
			for _, n := range names {
				if strings.EqualFold(a[0], n) {
					return n, nil
				}
			}
			return "", errArg("argument(s) must be one of the following: " + strings.Join(names, ", "))
		},
		apply: func(c *Config, v string) {
			if apply != nil {
				apply(c, v)
			}
		}}
}

// stringDir is a free-text directive.
func stringDir(name, def string, apply func(c *Config, v string)) *directive {
	return &directive{name: name, def: def,
		parse: func(a []string) (string, error) { return a[0], nil },
		apply: func(c *Config, v string) {
			if apply != nil {
				apply(c, v)
			}
		}}
}

func immutable(d *directive) *directive { d.immutable = true; return d }

func alias(d *directive, a string) *directive { d.alias = a; return d }

// parseMemory parses a memory value as Redis's memtoull: an integer with an
// optional unit k, kb, m, mb, g, gb (any case; k = 1000, kb = 1024).
func parseMemory(s string) (int64, bool) {
	l := strings.ToLower(s)
	mul := int64(1)
	for _, u := range []struct {
		suffix string
		mul    int64
	}{{"kb", 1 << 10}, {"mb", 1 << 20}, {"gb", 1 << 30}, {"k", 1000}, {"m", 1000 * 1000}, {"g", 1000 * 1000 * 1000}, {"b", 1}} {
		if strings.HasSuffix(l, u.suffix) {
			l, mul = strings.TrimSuffix(l, u.suffix), u.mul
			break
		}
	}
	n, err := strconv.ParseInt(l, 10, 64)
	if err != nil || n < 0 || (mul > 1 && n > (1<<62)/mul) {
		return 0, false
	}
	return n * mul, true
}

const maxInt = int64(^uint32(0) >> 1)

// directives returns the table of known directives. The order is the order
// of CONFIG REWRITE's appended lines; CONFIG GET sorts by name.
func directives() []*directive {
	return []*directive{
		immutable(intDir("port", "6379", 0, 65535, func(c *Config, n int64) { c.Port = int(n) })),
		immutable(&directive{name: "bind", def: "127.0.0.1 -::1",
			parse: func(a []string) (string, error) { return strings.Join(a, " "), nil },
			apply: func(c *Config, v string) { c.Bind = strings.Fields(v) }}),
		boolDir("protected-mode", "yes", func(c *Config, b bool) { c.ProtectedMode = b }),
		stringDir("dir", "", func(c *Config, v string) { c.Dir = v }),
		immutable(intDir("databases", "16", 1, maxInt, func(c *Config, n int64) { c.Databases = int(n) })),
		intDir("hz", "10", 0, maxInt, func(c *Config, n int64) { c.Hz = int(min(max(n, 1), 500)) }),
		intDir("maxclients", "10000", 1, maxInt, func(c *Config, n int64) { c.MaxClients = int(n) }),
		intDir("timeout", "0", 0, maxInt, func(c *Config, n int64) { c.Timeout = int(n) }),
		intDir("tcp-keepalive", "300", 0, maxInt, nil),
		enumDir("loglevel", "notice", logLevelNames[:4], func(c *Config, v string) {
			for i, n := range logLevelNames {
				if n == v {
					c.LogLevel = i
				}
			}
		}),
		immutable(stringDir("logfile", "", func(c *Config, v string) { c.LogFile = v })),
		stringDir("requirepass", "", func(c *Config, v string) { c.RequirePass = v }),
		memDir("proto-max-bulk-len", "536870912", 1024*1024, 1<<62, func(c *Config, n int64) { c.ProtoMaxBulkLen = n }),
		memDir("client-query-buffer-limit", "1073741824", 1024*1024, 1<<62, func(c *Config, n int64) { c.ClientQueryBufferLimit = n }),
		memDir("maxmemory", "0", 0, 1<<62, func(c *Config, n int64) { c.MaxMemory = n }),
		enumDir("maxmemory-policy", "noeviction", []string{"volatile-lru", "volatile-lfu", "volatile-random",
			"volatile-ttl", "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"}, nil),
		immutable(intDir("io-threads", "1", 1, 128, func(c *Config, n int64) { c.IOThreads = int(n) })),
		intDir("slowlog-log-slower-than", "10000", -1, 1<<62, func(c *Config, n int64) { c.SlowlogLogSlowerThan = n }),
		intDir("slowlog-max-len", "128", 0, maxInt, func(c *Config, n int64) { c.SlowlogMaxLen = n }),
		&directive{name: "save", def: "3600 1 300 100 60 10000",
			parse: parseSave, apply: func(c *Config, v string) {}},
		stringDir("dbfilename", "dump.rdb", nil),
		boolDir("appendonly", "no", nil),
		enumDir("appendfsync", "everysec", []string{"always", "everysec", "no"}, nil),
		// AOF directives (read by server/aof.go with Value; the config
		// registry rewrite carries them with Redis's flags).
		immutable(stringDir("appendfilename", "appendonly.aof", nil)),
		immutable(stringDir("appenddirname", "appendonlydir", nil)),
		boolDir("aof-load-truncated", "yes", nil),
		boolDir("aof-use-rdb-preamble", "yes", nil),
		boolDir("aof-timestamp-enabled", "no", nil),
		boolDir("aof-disable-auto-gc", "no", nil),
		boolDir("no-appendfsync-on-rewrite", "no", nil),
		boolDir("aof-rewrite-incremental-fsync", "yes", nil),
		intDir("auto-aof-rewrite-percentage", "100", 0, maxInt, nil),
		memDir("auto-aof-rewrite-min-size", "67108864", 0, 1<<62, nil),
		immutable(stringDir("daemonize", "no", nil)),
	}
}

// parseSave validates "save <seconds> <changes> [...]" (or "" to disable).
func parseSave(a []string) (string, error) {
	fields := strings.Fields(strings.Join(a, " "))
	if len(fields)%2 != 0 {
		return "", errArg("Invalid save parameters")
	}
	for _, f := range fields {
		if n, err := strconv.ParseInt(f, 10, 64); err != nil || n < 0 {
			return "", errArg("Invalid save parameters")
		}
	}
	return strings.Join(fields, " "), nil
}

// DefaultConfig returns the configuration redis-server runs with when given
// no file, except bind 127.0.0.1 -::1 as redis.conf ships.
func DefaultConfig() *Config {
	c := &Config{values: map[string]string{}, Clock: time.Now}
	for _, d := range directives() {
		c.values[d.name] = d.def
		d.apply(c, d.def)
	}
	return c
}

// lookupDirective finds a directive by name or alias, case-insensitively.
func lookupDirective(name string) *directive {
	name = strings.ToLower(name)
	for _, d := range directives() {
		if d.name == name || d.alias == name {
			return d
		}
	}
	return nil
}

// set parses and applies one directive. atStartup allows immutable ones.
func (c *Config) set(name string, args []string, atStartup bool) error {
	d := lookupDirective(name)
	if d == nil {
		return errUnknownDirective
	}
	if d.immutable && !atStartup {
		return errArg("can't set immutable config")
	}
	if len(args) == 0 {
		return errUnknownDirective
	}
	v, err := d.parse(args)
	if err != nil {
		return err
	}
	c.values[d.name] = v
	d.apply(c, v)
	return nil
}

var errUnknownDirective = errors.New("unknown directive")

// LoadFile reads a redis.conf-format file: one directive per line, arguments
// split with Redis's quoting rules, '#' comments. Errors name the file, the
// line number and the directive, as redis-server's "*** FATAL CONFIG FILE
// ERROR ***" does.
func (c *Config) LoadFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("Fatal error, can't open config file '%s': %w", path, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for lineNo := 1; sc.Scan(); lineNo++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		argv, ok := resp.SplitArgs([]byte(line))
		if !ok {
			return configFileError(path, lineNo, line, "Unbalanced quotes in configuration line")
		}
		if len(argv) == 0 {
			continue
		}
		if err := c.setArgv(argv); err != nil {
			return configFileError(path, lineNo, line, err.Error())
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("reading config file '%s': %w", path, err)
	}
	if abs, err := absPath(path); err == nil {
		c.ConfigFile = abs
	}
	return nil
}

func (c *Config) setArgv(argv [][]byte) error {
	name := string(argv[0])
	args := make([]string, len(argv)-1)
	for i, a := range argv[1:] {
		args[i] = string(a)
	}
	if strings.EqualFold(name, "include") {
		if len(args) != 1 {
			return errors.New("wrong number of arguments")
		}
		return c.LoadFile(args[0])
	}
	if err := c.set(name, args, true); err != nil {
		if err == errUnknownDirective {
			return fmt.Errorf("Bad directive or wrong number of arguments")
		}
		return err
	}
	return nil
}

func configFileError(path string, line int, text, reason string) error {
	return fmt.Errorf("\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file %s, at line %d\n>>> '%s'\n%s",
		path, line, text, reason)
}

// ParseArgs applies redis-server-style command line options: "--name value
// [value ...]" pairs, as if they were lines of a config file.
func (c *Config) ParseArgs(args []string) error {
	for i := 0; i < len(args); {
		if !strings.HasPrefix(args[i], "--") {
			return fmt.Errorf("Invalid argument '%s': options start with '--'", args[i])
		}
		name := strings.TrimPrefix(args[i], "--")
		i++
		var vals []string
		for i < len(args) && !strings.HasPrefix(args[i], "--") {
			vals = append(vals, args[i])
			i++
		}
		if len(vals) == 0 {
			vals = []string{""} // "--save ''" style: a flag with an empty value
		}
		argv := [][]byte{[]byte(name)}
		for _, v := range vals {
			argv = append(argv, []byte(v))
		}
		if err := c.setArgv(argv); err != nil {
			return fmt.Errorf("*** FATAL CONFIG ERROR in option '--%s %s': %v", name, strings.Join(vals, " "), err)
		}
	}
	return nil
}

// Get returns name/value pairs of the directives matching any of patterns
// (Redis glob patterns), each once, sorted by name. Aliases match too and
// are reported under the name asked for, as Redis 7.0 does.
func (c *Config) Get(patterns []string) [][2]string {
	seen := map[string]bool{}
	var out [][2]string
	for _, d := range directives() {
		for _, p := range patterns {
			lp := strings.ToLower(p)
			for _, n := range []string{d.name, d.alias} {
				if n == "" || seen[n] || !commands.Match([]byte(lp), []byte(n), true) {
					continue
				}
				seen[n] = true
				out = append(out, [2]string{n, c.values[d.name]})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

// Value returns the canonical text of directive name.
func (c *Config) Value(name string) string { return c.values[name] }

func absPath(p string) (string, error) {
	if strings.HasPrefix(p, "/") {
		return p, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	return wd + "/" + p, nil
}

// ApplyIOThreads maps io-threads onto GOMAXPROCS: connection goroutines do
// the I/O and parsing, the executor runs commands, so io-threads N lets N
// OS threads run Go code at once. io-threads 1 (Redis's default) keeps
// GOMAXPROCS at 1... unless it is left unset, in which case Go's default
// (the number of CPUs) is kept. Call before New.
func (c *Config) ApplyIOThreads() {
	if c.IOThreads > 1 {
		runtime.GOMAXPROCS(c.IOThreads)
	}
}
