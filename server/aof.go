package server

// The append-only file in the server (DESIGN.md §4, STYLE.md §5–6): the
// execution units whose records are propagated, the group commit in
// beforeSleep, the rewrite (a snapshot job whose target is the new base),
// loading at start-up, CONFIG SET reactions and the INFO fields.
//
// Mirrors Redis 7.0's aof.c and the propagation half of server.c.

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ember-db/ember/commands"
	"github.com/ember-db/ember/persist"
)

// AOF states (Redis's aof_state).
const (
	aofOff = iota
	aofOn
	// aofWaitRewrite: appendonly was turned on at runtime; records go to a
	// temporary incremental file until the first rewrite's base is in place.
	aofWaitRewrite
)

// Rewrite back-off after repeated failures (Redis's aofRewriteLimited).
const (
	rewriteLimitThreshold = 3
	rewriteLimitMax       = time.Hour
)

// aofState is the AOF side of the server. Executor-owned.
type aofState struct {
	state int
	// file is the incremental file records are appended to; nil when
	// nothing is appended (AOF off, or on at runtime before its rewrite).
	file     *persist.AOF
	manifest *persist.Manifest
	dir      string // appenddirname under dir
	filename string // appendfilename

	// The running execution unit (Redis's server.also_propagate): records
	// accumulate while depth > 0 and are fed when the outermost call ends.
	ops   []propOp
	depth int

	// Sizes in bytes: sizeBefore is the base and the incremental files
	// before the current one (a previous file counted with the bytes
	// submitted for it at the switch, written an instant later);
	// baseSize is Redis's aof_rewrite_base_size.
	sizeBefore int64
	baseSize   int64

	// Rewrite.
	rewriteScheduled bool
	rewriteBase      string // name of the base being written
	rewriteStart     time.Time
	lastRewriteSecs  int64
	rewriteFailed    bool
	rewrites         int64
	failures         int64
	limitDelay       time.Duration
	limitUntil       time.Time
	lastCOW          int64

	// Loading.
	loader     *persist.AOFLoader
	loadStart  time.Time
	loadClient *client

	exit func(code int)
}

// propOp is one record of the running execution unit.
type propOp struct {
	dbid int
	argv [][]byte
}

var (
	argvMulti = [][]byte{[]byte("MULTI")}
	argvExec  = [][]byte{[]byte("EXEC")}
)

// cfgString returns directive name's value, or def when the registry does
// not know it.
func (s *Server) cfgString(name, def string) string {
	if v := s.cfg.Value(name); v != "" {
		return v
	}
	return def
}

// cfgInt returns directive name's value as an integer (memory units
// allowed), or def.
func (s *Server) cfgInt(name string, def int64) int64 {
	v := s.cfg.Value(name)
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		return n
	}
	// A memory value with a unit ("64mb"), should the registry keep one.
	l := strings.ToLower(v)
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
	if n, err := strconv.ParseInt(l, 10, 64); err == nil && n >= 0 {
		return n * mul
	}
	return def
}

func (s *Server) aofPolicy() persist.FsyncPolicy {
	p, ok := persist.ParseFsyncPolicy(s.cfgString("appendfsync", "everysec"))
	if !ok {
		return persist.FsyncEverySec
	}
	return p
}

// aofInit reads the AOF directives fixed at start-up and the manifest, if
// any (whether AOF is on or not, as Redis's aofLoadManifestFromDisk: a
// rewrite with AOF off continues its sequence). It returns a damaged
// manifest's error. Executor goroutine, before loading.
func (s *Server) aofInit() error {
	a := &s.persist.aof
	a.dir = filepath.Join(s.cfg.Dir, s.cfgString("appenddirname", "appendonlydir"))
	a.filename = s.cfgString("appendfilename", "appendonly.aof")
	a.lastRewriteSecs = -1
	if a.exit == nil {
		a.exit = os.Exit
	}
	if s.cfg.Value("appendonly") == "yes" {
		a.state = aofOn
	}
	a.manifest = &persist.Manifest{}
	m, err := persist.ReadManifest(filepath.Join(a.dir, persist.ManifestName(a.filename)))
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		s.log.Warningf("\n*** FATAL AOF MANIFEST FILE ERROR ***\n%v", err)
		return fmt.Errorf("Fatal error loading the AOF manifest: %w", err)
	default:
		a.manifest = m
	}
	return nil
}

