package server

import (
	"crypto/rand"
	"encoding/hex"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/ember-db/ember/commands"
)

// adminState is the server state that INFO, DEBUG and the administration
// commands keep beside the counters. Executor-owned.
type adminState struct {
	// runID and replID are INFO's run_id and master_replid: 40 random hex
	// characters each, chosen at start (replID again at DEBUG CHANGE-REPL-ID).
	runID, replID string
	// startupMemory and peakMemory are used_memory at start and its
	// highest value seen, in bytes.
	startupMemory, peakMemory uint64
	// activeExpireOff is DEBUG SET-ACTIVE-EXPIRE 0; cronPaused is DEBUG
	// PAUSE-CRON 1.
	activeExpireOff, cronPaused bool
	// quicklistPackedThreshold is DEBUG QUICKLIST-PACKED-THRESHOLD, bytes.
	quicklistPackedThreshold int64
}

// initAdmin fills adminState when the executor starts.
func (s *Server) initAdmin() {
	a := &s.stats.admin
	a.runID, a.replID = randomHex40(), randomHex40()
	a.startupMemory = readMemory().used
	a.peakMemory = a.startupMemory
	a.quicklistPackedThreshold = 1 << 30
}

// randomHex40 returns 40 random hex characters (getRandomHexChars).
func randomHex40() string {
	var b [20]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// adminCron is the administration part of cron: it tracks the memory peak.
func (s *Server) adminCron() {
	a := &s.stats.admin
	a.peakMemory = max(a.peakMemory, heapObjectsBytes())
}

// adminImpls returns the server administration handlers: SHUTDOWN, INFO,
// DEBUG, TIME, LASTSAVE, ROLE, MEMORY, SLOWLOG, LATENCY, and the FLUSH
// subcommands of FUNCTION and SCRIPT.
func (s *Server) adminImpls() []commands.Impl {
	impls := []commands.Impl{
		{Name: "shutdown", Proc: s.shutdownCommand},
		{Name: "time", Proc: s.timeCommand},
		{Name: "role", Proc: roleCommand},
		{Name: "memory|usage", Proc: memoryUsageCommand},
		{Name: "memory|stats", Proc: s.memoryStatsCommand},
		{Name: "memory|doctor", Proc: s.memoryDoctorCommand},
		{Name: "memory|malloc-stats", Proc: memoryMallocStatsCommand},
		{Name: "memory|purge", Proc: memoryPurgeCommand},
		{Name: "memory|help", Proc: memoryHelpCommand},
		{Name: "slowlog|get", Proc: s.slowlogGetCommand},
		{Name: "slowlog|len", Proc: s.slowlogLenCommand},
		{Name: "slowlog|reset", Proc: s.slowlogResetCommand},
		{Name: "slowlog|help", Proc: slowlogHelpCommand},
		{Name: "latency|latest", Proc: latencyLatestCommand},
		{Name: "latency|history", Proc: latencyHistoryCommand},
		{Name: "latency|reset", Proc: latencyResetCommand},
		{Name: "latency|graph", Proc: latencyGraphCommand},
		{Name: "latency|doctor", Proc: latencyDoctorCommand},
		{Name: "latency|histogram", Proc: s.latencyHistogramCommand},
		{Name: "latency|help", Proc: latencyHelpCommand},
		{Name: "function|flush", Proc: functionFlushCommand},
		{Name: "script|flush", Proc: scriptFlushCommand},
	}
	impls = append(impls, s.infoImpls()...)
	impls = append(impls, s.debugImpls()...)
	return impls
}

// replyHelp writes a HELP reply as Redis's addReplyHelp: a status line per
// line, framed by the usage line and HELP's own entry.
func replyHelp(c *commands.Client, container string, lines []string) {
	c.ReplyArrayLen(len(lines) + 3)
	c.ReplyStatus(container + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:")
	for _, l := range lines {
		c.ReplyStatus(l)
	}
	c.ReplyStatus("HELP")
	c.ReplyStatus("    Prints this help.")
}

// errSubcommandSyntax is Redis's addReplySubcommandSyntaxError: the
// subcommand exists but its arguments do not fit.
func errSubcommandSyntax(c *commands.Client) error {
	return commands.ErrSubcommandSyntax(string(c.Argv[0]), c.Argv[1])
}

// SHUTDOWN [NOSAVE | SAVE] [NOW] [FORCE] [ABORT]
// On success nothing is replied: the server closes every connection and
// exits, as Redis does. ABORT answers an error, as nothing is ever left in
// progress: shutting down does not wait for replicas.
func (s *Server) shutdownCommand(c *commands.Client) error {
	var nosave, save, abort, force, now bool
	for _, a := range c.Argv[1:] {
		switch strings.ToLower(string(a)) {
		case "nosave":
			nosave = true
		case "save":
			save = true
		case "now":
			now = true
		case "force":
			force = true
		case "abort":
			abort = true
		default:
			return commands.ErrSyntax
		}
	}
	if (abort && (nosave || save || now || force)) || (nosave && save) {
		return commands.ErrSyntax
	}
	if abort {
		return commands.ErrNoShutdown
	}
	if err := s.shutdown(save, nosave, force); err != nil {
		return err
	}
	cl(c).flags |= flagCloseASAP
	return nil
}

// shutdown is SHUTDOWN's and the signals' common path, as Redis's
// prepareForShutdown: it logs the request, then saves as the flags say
// (prepareForShutdown: never while loading, the dataset is partial); on
// success the executor stops after this pass. A failed save (without
// force) is logged and leaves the server running.
func (s *Server) shutdown(save, nosave, force bool) error {
	s.log.Warningf("User requested shutdown...")
	if err := s.prepareForShutdown(save, nosave, force); err != nil {
		s.log.Warningf("Errors trying to shut down the server. Check the logs for more information.")
		return err
	}
	s.shutdownRequested = true
	return nil
}

// shuttingDown reports whether SHUTDOWN was called.
func (s *Server) shuttingDown() bool { return s.shutdownRequested }

// closeAll closes the listeners and every connection. Executor goroutine,
// as its last act.
func (s *Server) closeAll() {
	s.closeListeners()
	for _, c := range s.clients {
		c.closeConn()
	}
}

// TIME
// Replies with the server clock as [unix seconds, microseconds], both bulk.
func (s *Server) timeCommand(c *commands.Client) error {
	now := s.cfg.Clock()
	c.ReplyArrayLen(2)
	c.ReplyBulkInt(now.Unix())
	c.ReplyBulkInt(int64(now.Nanosecond() / 1000))
	return nil
}

// ROLE
// Replies with the master form: ["master", replication offset, replicas].
func roleCommand(c *commands.Client) error {
	c.ReplyArrayLen(3)
	c.ReplyBulkString("master")
	c.ReplyInt(0)
	c.ReplyArrayLen(0)
	return nil
}

// MEMORY USAGE key [SAMPLES count]
// Replies with the bytes key and its value use, or null. The key is found
// without checking its expire, as Redis's dbFind. Strings are counted as
// Redis allocates them; other values are estimated (see valueMemoryUsage).
func memoryUsageCommand(c *commands.Client) error {
	samples := int64(5)
	for j := 3; j < len(c.Argv); j++ {
		if !strings.EqualFold(string(c.Argv[j]), "samples") || j+1 >= len(c.Argv) {
			return commands.ErrSyntax
		}
		n, err := commands.ParseInt(c.Argv[j+1])
		if err != nil {
			return err
		}
		if n < 0 {
			return commands.ErrSyntax
		}
		samples = n
		j++
	}
	e := c.DB.Find(c.Argv[2])
	if e == nil {
		c.ReplyNull()
		return nil
	}
	if samples > 1<<30 {
		samples = 0
	}
	c.ReplyInt(valueMemoryUsage(e.Value, int(samples)) + keyMemoryUsage(e.Key))
	return nil
}

// MEMORY STATS
// Replies with a map of memory figures, named as Redis's
// (getMemoryOverheadData); the allocator figures are the Go runtime's.
func (s *Server) memoryStatsCommand(c *commands.Client) error {
	m := s.memoryStats()
	c.ReplyMapLen(27 + len(m.dbOrder))
	pair := func(k string, v uint64) {
		c.ReplyBulkString(k)
		c.ReplyInt(int64(v))
	}
	pairF := func(k string, v float64) {
		c.ReplyBulkString(k)
		c.ReplyDouble(v)
	}
	pair("peak.allocated", m.peak)
	pair("total.allocated", m.used)
	pair("startup.allocated", m.startup)
	pair("replication.backlog", 0)
	pair("clients.slaves", 0)
	pair("clients.normal", 0)
	pair("cluster.links", 0)
	pair("aof.buffer", 0)
	pair("lua.caches", 0)
	pair("functions.caches", 0)
	for _, id := range m.dbOrder {
		c.ReplyBulkString("db." + strconv.Itoa(id))
		c.ReplyMapLen(3)
		pair("overhead.hashtable.main", m.dbMain[id])
		pair("overhead.hashtable.expires", m.dbExpire[id])
		pair("overhead.hashtable.slot-to-keys", 0)
	}
	pair("overhead.total", m.overhead)
	pair("keys.count", uint64(m.keys))
	pair("keys.bytes-per-key", m.bytesPerKey)
	pair("dataset.bytes", m.dataset)
	pairF("dataset.percentage", float64(m.datasetPerc))
	pairF("peak.percentage", float64(m.peakPerc))
	pair("allocator.allocated", m.used)
	pair("allocator.active", m.active)
	pair("allocator.resident", m.resident)
	pairF("allocator-fragmentation.ratio", m.allocFragRatio())
	c.ReplyBulkString("allocator-fragmentation.bytes")
	c.ReplyInt(int64(m.active) - int64(m.used))
	pairF("allocator-rss.ratio", m.allocRSSRatio())
	c.ReplyBulkString("allocator-rss.bytes")
	c.ReplyInt(int64(m.resident) - int64(m.active))
	pairF("rss-overhead.ratio", m.rssOverheadRatio())
	c.ReplyBulkString("rss-overhead.bytes")
	c.ReplyInt(int64(m.rss) - int64(m.resident))
	pairF("fragmentation", m.fragRatio())
	c.ReplyBulkString("fragmentation.bytes")
	c.ReplyInt(int64(m.rss) - int64(m.used))
	return nil
}

// MEMORY DOCTOR
// Replies with Redis's memory report: too little memory to judge, a peak
// well above current use, heavy fragmentation, or nothing to report.
// Mirrors getMemoryDoctorReport (the checks that apply to Ember).
func (s *Server) memoryDoctorCommand(c *commands.Client) error {
	m := s.memoryStats()
	var text string
	bigPeak := float32(m.peak)/float32(m.used) > 1.5
	highFrag := m.fragRatio() > 1.4 && m.rss > m.used && m.rss-m.used > 10<<20
	switch {
	case m.used < 5<<20:
		text = "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used in these conditions. Please, leave for your mission on Earth and fill it with some data. The new Sam and I will be back to our programming as soon as I finished rebooting.\n"
	case !bigPeak && !highFrag:
		text = "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base.\n"
	default:
		text = "Sam, I detected a few issues in this Redis instance memory implants:\n\n"
		if bigPeak {
			text += " * Peak memory: In the past this instance used more than 150% the memory that is currently using. The allocator is normally not able to release memory after a peak, so you can expect to see a big fragmentation ratio, however this is actually harmless and is only due to the memory peak, and if the Redis instance Resident Set Size (RSS) is currently bigger than expected, the memory will be used as soon as you fill the Redis instance with more data. If the memory peak was only occasional and you want to try to reclaim memory, please try the MEMORY PURGE command, otherwise the only other option is to shutdown and restart the instance.\n\n"
		}
		if highFrag {
			text += " * High total RSS: This instance has a memory fragmentation and RSS overhead greater than 1.4 (this means that the Resident Set Size of the Redis process is much larger than the sum of the logical allocations Redis performed). This problem is usually due either to a large peak memory (check if there is a peak memory entry above in the report) or may result from a workload that causes the allocator to fragment memory a lot. If the problem is a large peak memory, then there is no issue. Otherwise, make sure you are using the Jemalloc allocator and not the default libc malloc. Note: The currently used allocator is \"go\".\n\n"
		}
		text += "I'm here to keep you safe, Sam. I want to help you.\n"
	}
	c.ReplyVerbatim(text, "txt")
	return nil
}

// MEMORY MALLOC-STATS
// Replies as Redis built without jemalloc does.
func memoryMallocStatsCommand(c *commands.Client) error {
	c.ReplyVerbatim("Stats not supported for the current allocator", "txt")
	return nil
}

// MEMORY PURGE
// Returns freed memory to the operating system (debug.FreeOSMemory).
func memoryPurgeCommand(c *commands.Client) error {
	debug.FreeOSMemory()
	c.ReplyOK()
	return nil
}

// MEMORY HELP
func memoryHelpCommand(c *commands.Client) error {
	replyHelp(c, "MEMORY", []string{
		"DOCTOR",
		"    Return memory problems reports.",
		"MALLOC-STATS",
		"    Return internal statistics report from the memory allocator.",
		"PURGE",
		"    Attempt to purge dirty pages for reclamation by the allocator.",
		"STATS",
		"    Return information about the memory usage of the server.",
		"USAGE <key> [SAMPLES <count>]",
		"    Return memory in bytes used by <key> and its value. Nested values are",
		"    sampled up to <count> times (default: 5, 0 means sample all).",
	})
	return nil
}

// SLOWLOG GET [count]
// Replies with the newest count entries (default 10, -1 all), newest first:
// [id, unix time, duration in µs, argv, client address, client name].
func (s *Server) slowlogGetCommand(c *commands.Client) error {
	if len(c.Argv) > 3 {
		return errSubcommandSyntax(c)
	}
	entries := s.slowlog.entries
	count := int64(10)
	if len(c.Argv) == 3 {
		n, err := commands.ParseInt(c.Argv[2])
		if err != nil || n < -1 {
			return commands.ErrSlowlogCount
		}
		count = n
		if n == -1 {
			count = int64(len(entries))
		}
	}
	count = min(count, int64(len(entries)))
	c.ReplyArrayLen(int(count))
	for _, e := range entries[:count] {
		c.ReplyArrayLen(6)
		c.ReplyInt(e.id)
		c.ReplyInt(e.timeSec)
		c.ReplyInt(e.usec)
		c.ReplyArrayLen(len(e.argv))
		for _, a := range e.argv {
			c.ReplyBulk(a)
		}
		c.ReplyBulkString(e.addr)
		c.ReplyBulkString(e.name)
	}
	return nil
}

// SLOWLOG LEN
func (s *Server) slowlogLenCommand(c *commands.Client) error {
	c.ReplyInt(int64(len(s.slowlog.entries)))
	return nil
}

// SLOWLOG RESET
// Empties the slow log; entry ids keep counting.
func (s *Server) slowlogResetCommand(c *commands.Client) error {
	s.slowlog.entries = nil
	c.ReplyOK()
	return nil
}

// SLOWLOG HELP
func slowlogHelpCommand(c *commands.Client) error {
	replyHelp(c, "SLOWLOG", []string{
		"GET [<count>]",
		"    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
		"    Entries are made of:",
		"    id, timestamp, time in microseconds, arguments array, client IP and port,",
		"    client name",
		"LEN",
		"    Return the length of the slowlog.",
		"RESET",
		"    Reset the slowlog.",
	})
	return nil
}

// The latency monitor (latency-monitor-threshold) is never enabled in Ember:
// no latency events are sampled, so LATENCY LATEST, HISTORY, RESET, GRAPH
// and DOCTOR answer as Redis does with the monitor off. LATENCY HISTOGRAM
// reports the per-command histograms, which are always kept.

// LATENCY LATEST
func latencyLatestCommand(c *commands.Client) error {
	c.ReplyArrayLen(0)
	return nil
}

// LATENCY HISTORY event
func latencyHistoryCommand(c *commands.Client) error {
	c.ReplyArrayLen(0)
	return nil
}

// LATENCY RESET [event [event ...]]
// Replies with the number of event series reset: always 0.
func latencyResetCommand(c *commands.Client) error {
	c.ReplyInt(0)
	return nil
}

// LATENCY GRAPH event
func latencyGraphCommand(c *commands.Client) error {
	return commands.ErrNoLatencySamples(c.Argv[2])
}

// LATENCY DOCTOR
func latencyDoctorCommand(c *commands.Client) error {
	c.ReplyVerbatim("I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it. If we weren't in a deep space mission I'd suggest to take a look at https://redis.io/topics/latency-monitor.\n", "txt")
	return nil
}

// LATENCY HISTOGRAM [command [command ...]]
// Replies with a map from command name to {calls, histogram_usec}, the
// cumulative distribution of its latencies in power-of-two µs buckets. With
// no arguments every command that ran is listed (sorted by name); a named
// container lists its subcommands; unknown names are skipped. Mirrors
// latencyAllCommandsFillCDF / latencySpecificCommandsFillCDF.
func (s *Server) latencyHistogramCommand(c *commands.Client) error {
	var names []string
	if len(c.Argv) == 2 {
		for _, name := range s.sortedCmdStats() {
			if s.stats.cmdStats[name].hist != nil {
				names = append(names, name)
			}
		}
	} else {
		for _, a := range c.Argv[2:] {
			names = append(names, s.histogramNames(strings.ToLower(string(a)))...)
		}
	}
	c.ReplyMapLen(len(names))
	for _, name := range names {
		h := s.stats.cmdStats[name].hist
		c.ReplyBulkString(name)
		c.ReplyMapLen(2)
		c.ReplyBulkString("calls")
		c.ReplyInt(h.total)
		c.ReplyBulkString("histogram_usec")
		usec, count := h.cumulative()
		c.ReplyMapLen(len(usec))
		for i := range usec {
			c.ReplyInt(usec[i])
			c.ReplyInt(count[i])
		}
	}
	return nil
}

// histogramNames returns the names of the command name (lower case,
// "container|sub" allowed) and, for a container, of its subcommands, that
// have a latency histogram.
func (s *Server) histogramNames(name string) []string {
	parent, _, isSub := strings.Cut(name, "|")
	cmd := s.table.Command(parent)
	if cmd == nil {
		return nil
	}
	var rows []*commands.Command
	if isSub {
		for _, sub := range cmd.Subcommands {
			if sub.Name == name {
				rows = append(rows, sub)
			}
		}
	} else {
		rows = append(append(rows, cmd), cmd.Subcommands...)
	}
	var names []string
	for _, r := range rows {
		if st := s.stats.cmdStats[r.FullName]; st != nil && st.hist != nil {
			names = append(names, r.FullName)
		}
	}
	return names
}

// LATENCY HELP
func latencyHelpCommand(c *commands.Client) error {
	replyHelp(c, "LATENCY", []string{
		"DOCTOR",
		"    Return a human readable latency analysis report.",
		"GRAPH <event>",
		"    Return an ASCII latency graph for the <event> class.",
		"HISTORY <event>",
		"    Return time-latency samples for the <event> class.",
		"LATEST",
		"    Return the latest latency samples for all events.",
		"RESET [<event> ...]",
		"    Reset latency data of one or more <event> classes.",
		"    (default: reset all data for all event classes)",
		"HISTOGRAM [COMMAND ...]",
		"    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.",
		"    If no commands are specified then all histograms are replied.",
	})
	return nil
}

// FUNCTION FLUSH [ASYNC | SYNC]
// Scripting is not implemented, so there are no libraries to delete; the
// command answers OK and is propagated, as Redis's.
func functionFlushCommand(c *commands.Client) error {
	if len(c.Argv) > 3 {
		return errSubcommandSyntax(c)
	}
	if len(c.Argv) == 3 {
		if m := strings.ToLower(string(c.Argv[2])); m != "sync" && m != "async" {
			return commands.ErrFunctionFlushOption
		}
	}
	c.Dirty++
	c.ReplyOK()
	return nil
}

// SCRIPT FLUSH [ASYNC | SYNC]
// Scripting is not implemented, so the script cache is always empty.
func scriptFlushCommand(c *commands.Client) error {
	if len(c.Argv) == 3 {
		if m := strings.ToLower(string(c.Argv[2])); m == "sync" || m == "async" {
			c.ReplyOK()
			return nil
		}
	}
	if len(c.Argv) != 2 {
		return commands.ErrScriptFlushOption
	}
	c.ReplyOK()
	return nil
}
