package persist

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"sync"
	"time"
)

// FsyncPolicy is the appendfsync directive.
type FsyncPolicy int

// The appendfsync policies.
const (
	// FsyncNo never fsyncs: the operating system decides when data reaches
	// the disk.
	FsyncNo FsyncPolicy = iota
	// FsyncEverySec fsyncs once a second in a background goroutine.
	FsyncEverySec
	// FsyncAlways replies to a command only after the fsync covering
	// everything it may have observed (group commit, pipelined).
	FsyncAlways
)

// ParseFsyncPolicy parses an appendfsync value ("always", "everysec", "no",
// any case).
func ParseFsyncPolicy(s string) (FsyncPolicy, bool) {
	switch {
	case equalFold(s, "always"):
		return FsyncAlways, true
	case equalFold(s, "everysec"):
		return FsyncEverySec, true
	case equalFold(s, "no"):
		return FsyncNo, true
	}
	return FsyncNo, false
}

// String returns the directive's value text.
func (p FsyncPolicy) String() string {
	switch p {
	case FsyncAlways:
		return "always"
	case FsyncEverySec:
		return "everysec"
	}
	return "no"
}

func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// AppendCommand appends argv to dst as a RESP array of bulk strings, byte
// for byte as Redis's catAppendOnlyGenericCommand writes it:
//
//	*<argc>\r\n then, per argument, $<len>\r\n<bytes>\r\n
func AppendCommand(dst []byte, argv [][]byte) []byte {
	dst = append(dst, '*')
	dst = strconv.AppendInt(dst, int64(len(argv)), 10)
	dst = append(dst, '\r', '\n')
	for _, a := range argv {
		dst = append(dst, '$')
		dst = strconv.AppendInt(dst, int64(len(a)), 10)
		dst = append(dst, '\r', '\n')
		dst = append(dst, a...)
		dst = append(dst, '\r', '\n')
	}
	return dst
}

// appendSelect appends SELECT dbid as Redis's feedAppendOnlyFile does.
func appendSelect(dst []byte, dbid int) []byte {
	id := strconv.Itoa(dbid)
	dst = append(dst, "*2\r\n$6\r\nSELECT\r\n$"...)
	dst = strconv.AppendInt(dst, int64(len(id)), 10)
	dst = append(dst, '\r', '\n')
	dst = append(dst, id...)
	return append(dst, '\r', '\n')
}

// ErrPostponed is returned by Flush under everysec when an fsync is still
// running: the write waits (at most postponeLimit), as Redis's
// flushAppendOnlyFile postpones it, because write(2) would stall behind the
// fsync on many file systems.
var ErrPostponed = errors.New("persist: AOF write postponed while an fsync is in progress")

// postponeLimit is how long Flush may postpone a write behind a slow fsync
// before writing anyway (Redis: 2 seconds).
const postponeLimit = 2 * time.Second

// AOFOptions configure an AOF.
type AOFOptions struct {
	Policy FsyncPolicy
	// Timestamps writes "#TS:<unix seconds>\r\n" annotations
	// (aof-timestamp-enabled).
	Timestamps bool
	// Clock is the time source for annotations and postponement; time.Now
	// if nil.
	Clock func() time.Time
	// Fatal is called, from whichever goroutine found it, when an fsync
	// fails under FsyncAlways: the server must not go on (it logs and
	// exits). Nil panics instead.
	Fatal func(err error)
	// Logf receives warnings from the fsync goroutine; may be nil.
	Logf func(format string, args ...any)
	// Sync replaces fdatasync (tests make it slow or failing); nil for
	// fdatasync.
	Sync func(f *os.File) error
}