// aofFatal logs and exits: the AOF cannot keep its promise (a failed write
// or fsync under appendfsync always). Safe for concurrent use.
func (s *Server) aofFatal(format string, args ...any) {
	s.log.Warningf(format, args...)
	s.persist.aof.exit(1)
}

// openAOFAppender starts appending to f.
func (s *Server) openAOFAppender(f *os.File) error {
	a, err := persist.NewAOF(f, s.aofOptions())
	if err != nil {
		f.Close()
		return err
	}
	s.persist.aof.file = a
	return nil
}

// aofOptions are the AOF's options from the configuration.
func (s *Server) aofOptions() persist.AOFOptions {
	return persist.AOFOptions{
		Policy:     s.aofPolicy(),
		Timestamps: s.cfg.Value("aof-timestamp-enabled") == "yes",
		Clock:      s.cfg.Clock,
		Fatal: func(op string, err error) {
			if op == "write" {
				// The AOF logged "Error writing to the AOF file: ...".
				s.aofFatal("Can't recover from AOF write error when the AOF fsync policy is 'always'. Exiting...")
				return
			}
			s.aofFatal("Can't persist AOF for fsync error when the AOF fsync policy is 'always': %s. Exiting...", persist.Strerror(err))
		},
		Logf: s.log.Warningf,
	}
}

// ---------------------------------------------------------------------------
// Propagation

// beginUnit marks the start of a call(); units nest (EXEC's queued
// commands, a script's calls).
func (s *Server) beginUnit() { s.persist.aof.depth++ }

// endUnit ends a call(): when the outermost one ends, the unit's records
// are fed to the AOF. Mirrors afterCommand.
func (s *Server) endUnit(cmd *commands.Command) {
	a := &s.persist.aof
	a.depth--
	if a.depth == 0 {
		// SCAN and RANDOMKEY may lazily expire unrelated keys: their DELs
		// are not a transaction (CMD_TOUCHES_ARBITRARY_KEYS).
		s.propagatePending(cmd != nil && (cmd.Name == "scan" || cmd.Name == "randomkey"))
	}
}

// propagate adds one record (argv in db dbid) to the running execution
// unit. Nothing is propagated while loading, or when no AOF is being
// written. Mirrors alsoPropagate. argv must stay valid until the unit ends
// (the end of the current call, or of the cron step that opened it).
func (s *Server) propagate(dbid int, argv [][]byte) {
	if s.data.Loading || s.persist.aof.file == nil {
		return
	}
	s.persist.aof.ops = append(s.persist.aof.ops, propOp{dbid, argv})
}

// propagatePending feeds the unit's records to the AOF buffer: wrapped in
// MULTI/EXEC when there are several, unless noMulti (the active expire
// cycle, SCAN, RANDOMKEY: independent deletions), as Redis's
// propagatePendingCommands.
func (s *Server) propagatePending(noMulti bool) {
	a := &s.persist.aof
	ops := a.ops
	if len(ops) == 0 {
		return
	}
	if f := a.file; f != nil {
		tx := len(ops) > 1 && !noMulti
		if tx {
			f.Feed(ops[0].dbid, argvMulti)
		}
		for _, op := range ops {
			f.Feed(op.dbid, op.argv)
		}
		if tx {
			f.Feed(ops[len(ops)-1].dbid, argvExec)
		}
	}
	clear(ops)
	a.ops = ops[:0]
}

// ---------------------------------------------------------------------------
// Group commit: writing the buffer and releasing replies

// flushAOFAndRelease runs at the end of every executor pass: it submits
// what the pass fed to the AOF's writer with the clients whose batch
// finished, whose replies are released once the bytes are written — under
// appendfsync always, once the fsync covering everything written so far
// is done, so everything a reply may have observed, reads included. The
// executor does not wait: it goes on with the next pass while the writer
// and fsync goroutines work, and passes that finish during an fsync share
// the next one (pipelined group commit).
func (s *Server) flushAOFAndRelease() {
	s.propagatePending(false)
	f := s.persist.aof.file
	if f == nil {
		s.release(s.ready)
		s.ready = s.ready[:0]
		return
	}
	if len(s.ready) == 0 {
		f.Submit(0, nil)
		return
	}
	r := releasePool.Get().(*releaseList)
	r.s, r.cs = s, append(r.cs, s.ready...)
	s.ready = s.ready[:0]
	f.Submit(len(r.cs), r.fn)
}

