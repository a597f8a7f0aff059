package persist

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/ember-db/ember/resp"
	"github.com/ember-db/ember/store"
)

// maxAnnotation bounds an annotation line ("#TS:...\r\n"), as Redis's
// AOF_ANNOTATION_LINE_MAX_LEN.
const maxAnnotation = 1024

// maxPreallocArgs caps the argv capacity reserved from an announced count.
const maxPreallocArgs = 1024

// AOFError is a damaged AOF: it names the file, the byte offset where the
// damage was found and what was expected there. errors.Is matches ErrCorrupt
// or, for a file that ends inside a record (or inside a MULTI block),
// ErrTruncated.
type AOFError struct {
	File   string // file name as given to the reader
	Offset int64  // where the damage is
	// ValidUpTo is the end of the last complete record outside a MULTI
	// block: truncating the file there repairs it.
	ValidUpTo int64
	Msg       string // what was expected
	// TornMulti: the file ends inside a MULTI block.
	TornMulti bool
	kind      error // ErrCorrupt or ErrTruncated
}

func (e *AOFError) Error() string {
	what := "corrupt AOF"
	if e.kind == ErrTruncated {
		what = "truncated AOF"
	}
	return fmt.Sprintf("persist: %s at offset %d: %s: %s", e.File, e.Offset, e.Msg, what)
}

// Is reports whether target is ErrCorrupt or ErrTruncated as appropriate.
func (e *AOFError) Is(target error) bool { return target == e.kind }

// AOFCommandError is an error of the apply callback: loading stops at the
// command at Offset of File. Err says what is wrong with the command, as
// the first part of Redis's log line: "Unknown command 'x'", to which the
// loader adds " reading the append only file <file>".
type AOFCommandError struct {
	File   string
	Offset int64
	Err    error
}

func (e *AOFCommandError) Error() string {
	return fmt.Sprintf("persist: %s at offset %d: %v", e.File, e.Offset, e.Err)
}

func (e *AOFCommandError) Unwrap() error { return e.Err }

// aofReader parses the RESP commands of one AOF file. It never holds the
// file whole, and allocates an announced length only as its bytes arrive.
// One goroutine only.
type aofReader struct {
	name    string
	br      *bufio.Reader
	off     int64 // bytes consumed
	line    int64 // lines consumed (for the check tool's report)
	maxBulk int64

	validUpTo  int64 // end of the last complete record outside MULTI
	validLine  int64
	multi      bool
	multiStart int64
	block      [][][]byte // commands queued in the open MULTI block
	scratch    []byte
	ends       []int // end offsets of the arguments in scratch
	argv       [][]byte
	commands   int64
}

func newAOFReader(r io.Reader, name string, maxBulk int64) *aofReader {
	if maxBulk <= 0 {
		maxBulk = 512 << 20
	}
	return &aofReader{name: name, br: bufio.NewReaderSize(r, 256<<10), maxBulk: maxBulk}
}

func (r *aofReader) corrupt(off int64, format string, args ...any) error {
	return &AOFError{File: r.name, Offset: off, ValidUpTo: r.validUpTo, Msg: fmt.Sprintf(format, args...), kind: ErrCorrupt}
}

// desc names the part of a command being read, for error messages; its
// text is built only when an error needs it.
type desc struct {
	kind    int
	j, argc int64 // argument j (0-based) of argc
	n       int64 // bulk length
}

const (
	descCommand = iota
	descAnnotation
	descArgCount
	descArg
	descLen
	descBulk
)

func (d desc) String() string {
	switch d.kind {
	case descAnnotation:
		return "an annotation line"
	case descArgCount:
		return "the argument count"
	case descArg:
		return fmt.Sprintf("argument %d of %d", d.j+1, d.argc)
	case descLen:
		return fmt.Sprintf("the length of argument %d of %d", d.j+1, d.argc)
	case descBulk:
		return fmt.Sprintf("the %d bytes of argument %d of %d", d.n, d.j+1, d.argc)
	}
	return "a command"
}

func (r *aofReader) truncated(what string) error {
	return &AOFError{File: r.name, Offset: r.off, ValidUpTo: r.validUpTo,
		Msg: "the file ends inside " + what, kind: ErrTruncated}
}

