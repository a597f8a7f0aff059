package store

import "math/rand/v2"

// pageShift sets the number of entries in a slot page (1<<pageShift). Growth
// allocates one page at a time, so adding keys never copies the whole table.
const (
	pageShift = 10
	pageSize  = 1 << pageShift
	pageMask  = pageSize - 1
)

// Value is a stored value: *String, *List, *Hash, *Set or *ZSet.
type Value interface {
	// Type is the TYPE command's name for the value: "string", "list", ...
	Type() string
	// Encoding is the OBJECT ENCODING name Redis would report for the value
	// ("embstr", "listpack", "quicklist", "hashtable", "intset", "skiplist"...),
	// following Redis's size thresholds.
	Encoding() string
	// Copy returns a deep copy (COPY, and values that must not be shared).
	Copy() Value
}

// Entry is one key of a DB with its value and metadata. Entries live inline
// in the DB's slot pages; a *Entry stays valid only until the next Add or
// Delete on the same DB (a delete may move another entry into the freed slot).
type Entry struct {
	// Key is the key; it is immutable and shared with the DB's index.
	Key string
	// Value is the stored value; never nil.
	Value Value
	// Expire is the absolute unix time in ms at which the key expires; 0 = none.
	Expire int64
	// Access is the unix time in ms of the last read or write, for OBJECT
	// IDLETIME and LRU eviction.
	Access int64
	// vslot is the entry's index in DB.volatile, or -1 when it has no expire.
	vslot int32
	// epoch is the last snapshot epoch that saved (or excluded) the entry.
	epoch uint32
}

// DB is one numbered database of the keyspace: a map from key to slot plus
// the slots themselves, in fixed-size pages, with swap-remove deletes.
//
// That layout gives the three properties the server needs (DESIGN.md §3):
//   - SCAN walks slots from the last down to 0. A delete moves only the last
//     entry, which a descending walk has already visited, into the freed slot,
//     so a key present for the whole walk is never missed and no per-cursor
//     state is kept.
//   - Random sampling (RANDOMKEY, active expiry, eviction) is O(1): pick a slot.
//   - A walk can stop between executor passes and resume (snapshots).
//
// Executor goroutine only; DB has no locks.
type DB struct {
	// ID is the db number, as SELECT takes it.
	ID int

	index    map[string]int32
	pages    []*[pageSize]Entry
	n        int
	volatile []int32 // slots of the entries that have an expire, in no order

	// AvgTTL is the running estimate behind INFO keyspace's avg_ttl, in ms,
	// maintained by the active expire cycle as Redis's expire.c does.
	AvgTTL int64
	// ExpireCursor is the active expire cycle's resume point in volatile.
	ExpireCursor int

	ks   *Keyspace // owner, for the snapshot state; nil for a lone DB
	snap snapState
}

// NewDB returns an empty db numbered id.
func NewDB(id int) *DB {
	return &DB{ID: id, index: make(map[string]int32)}
}

// Len returns the number of keys, expired-but-not-yet-deleted ones included.
func (db *DB) Len() int { return db.n }

// ExpiresLen returns the number of keys that have an expire.
func (db *DB) ExpiresLen() int { return len(db.volatile) }

func (db *DB) slot(i int) *Entry { return &db.pages[i>>pageShift][i&pageMask] }

// Find returns the entry of key, or nil. It does not check the expire: callers
// use the command layer's lookups, which expire lazily.
func (db *DB) Find(key []byte) *Entry {
	i, ok := db.index[string(key)] // no allocation: the compiler elides the conversion
	if !ok {
		return nil
	}
	return db.slot(int(i))
}

// Add inserts key with value v and no expire, and returns its entry. The key
// bytes are copied. The key must not exist (Redis's dbAdd); adding an existing
// key is an invariant violation and panics.
func (db *DB) Add(key []byte, v Value, now int64) *Entry {
	e := db.AddIfAbsent(key, v, now)
	if e == nil {
		panic("store: Add of existing key " + string(key))
	}
	return e
}

// AddIfAbsent is Add for a key that may exist: it returns nil, changing
// nothing, when it does (loading checks duplicates this way, with one
// lookup fewer than Find then Add).
func (db *DB) AddIfAbsent(key []byte, v Value, now int64) *Entry {
	if _, ok := db.index[string(key)]; ok {
		return nil
	}
	k := string(key)
	if db.n == len(db.pages)*pageSize {
		db.pages = append(db.pages, new([pageSize]Entry))
	}
	i := db.n
	db.n++
	db.index[k] = int32(i)
	e := db.slot(i)
	*e = Entry{Key: k, Value: v, Access: now, vslot: -1, epoch: db.newEpoch()}
	return e
}

// Reserve sizes an empty db's index for n keys, so that loading a known
// number of keys does not rehash as the index grows (RESIZEDB).
func (db *DB) Reserve(n int) {
	if db.n == 0 && n > 0 {
		db.index = make(map[string]int32, min(n, 1<<26))
	}
}

// Delete removes key and reports whether it existed. The last entry moves
// into the freed slot.
func (db *DB) Delete(key []byte) bool {
	i, ok := db.index[string(key)]
	if !ok {
		return false
	}
	db.removeSlot(int(i))
	return true
}