// releaseList is a pass's clients whose replies wait for the AOF (Submit's
// fn, which may run on the writer or fsync goroutine). Lists are pooled so
// that a pass allocates nothing.
type releaseList struct {
	s  *Server
	cs []*client
	fn func() // r.run, made once
}

var releasePool sync.Pool

func init() {
	releasePool.New = func() any {
		r := &releaseList{}
		r.fn = r.run
		return r
	}
}

func (r *releaseList) run() {
	r.s.release(r.cs)
	clear(r.cs)
	r.s, r.cs = nil, r.cs[:0]
	releasePool.Put(r)
}

// release hands each client's replies to its connection goroutine. Safe
// for concurrent use (c.done has room for the one batch in flight).
func (s *Server) release(cs []*client) {
	for _, c := range cs {
		c.done <- struct{}{}
	}
}

// aofWritesDenied returns the MISCONF error while the last AOF write or
// background fsync failed. Mirrors the AOF half of
// writeCommandsDeniedByDiskError.
func (s *Server) aofWritesDenied() error {
	a := &s.persist.aof
	if a.state == aofOff || a.file == nil {
		return nil
	}
	if err := a.file.Err(); err != nil {
		return commands.Error(commands.ErrAOFWritePrefix + persist.Strerror(err))
	}
	return nil
}

// closeAOF writes what is buffered, fsyncs and closes the AOF, releasing
// any held reply. Executor goroutine, at exit.
func (s *Server) closeAOF() {
	a := &s.persist.aof
	if a.file != nil {
		if err := a.file.Close(); err != nil {
			s.log.Warningf("Fail to fsync the AOF file: %s.", persist.Strerror(err))
		}
		a.file = nil
	}
}

// aofPrepareForShutdown stops a rewrite and makes the AOF durable before
// the server exits. While AOF is being turned on (its first base not yet
// written) shutting down would lose the dataset, so it refuses unless
// force. Mirrors the AOF part of prepareForShutdown.
func (s *Server) aofPrepareForShutdown(force bool) error {
	a := &s.persist.aof
	if job := s.persist.job; job != nil && job.kind == jobRewrite {
		if a.state == aofWaitRewrite {
			if !force {
				s.log.Warningf("Writing initial AOF, can't exit.")
				return commands.Error("ERR Errors trying to SHUTDOWN. Check logs.")
			}
			s.log.Warningf("Writing initial AOF. Exit anyway.")
		}
		s.log.Warningf("There is a child rewriting the AOF. Killing it!")
		s.abortSnapshot()
	}
	if a.file != nil {
		// The final write and fsync happen when the executor exits (closeAOF).
		s.log.Noticef("Calling fsync() on the AOF file.")
		a.file.Submit(0, nil)
	}
	return nil
}

// ---------------------------------------------------------------------------
// Files: the incremental file, the manifest, history

// openNewIncr opens the incremental file the records written from now on
// go to, at the start of a rewrite: a new one listed in the manifest
// (persisted at once), or the temporary one while AOF is being turned on.
// Mirrors openNewIncrAofForAppend.
func (s *Server) openNewIncr() error {
	a := &s.persist.aof
	var name string
	var m *persist.Manifest
	switch a.state {
	case aofOff:
		return nil
	case aofWaitRewrite:
		name = persist.TempIncrName(a.filename)
	default:
		m = a.manifest.Clone()
		name = m.NewIncr(a.filename)
	}
	f, err := persist.CreateAOFFile(filepath.Join(a.dir, name))
	if err != nil {
		s.log.Warningf("%v", err)
		return err
	}
	if m != nil {
		if err := persist.WriteManifest(a.dir, a.filename, m); err != nil {
			s.log.Warningf("%v", err)
			f.Close()
			return err
		}
		a.manifest = m
	}
	s.log.Noticef("Creating AOF incr file %s on background rewrite", name)
	if a.file == nil {
		return s.openAOFAppender(f)
	}
	a.sizeBefore += a.file.Switch(f)
	return nil
}