// readErr turns a read error met while reading d into an AOFError.
func (r *aofReader) readErr(err error, d desc) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return r.truncated(d.String())
	}
	return fmt.Errorf("persist: %s at offset %d: reading %s: %w", r.name, r.off, d, err)
}

func (r *aofReader) readByte() (byte, error) {
	b, err := r.br.ReadByte()
	if err == nil {
		r.off++
	}
	return b, err
}

// showByte renders b for an error message.
func showByte(b byte) string {
	if b >= 0x20 && b < 0x7f {
		return fmt.Sprintf("'%c'", b)
	}
	return fmt.Sprintf("byte 0x%02x", b)
}

// readCRLF consumes "\r\n".
func (r *aofReader) readCRLF(what desc) error {
	for _, want := range []byte{'\r', '\n'} {
		at := r.off
		b, err := r.readByte()
		if err != nil {
			return r.readErr(err, what)
		}
		if b != want {
			return r.corrupt(at, "expected \"\\r\\n\" after %s, found %s", what, showByte(b))
		}
	}
	r.line++
	return nil
}

// readNumber reads the decimal digits after a '*' or '$' and the "\r\n"
// ending the line.
func (r *aofReader) readNumber(what desc) (int64, error) {
	var n int64
	digits := 0
	for {
		at := r.off
		b, err := r.readByte()
		if err != nil {
			return 0, r.readErr(err, what)
		}
		if b >= '0' && b <= '9' {
			if digits == 18 {
				return 0, r.corrupt(at, "%s has too many digits", what)
			}
			n = n*10 + int64(b-'0')
			digits++
			continue
		}
		if b != '\r' || digits == 0 {
			return 0, r.corrupt(at, "expected a digit in %s, found %s", what, showByte(b))
		}
		at = r.off
		if b, err = r.readByte(); err != nil {
			return 0, r.readErr(err, what)
		}
		if b != '\n' {
			return 0, r.corrupt(at, "expected \"\\r\\n\" after %s, found %s", what, showByte(b))
		}
		r.line++
		return n, nil
	}
}

// skipAnnotation consumes an annotation line after its '#'.
func (r *aofReader) skipAnnotation(start int64) error {
	for {
		b, err := r.readByte()
		if err != nil {
			return r.readErr(err, desc{kind: descAnnotation})
		}
		if b == '\n' {
			r.line++
			return nil
		}
		if r.off-start > maxAnnotation {
			return r.corrupt(start, "annotation line longer than %d bytes", maxAnnotation)
		}
	}
}

// readCommand reads the next command. At a clean end of the file it
// returns io.EOF. The argv slices are valid until the next call.
func (r *aofReader) readCommand() ([][]byte, error) {
	var start int64
	for {
		start = r.off
		b, err := r.readByte()
		if err == io.EOF {
			return nil, io.EOF
		}
		if err != nil {
			return nil, r.readErr(err, desc{kind: descCommand})
		}
		if b == '#' {
			if err := r.skipAnnotation(start); err != nil {
				return nil, err
			}
			if !r.multi {
				r.validUpTo, r.validLine = r.off, r.line
			}
			continue
		}
		if b != '*' {
			return nil, r.corrupt(start, "expected '*' starting a command, found %s", showByte(b))
		}
		break
	}
	argc, err := r.readNumber(desc{kind: descArgCount})
	if err != nil {
		return nil, err
	}
	if argc < 1 {
		return nil, r.corrupt(start, "a command with %d arguments", argc)
	}
	r.scratch = r.scratch[:0]
	r.argv = r.argv[:0]
	if cap(r.argv) < int(min(argc, maxPreallocArgs)) {
		r.argv = make([][]byte, 0, min(argc, maxPreallocArgs))
	}
	ends := r.ends[:0]
	for j := int64(0); j < argc; j++ {
		what := desc{kind: descArg, j: j, argc: argc}
		at := r.off
		b, err := r.readByte()
		if err != nil {
			return nil, r.readErr(err, what)
		}
		if b != '$' {
			return nil, r.corrupt(at, "expected '$' starting %s, found %s", what, showByte(b))
		}
		n, err := r.readNumber(desc{kind: descLen, j: j, argc: argc})
		if err != nil {
			return nil, err
		}
		if n > r.maxBulk {
			return nil, r.corrupt(at, "%s is %d bytes, more than proto-max-bulk-len (%d)", what, n, r.maxBulk)
		}
		for read := int64(0); read < n; {
			k := min(n-read, maxChunk)
			from := len(r.scratch)
			r.scratch = append(r.scratch, make([]byte, k)...)
			got, err := io.ReadFull(r.br, r.scratch[from:])
			r.off += int64(got)
			if err != nil {
				return nil, r.readErr(err, what)
			}
			read += k
		}
		if err := r.readCRLF(desc{kind: descBulk, j: j, argc: argc, n: n}); err != nil {
			return nil, err
		}
		ends = append(ends, len(r.scratch))
	}
	r.ends = ends
	from := 0
	for _, end := range ends {
		r.argv = append(r.argv, r.scratch[from:end:end])
		from = end
	}
	return r.argv, nil
}

