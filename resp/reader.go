package resp

import (
	"errors"
	"io"
	"math"
	"sync/atomic"
)

// Redis's fixed protocol limits (server.h).
const (
	// InlineMax is PROTO_INLINE_MAX_SIZE: the longest inline command line, and
	// the longest "*<count>" or "$<len>" header line, in bytes.
	InlineMax = 64 * 1024
	// unauthMultibulkMax and unauthBulkMax are the largest multibulk count and
	// bulk length a client that still has to AUTH may announce (Redis 7.0.15).
	unauthMultibulkMax = 10
	unauthBulkMax      = 16384
	// readChunk is the least free space offered to each read(2), in bytes.
	readChunk = 16 * 1024
	// maxArgvPrealloc bounds the argv capacity reserved from an announced
	// multibulk count, so a 20-byte header cannot make us allocate gigabytes.
	maxArgvPrealloc = 1024
)

// Limits are the configurable bounds of a Reader. They are shared by every
// connection and changed at runtime by CONFIG SET, so they are atomics.
// Safe for concurrent use.
type Limits struct {
	// MaxBulkLen is proto-max-bulk-len, in bytes.
	MaxBulkLen atomic.Int64
	// MaxQueryBuffer is client-query-buffer-limit, in bytes: the most a client
	// may have buffered but not yet executed.
	MaxQueryBuffer atomic.Int64
}

// NewLimits returns Redis's defaults: 512mb bulks, a 1gb query buffer.
func NewLimits() *Limits {
	l := &Limits{}
	l.MaxBulkLen.Store(512 << 20)
	l.MaxQueryBuffer.Store(1 << 30)
	return l
}

// ProtocolError is a malformed request. Its text is what Redis replies after
// "-ERR Protocol error: "; the connection is closed after the reply.
type ProtocolError struct{ Msg string }

func (e *ProtocolError) Error() string { return "Protocol error: " + e.Msg }

// ErrQueryBufferLimit means the client buffered more than
// client-query-buffer-limit bytes of unexecuted input. Redis closes such a
// client without a reply.
var ErrQueryBufferLimit = errors.New("resp: client reached max query buffer length")

// Reader parses client requests: RESP multibulk arrays and inline commands,
// with Redis's limits and error texts (networking.c processMultibulkBuffer and
// processInlineBuffer). It keeps the state of a partly received command, so a
// large command arriving in many reads is parsed once, not once per read.
//
// One goroutine only: the connection's.
type Reader struct {
	rd     io.Reader
	limits *Limits
	// NeedAuth reports whether the client must still authenticate; while it
	// does, Redis accepts only small multibulk counts and bulk lengths.
	NeedAuth func() bool

	buf   []byte
	start int // start of the command being parsed (everything before it is consumed)
	pos   int // parse position
	end   int // end of the received data

	// State of a multibulk command in progress.
	argc    int   // arguments still to read; 0 when between commands
	bulkLen int   // length of the bulk being read, -1 while its "$" line is awaited
	offs    []int // start,end offsets into buf of the arguments read so far

	argvs [][][]byte
	// slab backs the argv slices of one ReadPipeline call, so a pipeline of
	// small commands costs no allocation per command.
	slab [][]byte
}

// NewReader returns a Reader of rd bounded by limits (which must not be nil).
func NewReader(rd io.Reader, limits *Limits) *Reader {
	return &Reader{rd: rd, limits: limits, bulkLen: -1}
}

// ReadPipeline blocks until at least one complete command has arrived, then
// returns every complete command buffered. Each command is an argv: argv[0]
// is the command name. The argv slices point into the Reader's buffer and are
// valid only until the next call of ReadPipeline; callers must copy what they
// keep. Empty commands ("*0", "*-1", blank inline lines) are skipped.
//
// When the input is malformed, ReadPipeline returns the commands that came
// before the fault together with a *ProtocolError; the caller should execute
// them, reply "-ERR " + err.Error() and close. It returns ErrQueryBufferLimit
// when the unexecuted input exceeds client-query-buffer-limit, and the read
// error (io.EOF, net.ErrClosed, ...) when the connection ends.
func (r *Reader) ReadPipeline() ([][][]byte, error) {
	r.argvs = r.argvs[:0]
	r.slab = r.slab[:0]
	r.compact()
	for {
		if err := r.parse(); err != nil {
			return r.argvs, err
		}
		if len(r.argvs) > 0 {
			return r.argvs, nil
		}
		if int64(r.end-r.start) > r.limits.MaxQueryBuffer.Load() {
			return nil, ErrQueryBufferLimit
		}
		if err := r.fill(); err != nil {
			return nil, err
		}
	}
}

// Buffered reports the bytes received and not yet returned as commands: the
// qbuf field of CLIENT LIST.
func (r *Reader) Buffered() int { return r.end - r.start }

// compact drops consumed input, moving a partial command to the buffer start.
func (r *Reader) compact() {
	if r.start == 0 {
		return
	}
	n := copy(r.buf, r.buf[r.start:r.end])
	for i := range r.offs {
		r.offs[i] -= r.start
	}
	r.pos -= r.start
	r.end = n
	r.start = 0
}

// fill reads once from the connection, first making room: it compacts, and
// doubles the buffer only when a single command needs more than it holds.
func (r *Reader) fill() error {
	if len(r.buf)-r.end < readChunk {
		r.compact()
	}
	if len(r.buf)-r.end < readChunk {
		size := 2 * len(r.buf)
		if size < r.end+readChunk {
			size = r.end + readChunk
		}
		nb := make([]byte, size)
		copy(nb, r.buf[:r.end])
		r.buf = nb
	}
	n, err := r.rd.Read(r.buf[r.end:])
	r.end += n
	if n > 0 {
		return nil
	}
	if err == nil {
		err = io.ErrNoProgress
	}
	return err
}