// aofCurrentSize is aof_current_size: base and incremental files, bytes
// written only (not those a failed write keeps for a retry).
func (s *Server) aofCurrentSize() int64 {
	a := &s.persist.aof
	n := a.sizeBefore
	if a.file != nil {
		n += a.file.Size()
	}
	return n
}

// deleteHistory removes the history files the manifest lists, in the
// background, and drops them from the manifest. Mirrors aofDelHistoryFiles.
func (s *Server) deleteHistory() {
	a := &s.persist.aof
	if len(a.manifest.History) == 0 || s.cfg.Value("aof-disable-auto-gc") == "yes" {
		return
	}
	var paths []string
	for _, h := range a.manifest.History {
		s.log.Noticef("Removing the history file %s in the background", h.Name)
		paths = append(paths, filepath.Join(a.dir, h.Name))
	}
	m := a.manifest.Clone()
	m.History = nil
	if err := persist.WriteManifest(a.dir, a.filename, m); err != nil {
		s.log.Warningf("%v", err)
		return
	}
	a.manifest = m
	go func() {
		for _, p := range paths {
			os.Remove(p)
		}
	}()
}

// ---------------------------------------------------------------------------
// Rewrite

// errChildActive: a snapshot job (BGSAVE or rewrite) is already running.
var errChildActive = errors.New("another background job is active")

// startRewrite begins an AOF rewrite: the buffer is written, a new
// incremental file takes the records from now on, and a snapshot job
// writes the new base — the dataset at this instant — without blocking the
// executor. Mirrors rewriteAppendOnlyFileBackground.
func (s *Server) startRewrite() error {
	a := &s.persist.aof
	if s.persist.job != nil {
		return errChildActive
	}
	if err := os.MkdirAll(a.dir, 0o755); err != nil {
		s.log.Warningf("Can't open or create append-only dir %s: %s", a.dir, persist.Strerror(err))
		a.rewriteFailed = true
		return err
	}
	if err := s.openNewIncr(); err != nil {
		a.rewriteFailed = true
		return err
	}
	a.rewrites++
	base := a.manifest.Clone().NewBase(a.filename)
	err := s.startSnapshotJob(jobRewrite, filepath.Join(a.dir, base), fmt.Sprintf("temp-rewriteaof-bg-%d.aof", os.Getpid()))
	if err != nil {
		a.rewriteFailed = true
		a.failures++
		s.log.Warningf("Can't rewrite append only file in background: %v", err)
		return err
	}
	a.rewriteBase = base
	a.rewriteScheduled = false
	a.rewriteStart = s.cfg.Clock()
	s.log.Noticef("Background append only file rewriting started")
	return nil
}

// finishRewrite completes a rewrite whose base file is in place (err nil)
// or failed: the manifest switches atomically to the new base and the
// incremental files after it, and the replaced files are deleted. Mirrors
// backgroundRewriteDoneHandler.
func (s *Server) finishRewrite(job *snapshotJob, err error) {
	a := &s.persist.aof
	now := s.cfg.Clock()
	a.lastRewriteSecs = int64(now.Sub(job.start).Seconds())
	a.lastCOW = job.preImage
	a.rewriteStart = time.Time{}
	if err != nil {
		if !errors.Is(err, persist.ErrAborted) {
			s.log.Warningf("Background AOF rewrite terminated with error: %v", err)
			a.rewriteFailed = true
			a.failures++
		}
		s.rewriteCleanup()
		return
	}
	s.log.Noticef("Background AOF rewrite terminated with success")
	m := a.manifest.Clone()
	if name := m.NewBase(a.filename); name != a.rewriteBase {
		panic("server: rewrite base " + a.rewriteBase + " is not the manifest's next base " + name)
	}
	basePath := filepath.Join(a.dir, a.rewriteBase)
	fail := func(err error) {
		s.log.Warningf("%v", err)
		os.Remove(basePath)
		a.rewriteFailed = true
		a.failures++
		s.rewriteCleanup()
	}
	if a.state == aofWaitRewrite {
		tmp := persist.TempIncrName(a.filename)
		name := m.NewIncr(a.filename)
		if err := os.Rename(filepath.Join(a.dir, tmp), filepath.Join(a.dir, name)); err != nil {
			fail(fmt.Errorf("Error trying to rename the temporary AOF incr file %s into %s: %w", tmp, name, err))
			return
		}
		s.log.Noticef("Successfully renamed the temporary AOF incr file %s into %s", tmp, name)
	}
	keep := 0
	if a.file != nil {
		keep = 1 // the file being written now
	}
	m.MarkIncrHistory(keep)
	if err := persist.WriteManifest(a.dir, a.filename, m); err != nil {
		fail(err)
		return
	}
	a.manifest = m
	if st, err := os.Stat(basePath); err == nil {
		a.sizeBefore = st.Size()
	}
	a.baseSize = s.aofCurrentSize()
	s.deleteHistory()
	a.rewriteFailed = false
	a.failures = 0
	s.log.Noticef("Background AOF rewrite finished successfully")
	if a.state == aofWaitRewrite {
		a.state = aofOn
	}
}

