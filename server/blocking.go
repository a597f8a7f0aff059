package server

// Clients blocked on keys: BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP and the
// sorted set commands BZPOPMIN, BZPOPMAX, BZMPOP. Mirrors Redis 7.0's
// blocked.c.
//
// How it works:
//
//   - A blocking handler that finds no data calls Hooks.BlockForKeys and
//     returns without a reply. BlockForKeys parks the client: it is queued
//     FIFO on each key it waits for, flagged blocked, and put in the timeout
//     heap. call() sees the client blocked and skips its stats; resumeBatch
//     stops, so the rest of the client's pipeline waits, as in Redis.
//   - A command that gives a key data calls Hooks.SignalKeyAsReady. After
//     each top-level command (so after a whole EXEC or script), and at the
//     end of every executor pass, handleClientsBlockedOnKeys serves the
//     ready keys: for each, the clients blocked on it in FIFO order whose
//     awaited type the key now holds. Serving re-runs the client's command
//     through call() with Client.ReadyKey set, so the handler pops from that
//     key only (Redis 7.0 serves from the signalled key), replies, and its
//     effect propagates like any command's (BLPOP as LPOP, BLMOVE as LMOVE).
//     A push made while serving (BLMOVE's destination) makes a new ready key,
//     served in the same loop. The element reaches exactly one client.
//   - Served, timed-out and CLIENT UNBLOCKed clients run the rest of their
//     batch at the end of the pass, before replies are released (Redis's
//     processUnblockedClients in beforeSleep).
//   - Timeouts: a heap ordered by deadline, checked at the end of every pass
//     (so at every cron tick too). A timed-out client gets a null array.
//   - Hang-ups: while its client is blocked, the conn goroutine reads ahead
//     (waitBatch), so an EOF frees the client at once; and before serving a
//     client the executor peeks at its socket, so no element is popped for
//     a client that has gone.
//   - Inside MULTI/EXEC or a script (call() nested) and for clients without
//     a connection BlockForKeys refuses, and the handler replies as at a
//     timeout.

import (
	"container/heap"
	"container/list"
	"errors"
	"net"
	"os"
	"time"

	"github.com/ember-db/ember/commands"
	"github.com/ember-db/ember/resp"
	"github.com/ember-db/ember/store"
)

// blockedOn is what a client blocked on keys waits for. Executor-owned.
type blockedOn struct {
	c *client
	// typ is the value type that serves the client: "list" or "zset".
	typ string
	db  *store.DB
	// keys are the distinct keys waited on, in argv order; elems[i] is the
	// client's place in keys[i]'s FIFO.
	keys  []string
	elems []*list.Element
	// argv and cmd are the blocked command, re-run when a key is ready.
	argv [][]byte
	cmd  *commands.Command
	// deadline is the absolute unix ms time of the timeout; 0 = none.
	deadline int64
	heapIdx  int // index in the timeout heap, -1 when not in it
}

// readyKey is a key that received data while clients wait on it.
type readyKey struct {
	db  *store.DB
	key string
}

// blockingState holds the clients blocked on keys. Executor-owned.
type blockingState struct {
	// keys maps db -> key -> FIFO (*blockedOn) of the clients waiting on it.
	keys map[*store.DB]map[string]*list.List
	// ready are the keys signalled since they were last served, in signal
	// order; readySet dedupes them.
	ready    []readyKey
	readySet map[readyKey]struct{}
	// rescan are dbs whose blocked keys must be checked for data (SWAPDB);
	// a nil key means every db.
	rescan   map[*store.DB]bool
	timeouts timeoutHeap
	// unblocked are clients served, timed out or unblocked whose batch must
	// resume before this pass's replies are released.
	unblocked []*client
	// count is the number of clients blocked on keys (INFO blocked_clients).
	count int
	// serving is the client whose blocked command is being re-run.
	serving  *client
	handling bool
}

// timeoutHeap orders blocked clients by deadline, earliest first.
type timeoutHeap []*blockedOn

func (h timeoutHeap) Len() int           { return len(h) }
func (h timeoutHeap) Less(i, j int) bool { return h[i].deadline < h[j].deadline }
func (h timeoutHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].heapIdx, h[j].heapIdx = i, j
}
func (h *timeoutHeap) Push(x any) {
	b := x.(*blockedOn)
	b.heapIdx = len(*h)
	*h = append(*h, b)
}
func (h *timeoutHeap) Pop() any {
	old := *h
	b := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	b.heapIdx = -1
	return b
}

