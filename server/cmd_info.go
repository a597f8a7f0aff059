package server

import (
	"fmt"
	"net"
	"os"
	"runtime"
	"runtime/metrics"
	"sort"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/ember-db/ember/commands"
	"github.com/ember-db/ember/store"
)

// infoImpls returns INFO.
func (s *Server) infoImpls() []commands.Impl {
	return []commands.Impl{
		{Name: "info", Proc: s.infoCommand},
	}
}

// INFO [section [section ...]]
// Replies with Redis 7.0's report: "# Section" headers, "field:value" lines
// ending in CRLF, a blank line between sections, as a verbatim string in
// RESP3 and a bulk string in RESP2. Mirrors infoCommand and
// genRedisInfoString in server.c.
func (s *Server) infoCommand(c *commands.Client) error {
	c.ReplyVerbatim(s.genInfo(c.Argv[1:]), "txt")
	return nil
}

// infoDefaultSections are the sections of INFO and INFO default, in order.
// ("modules" is Redis's "module_list".)
var infoDefaultSections = []string{"server", "clients", "memory", "persistence", "stats",
	"replication", "cpu", "modules", "errorstats", "cluster", "keyspace"}

// infoWriter builds an INFO report.
type infoWriter struct {
	b        []byte
	sections int
}

func (w *infoWriter) section(name string) {
	if w.sections > 0 {
		w.b = append(w.b, "\r\n"...)
	}
	w.sections++
	w.b = append(w.b, "# "...)
	w.b = append(w.b, name...)
	w.b = append(w.b, "\r\n"...)
}

func (w *infoWriter) str(k, v string) {
	w.b = append(w.b, k...)
	w.b = append(w.b, ':')
	w.b = append(w.b, v...)
	w.b = append(w.b, "\r\n"...)
}

func (w *infoWriter) int(k string, v int64) { w.str(k, strconv.FormatInt(v, 10)) }

func (w *infoWriter) uint(k string, v uint64) { w.str(k, strconv.FormatUint(v, 10)) }

// f2 writes v as C's "%.2f".
func (w *infoWriter) f2(k string, v float64) { w.str(k, strconv.FormatFloat(v, 'f', 2, 64)) }