// rewriteCleanup undoes what a failed or aborted rewrite leaves: while AOF
// is being turned on, the temporary incremental file goes and a new rewrite
// is scheduled.
func (s *Server) rewriteCleanup() {
	a := &s.persist.aof
	if a.state != aofWaitRewrite {
		return
	}
	if a.file != nil {
		a.file.Close()
		a.file = nil
	}
	tmp := persist.TempIncrName(a.filename)
	s.log.Noticef("Removing the temp incr aof file %s in the background", tmp)
	os.Remove(filepath.Join(a.dir, tmp))
	a.rewriteScheduled = true
}

// rewriteLimited reports whether automatic rewrites are backing off after
// repeated failures: 1, 2, 4 ... 60 minutes. Mirrors aofRewriteLimited.
func (s *Server) rewriteLimited(now time.Time) bool {
	a := &s.persist.aof
	if a.failures < rewriteLimitThreshold {
		a.limitDelay, a.limitUntil = 0, time.Time{}
		return false
	}
	if !a.limitUntil.IsZero() {
		if now.Before(a.limitUntil) {
			return true
		}
		a.limitUntil = time.Time{}
		return false
	}
	a.limitDelay = min(max(a.limitDelay*2, time.Minute), rewriteLimitMax)
	a.limitUntil = now.Add(a.limitDelay)
	s.log.Warningf("Background AOF rewrite has repeatedly failed and triggered the limit, will retry in %d minutes", int(a.limitDelay.Minutes()))
	return true
}

// aofCron starts a scheduled rewrite, or an automatic one when the AOF grew
// by auto-aof-rewrite-percentage over its size after the last rewrite (and
// is above auto-aof-rewrite-min-size). Mirrors serverCron's AOF part.
func (s *Server) aofCron(now time.Time) {
	a := &s.persist.aof
	if s.data.Loading || s.persist.job != nil {
		return
	}
	if a.rewriteScheduled && !s.rewriteLimited(now) {
		s.startRewrite()
		return
	}
	perc := s.cfgInt("auto-aof-rewrite-percentage", 100)
	if a.state != aofOn || perc <= 0 {
		return
	}
	cur := s.aofCurrentSize()
	if cur <= s.cfgInt("auto-aof-rewrite-min-size", 64<<20) {
		return
	}
	growth := cur*100/max(a.baseSize, 1) - 100
	if growth >= perc && !s.rewriteLimited(now) {
		s.log.Noticef("Starting automatic rewriting of AOF on %d%% growth", growth)
		s.startRewrite()
	}
}

// ---------------------------------------------------------------------------
// Turning AOF on and off at runtime

