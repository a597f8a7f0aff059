package store

// Hash is a hash value: distinct fields, each with a string value.
//
// Fields live at dense positions 0..Len()-1 (At), so a random field is O(1).
// While the hash is small enough for Redis to keep it as a listpack, the
// positions keep insertion order, removals included, which is the order
// Redis replies in (HGETALL, HKEYS, ...); once converted to "hashtable" the
// order is arbitrary and removal is O(1). Conversion is one-way, as in Redis.
//
// Executor goroutine only.
type Hash struct {
	d  dense[string]
	ht bool // converted to the hashtable encoding
}

// NewHash returns an empty hash in the listpack encoding (Redis's
// createHashObject).
func NewHash() *Hash { return &Hash{} }

// Type returns "hash".
func (h *Hash) Type() string { return "hash" }

// Encoding returns "listpack" until the hash was converted, "hashtable" after.
func (h *Hash) Encoding() string {
	if h.ht {
		return "hashtable"
	}
	return "listpack"
}

// Copy returns a deep copy in the same encoding.
func (h *Hash) Copy() Value { return &Hash{d: h.d.clone(), ht: h.ht} }

// Len returns the number of fields.
func (h *Hash) Len() int { return h.d.len() }

// Listpack reports whether the hash is still in the listpack encoding.
func (h *Hash) Listpack() bool { return !h.ht }

// Convert switches the hash to the hashtable encoding for good.
func (h *Hash) Convert() { h.ht = true }

// ConvertIfLong converts the hash when one of args is longer than maxValue
// bytes (hash-max-listpack-value). Mirrors hashTypeTryConversion in Redis's
// t_hash.c, which HSET and HMSET run on all their fields and values first.
func (h *Hash) ConvertIfLong(maxValue int64, args ...[]byte) {
	if h.ht {
		return
	}
	for _, a := range args {
		if int64(len(a)) > maxValue {
			h.ht = true
			return
		}
	}
}

// Get returns the value of field and whether the field exists.
func (h *Hash) Get(field []byte) (string, bool) {
	i := h.d.find(field)
	if i < 0 {
		return "", false
	}
	return h.d.vals[i], true
}

// Exists reports whether field exists.
func (h *Hash) Exists(field []byte) bool { return h.d.find(field) >= 0 }

// Set stores value at field, copying both, and reports whether the field is
// new. An existing field keeps its position. maxEntries and maxValue are
// hash-max-listpack-entries and hash-max-listpack-value: the hash converts
// to the hashtable encoding when the field or value is longer than maxValue
// bytes or it ends up with more than maxEntries fields (Redis's hashTypeSet).
func (h *Hash) Set(field, value []byte, maxEntries, maxValue int64) bool {
	return hashSet(h, field, value, maxEntries, maxValue)
}

// SetString is Set for a field and value held as strings: they are stored
// as they are, without a copy (the snapshot loader hands in substrings of
// one buffer per hash, as a listpack holds a small hash in one allocation).
func (h *Hash) SetString(field, value string, maxEntries, maxValue int64) bool {
	return hashSet(h, field, value, maxEntries, maxValue)
}

func hashSet[T string | []byte](h *Hash, field, value T, maxEntries, maxValue int64) bool {
	if !h.ht && (int64(len(field)) > maxValue || int64(len(value)) > maxValue) {
		h.ht = true
	}
	if i := denseFind(&h.d, field); i >= 0 {
		h.d.vals[i] = string(value)
		return false
	}
	h.d.add(string(field), string(value))
	if !h.ht && int64(h.d.len()) > maxEntries {
		h.ht = true
	}
	return true
}

// Reserve makes room for n more fields (a loader that knows the count).
func (h *Hash) Reserve(n int) { h.d.reserve(n) }

// Delete removes field and reports whether it existed. In the listpack
// encoding the other fields keep their order.
func (h *Hash) Delete(field []byte) bool {
	i := h.d.find(field)
	if i < 0 {
		return false
	}
	h.d.removeAt(i, !h.ht)
	return true
}

// At returns the field and value at position i, 0 <= i < Len(). Positions
// are stable until the next Set of a new field or Delete.
func (h *Hash) At(i int) (field, value string) { return h.d.keys[i], h.d.vals[i] }
