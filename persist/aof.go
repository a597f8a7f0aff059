package persist

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
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

// postponeLimit is how long a write may wait behind a running fsync under
// everysec before it is made anyway (Redis: 2 seconds).
const postponeLimit = 2 * time.Second

// writeRetry is how often a failed write is retried when nothing new
// arrives (Redis retries from serverCron once a second).
const writeRetry = time.Second

// Group commit under always: after an fsync releases n replies, the next
// fsync waits until as many replies are waiting again (closed-loop clients
// come back within a round trip) or until the oldest unsynced write is
// groupWaitMin..groupWaitMax old (the last fsync's duration in between), so
// that one fsync covers what Redis's event loop gathers in one iteration,
// while the executor keeps executing.
const (
	groupWaitMin = time.Millisecond
	groupWaitMax = 2 * time.Millisecond
)

// AOFOptions configure an AOF.
type AOFOptions struct {
	Policy FsyncPolicy
	// Timestamps writes "#TS:<unix seconds>\r\n" annotations
	// (aof-timestamp-enabled).
	Timestamps bool
	// Clock is the time source for annotations and the postpone limit;
	// time.Now if nil.
	Clock func() time.Time
	// Fatal is called, from the goroutine that found it, when a write (op
	// "write") or fsync (op "fsync") fails under FsyncAlways: replies may
	// already promise durability, so the server must not go on (it logs
	// and exits). Nil panics instead.
	Fatal func(op string, err error)
	// Logf receives warnings (failed writes and fsyncs, slow fsyncs); may
	// be nil.
	Logf func(format string, args ...any)
	// Sync replaces fdatasync and Write replaces (*os.File).Write: tests
	// make them slow or failing. Nil for the real ones.
	Sync  func(f *os.File) error
	Write func(f *os.File, b []byte) (int, error)
}

// AOF is the append-only file being written. The executor feeds propagated
// commands into a buffer and, at the end of each pass, submits it with the
// replies the pass produced; a writer goroutine appends submitted bytes to
// the current incremental file with one write(2) for everything waiting,
// and an fsync goroutine makes them durable. A pass's replies are released
// once its bytes are written (everysec, no) or fsynced (always): a reply
// never leaves before its record, and the executor never waits on the disk.
//
// Positions: every byte submitted gets a position, counted from 0 when the
// AOF was opened and across file switches. A position is written once
// write(2) returned for it, and synced once an fsync issued after that has
// completed.
//
// Under always the fsyncs are pipelined with the executor (which goes on
// executing during an fsync) and grouped (see groupWaitMin). Under
// everysec the fsync goroutine fsyncs once a second; a write waits while
// that fsync runs, at most postponeLimit, as Redis's flushAppendOnlyFile.
// A failed write under always is fatal; otherwise the bytes are kept and
// retried, replies are released as Redis does, and Err reports the failure
// until a write succeeds (the server answers writes with MISCONF).
//
// Feed, Submit, Switch, Size, Buffered, Policy, SetPolicy, SetTimestamps,
// ForceSelect and Close are for the executor goroutine; the rest is safe
// for concurrent use.
type AOF struct {
	// executor-owned
	buf        []byte
	selDB      int // db of the last SELECT fed, -1 to force one
	timestamps bool
	curTS      int64
	clock      func() time.Time
	policy     FsyncPolicy
	submitted  int64 // position after the last byte submitted
	fileStart  int64 // position where the current file's new bytes start
	fileBase   int64 // bytes the current file had when it became current

	fatal func(string, error)
	logf  func(string, ...any)
	sync  func(*os.File) error
	write func(*os.File, []byte) (int, error)
	// alwaysSync fsyncs the current file under always: rawFdatasync unless
	// a test replaced sync.
	alwaysSync func(*os.File) error
	// writeInline's write: rawWrite unless a test replaced write.
	inlineWrite func(*os.File, []byte) (int, error)

	bad atomic.Bool // writeErr != nil || fsyncErr != nil

	mu      sync.Mutex
	sPolicy FsyncPolicy
	// The writer's queue: bytes for the writer's current file, then, at
	// each switch's offset into queue, a new file.
	queue    []byte
	spare    []byte
	switches []fileSwitch
	wf       *os.File // the file the writer appends to
	wsize    int64    // bytes in wf
	wbusy    bool     // a write is in progress (writer or inline)
	written  int64
	writeErr error
	delayed  int64
	// The fsync side.
	syncF         *os.File   // the file to fsync (the writer's current one)
	retired       []*os.File // switched-away files to fsync and close
	synced        int64
	syncing       bool
	syncStart     time.Time // by the clock: for the postpone limit
	fsyncErr      error
	waiters       []syncWaiter
	heldN         int // replies held by durable waiters
	lastReleased  int
	lastDur       time.Duration
	unsyncedSince time.Time
	fsyncs        int64
	wClosing      bool
	sClosing      bool
	closeErr      error

	wkick, skick     chan struct{}
	wExited, sExited chan struct{}
}