func (db *DB) removeSlot(i int) {
	e := db.slot(i)
	db.PrepareWrite(e)
	if e.vslot >= 0 {
		db.removeVolatile(e)
	}
	delete(db.index, e.Key)
	last := db.n - 1
	if i != last {
		l := db.slot(last)
		*e = *l
		db.index[e.Key] = int32(i)
		if e.vslot >= 0 {
			db.volatile[e.vslot] = int32(i)
		}
	}
	*db.slot(last) = Entry{}
	db.n--
	// Release a trailing page once it is empty and another page is free too,
	// so a shrinking db gives memory back without thrashing at a boundary.
	if np := len(db.pages); np > 1 && db.n <= (np-2)*pageSize {
		db.pages[np-1] = nil
		db.pages = db.pages[:np-1]
	}
}

// SetExpire sets e's absolute expire time, in unix ms; whenMs must be > 0.
func (db *DB) SetExpire(e *Entry, whenMs int64) {
	db.PrepareWrite(e)
	if e.vslot < 0 {
		e.vslot = int32(len(db.volatile))
		db.volatile = append(db.volatile, db.index[e.Key])
	}
	e.Expire = whenMs
}

// Persist removes e's expire and reports whether it had one.
func (db *DB) Persist(e *Entry) bool {
	if e.vslot < 0 {
		return false
	}
	db.PrepareWrite(e)
	db.removeVolatile(e)
	e.Expire = 0
	return true
}

func (db *DB) removeVolatile(e *Entry) {
	j := int(e.vslot)
	last := len(db.volatile) - 1
	if j != last {
		moved := db.volatile[last]
		db.volatile[j] = moved
		db.slot(int(moved)).vslot = int32(j)
	}
	db.volatile = db.volatile[:last]
	e.vslot = -1
}

// Random returns a uniformly random entry, or nil when the db is empty.
func (db *DB) Random(r *rand.Rand) *Entry {
	if db.n == 0 {
		return nil
	}
	return db.slot(r.IntN(db.n))
}

// Volatile returns the i-th entry that has an expire, 0 <= i < ExpiresLen().
// The order is arbitrary and changes as expires are added and removed.
func (db *DB) Volatile(i int) *Entry { return db.slot(int(db.volatile[i])) }

// Scan visits up to count slots starting at cursor and calls fn for each
// entry; it returns the cursor to continue from, 0 when the walk is complete.
// Cursor 0 starts a walk. Mirrors the guarantee of Redis's dictScan: every key
// present from the start to the end of a full walk is visited at least once;
// keys may be visited twice. fn must not add or delete keys.
//
// A cursor is the next slot to visit plus one; slots are walked downwards, so
// the swap-remove in Delete only ever moves an already visited entry.
func (db *DB) Scan(cursor uint64, count int, fn func(e *Entry)) uint64 {
	var next int
	if cursor == 0 || cursor > uint64(db.n) {
		next = db.n - 1
	} else {
		next = int(cursor) - 1
	}
	for ; next >= 0 && count > 0; next-- {
		fn(db.slot(next))
		count--
	}
	if next < 0 {
		return 0
	}
	return uint64(next) + 1
}

// ForEach calls fn for every entry in slot order until fn returns false.
// fn must not add or delete keys.
func (db *DB) ForEach(fn func(e *Entry) bool) {
	for i := 0; i < db.n; i++ {
		if !fn(db.slot(i)) {
			return
		}
	}
}

// Flush removes every key. A running snapshot keeps the old slots to finish
// saving them.
func (db *DB) Flush() {
	db.detachForSnapshot()
	db.index = make(map[string]int32)
	db.pages = nil
	db.n = 0
	db.volatile = nil
	db.AvgTTL = 0
	db.ExpireCursor = 0
}

// Keyspace is the server's array of dbs (the `databases` directive).
// Executor goroutine only.
type Keyspace struct {
	// DBs holds the dbs, indexed by number.
	DBs []*DB

	epoch    uint32   // current snapshot epoch
	snapSave SaveFunc // non-nil while a snapshot runs
}

// NewKeyspace returns n empty dbs numbered 0..n-1.
func NewKeyspace(n int) *Keyspace {
	ks := &Keyspace{DBs: make([]*DB, n)}
	for i := range ks.DBs {
		ks.DBs[i] = NewDB(i)
		ks.DBs[i].ks = ks
	}
	return ks
}

// Swap exchanges the contents of dbs i and j (SWAPDB): every client that has
// selected i now sees j's data. The DB values stay at their index; their
// contents move.
func (ks *Keyspace) Swap(i, j int) {
	a, b := ks.DBs[i], ks.DBs[j]
	a.index, b.index = b.index, a.index
	a.pages, b.pages = b.pages, a.pages
	a.n, b.n = b.n, a.n
	a.volatile, b.volatile = b.volatile, a.volatile
	a.AvgTTL, b.AvgTTL = b.AvgTTL, a.AvgTTL
	a.ExpireCursor, b.ExpireCursor = b.ExpireCursor, a.ExpireCursor
	a.snap, b.snap = b.snap, a.snap // a snapshot follows the contents
}
