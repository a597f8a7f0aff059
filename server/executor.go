package server

import (
	"sync/atomic"
	"time"

	"github.com/ember-db/ember/commands"
	"github.com/ember-db/ember/store"
)

// maxBatchesPerPass bounds how many batches one executor pass takes before it
// looks at timers and tasks again, so cron cannot starve under load.
const maxBatchesPerPass = 256

// serverStats are the counters INFO reports. Executor-owned unless atomic.
type serverStats struct {
	connectionsReceived int64
	rejectedConns       atomic.Int64
	commandsProcessed   int64
	cmdStats            map[string]*cmdStat
	errorStats          map[string]int64 // error code ("ERR", "WRONGTYPE") -> count
	totalErrorReplies   int64
	// instantaneous ops: ring of samples taken by cron
	opsSamples   [16]int64
	opsSampleIdx int
	lastOpsCount int64
	lastOpsTime  time.Time
}

// cmdStat is one commandstats line.
type cmdStat struct {
	calls, usec, rejected, failed int64
}

// run is the executor goroutine: the only goroutine that touches the
// keyspace and client state. Each pass takes every waiting batch (up to
// maxBatchesPerPass), executes it, then releases the replies; between
// passes it runs tasks and cron.
func (s *Server) run() {
	defer close(s.stopped)
	hz := time.NewTicker(time.Second / time.Duration(s.cfg.Hz))
	defer hz.Stop()
	s.stats.cmdStats = map[string]*cmdStat{}
	s.stats.errorStats = map[string]int64{}
	s.stats.lastOpsTime = s.cfg.Clock()
	curHz := s.cfg.Hz
	for {
		select {
		case b := <-s.batches:
			s.processBatch(b)
		drain:
			for i := 1; i < maxBatchesPerPass; i++ {
				select {
				case b := <-s.batches:
					s.processBatch(b)
				default:
					break drain
				}
			}
		case f := <-s.tasks:
			f()
		case <-hz.C:
			s.cron()
			if s.cfg.Hz != curHz {
				curHz = s.cfg.Hz
				hz.Reset(time.Second / time.Duration(curHz))
			}
		case <-s.quit:
			s.shutdownNow()
			return
		}
		s.beforeSleep()
		if s.shuttingDown() {
			s.shutdownNow()
			return
		}
	}
}

// beforeSleep runs at the end of every pass: it times out and serves
// blocked clients and resumes the ones unblocked, then releases the replies
// of the batches that finished. (The AOF write and fsync will go first here, so a
// reply never leaves before its record: STYLE.md §2.)
func (s *Server) beforeSleep() {
	s.blockedBeforeSleep()
	for _, c := range s.ready {
		c.done <- struct{}{}
	}
	s.ready = s.ready[:0]
}

// processBatch executes a batch's commands in order. It stops early when a
// command blocks the client; the rest runs when the client is unblocked.
func (s *Server) processBatch(b *batch) {
	c := b.c
	if c.flags&flagCloseASAP != 0 {
		s.ready = append(s.ready, c)
		return
	}
	c.pending, c.pendingIdx = b, 0
	c.qbuf = c.reader.Buffered()
	s.resumeBatch(c)
}

// resumeBatch continues c's pending batch at pendingIdx.
func (s *Server) resumeBatch(c *client) {
	b := c.pending
	for c.pendingIdx < len(b.argvs) {
		if s.pause.blocks(s, c, b.argvs[c.pendingIdx]) {
			s.pause.park(c)
			return
		}
		argv := b.argvs[c.pendingIdx]
		c.pendingIdx++
		s.processCommand(c, argv)
		if c.flags&(flagBlocked) != 0 {
			return
		}
		if c.flags&(flagCloseAfter|flagCloseASAP) != 0 {
			break
		}
	}
	if b.protoErr != nil {
		c.ReplyError("ERR " + b.protoErr.Error())
		c.flags |= flagCloseAfter
	}
	if c.flags&(flagCloseAfter|flagCloseASAP) != 0 {
		c.closeAfter.Store(true)
	}
	c.pending = nil
	s.ready = append(s.ready, c)
}

// nowMs returns the server clock in unix ms.
func (s *Server) nowMs() int64 { return s.cfg.Clock().UnixMilli() }

// processCommand checks argv against the table and the client's state and
// runs it (or queues it inside MULTI). Mirrors processCommand in server.c.
func (s *Server) processCommand(c *client, argv [][]byte) {
	c.Argv = argv
	c.lastMs = s.nowMs()
	cmd, err := s.table.Lookup(argv)
	if err == nil && !cmd.CheckArity(len(argv)) {
		err = commands.ErrWrongArgs(cmd.FullName)
	}
	if err == nil && !c.authenticated && cmd.Flags&commands.FlagNoAuth == 0 {
		err = commands.ErrNoAuth
	}
	if err == nil && c.flags&flagMulti != 0 && cmd.Flags&commands.FlagNoMulti != 0 {
		err = commands.Error("ERR Command not allowed inside a transaction")
	}
	if err != nil {
		if cmd != nil {
			s.cmdStat(cmd).rejected++
		}
		if c.flags&flagMulti != 0 {
			c.flags |= flagDirtyExec
		}
		s.replyError(c, err.Error())
		return
	}
	c.lastCmd = cmd.FullName
	if c.flags&flagMulti != 0 && !isTxControl(cmd) {
		c.multi = append(c.multi, queued{argv: copyArgv(argv), cmd: cmd})
		c.ReplyStatus("QUEUED")
		return
	}
	s.call(c, cmd)
	if s.blockedPending() {
		s.handleClientsBlockedOnKeys()
	}
}

