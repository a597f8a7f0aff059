package persist

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc64"
	"io"
	"math"
	"os"
	"slices"
	"sync/atomic"

	"github.com/klauspost/compress/zstd"

	"github.com/ember-db/ember/store"
)

// Sentinels of load errors; test with errors.Is.
var (
	// ErrCorrupt: the file is not a valid snapshot (bad magic, unknown
	// version or opcode, impossible length, checksum mismatch).
	ErrCorrupt = errors.New("corrupt snapshot")
	// ErrTruncated: the file ends before its EOF record.
	ErrTruncated = errors.New("truncated snapshot")
)

// maxChunk bounds each allocation made for a string whose length the file
// announces: the rest is read (and allocated) only as bytes arrive.
const maxChunk = 1 << 20

// maxSizeHint caps the capacity reserved from an element count the file
// announces; beyond it an aggregate grows as elements actually arrive.
const maxSizeHint = 1 << 16

// LoadOptions tune loading.
type LoadOptions struct {
	// NowMs is the current unix time in ms: keys whose expire is not after it
	// are skipped, as Redis skips expired keys when a master loads.
	NowMs int64
	// MaxStringLen bounds every string (proto-max-bulk-len).
	MaxStringLen int64
	// Encodings are the thresholds that choose each loaded aggregate's
	// encoding, as when commands build it.
	Encodings Encodings
	// Merge lets a key in the file replace one already in the keyspace
	// (DEBUG RELOAD MERGE); otherwise an existing key is an error.
	Merge bool
	// KeepExpired loads keys whose expire has passed: an AOF base must,
	// because later commands in the incremental files may touch them (Redis
	// skips expired keys only outside AOF loading).
	KeepExpired bool
	// Pipeline decodes on a second goroutine: decompression, checksum,
	// parsing and building each value run there while Step, on the
	// caller's goroutine, only adds keys to the keyspace (load_pipe.go).
	// It pays with GOMAXPROCS of 2 or more.
	Pipeline bool
}

// Encodings are the *-max-listpack-* / set-max-intset-entries directives.
type Encodings struct {
	HashMaxListpackEntries, HashMaxListpackValue int64
	SetMaxIntsetEntries                          int64
	ZsetMaxListpackEntries, ZsetMaxListpackValue int64
	ListMaxListpackSize                          int64
}

// DefaultEncodings are Redis 7.0's defaults.
func DefaultEncodings() Encodings {
	return Encodings{HashMaxListpackEntries: 512, HashMaxListpackValue: 64, SetMaxIntsetEntries: 512,
		ZsetMaxListpackEntries: 128, ZsetMaxListpackValue: 64, ListMaxListpackSize: -2}
}

// Loader reads a snapshot into a keyspace incrementally: Step loads a
// bounded number of keys, so the server can answer -LOADING between steps.
// One goroutine only.
type Loader struct {
	path string
	f    io.Closer // the file, if the Loader opened it
	size int64     // the file's size, if the Loader opened it
	read *progressReader
	br   *bufio.Reader // the raw file
	dec  *zstd.Decoder
	r    *countingReader // the body
	tail *crcTailReader  // under r: the checksum of the body
	key  []byte          // scratch for keys, which the DB copies
	// Scratch for an aggregate's elements (see readElems).
	scratch []byte
	ends    []int
	scores  []float64
	members []string // a small sorted set's members (ZSet.LoadSorted)
	opts    LoadOptions
	crc     bool
	db      *store.DB
	ks      *store.Keyspace
	done    bool      // decoder side: the EOF record was read and verified
	stats   LoadStats // Keys: counted where keys are added (Step's goroutine)
	dstats  LoadStats // Expired and Aux: counted where records are decoded
	pipe    *loadPipe // with LoadOptions.Pipeline, once Step started it
}

// LoadStats reports what a load found.
type LoadStats struct {
	Keys    int               // keys loaded
	Expired int               // keys skipped because they had expired
	Aux     map[string]string // AUX fields
}

// progressReader counts the bytes read from the file, read-ahead included,
// for INFO's loading progress. Atomic: with Pipeline the decoder goroutine
// reads while the executor reports.
type progressReader struct {
	r io.Reader
	n atomic.Int64
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.n.Add(int64(n))
	return n, err
}

// countingReader counts body bytes for error offsets.
type countingReader struct {
	r   *bufio.Reader
	off int64
}