// fileSwitch: after the first at bytes of the queue, the writer continues
// in f.
type fileSwitch struct {
	at int
	f  *os.File
}

// syncWaiter holds n replies until pos is written, or synced if durable.
type syncWaiter struct {
	pos     int64
	n       int
	durable bool
	fn      func()
}

// CreateAOFFile creates (or truncates) an incremental file for appending.
// The caller records it in the manifest, then hands it to NewAOF or Switch.
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

// NewAOF starts appending to f (from CreateAOFFile or OpenAOFFile) and
// starts the writer and fsync goroutines. The first record fed is preceded
// by a SELECT.
func NewAOF(f *os.File, opts AOFOptions) (*AOF, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("persist: stat %s: %w", f.Name(), err)
	}
	a := &AOF{
		selDB: -1, timestamps: opts.Timestamps, clock: opts.Clock, policy: opts.Policy, fileBase: st.Size(),
		fatal: opts.Fatal, logf: opts.Logf, sync: opts.Sync, write: opts.Write,
		sPolicy: opts.Policy, wf: f, wsize: st.Size(), syncF: f,
		wkick: make(chan struct{}, 1), skick: make(chan struct{}, 1),
		wExited: make(chan struct{}), sExited: make(chan struct{}),
	}
	if a.clock == nil {
		a.clock = time.Now
	}
	a.alwaysSync = a.sync
	if a.sync == nil {
		a.sync, a.alwaysSync = fdatasync, rawFdatasync
	}
	a.inlineWrite = a.write
	if a.write == nil {
		a.write, a.inlineWrite = (*os.File).Write, rawWrite
	}
	if a.fatal == nil {
		a.fatal = func(op string, err error) { panic(err) }
	}
	go a.writeLoop()
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

// Submit hands the bytes fed since the last Submit to the writer, and
// arranges for fn (which releases n replies) to run once they — and
// everything submitted before — are written, or fsynced under always.
// fn runs at once, on the executor, when that is already the case;
// otherwise on the writer or fsync goroutine. fn may be nil.
//
// When the writer is idle (and, under everysec, no fsync runs) the bytes
// are written here, on the executor, with one write(2), as Redis's
// beforeSleep does: that saves a goroutine hand-off per pass.
func (a *AOF) Submit(n int, fn func()) {
	durable := a.policy == FsyncAlways
	a.mu.Lock()
	writeFailed := false
	// With nothing unsynced the fsync goroutine may sleep without a timer:
	// new bytes must wake it. Otherwise it needs waking only when the group
	// is complete (see decide), saving a wake-up per pass.
	wasSynced := a.written == a.synced
	if len(a.buf) > 0 {
		if !a.wbusy && len(a.queue) == 0 && len(a.switches) == 0 && a.writeErr == nil &&
			!(a.sPolicy == FsyncEverySec && a.syncing) && !a.wClosing {
			writeFailed = a.writeInline()
		} else {
			a.queue = append(a.queue, a.buf...)
			a.submitted += int64(len(a.buf))
			defer poke(a.wkick)
		}
		a.buf = a.buf[:0]
	}
	pos := a.submitted
	if durable && wasSynced && a.written > a.synced {
		defer poke(a.skick)
	}
	if fn == nil {
		a.mu.Unlock()
		return
	}
	if (durable && a.synced >= pos) || (!durable && (a.written >= pos || writeFailed)) {
		a.mu.Unlock()
		fn()
		return
	}
	a.waiters = append(a.waiters, syncWaiter{pos: pos, n: n, durable: durable, fn: fn})
	if durable {
		a.heldN += n
		if a.written >= pos && a.heldN >= a.lastReleased {
			defer poke(a.skick)
		}
	}
	a.mu.Unlock()
}