// genInfo returns the INFO report for the sections named in args (none:
// the default ones). "default" adds the default sections, "all" every
// section and "everything" every section plus modules' own; unknown names
// add nothing, so "INFO nosuch" is empty. Mirrors genInfoSectionDict.
// Executor goroutine.
func (s *Server) genInfo(args [][]byte) string {
	want := map[string]bool{}
	all := false
	if len(args) == 0 {
		for _, n := range infoDefaultSections {
			want[n] = true
		}
	}
	for _, a := range args {
		switch n := strings.ToLower(string(a)); n {
		case "default":
			for _, n := range infoDefaultSections {
				want[n] = true
			}
		case "all", "everything":
			all = true
		default:
			want[n] = true
		}
	}
	has := func(name string) bool { return all || want[name] }
	now := s.cfg.Clock()
	w := &infoWriter{}
	var mem memoryStats
	if has("memory") {
		mem = s.memoryStats()
	}

	if has("server") {
		w.section("Server")
		w.str("redis_version", Version)
		w.str("redis_git_sha1", "00000000")
		w.str("redis_git_dirty", "0")
		w.str("redis_build_id", buildID())
		w.str("redis_mode", "standalone")
		w.str("os", unameString())
		w.int("arch_bits", int64(unsafe.Sizeof(uintptr(0))*8))
		w.str("monotonic_clock", "POSIX clock_gettime")
		w.str("multiplexing_api", multiplexingAPI)
		w.str("atomicvar_api", "c11-builtin")
		w.str("gcc_version", "0.0.0")
		w.int("process_id", int64(os.Getpid()))
		w.str("process_supervised", "no")
		w.str("run_id", s.stats.admin.runID)
		w.int("tcp_port", int64(s.tcpPort()))
		w.int("server_time_usec", now.UnixMicro())
		uptime := int64(now.Sub(s.startTime).Seconds())
		w.int("uptime_in_seconds", uptime)
		w.int("uptime_in_days", uptime/86400)
		w.int("hz", int64(s.cfg.Hz))
		w.int("configured_hz", int64(s.cfg.Hz))
		w.int("lru_clock", lruClock(now.UnixMilli()))
		exe, _ := os.Executable()
		w.str("executable", exe)
		w.str("config_file", s.cfg.ConfigFile)
		w.str("io_threads_active", "0")
	}

	if has("clients") {
		w.section("Clients")
		var maxIn int64
		for _, cl := range s.clients {
			maxIn = max(maxIn, int64(cl.qbuf))
		}
		// Clients blocked on keys plus those held by CLIENT PAUSE: Redis
		// 7.0 counts BLOCKED_POSTPONE in blocked_clients too.
		blocked := s.blockedClients() + len(s.pause.parked)
		w.int("connected_clients", int64(len(s.clients)))
		w.str("cluster_connections", "0")
		w.int("maxclients", int64(s.cfg.MaxClients))
		w.int("client_recent_max_input_buffer", maxIn)
		w.str("client_recent_max_output_buffer", "0")
		w.int("blocked_clients", int64(blocked))
		w.str("tracking_clients", "0")
		w.str("clients_in_timeout_table", "0")
	}

	if has("memory") {
		w.section("Memory")
		w.uint("used_memory", mem.used)
		w.str("used_memory_human", bytesToHuman(mem.used))
		w.uint("used_memory_rss", mem.rss)
		w.str("used_memory_rss_human", bytesToHuman(mem.rss))
		w.uint("used_memory_peak", mem.peak)
		w.str("used_memory_peak_human", bytesToHuman(mem.peak))
		w.str("used_memory_peak_perc", strconv.FormatFloat(float64(mem.peakPerc), 'f', 2, 64)+"%")
		w.uint("used_memory_overhead", mem.overhead)
		w.uint("used_memory_startup", mem.startup)
		w.uint("used_memory_dataset", mem.dataset)
		w.str("used_memory_dataset_perc", strconv.FormatFloat(float64(mem.datasetPerc), 'f', 2, 64)+"%")
		w.uint("allocator_allocated", mem.used)
		w.uint("allocator_active", mem.active)
		w.uint("allocator_resident", mem.resident)
		total := totalSystemMemory()
		w.uint("total_system_memory", total)
		w.str("total_system_memory_human", bytesToHuman(total))
		// Scripting is not implemented: no Lua VM, no scripts, no functions.
		w.str("used_memory_lua", "0")
		w.str("used_memory_vm_eval", "0")
		w.str("used_memory_lua_human", "0B")
		w.str("used_memory_scripts_eval", "0")
		w.str("number_of_cached_scripts", "0")
		w.str("number_of_functions", "0")
		w.str("number_of_libraries", "0")
		w.str("used_memory_vm_functions", "0")
		w.str("used_memory_vm_total", "0")
		w.str("used_memory_vm_total_human", "0B")
		w.str("used_memory_functions", "0")
		w.str("used_memory_scripts", "0")
		w.str("used_memory_scripts_human", "0B")
		w.int("maxmemory", s.cfg.MaxMemory)
		w.str("maxmemory_human", bytesToHuman(uint64(s.cfg.MaxMemory)))
		w.str("maxmemory_policy", s.maxmemoryPolicy())
		w.f2("allocator_frag_ratio", mem.allocFragRatio())
		w.int("allocator_frag_bytes", int64(mem.active)-int64(mem.used))
		w.f2("allocator_rss_ratio", mem.allocRSSRatio())
		w.int("allocator_rss_bytes", int64(mem.resident)-int64(mem.active))
		w.f2("rss_overhead_ratio", mem.rssOverheadRatio())
		w.int("rss_overhead_bytes", int64(mem.rss)-int64(mem.resident))
		w.f2("mem_fragmentation_ratio", mem.fragRatio())
		w.int("mem_fragmentation_bytes", int64(mem.rss)-int64(mem.used))
		w.str("mem_not_counted_for_evict", "0")
		w.str("mem_replication_backlog", "0")
		w.str("mem_total_replication_buffers", "0")
		w.str("mem_clients_slaves", "0")
		w.str("mem_clients_normal", "0")
		w.str("mem_cluster_links", "0")
		w.str("mem_aof_buffer", "0")
		w.str("mem_allocator", runtime.Version())
		w.str("active_defrag_running", "0")
		w.str("lazyfree_pending_objects", "0")
		w.str("lazyfreed_objects", "0")
	}

	if has("persistence") {
		w.section("Persistence")
		loading := "0"
		if s.data.Loading {
			loading = "1"
		}
		w.str("loading", loading)
		w.str("async_loading", "0")
		w.str("current_cow_peak", "0")
		w.str("current_cow_size", "0")
		w.str("current_cow_size_age", "0")
		w.str("current_fork_perc", "0.00")
		var keysDone, keysTotal int64
		if job := s.persist.job; job != nil {
			keysDone, keysTotal = job.keysSaved, job.keysTotal
		}
		w.int("current_save_keys_processed", keysDone)
		w.int("current_save_keys_total", keysTotal)
		w.int("rdb_changes_since_last_save", s.dirty)
		p := &s.persist
		saving := p.job != nil && p.job.kind == jobSave // not an AOF rewrite
		w.int("rdb_bgsave_in_progress", b2i(saving))
		w.int("rdb_last_save_time", p.lastSave.Unix())
		status := "ok"
		if !p.lastBgsaveOK {
			status = "err"
		}
		w.str("rdb_last_bgsave_status", status)
		w.int("rdb_last_bgsave_time_sec", p.lastBgsaveSeconds)
		cur := int64(-1)
		if saving {
			cur = int64(s.cfg.Clock().Sub(p.job.start).Seconds())
		}
		w.int("rdb_current_bgsave_time_sec", cur)
		w.int("rdb_saves", p.saves)
		// The bytes serialized ahead of the walk because a write touched an
		// unsaved key: Ember's equivalent of copy-on-write pages.
		w.int("rdb_last_cow_size", p.lastCOWBytes)
		w.int("rdb_last_load_keys_expired", p.lastLoadExpired)
		w.int("rdb_last_load_keys_loaded", p.lastLoadKeys)
		for _, f := range s.aofInfoFields() {
			w.str(f[0], f[1])
		}
		if start, read, total, ok := s.loadingProgress(); ok {
			// As Redis's genRedisInfoString while loading.
			w.int("loading_start_time", start.Unix())
			w.int("loading_total_bytes", total)
			w.str("loading_rdb_used_mem", "0") // not known before the load ends
			w.int("loading_loaded_bytes", read)
			w.str("loading_loaded_perc", strconv.FormatFloat(float64(read)/float64(total+1)*100, 'f', 2, 64))
			eta := int64(1) // Redis's figure while the first second runs
			if elapsed := int64(time.Since(start).Seconds()); elapsed > 0 {
				eta = elapsed * max(total-read, 0) / (read + 1)
			}
			w.int("loading_eta_seconds", eta)
		}
	}

	if has("stats") {
		st := &s.stats
		w.section("Stats")
		w.int("total_connections_received", st.connectionsReceived)
		w.int("total_commands_processed", st.commandsProcessed)
		w.int("instantaneous_ops_per_sec", s.instantaneousOps())
		w.str("total_net_input_bytes", "0")
		w.str("total_net_output_bytes", "0")
		w.str("total_net_repl_input_bytes", "0")
		w.str("total_net_repl_output_bytes", "0")
		w.str("instantaneous_input_kbps", "0.00")
		w.str("instantaneous_output_kbps", "0.00")
		w.str("instantaneous_input_repl_kbps", "0.00")
		w.str("instantaneous_output_repl_kbps", "0.00")
		w.int("rejected_connections", st.rejectedConns.Load())
		w.str("sync_full", "0")
		w.str("sync_partial_ok", "0")
		w.str("sync_partial_err", "0")
		w.int("expired_keys", s.data.Stats.ExpiredKeys)
		w.str("expired_stale_perc", "0.00")
		w.str("expired_time_cap_reached_count", "0")
		w.str("expire_cycle_cpu_milliseconds", "0")
		w.str("evicted_keys", "0")
		w.str("evicted_clients", "0")
		w.str("total_eviction_exceeded_time", "0")
		w.str("current_eviction_exceeded_time", "0")
		w.int("keyspace_hits", s.data.Stats.KeyspaceHits)
		w.int("keyspace_misses", s.data.Stats.KeyspaceMisses)
		ch, pat, shard := s.pubsubCounts()
		w.int("pubsub_channels", int64(ch))
		w.int("pubsub_patterns", int64(pat))
		w.int("pubsubshard_channels", int64(shard))
		w.str("latest_fork_usec", "0")
		w.str("total_forks", "0")
		w.str("migrate_cached_sockets", "0")
		w.str("slave_expires_tracked_keys", "0")
		w.str("active_defrag_hits", "0")
		w.str("active_defrag_misses", "0")
		w.str("active_defrag_key_hits", "0")
		w.str("active_defrag_key_misses", "0")
		w.str("total_active_defrag_time", "0")
		w.str("current_active_defrag_time", "0")
		w.str("tracking_total_keys", "0")
		w.str("tracking_total_items", "0")
		w.str("tracking_total_prefixes", "0")
		w.str("unexpected_error_replies", "0")
		w.int("total_error_replies", st.totalErrorReplies)
		w.str("dump_payload_sanitizations", "0")
		w.int("total_reads_processed", st.readsProcessed)
		w.int("total_writes_processed", st.writesProcessed)
		w.str("io_threaded_reads_processed", "0")
		w.str("io_threaded_writes_processed", "0")
		w.str("reply_buffer_shrinks", "0")
		w.str("reply_buffer_expands", "0")
	}

	if has("replication") {
		w.section("Replication")
		w.str("role", "master")
		w.str("connected_slaves", "0")
		w.str("master_failover_state", "no-failover")
		w.str("master_replid", s.stats.admin.replID)
		w.str("master_replid2", "0000000000000000000000000000000000000000")
		w.str("master_repl_offset", "0")
		w.str("second_repl_offset", "-1")
		w.str("repl_backlog_active", "0")
		w.str("repl_backlog_size", "1048576")
		w.str("repl_backlog_first_byte_offset", "0")
		w.str("repl_backlog_histlen", "0")
	}

	if has("cpu") {
		w.section("CPU")
		sys, user := cpuTimes()
		// The executor is a goroutine, not a pinned thread: the main
		// thread's figures are the process's.
		w.str("used_cpu_sys", formatUsec(sys))
		w.str("used_cpu_user", formatUsec(user))
		w.str("used_cpu_sys_children", "0.000000")
		w.str("used_cpu_user_children", "0.000000")
		w.str("used_cpu_sys_main_thread", formatUsec(sys))
		w.str("used_cpu_user_main_thread", formatUsec(user))
	}

	if has("modules") || want["module_list"] {
		w.section("Modules")
	}

	if has("commandstats") {
		w.section("Commandstats")
		for _, name := range s.sortedCmdStats() {
			st := s.stats.cmdStats[name]
			perCall := 0.0
			if st.calls > 0 {
				perCall = float64(st.usec) / float64(st.calls)
			}
			w.str("cmdstat_"+name, fmt.Sprintf("calls=%d,usec=%d,usec_per_call=%.2f,rejected_calls=%d,failed_calls=%d",
				st.calls, st.usec, perCall, st.rejected, st.failed))
		}
	}

	if has("errorstats") {
		w.section("Errorstats")
		codes := make([]string, 0, len(s.stats.errorStats))
		for code := range s.stats.errorStats {
			codes = append(codes, code)
		}
		sort.Strings(codes)
		for _, code := range codes {
			w.str("errorstat_"+code, "count="+strconv.FormatInt(s.stats.errorStats[code], 10))
		}
	}

	if has("latencystats") {
		w.section("Latencystats")
		for _, name := range s.sortedCmdStats() {
			if h := s.stats.cmdStats[name].hist; h != nil {
				w.str("latency_percentiles_usec_"+name, string(h.appendPercentiles(nil)))
			}
		}
	}

	if has("cluster") {
		w.section("Cluster")
		w.str("cluster_enabled", "0")
	}

	if has("keyspace") {
		w.section("Keyspace")
		for _, db := range s.data.Keyspace.DBs {
			if db.Len() == 0 {
				continue
			}
			w.str("db"+strconv.Itoa(db.ID), fmt.Sprintf("keys=%d,expires=%d,avg_ttl=%d", db.Len(), db.ExpiresLen(), db.AvgTTL))
		}
	}
	return string(w.b)
}

