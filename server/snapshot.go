package server

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ember-db/ember/commands"
	"github.com/ember-db/ember/persist"
	"github.com/ember-db/ember/store"
)

// Snapshot scheduling knobs.
const (
	// snapshotPassBudget is how long one executor pass may spend walking the
	// keyspace for a BGSAVE while commands are waiting (DESIGN.md §5).
	snapshotPassBudget = time.Millisecond
	// snapshotIdleBudget is the walk's slice when no command is waiting;
	// the slice ends early as soon as one arrives. Then the executor naps
	// for backgroundNap, so that its P goes idle and the runtime polls the
	// network: a command that arrived meanwhile is read and served before
	// the next slice. (A busy P polls the network only every 10 ms, from
	// the runtime's monitor thread.)
	snapshotIdleBudget = time.Millisecond
	backgroundNap      = 50 * time.Microsecond
	// snapshotMaxQueued bounds the encoded bytes waiting for the writer
	// goroutine: above it the walk pauses (pre-images of writes continue).
	// The writer compresses 4 MB in about 20 ms.
	snapshotMaxQueued = 4 << 20
	// snapshotChunk is the size at which encoded bytes go to the writer,
	// which yields its P after each (persist.Writer): about 0.2 ms of
	// compression.
	snapshotChunk = 64 << 10
	// bgsaveRetryDelay is CONFIG_BGSAVE_RETRY_DELAY: after a failed BGSAVE,
	// save points wait this long before trying again.
	bgsaveRetryDelay = 5 * time.Second
)

// errMisconf is the reply to writes while the last background save failed
// and stop-writes-on-bgsave-error is on.
const errMisconf = commands.Error("MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error.")

const errLoading = commands.Error("LOADING Redis is loading the dataset in memory")

// jobKind says what a snapshot job writes. Only one job runs at a time:
// the keyspace has one snapshot epoch (Redis: one child process).
type jobKind int

const (
	jobSave    jobKind = iota // BGSAVE: dbfilename
	jobSaveNow                // SAVE and the other synchronous saves of dbfilename (saveNow)
	jobRewrite                // BGREWRITEAOF: the AOF's next base file
	jobBase                   // the first AOF base at start-up, written synchronously
)

// snapshotJob is a running BGSAVE (or SAVE), or the base of an AOF rewrite.
// Executor-owned.
type snapshotJob struct {
	kind     jobKind
	w        *persist.Writer
	enc      *persist.Encoder
	start    time.Time
	dirty    int64 // s.dirty when the snapshot began
	walked   bool  // every entry has been encoded
	preImage int64 // bytes encoded by writes to unsaved entries (rdb_last_cow_size)
	inWalk   bool
	// keysSaved and keysTotal are INFO's current_save_keys_processed and
	// current_save_keys_total.
	keysSaved, keysTotal int64
}

// persistState is the snapshot side of INFO persistence. Executor-owned.
type persistState struct {
	job               *snapshotJob
	lastSave          time.Time // last successful save (LASTSAVE)
	lastBgsaveOK      bool
	lastBgsaveTry     time.Time
	lastBgsaveSeconds int64 // -1 before the first
	saves             int64
	lastCOWBytes      int64
	bgsaveScheduled   bool
	lastLoadKeys      int64
	lastLoadExpired   int64
	loader            *persist.Loader
	loadStart         time.Time
	loadPath          string
	loadTuned         bool     // tuneForLoad is in force
	aof               aofState // the append-only file (aof.go)
}

// snapshotPath is dir/dbfilename.
func (s *Server) snapshotPath() string {
	return filepath.Join(s.cfg.Dir, s.cfg.Value("dbfilename"))
}

// startSnapshot begins a BGSAVE: a new snapshot epoch and a writer goroutine.
// It logs the start first, as Redis does once it forked: an error (the
// temp file cannot be created) is what Redis's child would fail with.
// Executor goroutine.
func (s *Server) startSnapshot() error {
	s.persist.saves++ // attempts, as Redis's stat_rdb_saves
	s.log.Noticef("Background saving started")
	return s.startSnapshotJob(jobSave, s.snapshotPath(), snapshotTempName())
}

