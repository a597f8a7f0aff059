// Package server is Ember's process core: listeners, one goroutine per
// connection, the executor goroutine that owns the keyspace and all client
// state, call() and propagate(), cron (active expiry, stats, timeouts), the
// configuration registry, and the connection, transaction and administration
// commands.
//
// # Basics
//
// A connection goroutine parses every complete command that arrived in one
// read (resp.Reader.ReadPipeline) and hands the whole pipeline to the executor
// as one batch, then waits. The executor runs each command through
// processCommand (lookup, arity, auth, MULTI queueing) and call() (handler,
// stats, slow log, MONITOR, propagation); at the end of a pass (beforeSleep)
// it releases the replies, and each connection goroutine sends its batch's
// replies with one write. Out-of-band output (MONITOR lines, later pub/sub)
// goes through a per-client queue drained by a push writer that takes the same
// write lock, so it never interleaves a reply.
//
// # Imports
//
// server imports commands, resp and store (and persist, when it lands);
// nothing imports server but main and the black-box tests.
//
// # Caveats
//
//   - Executor goroutine only: the keyspace, every client's executor-owned
//     fields, the watched-keys index, stats and the slow log. Other goroutines
//     reach the executor through Server.exec (a task) or a batch.
//   - The executor never blocks on a client: blocking commands park the
//     client and the rest of its batch (DEBUG SLEEP excepted, as in Redis).
//   - The server's time is read once per batch (updateCachedTime); commands
//     see it as Client.Now. Tests inject Config.Clock.
package server
