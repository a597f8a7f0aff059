package persist

import (
	"bytes"
	"encoding/binary"

	"github.com/ember-db/ember/store"
)

// appendList writes a list's KEY record: n, then the elements head to tail.
func appendList(b []byte, key string, l *store.List) []byte {
	b = append(b, typeList)
	b = appendString(b, key)
	b = binary.AppendUvarint(b, uint64(l.Len()))
	for i := 0; i < l.Len(); i++ {
		b = appendBytes(b, l.Index(i))
	}
	return b
}

// readList decodes a list value (typeList); any other opcode is unknown.
func (l *Loader) readList(typ byte) (store.Value, error) {
	if typ != typeList {
		return nil, l.corrupt("unknown value type 0x%02x", typ)
	}
	n, err := l.readCount("a list length")
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, l.corrupt("empty list")
	}
	list := store.NewList()
	list.Reserve(min(n, maxSizeHint))
	if n <= arenaMax {
		// One allocation for the elements of a small list (see arenaMax).
		if err := l.readElems(n, false, "a list element"); err != nil {
			return nil, err
		}
		if len(l.scratch) <= arenaMaxBytes {
			arena := append(make([]byte, 0, len(l.scratch)), l.scratch...)
			start := 0
			for _, end := range l.ends {
				list.PushTail(arena[start:end:end]) // full slice: an append copies
				start = end
			}
			return list, nil
		}
		start := 0
		for _, end := range l.ends {
			list.PushTail(bytes.Clone(l.scratch[start:end]))
			start = end
		}
		return list, nil
	}
	for i := 0; i < n; i++ {
		e, err := l.readString("a list element")
		if err != nil {
			return nil, err
		}
		list.PushTail(e)
	}
	return list, nil
}