// startSnapshotJob begins a snapshot job of kind writing path (through the
// temp file tmpName in the same directory). Executor goroutine.
func (s *Server) startSnapshotJob(kind jobKind, path, tmpName string) error {
	w, err := persist.StartWriter(path, tmpName, persist.WriterOptions{
		Compress: s.cfg.Value("rdbcompression") != "no",
		Checksum: s.cfg.Value("rdbchecksum") != "no",
	})
	if err != nil {
		return err
	}
	job := &snapshotJob{kind: kind, w: w, enc: persist.NewEncoder(), start: s.cfg.Clock(), dirty: s.dirty}
	job.enc.Aux("ember-ver", EmberVersion)
	job.enc.Aux("redis-ver", Version)
	job.enc.Aux("ctime", strconv.FormatInt(job.start.Unix(), 10))
	// Not runtime.ReadMemStats: it stops the world, waiting for a running
	// collection's mark phase to end.
	job.enc.Aux("used-mem", strconv.FormatUint(heapObjectsBytes(), 10))
	for _, db := range s.data.Keyspace.DBs {
		if db.Len() > 0 {
			job.enc.ResizeDB(db.ID, db.Len(), db.ExpiresLen())
			job.keysTotal += int64(db.Len())
		}
	}
	s.persist.job = job
	holdSecondP() // for the writer's compression; released by endJob
	if kind == jobSave {
		s.persist.lastBgsaveTry = job.start
	}
	s.data.Keyspace.BeginSnapshot(func(dbid int, e *store.Entry) {
		before := job.enc.Len()
		job.enc.Entry(dbid, e)
		job.keysSaved++
		if !job.inWalk {
			job.preImage += int64(job.enc.Len() - before)
		}
	})
	return nil
}

// loadingProgress returns, while a file loads, when the load began, the
// bytes read and the bytes to read in all.
func (s *Server) loadingProgress() (start time.Time, read, total int64, ok bool) {
	switch {
	case s.persist.loader != nil:
		read, total = s.persist.loader.Progress()
		return s.persist.loadStart, read, total, true
	case s.persist.aof.loader != nil:
		read, total = s.persist.aof.loader.Progress()
		return s.persist.aof.loadStart, read, total, true
	}
	return time.Time{}, 0, 0, false
}

// loadingFile reports whether a snapshot or the AOF is being loaded.
func (s *Server) loadingFile() bool {
	return s.persist.loader != nil || s.persist.aof.loader != nil
}

// snapshotWalking reports whether a BGSAVE still has entries to walk.
func (s *Server) snapshotWalking() bool {
	return s.persist.job != nil && !s.persist.job.walked
}

// snapshotStep advances a running BGSAVE for up to budget: it walks the
// keyspace while the writer keeps up, hands encoded chunks to the writer,
// and finishes the file once everything is encoded. Executor goroutine,
// between batches.
func (s *Server) snapshotStep(budget time.Duration) {
	job := s.persist.job
	if job == nil {
		return
	}
	if !job.walked && job.w.Queued() < snapshotMaxQueued {
		deadline := time.Now().Add(budget)
		job.inWalk = true
		for !job.walked {
			job.walked = s.data.Keyspace.SnapshotStep(512)
			if job.enc.Len() >= snapshotChunk {
				job.w.Write(job.enc.TakeInto(job.w.Recycled()))
			}
			if time.Now().After(deadline) || job.w.Queued() >= snapshotMaxQueued || s.commandsWaiting() {
				break
			}
		}
		job.inWalk = false
		if job.walked {
			s.data.Keyspace.EndSnapshot()
			job.w.Write(job.enc.TakeInto(job.w.Recycled()))
			job.w.Finish()
			return
		}
	}
	if job.enc.Len() >= snapshotChunk {
		job.w.Write(job.enc.TakeInto(job.w.Recycled()))
	}
}

// commandsWaiting reports whether a batch of commands waits for the
// executor: a background step (a BGSAVE's walk, a load) then ends its
// slice early, so a command waits at most one step of it (about 0.1 ms),
// not the whole idle budget.
func (s *Server) commandsWaiting() bool { return len(s.batches) > 0 }

// snapshotTempName is the temp file a save writes before renaming it to
// dbfilename (Redis's temp-<pid>.rdb).
func snapshotTempName() string { return fmt.Sprintf("temp-%d.rdb", os.Getpid()) }