func (c *countingReader) ReadByte() (byte, error) {
	b, err := c.r.ReadByte()
	if err == nil {
		c.off++
	}
	return b, err
}

// buffered returns the bytes already in the read buffer, without reading.
func (c *countingReader) buffered() []byte {
	b, _ := c.r.Peek(c.r.Buffered())
	return b
}

// discard consumes n buffered bytes.
func (c *countingReader) discard(n int) {
	c.r.Discard(n)
	c.off += int64(n)
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.off += int64(n)
	return n, err
}

// crcTailReader computes the CRC-64 of everything read through it except
// the last 8 bytes, which it holds back: at the end of the body those are
// the checksum itself. Checksumming whole reads, not bytes, keeps it cheap.
type crcTailReader struct {
	r     io.Reader
	crc   uint64
	hold  [8]byte
	nhold int
}

func (c *crcTailReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	data := p[:n]
	switch {
	case n == 0:
	case c.nhold+n <= 8:
		copy(c.hold[c.nhold:], data)
		c.nhold += n
	case n >= 8:
		c.crc = crc64.Update(c.crc, crcTable, c.hold[:c.nhold])
		c.crc = crc64.Update(c.crc, crcTable, data[:n-8])
		copy(c.hold[:], data[n-8:])
		c.nhold = 8
	default: // fold the oldest held bytes that the new ones push out
		k := c.nhold + n - 8
		c.crc = crc64.Update(c.crc, crcTable, c.hold[:k])
		copy(c.hold[:], c.hold[k:c.nhold])
		copy(c.hold[c.nhold-k:], data)
		c.nhold = 8
	}
	return n, err
}

// OpenSnapshot opens path and checks its header. The caller must Close it.
func OpenSnapshot(path string, ks *store.Keyspace, opts LoadOptions) (*Loader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	l, err := NewLoader(f, path, ks, opts)
	if err != nil {
		f.Close()
		return nil, err
	}
	l.f = f
	if st, err := f.Stat(); err == nil {
		l.size = st.Size()
	}
	return l, nil
}

// NewLoader reads a snapshot from r; name is used in errors. It checks the
// header at once.
func NewLoader(r io.Reader, name string, ks *store.Keyspace, opts LoadOptions) (*Loader, error) {
	l := &Loader{path: name, read: &progressReader{r: r}, ks: ks, opts: opts,
		dstats: LoadStats{Aux: map[string]string{}}}
	l.br = bufio.NewReaderSize(l.read, 256<<10)
	if l.opts.MaxStringLen <= 0 {
		l.opts.MaxStringLen = 512 << 20
	}
	if l.opts.Encodings == (Encodings{}) {
		l.opts.Encodings = DefaultEncodings()
	}
	hdr := make([]byte, headerLen)
	if n, err := io.ReadFull(l.br, hdr); err != nil {
		if !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, fmt.Errorf("persist: %s: reading the header: %w", name, err) // EISDIR, EIO, ...
		}
		hdr = hdr[:n]
		if len(hdr) > 0 && string(hdr[:min(len(magic), len(hdr))]) != magic[:min(len(magic), len(hdr))] {
			return nil, fmt.Errorf("persist: %s at offset 0: not an Ember snapshot (bad magic): %w", name, ErrCorrupt)
		}
		return nil, fmt.Errorf("persist: %s at offset 0: file shorter than the %d-byte header: %w", name, headerLen, ErrTruncated)
	}
	if string(hdr[:len(magic)]) != magic {
		return nil, fmt.Errorf("persist: %s at offset 0: not an Ember snapshot (bad magic %q; a Redis dump.rdb starts with \"REDIS\"): %w",
			name, hdr[:len(magic)], ErrCorrupt)
	}
	if v := binary.BigEndian.Uint16(hdr[len(magic):]); v != formatVersion {
		return nil, fmt.Errorf("persist: %s at offset 5: unknown format version %d (this Ember reads version %d): %w",
			name, v, formatVersion, ErrCorrupt)
	}
	flags := hdr[len(magic)+2]
	if flags&^(flagCompressed|flagChecksum) != 0 {
		return nil, fmt.Errorf("persist: %s at offset 7: unknown flags 0x%02x: %w", name, flags, ErrCorrupt)
	}
	l.crc = flags&flagChecksum != 0
	var src io.Reader = l.br
	if flags&flagCompressed != 0 {
		dec, err := zstd.NewReader(l.br, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(1<<30))
		if err != nil {
			return nil, err
		}
		l.dec = dec
		src = dec
	}
	l.tail = &crcTailReader{r: src}
	l.r = &countingReader{r: bufio.NewReaderSize(l.tail, 256<<10)}
	return l, nil
}

