package persist

import (
	"encoding/binary"
	"hash/crc64"
	"math"

	"github.com/ember-db/ember/store"
)

// Snapshot format constants (see doc.go).
const (
	magic         = "EMBER"
	formatVersion = 1

	flagCompressed = 1 << 0
	flagChecksum   = 1 << 1

	opAux        = 0xFA
	opResizeDB   = 0xFB
	opExpireTime = 0xFC
	opSelectDB   = 0xFE
	opEOF        = 0xFF

	typeString = 0x00
	typeList   = 0x01
	typeSet    = 0x02
	typeZSet   = 0x03
	typeHash   = 0x04

	headerLen = len(magic) + 3
)

var crcTable = crc64.MakeTable(crc64.ECMA)

// Encoder turns entries into snapshot body records in memory. The executor
// owns it; the bytes go to a Writer in chunks (Take).
// Executor goroutine only.
type Encoder struct {
	buf []byte
	db  int // db of the last SELECTDB written, -1 before the first
}

// NewEncoder returns an Encoder positioned before any SELECTDB.
func NewEncoder() *Encoder { return &Encoder{db: -1} }

// Aux writes an AUX field (ember-ver, ctime, used-mem, ...).
func (e *Encoder) Aux(name, value string) {
	e.buf = append(e.buf, opAux)
	e.buf = appendString(e.buf, name)
	e.buf = appendString(e.buf, value)
}

// ResizeDB writes a SELECTDB for dbid followed by its sizing hint.
func (e *Encoder) ResizeDB(dbid, keys, expires int) {
	e.selectDB(dbid)
	e.buf = append(e.buf, opResizeDB)
	e.buf = binary.AppendUvarint(e.buf, uint64(keys))
	e.buf = binary.AppendUvarint(e.buf, uint64(expires))
}

func (e *Encoder) selectDB(dbid int) {
	if e.db == dbid {
		return
	}
	e.db = dbid
	e.buf = append(e.buf, opSelectDB)
	e.buf = binary.AppendUvarint(e.buf, uint64(dbid))
}

// Entry writes one key of db dbid with its value and expire.
func (e *Encoder) Entry(dbid int, ent *store.Entry) {
	e.selectDB(dbid)
	if ent.Expire != 0 {
		e.buf = append(e.buf, opExpireTime)
		e.buf = binary.LittleEndian.AppendUint64(e.buf, uint64(ent.Expire))
	}
	e.buf = appendValue(e.buf, ent.Key, ent.Value)
}

// Len returns the bytes encoded and not yet taken.
func (e *Encoder) Len() int { return len(e.buf) }

// Take returns the encoded bytes and starts a new chunk; the caller owns
// the returned slice.
func (e *Encoder) Take() []byte { return e.TakeInto(nil) }

// TakeInto is Take continuing in next (emptied), a buffer a Writer has
// written (Writer.Recycled); a new one when next is nil.
func (e *Encoder) TakeInto(next []byte) []byte {
	b := e.buf
	if next == nil {
		next = make([]byte, 0, max(cap(b), 64<<10))
	}
	e.buf = next[:0]
	return b
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendBytes(b, s []byte) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendFloat(b []byte, f float64) []byte {
	return binary.LittleEndian.AppendUint64(b, math.Float64bits(f))
}

// appendValue writes a KEY record: type opcode, key, value.
func appendValue(b []byte, key string, v store.Value) []byte {
	switch v := v.(type) {
	case *store.String:
		b = append(b, typeString)
		b = appendString(b, key)
		return appendBytes(b, v.B)
	}
	return appendAggregate(b, key, v)
}
