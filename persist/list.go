package persist

import (
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
	for i := 0; i < n; i++ {
		e, err := l.readString("a list element")
		if err != nil {
			return nil, err
		}
		list.PushTail(e)
	}
	return list, nil
}