// Close releases the file.
func (l *Loader) Close() error {
	l.stopPipe()
	if l.dec != nil {
		l.dec.Close()
	}
	if l.f != nil {
		return l.f.Close()
	}
	return nil
}

// Progress returns the bytes of the file read so far (INFO's
// loading_loaded_bytes) and its size (loading_total_bytes; 0 unless
// OpenSnapshot opened it). Any goroutine.
func (l *Loader) Progress() (read, size int64) { return l.read.n.Load(), l.size }

// Stats returns what was loaded so far.
// With Pipeline, Expired and Aux are there once the load is complete.
func (l *Loader) Stats() LoadStats {
	st := LoadStats{Keys: l.stats.Keys}
	if l.pipe == nil || l.pipe.finished {
		st.Expired, st.Aux = l.dstats.Expired, l.dstats.Aux
	}
	return st
}

// Step loads up to budget keys and reports whether the whole file has been
// loaded and verified.
func (l *Loader) Step(budget int) (bool, error) {
	if l.opts.Pipeline {
		return l.pipeStep(budget)
	}
	for !l.done && budget > 0 {
		if err := l.record(&budget); err != nil {
			return false, err
		}
	}
	return l.done, nil
}

// LoadSnapshot loads the whole file at path into ks.
func LoadSnapshot(path string, ks *store.Keyspace, opts LoadOptions) (LoadStats, error) {
	l, err := OpenSnapshot(path, ks, opts)
	if err != nil {
		return LoadStats{}, err
	}
	defer l.Close()
	return l.loadAll()
}

func (l *Loader) loadAll() (LoadStats, error) {
	for {
		done, err := l.Step(1 << 20)
		if err != nil {
			return l.Stats(), err
		}
		if done {
			return l.Stats(), nil
		}
	}
}

func (l *Loader) corrupt(format string, args ...any) error {
	return l.corruptAt(l.r.off, format, args...)
}

func (l *Loader) corruptAt(off int64, format string, args ...any) error {
	return fmt.Errorf("persist: %s at body offset %d%s: %s: %w", l.path, off, l.offsetNote(), fmt.Sprintf(format, args...), ErrCorrupt)
}

// offsetNote qualifies a body offset: in a compressed file it counts
// decompressed bytes, not bytes of the file.
func (l *Loader) offsetNote() string {
	if l.dec != nil {
		return " (decompressed)"
	}
	return ""
}

// wrap turns a read error into a load error naming the file and offset.
func (l *Loader) wrap(err error, what string) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		// A compressed body that ends early may also be damaged: the
		// decompressor cannot tell a cut file from a corrupt block header.
		hint := "truncated?"
		if l.dec != nil {
			hint = "truncated, or damaged compressed data?"
		}
		return fmt.Errorf("persist: %s at body offset %d%s: file ends inside %s (%s try ember check-snapshot): %w",
			l.path, l.r.off, l.offsetNote(), what, hint, ErrTruncated)
	}
	if errors.Is(err, ErrCorrupt) || errors.Is(err, ErrTruncated) {
		return err
	}
	return fmt.Errorf("persist: %s at body offset %d%s: reading %s: %v: %w", l.path, l.r.off, l.offsetNote(), what, err, ErrCorrupt)
}

