package persist

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc64"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/klauspost/compress/zstd"
)

// Writer writes a snapshot file from chunks of encoded body in its own
// goroutine, so the executor never waits on compression or disk. It writes a
// temp file in the target's directory; Finish appends EOF and the checksum,
// fsyncs, renames the temp file over the target and fsyncs the directory
// (Redis's rdbSave; hashicorp/raft's FileSnapshotSink.Close). On any failure
// the temp file is removed and the previous snapshot stays untouched.
//
// Write, Queued, Finish and Abort are for one goroutine (the executor);
// Done may be watched from any.
type Writer struct {
	path, tmp string
	compress  bool
	checksum  bool

	mu      sync.Mutex
	cond    *sync.Cond // the writer waits on it for chunks
	drained *sync.Cond // WaitQueued waits on it for the writer
	queue   [][]byte
	queued  int      // bytes in queue
	free    [][]byte // written chunks, for Recycled
	written int64
	finish  bool
	abort   bool
	stopped bool // write returned: queued chunks are dropped

	done chan error
}

// WriterOptions are the snapshot directives: rdbcompression, rdbchecksum.
type WriterOptions struct {
	Compress bool
	Checksum bool
}

// StartWriter creates the temp file next to path, writes the header and
// starts the writing goroutine. tmpName is the temp file's base name
// ("temp-<pid>.rdb" style).
func StartWriter(path, tmpName string, opts WriterOptions) (*Writer, error) {
	tmp := filepath.Join(filepath.Dir(path), tmpName)
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, fmt.Errorf("persist: create %s: %w", tmp, err)
	}
	w := &Writer{path: path, tmp: tmp, compress: opts.Compress, checksum: opts.Checksum, done: make(chan error, 1)}
	w.cond = sync.NewCond(&w.mu)
	w.drained = sync.NewCond(&w.mu)
	go w.run(f)
	return w, nil
}

// Write queues an encoded chunk; it never blocks. The Writer owns chunk.
func (w *Writer) Write(chunk []byte) {
	if len(chunk) == 0 {
		return
	}
	w.mu.Lock()
	if w.stopped {
		w.mu.Unlock()
		return // writing ended (failed): nothing more is written
	}
	w.queue = append(w.queue, chunk)
	w.queued += len(chunk)
	w.mu.Unlock()
	w.cond.Signal()
}

// Chunks up to maxRecycledChunk bytes of capacity are kept after writing,
// at most maxFreeChunks of them, for the encoder to fill again (Recycled):
// a BGSAVE then reuses a few buffers instead of leaving the whole encoded
// dataset behind as garbage, which would show as extra memory until the
// next collection.
const (
	maxRecycledChunk = 1 << 20
	maxFreeChunks    = 64
)

// Recycled returns an empty buffer that a written chunk used, or nil.
func (w *Writer) Recycled() []byte {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := len(w.free)
	if n == 0 {
		return nil
	}
	b := w.free[n-1]
	w.free[n-1] = nil
	w.free = w.free[:n-1]
	return b
}

// Queued returns the bytes queued and not yet written: the executor's
// backpressure signal (it pauses the background walk while this is high).
func (w *Writer) Queued() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.queued
}

// WaitQueued blocks until fewer than n bytes are queued, or writing ended:
// a synchronous save (SAVE) waits there for the writer instead of spinning,
// which with one P would leave the writer almost no time to run.
func (w *Writer) WaitQueued(n int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for w.queued >= n && !w.stopped {
		w.drained.Wait()
	}
}

// Written returns the body bytes written so far (uncompressed).
func (w *Writer) Written() int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.written
}

// Finish completes the file after the queued chunks; the result arrives on Done.
func (w *Writer) Finish() {
	w.mu.Lock()
	w.finish = true
	w.mu.Unlock()
	w.cond.Signal()
}

// Abort stops writing and removes the temp file; Done reports an error.
func (w *Writer) Abort() {
	w.mu.Lock()
	w.abort = true
	w.mu.Unlock()
	w.cond.Signal()
}

// Done delivers the outcome once: nil when the snapshot is in place.
func (w *Writer) Done() <-chan error { return w.done }

// writerNap is how long the writer sleeps between chunks with a single P.
const writerNap = 50 * time.Microsecond