// BlockForKeys implements commands.Hooks: it parks c on keys of its db until
// one holds a value of type typ, or until deadlineMs (absolute unix ms, 0 =
// never). It refuses (false) inside MULTI/EXEC or a script, for clients
// without a connection, and for a client already blocked. Mirrors
// blockForKeys in blocked.c.
func (s *Server) BlockForKeys(c *commands.Client, typ string, keys [][]byte, deadlineMs int64) bool {
	cc := cl(c)
	if s.callDepth > 1 || cc.conn == nil || cc.bpop != nil {
		return false
	}
	bs := &s.blocking
	if bs.keys == nil {
		bs.keys = map[*store.DB]map[string]*list.List{}
	}
	dbKeys := bs.keys[c.DB]
	if dbKeys == nil {
		dbKeys = map[string]*list.List{}
		bs.keys[c.DB] = dbKeys
	}
	b := &blockedOn{c: cc, typ: typ, db: c.DB, argv: resp.CloneArgv(c.Argv), cmd: c.Cmd,
		deadline: deadlineMs, heapIdx: -1}
	seen := make(map[string]struct{}, len(keys))
	for _, k := range keys {
		key := string(k)
		if _, dup := seen[key]; dup {
			continue
		}
		seen[key] = struct{}{}
		q := dbKeys[key]
		if q == nil {
			q = list.New()
			dbKeys[key] = q
		}
		b.keys = append(b.keys, key)
		b.elems = append(b.elems, q.PushBack(b))
	}
	if deadlineMs > 0 {
		heap.Push(&bs.timeouts, b)
	}
	cc.bpop = b
	cc.flags |= flagBlocked
	bs.count++
	select { // let the conn goroutine watch for a hang-up
	case cc.blockedKick <- struct{}{}:
	default:
	}
	return true
}

// SignalKeyAsReady implements commands.Hooks: if clients wait on key in db,
// the key is queued to be served after the current command. Mirrors
// signalKeyAsReady.
func (s *Server) SignalKeyAsReady(db *store.DB, key []byte) {
	bs := &s.blocking
	if bs.count == 0 {
		return
	}
	if _, ok := bs.keys[db][string(key)]; !ok {
		return
	}
	rk := readyKey{db: db, key: string(key)}
	if bs.readySet == nil {
		bs.readySet = map[readyKey]struct{}{}
	}
	if _, ok := bs.readySet[rk]; ok {
		return
	}
	bs.readySet[rk] = struct{}{}
	bs.ready = append(bs.ready, rk)
}

// signalDBForReadyKeys asks for db's blocked keys (nil: every db's) to be
// checked for data after the current command: SWAPDB gives a db new
// contents (Redis's scanDatabaseForReadyKeys). Flushes call it too, harmlessly.
func (s *Server) signalDBForReadyKeys(db *store.DB) {
	bs := &s.blocking
	if bs.count == 0 {
		return
	}
	if bs.rescan == nil {
		bs.rescan = map[*store.DB]bool{}
	}
	bs.rescan[db] = true
}

// scanReadyDBs signals every blocked key that exists in the dbs to rescan.
func (s *Server) scanReadyDBs() {
	bs := &s.blocking
	rescan := bs.rescan
	bs.rescan = nil
	for db, keys := range bs.keys {
		if !rescan[db] && !rescan[nil] {
			continue
		}
		for key := range keys {
			if db.Find([]byte(key)) != nil {
				s.SignalKeyAsReady(db, []byte(key))
			}
		}
	}
}

// blockedPending reports whether handleClientsBlockedOnKeys has work.
func (s *Server) blockedPending() bool {
	return len(s.blocking.ready) > 0 || len(s.blocking.rescan) > 0
}

// handleClientsBlockedOnKeys serves the clients blocked on the ready keys,
// key by key in signal order, until no key is ready (serving BLMOVE makes
// its destination ready). Called after each top-level command and at the
// end of each pass; not re-entrant. Mirrors handleClientsBlockedOnKeys.
func (s *Server) handleClientsBlockedOnKeys() {
	bs := &s.blocking
	if bs.handling {
		return
	}
	bs.handling = true
	for s.blockedPending() {
		if len(bs.rescan) > 0 {
			s.scanReadyDBs()
		}
		ready := bs.ready
		bs.ready = nil
		for _, rk := range ready {
			delete(bs.readySet, rk)
			s.serveClientsBlockedOnKey(rk.db, rk.key)
		}
	}
	bs.handling = false
}