// snapshotDone returns the channel on which the running job's outcome
// arrives: once it is fully encoded, or earlier when writing failed.
func (s *Server) snapshotDone() <-chan error {
	if job := s.persist.job; job != nil {
		return job.w.Done()
	}
	return nil
}

// finishSnapshot records a job's outcome. Mirrors backgroundSaveDoneHandler,
// and for a synchronous save the end of rdbSave.
func (s *Server) finishSnapshot(err error) {
	job := s.endJob()
	if !job.walked { // writing failed before the walk ended
		s.data.Keyspace.EndSnapshot()
	}
	switch job.kind {
	case jobRewrite:
		s.finishRewrite(job, err)
		return
	case jobBase:
		return
	case jobSaveNow:
		if err != nil {
			s.log.Warningf("Write error saving DB on disk: %s", persist.Strerror(err))
			return
		}
		s.persist.lastBgsaveOK = true
		s.persist.lastSave = s.cfg.Clock()
		s.dirty -= job.dirty
		return
	}
	now := s.cfg.Clock()
	s.persist.lastBgsaveSeconds = int64(now.Sub(job.start).Seconds())
	s.persist.lastCOWBytes = job.preImage
	if err != nil {
		s.persist.lastBgsaveOK = false
		s.log.Warningf("Background saving error: %v", err)
		return
	}
	s.persist.lastBgsaveOK = true
	s.persist.lastSave = now
	s.dirty -= job.dirty
	s.log.Noticef("Background saving terminated with success")
}

// endJob clears the running job, which has ended, and returns it.
func (s *Server) endJob() *snapshotJob {
	job := s.persist.job
	s.persist.job = nil
	releaseSecondP()
	return job
}

// abortSnapshot stops a running BGSAVE (FLUSHALL in Redis kills the child;
// shutdown does too); the temp file is removed.
func (s *Server) abortSnapshot() {
	job := s.persist.job
	if job == nil {
		return
	}
	if !job.walked {
		s.data.Keyspace.EndSnapshot()
	}
	job.w.Abort()
	<-job.w.Done()
	s.endJob()
	if job.kind == jobRewrite {
		s.finishRewrite(job, persist.ErrAborted)
	}
}

// saveNow writes a snapshot synchronously (SAVE, SHUTDOWN): the executor
// walks everything and waits for the file, as Redis's SAVE blocks.
// A running AOF rewrite is completed first.
func (s *Server) saveNow() error {
	if job := s.persist.job; job != nil {
		if job.kind != jobRewrite {
			return errors.New("Background save already in progress")
		}
		s.runJobToEnd()
	}
	if err := s.startSnapshotJob(jobSaveNow, s.snapshotPath(), snapshotTempName()); err != nil {
		s.log.Warningf("Failed opening the temp RDB file %s (in server root dir %s) for saving: %s",
			snapshotTempName(), s.cfg.Dir, persist.Strerror(err))
		return err
	}
	err := s.runJobToEnd()
	if err == nil {
		s.log.Noticef("DB saved on disk")
	}
	return err
}

// runJobToEnd completes the running snapshot job synchronously: the
// executor walks what is left and waits for the file. Returns its outcome.
func (s *Server) runJobToEnd() error {
	job := s.persist.job
	for !job.walked {
		select {
		case err := <-job.w.Done(): // writing failed
			s.finishSnapshot(err)
			return err
		default:
		}
		s.snapshotStep(time.Hour)
		job.w.WaitQueued(snapshotMaxQueued) // the walk pauses above it
	}
	err := <-job.w.Done()
	s.finishSnapshot(err)
	return err
}

// writeSnapshotSync writes the whole dataset to path synchronously (the
// first AOF base at start-up). No other job may be running.
func (s *Server) writeSnapshotSync(path, tmpName string) error {
	if err := s.startSnapshotJob(jobBase, path, tmpName); err != nil {
		return err
	}
	return s.runJobToEnd()
}

// savePoints parses the save directive: pairs of seconds and changes.
func (s *Server) savePoints() [][2]int64 {
	f := strings.Fields(s.cfg.Value("save"))
	var out [][2]int64
	for i := 0; i+1 < len(f); i += 2 {
		sec, _ := strconv.ParseInt(f[i], 10, 64)
		ch, _ := strconv.ParseInt(f[i+1], 10, 64)
		out = append(out, [2]int64{sec, ch})
	}
	return out
}