// AOF is the append-only file being written: the buffer that propagated
// commands are fed into, the current incremental file, and the goroutine
// that fsyncs it.
//
// Positions: every byte written through an AOF gets a position, counted from
// 0 when the AOF was opened and across file switches. Written returns the
// position after the last write(2); a position is synced once an fsync
// issued after its write(2) returned has completed. AfterSync runs a
// function once a position is synced: the server holds replies with it.
//
// Feed, Flush, Switch, Written, Size, SetPolicy, SetTimestamps and Close are
// for the executor goroutine. AfterSync, Synced, SyncInProgress, FsyncErr
// and SyncDone are safe for concurrent use. The fsync goroutine only calls
// fdatasync on the files and runs AfterSync functions.
type AOF struct {
	// executor-owned
	buf            []byte
	selDB          int // db of the last SELECT written, -1 to force one
	f              *os.File
	size           int64 // bytes in the current file (Redis's aof_last_incr_size)
	written        int64 // position after the last write
	timestamps     bool
	curTS          int64
	clock          func() time.Time
	writeErr       error
	postponedStart time.Time
	delayed        int64 // writes done despite a slow fsync (aof_delayed_fsync)
	policy         FsyncPolicy
	fatal          func(error)
	logf           func(string, ...any)
	sync           func(*os.File) error

	// shared with the fsync goroutine
	mu        sync.Mutex
	sPolicy   FsyncPolicy
	syncF     *os.File   // the current file, as the fsync goroutine sees it
	retired   []*os.File // switched-away files to fsync and close
	pubWrit   int64      // written, published
	synced    int64
	syncing   bool
	fsyncErr  error
	waiters   []syncWaiter
	closing   bool
	kick      chan struct{}
	syncDone  chan struct{}
	exited    chan struct{}
	closeErr  error
	lastFsync time.Time
}

type syncWaiter struct {
	pos int64
	fn  func()
}

// CreateAOFFile creates (or truncates) an incremental file for appending.
// The caller records it in the manifest, then hands it to OpenAOF or
// Switch.
func CreateAOFFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return nil, fmt.Errorf("persist: can't open the append-only file %s: %w", path, err)
	}
	return f, nil
}

// OpenAOFFile opens an existing incremental file (or creates it) for
// appending at its end.
func OpenAOFFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("persist: can't open the append-only file %s: %w", path, err)
	}
	return f, nil
}

// NewAOF starts appending to f (opened by CreateAOFFile or OpenAOFFile) and
// starts the fsync goroutine. The first record fed is preceded by a SELECT.
func NewAOF(f *os.File, opts AOFOptions) (*AOF, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("persist: stat %s: %w", f.Name(), err)
	}
	a := &AOF{
		selDB: -1, f: f, size: st.Size(), timestamps: opts.Timestamps, clock: opts.Clock,
		policy: opts.Policy, fatal: opts.Fatal, logf: opts.Logf, sync: opts.Sync,
		sPolicy: opts.Policy, syncF: f,
		kick: make(chan struct{}, 1), syncDone: make(chan struct{}, 1), exited: make(chan struct{}),
	}
	if a.clock == nil {
		a.clock = time.Now
	}
	if a.sync == nil {
		a.sync = fdatasync
	}
	if a.fatal == nil {
		a.fatal = func(err error) { panic(err) }
	}
	a.lastFsync = a.clock()
	go a.syncLoop()
	return a, nil
}

// Feed appends one command for db dbid to the buffer, preceded by a SELECT
// when the db differs from the previous record's (and by a timestamp
// annotation when enabled and the second changed). Mirrors
// feedAppendOnlyFile.
func (a *AOF) Feed(dbid int, argv [][]byte) {
	if a.timestamps {
		if now := a.clock().Unix(); now > a.curTS {
			a.curTS = now
			a.buf = append(a.buf, "#TS:"...)
			a.buf = strconv.AppendInt(a.buf, now, 10)
			a.buf = append(a.buf, '\r', '\n')
		}
	}
	if dbid != a.selDB {
		a.buf = appendSelect(a.buf, dbid)
		a.selDB = dbid
	}
	a.buf = AppendCommand(a.buf, argv)
}

// Buffered returns the bytes fed and not yet written (aof_buffer_length).
func (a *AOF) Buffered() int { return len(a.buf) }

// Size returns the bytes in the current incremental file.
func (a *AOF) Size() int64 { return a.size }