// writeInline writes a.buf to the writer's file from the executor, with
// a.mu held on entry and on return (released around the write). It
// reports whether the write failed: the unwritten bytes are then queued
// for the writer to retry.
func (a *AOF) writeInline() bool {
	a.wbusy = true
	f, size, data := a.wf, a.wsize, a.buf
	policy := a.sPolicy
	a.mu.Unlock()
	n, err := a.inlineWrite(f, data)
	if err != nil && n > 0 {
		if terr := f.Truncate(size); terr == nil {
			n = 0 // the partial record is gone
		}
	}
	a.mu.Lock()
	a.wbusy = false
	a.wsize = size + int64(n)
	a.written += int64(n)
	a.submitted += int64(len(data))
	if a.written > a.synced && a.unsyncedSince.IsZero() {
		a.unsyncedSince = time.Now()
	}
	if err != nil {
		a.queue = append(a.queue, data[n:]...)
		if a.writeErr == nil {
			a.logWriteErr(err)
		}
		a.writeErr = err
		a.setBad()
		poke(a.wkick) // the writer retries
		if policy == FsyncAlways {
			a.mu.Unlock()
			a.fatal("write", fmt.Errorf("persist: write %s: %w", f.Name(), err))
			a.mu.Lock()
		}
		return true
	}
	return false
}

// Drain submits what was fed and waits until everything submitted is
// written (fsynced under always): DEBUG LOADAOF reads the files next.
// Executor goroutine; it blocks.
func (a *AOF) Drain() {
	done := make(chan struct{})
	a.Submit(0, func() { close(done) })
	<-done
}

// Switch makes f (from CreateAOFFile) the file appended to from now on:
// what was fed before goes to the previous file, which is fsynced and
// closed. The next record starts with a SELECT. It returns the size the
// previous file has once the bytes submitted for it are written (Size
// counts them no more).
func (a *AOF) Switch(f *os.File) int64 {
	a.Submit(0, nil)
	a.mu.Lock()
	a.switches = append(a.switches, fileSwitch{at: len(a.queue), f: f})
	a.mu.Unlock()
	poke(a.wkick)
	prev := a.fileBase + a.submitted - a.fileStart
	a.selDB, a.fileStart, a.fileBase = -1, a.submitted, 0
	return prev
}

// Size returns the bytes in the current incremental file: its size when it
// became current and what write(2) took since. Bytes submitted and not
// written (in flight, or kept after a failed write) do not count, as
// Redis's aof_current_size grows by what each write wrote.
func (a *AOF) Size() int64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.fileBase + max(0, a.written-a.fileStart)
}

// Buffered returns the bytes fed and not yet written (aof_buffer_length).
func (a *AOF) Buffered() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.buf) + int(a.submitted-a.written)
}

// Policy returns the fsync policy.
func (a *AOF) Policy() FsyncPolicy { return a.policy }

// SetPolicy changes the fsync policy. Replies already held keep the
// promise they were submitted under.
func (a *AOF) SetPolicy(p FsyncPolicy) {
	a.policy = p
	a.mu.Lock()
	a.sPolicy = p
	a.mu.Unlock()
	poke(a.wkick)
	poke(a.skick)
}

// SetTimestamps turns timestamp annotations on or off.
func (a *AOF) SetTimestamps(on bool) { a.timestamps = on }