// startAppendOnly turns AOF on at runtime: a rewrite writes the first base
// while records go to a temporary incremental file; the AOF is on once the
// base is in place. Mirrors startAppendOnly.
func (s *Server) startAppendOnly(inExec bool) error {
	a := &s.persist.aof
	a.state = aofWaitRewrite
	switch {
	case s.persist.job != nil && s.persist.job.kind != jobRewrite:
		a.rewriteScheduled = true
		s.log.Warningf("AOF was enabled but there is already another background operation. An AOF background was scheduled to start when possible.")
	case inExec:
		a.rewriteScheduled = true
		s.log.Warningf("AOF was enabled during a transaction. An AOF background was scheduled to start when possible.")
	default:
		if s.persist.job != nil {
			s.log.Warningf("AOF was enabled but there is already an AOF rewriting in background. Stopping background AOF and starting a rewrite now.")
			s.abortSnapshot()
		}
		if err := s.startRewrite(); err != nil {
			a.state = aofOff
			s.log.Warningf("Redis needs to enable the AOF but can't trigger a background AOF rewrite operation. Check the above logs for more info about the error.")
			return err
		}
	}
	return nil
}

// stopAppendOnly turns AOF off at runtime: the buffer is written and
// fsynced, the file closed, a running rewrite stopped. Mirrors
// stopAppendOnly.
func (s *Server) stopAppendOnly() {
	a := &s.persist.aof
	if job := s.persist.job; job != nil && job.kind == jobRewrite {
		s.log.Noticef("Killing running AOF rewrite child")
		s.abortSnapshot()
	}
	s.closeAOF()
	a.state = aofOff
	a.rewriteScheduled = false
	a.sizeBefore = 0
	clear(a.ops)
	a.ops = a.ops[:0]
}

// applyAOFConfig reacts to CONFIG SET of the AOF directives in changed
// (canonical names): appendonly turns AOF on or off, appendfsync and
// aof-timestamp-enabled take effect at once, aof-disable-auto-gc no
// deletes the history files; the others are read when used. inExec is
// whether CONFIG SET runs inside EXEC. It returns the directive and
// Redis's reason when the change cannot be applied (the
// caller restores the old values and replies "ERR CONFIG SET failed
// (possibly related to argument '<name>') - <reason>"), "" otherwise.
// Executor goroutine.
func (s *Server) applyAOFConfig(changed []string, inExec bool) (name, reason string) {
	a := &s.persist.aof
	for _, n := range changed {
		switch n {
		case "appendonly":
			on := s.cfg.Value("appendonly") == "yes"
			if !on && a.state != aofOff {
				s.stopAppendOnly()
			} else if on && a.state == aofOff {
				if err := s.startAppendOnly(inExec); err != nil {
					return n, "Unable to turn on AOF. Check server logs."
				}
			}
		case "appendfsync":
			if a.file != nil {
				a.file.SetPolicy(s.aofPolicy())
			}
		case "aof-timestamp-enabled":
			if a.file != nil {
				a.file.SetTimestamps(s.cfg.Value("aof-timestamp-enabled") == "yes")
			}
		case "aof-disable-auto-gc":
			// Back to no: the history kept meanwhile goes now, as
			// Redis's updateAofAutoGCEnabled.
			s.deleteHistory()
		}
	}
	return "", ""
}

// ---------------------------------------------------------------------------
// Loading at start-up

// startAOFLoading starts loading the files the manifest names; with
// nothing to load the AOF is opened at once. Mirrors loadAppendOnlyFiles.
func (s *Server) startAOFLoading() error {
	a := &s.persist.aof
	m := a.manifest
	if m.Empty() {
		return s.aofOpenOnStart(persist.AOFLoadStats{})
	}
	l, err := s.newAOFLoader(m, true)
	if err != nil {
		s.log.Warningf("%v", err)
		return fmt.Errorf("Fatal error loading the AOF: %w", err)
	}
	a.loader, a.loadStart = l, time.Now()
	s.data.Loading = true
	// As for a snapshot (tuneForLoad); the incremental files replay under
	// relaxForReplay.
	s.tuneForLoad()
	return nil
}

// newAOFLoader prepares loading the files m names, as Redis's fake AOF
// client would run them; pipeline decodes the base on a second goroutine
// (start-up).
func (s *Server) newAOFLoader(m *persist.Manifest, pipeline bool) (*persist.AOFLoader, error) {
	a := &s.persist.aof
	if a.loadClient == nil {
		a.loadClient = s.newClient(nil)
	}
	a.loadClient.Now = s.cfg.Clock().UnixMilli()
	return persist.NewAOFLoader(a.dir, m, s.data.Keyspace, s.loadAOFCommand, persist.AOFLoadOptions{
		NowMs:         s.cfg.Clock().UnixMilli(),
		MaxBulkLen:    s.cfg.ProtoMaxBulkLen,
		LoadTruncated: s.cfg.Value("aof-load-truncated") != "no",
		Encodings:     s.loadEncodings(),
		Pipeline:      pipeline,
		Logf: func(warning bool, format string, args ...any) {
			if warning {
				s.log.Warningf(format, args...)
			} else {
				s.log.Noticef(format, args...)
			}
		},
	})
}