// serveClientsBlockedOnKey re-runs, in the order they blocked, the commands
// of the clients waiting on key whose type the key now holds, while it
// holds one. A client whose connection is gone is dropped without being
// served, so it cannot take an element with it.
func (s *Server) serveClientsBlockedOnKey(db *store.DB, key string) {
	q := s.blocking.keys[db][key]
	if q == nil {
		return
	}
	waiting := make([]*blockedOn, 0, q.Len())
	for e := q.Front(); e != nil; e = e.Next() {
		waiting = append(waiting, e.Value.(*blockedOn))
	}
	now := s.nowMs()
	bkey := []byte(key)
	for _, b := range waiting {
		c := b.c
		if c.bpop != b {
			continue // served or dropped meanwhile
		}
		e := db.Find(bkey)
		if e == nil || (e.Expire != 0 && e.Expire <= now) {
			return
		}
		if e.Value.Type() != b.typ {
			continue
		}
		if s.blockedClientGone(c) {
			s.unblock(c)
			c.flags |= flagCloseASAP
			c.closeConn() // the conn goroutine ends and frees the client
			continue
		}
		s.unblock(c)
		c.Argv = b.argv
		c.ReadyKey = bkey
		s.blocking.serving = c
		s.call(c, b.cmd)
		s.blocking.serving = nil
		c.ReadyKey = nil
		if c.bpop == nil {
			s.blocking.unblocked = append(s.blocking.unblocked, c)
		}
	}
}

// blockedClientGone reports whether c's peer has closed or reset the
// connection, or c is being closed.
func (s *Server) blockedClientGone(c *client) bool {
	if c.closed.Load() || c.flags&flagCloseASAP != 0 {
		return true
	}
	return c.conn != nil && peerClosed(c.conn)
}

// unblock removes c from the keys it waits on and the timeout heap and
// clears its blocked state; it writes no reply. Mirrors
// unblockClientWaitingData plus the bookkeeping of unblockClient.
func (s *Server) unblock(c *client) {
	b := c.bpop
	if b == nil {
		return
	}
	bs := &s.blocking
	dbKeys := bs.keys[b.db]
	for i, key := range b.keys {
		q := dbKeys[key]
		q.Remove(b.elems[i])
		if q.Len() == 0 {
			delete(dbKeys, key)
		}
	}
	if len(dbKeys) == 0 {
		delete(bs.keys, b.db)
	}
	if b.heapIdx >= 0 {
		heap.Remove(&bs.timeouts, b.heapIdx)
	}
	c.bpop = nil
	c.flags &^= flagBlocked
	bs.count--
}

// blockedReply writes a reply to a parked client, unless its replies are
// off or this one is skipped (CLIENT REPLY).
func blockedReply(c *client, write func()) {
	if c.flags&(flagReplyOff|flagReplySkip) == 0 {
		write()
	}
	c.flags &^= flagReplySkip
}

// statsOnUnblock counts a blocked command that ends without being served:
// a timeout or CLIENT UNBLOCK (updateStatsOnUnblock).
func (s *Server) statsOnUnblock(cmd *commands.Command, failed bool) {
	st := s.cmdStat(cmd)
	st.calls++
	if failed {
		st.failed++
	}
	s.stats.commandsProcessed++
}

// handleBlockedClientsTimeout replies a null array to every client whose
// deadline is before nowMs and unblocks it (handleBlockedClientsTimeout,
// replyToBlockedClientTimedOut).
func (s *Server) handleBlockedClientsTimeout(nowMs int64) {
	bs := &s.blocking
	for len(bs.timeouts) > 0 && bs.timeouts[0].deadline < nowMs {
		b := bs.timeouts[0]
		c := b.c
		blockedReply(c, c.ReplyNullArray)
		s.statsOnUnblock(b.cmd, false)
		s.unblock(c)
		bs.unblocked = append(bs.unblocked, c)
	}
}