// ForceSelect makes the next record start with a SELECT.
func (a *AOF) ForceSelect() { a.selDB = -1 }

// Err returns the error of the last write if it failed, else that of the
// last fsync if it failed (Redis's aof_last_write_status and
// aof_bio_fsync_status); nil once they succeeded again.
func (a *AOF) Err() error {
	if !a.bad.Load() {
		return nil
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.writeErr != nil {
		return a.writeErr
	}
	return a.fsyncErr
}

// Written returns the position written so far.
func (a *AOF) Written() int64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.written
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

// DelayedFsyncs counts writes made while an fsync had been running longer
// than the postpone limit (aof_delayed_fsync).
func (a *AOF) DelayedFsyncs() int64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.delayed
}

// Fsyncs returns the number of fsyncs made so far.
func (a *AOF) Fsyncs() int64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.fsyncs
}

// Close writes everything submitted (Feed'ed bytes not submitted are
// submitted first), fsyncs every file whatever the policy, closes them,
// stops the goroutines and runs every waiting function. It returns the
// final write, fsync or close error.
func (a *AOF) Close() error {
	a.Submit(0, nil)
	a.mu.Lock()
	a.wClosing = true
	a.mu.Unlock()
	poke(a.wkick)
	<-a.wExited
	a.mu.Lock()
	a.sClosing = true
	a.mu.Unlock()
	poke(a.skick)
	<-a.sExited
	if err := a.wf.Close(); err != nil && a.closeErr == nil {
		a.closeErr = fmt.Errorf("persist: close %s: %w", a.wf.Name(), err)
	}
	return a.closeErr
}

func poke(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}

// logWriteErr logs a failed write as Redis does: "Error writing to the AOF
// file: No space left on device", strerror's text without Go's "write
// <path>:" prefix.
func (a *AOF) logWriteErr(err error) {
	if a.logf != nil {
		a.logf("Error writing to the AOF file: %s", Strerror(err))
	}
}