// debugLoadAOF is DEBUG LOADAOF: the AOF is written out, the dataset
// emptied and loaded again from the files the manifest on disk names,
// synchronously. A load error exits, as in Redis (debug.c).
func (s *Server) debugLoadAOF() {
	a := &s.persist.aof
	if a.file != nil {
		a.file.Drain()
	}
	s.SignalFlushedDB(nil, nil)
	for _, db := range s.data.Keyspace.DBs {
		db.Flush()
	}
	m, err := persist.ReadManifest(filepath.Join(a.dir, persist.ManifestName(a.filename)))
	switch {
	case errors.Is(err, os.ErrNotExist):
		m = &persist.Manifest{}
	case err != nil:
		s.aofFatal("%v", err)
		return
	}
	a.manifest = m
	s.deleteHistory()
	if !m.Empty() {
		l, err := s.newAOFLoader(m, false)
		if err == nil {
			s.data.Loading = true
			for done := false; !done && err == nil; {
				done, err = l.Step(1 << 16)
			}
			l.Close()
			s.data.Loading = false
		}
		if err != nil {
			s.aofFatal("%v", err)
			return
		}
	}
	s.dirty = 0
	s.log.Warningf("Append Only File loaded by DEBUG LOADAOF")
}

// aofLoadStep loads for up to budget. An error means the server must not
// start.
func (s *Server) aofLoadStep(budget time.Duration) error {
	a := &s.persist.aof
	deadline := time.Now().Add(budget)
	a.loadClient.Now = s.cfg.Clock().UnixMilli()
	for {
		done, err := a.loader.Step(1024)
		switch {
		case err != nil || done:
			s.untuneAfterLoad()
		case !a.loader.LoadingBase():
			s.relaxForReplay()
		}
		if err != nil {
			a.loader.Close()
			a.loader = nil
			return fmt.Errorf("Fatal error loading the AOF: %w. Exiting.", err)
		}
		if done {
			st := a.loader.Stats()
			a.loader.Close()
			a.loader = nil
			s.data.Loading = false
			s.log.Noticef("DB loaded from append only file: %.3f seconds", time.Since(a.loadStart).Seconds())
			return s.aofOpenOnStart(st)
		}
		if time.Now().After(deadline) || s.commandsWaiting() {
			return nil
		}
	}
}

// loadAOFCommand runs one command read from the AOF as Redis's fake AOF
// client does: no reply, no propagation (the server is loading), errors
// from the command itself ignored. An unknown command or a wrong argument
// count stops loading; the loader logs the error text followed by
// " reading the append only file <file>", Redis's line.
func (s *Server) loadAOFCommand(argv [][]byte) error {
	c := s.persist.aof.loadClient
	cmd, err := s.table.Lookup(argv)
	if err != nil {
		return fmt.Errorf("Unknown command '%s'", truncateArg(argv[0]))
	}
	if !cmd.CheckArity(len(argv)) {
		return fmt.Errorf("Wrong number of arguments for '%s' command", cmd.FullName)
	}
	c.Argv, c.Cmd = argv, cmd
	c.ResetCall()
	cmd.Proc(&c.Client)
	c.TakePropagation()
	c.Buf = c.Buf[:0]
	return nil
}

func truncateArg(b []byte) string {
	if len(b) > 128 {
		b = b[:128]
	}
	return string(b)
}

