package server

import (
	"math"
	"strconv"
	"strings"
)

// The config registry: every directive of Redis 7.0.15 (CONFIG GET * lists
// 192 names, aliases included, plus five hidden ones that only an exact
// CONFIG GET shows), with Redis's type, bounds, default, alias and flags.
// Mirrors the standardConfig table of Redis's config.c.
//
// Most directives are only stored: CONFIG SET validates them as Redis does
// and CONFIG GET echoes them back. The ones Ember acts on have an apply
// function that fills a typed field of Config; Server.applyConfig pushes
// those to the running server.

// Numeric bounds, as the C types Redis stores the directives in.
const (
	intMax   = math.MaxInt32
	intMin   = math.MinInt32
	uintMax  = math.MaxUint32
	longMax  = math.MaxInt64
	llongMax = math.MaxInt64
	// ullongMax is ULLONG_MAX as the int64 with the same bits; the bound
	// check of an unsigned directive compares as uint64.
	ullongMax = -1
)

// The enum values, in Redis's order (the order its error message lists).
var (
	maxmemoryPolicyEnum = []enumValue{{"volatile-lru", 0}, {"volatile-lfu", 1}, {"volatile-random", 2},
		{"volatile-ttl", 3}, {"allkeys-lru", 4}, {"allkeys-lfu", 5}, {"allkeys-random", 6}, {"noeviction", 7}}
	syslogFacilityEnum = []enumValue{{"user", 0}, {"local0", 1}, {"local1", 2}, {"local2", 3}, {"local3", 4},
		{"local4", 5}, {"local5", 6}, {"local6", 7}, {"local7", 8}}
	loglevelEnum         = []enumValue{{"debug", LogDebug}, {"verbose", LogVerbose}, {"notice", LogNotice}, {"warning", LogWarning}}
	supervisedEnum       = []enumValue{{"upstart", 0}, {"systemd", 1}, {"auto", 2}, {"no", 3}}
	aofFsyncEnum         = []enumValue{{"everysec", 0}, {"always", 1}, {"no", 2}}
	replDisklessLoadEnum = []enumValue{{"disabled", 0}, {"on-empty-db", 1}, {"swapdb", 2}}
	tlsAuthClientsEnum   = []enumValue{{"no", 0}, {"yes", 1}, {"optional", 2}}
	// "yes" and "relative" are the same value; CONFIG GET prints "yes".
	oomScoreAdjEnum       = []enumValue{{"no", 0}, {"yes", 1}, {"relative", 1}, {"absolute", 2}}
	aclPubsubDefaultEnum  = []enumValue{{"allchannels", 1}, {"resetchannels", 0}}
	sanitizeDumpEnum      = []enumValue{{"no", 0}, {"yes", 1}, {"clients", 2}}
	protectedActionEnum   = []enumValue{{"no", 0}, {"yes", 1}, {"local", 2}}
	endpointTypeEnum      = []enumValue{{"ip", 0}, {"hostname", 1}, {"unknown-endpoint", 2}}
	propagationErrorEnum  = []enumValue{{"ignore", 0}, {"panic", 1}, {"panic-on-replicas", 2}}
	shutdownOnSignalFlags = []enumValue{{"default", 0}, {"save", 1}, {"nosave", 2}, {"now", 4}, {"force", 8}}
)