// saveCron starts a BGSAVE when a save point is reached, or a scheduled one.
// Mirrors the save-params loop of serverCron.
func (s *Server) saveCron(now time.Time) {
	if s.persist.job != nil || s.data.Loading {
		return
	}
	if s.persist.bgsaveScheduled {
		s.persist.bgsaveScheduled = false
		if err := s.startSnapshot(); err != nil {
			s.persistFailed(err)
		}
		return
	}
	for _, sp := range s.savePoints() {
		if s.dirty >= sp[1] && now.Sub(s.persist.lastSave) > time.Duration(sp[0])*time.Second &&
			(s.persist.lastBgsaveOK || now.Sub(s.persist.lastBgsaveTry) > bgsaveRetryDelay) {
			s.log.Noticef("%d changes in %d seconds. Saving...", sp[1], sp[0])
			if err := s.startSnapshot(); err != nil {
				s.persistFailed(err)
			}
			return
		}
	}
}

func (s *Server) persistFailed(err error) {
	s.persist.lastBgsaveOK = false
	s.persist.lastBgsaveTry = s.cfg.Clock()
	s.log.Warningf("Can't save in background: %v", err)
}

// writesDenied returns the MISCONF error when writes must be refused: the last
// background save failed and stop-writes-on-bgsave-error is on, and save
// points are configured. Mirrors writeCommandsDeniedByDiskError.
func (s *Server) writesDenied() error {
	if !s.persist.lastBgsaveOK && s.cfg.Value("stop-writes-on-bgsave-error") == "yes" &&
		len(s.savePoints()) > 0 {
		return errMisconf
	}
	return s.aofWritesDenied()
}

// startLoading opens the snapshot file for loading, if there is one.
// Executor goroutine, before any client command runs.
// With appendonly yes the AOF is loaded instead (aof.go).
func (s *Server) startLoading() error {
	if err := s.aofInit(); err != nil {
		return err
	}
	if s.persist.aof.state == aofOn {
		return s.startAOFLoading()
	}
	path := s.snapshotPath()
	l, err := persist.OpenSnapshot(path, s.data.Keyspace, persist.LoadOptions{
		NowMs: s.cfg.Clock().UnixMilli(), MaxStringLen: s.cfg.ProtoMaxBulkLen, Encodings: s.loadEncodings(),
		Pipeline: true})
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil { // opening the file or its header: as the load's other errors (loadStep)
		err = fmt.Errorf("Fatal error loading the DB: %w. Exiting.", err)
		s.log.Warningf("%v", err)
		return err
	}
	s.persist.loader, s.persist.loadStart, s.persist.loadPath = l, time.Now(), path
	s.data.Loading = true
	s.tuneForLoad()
	return nil
}

// loadTuning counts the servers of this process that are loading a
// snapshot at start-up (several in tests) and keeps the settings to restore
// when the last is done. While they load:
//   - the garbage collector is off: the heap only grows then (the loader
//     reuses its buffers and keeps what it allocates), so a collection would
//     mark a dataset that is all live, for nothing (about a fifth of the
//     load time). The garbage a load makes (rings and maps outgrowing their
//     reserved size) stays below the dataset's size, the headroom GOGC=100
//     allows anyway;
//   - the loader's decoder goroutine (persist.LoadOptions.Pipeline) runs
//     beside the executor on a second P (holdSecondP).
var loadTuning struct {
	sync.Mutex
	n, gcPercent int
	memLimit     int64
	replay       bool   // relaxForReplay applied
	replayGCs    uint64 // collections before the replay began
}

// tuneForLoad applies loadTuning for a start-up load (startLoading).
func (s *Server) tuneForLoad() {
	loadTuning.Lock()
	defer loadTuning.Unlock()
	if loadTuning.n == 0 {
		loadTuning.gcPercent = debug.SetGCPercent(-1)
		loadTuning.memLimit = debug.SetMemoryLimit(-1)
	}
	holdSecondP()
	loadTuning.n++
	s.persist.loadTuned = true
}

