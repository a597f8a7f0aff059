package server

import (
	"runtime"
	"sync/atomic"
	"time"

	"github.com/ember-db/ember/commands"
	"github.com/ember-db/ember/resp"
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
	// readsProcessed and writesProcessed count the batches read and the
	// reply buffers released (INFO's total_reads/writes_processed).
	readsProcessed, writesProcessed int64
	// instantaneous ops: ring of samples taken by cron
	opsSamples   [16]int64
	opsSampleIdx int
	lastOpsCount int64
	lastOpsTime  time.Time
	// admin is INFO's and DEBUG's own state (cmd_admin.go).
	admin adminState
}

// cmdStat is one commandstats line and the command's latency histogram
// (nil until it first runs).
type cmdStat struct {
	calls, usec, rejected, failed int64
	hist                          *latencyHist
}

// run is the executor goroutine: the only goroutine that touches the
// keyspace and client state. Each pass takes every waiting batch (up to
// maxBatchesPerPass), executes it, then releases the replies; between
// passes it runs tasks and cron.
func (s *Server) run() {
	defer close(s.stopped)
	defer s.closeAOF()
	defer s.stopLoading() // stopped while loading
	hz := time.NewTicker(time.Second / time.Duration(s.cfg.Hz))
	defer hz.Stop()
	// nap ends the executor's pause after an idle slice of a BGSAVE's walk
	// (snapshotIdleBudget); napC is its channel while napping, else nil.
	nap := time.NewTimer(time.Hour)
	nap.Stop()
	var napC <-chan time.Time
	s.stats.cmdStats = map[string]*cmdStat{}
	s.stats.errorStats = map[string]int64{}
	s.stats.lastOpsTime = s.cfg.Clock()
	s.initAdmin()
	s.persist.lastSave = s.startTime
	if err := s.startLoading(); err != nil { // logged where it was found
		s.shutdownErr = err
		s.closeAll()
		return
	}
	if !s.loadingFile() {
		s.logReady()
	}
	curHz := s.cfg.Hz
	for {
		served := false // this pass executed commands
		select {
		case b := <-s.batches:
			served = true
			// Let the other connections whose requests arrived with this
			// one read and queue them first, so that one pass serves them
			// all as Redis's event loop serves every readable client:
			// one AOF write, and under always one fsync, per pass.
			runtime.Gosched()
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
		case <-napC:
			napC = nil
		case <-s.backgroundWork(napC != nil):
			if s.loadingFile() {
				if err := s.loadStep(snapshotIdleBudget); err != nil {
					s.log.Warningf("%v", err)
					s.shutdownErr = err
					s.closeAll()
					return
				}
				if !s.loadingFile() {
					s.logReady()
				}
			} else {
				s.snapshotStep(snapshotIdleBudget)
				nap.Reset(backgroundNap)
				napC = nap.C
			}
		case err := <-s.snapshotDone():
			s.finishSnapshot(err)
		case <-s.quit:
			s.abortSnapshot()
			s.closeAll()
			return
		}
		s.beforeSleep(served)
		if s.shuttingDown() {
			s.closeAll()
			s.log.Warningf("Redis is now ready to exit, bye bye...")
			return
		}
	}
}

// beforeSleep runs at the end of every pass: it times out and serves
// blocked clients and resumes the ones unblocked, then hands the AOF buffer
// to the AOF's writer with the replies of the batches that finished, which
// are released once their records are written — under appendfsync always,
// fsynced — so a reply never leaves before its record (STYLE.md §2;
// flushAOFAndRelease). Last, when the pass served commands, it advances a
// BGSAVE's walk by a slice: the walk's progress under load. (An idle
// executor walks in slices of its own, each followed by a nap, which a
// slice here would stretch into a walk that never pauses.)
func (s *Server) beforeSleep(served bool) {
	s.blockedBeforeSleep()
	s.pause.resumeIfStopped(s)
	s.stats.writesProcessed += int64(len(s.ready))
	s.flushAOFAndRelease()
	if served && s.snapshotWalking() { // after the replies left
		s.snapshotStep(snapshotPassBudget)
	}
}