// newRegistry builds the table. The order is the order CONFIG REWRITE
// appends new lines in.
func newRegistry() *registry {
	return buildRegistry([]*directive{
		// Network and clients.
		numDir("port", 0, numSpec{lo: 0, hi: 65535}, 6379).applyInt(func(c *Config, n int64) { c.Port = int(n) }),
		bindDir(),
		boolDir("protected-mode", 0, true).applyBool(func(c *Config, b bool) { c.ProtectedMode = b }),
		numDir("tcp-backlog", cfgImmutable, numSpec{lo: 0, hi: intMax}, 511),
		strDir("unixsocket", cfgImmutable, "", true, nil),
		numDir("unixsocketperm", cfgImmutable, numSpec{lo: 0, hi: 0o777, unsigned: true, octal: true}, 0),
		numDir("socket-mark-id", cfgImmutable, numSpec{lo: 0, hi: uintMax, unsigned: true}, 0),
		numDir("timeout", 0, numSpec{lo: 0, hi: intMax}, 0).applyInt(func(c *Config, n int64) { c.Timeout = int(n) }),
		numDir("tcp-keepalive", 0, numSpec{lo: 0, hi: intMax}, 300).applyInt(func(c *Config, n int64) { c.TCPKeepalive = int(n) }),
		numDir("maxclients", 0, numSpec{lo: 1, hi: uintMax, unsigned: true}, 10000).applyInt(func(c *Config, n int64) { c.MaxClients = int(n) }),
		strDir("bind-source-addr", 0, "", true, nil),

		// TLS: accepted and stored; Ember does not speak TLS, so enabling it fails
		// as Redis's does when TLS cannot be configured.
		numDir("tls-port", 0, numSpec{lo: 0, hi: 65535}, 0).check(noTLS("0")),
		strDir("tls-cert-file", 0, "", true, nil),
		strDir("tls-key-file", 0, "", true, nil),
		strDir("tls-key-file-pass", 0, "", true, nil),
		strDir("tls-client-cert-file", 0, "", true, nil),
		strDir("tls-client-key-file", 0, "", true, nil),
		strDir("tls-client-key-file-pass", 0, "", true, nil),
		strDir("tls-dh-params-file", 0, "", true, nil),
		strDir("tls-ca-cert-file", 0, "", true, nil),
		strDir("tls-ca-cert-dir", 0, "", true, nil),
		enumDir("tls-auth-clients", 0, tlsAuthClientsEnum, "yes"),
		boolDir("tls-replication", 0, false).check(noTLS("no")),
		boolDir("tls-cluster", 0, false).check(noTLS("no")),
		strDir("tls-protocols", 0, "", true, nil),
		strDir("tls-ciphers", 0, "", true, nil),
		strDir("tls-ciphersuites", 0, "", true, nil),
		boolDir("tls-prefer-server-ciphers", 0, false),
		boolDir("tls-session-caching", 0, true),
		numDir("tls-session-cache-size", 0, numSpec{lo: 0, hi: intMax}, 20480),
		numDir("tls-session-cache-timeout", 0, numSpec{lo: 0, hi: intMax}, 300),

		// General.
		boolDir("daemonize", cfgImmutable, false),
		enumDir("supervised", cfgImmutable, supervisedEnum, "no"),
		strDir("pidfile", cfgImmutable, "", true, nil),
		enumDir("loglevel", 0, loglevelEnum, "notice").applyEnum(func(c *Config, v int) { c.LogLevel = v }),
		strDir("logfile", cfgImmutable, "", false, nil).applyString(func(c *Config, v string) { c.LogFile = v }),
		boolDir("syslog-enabled", cfgImmutable, false),
		strDir("syslog-ident", cfgImmutable, "redis", false, nil),
		enumDir("syslog-facility", cfgImmutable, syslogFacilityEnum, "local0"),
		boolDir("crash-log-enabled", 0, true),
		boolDir("crash-memcheck-enabled", 0, true),
		numDir("databases", cfgImmutable, numSpec{lo: 1, hi: intMax}, 16).applyInt(func(c *Config, n int64) { c.Databases = int(n) }),
		boolDir("always-show-logo", cfgImmutable, false),
		boolDir("set-proc-title", cfgImmutable, true),
		strDir("proc-title-template", 0, "{title} {listen-addr} {server-mode}", false, validProcTitleTemplate),
		numDir("hz", 0, numSpec{lo: 0, hi: intMax}, 10).clamp(1, 500).applyInt(func(c *Config, n int64) { c.Hz = int(n) }),
		boolDir("dynamic-hz", 0, true),
		enumDir("enable-protected-configs", cfgImmutable, protectedActionEnum, "no").
			applyString(func(c *Config, v string) { c.EnableProtectedConfigs = v }),
		enumDir("enable-debug-command", cfgImmutable, protectedActionEnum, "no").
			applyString(func(c *Config, v string) { c.EnableDebugCommand = v }),
		enumDir("enable-module-command", cfgImmutable, protectedActionEnum, "no"),
		strDir("ignore-warnings", 0, "", false, nil),

		// Snapshotting.
		saveDir(),
		boolDir("stop-writes-on-bgsave-error", 0, true).applyBool(func(c *Config, b bool) { c.StopWritesOnBGSaveError = b }),
		boolDir("rdbcompression", 0, true).applyBool(func(c *Config, b bool) { c.RDBCompression = b }),
		boolDir("rdbchecksum", cfgImmutable, true).applyBool(func(c *Config, b bool) { c.RDBChecksum = b }),
		enumDir("sanitize-dump-payload", 0, sanitizeDumpEnum, "no"),
		strDir("dbfilename", cfgProtected, "dump.rdb", false, validDBFilename).applyString(func(c *Config, v string) { c.DBFilename = v }),
		boolDir("rdb-del-sync-files", 0, false),
		dirDir(),
		boolDir("rdb-save-incremental-fsync", 0, true),
		numDir("rdb-key-save-delay", cfgHidden, numSpec{lo: intMin, hi: intMax}, 0).applyInt(func(c *Config, n int64) { c.RDBKeySaveDelay = n }),
		numDir("key-load-delay", cfgHidden, numSpec{lo: intMin, hi: intMax}, 0).applyInt(func(c *Config, n int64) { c.KeyLoadDelay = n }),
		numDir("loading-process-events-interval-bytes", cfgHidden, numSpec{lo: 1024, hi: intMax}, 2<<20),

		// Replication: accepted for compatibility; Ember has no replication.
		replicaofDir(),
		strDir("masterauth", cfgSensitive, "", true, nil),
		strDir("masteruser", cfgSensitive, "", true, nil),
		boolDir("replica-serve-stale-data", 0, true).alias("slave-serve-stale-data"),
		boolDir("replica-read-only", 0, true).alias("slave-read-only"),
		boolDir("repl-diskless-sync", 0, true),
		numDir("repl-diskless-sync-delay", 0, numSpec{lo: 0, hi: intMax}, 5),
		numDir("repl-diskless-sync-max-replicas", 0, numSpec{lo: 0, hi: intMax}, 0),
		enumDir("repl-diskless-load", cfgDenyLoading, replDisklessLoadEnum, "disabled"),
		numDir("repl-ping-replica-period", 0, numSpec{lo: 1, hi: intMax}, 10).alias("repl-ping-slave-period"),
		numDir("repl-timeout", 0, numSpec{lo: 1, hi: intMax}, 60),
		boolDir("repl-disable-tcp-nodelay", 0, false),
		numDir("repl-backlog-size", 0, numSpec{lo: 1, hi: llongMax, memory: true}, 1<<20).clamp(16<<10, llongMax),
		numDir("repl-backlog-ttl", 0, numSpec{lo: 0, hi: longMax}, 3600),
		numDir("replica-priority", 0, numSpec{lo: 0, hi: intMax}, 100).alias("slave-priority"),
		boolDir("replica-announced", 0, true),
		numDir("min-replicas-to-write", 0, numSpec{lo: 0, hi: intMax}, 0).alias("min-slaves-to-write"),
		numDir("min-replicas-max-lag", 0, numSpec{lo: 0, hi: intMax}, 10).alias("min-slaves-max-lag"),
		strDir("replica-announce-ip", 0, "", true, nil).alias("slave-announce-ip"),
		numDir("replica-announce-port", 0, numSpec{lo: 0, hi: 65535}, 0).alias("slave-announce-port"),
		boolDir("replica-lazy-flush", 0, false).alias("slave-lazy-flush"),
		boolDir("replica-ignore-maxmemory", 0, true).alias("slave-ignore-maxmemory"),
		boolDir("replica-ignore-disk-write-errors", 0, false),
		enumDir("propagation-error-behavior", 0, propagationErrorEnum, "ignore"),

		// Security.
		strDir("requirepass", cfgSensitive, "", true, nil).applyString(func(c *Config, v string) { c.RequirePass = v }),
		strDir("aclfile", cfgImmutable, "", false, nil),
		numDir("acllog-max-len", 0, numSpec{lo: 0, hi: longMax}, 128),
		enumDir("acl-pubsub-default", 0, aclPubsubDefaultEnum, "resetchannels"),

		// Memory management.
		numDir("maxmemory", 0, numSpec{lo: 0, hi: ullongMax, unsigned: true, memory: true}, 0).
			applyInt(func(c *Config, n int64) { c.MaxMemory = n }),
		enumDir("maxmemory-policy", 0, maxmemoryPolicyEnum, "noeviction").
			applyString(func(c *Config, v string) { c.MaxMemoryPolicy = v }),
		numDir("maxmemory-samples", 0, numSpec{lo: 1, hi: intMax}, 5).applyInt(func(c *Config, n int64) { c.MaxMemorySamples = int(n) }),
		numDir("maxmemory-eviction-tenacity", 0, numSpec{lo: 0, hi: 100}, 10),
		numDir("maxmemory-clients", 0, numSpec{lo: -100, hi: longMax, memory: true, percent: true}, 0),
		boolDir("lazyfree-lazy-eviction", 0, false),
		boolDir("lazyfree-lazy-expire", 0, false),
		boolDir("lazyfree-lazy-server-del", 0, false),
		boolDir("lazyfree-lazy-user-del", 0, false),
		boolDir("lazyfree-lazy-user-flush", 0, false),
		numDir("lfu-log-factor", 0, numSpec{lo: 0, hi: intMax}, 10).applyInt(func(c *Config, n int64) { c.LFULogFactor = int(n) }),
		numDir("lfu-decay-time", 0, numSpec{lo: 0, hi: intMax}, 1).applyInt(func(c *Config, n int64) { c.LFUDecayTime = int(n) }),
		numDir("active-expire-effort", 0, numSpec{lo: 1, hi: 10}, 1).applyInt(func(c *Config, n int64) { c.ActiveExpireEffort = int(n) }),
		numDir("tracking-table-max-keys", 0, numSpec{lo: 0, hi: longMax, unsigned: true}, 1000000),
		boolDir("activerehashing", 0, true),
		boolDir("jemalloc-bg-thread", 0, true),
		boolDir("activedefrag", 0, false).check(func(v string) string {
			if v == "yes" {
				return "Active defragmentation cannot be enabled: it requires a Redis server compiled with a modified Jemalloc like the one shipped by default with the Redis source distribution"
			}
			return ""
		}),
		numDir("active-defrag-ignore-bytes", 0, numSpec{lo: 1, hi: llongMax, unsigned: true, memory: true}, 100<<20),
		numDir("active-defrag-threshold-lower", 0, numSpec{lo: 0, hi: 1000}, 10),
		numDir("active-defrag-threshold-upper", 0, numSpec{lo: 0, hi: 1000}, 100),
		numDir("active-defrag-cycle-min", 0, numSpec{lo: 1, hi: 99}, 1),
		numDir("active-defrag-cycle-max", 0, numSpec{lo: 1, hi: 99}, 25),
		numDir("active-defrag-max-scan-fields", 0, numSpec{lo: 1, hi: longMax}, 1000),
		boolDir("disable-thp", cfgImmutable, true),
		enumDir("oom-score-adj", 0, oomScoreAdjEnum, "no"),
		oomScoreAdjValuesDir(),

		// Threads.
		numDir("io-threads", cfgImmutable, numSpec{lo: 1, hi: 128}, 1).applyInt(func(c *Config, n int64) { c.IOThreads = int(n) }),
		boolDir("io-threads-do-reads", cfgImmutable, false),
		strDir("server_cpulist", cfgImmutable, "", true, nil),
		strDir("bio_cpulist", cfgImmutable, "", true, nil),
		strDir("aof_rewrite_cpulist", cfgImmutable, "", true, nil),
		strDir("bgsave_cpulist", cfgImmutable, "", true, nil),

		// Append only mode.
		boolDir("appendonly", cfgDenyLoading, false).applyBool(func(c *Config, b bool) { c.AppendOnly = b }),
		strDir("appendfilename", cfgImmutable, "appendonly.aof", false, validAOFFilename).
			applyString(func(c *Config, v string) { c.AppendFilename = v }),
		strDir("appenddirname", cfgImmutable, "appendonlydir", false, validAOFDirname).
			applyString(func(c *Config, v string) { c.AppendDirname = v }),
		enumDir("appendfsync", 0, aofFsyncEnum, "everysec").applyString(func(c *Config, v string) { c.AppendFsync = v }),
		boolDir("no-appendfsync-on-rewrite", 0, false).applyBool(func(c *Config, b bool) { c.NoAppendfsyncOnRewrite = b }),
		numDir("auto-aof-rewrite-percentage", 0, numSpec{lo: 0, hi: intMax}, 100).
			applyInt(func(c *Config, n int64) { c.AutoAOFRewritePercentage = int(n) }),
		numDir("auto-aof-rewrite-min-size", 0, numSpec{lo: 0, hi: llongMax, memory: true}, 64<<20).
			applyInt(func(c *Config, n int64) { c.AutoAOFRewriteMinSize = n }),
		boolDir("aof-load-truncated", 0, true).applyBool(func(c *Config, b bool) { c.AOFLoadTruncated = b }),
		boolDir("aof-use-rdb-preamble", 0, true),
		boolDir("aof-timestamp-enabled", 0, false),
		boolDir("aof-rewrite-incremental-fsync", 0, true),
		boolDir("aof-disable-auto-gc", 0, false),

		// Shutdown and scripts.
		numDir("shutdown-timeout", 0, numSpec{lo: 0, hi: intMax}, 10),
		shutdownOnDir("shutdown-on-sigint").applyString(func(c *Config, v string) { c.ShutdownOnSIGINT = shutdownFlags(v) }),
		shutdownOnDir("shutdown-on-sigterm").applyString(func(c *Config, v string) { c.ShutdownOnSIGTERM = shutdownFlags(v) }),
		numDir("busy-reply-threshold", 0, numSpec{lo: 0, hi: longMax}, 5000).alias("lua-time-limit").
			applyInt(func(c *Config, n int64) { c.BusyReplyThreshold = n }),

		// Cluster: accepted for compatibility; Ember has no cluster mode.
		boolDir("cluster-enabled", cfgImmutable, false).check(func(v string) string {
			if v == "yes" {
				return "cluster mode is not supported by Ember"
			}
			return ""
		}),
		strDir("cluster-config-file", cfgImmutable, "nodes.conf", false, nil),
		numDir("cluster-node-timeout", 0, numSpec{lo: 0, hi: llongMax}, 15000),
		numDir("cluster-port", cfgImmutable, numSpec{lo: 0, hi: 65535}, 0),
		numDir("cluster-replica-validity-factor", 0, numSpec{lo: 0, hi: intMax}, 10).alias("cluster-slave-validity-factor"),
		numDir("cluster-migration-barrier", 0, numSpec{lo: 0, hi: intMax}, 1),
		boolDir("cluster-allow-replica-migration", 0, true),
		boolDir("cluster-require-full-coverage", 0, true),
		boolDir("cluster-replica-no-failover", 0, false).alias("cluster-slave-no-failover"),
		boolDir("cluster-allow-reads-when-down", 0, false),
		boolDir("cluster-allow-pubsubshard-when-down", 0, true),
		numDir("cluster-link-sendbuf-limit", 0, numSpec{lo: 0, hi: ullongMax, unsigned: true, memory: true}, 0),
		strDir("cluster-announce-hostname", 0, "", true, validAnnouncedHostname),
		enumDir("cluster-preferred-endpoint-type", 0, endpointTypeEnum, "ip"),
		strDir("cluster-announce-ip", 0, "", true, nil),
		numDir("cluster-announce-port", 0, numSpec{lo: 0, hi: 65535}, 0),
		numDir("cluster-announce-tls-port", 0, numSpec{lo: 0, hi: 65535}, 0),
		numDir("cluster-announce-bus-port", 0, numSpec{lo: 0, hi: 65535}, 0),

		// Slow log, latency monitor, keyspace events.
		numDir("slowlog-log-slower-than", 0, numSpec{lo: -1, hi: llongMax}, 10000).
			applyInt(func(c *Config, n int64) { c.SlowlogLogSlowerThan = n }),
		numDir("slowlog-max-len", 0, numSpec{lo: 0, hi: longMax}, 128).applyInt(func(c *Config, n int64) { c.SlowlogMaxLen = n }),
		numDir("latency-monitor-threshold", 0, numSpec{lo: 0, hi: llongMax}, 0).
			applyInt(func(c *Config, n int64) { c.LatencyMonitorThreshold = n }),
		boolDir("latency-tracking", 0, true),
		latencyPercentilesDir(),
		notifyKeyspaceEventsDir(),

		// Advanced config.
		numDir("hash-max-listpack-entries", 0, numSpec{lo: 0, hi: longMax, unsigned: true}, 512).alias("hash-max-ziplist-entries").
			applyInt(func(c *Config, n int64) { c.HashMaxListpackEntries = n }),
		numDir("hash-max-listpack-value", 0, numSpec{lo: 0, hi: longMax, unsigned: true, memory: true}, 64).alias("hash-max-ziplist-value").
			applyInt(func(c *Config, n int64) { c.HashMaxListpackValue = n }),
		numDir("list-max-listpack-size", 0, numSpec{lo: intMin, hi: intMax}, -2).alias("list-max-ziplist-size").
			applyInt(func(c *Config, n int64) { c.ListMaxListpackSize = n }),
		numDir("list-compress-depth", 0, numSpec{lo: 0, hi: intMax}, 0),
		numDir("set-max-intset-entries", 0, numSpec{lo: 0, hi: longMax, unsigned: true}, 512).
			applyInt(func(c *Config, n int64) { c.SetMaxIntsetEntries = n }),
		numDir("zset-max-listpack-entries", 0, numSpec{lo: 0, hi: longMax, unsigned: true}, 128).alias("zset-max-ziplist-entries").
			applyInt(func(c *Config, n int64) { c.ZsetMaxListpackEntries = n }),
		numDir("zset-max-listpack-value", 0, numSpec{lo: 0, hi: longMax, unsigned: true, memory: true}, 64).alias("zset-max-ziplist-value").
			applyInt(func(c *Config, n int64) { c.ZsetMaxListpackValue = n }),
		numDir("hll-sparse-max-bytes", 0, numSpec{lo: 0, hi: longMax, unsigned: true, memory: true}, 3000),
		numDir("stream-node-max-bytes", 0, numSpec{lo: 0, hi: longMax, unsigned: true, memory: true}, 4096),
		numDir("stream-node-max-entries", 0, numSpec{lo: 0, hi: llongMax}, 100),
		clientOutputBufferLimitDir(),
		numDir("client-query-buffer-limit", 0, numSpec{lo: 1 << 20, hi: longMax, unsigned: true, memory: true}, 1<<30).
			applyInt(func(c *Config, n int64) { c.ClientQueryBufferLimit = n }),
		numDir("proto-max-bulk-len", 0, numSpec{lo: 1 << 20, hi: longMax, memory: true}, 512<<20).
			applyInt(func(c *Config, n int64) { c.ProtoMaxBulkLen = n }),
		numDir("watchdog-period", cfgHidden, numSpec{lo: 0, hi: intMax}, 0),
		boolDir("use-exit-on-panic", cfgHidden, false),
	})
}

