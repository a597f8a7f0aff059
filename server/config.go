package server

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ember-db/ember/commands"
	"github.com/ember-db/ember/persist"
	"github.com/ember-db/ember/resp"
)

// Config is the server configuration: the redis.conf directives of Redis
// 7.0, under Redis's names and with Redis's defaults. Every directive's
// canonical text (what CONFIG GET prints) is kept for CONFIG GET and CONFIG
// REWRITE; the typed fields hold what the server acts on.
//
// A Config is built by DefaultConfig, then LoadFile and ParseArgs (the
// redis-server command line); after the server starts, only the executor
// reads or changes it (CONFIG SET). Setting a typed field by hand does not
// update CONFIG GET: use the directives.
type Config struct {
	Port          int
	Bind          []string
	ProtectedMode bool
	// Dir is the working directory (dir), absolute.
	Dir       string
	Databases int
	// Hz is how many times a second cron runs (active expire, stats);
	// always within [1, 500], as Redis clamps it.
	Hz         int
	MaxClients int
	// Timeout closes a client idle this many seconds; 0 = never.
	Timeout int
	// TCPKeepalive is tcp-keepalive, in seconds; 0 = off.
	TCPKeepalive int
	LogLevel     int
	LogFile      string
	RequirePass  string
	// ProtoMaxBulkLen is proto-max-bulk-len, in bytes.
	ProtoMaxBulkLen int64
	// ClientQueryBufferLimit is client-query-buffer-limit, in bytes.
	ClientQueryBufferLimit int64
	// MaxMemory is maxmemory, in bytes; 0 = no limit.
	MaxMemory int64
	// MaxMemoryPolicy is maxmemory-policy: "noeviction", "allkeys-lru", ...
	MaxMemoryPolicy  string
	MaxMemorySamples int
	LFULogFactor     int
	// LFUDecayTime is lfu-decay-time, in minutes.
	LFUDecayTime       int
	ActiveExpireEffort int
	// IOThreads maps onto GOMAXPROCS (see ApplyIOThreads).
	IOThreads int
	// SlowlogLogSlowerThan is slowlog-log-slower-than, in microseconds; a
	// negative value disables the slow log.
	SlowlogLogSlowerThan int64
	SlowlogMaxLen        int64
	// LatencyMonitorThreshold is latency-monitor-threshold, in ms; 0 = off.
	LatencyMonitorThreshold int64
	// BusyReplyThreshold is busy-reply-threshold (lua-time-limit), in ms.
	BusyReplyThreshold int64
	// NotifyKeyspaceEvents is notify-keyspace-events in canonical form
	// ("AKE", "Kx", "" = off).
	NotifyKeyspaceEvents string

	// Encoding thresholds, pushed to commands.Tunables.
	HashMaxListpackEntries int64
	HashMaxListpackValue   int64 // bytes
	ListMaxListpackSize    int64 // negative: a size class
	SetMaxIntsetEntries    int64
	ZsetMaxListpackEntries int64
	ZsetMaxListpackValue   int64 // bytes

	// Persistence.
	Save                     []SavePoint // save points in the order given; empty = no automatic save
	StopWritesOnBGSaveError  bool
	RDBCompression           bool
	RDBChecksum              bool
	DBFilename               string
	AppendOnly               bool
	AppendFilename           string
	AppendDirname            string
	AppendFsync              string // "always", "everysec" or "no"
	NoAppendfsyncOnRewrite   bool
	AutoAOFRewritePercentage int
	AutoAOFRewriteMinSize    int64 // bytes
	AOFLoadTruncated         bool
	// RDBKeySaveDelay and KeyLoadDelay are the hidden test knobs
	// rdb-key-save-delay and key-load-delay (microseconds per key; Redis's
	// test suite uses them to make saves and loads slow).
	RDBKeySaveDelay int64
	KeyLoadDelay    int64

	// ShutdownOnSIGINT and ShutdownOnSIGTERM are shutdown-on-sigint and
	// shutdown-on-sigterm: Shutdown* flags, 0 for "default".
	ShutdownOnSIGINT  int
	ShutdownOnSIGTERM int

	// ClientOutputBufferLimits are client-output-buffer-limit for the
	// classes normal, replica and pubsub, in that order.
	ClientOutputBufferLimits [3]OutputBufferLimit

	// EnableProtectedConfigs and EnableDebugCommand are "no", "yes" or
	// "local" (allowed from loopback clients only).
	EnableProtectedConfigs string
	EnableDebugCommand     string

	// ConfigFile is the absolute path of the file loaded, "" if none.
	ConfigFile string

	// Clock is the server's time source; tests inject one. Not a directive.
	Clock func() time.Time

	values map[string]string // canonical name -> canonical value text
	// reading is true while a config file or the command line is being
	// loaded: the first "save" line then replaces the default save points
	// and later ones add to them, as in Redis.
	reading    bool
	saveLoaded bool
	// fileLines counts the lines of the top-level config file, so that a
	// command-line error names the line Redis would.
	fileLines int
}