// yieldBetweenChunks lets the executor and the connections have the P
// between two chunks: otherwise this goroutine keeps it for a whole time
// slice (10 ms) and a client waits that long. With several Ps it yields
// (runtime.Gosched). With one it sleeps instead: a goroutine that only
// yields leaves the P never idle, and the runtime then polls the network
// only every 10 ms, which under load costs more than the slice did.
func yieldBetweenChunks() {
	if runtime.GOMAXPROCS(0) > 1 {
		runtime.Gosched()
		return
	}
	time.Sleep(writerNap)
}

// ErrAborted is the outcome of an aborted Writer.
var ErrAborted = errors.New("persist: snapshot aborted")

func (w *Writer) run(f *os.File) {
	lowerThreadPriority()
	err := w.write(f)
	// Once writing ended the queue is dropped and later chunks too: after a
	// failure Queued falls to 0, so the executor, which pauses its walk
	// while much is queued, is not left waiting; it learns of the failure
	// from Done.
	w.mu.Lock()
	w.stopped = true
	w.queue, w.queued = nil, 0
	w.mu.Unlock()
	w.drained.Broadcast()
	if cerr := f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("persist: close %s: %w", w.tmp, cerr)
	}
	if err == nil {
		err = renameAndSyncDir(w.tmp, w.path)
	}
	if err != nil {
		os.Remove(w.tmp)
	}
	w.done <- err
}

func (w *Writer) write(f *os.File) error {
	bw := bufio.NewWriterSize(f, 256<<10)
	flags := byte(0)
	if w.compress {
		flags |= flagCompressed
	}
	if w.checksum {
		flags |= flagChecksum
	}
	hdr := append([]byte(magic), 0, formatVersion, flags)
	if _, err := bw.Write(hdr); err != nil {
		return fmt.Errorf("persist: write %s: %w", w.tmp, err)
	}
	var body io.Writer = bw
	var enc *zstd.Encoder
	if w.compress {
		var err error
		enc, err = zstd.NewWriter(bw, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderConcurrency(1))
		if err != nil {
			return err
		}
		body = enc
	}
	crc := uint64(0)
	for {
		w.mu.Lock()
		for len(w.queue) == 0 && !w.finish && !w.abort {
			w.cond.Wait()
		}
		if w.abort {
			w.mu.Unlock()
			return ErrAborted
		}
		chunks := w.queue
		w.queue = nil
		finish := w.finish
		w.mu.Unlock()
		for _, c := range chunks {
			if w.checksum {
				crc = crc64.Update(crc, crcTable, c)
			}
			if _, err := body.Write(c); err != nil {
				return fmt.Errorf("persist: write %s: %w", w.tmp, err)
			}
			w.mu.Lock()
			w.queued -= len(c)
			w.written += int64(len(c))
			if cap(c) <= maxRecycledChunk && len(w.free) < maxFreeChunks {
				w.free = append(w.free, c[:0]) // Write copied it: free to reuse
			}
			w.mu.Unlock()
			w.drained.Broadcast()
			yieldBetweenChunks()
		}
		if finish && len(chunks) == 0 {
			break
		}
	}
	tail := []byte{opEOF}
	if w.checksum {
		crc = crc64.Update(crc, crcTable, tail)
	}
	tail = binary.LittleEndian.AppendUint64(tail, crc)
	if _, err := body.Write(tail); err != nil {
		return fmt.Errorf("persist: write %s: %w", w.tmp, err)
	}
	if enc != nil {
		if err := enc.Close(); err != nil {
			return fmt.Errorf("persist: compress %s: %w", w.tmp, err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("persist: write %s: %w", w.tmp, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("persist: fsync %s: %w", w.tmp, err)
	}
	return nil
}

// renameAndSyncDir atomically replaces path with tmp and makes the rename
// durable by fsyncing the directory.
func renameAndSyncDir(tmp, path string) error {
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("persist: rename %s to %s: %w", tmp, path, err)
	}
	d, err := os.Open(filepath.Dir(path))
	if err != nil {
		return fmt.Errorf("persist: open dir of %s: %w", path, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("persist: fsync dir of %s: %w", path, err)
	}
	return nil
}