// unblockClient is CLIENT UNBLOCK id [TIMEOUT | ERROR]: if client id is
// blocked on keys, it replies as at a timeout (a null array) or, with
// withError, the UNBLOCKED error, and resumes the client. It reports whether
// the client was blocked. Executor goroutine.
func (s *Server) unblockClient(id int64, withError bool) bool {
	c := s.clients[id]
	if c == nil || c.bpop == nil {
		return false
	}
	b := c.bpop
	if withError {
		blockedReply(c, func() { s.replyError(c, string(commands.ErrUnblocked)) })
	} else {
		blockedReply(c, c.ReplyNullArray)
	}
	s.statsOnUnblock(b.cmd, withError)
	s.unblock(c)
	s.blocking.unblocked = append(s.blocking.unblocked, c)
	return true
}

// blockedClients returns the number of clients blocked on keys: INFO's
// blocked_clients. Executor goroutine.
func (s *Server) blockedClients() int { return s.blocking.count }

// blockedBeforeSleep runs at the end of each pass, before replies are
// released: it times out clients, serves ready keys, and runs the rest of
// the batches of the clients that were unblocked, until nothing is left.
func (s *Server) blockedBeforeSleep() {
	bs := &s.blocking
	if len(bs.timeouts) > 0 {
		s.handleBlockedClientsTimeout(s.nowMs())
	}
	for {
		s.handleClientsBlockedOnKeys()
		if len(bs.unblocked) == 0 {
			return
		}
		resume := bs.unblocked
		bs.unblocked = nil
		for _, c := range resume {
			if _, ok := s.clients[c.ID]; !ok || c.bpop != nil || c.pending == nil {
				continue
			}
			s.resumeBatch(c)
		}
	}
}

// connInput is what a client's reader reads: bytes the conn goroutine read
// ahead while its client was blocked, then the connection. Conn goroutine
// only; the read-ahead goroutine uses it while the conn goroutine waits.
type connInput struct {
	conn    net.Conn
	raw     *rawIO // reads conn without entersyscall when not nil
	pending []byte
	off     int
	// err is a read error met while reading ahead, returned once pending is
	// consumed.
	err error
}

// Read implements io.Reader.
func (in *connInput) Read(p []byte) (int, error) {
	if in.off < len(in.pending) {
		n := copy(p, in.pending[in.off:])
		in.off += n
		if in.off == len(in.pending) {
			in.pending, in.off = in.pending[:0], 0
		}
		return n, nil
	}
	if in.err != nil {
		return 0, in.err
	}
	if in.raw != nil {
		return in.raw.Read(p)
	}
	return in.conn.Read(p)
}

// readAhead reads from the connection into pending until a read fails: the
// peer hung up, or the deadline the conn goroutine sets to stop it passed.
// It also stops with resp.ErrQueryBufferLimit once more than limit bytes
// wait, as Redis closes such a client.
func (in *connInput) readAhead(limit int64) error {
	var buf [4096]byte
	for {
		n, err := in.conn.Read(buf[:])
		in.pending = append(in.pending, buf[:n]...)
		if err != nil {
			return err
		}
		if int64(len(in.pending)-in.off) > limit {
			return resp.ErrQueryBufferLimit
		}
	}
}

// waitBatch waits until the executor releases c's batch. While c is blocked
// on keys it reads ahead from the connection, so a client that hangs up is
// freed at once instead of waiting for data it can no longer receive.
// It returns false when the connection must end: the server is stopping or
// the client hung up. Conn goroutine.
func (s *Server) waitBatch(c *client) bool {
	select {
	case <-c.done:
		drainKick(c)
		return true
	case <-c.blockedKick:
		return s.watchWhileBlocked(c)
	case <-s.stopped:
		return false
	}
}

func drainKick(c *client) {
	select {
	case <-c.blockedKick:
	default:
	}
}

// watchWhileBlocked reads ahead until the batch is released (true) or the
// connection fails (false).
func (s *Server) watchWhileBlocked(c *client) bool {
	errc := make(chan error, 1)
	limit := s.limits.MaxQueryBuffer.Load()
	go func() { errc <- c.in.readAhead(limit) }()
	select {
	case <-c.done:
		c.conn.SetReadDeadline(time.Unix(1, 0)) // stop the read ahead
		err := <-errc
		c.conn.SetReadDeadline(time.Time{})
		if !errors.Is(err, os.ErrDeadlineExceeded) {
			c.in.err = err // report it after the bytes read ahead
		}
		drainKick(c)
		return true
	case err := <-errc:
		if err == resp.ErrQueryBufferLimit {
			s.log.Warningf("Closing client that reached max query buffer length: addr=%s (qbuf initial bytes: ...)", c.addr)
		}
		return false
	case <-s.stopped:
		return false
	}
}