// step reads up to budget commands and hands each to apply, holding back the
// commands of a MULTI block until its EXEC: a block cut short by the end of
// the file is never applied. It reports whether the file ended cleanly. A
// non-nil apply error stops loading and is returned naming the file and
// offset.
func (r *aofReader) step(budget int, apply func(argv [][]byte) error) (bool, error) {
	for ; budget > 0; budget-- {
		start := r.off
		argv, err := r.readCommand()
		if err == io.EOF {
			if r.multi {
				return false, &AOFError{File: r.name, Offset: r.off, ValidUpTo: r.validUpTo, TornMulti: true,
					Msg: fmt.Sprintf("the file ends inside the MULTI block starting at offset %d (no EXEC)", r.multiStart), kind: ErrTruncated}
			}
			return true, nil
		}
		if err != nil {
			return false, err
		}
		switch {
		case equalFold(string(argv[0]), "multi"):
			if r.multi {
				return false, r.corrupt(start, "MULTI inside the MULTI block starting at offset %d", r.multiStart)
			}
			r.multi, r.multiStart, r.block = true, start, r.block[:0]
		case equalFold(string(argv[0]), "exec"):
			if !r.multi {
				return false, r.corrupt(start, "EXEC without MULTI")
			}
			for _, q := range r.block {
				if err := r.apply(apply, q, r.multiStart); err != nil {
					return false, err
				}
			}
			r.multi, r.block = false, r.block[:0]
			r.validUpTo, r.validLine = r.off, r.line
		case r.multi:
			r.block = append(r.block, resp.CloneArgv(argv))
		default:
			if err := r.apply(apply, argv, start); err != nil {
				return false, err
			}
			r.validUpTo, r.validLine = r.off, r.line
		}
	}
	return false, nil
}

func (r *aofReader) apply(apply func([][]byte) error, argv [][]byte, at int64) error {
	r.commands++
	if apply == nil {
		return nil
	}
	if err := apply(argv); err != nil {
		return &AOFCommandError{File: r.name, Offset: at, Err: err}
	}
	return nil
}

// AOFLoadOptions tune AOF loading.
type AOFLoadOptions struct {
	// NowMs is the current unix time in ms (access times of base keys).
	NowMs int64
	// MaxBulkLen bounds every argument and string (proto-max-bulk-len).
	MaxBulkLen int64
	// LoadTruncated is aof-load-truncated: a last file that ends inside a
	// record (or MULTI block) is truncated to its last complete record
	// instead of stopping start-up.
	LoadTruncated bool
	// Logf receives Redis's loading log lines; warning marks warnings.
	Logf func(warning bool, format string, args ...any)
	// Encodings choose the base's aggregates' encodings (LoadOptions).
	Encodings Encodings
	// Pipeline decodes the base on a second goroutine (LoadOptions).
	Pipeline bool
}

// AOFLoadStats reports what an AOF load did.
type AOFLoadStats struct {
	BaseSize  int64 // bytes of the base file
	TotalSize int64 // bytes of the base and incremental files
	Keys      int   // keys loaded from the base
	Commands  int64 // commands applied from RESP files
	Truncated bool  // the last file was truncated
}