// SavePoint is one "save <seconds> <changes>" point: save after Seconds
// if at least Changes writes happened.
type SavePoint struct {
	Seconds int64
	Changes int64
}

// OutputBufferLimit is one class of client-output-buffer-limit: a client
// is disconnected once its pending output exceeds HardBytes, or stays over
// SoftBytes for SoftSeconds. Zero disables a limit.
type OutputBufferLimit struct {
	HardBytes   int64
	SoftBytes   int64
	SoftSeconds int64
}

// ConfigError is an invalid directive value; Msg is Redis's reason text
// ("argument couldn't be parsed into an integer").
type ConfigError struct{ Msg string }

func (e *ConfigError) Error() string { return e.Msg }

func errArg(msg string) error { return &ConfigError{msg} }

// DefaultConfig returns the configuration redis-server runs with when given
// no file, with two deviations: bind is "127.0.0.1 -::1" (as the redis.conf
// Redis ships) rather than every interface, and dir is the current
// directory at the time of the call.
func DefaultConfig() *Config {
	c := &Config{values: map[string]string{}, Clock: time.Now}
	for _, d := range configRegistry.list {
		c.store(d, d.def)
	}
	if wd, err := os.Getwd(); err == nil {
		if real, err := filepath.EvalSymlinks(wd); err == nil {
			wd = real // as getcwd reports it
		}
		c.store(configRegistry.byName["dir"], wd)
	}
	return c
}

// store sets directive d to the canonical text v and updates the typed
// fields.
func (c *Config) store(d *directive, v string) {
	c.values[d.name] = v
	if d.apply != nil {
		d.apply(c, v)
	}
}

// Value returns the canonical text of directive name (lower case, not an
// alias): what CONFIG GET prints.
func (c *Config) Value(name string) string { return c.values[name] }

// parseValue validates args for d and returns the canonical text, or a
// *ConfigError with Redis's reason.
func (c *Config) parseValue(d *directive, args []string) (string, error) {
	v, err := d.parse(c, args)
	if err != nil {
		return "", err
	}
	if d.validate != nil {
		if msg := d.validate(v); msg != "" {
			return "", errArg(msg)
		}
	}
	return v, nil
}

// LoadFile reads a redis.conf-format file: one directive per line,
// arguments split with Redis's quoting rules, '#' comments, "include"
// (glob patterns allowed). A bad line fails with redis-server's "***
// FATAL CONFIG FILE ERROR ***" text, naming the file, the line and the
// reason. It also records the file for CONFIG REWRITE.
func (c *Config) LoadFile(path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	c.ConfigFile = abs
	c.reading = true
	defer func() { c.reading = false }()
	n, err := c.loadFile(abs)
	c.fileLines = n
	return err
}