// record reads one record. budget, when not nil, is decremented per key.
func (l *Loader) record(budget *int) error {
	op, err := l.r.ReadByte()
	if err != nil {
		return l.wrap(err, "a record opcode")
	}
	var expire int64
	switch op {
	case opAux:
		k, err := l.readString("an AUX name")
		if err != nil {
			return err
		}
		v, err := l.readString("an AUX value")
		if err != nil {
			return err
		}
		l.dstats.Aux[string(k)] = string(v)
		return nil
	case opSelectDB:
		id, err := l.readUvarint("a SELECTDB number")
		if err != nil {
			return err
		}
		if id >= uint64(len(l.ks.DBs)) {
			return l.corrupt("db %d out of range (databases is %d)", id, len(l.ks.DBs))
		}
		l.db = l.ks.DBs[id]
		return nil
	case opResizeDB:
		keys, err := l.readUvarint("a RESIZEDB key count")
		if err != nil {
			return err
		}
		if _, err := l.readUvarint("a RESIZEDB expire count"); err != nil {
			return err
		}
		if l.db != nil && keys <= math.MaxInt32 {
			if l.pipe != nil {
				l.pipe.put(l.db, nil, nil, 0, int(keys), l.r.off) // for the executor's side
			} else {
				l.db.Reserve(int(keys))
			}
		}
		return nil
	case opEOF:
		var sum [8]byte
		if _, err := io.ReadFull(l.r.r, sum[:]); err != nil {
			return l.wrap(err, "the checksum")
		}
		if _, err := l.r.r.ReadByte(); err != io.EOF {
			return l.corrupt("data after the EOF record")
		}
		// The whole body has gone through l.tail now: its CRC covers all
		// but the last 8 bytes, the checksum just read.
		if got, want := binary.LittleEndian.Uint64(sum[:]), l.tail.crc; l.crc && got != want {
			return l.corrupt("checksum mismatch: file says %016x, content hashes to %016x", got, want)
		}
		l.done = true
		return nil
	case opExpireTime:
		var b [8]byte
		if _, err := io.ReadFull(l.r, b[:]); err != nil {
			return l.wrap(err, "an expire time")
		}
		expire = int64(binary.LittleEndian.Uint64(b[:]))
		if op, err = l.r.ReadByte(); err != nil {
			return l.wrap(err, "a key record")
		}
		if op > typeHash {
			return l.corrupt("expire time not followed by a key record (opcode 0x%02x)", op)
		}
	}
	if op > typeHash {
		return l.corrupt("unknown opcode 0x%02x", op)
	}
	if l.db == nil {
		return l.corrupt("key record before any SELECTDB")
	}
	key, err := l.readStringInto(l.key[:0], "a key")
	if err != nil {
		return err
	}
	l.key = key
	v, err := l.readValue(op)
	if err != nil {
		return err
	}
	if budget != nil {
		*budget--
	}
	if expire != 0 && expire <= l.opts.NowMs && !l.opts.KeepExpired {
		l.dstats.Expired++
		return nil
	}
	if l.pipe != nil {
		// Decoding on its own goroutine: the key goes to the executor's side.
		l.pipe.put(l.db, key, v, expire, 0, l.r.off)
		return nil
	}
	return l.add(l.db, key, v, expire, l.r.off)
}

// add puts a loaded key into db. off is the body offset after its record,
// for the error about a duplicate.
func (l *Loader) add(db *store.DB, key []byte, v store.Value, expire, off int64) error {
	e := db.AddIfAbsent(key, v, l.opts.NowMs)
	if e == nil {
		if !l.opts.Merge {
			return l.corruptAt(off, "duplicate key %q in db %d", key, db.ID)
		}
		db.Delete(key)
		e = db.Add(key, v, l.opts.NowMs)
	}
	if expire != 0 {
		db.SetExpire(e, expire)
	}
	l.stats.Keys++
	return nil
}

// readValue reads the value of a key record of type op.
func (l *Loader) readValue(op byte) (store.Value, error) {
	if op == typeString {
		b, err := l.readString("a string value")
		if err != nil {
			return nil, err
		}
		return &store.String{B: b}, nil
	}
	return l.readAggregate(op)
}

func (l *Loader) readUvarint(what string) (uint64, error) {
	n, err := binary.ReadUvarint(l.r)
	if err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return 0, l.wrap(err, what)
		}
		return 0, l.corrupt("bad length in %s", what)
	}
	return n, nil
}

// readCount reads an element count and bounds it by what the rest of the
// file could hold at one byte per element... which a stream cannot know, so
// it only rejects counts beyond any real dataset; callers cap preallocation.
func (l *Loader) readCount(what string) (int, error) {
	n, err := l.readUvarint(what)
	if err != nil {
		return 0, err
	}
	if n > math.MaxInt32 {
		return 0, l.corrupt("%s of %d elements is impossible", what, n)
	}
	return int(n), nil
}

// readString reads a length-prefixed string into a new slice.
func (l *Loader) readString(what string) ([]byte, error) { return l.readStringInto(nil, what) }

