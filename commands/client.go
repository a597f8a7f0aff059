package commands

import (
	"math/rand/v2"

	"github.com/ember-db/ember/resp"
	"github.com/ember-db/ember/store"
)

// Hooks are the server facilities a data command triggers but the command
// layer does not own. Implemented by the server; executor goroutine only.
type Hooks interface {
	// SignalModifiedKey reports that key in db was written: WATCHers of it
	// fail their EXEC (Redis's signalModifiedKey / touchWatchedKey).
	SignalModifiedKey(db *store.DB, key []byte)
	// SignalFlushedDB reports, before it happens, that db's contents are
	// about to be emptied (FLUSHDB; nil: every db, FLUSHALL) or replaced by
	// replacedWith's (SWAPDB, called for each side). WATCHers of keys that
	// exist in either fail their EXEC (Redis's touchAllWatchedKeysInDb).
	SignalFlushedDB(db, replacedWith *store.DB)
	// FlushedAll runs after FLUSHALL emptied every db: a running BGSAVE,
	// whose image is the data just flushed, is stopped, and with save
	// points configured the empty dataset is saved at once (Redis's
	// flushAllDataAndResetRDB). It reports whether it saved, which leaves
	// no change unsaved.
	FlushedAll() (saved bool)
	// SignalKeyAsReady reports that a list, zset or stream key received
	// elements, so clients blocked on it may be served (signalKeyAsReady).
	SignalKeyAsReady(db *store.DB, key []byte)
	// BlockForKeys parks c, which is running a blocking command (BLPOP,
	// BZPOPMIN, ...), until one of keys in c.DB holds a value of type typ
	// ("list", "zset") or until deadlineMs (absolute unix ms; 0 = never).
	// The server then re-runs the command with c.ReadyKey set to the key,
	// or replies a null array at the deadline. It reports false, parking
	// nothing, when c may not block (inside MULTI/EXEC, a script, the AOF
	// loader): the handler must then reply. When it reports true the
	// handler returns nil without a reply. Mirrors blockForKeys.
	BlockForKeys(c *Client, typ string, keys [][]byte, deadlineMs int64) bool
	// NotifyKeyspaceEvent publishes a keyspace notification of class
	// ('g', '$', 'l', 'h', 's', 'z', 'x', 'e', ...) if enabled.
	NotifyKeyspaceEvent(class byte, event string, key []byte, dbid int)
}

// Stats are the counters INFO stats reports that commands update.
type Stats struct {
	ExpiredKeys    int64
	KeyspaceHits   int64
	KeyspaceMisses int64
}

// Tunables are the config directives that change how data commands behave;
// the server updates them on CONFIG SET.
type Tunables struct {
	// ProtoMaxBulkLen is proto-max-bulk-len in bytes: the largest string
	// APPEND, SETRANGE and SETBIT may build.
	ProtoMaxBulkLen int64
	// MaxMemoryPolicy is maxmemory-policy ("noeviction", "allkeys-lfu", ...):
	// OBJECT FREQ needs an LFU policy, OBJECT IDLETIME a non-LFU one.
	MaxMemoryPolicy string
	// Encoding thresholds (OBJECT ENCODING reports listpack/intset below them).
	HashMaxListpackEntries int64 // hash-max-listpack-entries
	HashMaxListpackValue   int64 // hash-max-listpack-value, bytes
	ListMaxListpackSize    int64 // list-max-listpack-size (negative: size class)
	SetMaxIntsetEntries    int64 // set-max-intset-entries
	ZsetMaxListpackEntries int64 // zset-max-listpack-entries
	ZsetMaxListpackValue   int64 // zset-max-listpack-value, bytes
}

// DefaultTunables returns Redis 7.0's defaults.
func DefaultTunables() Tunables {
	return Tunables{
		ProtoMaxBulkLen:        512 << 20,
		MaxMemoryPolicy:        "noeviction",
		HashMaxListpackEntries: 512,
		HashMaxListpackValue:   64,
		ListMaxListpackSize:    -2,
		SetMaxIntsetEntries:    512,
		ZsetMaxListpackEntries: 128,
		ZsetMaxListpackValue:   64,
	}
}

// Server is the state shared by all clients that the command layer reads and
// changes: Redis's global `server` struct, reduced to what commands need.
// Executor goroutine only.
type Server struct {
	Keyspace *store.Keyspace
	Hooks    Hooks
	Stats    Stats
	Tunables Tunables
	// Table is the command table (COMMAND introspection).
	Table *Table
	// Rand is the executor's PRNG (RANDOMKEY, SPOP, ...).
	Rand *rand.Rand
	// Loading is true while the AOF or snapshot is being loaded: keys are not
	// expired on lookup then, as in Redis.
	Loading bool
}

// Propagation is one record to feed to the AOF (and replicas): argv in db DBID.
type Propagation struct {
	DBID int
	Argv [][]byte
}

// Client is what a handler sees of the calling client: its argv, its db, the
// reply writer, and the propagation marks (STYLE.md §5). The server embeds it
// in its own client state.
//
// Executor goroutine only.
type Client struct {
	resp.Writer

	// Srv is the shared server state.
	Srv *Server
	// ID is the client id (CLIENT ID).
	ID int64
	// Argv is the command being executed; argv[0] is the command name. The
	// slices may alias the connection's read buffer: copy before storing.
	Argv [][]byte
	// Cmd is the table row being executed (a subcommand's row for containers).
	Cmd *Command
	// DB is the selected db.
	DB *store.DB
	// Now is the command's time, unix ms, taken once per command (Redis's
	// commandTimeSnapshot). Handlers never read the clock.
	Now int64
	// Dirty counts the changes the command made; call() propagates when > 0.
	Dirty int64

	// ReadyKey is set only while the server serves a parked blocking
	// command: the key that received data. The handler then pops from this
	// key only, as Redis 7.0 serves a blocked client from the ready key.
	ReadyKey []byte

	rewritten     [][]byte
	also          []Propagation
	noPropagation bool
	force         bool // propagate even when nothing changed

	// Ext is the server's own per-client state.
	Ext any
}

// RewriteArgv makes call() propagate argv instead of the client's command.
func (c *Client) RewriteArgv(argv ...[]byte) { c.rewritten = argv }

// AlsoPropagate adds a record to propagate. Records added during a command
// are propagated in order before the command's own record (Redis's
// also_propagate order): a lazily expired key's DEL must precede the write
// that recreates the key.
func (c *Client) AlsoPropagate(dbid int, argv ...[]byte) {
	c.also = append(c.also, Propagation{DBID: dbid, Argv: argv})
}

// PreventPropagation stops the command itself from being propagated.
func (c *Client) PreventPropagation() { c.noPropagation = true }

// ForcePropagation propagates the command even if it changed nothing
// (Redis's forceCommandPropagation: FLUSHALL and FLUSHDB of empty dbs).
func (c *Client) ForcePropagation() { c.force = true }

// TakePropagation returns the command's own record (nil if none) and the
// records added with AlsoPropagate, which call() propagates first, and
// resets the marks. Called by the server's call() only.
func (c *Client) TakePropagation() (main [][]byte, also []Propagation) {
	if (c.Dirty > 0 || c.force) && !c.noPropagation {
		main = c.rewritten
		if main == nil {
			main = c.Argv
		}
	}
	also = c.also
	c.rewritten, c.also, c.noPropagation, c.force = nil, nil, false, false
	return main, also
}

// ResetCall clears the per-command state before a command runs.
func (c *Client) ResetCall() {
	c.Dirty = 0
	c.rewritten, c.also, c.noPropagation, c.force = nil, nil, false, false
}