// loadFile loads one file (the top-level one or an include) and returns
// its number of lines as Redis counts them.
func (c *Config) loadFile(path string) (int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, fmt.Errorf("Fatal error, can't open config file '%s': %s", path, persist.Strerror(err))
	}
	lines := strings.Split(string(data), "\n")
	if len(data) == 0 {
		lines = nil
	}
	for i, raw := range lines {
		line := strings.Trim(raw, " \t\r\n")
		if line == "" || line[0] == '#' {
			continue
		}
		if err := c.loadLine(line); err != nil {
			var ce *ConfigError
			if !errors.As(err, &ce) {
				return 0, err // an include's own fatal error
			}
			return 0, configFileError(path, i+1, line, ce.Msg)
		}
	}
	return len(lines), nil
}

// loadLine applies one non-comment line of a config file. Mirrors
// loadServerConfigFromString.
func (c *Config) loadLine(line string) error {
	raw, ok := resp.SplitArgs([]byte(line))
	if !ok {
		return errArg("Unbalanced quotes in configuration line")
	}
	if len(raw) == 0 {
		return nil
	}
	argv := make([]string, len(raw))
	for i, a := range raw {
		argv[i] = string(a)
	}
	name := strings.ToLower(argv[0])
	if d, _ := configRegistry.lookup(name); d != nil {
		if d.flags&cfgMultiArg == 0 && len(argv) != 2 {
			return errArg("wrong number of arguments")
		}
		args := argv[1:]
		if d.flags&cfgMultiArg != 0 && len(args) == 1 && args[0] != "" {
			// A single argument of a multi-argument directive is split
			// again (save "3600 1", --save "3600 1"); an empty one is
			// kept, so that save "" still means none. Unbalanced quotes
			// inside it give no arguments, as sdssplitargs's NULL does.
			args = splitArgs(args[0])
		}
		if d.name == "save" && len(args) == 1 && args[0] == "" {
			args = nil
		}
		v, err := c.parseValue(d, args)
		if err != nil {
			return err
		}
		if d.name == "save" {
			// The first save line replaces the defaults, later ones add.
			if c.saveLoaded && c.values["save"] != "" && v != "" {
				v = c.values["save"] + " " + v
			} else if c.saveLoaded && v == "" {
				v = c.values["save"]
			}
			c.saveLoaded = true
		}
		c.store(d, v)
		return nil
	}
	switch {
	case (name == "list-max-ziplist-entries" || name == "list-max-ziplist-value" ||
		name == "lua-replicate-commands") && len(argv) == 2:
		return nil // deprecated directives Redis 7.0 still accepts and ignores
	case name == "include" && len(argv) == 2:
		return c.include(argv[1])
	case name == "rename-command" || name == "user" || name == "loadmodule" || name == "sentinel":
		return errArg("'" + name + "' is not supported by Ember")
	}
	return errArg("Bad directive or wrong number of arguments")
}

// splitArgs splits s with Redis's quoting rules (sdssplitargs); nil if
// its quotes are unbalanced.
func splitArgs(s string) []string {
	raw, ok := resp.SplitArgs([]byte(s))
	if !ok {
		return nil
	}
	out := make([]string, len(raw))
	for i, a := range raw {
		out[i] = string(a)
	}
	return out
}

// include loads an included file; a pattern with wildcards loads every
// match (none is fine), as Redis's loadServerConfig does.
func (c *Config) include(path string) error {
	if strings.ContainsAny(path, "*?[") {
		matches, _ := filepath.Glob(path)
		for _, m := range matches {
			if _, err := c.loadFile(m); err != nil {
				return err
			}
		}
		return nil
	}
	_, err := c.loadFile(path)
	return err
}

// configFileError formats a start-up error as redis-server does, adding
// the file's name.
func configFileError(path string, line int, text, reason string) error {
	where := "Reading the configuration file"
	if path != "" {
		where += " " + path
	}
	return fmt.Errorf("\n*** FATAL CONFIG FILE ERROR (Redis %s) ***\n%s, at line %d\n>>> '%s'\n%s",
		Version, where, line, text, reason)
}

