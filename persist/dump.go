package persist

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc64"

	"github.com/ember-db/ember/store"
)

// DUMP payloads (the DUMP and RESTORE commands) use the snapshot encoding of
// one value, with Redis's footer layout:
//
//	type opcode, value   as a KEY record of the snapshot body, without the key
//	version              2 bytes little-endian: dumpVersion
//	checksum             8 bytes little-endian CRC-64/ECMA of all bytes before
//
// Like the snapshot format it is Ember's own: Redis cannot RESTORE it, nor
// Ember a payload from Redis (the version check refuses both ways).
const dumpVersion = 0xEB00 | formatVersion

// Errors of ParseDump; their texts are RESTORE's error replies.
var (
	ErrDumpVersion = errors.New("DUMP payload version or checksum are wrong")
	ErrDumpData    = errors.New("Bad data format")
)

// Dump returns the DUMP payload of v.
func Dump(v store.Value) []byte {
	b := appendValue(nil, "", v)
	// appendValue wrote the type, an empty key (one zero byte), the value:
	// drop the key.
	b = append(b[:1], b[2:]...)
	b = binary.LittleEndian.AppendUint16(b, dumpVersion)
	return binary.LittleEndian.AppendUint64(b, crc64.Checksum(b, crcTable))
}

// ParseDump decodes a DUMP payload. It returns ErrDumpVersion when the
// footer does not check out and ErrDumpData when the value is malformed.
// Encodings are chosen again from enc, as after loading a snapshot.
func ParseDump(p []byte, enc Encodings, maxStringLen int64) (store.Value, error) {
	if len(p) < 11 {
		return nil, ErrDumpVersion
	}
	body, footer := p[:len(p)-10], p[len(p)-10:]
	if binary.LittleEndian.Uint16(footer) != dumpVersion ||
		binary.LittleEndian.Uint64(footer[2:]) != crc64.Checksum(p[:len(p)-8], crcTable) {
		return nil, ErrDumpVersion
	}
	if maxStringLen <= 0 {
		maxStringLen = 512 << 20
	}
	if enc == (Encodings{}) {
		enc = DefaultEncodings()
	}
	br := bytes.NewReader(body[1:])
	l := &Loader{path: "DUMP payload", opts: LoadOptions{MaxStringLen: maxStringLen, Encodings: enc},
		r: &countingReader{r: bufio.NewReader(br)}, tail: &crcTailReader{}}
	v, err := l.readValue(body[0])
	if err != nil || br.Len() != 0 || l.r.r.Buffered() != 0 {
		return nil, ErrDumpData
	}
	return v, nil
}