// parse appends every complete command in buf[pos:end] to r.argvs.
func (r *Reader) parse() error {
	for r.pos < r.end {
		var done bool
		var err error
		if r.argc == 0 && r.buf[r.pos] != '*' {
			done, err = r.parseInline()
		} else {
			done, err = r.parseMultibulk()
		}
		if err != nil || !done {
			return err
		}
	}
	return nil
}

// line returns the index of the '\r' ending the header line at pos, or -1.
func (r *Reader) line() int {
	for i := r.pos; i < r.end; i++ {
		if r.buf[i] == '\r' {
			return i
		}
	}
	return -1
}

func (r *Reader) parseMultibulk() (bool, error) {
	if r.argc == 0 {
		cr := r.line()
		if cr < 0 || cr+1 >= r.end {
			if r.end-r.pos > InlineMax {
				return false, &ProtocolError{"too big mbulk count string"}
			}
			return false, nil
		}
		n, ok := parseInt(r.buf[r.pos+1 : cr])
		if !ok || n > math.MaxInt32 {
			return false, &ProtocolError{"invalid multibulk length"}
		}
		if n > unauthMultibulkMax && r.NeedAuth != nil && r.NeedAuth() {
			return false, &ProtocolError{"unauthenticated multibulk length"}
		}
		r.pos = cr + 2
		if n <= 0 { // "*0" and "*-1" are empty commands
			r.start = r.pos
			return true, nil
		}
		r.argc = int(n)
		r.bulkLen = -1
		r.offs = r.offs[:0]
		if cap(r.offs) < 2*min(r.argc, maxArgvPrealloc) {
			r.offs = make([]int, 0, 2*min(r.argc, maxArgvPrealloc))
		}
	}
	for r.argc > 0 {
		if r.bulkLen < 0 {
			if r.pos >= r.end {
				return false, nil
			}
			cr := r.line()
			if cr < 0 || cr+1 >= r.end {
				if r.end-r.pos > InlineMax {
					return false, &ProtocolError{"too big bulk count string"}
				}
				return false, nil
			}
			if r.buf[r.pos] != '$' {
				return false, &ProtocolError{"expected '$', got '" + string(r.buf[r.pos]) + "'"}
			}
			n, ok := parseInt(r.buf[r.pos+1 : cr])
			if !ok || n < 0 || n > r.limits.MaxBulkLen.Load() {
				return false, &ProtocolError{"invalid bulk length"}
			}
			if n > unauthBulkMax && r.NeedAuth != nil && r.NeedAuth() {
				return false, &ProtocolError{"unauthenticated bulk length"}
			}
			r.pos = cr + 2
			r.bulkLen = int(n)
		}
		// The two bytes after the payload are skipped unchecked, as Redis does.
		if r.end-r.pos < r.bulkLen+2 {
			return false, nil
		}
		r.offs = append(r.offs, r.pos, r.pos+r.bulkLen)
		r.pos += r.bulkLen + 2
		r.bulkLen = -1
		r.argc--
	}
	n := len(r.offs) / 2
	if cap(r.slab)-len(r.slab) < n {
		r.slab = make([][]byte, 0, max(2*cap(r.slab), n, 64))
	}
	argv := r.slab[len(r.slab) : len(r.slab)+n : len(r.slab)+n]
	r.slab = r.slab[:len(r.slab)+n]
	for i := range argv {
		argv[i] = r.buf[r.offs[2*i]:r.offs[2*i+1]:r.offs[2*i+1]]
	}
	r.argvs = append(r.argvs, argv)
	r.start = r.pos
	return true, nil
}

func (r *Reader) parseInline() (bool, error) {
	nl := -1
	for i := r.pos; i < r.end; i++ {
		if r.buf[i] == '\n' {
			nl = i
			break
		}
	}
	if nl < 0 {
		if r.end-r.pos > InlineMax {
			return false, &ProtocolError{"too big inline request"}
		}
		return false, nil
	}
	line := r.buf[r.pos:nl]
	if len(line) > 0 && line[len(line)-1] == '\r' {
		line = line[:len(line)-1]
	}
	argv, ok := SplitArgs(line)
	if !ok {
		return false, &ProtocolError{"unbalanced quotes in request"}
	}
	r.pos = nl + 1
	r.start = r.pos
	if len(argv) > 0 {
		r.argvs = append(r.argvs, argv)
	}
	return true, nil
}

// parseInt parses a decimal int64 exactly as Redis's string2ll: an optional
// '-', no '+', no spaces, no leading zeros, no overflow.
func parseInt[T string | []byte](b T) (int64, bool) {
	if len(b) == 0 || len(b) > 20 {
		return 0, false
	}
	if len(b) == 1 && b[0] == '0' {
		return 0, true
	}
	neg := b[0] == '-'
	if neg {
		b = b[1:]
		if len(b) == 0 {
			return 0, false
		}
	}
	if b[0] < '1' || b[0] > '9' {
		return 0, false
	}
	var v uint64
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		d := uint64(c - '0')
		if v > (math.MaxUint64-d)/10 {
			return 0, false
		}
		v = v*10 + d
	}
	if neg {
		if v > 1<<63 {
			return 0, false
		}
		return -int64(v), true
	}
	if v > math.MaxInt64 {
		return 0, false
	}
	return int64(v), true
}

// ParseInt parses b as Redis's string2ll does; exported for the command layer.
func ParseInt(b []byte) (int64, bool) { return parseInt(b) }

// ParseIntOf is ParseInt for a string or a byte slice.
func ParseIntOf[T string | []byte](b T) (int64, bool) { return parseInt(b) }
