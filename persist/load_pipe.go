package persist

import (
	"github.com/ember-db/ember/store"
)

// Pipelined loading (LoadOptions.Pipeline). A decoder goroutine reads the
// file: decompression, checksum, parsing and building every value. It hands
// the keys over in batches; Step, on the caller's goroutine, only adds them
// to the keyspace, which the decoder never touches. A value built by the
// decoder is not touched by it again once its batch is sent. Loading 1M
// mixed keys spends about a third of its time adding keys and two thirds
// decoding, so with two cores the two halves overlap.

// pipeBatchKeys is how many keys a batch carries; pipeDepth how many
// batches may wait decoded (memory: a few thousand values ahead).
const (
	pipeBatchKeys = 1024
	pipeDepth     = 4
)

// loadItem is one decoded key, or with v nil a RESIZEDB hint.
type loadItem struct {
	db      *store.DB
	keyEnd  int // the key is keys[previous item's keyEnd:keyEnd]
	v       store.Value
	expire  int64
	reserve int
	off     int64 // body offset after the record, for errors
}

// loadBatch is what the decoder hands over: items, then (in the last
// batch) the error that stopped it or the end of the file.
type loadBatch struct {
	items []loadItem
	keys  []byte
	err   error
	done  bool
}

type loadPipe struct {
	full, free chan *loadBatch
	quit       chan struct{}
	exited     chan struct{}
	cur        *loadBatch // decoder: the batch being filled
	// The caller's side: the batch being consumed and its next item, and
	// whether the last batch (done) was consumed.
	in       *loadBatch
	next     int
	finished bool
	err      error // the load failed: Step keeps answering it
}

// startPipe starts the decoder goroutine.
func (l *Loader) startPipe() {
	p := &loadPipe{full: make(chan *loadBatch, pipeDepth), free: make(chan *loadBatch, pipeDepth+2),
		quit: make(chan struct{}), exited: make(chan struct{})}
	l.pipe = p
	go l.decode()
}

// decode is the decoder goroutine: records until the end of the file or
// an error, which goes out after the keys decoded before it.
func (l *Loader) decode() {
	p := l.pipe
	defer close(p.exited)
	p.cur = p.newBatch()
	var err error
	for !l.done && err == nil {
		err = l.record(nil)
		if len(p.cur.items) >= pipeBatchKeys && !p.send() {
			return
		}
	}
	p.cur.err, p.cur.done = err, err == nil
	p.send()
}

// newBatch returns an empty batch, recycled when one is free.
func (p *loadPipe) newBatch() *loadBatch {
	select {
	case b := <-p.free:
		return b
	default:
		return &loadBatch{items: make([]loadItem, 0, pipeBatchKeys), keys: make([]byte, 0, 32*pipeBatchKeys)}
	}
}

// send hands the current batch over and starts a new one. It reports false
// when the loader was closed meanwhile.
func (p *loadPipe) send() bool {
	select {
	case p.full <- p.cur:
	case <-p.quit:
		return false
	}
	p.cur = p.newBatch()
	return true
}

// put appends a decoded key (or a RESIZEDB hint) to the current batch; the
// key bytes are copied, the value handed over. Decoder goroutine.
func (p *loadPipe) put(db *store.DB, key []byte, v store.Value, expire int64, reserve int, off int64) {
	b := p.cur
	b.keys = append(b.keys, key...)
	b.items = append(b.items, loadItem{db: db, keyEnd: len(b.keys), v: v, expire: expire, reserve: reserve, off: off})
}

// pipeStep is Step with a decoder goroutine: it adds up to budget decoded
// keys, waiting for the decoder when it is behind.
func (l *Loader) pipeStep(budget int) (bool, error) {
	if l.pipe == nil {
		l.startPipe()
	}
	p := l.pipe
	if p.finished || p.err != nil {
		return p.finished, p.err
	}
	for budget > 0 {
		if p.in == nil {
			p.in, p.next = <-p.full, 0
		}
		b := p.in
		for ; p.next < len(b.items) && budget > 0; p.next++ {
			it := &b.items[p.next]
			if it.v == nil {
				it.db.Reserve(it.reserve)
				continue
			}
			start := 0
			if p.next > 0 {
				start = b.items[p.next-1].keyEnd
			}
			if err := l.add(it.db, b.keys[start:it.keyEnd], it.v, it.expire, it.off); err != nil {
				p.err = err
				return false, err
			}
			it.v = nil
			budget--
		}
		if p.next < len(b.items) {
			break
		}
		p.in = nil
		if b.err != nil {
			p.err = b.err
			return false, b.err
		}
		if b.done {
			p.finished = true
			return true, nil
		}
		clear(b.items)
		b.items, b.keys = b.items[:0], b.keys[:0]
		select {
		case p.free <- b:
		default:
		}
	}
	return false, nil
}

// stopPipe stops the decoder goroutine, if any, and waits for it: the file
// and the zstd decoder it reads may be closed after.
func (l *Loader) stopPipe() {
	if p := l.pipe; p != nil {
		select {
		case <-p.quit:
		default:
			close(p.quit)
		}
		<-p.exited
	}
}
