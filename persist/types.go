package persist

import (
	"encoding/binary"
	"fmt"

	"github.com/ember-db/ember/store"
)

// appendAggregate writes the KEY record of a hash, set or sorted set (see
// doc.go for the layouts).
func appendAggregate(b []byte, key string, v store.Value) []byte {
	switch v := v.(type) {
	case *store.List:
		return appendList(b, key, v)
	case *store.Hash:
		b = append(b, typeHash)
		b = appendString(b, key)
		b = binary.AppendUvarint(b, uint64(v.Len()))
		for i := 0; i < v.Len(); i++ {
			f, val := v.At(i)
			b = appendString(b, f)
			b = appendString(b, val)
		}
		return b
	case *store.Set:
		b = append(b, typeSet)
		b = appendString(b, key)
		b = binary.AppendUvarint(b, uint64(v.Len()))
		for i := 0; i < v.Len(); i++ {
			start := len(b)
			b = v.AppendMember(append(b, make([]byte, binary.MaxVarintLen64)...), i)
			b = fixLength(b, start)
		}
		return b
	case *store.ZSet:
		b = append(b, typeZSet)
		b = appendString(b, key)
		b = binary.AppendUvarint(b, uint64(v.Len()))
		for n := v.First(); n != nil; n = n.Next() {
			b = appendString(b, n.Member)
			b = appendFloat(b, n.Score)
		}
		return b
	}
	panic(fmt.Sprintf("persist: cannot encode a %T", v))
}

// fixLength turns b[start:], a MaxVarintLen64-byte hole followed by a
// member's bytes, into a uvarint length and the bytes, without a copy of
// the member through a temporary.
func fixLength(b []byte, start int) []byte {
	n := len(b) - start - binary.MaxVarintLen64
	var hdr [binary.MaxVarintLen64]byte
	h := binary.PutUvarint(hdr[:], uint64(n))
	copy(b[start:], hdr[:h])
	copy(b[start+h:], b[start+binary.MaxVarintLen64:])
	return b[:start+h+n]
}

// readAggregate decodes the value of an aggregate type opcode. Encodings
// (listpack, intset, hashtable, skiplist) follow from the thresholds in
// LoadOptions, as Redis chooses them again when it loads.
func (l *Loader) readAggregate(typ byte) (store.Value, error) {
	enc := &l.opts.Encodings
	switch typ {
	case typeHash:
		n, err := l.readCount("a hash length")
		if err != nil {
			return nil, err
		}
		if n == 0 {
			return nil, l.corrupt("empty hash")
		}
		h := store.NewHash()
		h.Reserve(min(n, maxSizeHint))
		// Small hashes in one read; large ones a field-value pair at a time.
		for i := 0; i < n; {
			k := n - i
			if k > arenaMax {
				k = 1
			}
			if err := l.readElems(2*k, false, "a hash field", "a hash value"); err != nil {
				return nil, err
			}
			arena := l.arena()
			for j := 0; j < k; j++ {
				f := l.elem(arena, 2*j)
				if !h.SetString(f, l.elem(arena, 2*j+1), enc.HashMaxListpackEntries, enc.HashMaxListpackValue) {
					return nil, l.corrupt("duplicate hash field %q", f)
				}
			}
			i += k
		}
		return h, nil
	case typeSet:
		n, err := l.readCount("a set length")
		if err != nil {
			return nil, err
		}
		if n == 0 {
			return nil, l.corrupt("empty set")
		}
		s := store.NewSet()
		for i := 0; i < n; {
			k := n - i
			if k > arenaMax {
				k = 1
			}
			if err := l.readElems(k, false, "a set member"); err != nil {
				return nil, err
			}
			arena := l.arena()
			for j := 0; j < k; j++ {
				m := l.elem(arena, j)
				if !s.AddString(m, enc.SetMaxIntsetEntries) {
					return nil, l.corrupt("duplicate set member %q", m)
				}
				if i == 0 && j == 0 {
					s.Reserve(min(n, maxSizeHint) - 1) // a hashtable from the first member
				}
			}
			i += k
		}
		return s, nil
	case typeZSet:
		n, err := l.readCount("a sorted set length")
		if err != nil {
			return nil, err
		}
		if n == 0 {
			return nil, l.corrupt("empty sorted set")
		}
		lim := store.ZSetLimits{MaxListpackEntries: enc.ZsetMaxListpackEntries, MaxListpackValue: enc.ZsetMaxListpackValue}
		z := store.NewZSet()
		z.Reserve(min(n, maxSizeHint))
		for i := 0; i < n; {
			k := n - i
			if k > arenaMax {
				k = 1
			}
			if err := l.readElems(k, true, "a sorted set member"); err != nil {
				return nil, err
			}
			arena := l.arena()
			if k == n {
				// A small set in one read: the file holds it in ascending
				// order, so the skiplist is linked in one pass.
				l.members = l.members[:0]
				for j := 0; j < k; j++ {
					l.members = append(l.members, l.elem(arena, j))
				}
				ok := z.LoadSorted(l.members, l.scores, lim)
				clear(l.members)
				if ok {
					break
				}
			}
			for j := 0; j < k; j++ {
				m := l.elem(arena, j)
				if !z.SetString(m, l.scores[j], lim) {
					return nil, l.corrupt("duplicate sorted set member %q", m)
				}
			}
			i += k
		}
		return z, nil
	}
	return l.readList(typ)
}