// ParseArgs applies redis-server's command line options: "--name value
// [value ...]" (or "--name value" in one argument), each as if it were a
// line appended to the config file. An argument starting with "--" after a
// value starts the next option; "--save" with no value means save "".
// Errors are "*** FATAL CONFIG FILE ERROR ***" with the line Redis reports.
func (c *Config) ParseArgs(args []string) error {
	c.reading = true
	defer func() { c.reading = false }()
	var lines []string
	cur := -1
	needValue := false
	for i, a := range args {
		if !needValue && strings.HasPrefix(a, "--") {
			lines = append(lines, a[2:])
			cur = len(lines) - 1
			if strings.ContainsAny(a, " \t") {
				continue // "--port 6380": the name and its value in one argument
			}
			needValue = true
			if strings.EqualFold(a, "--save") && (i == len(args)-1 || strings.HasPrefix(args[i+1], "--")) {
				lines[cur] += ` ""`
				needValue = false
			}
			continue
		}
		if cur < 0 {
			return fmt.Errorf("Invalid option '%s': options start with '--'", a)
		}
		lines[cur] += " " + reprString(a)
		needValue = false
	}
	first := c.fileLines + 2
	if c.ConfigFile == "" {
		first = 2
	}
	for i, line := range lines {
		line = strings.Trim(line, " \t\r\n")
		if line == "" || line[0] == '#' {
			continue
		}
		if err := c.loadLine(line); err != nil {
			var ce *ConfigError
			if !errors.As(err, &ce) {
				return err
			}
			return configFileError("", first+i, line, ce.Msg)
		}
	}
	return nil
}

// Get returns the name/value pairs CONFIG GET replies with for patterns:
// a pattern without glob characters names one directive (or alias) and is
// echoed as given; a glob pattern matches names and aliases without case,
// hidden directives excepted. Each directive name appears once (compared
// without case), in the order found.
func (c *Config) Get(patterns []string) [][2]string {
	seen := map[string]bool{}
	var out [][2]string
	for _, p := range patterns {
		if !strings.ContainsAny(p, "[*?") {
			lp := strings.ToLower(p)
			if seen[lp] {
				continue
			}
			if d, _ := configRegistry.lookup(lp); d != nil {
				seen[lp] = true
				out = append(out, [2]string{p, c.values[d.name]})
			}
			continue
		}
		for _, e := range configRegistry.names {
			if e.d.flags&cfgHidden != 0 || seen[e.name] {
				continue
			}
			if commands.Match([]byte(p), []byte(e.name), true) {
				seen[e.name] = true
				out = append(out, [2]string{e.name, c.values[e.d.name]})
			}
		}
	}
	return out
}

// setPairs is CONFIG SET's core: it validates every name/value pair, then
// stores them all, or none. protectedOK says whether the caller may set
// protected directives (enable-protected-configs). It returns an undo
// function that restores the previous values (for when applying them to
// the running server fails) and the canonical names whose value changed.
// Mirrors configSetCommand: unknown names, immutable and protected ones and
// duplicates are found first, in argument order; then each value is
// parsed; the first error wins.
func (c *Config) setPairs(pairs [][2]string, protectedOK bool) (undo func(), changed []string, err error) {
	dirs := make([]*directive, len(pairs))
	regNames := make([]string, len(pairs))
	for i, p := range pairs {
		d, reg := configRegistry.lookup(p[0])
		if d == nil {
			return nil, nil, commands.ErrConfigSetUnknown(p[0])
		}
		switch {
		case d.flags&cfgImmutable != 0:
			return nil, nil, commands.ErrConfigSetFailed(p[0], "can't set immutable config")
		case d.flags&cfgProtected != 0 && !protectedOK:
			return nil, nil, commands.ErrConfigSetFailed(p[0], "can't set protected config")
		}
		for j := 0; j < i; j++ {
			if regNames[j] == reg {
				return nil, nil, commands.ErrConfigSetFailed(p[0], "duplicate parameter")
			}
		}
		dirs[i], regNames[i] = d, reg
	}
	values := make([]string, len(pairs))
	for i, p := range pairs {
		var args []string
		switch {
		case dirs[i].flags&cfgMultiArg == 0:
			args = []string{p[1]}
		case p[1] != "":
			args = strings.Split(p[1], " ")
		}
		v, err := c.parseValue(dirs[i], args)
		if err != nil {
			return nil, nil, commands.ErrConfigSetFailed(regNames[i], err.Error())
		}
		values[i] = v
	}
	old := make([]string, len(pairs))
	for i, d := range dirs {
		old[i] = c.values[d.name]
		if old[i] != values[i] {
			changed = append(changed, d.name)
		}
		c.store(d, values[i])
	}
	undo = func() {
		for i := len(dirs) - 1; i >= 0; i-- {
			c.store(dirs[i], old[i])
		}
	}
	return undo, changed, nil
}