// sortedCmdStats returns the names of the commands that have statistics
// (called, failed or rejected at least once), sorted. Redis lists them in
// its command dict's order, which is arbitrary.
func (s *Server) sortedCmdStats() []string {
	names := make([]string, 0, len(s.stats.cmdStats))
	for name, st := range s.stats.cmdStats {
		if st.calls != 0 || st.failed != 0 || st.rejected != 0 {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// ResetStats clears the counters CONFIG RESETSTAT clears: the stats
// section's counters, keyspace hits and misses, expired keys, command and
// error statistics and latency histograms; the slow log and the dataset stay.
// Mirrors resetServerStats, resetCommandTableStats and resetErrorTableStats.
// Executor goroutine.
func (s *Server) ResetStats() {
	st := &s.stats
	st.connectionsReceived = 0
	st.rejectedConns.Store(0)
	st.commandsProcessed = 0
	st.cmdStats = map[string]*cmdStat{}
	st.errorStats = map[string]int64{}
	st.totalErrorReplies = 0
	st.readsProcessed, st.writesProcessed = 0, 0
	st.opsSamples = [len(st.opsSamples)]int64{}
	st.opsSampleIdx = 0
	st.lastOpsCount = 0
	st.lastOpsTime = s.cfg.Clock()
	s.data.Stats = commands.Stats{}
	st.admin.peakMemory = readMemory().used
}

// pubsubCounts returns the number of channels, patterns and shard channels
// with subscribers, for INFO stats.
// TODO(pubsub): count them once pub/sub lands.
func (s *Server) pubsubCounts() (channels, patterns, shardChannels int) { return 0, 0, 0 }

// tcpPort is the port INFO reports: the first listener's.
func (s *Server) tcpPort() int {
	if len(s.listeners) > 0 {
		if a, ok := s.listeners[0].Addr().(*net.TCPAddr); ok {
			return a.Port
		}
	}
	return s.cfg.Port
}

// maxmemoryPolicy is the maxmemory-policy directive's value.
func (s *Server) maxmemoryPolicy() string {
	if p := s.cfg.Value("maxmemory-policy"); p != "" {
		return p
	}
	return s.data.Tunables.MaxMemoryPolicy
}

// lruClock is Redis's LRU clock: seconds, wrapping at 24 bits (getLRUClock).
func lruClock(nowMs int64) int64 { return (nowMs / 1000) & (1<<24 - 1) }

// buildID is INFO's redis_build_id: a fixed hex id of this Ember version.
func buildID() string {
	var h uint64 = 14695981039346656037
	for _, b := range []byte("ember " + EmberVersion) {
		h = (h ^ uint64(b)) * 1099511628211
	}
	return strconv.FormatUint(h, 16)
}

// formatUsec formats µs as seconds with 6 decimals, as INFO cpu.
func formatUsec(us int64) string {
	return strconv.FormatInt(us/1e6, 10) + "." + fmt.Sprintf("%06d", us%1e6)
}

// bytesToHuman formats n as Redis's bytesToHuman: "912B", "1.50K", "2.00M".
func bytesToHuman(n uint64) string {
	const k = 1024
	switch {
	case n < k:
		return strconv.FormatUint(n, 10) + "B"
	case n < k*k:
		return strconv.FormatFloat(float64(n)/k, 'f', 2, 64) + "K"
	case n < k*k*k:
		return strconv.FormatFloat(float64(n)/(k*k), 'f', 2, 64) + "M"
	case n < k*k*k*k:
		return strconv.FormatFloat(float64(n)/(k*k*k), 'f', 2, 64) + "G"
	case n < k*k*k*k*k:
		return strconv.FormatFloat(float64(n)/(k*k*k*k), 'f', 2, 64) + "T"
	case n < k*k*k*k*k*k:
		return strconv.FormatFloat(float64(n)/(k*k*k*k*k), 'f', 2, 64) + "P"
	}
	return strconv.FormatUint(n, 10) + "B"
}

// goMemory is what the Go runtime reports about the heap, in bytes.
type goMemory struct {
	used     uint64 // live and not yet swept objects (Redis's used_memory)
	active   uint64 // heap spans in use (allocator_active)
	resident uint64 // mapped from the OS and not released (allocator_resident)
	rss      uint64 // the process's resident set (used_memory_rss)
}

// readMemory samples the Go runtime's memory metrics; it does not stop the
// world, so cron may call it.
func readMemory() goMemory {
	samples := []metrics.Sample{
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/heap/unused:bytes"},
		{Name: "/memory/classes/total:bytes"},
		{Name: "/memory/classes/heap/released:bytes"},
	}
	metrics.Read(samples)
	val := func(i int) uint64 {
		if samples[i].Value.Kind() == metrics.KindUint64 {
			return samples[i].Value.Uint64()
		}
		return 0
	}
	m := goMemory{used: val(0)}
	m.active = m.used + val(1)
	m.resident = val(2) - min(val(3), val(2))
	m.rss = residentMemory()
	if m.rss == 0 {
		m.rss = m.resident
	}
	return m
}

// heapObjectsBytes is readMemory's used alone, cheap enough for cron.
func heapObjectsBytes() uint64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	if sample[0].Value.Kind() == metrics.KindUint64 {
		return sample[0].Value.Uint64()
	}
	return 0
}

// memoryStats are the figures INFO memory, MEMORY STATS and MEMORY DOCTOR
// report, in bytes. Mirrors struct redisMemOverhead.
type memoryStats struct {
	goMemory
	peak, startup    uint64
	overhead         uint64 // startup + per-db index overhead
	dataset          uint64 // used - overhead
	keys             int64
	bytesPerKey      uint64
	datasetPerc      float32
	peakPerc         float32
	dbMain, dbExpire map[int]uint64 // per non-empty db: index and expires overhead
	dbOrder          []int
}

// Per-key overhead of the keyspace's index, an estimate for used_memory_overhead:
// the entry in its slot page plus the map slot from key to index.
const (
	keyIndexOverhead    = uint64(unsafe.Sizeof(store.Entry{})) + 26
	expireIndexOverhead = 4
)

// memoryStats computes memoryStats and updates the peak. Mirrors
// getMemoryOverheadData. Executor goroutine.
func (s *Server) memoryStats() memoryStats {
	m := memoryStats{goMemory: readMemory(), dbMain: map[int]uint64{}, dbExpire: map[int]uint64{}}
	a := &s.stats.admin
	a.peakMemory = max(a.peakMemory, m.used)
	m.peak, m.startup = a.peakMemory, a.startupMemory
	m.overhead = m.startup
	for _, db := range s.data.Keyspace.DBs {
		if db.Len() == 0 {
			continue
		}
		m.keys += int64(db.Len())
		m.dbOrder = append(m.dbOrder, db.ID)
		m.dbMain[db.ID] = uint64(db.Len()) * keyIndexOverhead
		m.dbExpire[db.ID] = uint64(db.ExpiresLen()) * expireIndexOverhead
		m.overhead += m.dbMain[db.ID] + m.dbExpire[db.ID]
	}
	if m.used > m.overhead {
		m.dataset = m.used - m.overhead
	}
	net := uint64(1)
	if m.used > m.startup {
		net = m.used - m.startup
	}
	m.datasetPerc = float32(m.dataset) * 100 / float32(net)
	m.peakPerc = float32(m.used) * 100 / float32(max(m.peak, 1))
	if m.keys > 0 {
		m.bytesPerKey = net / uint64(m.keys)
	}
	return m
}

func ratio(a, b uint64) float64 {
	if b == 0 {
		return 0
	}
	return float64(float32(a) / float32(b))
}

func (m *memoryStats) allocFragRatio() float64   { return ratio(m.active, m.used) }
func (m *memoryStats) allocRSSRatio() float64    { return ratio(m.resident, m.active) }
func (m *memoryStats) rssOverheadRatio() float64 { return ratio(m.rss, m.resident) }
func (m *memoryStats) fragRatio() float64        { return ratio(m.rss, m.used) }

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