// Strerror renders err as C's strerror does for an errno ("No space left
// on device"), whatever wraps it; the error inside an *os.PathError
// without an errno the same way, without the operation and path; other
// errors as their text.
func Strerror(err error) string {
	var errno syscall.Errno
	var pe *os.PathError
	switch {
	case errors.As(err, &errno):
		return capitalize(errno.Error())
	case errors.As(err, &pe):
		return capitalize(pe.Err.Error())
	}
	return err.Error()
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func (a *AOF) setBad() { a.bad.Store(a.writeErr != nil || a.fsyncErr != nil) }

// takeReady removes and returns the waiters whose condition holds (all of
// them when closing), keeping heldN and lastReleased. a.mu is held.
func (a *AOF) takeReady(closing bool) []syncWaiter {
	var ready []syncWaiter
	keep := a.waiters[:0]
	released := 0
	for _, w := range a.waiters {
		done := w.pos <= a.synced || (!w.durable && w.pos <= a.written)
		if done || closing {
			ready = append(ready, w)
			if w.durable {
				released += w.n
				a.heldN -= w.n
			}
		} else {
			keep = append(keep, w)
		}
	}
	clear(a.waiters[len(keep):])
	a.waiters = keep
	if released > 0 {
		a.lastReleased = released
	}
	return ready
}

// writeLoop is the writer goroutine: it appends everything queued with one
// write(2) per file, switches files where the executor switched, and
// releases the replies that waited only for the write.
func (a *AOF) writeLoop() {
	defer close(a.wExited)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	var postponedAt time.Time
	for {
		a.mu.Lock()
		closing := a.wClosing
		if len(a.queue) == 0 && len(a.switches) == 0 {
			a.mu.Unlock()
			if closing {
				return
			}
			<-a.wkick
			continue
		}
		// everysec: wait while an fsync runs, as Redis postpones the write.
		wait := time.Duration(0)
		if a.sPolicy == FsyncEverySec && a.syncing && !closing && a.writeErr == nil {
			now := a.clock()
			if postponedAt.IsZero() {
				postponedAt = now
			}
			if elapsed := now.Sub(postponedAt); elapsed < postponeLimit {
				wait = postponeLimit - elapsed
			} else {
				a.delayed++
				if a.logf != nil {
					a.logf("Asynchronous AOF fsync is taking too long (disk is busy?). Writing the AOF buffer without waiting for fsync to complete, this may slow down Redis.")
				}
			}
		}
		if wait > 0 {
			a.mu.Unlock()
			timer.Reset(wait)
			select {
			case <-a.wkick:
			case <-timer.C:
			}
			timer.Stop()
			continue
		}
		postponedAt = time.Time{}
		data, switches, policy := a.queue, a.switches, a.sPolicy
		a.queue, a.switches, a.spare = a.spare[:0], nil, nil
		f, size := a.wf, a.wsize
		a.wbusy = true
		a.mu.Unlock()

		// Write segment by segment, switching files in between.
		var err error
		off := 0
		nextSwitch := 0
		for err == nil {
			end := len(data)
			if nextSwitch < len(switches) {
				end = switches[nextSwitch].at
			}
			if end > off {
				var n int
				n, err = a.write(f, data[off:end])
				if err != nil && n > 0 {
					// Remove the partial record so the file stays loadable.
					if terr := f.Truncate(size); terr == nil {
						n = 0
					}
				}
				size += int64(n)
				off += n
				a.mu.Lock()
				a.written += int64(n)
				if a.written > a.synced && a.unsyncedSince.IsZero() {
					a.unsyncedSince = time.Now()
				}
				a.mu.Unlock()
				if err != nil {
					break
				}
			}
			if nextSwitch == len(switches) {
				break
			}
			nf := switches[nextSwitch].f
			nextSwitch++
			a.mu.Lock()
			a.retired = append(a.retired, f)
			a.syncF, a.wf, a.wsize = nf, nf, 0
			a.mu.Unlock()
			f, size = nf, 0
			poke(a.skick)
		}

		a.mu.Lock()
		a.wsize = size
		a.wbusy = false
		if err != nil {
			// Keep what is not written, before anything queued since.
			rest := append([]byte(nil), data[off:]...)
			var sw []fileSwitch
			for _, s := range switches[nextSwitch:] {
				sw = append(sw, fileSwitch{at: s.at - off, f: s.f})
			}
			for _, s := range a.switches {
				sw = append(sw, fileSwitch{at: s.at + len(rest), f: s.f})
			}
			a.queue = append(rest, a.queue...)
			a.switches = sw
			if a.writeErr == nil {
				a.logWriteErr(err)
			}
			a.writeErr = err
		} else {
			if a.writeErr != nil && a.logf != nil {
				a.logf("AOF write error looks solved, Redis can write again.")
			}
			a.writeErr = nil
			a.spare = data[:0]
		}
		a.setBad()
		// Replies are released after a failed write too (Redis replies; the
		// bytes stay queued and writes are refused with MISCONF meanwhile).
		var ready []syncWaiter
		if err != nil {
			for i := range a.waiters {
				if !a.waiters[i].durable {
					a.waiters[i].pos = 0
				}
			}
		}
		ready = a.takeReady(false)
		a.mu.Unlock()

		if err != nil && policy == FsyncAlways {
			a.fatal("write", fmt.Errorf("persist: write %s: %w", f.Name(), err))
		}
		if policy == FsyncAlways {
			poke(a.skick)
		}
		for _, w := range ready {
			w.fn()
		}
		if err != nil && !closing {
			timer.Reset(writeRetry)
			select {
			case <-a.wkick:
			case <-timer.C:
			}
			timer.Stop()
		}
		if err != nil && closing {
			a.mu.Lock()
			if a.closeErr == nil {
				a.closeErr = err
			}
			a.queue, a.switches = nil, nil
			a.mu.Unlock()
		}
	}
}

// syncDecision says what the fsync goroutine does next.
type syncDecision struct {
	now     bool          // fsync now
	syncCur bool          // the current file too (not only switched-away ones)
	wait    time.Duration // otherwise decide again after this long (0: at the next event)
}

// decide chooses the fsync goroutine's next step. Under always an fsync
// starts when the group-commit rule says so; under everysec at the second
// tick (due); under every policy when switched-away files wait, when a
// durable waiter exists under a policy that does not fsync (it changed
// from always), and when closing. a.mu is held.
func (a *AOF) decide(now time.Time, due, failed bool) syncDecision {
	unsynced := a.written > a.synced
	if a.sClosing {
		return syncDecision{now: true, syncCur: true}
	}
	if len(a.retired) > 0 {
		return syncDecision{now: true, syncCur: unsynced && (a.sPolicy == FsyncAlways || a.heldN > 0)}
	}
	if !unsynced || failed {
		return syncDecision{}
	}
	switch a.sPolicy {
	case FsyncAlways:
		if a.heldN > 0 && a.heldN >= a.lastReleased {
			return syncDecision{now: true, syncCur: true}
		}
		wait := min(max(a.lastDur, groupWaitMin), groupWaitMax)
		if d := a.unsyncedSince.Add(wait).Sub(now); d > 0 {
			return syncDecision{wait: d}
		}
		return syncDecision{now: true, syncCur: true}
	case FsyncEverySec:
		return syncDecision{now: due || a.heldN > 0, syncCur: true}
	}
	return syncDecision{now: a.heldN > 0, syncCur: true}
}

// syncLoop is the fsync goroutine. One fsync covers every write that
// completed before it started, so the passes the executor finishes during
// an fsync share the next one (group commit, pipelined with the executor).
// Switched-away files are fsynced and closed under every policy, as Redis's
// aof_background_fsync_and_close.
func (a *AOF) syncLoop() {
	defer close(a.sExited)
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	due, failed := false, false
	for {
		a.mu.Lock()
		d := a.decide(time.Now(), due, failed)
		if !d.now {
			a.mu.Unlock()
			var timerC <-chan time.Time
			if d.wait > 0 {
				timer.Reset(d.wait)
				timerC = timer.C
			}
			select {
			case <-a.skick:
			case <-tick.C:
				due, failed = true, false
			case <-timerC:
			}
			timer.Stop()
			continue
		}
		closing := a.sClosing
		policy := a.sPolicy
		target, files, cur := a.written, a.retired, a.syncF
		a.retired = nil
		a.syncing, a.syncStart = true, a.clock()
		a.mu.Unlock()

		start := time.Now()
		var err error
		for _, f := range files {
			if e := a.sync(f); e != nil && err == nil {
				err = fmt.Errorf("persist: fsync %s: %w", f.Name(), e)
			}
			f.Close()
		}
		if d.syncCur {
			sync := a.sync
			if policy == FsyncAlways {
				sync = a.alwaysSync
			}
			if e := sync(cur); e != nil && err == nil {
				err = fmt.Errorf("persist: fsync %s: %w", cur.Name(), e)
			}
		}

		a.mu.Lock()
		a.syncing = false
		a.fsyncs++
		if err != nil {
			if a.fsyncErr == nil && a.logf != nil {
				a.logf("Fail to fsync the AOF file: %s", Strerror(err))
			}
			a.fsyncErr = err
			if closing && a.closeErr == nil {
				a.closeErr = err
			}
		} else if d.syncCur {
			a.fsyncErr = nil
			a.synced = max(a.synced, target)
			a.lastDur = time.Since(start)
			a.unsyncedSince = time.Time{}
			if a.written > a.synced {
				a.unsyncedSince = time.Now() // written during the fsync
			}
		}
		a.setBad()
		ready := a.takeReady(closing)
		alwaysFailed := err != nil && policy == FsyncAlways && !closing
		a.mu.Unlock()
		due, failed = false, err != nil
		poke(a.wkick) // a write postponed behind this fsync may go

		if alwaysFailed {
			a.fatal("fsync", err)
		}
		for _, w := range ready {
			w.fn()
		}
		if closing {
			return
		}
	}
}
