// Package store is Ember's keyspace: the numbered dbs, their entries, the
// expire index, and the value types (string, list, hash, set, sorted set).
//
// # Basics
//
// A Keyspace holds the dbs (the `databases` directive). A DB maps keys to
// entries; an Entry carries the value, the absolute expire time in unix ms
// (0 = none) and the last access time. Values implement Value; the concrete
// types are *String, *List, *Hash, *Set and *ZSet.
//
// # Imports
//
// store imports only the standard library and the resp package's integer
// parser; it never sees clients, replies, the AOF or the clock. Callers pass
// the time in when it matters.
//
// # Caveats
//
//   - Executor goroutine only. Nothing here is locked: the server owns the
//     keyspace from one goroutine, which is what makes every command atomic.
//   - A *Entry is valid until the next Add or Delete on its DB; do not keep it
//     across either.
//   - Expiry is not checked here. The command layer's lookups expire lazily
//     and propagate the DEL, as Redis's expireIfNeeded does.
package store