// isTxControl reports whether cmd runs immediately inside MULTI.
func isTxControl(cmd *commands.Command) bool {
	switch cmd.Name {
	case "exec", "discard", "multi", "watch", "quit", "reset":
		return true
	}
	return false
}

// call executes cmd for c: runs the handler, records stats and the slow log,
// feeds MONITOR, and propagates the effects. It is the only caller of
// propagate. Mirrors call() in server.c.
func (s *Server) call(c *client, cmd *commands.Command) {
	c.Cmd = cmd
	c.ResetCall()
	c.Now = s.nowMs()
	if c.flags&flagReplySkipNext != 0 {
		c.flags = c.flags&^flagReplySkipNext | flagReplySkip
	}
	replyStart := len(c.Buf)
	// A served blocked command was shown to MONITOR when it first ran.
	if len(s.monitors) > 0 && cmd.Flags&(commands.FlagSkipMonitor|commands.FlagAdmin) == 0 &&
		c != s.blocking.serving {
		s.feedMonitors(c, c.Argv)
	}
	start := time.Now()
	s.callDepth++
	err := cmd.Proc(&c.Client)
	s.callDepth--
	dur := time.Since(start)
	// A command that blocked the client has no reply yet; it is counted
	// when served, timed out or unblocked. Lazy expiries it did propagate.
	blocked := c.bpop != nil
	st := s.cmdStat(cmd)
	if err != nil {
		st.failed++
		s.replyError(c, err.Error())
	}
	if !blocked {
		st.calls++
		st.usec += dur.Microseconds()
		s.stats.commandsProcessed++
		if cmd.Flags&commands.FlagSkipSlowlog == 0 {
			s.slowlog.add(s, c, dur)
		}
	}
	s.dirty += c.Dirty
	main, also := c.TakePropagation()
	if main != nil {
		s.propagate(c.DB.ID, main)
	}
	for _, p := range also {
		s.propagate(p.DBID, p.Argv)
	}
	if c.flags&(flagReplyOff|flagReplySkip) != 0 && !blocked {
		c.Buf = c.Buf[:replyStart]
		c.flags &^= flagReplySkip
	}
}

// propagate feeds one record to the AOF and replicas. Nothing is propagated
// while loading. The AOF lands with the persistence issue; until then the
// records only count.
func (s *Server) propagate(dbid int, argv [][]byte) {
	if s.data.Loading {
		return
	}
	_ = dbid
	_ = argv
}

// replyError writes an error reply and counts it in errorstats.
func (s *Server) replyError(c *client, msg string) {
	c.ReplyError(msg)
	code := msg
	for i := 0; i < len(msg); i++ {
		if msg[i] == ' ' {
			code = msg[:i]
			break
		}
	}
	s.stats.errorStats[code]++
	s.stats.totalErrorReplies++
}

func (s *Server) cmdStat(cmd *commands.Command) *cmdStat {
	st := s.stats.cmdStats[cmd.FullName]
	if st == nil {
		st = &cmdStat{}
		s.stats.cmdStats[cmd.FullName] = st
	}
	return st
}

// freeClient forgets a disconnected client: unwatch, leave MONITOR, drop
// any blocked state. Executor goroutine.
func (s *Server) freeClient(c *client) {
	if _, ok := s.clients[c.ID]; !ok {
		return
	}
	delete(s.clients, c.ID)
	s.unwatchAll(c)
	for i, m := range s.monitors {
		if m == c {
			s.monitors = append(s.monitors[:i], s.monitors[i+1:]...)
			break
		}
	}
	s.pause.forget(c)
	s.unblock(c)
}

// SignalModifiedKey implements commands.Hooks: every client WATCHing key in
// db has its next EXEC fail.
func (s *Server) SignalModifiedKey(db *store.DB, key []byte) {
	keys := s.watched[db]
	if keys == nil {
		return
	}
	for _, c := range keys[string(key)] {
		c.flags |= flagDirtyCAS
	}
}

// NotifyKeyspaceEvent implements commands.Hooks. Keyspace notifications need
// pub/sub, which is not implemented yet; notify-keyspace-events is "".
func (s *Server) NotifyKeyspaceEvent(class byte, event string, key []byte, dbid int) {}

// SignalFlushedDB implements commands.Hooks: every client watching a key of
// db (nil: of any db) has its next EXEC fail (FLUSHDB, FLUSHALL, SWAPDB),
// and the keys clients block on in db are checked for data after the
// command (SWAPDB may bring them).
func (s *Server) SignalFlushedDB(db *store.DB) {
	s.signalDBForReadyKeys(db)
	for wdb, keys := range s.watched {
		if db != nil && wdb != db {
			continue
		}
		for _, cs := range keys {
			for _, c := range cs {
				c.flags |= flagDirtyCAS
			}
		}
	}
}
