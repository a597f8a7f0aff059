package commands

import (
	"github.com/ember-db/ember/store"
)

// expireIfNeeded deletes e if its expire time has passed and reports whether
// it did. The deletion is propagated as DEL and notified as "expired".
// While loading nothing expires: the loaded records decide. Mirrors
// expireIfNeeded in Redis's db.c.
func (c *Client) expireIfNeeded(db *store.DB, e *store.Entry) bool {
	if e.Expire == 0 || e.Expire > c.Now || c.Srv.Loading {
		return false
	}
	c.DeleteExpired(db, e)
	return true
}

// DeleteExpired removes e, which has expired, from db: it propagates DEL,
// notifies "expired", signals WATCHers and counts expired_keys. Used by lazy
// expiry and the active expire cycle. e is invalid afterwards.
func (c *Client) DeleteExpired(db *store.DB, e *store.Entry) {
	key := []byte(e.Key)
	db.Delete(key)
	c.Srv.Stats.ExpiredKeys++
	c.AlsoPropagate(db.ID, []byte("DEL"), key)
	c.Srv.Hooks.NotifyKeyspaceEvent('x', "expired", key, db.ID)
	c.Srv.Hooks.SignalModifiedKey(db, key)
}

// LookupKeyRead returns the live entry of key in the client's db or nil,
// expiring it lazily, counting keyspace hits and misses and updating its
// access time. Mirrors lookupKeyRead.
func (c *Client) LookupKeyRead(key []byte) *store.Entry {
	e := c.lookup(c.DB, key)
	if e == nil {
		c.Srv.Stats.KeyspaceMisses++
		return nil
	}
	c.Srv.Stats.KeyspaceHits++
	return e
}

// LookupKeyWrite returns the live entry of key in the client's db or nil,
// expiring it lazily. The caller is about to modify the entry: a running
// snapshot saves its current state first (store.DB.PrepareWrite), so every
// write path must look keys up with it. Mirrors lookupKeyWrite.
func (c *Client) LookupKeyWrite(key []byte) *store.Entry {
	e := c.lookup(c.DB, key)
	if e != nil {
		c.DB.PrepareWrite(e)
	}
	return e
}

// lookup finds key in db, expires it lazily and touches its access time.
func (c *Client) lookup(db *store.DB, key []byte) *store.Entry {
	e := db.Find(key)
	if e == nil || c.expireIfNeeded(db, e) {
		return nil
	}
	e.Access = c.Now
	return e
}

// LookupNoTouch returns the live entry of key in db without touching its
// access time or the hit counters (OBJECT, TYPE-like introspection, SCAN).
func (c *Client) LookupNoTouch(db *store.DB, key []byte) *store.Entry {
	e := db.Find(key)
	if e == nil || c.expireIfNeeded(db, e) {
		return nil
	}
	return e
}

// SetKey stores v at key in the client's db, replacing any value; the expire
// is removed unless keepTTL. Signals WATCHers. Mirrors setKey.
func (c *Client) SetKey(key []byte, v store.Value, keepTTL bool) *store.Entry {
	db := c.DB
	e := c.LookupKeyWrite(key)
	if e == nil {
		e = db.Add(key, v, c.Now)
		c.SignalKeyCreated(db, key, v)
	} else {
		e.Value = v
		e.Access = c.Now
		if !keepTTL {
			db.Persist(e)
		}
	}
	c.Srv.Hooks.SignalModifiedKey(db, key)
	return e
}

// DBDelete removes key from db and reports whether a live key was removed.
// An expired key is reported as absent (its deletion is propagated as an
// expiry). Signals WATCHers when a key was removed.
func (c *Client) DBDelete(db *store.DB, key []byte) bool {
	e := db.Find(key)
	if e == nil || c.expireIfNeeded(db, e) {
		return false
	}
	db.Delete(key)
	c.Srv.Hooks.SignalModifiedKey(db, key)
	return true
}

// SignalModifiedKey tells the server that key in the client's db changed.
func (c *Client) SignalModifiedKey(key []byte) {
	c.Srv.Hooks.SignalModifiedKey(c.DB, key)
}

// Notify publishes a keyspace event for key in the client's db.
func (c *Client) Notify(class byte, event string, key []byte) {
	c.Srv.Hooks.NotifyKeyspaceEvent(class, event, key, c.DB.ID)
}

// SignalKeyCreated tells the server that key in db was just created holding
// v: a list or sorted set may serve clients blocked on the key, whichever
// command created it (RENAME, MOVE, COPY, RESTORE, SORT ... STORE, ...), as
// Redis's dbAdd calls signalKeyAsReady.
func (c *Client) SignalKeyCreated(db *store.DB, key []byte, v store.Value) {
	switch v.(type) {
	case *store.List, *store.ZSet:
		c.Srv.Hooks.SignalKeyAsReady(db, key)
	}
}

// valueAs returns e's value as a T (*store.String, *store.List, ...): the
// zero T when e is nil (the key does not exist), ErrWrongType when the value
// is of another type. Mirrors Redis's checkType.
func valueAs[T store.Value](e *store.Entry) (T, error) {
	var zero T
	if e == nil {
		return zero, nil
	}
	v, ok := e.Value.(T)
	if !ok {
		return zero, ErrWrongType
	}
	return v, nil
}