// noTLS is the check of a directive that would turn TLS on: any value but
// off fails as Redis does when TLS cannot be configured.
func noTLS(off string) func(v string) string {
	return func(v string) string {
		if v != off {
			return "Unable to update TLS configuration. Check server logs."
		}
		return ""
	}
}

// validDBFilename mirrors isValidDBfilename: a base name, not a path.
func validDBFilename(v string) string {
	if strings.ContainsRune(v, '/') {
		return "dbfilename can't be a path, just a filename"
	}
	return ""
}

func validAOFFilename(v string) string {
	if v == "" {
		return "appendfilename can't be empty"
	}
	if strings.ContainsRune(v, '/') {
		return "appendfilename can't be a path, just a filename"
	}
	return ""
}

func validAOFDirname(v string) string {
	if v == "" {
		return "appenddirname can't be empty"
	}
	if strings.ContainsRune(v, '/') {
		return "appenddirname can't be a path, just a dirname"
	}
	return ""
}

// validAnnouncedHostname mirrors isValidAnnouncedHostname.
func validAnnouncedHostname(v string) string {
	if len(v) >= 256 {
		return "Hostnames must be less than 256 characters"
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			return "Hostnames may only contain alphanumeric characters, hyphens or dots"
		}
	}
	return ""
}

// validProcTitleTemplate mirrors validateProcTitleTemplate: the template
// expands (sdstemplate: "{name}" variables, "{{" a literal brace) with only
// known variables, and the expansion with an empty title is not blank.
func validProcTitleTemplate(v string) string {
	const bad = "template format is invalid or contains unknown variables"
	vars := map[string]string{"title": "", "listen-addr": "*:6379", "server-mode": "",
		"port": "6379", "tls-port": "0", "unixsocket": "", "config-file": ""}
	var out strings.Builder
	for p := v; p != ""; {
		i := strings.IndexByte(p, '{')
		if i < 0 {
			out.WriteString(p)
			break
		}
		out.WriteString(p[:i])
		p = p[i+1:]
		if p == "" {
			return bad
		}
		if p[0] == '{' {
			out.WriteByte('{')
			p = p[1:]
			continue
		}
		j := strings.IndexByte(p, '}')
		if j < 0 {
			return bad
		}
		val, ok := vars[p[:j]]
		if !ok {
			return bad
		}
		out.WriteString(val)
		p = p[j+1:]
	}
	if strings.Trim(out.String(), " ") == "" {
		return bad
	}
	return ""
}

// trimDoubleString mirrors Redis's trimDoubleString for "%f" output: drop
// trailing zeros after the point, and the point itself if nothing is left.
func trimDoubleString(s string) string {
	if strings.IndexByte(s, '.') < 0 {
		return s
	}
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

func formatPercentile(f float64) string {
	return trimDoubleString(strconv.FormatFloat(f, 'f', 6, 64))
}