// aofOpenOnStart makes the AOF ready for appending after loading: a base is
// written if there is none and no incremental file (empty dataset), the
// last incremental file is opened (or created), the manifest persisted and
// history files removed. Mirrors aofOpenIfNeededOnServerStart.
func (s *Server) aofOpenOnStart(st persist.AOFLoadStats) error {
	a := &s.persist.aof
	if a.state != aofOn {
		return nil
	}
	if err := os.MkdirAll(a.dir, 0o755); err != nil {
		s.log.Warningf("Can't open or create append-only dir %s: %s", a.dir, persist.Strerror(err))
		return err
	}
	m := a.manifest
	if m.Base == nil && len(m.Incr) == 0 {
		name := m.NewBase(a.filename)
		if err := s.writeSnapshotSync(filepath.Join(a.dir, name), fmt.Sprintf("temp-rewriteaof-%d.aof", os.Getpid())); err != nil {
			s.log.Warningf("Write error writing append only file on disk: %v", err)
			return err
		}
		s.log.Noticef("Creating AOF base file %s on server start", name)
		if fi, err := os.Stat(filepath.Join(a.dir, name)); err == nil {
			st.BaseSize, st.TotalSize = fi.Size(), fi.Size()
		}
	}
	existed := len(m.Incr) > 0
	name := m.LastIncr(a.filename)
	f, err := persist.OpenAOFFile(filepath.Join(a.dir, name))
	if err != nil {
		s.log.Warningf("%v", err)
		return err
	}
	if err := persist.WriteManifest(a.dir, a.filename, m); err != nil {
		f.Close()
		s.log.Warningf("%v", err)
		return err
	}
	if err := s.openAOFAppender(f); err != nil {
		return err
	}
	a.sizeBefore = st.TotalSize - a.file.Size()
	a.baseSize = st.BaseSize
	if existed {
		s.log.Noticef("Opening AOF incr file %s on server start", name)
	} else {
		s.log.Noticef("Creating AOF incr file %s on server start", name)
	}
	s.deleteHistory()
	return nil
}

// ---------------------------------------------------------------------------
// INFO

// aofInfoFields returns the AOF fields of INFO persistence, in Redis 7.0's
// order: they follow rdb_last_load_keys_loaded and precede the loading_*
// fields. The size fields appear only when appendonly is yes.
func (s *Server) aofInfoFields() [][2]string {
	a := &s.persist.aof
	b2i := func(b bool) string {
		if b {
			return "1"
		}
		return "0"
	}
	okErr := func(bad bool) string {
		if bad {
			return "err"
		}
		return "ok"
	}
	rewriting := s.persist.job != nil && s.persist.job.kind == jobRewrite
	curSecs := int64(-1)
	if rewriting {
		curSecs = int64(s.cfg.Clock().Sub(a.rewriteStart).Seconds())
	}
	writeBad := a.file != nil && a.file.Err() != nil
	out := [][2]string{
		{"aof_enabled", b2i(a.state != aofOff)},
		{"aof_rewrite_in_progress", b2i(rewriting)},
		{"aof_rewrite_scheduled", b2i(a.rewriteScheduled)},
		{"aof_last_rewrite_time_sec", itoa(a.lastRewriteSecs)},
		{"aof_current_rewrite_time_sec", itoa(curSecs)},
		{"aof_last_bgrewrite_status", okErr(a.rewriteFailed)},
		{"aof_rewrites", itoa(a.rewrites)},
		{"aof_rewrites_consecutive_failures", itoa(a.failures)},
		{"aof_last_write_status", okErr(writeBad)},
		{"aof_last_cow_size", itoa(a.lastCOW)},
		{"module_fork_in_progress", "0"},
		{"module_fork_last_cow_size", "0"},
	}
	if s.cfg.Value("appendonly") == "yes" {
		var buffered, syncing, delayed int64
		if a.file != nil {
			buffered = int64(a.file.Buffered())
			if a.file.SyncInProgress() {
				syncing = 1
			}
			delayed = a.file.DelayedFsyncs()
		}
		out = append(out,
			[2]string{"aof_current_size", itoa(s.aofCurrentSize())},
			[2]string{"aof_base_size", itoa(a.baseSize)},
			[2]string{"aof_pending_rewrite", b2i(a.rewriteScheduled)},
			[2]string{"aof_buffer_length", itoa(buffered)},
			[2]string{"aof_pending_bio_fsync", itoa(syncing)},
			[2]string{"aof_delayed_fsync", itoa(delayed)},
		)
	}
	return out
}