// processBatch executes a batch's commands in order. It stops early when a
// command blocks the client; the rest runs when the client is unblocked.
func (s *Server) processBatch(b *batch) {
	c := b.c
	s.stats.readsProcessed++
	if c.flags&flagCloseASAP != 0 {
		s.ready = append(s.ready, c)
		return
	}
	c.pending, c.pendingIdx = b, 0
	c.qbuf = c.reader.Buffered()
	s.updateCachedTime()
	s.resumeBatch(c)
}

// alwaysReady is a closed channel: selecting on it never blocks.
var alwaysReady = func() chan struct{} { c := make(chan struct{}); close(c); return c }()

// backgroundWork returns a ready channel while loading or a snapshot walk has
// work left, so an idle executor keeps making progress; nil otherwise, and
// while the executor naps between slices of a walk.
func (s *Server) backgroundWork(napping bool) <-chan struct{} {
	if s.loadingFile() || (s.snapshotWalking() && !napping) {
		return alwaysReady
	}
	return nil
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

// monoBase anchors monotonic durations: time.Since(monoBase) reads only the
// monotonic clock, half the cost of time.Now on this kind of machine.
var monoBase = time.Now()

// monoNow returns a monotonic timestamp for measuring durations.
func monoNow() time.Duration { return time.Since(monoBase) }

// updateCachedTime reads the server clock once for the batch about to run:
// its commands share that unix-ms time (Redis's cached mstime,
// updateCachedTime), so the clock is not read per command.
func (s *Server) updateCachedTime() { s.cachedMs = s.cfg.Clock().UnixMilli() }

// nowMs returns the cached server time in unix ms.
func (s *Server) nowMs() int64 { return s.cachedMs }

// processCommand checks argv against the table and the client's state and
// runs it (or queues it inside MULTI). Mirrors processCommand in server.c.
func (s *Server) processCommand(c *client, argv [][]byte) {
	defer s.afterCommand(c, len(c.Buf))
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
	if err == nil && (cmd.Flags&commands.FlagWrite != 0 || cmd.Name == "ping") {
		err = s.writesDenied()
	}
	if err == nil && s.data.Loading && cmd.Flags&commands.FlagLoading == 0 {
		err = errLoading
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
		c.multi = append(c.multi, queued{argv: resp.CloneArgv(argv), cmd: cmd})
		c.ReplyStatus("QUEUED")
		return
	}
	s.call(c, cmd)
	if s.blockedPending() {
		s.handleClientsBlockedOnKeys()
	}
}

// afterCommand drops the reply of the command just processed when CLIENT
// REPLY OFF is on or SKIP applies to it, and arms SKIP for the next command
// after CLIENT REPLY SKIP. replyStart is where the command's reply began in
// c.Buf. Mirrors the reply flags' handling in resetClient (networking.c).
func (s *Server) afterCommand(c *client, replyStart int) {
	if c.flags&(flagReplyOff|flagReplySkip) != 0 && len(c.Buf) >= replyStart {
		c.Buf = c.Buf[:replyStart]
	}
	c.flags &^= flagReplySkip
	if c.flags&flagReplySkipNext != 0 {
		c.flags = c.flags&^flagReplySkipNext | flagReplySkip
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
	s.beginUnit()
	c.Cmd = cmd
	c.ResetCall()
	c.Now = s.nowMs()
	// A served blocked command was shown to MONITOR when it first ran.
	if len(s.monitors) > 0 && cmd.Flags&(commands.FlagSkipMonitor|commands.FlagAdmin) == 0 &&
		c != s.blocking.serving {
		s.feedMonitors(c, c.Argv)
	}
	start := monoNow()
	s.callDepth++
	err := cmd.Proc(&c.Client)
	s.callDepth--
	dur := monoNow() - start
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
		if st.hist == nil {
			st.hist = &latencyHist{}
		}
		st.hist.record(dur.Microseconds() * 1000) // Redis measures in µs
		s.stats.commandsProcessed++
		if cmd.Flags&commands.FlagSkipSlowlog == 0 {
			s.slowlog.add(s, c, dur)
		}
	}
	s.dirty += c.Dirty
	// Records added during the command (a lazily expired key's DEL, extra
	// effects) precede the command's own, as in Redis's also_propagate
	// array: replaying "SET k v" before "DEL k" would lose the key.
	main, also := c.TakePropagation()
	for _, p := range also {
		s.propagate(p.DBID, p.Argv)
	}
	if main != nil {
		s.propagate(c.DB.ID, main)
	}
	s.endUnit(cmd)
}

// replyError writes an error reply and counts it in errorstats under its
// code: the first word, if it ends within 32 bytes, else "ERR" (Redis's
// afterErrorReply).
func (s *Server) replyError(c *client, msg string) {
	c.ReplyError(msg)
	code := "ERR"
	for i := 0; i < len(msg) && i < 32; i++ {
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
// db has its next EXEC fail, except a client that watched the key already
// expired and sees it deleted now: logically nothing changed for it (Redis
// 7.0's touchWatchedKey).
func (s *Server) SignalModifiedKey(db *store.DB, key []byte) {
	keys := s.watched[db]
	if keys == nil {
		return
	}
	deleted := db.Find(key) == nil
	for _, c := range keys[string(key)] {
		if wk := c.watchedKey(db, key); wk != nil && wk.expiredAtWatch {
			if deleted {
				wk.expiredAtWatch = false
				continue
			}
		}
		c.flags |= flagDirtyCAS
	}
}

// watchedKey returns c's watch of key in db, or nil.
func (c *client) watchedKey(db *store.DB, key []byte) *watchedKey {
	for i := range c.watched {
		if c.watched[i].db == db && c.watched[i].key == string(key) {
			return &c.watched[i]
		}
	}
	return nil
}

// NotifyKeyspaceEvent implements commands.Hooks. Keyspace notifications need
// pub/sub, which is not implemented yet; notify-keyspace-events is "".
func (s *Server) NotifyKeyspaceEvent(class byte, event string, key []byte, dbid int) {}

// FlushedAll implements commands.Hooks: after FLUSHALL a running BGSAVE
// is stopped (Redis kills the RDB child; an AOF rewrite goes on) and, with
// save points configured, the empty dataset is saved synchronously. Not
// while loading: an AOF replaying a FLUSHALL saves nothing.
func (s *Server) FlushedAll() bool {
	if job := s.persist.job; job != nil && job.kind == jobSave {
		s.abortSnapshot()
		s.log.Noticef("Background saving terminated by FLUSHALL")
	}
	if len(s.savePoints()) == 0 || s.loadingFile() {
		return false
	}
	return s.saveNow() == nil
}

// SignalFlushedDB implements commands.Hooks. It runs before db (nil: every
// db) is emptied, or replaced by replacedWith (SWAPDB). A client watching a
// key that exists in the emptied contents or in their replacement has its
// EXEC fail, with Redis 7.0's care for keys that were already expired when
// watched (touchAllWatchedKeysInDb).
func (s *Server) SignalFlushedDB(db, replacedWith *store.DB) {
	s.signalDBForReadyKeys(db)
	if replacedWith != nil {
		s.signalDBForReadyKeys(replacedWith)
	}
	for wdb, keys := range s.watched {
		if db != nil && wdb != db {
			continue
		}
		for key, cs := range keys {
			k := []byte(key)
			inEmptied := wdb.Find(k) != nil
			var repl *store.Entry
			if replacedWith != nil {
				repl = replacedWith.Find(k)
			}
			if !inEmptied && repl == nil {
				continue
			}
			replExpired := repl != nil && repl.Expire != 0 && repl.Expire <= s.nowMs()
			for _, c := range cs {
				wk := c.watchedKey(wdb, k)
				switch {
				case wk != nil && wk.expiredAtWatch && repl == nil:
					wk.expiredAtWatch = false // the expired key is gone: no change
					continue
				case wk != nil && wk.expiredAtWatch && replExpired:
					continue // still expired
				case wk != nil && !inEmptied && replExpired:
					wk.expiredAtWatch = true // a missing key becomes an expired one
					continue
				}
				c.flags |= flagDirtyCAS
			}
		}
	}
}