// ApplyIOThreads maps io-threads onto GOMAXPROCS: connection goroutines do
// the I/O and parsing, the executor runs commands, so io-threads N lets N
// OS threads run Go code at once. Redis's default, io-threads 1, means
// GOMAXPROCS 1: measured on 2 vCPUs with redis-benchmark -c 50, one P beats
// two by 15-40% at -P 1 and up to 2x for INCR at -P 16, because handing
// batches between threads costs more than the parallel parsing gains
// (bench/compare.sh; GOMAXPROCS=2 vs 1). An explicit GOMAXPROCS in the
// environment wins. Call before New.
func (c *Config) ApplyIOThreads() {
	if os.Getenv("GOMAXPROCS") == "" && c.IOThreads >= 1 {
		runtime.GOMAXPROCS(c.IOThreads)
	}
}

// setListenPort records the port actually bound when port 0 asked for any
// free one, so that CONFIG GET port tells the truth.
func (c *Config) setListenPort(port int) {
	c.store(configRegistry.byName["port"], strconv.Itoa(port))
}

// protectedActionAllowed reports whether an action guarded by setting
// ("no", "yes", "local": enable-protected-configs, enable-debug-command)
// is allowed for a client; local says whether it connected over loopback.
// Mirrors allowProtectedAction.
func protectedActionAllowed(setting string, local bool) bool {
	return setting == "yes" || setting == "local" && local
}

// directive describes one config directive: how to parse, print, rewrite
// and apply it. The canonical text of a value is what CONFIG GET prints.
type directive struct {
	name      string
	aliasName string // the old name that also works ("slaveof"), or ""
	flags     cfgFlag
	def       string // canonical default
	enum      []enumValue
	num       *numSpec
	// parse validates the arguments (exactly one unless cfgMultiArg) and
	// returns the canonical text; c is the config being changed.
	parse func(c *Config, args []string) (string, error)
	// validate checks a parsed value further (Redis's is_valid_fn); it
	// returns the reason text, "" if valid.
	validate func(v string) string
	// apply stores a canonical value into the typed fields; nil if Ember
	// only stores the directive.
	apply func(c *Config, v string)
	// rewrite returns the lines CONFIG REWRITE writes for value v; none
	// means the directive must not appear in the file.
	rewrite func(d *directive, v string) []rewriteLine
}

// cfgFlag is a directive's behaviour, as Redis's config flags.
type cfgFlag uint8

const (
	cfgImmutable   cfgFlag = 1 << iota // set only at start-up
	cfgProtected                       // CONFIG SET needs enable-protected-configs
	cfgHidden                          // CONFIG GET shows it only when named exactly
	cfgMultiArg                        // takes several arguments (CONFIG SET splits its value at spaces)
	cfgSensitive                       // its value is a secret
	cfgDenyLoading                     // not settable while loading
)

// enumValue is one name of an enum directive; several names may share a
// value, the first one is printed.
type enumValue struct {
	name string
	val  int
}

// rewriteLine is one line CONFIG REWRITE writes; force appends it even if
// the old file did not mention the directive.
type rewriteLine struct {
	text  string
	force bool
}