// readStringInto reads a length-prefixed string into dst (reusing its
// capacity).
func (l *Loader) readStringInto(dst []byte, what string) ([]byte, error) {
	return l.appendString(dst[:0], what)
}

// appendString reads a length-prefixed string and appends it to dst,
// growing dst in bounded chunks so that a bogus length in a short file
// cannot allocate gigabytes.
func (l *Loader) appendString(dst []byte, what string) ([]byte, error) {
	// Fast path: the length and the bytes are in the read buffer already.
	if b := l.r.buffered(); len(b) > 0 {
		if n, k := binary.Uvarint(b); k > 0 && n <= uint64(len(b)-k) && n <= uint64(l.opts.MaxStringLen) && (dst != nil || n > 0) {
			dst = append(dst, b[k:k+int(n)]...)
			l.r.discard(k + int(n))
			return dst, nil
		}
	}
	n, err := l.readUvarint(what)
	if err != nil {
		return nil, err
	}
	if n > uint64(l.opts.MaxStringLen) {
		return nil, l.corrupt("%s of %d bytes exceeds proto-max-bulk-len (%d)", what, n, l.opts.MaxStringLen)
	}
	if dst == nil && n <= maxChunk {
		dst = make([]byte, 0, n)
	}
	start := len(dst)
	for uint64(len(dst)-start) < n {
		k := int(min(n-uint64(len(dst)-start), maxChunk))
		dst = slices.Grow(dst, k)
		m := len(dst)
		dst = dst[:m+k]
		if _, err := io.ReadFull(l.r, dst[m:]); err != nil {
			return nil, l.wrap(err, what)
		}
	}
	return dst, nil
}

// arenaMax is the element count up to which an aggregate's strings are read
// into one buffer and stored as slices of it: one allocation for all the
// elements of a small aggregate, as a listpack holds them in Redis, instead
// of one per element. Larger aggregates get one allocation per element (per
// field-value pair for hashes), so that removing elements gives their
// memory back; so do aggregates whose elements exceed arenaMaxBytes.
const (
	arenaMax      = 128
	arenaMaxBytes = 16 << 10
)

// readElems reads n length-prefixed strings, each followed by a score when
// scores is set, into l.scratch: string i ends at l.ends[i], its score is
// l.scores[i]. what names the strings for errors, alternating when it has
// two names (hash fields and values).
func (l *Loader) readElems(n int, scores bool, what ...string) error {
	l.scratch, l.ends, l.scores = l.scratch[:0], l.ends[:0], l.scores[:0]
	for i := 0; i < n; i++ {
		var err error
		if l.scratch, err = l.appendString(l.scratch, what[i%len(what)]); err != nil {
			return err
		}
		l.ends = append(l.ends, len(l.scratch))
		if scores {
			f, err := l.readFloat("a score")
			if err != nil {
				return err
			}
			l.scores = append(l.scores, f)
		}
	}
	return nil
}

// arena returns what readElems read as one string for elem to slice: one
// allocation for all the elements. Past arenaMaxBytes it returns "", and
// elem copies each element instead, so that one big element removed later
// does not stay pinned by its small neighbours.
func (l *Loader) arena() string {
	if len(l.scratch) > arenaMaxBytes {
		return ""
	}
	return string(l.scratch)
}

// elem returns element i of what readElems read: a slice of arena, or a
// copy when arena is "" (see arena).
func (l *Loader) elem(arena string, i int) string {
	start := 0
	if i > 0 {
		start = l.ends[i-1]
	}
	if len(arena) != len(l.scratch) {
		return string(l.scratch[start:l.ends[i]])
	}
	return arena[start:l.ends[i]]
}

func (l *Loader) readFloat(what string) (float64, error) {
	if b := l.r.buffered(); len(b) >= 8 {
		f := math.Float64frombits(binary.LittleEndian.Uint64(b))
		if !math.IsNaN(f) {
			l.r.discard(8)
			return f, nil
		}
	}
	var b [8]byte
	if _, err := io.ReadFull(l.r, b[:]); err != nil {
		return 0, l.wrap(err, what)
	}
	f := math.Float64frombits(binary.LittleEndian.Uint64(b[:]))
	if math.IsNaN(f) {
		return 0, l.corrupt("%s is NaN", what)
	}
	return f, nil
}
