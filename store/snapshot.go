package store

// Fork-less point-in-time snapshots (DESIGN.md §5).
//
// BeginSnapshot starts a new save epoch. From then on every entry is either
// saved (its epoch is the snapshot's) or pending (older). Entries created
// during the snapshot get the new epoch at once, so they are not in the image.
// Two things save pending entries, each exactly once:
//
//   - SnapshotStep, called by the executor between command batches, walks
//     each db's slots from the last down to slot 0 and saves what is pending;
//   - every write to a pending entry (DB.PrepareWrite, and Delete, SetExpire,
//     Persist, which call it) saves the entry's current state first.
//
// The image is therefore exactly the dataset at BeginSnapshot, without a
// second copy of it in memory. The walk is descending for the same reason
// SCAN's is: a delete moves only the last entry, which the walk has passed.
// A flushed db hands its old slots to the walk, which finishes them in the
// background: nothing writes them any more.

// SaveFunc receives each entry of the image once: dbid is the number the db
// had when the snapshot began (SWAPDB may have moved the contents since).
// e is valid only during the call and must not be modified.
type SaveFunc func(dbid int, e *Entry)

// snapState is a db contents' part in a running snapshot.
type snapState struct {
	active bool
	origID int // db number of these contents when the snapshot began
	cursor int // next slot to walk, descending; -1 when walked
	// detached are slot pages flushed away during the snapshot, still to walk.
	detached []detachedPages
}

type detachedPages struct {
	pages  []*[pageSize]Entry
	n      int
	origID int
}

// BeginSnapshot starts a point-in-time snapshot of every db; save receives
// each entry of the image once, from SnapshotStep or from a write that
// touches a pending entry. It panics if a snapshot is already running.
func (ks *Keyspace) BeginSnapshot(save SaveFunc) {
	if ks.snapSave != nil {
		panic("store: BeginSnapshot while a snapshot is running")
	}
	ks.snapSave = save
	ks.epoch++
	for _, db := range ks.DBs {
		db.ks = ks
		db.snap = snapState{active: true, origID: db.ID, cursor: db.n - 1}
	}
}

// SnapshotRunning reports whether a snapshot is in progress.
func (ks *Keyspace) SnapshotRunning() bool { return ks.snapSave != nil }

// SnapshotStep saves up to budget pending entries and reports whether the
// image is complete (every entry saved); then EndSnapshot may be called.
func (ks *Keyspace) SnapshotStep(budget int) bool {
	for _, db := range ks.DBs {
		st := &db.snap
		for len(st.detached) > 0 && budget > 0 {
			d := &st.detached[len(st.detached)-1]
			for d.n > 0 && budget > 0 {
				d.n--
				e := &d.pages[d.n>>pageShift][d.n&pageMask]
				if e.epoch < ks.epoch {
					e.epoch = ks.epoch
					ks.snapSave(d.origID, e)
					budget--
				}
			}
			if d.n == 0 {
				st.detached = st.detached[:len(st.detached)-1]
			}
		}
		if !st.active {
			continue
		}
		if st.cursor >= db.n {
			st.cursor = db.n - 1
		}
		for st.cursor >= 0 && budget > 0 {
			e := db.slot(st.cursor)
			st.cursor--
			if e.epoch < ks.epoch {
				e.epoch = ks.epoch
				ks.snapSave(st.origID, e)
				budget--
			}
		}
		if st.cursor < 0 {
			st.active = false
		}
	}
	for _, db := range ks.DBs {
		if db.snap.active || len(db.snap.detached) > 0 {
			return false
		}
	}
	return true
}

// EndSnapshot finishes (or abandons) the running snapshot. Entries not yet
// saved stay pending for no one: the next snapshot has a newer epoch.
func (ks *Keyspace) EndSnapshot() {
	ks.snapSave = nil
	for _, db := range ks.DBs {
		db.snap = snapState{}
	}
}

// PrepareWrite must be called before a write modifies e's value or metadata
// in place: if a snapshot has not saved e yet, its current state is saved
// first. LookupKeyWrite calls it; Delete, SetExpire and Persist do too.
func (db *DB) PrepareWrite(e *Entry) {
	if db.ks == nil || db.ks.snapSave == nil || e.epoch >= db.ks.epoch || !db.snap.active {
		return
	}
	e.epoch = db.ks.epoch
	db.ks.snapSave(db.snap.origID, e)
}

// detachForSnapshot hands the current slots to the running snapshot before a
// flush replaces them, so the walk can finish them undisturbed.
func (db *DB) detachForSnapshot() {
	if db.ks == nil || db.ks.snapSave == nil || !db.snap.active {
		return
	}
	db.snap.detached = append(db.snap.detached, detachedPages{pages: db.pages, n: db.n, origID: db.snap.origID})
	db.snap.active = false
	db.snap.cursor = -1
}

// newEpoch is the epoch a new entry gets: the running snapshot's, so that
// entries created during a snapshot are not part of its image.
func (db *DB) newEpoch() uint32 {
	if db.ks == nil {
		return 0
	}
	return db.ks.epoch
}
