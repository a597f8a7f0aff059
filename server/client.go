package server

import (
	"net"
	"sync"
	"sync/atomic"

	"github.com/ember-db/ember/commands"
	"github.com/ember-db/ember/resp"
	"github.com/ember-db/ember/store"
)

// Client flags (CLIENT LIST's flags field and our own state).
const (
	flagMulti         = 1 << iota // inside MULTI
	flagDirtyCAS                  // a WATCHed key changed: EXEC fails
	flagDirtyExec                 // an error while queueing: EXEC aborts
	flagCloseAfter                // QUIT: close once the reply is written
	flagCloseASAP                 // killed or over a limit: close now
	flagMonitor                   // MONITOR
	flagBlocked                   // blocked in a command (BLPOP, DEBUG SLEEP...)
	flagNoEvict                   // CLIENT NO-EVICT on
	flagReplyOff                  // CLIENT REPLY OFF
	flagReplySkipNext             // CLIENT REPLY SKIP: skip the next command's reply
	flagReplySkip                 // skip this command's reply
)

// batch is the pipeline a connection read in one go, executed in one pass.
type batch struct {
	c     *client
	argvs [][][]byte
	// protoErr, if set, is replied after the argvs and the connection closes.
	protoErr error
}

// client is a connection's state. The fields after "executor-owned" belong to
// the executor goroutine; the conn goroutine touches only conn, reader, the
// reply buffer between batches (after done), and the atomics.
type client struct {
	commands.Client // Argv, DB, reply Writer, propagation marks

	srv    *Server
	conn   net.Conn
	reader *resp.Reader
	// done receives one value when the executor has finished the batch and
	// the reply buffer may be sent.
	done chan struct{}

	// Set when the client is created, read by the executor (CLIENT LIST).
	addr, laddr string
	// fd is the socket's descriptor, looked up by the executor on first
	// use (socketFD); 0 until then.
	fd int

	// wmu serialises writes to conn between the conn goroutine and the push
	// writer (MONITOR, pub/sub); async holds pushes not yet written.
	wmu       sync.Mutex
	amu       sync.Mutex
	async     []byte
	asyncKick chan struct{}
	pushing   atomic.Bool
	closed    atomic.Bool
	// closeAfter is set by the executor (QUIT, CLIENT KILL of a busy client)
	// and read by the conn goroutine after the batch.
	closeAfter atomic.Bool
	// wantPusher asks the conn goroutine to start the push writer once the
	// current batch's replies are written (MONITOR, SUBSCRIBE).
	wantPusher atomic.Bool
	// authOK mirrors authenticated for the reader's pre-AUTH limits.
	authOK atomic.Bool
	// in is the reader's source: conn, after any bytes read ahead while the
	// client was blocked (blocking.go). blockedKick tells the conn goroutine
	// that its client blocked on keys, so it watches for a hang-up.
	in          connInput
	blockedKick chan struct{}

	// batch is the client's one batch, filled by the conn goroutine and
	// handed to the executor; owned by whichever holds it (see done).
	batch batch

	// executor-owned
	inExec        bool // running EXEC's queued commands
	flags         int
	name          string
	authenticated bool
	createdMs     int64
	lastMs        int64 // last command time, unix ms (CLIENT LIST idle)
	lastCmd       string
	multi         []queued // MULTI queue
	watched       []watchedKey
	qbuf          int // bytes buffered by the reader at the last batch
	pending       *batch
	pendingIdx    int
	bpop          *blockedOn // non-nil while blocked on keys (BLPOP...)
}

// queued is a command queued by MULTI.
type queued struct {
	argv [][]byte
	cmd  *commands.Command
}

// watchedKey is a key WATCHed by a client.
type watchedKey struct {
	db             *store.DB
	key            string
	expiredAtWatch bool
}