// AOFLoader loads a multi-part AOF: the base (an Ember snapshot, or RESP
// commands), then the incremental files in manifest order. Step loads a
// bounded amount, so the server can answer -LOADING in between.
//
// Commands go to apply, which runs them (the server's call path with
// propagation off, as Redis's fake AOF client); apply's errors stop loading.
// One goroutine only.
type AOFLoader struct {
	dir   string
	files []ManifestEntry // base first
	idx   int
	ks    *store.Keyspace
	apply func(argv [][]byte) error
	opts  AOFLoadOptions

	f       *os.File
	snap    *Loader
	resp    *aofReader
	started time.Time
	stats   AOFLoadStats
	// doneBytes is the size of the files already loaded; curSize the
	// current file's (Progress).
	doneBytes, curSize int64
}

// NewAOFLoader prepares to load the files m names from dir into ks. It
// fails if a file is missing. apply runs each command; its error stops
// loading (returned as an *AOFCommandError, logged as Redis logs an
// unknown command: the error text then " reading the append only file
// <file>").
func NewAOFLoader(dir string, m *Manifest, ks *store.Keyspace, apply func(argv [][]byte) error, opts AOFLoadOptions) (*AOFLoader, error) {
	l := &AOFLoader{dir: dir, ks: ks, apply: apply, opts: opts}
	if m.Base != nil {
		l.files = append(l.files, *m.Base)
	}
	l.files = append(l.files, m.Incr...)
	for i, e := range l.files {
		st, err := os.Stat(filepath.Join(dir, e.Name))
		if err != nil {
			return nil, fmt.Errorf("persist: unable to obtain the AOF file %s length: %w", e.Name, err)
		}
		if i == 0 && e.Type == AOFBase {
			l.stats.BaseSize = st.Size()
		}
		l.stats.TotalSize += st.Size()
	}
	return l, nil
}

// Stats returns what was loaded so far.
func (l *AOFLoader) Stats() AOFLoadStats { return l.stats }

// Progress returns the bytes of the AOF's files read so far and their
// total size (INFO's loading_loaded_bytes and loading_total_bytes).
func (l *AOFLoader) Progress() (read, size int64) {
	read = l.doneBytes
	switch {
	case l.snap != nil:
		n, _ := l.snap.Progress()
		read += n
	case l.resp != nil:
		read += l.resp.off
	}
	return read, l.stats.TotalSize
}

// LoadingBase reports whether the base file is being loaded: Step opened it
// and has not finished it.
func (l *AOFLoader) LoadingBase() bool { return l.snap != nil }

// Close releases the open file, if any.
func (l *AOFLoader) Close() {
	if l.snap != nil {
		l.snap.Close()
		l.snap = nil
	}
	if l.f != nil {
		l.f.Close()
		l.f = nil
	}
	l.resp = nil
}

func (l *AOFLoader) logf(warning bool, format string, args ...any) {
	if l.opts.Logf != nil {
		l.opts.Logf(warning, format, args...)
	}
}

// Step loads up to budget keys or commands and reports whether every file
// has been loaded. Errors name the file and the offset; a truncated last
// file under LoadTruncated is truncated on disk and loading goes on.
func (l *AOFLoader) Step(budget int) (bool, error) {
	for budget > 0 {
		if l.snap == nil && l.resp == nil {
			if l.idx == len(l.files) {
				return true, nil
			}
			if err := l.open(); err != nil {
				return false, err
			}
			continue
		}
		e := l.files[l.idx]
		var done bool
		var err error
		if l.snap != nil {
			done, err = l.snap.Step(budget)
			budget = 0
			if err != nil {
				l.logf(true, "Error reading the RDB base file %s, AOF loading aborted", e.Name)
				return false, err
			}
			l.stats.Keys = l.snap.Stats().Keys
		} else {
			before := l.resp.commands
			done, err = l.resp.step(budget, l.apply)
			budget -= int(l.resp.commands-before) + 1
			l.stats.Commands += l.resp.commands - before
			if err != nil {
				if done, err = l.truncated(err); err != nil {
					return false, err
				}
			}
		}
		if done {
			kind := "incr"
			if e.Type == AOFBase {
				kind = "base"
			}
			l.logf(false, "DB loaded from %s file %s: %.3f seconds", kind, e.Name, time.Since(l.started).Seconds())
			l.Close()
			l.idx++
			l.doneBytes += l.curSize
		}
	}
	return false, nil
}