// relaxForReplay is for an AOF load whose base is in: replaying the
// incremental files makes garbage (each command's argv), so the collector
// must be able to run, but turning it back on would start a collection at
// once that marks the whole base for nothing. A memory limit of twice the
// heap (plus 64 MB) instead lets it run only when the garbage reaches the
// base's size, the headroom GOGC=100 gives. Once a collection ran the
// usual GOGC is back: the replay may add live data past that limit, which
// would make the collector run without end. Called after every replay
// step; undone by untuneAfterLoad.
func (s *Server) relaxForReplay() {
	if !s.persist.loadTuned {
		return
	}
	loadTuning.Lock()
	defer loadTuning.Unlock()
	if loadTuning.n != 1 {
		return // another server of this process still loads its base
	}
	gcs := gcCycles()
	if loadTuning.replay {
		if gcs != loadTuning.replayGCs {
			debug.SetGCPercent(loadTuning.gcPercent)
			debug.SetMemoryLimit(loadTuning.memLimit)
		}
		return
	}
	loadTuning.replay, loadTuning.replayGCs = true, gcs
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	limit := int64(2*ms.HeapAlloc) + 64<<20
	if loadTuning.memLimit < limit {
		limit = loadTuning.memLimit // a tighter GOMEMLIMIT wins
	}
	debug.SetMemoryLimit(limit)
}

// gcCycles returns how many collections have completed.
func gcCycles() uint64 {
	sample := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}}
	metrics.Read(sample)
	return sample[0].Value.Uint64()
}

// untuneAfterLoad undoes tuneForLoad once the load ended (done, failed, or
// the server stopped meanwhile). Idempotent.
func (s *Server) untuneAfterLoad() {
	if !s.persist.loadTuned {
		return
	}
	s.persist.loadTuned = false
	loadTuning.Lock()
	defer loadTuning.Unlock()
	releaseSecondP()
	if loadTuning.n--; loadTuning.n == 0 {
		debug.SetGCPercent(loadTuning.gcPercent)
		debug.SetMemoryLimit(loadTuning.memLimit)
		loadTuning.replay = false
	}
}

// stopLoading ends a load cut short by the server stopping: the file is
// closed, a pipelined decoder stopped, the load tuning undone.
func (s *Server) stopLoading() {
	if l := s.persist.loader; l != nil {
		l.Close()
		s.persist.loader = nil
	}
	if l := s.persist.aof.loader; l != nil {
		l.Close()
		s.persist.aof.loader = nil
	}
	s.untuneAfterLoad()
}

// loadEncodings are the encoding thresholds loaded aggregates get, as when
// commands build them.
func (s *Server) loadEncodings() persist.Encodings {
	t := &s.data.Tunables
	return persist.Encodings{
		HashMaxListpackEntries: t.HashMaxListpackEntries, HashMaxListpackValue: t.HashMaxListpackValue,
		SetMaxIntsetEntries:    t.SetMaxIntsetEntries,
		ZsetMaxListpackEntries: t.ZsetMaxListpackEntries, ZsetMaxListpackValue: t.ZsetMaxListpackValue,
		ListMaxListpackSize: t.ListMaxListpackSize,
	}
}

// loadStep loads for up to budget. It returns an error for a damaged file:
// the server must not start on a partial dataset.
func (s *Server) loadStep(budget time.Duration) error {
	if s.persist.aof.loader != nil {
		return s.aofLoadStep(budget)
	}
	l := s.persist.loader
	deadline := time.Now().Add(budget)
	for {
		done, err := l.Step(1024)
		if err != nil || done {
			s.untuneAfterLoad()
		}
		if err != nil {
			l.Close()
			s.persist.loader = nil
			return fmt.Errorf("Fatal error loading the DB: %w. Exiting.", err)
		}
		if done {
			l.Close()
			st := l.Stats()
			s.persist.loader = nil
			s.data.Loading = false
			s.persist.lastLoadKeys, s.persist.lastLoadExpired = int64(st.Keys), int64(st.Expired)
			s.log.Noticef("DB loaded from disk: %.3f seconds (%d keys, %d expired keys skipped)",
				time.Since(s.persist.loadStart).Seconds(), st.Keys, st.Expired)
			return nil
		}
		if time.Now().After(deadline) || s.commandsWaiting() {
			return nil
		}
	}
}