// registry is the immutable table of directives.
type registry struct {
	list   []*directive          // table order
	byName map[string]*directive // lower-case names and aliases
	names  []nameEntry           // every name and alias, sorted, for glob matching
}

type nameEntry struct {
	name string
	d    *directive
}

// configRegistry is built once; it is never modified afterwards.
var configRegistry = newRegistry()

func buildRegistry(list []*directive) *registry {
	r := &registry{list: list, byName: map[string]*directive{}}
	for _, d := range list {
		r.byName[d.name] = d
		r.names = append(r.names, nameEntry{d.name, d})
		if d.aliasName != "" {
			r.byName[d.aliasName] = d
			r.names = append(r.names, nameEntry{d.aliasName, d})
		}
	}
	sort.Slice(r.names, func(i, j int) bool { return r.names[i].name < r.names[j].name })
	return r
}

// lookup finds a directive by name or alias, without case. It returns the
// directive and the name it is registered under (the alias when found by
// its alias), which CONFIG SET's errors quote.
func (r *registry) lookup(name string) (*directive, string) {
	lname := strings.ToLower(name)
	d := r.byName[lname]
	if d == nil {
		return nil, ""
	}
	return d, lname
}

// The builders below give a directive its type; the methods after them
// add an alias, a check or an apply function.