// open opens the next file; an empty one is skipped.
func (l *AOFLoader) open() error {
	e := l.files[l.idx]
	path := filepath.Join(l.dir, e.Name)
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("persist: can't open the append log file %s for reading: %w", e.Name, err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return fmt.Errorf("persist: stat %s: %w", e.Name, err)
	}
	l.started = time.Now()
	l.curSize = st.Size()
	if st.Size() == 0 {
		f.Close()
		l.idx++
		return nil
	}
	var magicBuf [len(magic)]byte
	n, _ := io.ReadFull(f, magicBuf[:])
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		f.Close()
		return fmt.Errorf("persist: seek %s: %w", e.Name, err)
	}
	l.f = f
	switch string(magicBuf[:n]) {
	case magic:
		l.logf(false, "Reading RDB base file on AOF loading...")
		l.snap, err = NewLoader(f, e.Name, l.ks, LoadOptions{NowMs: l.opts.NowMs, MaxStringLen: l.opts.MaxBulkLen,
			Encodings: l.opts.Encodings, KeepExpired: true, Pipeline: l.opts.Pipeline})
		if err != nil {
			l.Close()
			return err
		}
	case "REDIS":
		l.Close()
		return fmt.Errorf("persist: %s at offset 0: a Redis RDB file; Ember reads only its own snapshot format: %w", e.Name, ErrCorrupt)
	default:
		l.resp = newAOFReader(f, e.Name, l.opts.MaxBulkLen)
	}
	return nil
}

// truncated handles a RESP file error: a truncated last file is cut back
// under LoadTruncated, as Redis's loadSingleAppendOnlyFile does; anything
// else is logged as Redis logs it and returned.
func (l *AOFLoader) truncated(err error) (bool, error) {
	name := l.files[l.idx].Name
	var ae *AOFError
	var ce *AOFCommandError
	switch {
	case errors.As(err, &ce):
		l.logf(true, "%v reading the append only file %s", ce.Err, name)
		return false, err
	case !errors.As(err, &ae):
		l.logf(true, "Unrecoverable error reading the append only file %s: %v", name, err)
		return false, err
	case !errors.Is(err, ErrTruncated):
		l.logf(true, "Bad file format reading the append only file %s: make a backup of your AOF file, then use ember check-aof --fix <filename.manifest>", name)
		return false, err
	}
	last := l.idx == len(l.files)-1
	if ae.TornMulti {
		l.logf(true, "Revert incomplete MULTI/EXEC transaction in AOF file %s", name)
	}
	if !last {
		l.logf(true, "Fatal error: the truncated file is not the last file")
		return false, fmt.Errorf("%w (the truncated file is not the last file)", err)
	}
	if !l.opts.LoadTruncated {
		l.logf(true, "Unexpected end of file reading the append only file %s. You can: "+
			"1) Make a backup of your AOF file, then use ember check-aof --fix <filename.manifest>. "+
			"2) Alternatively you can set the 'aof-load-truncated' configuration option to yes and restart the server.", name)
		return false, err
	}
	l.logf(true, "!!! Warning: short read while loading the AOF file %s!!!", name)
	l.logf(true, "!!! Truncating the AOF %s at offset %d !!!", name, ae.ValidUpTo)
	l.Close()
	if terr := os.Truncate(filepath.Join(l.dir, name), ae.ValidUpTo); terr != nil {
		l.logf(true, "Error truncating the AOF file %s: %v", name, terr)
		return false, fmt.Errorf("persist: truncate %s: %w", name, terr)
	}
	l.logf(true, "AOF %s loaded anyway because aof-load-truncated is enabled", name)
	l.stats.Truncated = true
	l.stats.TotalSize -= ae.Offset - ae.ValidUpTo
	return true, nil
}

// LoadAOFFile applies every command of one RESP AOF file (no base) to
// apply: for tests and tools. A truncated file is an error.
func LoadAOFFile(path string, apply func(argv [][]byte) error) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	r := newAOFReader(f, filepath.Base(path), 0)
	for {
		done, err := r.step(1<<20, apply)
		if err != nil {
			return r.commands, err
		}
		if done {
			return r.commands, nil
		}
	}
}