// Written returns the position after the last successful write.
func (a *AOF) Written() int64 { return a.written }

// WriteErr returns the error of the last write, nil once a write succeeded.
func (a *AOF) WriteErr() error { return a.writeErr }

// DelayedFsyncs counts writes made while an fsync had been running for
// longer than the postpone limit (INFO aof_delayed_fsync).
func (a *AOF) DelayedFsyncs() int64 { return a.delayed }

// Postponed reports whether a write is being postponed behind an fsync.
func (a *AOF) Postponed() bool { return !a.postponedStart.IsZero() }

// Policy returns the fsync policy.
func (a *AOF) Policy() FsyncPolicy { return a.policy }

// SetTimestamps turns timestamp annotations on or off.
func (a *AOF) SetTimestamps(on bool) { a.timestamps = on }

// SetPolicy changes the fsync policy. Switching to FsyncAlways fsyncs what
// is written at once.
func (a *AOF) SetPolicy(p FsyncPolicy) {
	a.policy = p
	a.mu.Lock()
	a.sPolicy = p
	a.mu.Unlock()
	a.poke()
}

// ForceSelect makes the next record start with a SELECT.
func (a *AOF) ForceSelect() { a.selDB = -1 }

func (a *AOF) poke() {
	select {
	case a.kick <- struct{}{}:
	default:
	}
}

// Flush writes the buffer with one write(2). It returns nil when the buffer
// is written (or empty), ErrPostponed when the write waits for a running
// fsync (everysec, not force), or the write error: the buffer is then kept
// for the next attempt and a partial write is truncated away when possible.
// Mirrors flushAppendOnlyFile.
func (a *AOF) Flush(force bool) error {
	if len(a.buf) == 0 {
		return nil
	}
	if a.policy == FsyncEverySec && !force && a.SyncInProgress() {
		now := a.clock()
		if a.postponedStart.IsZero() {
			a.postponedStart = now
			return ErrPostponed
		}
		if now.Sub(a.postponedStart) < postponeLimit {
			return ErrPostponed
		}
		a.delayed++
		if a.logf != nil {
			a.logf("Asynchronous AOF fsync is taking too long (disk is busy?). Writing the AOF buffer without waiting for fsync to complete, this may slow down Redis.")
		}
	}
	a.postponedStart = time.Time{}
	n, err := a.f.Write(a.buf)
	if err != nil {
		if n > 0 {
			// Remove the partial record so the file stays loadable.
			if terr := a.f.Truncate(a.size); terr == nil {
				n = 0
			} else {
				a.size += int64(n)
				a.written += int64(n)
				a.buf = append(a.buf[:0], a.buf[n:]...)
			}
		}
		a.writeErr = err
		a.publish()
		return err
	}
	a.writeErr = nil
	a.size += int64(n)
	a.written += int64(n)
	if cap(a.buf) <= 64<<10 {
		a.buf = a.buf[:0]
	} else {
		a.buf = nil
	}
	a.publish()
	return nil
}

// publish tells the fsync goroutine how far the file is written.
func (a *AOF) publish() {
	a.mu.Lock()
	a.pubWrit = a.written
	always := a.sPolicy == FsyncAlways
	a.mu.Unlock()
	if always {
		a.poke()
	}
}

// Switch makes f (from CreateAOFFile) the file appended to. The caller has
// flushed the buffer; the old file is fsynced and closed by the fsync
// goroutine. The next record starts with a SELECT.
func (a *AOF) Switch(f *os.File) {
	old := a.f
	a.f, a.size, a.selDB = f, 0, -1
	a.mu.Lock()
	a.retired = append(a.retired, old)
	a.syncF = f
	a.mu.Unlock()
	a.poke()
}

// AfterSync runs fn once position pos is synced: at once, on the calling
// goroutine, if it already is; otherwise on the fsync goroutine. Under a
// policy that does not fsync, fn waits for the next fsync (a policy change
// or Close).
func (a *AOF) AfterSync(pos int64, fn func()) {
	a.mu.Lock()
	if a.synced >= pos {
		a.mu.Unlock()
		fn()
		return
	}
	a.waiters = append(a.waiters, syncWaiter{pos, fn})
	a.mu.Unlock()
	a.poke()
}