// boolDir is a yes/no directive.
func boolDir(name string, flags cfgFlag, def bool) *directive {
	d := &directive{name: name, flags: flags, def: yesNo(def)}
	d.parse = func(_ *Config, a []string) (string, error) {
		switch strings.ToLower(a[0]) {
		case "yes":
			return "yes", nil
		case "no":
			return "no", nil
		}
		return "", errArg("argument must be 'yes' or 'no'")
	}
	d.rewrite = simpleRewrite
	return d
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// strDir is a free-text directive. emptyIsNull marks the ones Redis keeps
// as NULL when empty: CONFIG REWRITE then leaves them out of the file.
// valid returns the reason a value is refused, "" if it is fine.
func strDir(name string, flags cfgFlag, def string, emptyIsNull bool, valid func(string) string) *directive {
	d := &directive{name: name, flags: flags, def: def, validate: valid}
	d.parse = func(_ *Config, a []string) (string, error) { return a[0], nil }
	d.rewrite = func(d *directive, v string) []rewriteLine {
		if emptyIsNull && v == "" {
			return nil
		}
		return []rewriteLine{{d.name + " " + reprString(v), v != d.def}}
	}
	return d
}

// enumDir is a directive taking one of values' names, without case.
func enumDir(name string, flags cfgFlag, values []enumValue, def string) *directive {
	d := &directive{name: name, flags: flags, def: def, enum: values}
	d.parse = func(_ *Config, a []string) (string, error) {
		for _, e := range values {
			if strings.EqualFold(a[0], e.name) {
				return enumName(values, e.val), nil
			}
		}
		return "", errArg(enumError(values))
	}
	d.rewrite = simpleRewrite
	return d
}

func enumName(values []enumValue, v int) string {
	for _, e := range values {
		if e.val == v {
			return e.name
		}
	}
	return "unknown"
}

func enumError(values []enumValue) string {
	names := make([]string, len(values))
	for i, e := range values {
		names[i] = e.name
	}
	return "argument(s) must be one of the following: " + strings.Join(names, ", ")
}

// simpleRewrite writes "name value", forced when not the default.
func simpleRewrite(d *directive, v string) []rewriteLine {
	return []rewriteLine{{d.name + " " + v, v != d.def}}
}

// numDir is a numeric directive of the given spec and default.
func numDir(name string, flags cfgFlag, spec numSpec, def int64) *directive {
	d := &directive{name: name, flags: flags, num: &spec, def: spec.format(def)}
	d.parse = func(_ *Config, a []string) (string, error) {
		n, err := spec.parse(a[0])
		if err != nil {
			return "", err
		}
		return spec.format(n), nil
	}
	d.rewrite = func(d *directive, v string) []rewriteLine {
		return []rewriteLine{{d.name + " " + spec.rewriteText(canonicalInt(v)), v != d.def}}
	}
	return d
}

func (d *directive) alias(a string) *directive { d.aliasName = a; return d }

// check adds a validity check on the canonical value.
func (d *directive) check(f func(v string) string) *directive { d.validate = f; return d }

// clamp makes a numeric directive store its value clamped to [lo, hi]
// (Redis's updateHZ: hz is a hint, out-of-range values are accepted).
func (d *directive) clamp(lo, hi int64) *directive {
	parse, spec := d.parse, d.num
	d.parse = func(c *Config, a []string) (string, error) {
		v, err := parse(c, a)
		if err != nil {
			return "", err
		}
		return spec.format(min(max(canonicalInt(v), lo), hi)), nil
	}
	return d
}

func (d *directive) applyInt(f func(c *Config, n int64)) *directive {
	d.apply = func(c *Config, v string) { f(c, canonicalInt(v)) }
	return d
}

func (d *directive) applyBool(f func(c *Config, b bool)) *directive {
	d.apply = func(c *Config, v string) { f(c, v == "yes") }
	return d
}

func (d *directive) applyString(f func(c *Config, v string)) *directive {
	d.apply = f
	return d
}

func (d *directive) applyEnum(f func(c *Config, v int)) *directive {
	values := d.enum
	d.apply = func(c *Config, v string) {
		for _, e := range values {
			if e.name == v {
				f(c, e.val)
				return
			}
		}
	}
	return d
}

// canonicalInt parses the canonical text of a numeric directive: a signed
// or unsigned decimal (unsigned ones above MaxInt64 wrap, as the C value
// does), a percentage ("10%", stored negative), or octal digits for
// octal directives (the caller formats those; parsing here is decimal).
func canonicalInt(v string) int64 {
	if strings.HasSuffix(v, "%") {
		n, _ := strconv.ParseInt(v[:len(v)-1], 10, 64)
		return -n
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		return n
	}
	u, _ := strconv.ParseUint(v, 10, 64)
	return int64(u)
}

// numSpec is a numeric directive's type: its bounds, whether the C type is
// unsigned (bounds compared as uint64), and which forms it accepts.
// Mirrors numericConfigData.
type numSpec struct {
	lo, hi   int64
	unsigned bool
	memory   bool // "1gb", "512mb", "100k": memtoull
	percent  bool // "10%", stored as -10
	octal    bool // "0777"
}

// parse mirrors numericParseString and numericBoundaryCheck.
func (n numSpec) parse(s string) (int64, error) {
	var v int64
	ok := false
	if n.memory {
		if u, good := memtoull(s); good {
			v, ok = int64(u), true
		}
	}
	if !ok && n.percent && len(s) > 1 && s[len(s)-1] == '%' {
		if p, good := resp.ParseInt([]byte(s[:len(s)-1])); good && p >= 0 {
			v, ok = -p, true
		}
	}
	if !ok && n.octal {
		if p, good := strtoll(s, 8); good {
			v, ok = p, true
		}
	}
	if !ok && !n.memory && !n.percent && !n.octal {
		v, ok = resp.ParseInt([]byte(s))
	}
	if !ok {
		switch {
		case n.memory && n.percent:
			return 0, errArg("argument must be a memory or percent value")
		case n.memory:
			return 0, errArg("argument must be a memory value")
		case n.octal:
			return 0, errArg("argument couldn't be parsed as an octal number")
		}
		return 0, errArg("argument couldn't be parsed into an integer")
	}
	switch {
	case n.unsigned:
		if uint64(v) > uint64(n.hi) || uint64(v) < uint64(n.lo) {
			if n.octal {
				return 0, errArg(fmt.Sprintf("argument must be between %o and %o inclusive", uint64(n.lo), uint64(n.hi)))
			}
			return 0, errArg(fmt.Sprintf("argument must be between %d and %d inclusive", uint64(n.lo), uint64(n.hi)))
		}
	case n.percent && v < 0:
		if v < n.lo {
			return 0, errArg(fmt.Sprintf("percentage argument must be less or equal to %d", -n.lo))
		}
	case v > n.hi || v < n.lo:
		return 0, errArg(fmt.Sprintf("argument must be between %d and %d inclusive", n.lo, n.hi))
	}
	return v, nil
}

// format is CONFIG GET's text of a value (numericConfigGet).
func (n numSpec) format(v int64) string {
	switch {
	case n.percent && v < 0:
		return strconv.FormatInt(-v, 10) + "%"
	case n.memory:
		return strconv.FormatUint(uint64(v), 10)
	case n.octal:
		return strconv.FormatInt(v, 8)
	}
	return strconv.FormatInt(v, 10)
}

// rewriteText is CONFIG REWRITE's text of a value: memory values in the
// largest of gb, mb, kb that divides them (rewriteConfigFormatMemory).
func (n numSpec) rewriteText(v int64) string {
	if n.memory && !(n.percent && v < 0) {
		return formatMemory(uint64(v))
	}
	return n.format(v)
}

func formatMemory(b uint64) string {
	switch {
	case b != 0 && b%(1<<30) == 0:
		return strconv.FormatUint(b>>30, 10) + "gb"
	case b != 0 && b%(1<<20) == 0:
		return strconv.FormatUint(b>>20, 10) + "mb"
	case b != 0 && b%(1<<10) == 0:
		return strconv.FormatUint(b>>10, 10) + "kb"
	}
	return strconv.FormatUint(b, 10)
}

// memtoull mirrors Redis's memtoull: decimal digits with an optional unit
// b, k (1000), kb (1024), m, mb, g, gb in any case. No sign, no spaces; an
// empty number is 0; a number too large for the digits saturates at the
// maximum (strtoull), one too large with its unit is an error.
func memtoull(s string) (uint64, bool) {
	if strings.HasPrefix(s, "-") {
		return 0, false
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	var mul uint64
	switch strings.ToLower(s[i:]) {
	case "", "b":
		mul = 1
	case "k":
		mul = 1000
	case "kb":
		mul = 1024
	case "m":
		mul = 1000 * 1000
	case "mb":
		mul = 1024 * 1024
	case "g":
		mul = 1000 * 1000 * 1000
	case "gb":
		mul = 1024 * 1024 * 1024
	default:
		return 0, false
	}
	var val uint64
	if i > 0 {
		u, err := strconv.ParseUint(s[:i], 10, 64)
		if err != nil {
			u = ^uint64(0) // strtoull saturates
		}
		val = u
	}
	if val > ^uint64(0)/mul {
		return 0, false
	}
	return val * mul, true
}

// strtoll mirrors C's strtoll used as "the whole string is a number":
// leading white space, an optional sign, digits of base; an empty string
// is 0. Out-of-range values saturate.
func strtoll(s string, base int) (int64, bool) {
	if s == "" {
		return 0, true
	}
	t := strings.TrimLeft(s, " \t\n\v\f\r")
	neg := false
	if t != "" && (t[0] == '+' || t[0] == '-') {
		neg = t[0] == '-'
		t = t[1:]
	}
	if t == "" {
		return 0, false
	}
	for i := 0; i < len(t); i++ {
		if c := t[i]; c < '0' || int(c-'0') >= base {
			return 0, false
		}
	}
	u, err := strconv.ParseUint(t, base, 64)
	if err != nil || (!neg && u > 1<<63-1) {
		if neg {
			return -1 << 63, true
		}
		return 1<<63 - 1, true
	}
	if neg {
		if u > 1<<63 {
			return -1 << 63, true
		}
		return -int64(u), true
	}
	return int64(u), true
}

// reprString quotes s as Redis's sdscatrepr (resp.AppendRepr).
func reprString(s string) string { return string(resp.AppendRepr(nil, []byte(s))) }