// Synced returns the position up to which the data is durable.
func (a *AOF) Synced() int64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.synced
}

// SyncInProgress reports whether an fsync is running (aof_pending_bio_fsync).
func (a *AOF) SyncInProgress() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.syncing
}

// FsyncErr returns the error of the last background fsync, nil once one
// succeeded (Redis's aof_bio_fsync_status).
func (a *AOF) FsyncErr() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.fsyncErr
}

// SyncDone delivers a value after each fsync (coalesced): the executor
// retries a postponed write then.
func (a *AOF) SyncDone() <-chan struct{} { return a.syncDone }

// Close stops the fsync goroutine after a final fsync of every file (the
// caller flushes first), closes the files and runs every waiting AfterSync
// function. It returns the final fsync or close error.
func (a *AOF) Close() error {
	a.mu.Lock()
	a.closing = true
	a.mu.Unlock()
	a.poke()
	<-a.exited
	if err := a.f.Close(); err != nil && a.closeErr == nil {
		a.closeErr = fmt.Errorf("persist: close %s: %w", a.f.Name(), err)
	}
	return a.closeErr
}

// syncLoop is the fsync goroutine. Under always it fsyncs whenever the
// written position passed the synced one — one fsync covers every write
// that completed before it started, so passes that arrive during an fsync
// share the next one (group commit, pipelined with the executor). Under
// everysec it fsyncs once a second if anything is unsynced. Switched-away
// files are fsynced and closed under every policy, as Redis's
// aof_background_fsync_and_close.
func (a *AOF) syncLoop() {
	defer close(a.exited)
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	due := false
	for {
		select {
		case <-a.kick:
		case <-tick.C:
			due = true
		}
		for {
			a.mu.Lock()
			closing := a.closing
			policy := a.sPolicy
			// Someone waiting for durability gets an fsync whatever the
			// policy (it changed from always while they waited).
			syncCur := closing || a.pubWrit > a.synced &&
				(policy == FsyncAlways || (policy == FsyncEverySec && due) || len(a.waiters) > 0)
			if !syncCur && len(a.retired) == 0 {
				a.mu.Unlock()
				break
			}
			target, files, cur := a.pubWrit, a.retired, a.syncF
			a.retired = nil
			a.syncing = true
			a.mu.Unlock()

			var err error
			for _, f := range files {
				if e := a.sync(f); e != nil && err == nil {
					err = fmt.Errorf("persist: fsync %s: %w", f.Name(), e)
				}
				f.Close()
			}
			if syncCur {
				if e := a.sync(cur); e != nil && err == nil {
					err = fmt.Errorf("persist: fsync %s: %w", cur.Name(), e)
				}
			}

			a.mu.Lock()
			a.syncing = false
			var ready []syncWaiter
			if err != nil {
				if a.fsyncErr == nil && a.logf != nil {
					a.logf("Fail to fsync the AOF file: %v", err)
				}
				a.fsyncErr = err
				if closing {
					a.closeErr = err
				}
			} else if syncCur {
				a.fsyncErr = nil
				a.synced = max(a.synced, target)
				a.lastFsync = a.clock()
			}
			keep := a.waiters[:0]
			for _, w := range a.waiters {
				if w.pos <= a.synced || closing {
					ready = append(ready, w)
				} else {
					keep = append(keep, w)
				}
			}
			a.waiters = keep
			alwaysFailed := err != nil && policy == FsyncAlways && !closing
			a.mu.Unlock()
			due = false

			if alwaysFailed {
				a.fatal(err)
			}
			for _, w := range ready {
				w.fn()
			}
			select {
			case a.syncDone <- struct{}{}:
			default:
			}
			if closing {
				return
			}
			if err != nil {
				break // retry at the next write or tick, not in a tight loop
			}
		}
		a.mu.Lock()
		closing := a.closing
		a.mu.Unlock()
		if closing {
			return
		}
	}
}
