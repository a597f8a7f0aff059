package server

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/ember-db/ember/commands"
	"github.com/ember-db/ember/resp"
	"github.com/ember-db/ember/store"
)

// Version is the Redis version Ember reports (INFO redis_version, HELLO):
// the Redis release whose behaviour it mirrors.
const Version = "7.0.15"

// Server is an Ember server: listeners, connection goroutines, and the one
// executor goroutine that owns the keyspace and all client state.
type Server struct {
	cfg    *Config
	log    *Logger
	table  *commands.Table
	limits *resp.Limits
	data   commands.Server // keyspace, stats, tunables: executor-owned

	lnMu      sync.Mutex   // guards listeners (CONFIG SET port rebinds them)
	keepalive atomic.Int64 // tcp-keepalive in seconds, for the accept loops
	listeners []net.Listener
	batches   chan *batch
	tasks     chan func()
	quit      chan struct{}
	stopped   chan struct{}
	closeOnce sync.Once
	connWG    sync.WaitGroup
	startTime time.Time

	// executor-owned
	clients           map[int64]*client
	nextID            int64
	ready             []*client // clients whose batch finished this pass
	internal          *client   // fake client for cron work (active expire)
	dirty             int64     // changes since the last save
	watched           map[*store.DB]map[string][]*client
	monitors          []*client
	stats             serverStats
	slowlog           slowlog
	pause             pauseState
	persist           persistState
	cachedMs          int64 // server time of the running batch, unix ms (updateCachedTime)
	blocking          blockingState
	callDepth         int // nesting of call(): > 1 inside EXEC or a script
	shutdownErr       error
	shutdownRequested bool
}

// New validates cfg and returns a server ready to listen. It does not bind.
func New(cfg *Config) (*Server, error) {
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	var logw io.Writer = os.Stdout
	if cfg.LogFile != "" {
		f, err := os.OpenFile(cfg.LogFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			return nil, fmt.Errorf("Can't open the log file: %w", err)
		}
		logw = f
	}
	s := &Server{
		cfg:     cfg,
		log:     NewLogger(logw, cfg.LogLevel, cfg.Clock),
		limits:  resp.NewLimits(),
		batches: make(chan *batch, 1024),
		tasks:   make(chan func(), 64),
		quit:    make(chan struct{}),
		stopped: make(chan struct{}),
		clients: map[int64]*client{},
		watched: map[*store.DB]map[string][]*client{},
		nextID:  1,
	}
	table, err := commands.NewTable(s.serverImpls()...)
	if err != nil {
		return nil, err
	}
	s.table = table
	s.data = commands.Server{
		Table:    table,
		Keyspace: store.NewKeyspace(cfg.Databases),
		Hooks:    s,
		Tunables: commands.DefaultTunables(),
		Rand:     rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 0x9e3779b97f4a7c15)),
	}
	s.applyConfig()
	s.internal = s.newClient(nil)
	s.persist.lastBgsaveOK = true
	s.persist.lastBgsaveSeconds = -1
	s.slowlog.init()
	return s, nil
}

// applyConfig pushes the config values the server acts on into the parts
// that cache them: the reader's limits, the command layer's tunables, the
// log level, and the clients' authentication when requirepass was cleared.
// Called at start-up and after every CONFIG SET. Executor goroutine (or
// before the executor starts).
func (s *Server) applyConfig() {
	cfg := s.cfg
	s.limits.MaxBulkLen.Store(cfg.ProtoMaxBulkLen)
	s.limits.MaxQueryBuffer.Store(cfg.ClientQueryBufferLimit)
	t := &s.data.Tunables
	t.ProtoMaxBulkLen = cfg.ProtoMaxBulkLen
	t.MaxMemoryPolicy = cfg.MaxMemoryPolicy
	t.HashMaxListpackEntries = cfg.HashMaxListpackEntries
	t.HashMaxListpackValue = cfg.HashMaxListpackValue
	t.ListMaxListpackSize = cfg.ListMaxListpackSize
	t.SetMaxIntsetEntries = cfg.SetMaxIntsetEntries
	t.ZsetMaxListpackEntries = cfg.ZsetMaxListpackEntries
	t.ZsetMaxListpackValue = cfg.ZsetMaxListpackValue
	s.log.SetLevel(cfg.LogLevel)
	s.keepalive.Store(int64(cfg.TCPKeepalive))
	if cfg.RequirePass == "" {
		// The default user is nopass again: nobody needs AUTH.
		for _, c := range s.clients {
			c.authenticated = true
			c.authOK.Store(true)
		}
	}
}

// Listen binds the configured addresses. Port 0 picks a free port (tests),
// which then becomes the port directive's value. A bind address starting
// with '-' is optional, as in Redis: failing to bind it is not an error.
func (s *Server) Listen() error {
	var lns []net.Listener
	closeAll := func() {
		for _, ln := range lns {
			ln.Close()
		}
	}
	port := s.cfg.Port
	for _, b := range s.cfg.Bind {
		optional := strings.HasPrefix(b, "-")
		host := strings.TrimPrefix(b, "-")
		if host == "*" {
			host = "0.0.0.0"
		}
		ln, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
		if err != nil {
			if optional {
				continue
			}
			closeAll()
			return fmt.Errorf("Could not create server TCP listening socket %s:%d: %w", host, port, err)
		}
		if port == 0 {
			port = ln.Addr().(*net.TCPAddr).Port // same port on every address
		}
		lns = append(lns, ln)
	}
	if len(lns) == 0 {
		return errors.New("Failed listening on any address")
	}
	if s.cfg.Port == 0 {
		s.cfg.setListenPort(port)
	}
	s.lnMu.Lock()
	s.listeners = lns
	s.lnMu.Unlock()
	return nil
}

// rebind replaces the listeners after CONFIG SET port or bind: the old ones
// are closed, then the configured addresses are bound (as Redis's
// changeListenPort and changeBindAddr). On error no listener is left open;
// the caller restores the old values and calls rebind again. Executor
// goroutine, after Serve started.
func (s *Server) rebind() error {
	s.closeListeners()
	if err := s.Listen(); err != nil {
		return err
	}
	s.lnMu.Lock()
	lns := s.listeners
	s.lnMu.Unlock()
	for _, ln := range lns {
		go s.acceptLoop(ln)
	}
	return nil
}

// Addr returns the first listening address. Safe for concurrent use.
func (s *Server) Addr() net.Addr {
	s.lnMu.Lock()
	defer s.lnMu.Unlock()
	return s.listeners[0].Addr()
}

// Serve runs the executor and accepts connections until Close or SHUTDOWN.
// It returns nil after a clean shutdown.
func (s *Server) Serve() error {
	s.startTime = s.cfg.Clock()
	s.log.Noticef("Server initialized")
	// Clients may connect while the dataset loads: they get -LOADING, as
	// from Redis, whose listeners are open while it loads. The server is
	// ready once it loaded (logReady).
	s.lnMu.Lock()
	for _, ln := range s.listeners {
		go s.acceptLoop(ln)
	}
	s.lnMu.Unlock()
	s.run()
	return s.shutdownErr
}

// logReady logs that the server accepts connections, once the dataset is
// loaded, as Redis does after "DB loaded from disk". Executor goroutine.
func (s *Server) logReady() {
	s.lnMu.Lock()
	defer s.lnMu.Unlock()
	for _, ln := range s.listeners {
		s.log.Noticef("Ready to accept connections tcp on %s", ln.Addr())
	}
}

// ListenAndServe is Listen then Serve.
func (s *Server) ListenAndServe() error {
	if err := s.Listen(); err != nil {
		return err
	}
	return s.Serve()
}

// Close stops the server without saving: listeners and connections are
// closed and Serve returns. Safe for concurrent use; idempotent.
func (s *Server) Close() error {
	s.closeOnce.Do(func() { close(s.quit) })
	<-s.stopped
	return nil
}

func (s *Server) closeListeners() {
	s.lnMu.Lock()
	defer s.lnMu.Unlock()
	for _, ln := range s.listeners {
		ln.Close()
	}
	s.listeners = nil
}

func (s *Server) acceptLoop(ln net.Listener) {
	for {
		conn, err := ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			s.log.Warningf("Accepting client connection: %v", err)
			time.Sleep(10 * time.Millisecond)
			continue
		}
		if tc, ok := conn.(*net.TCPConn); ok {
			tc.SetNoDelay(true)
			// tcp-keepalive as Redis's anetKeepAlive: probes after the period
			// idle, then every third of it, three of them.
			if ka := time.Duration(s.keepalive.Load()) * time.Second; ka > 0 {
				tc.SetKeepAliveConfig(net.KeepAliveConfig{Enable: true, Idle: ka, Interval: max(ka/3, time.Second), Count: 3})
			} else {
				tc.SetKeepAlive(false)
			}
		}
		s.connWG.Add(1)
		go s.serveConn(conn)
	}
}

// newClient returns a client for conn (nil for internal clients).
// Executor goroutine (or before it starts).
func (s *Server) newClient(conn net.Conn) *client {
	c := &client{srv: s, conn: conn, done: make(chan struct{}, 1), asyncKick: make(chan struct{}, 1),
		blockedKick: make(chan struct{}, 1)}
	c.in.conn = conn
	c.Srv = &s.data
	c.Proto = 2
	c.Ext = c
	c.ID = s.nextID
	s.nextID++
	if s.data.Keyspace != nil {
		c.DB = s.data.Keyspace.DBs[0]
	}
	c.authenticated = s.cfg.RequirePass == ""
	now := s.cfg.Clock().UnixMilli()
	c.createdMs, c.lastMs = now, now
	return c
}

// exec runs f on the executor goroutine and waits for it. It returns false
// if the server is shutting down.
func (s *Server) exec(f func()) bool {
	done := make(chan struct{})
	select {
	case s.tasks <- func() { f(); close(done) }:
	case <-s.stopped:
		return false
	}
	select {
	case <-done:
		return true
	case <-s.stopped:
		return false
	}
}

// serveConn is a connection's goroutine: it reads pipelines, hands each to
// the executor as one batch, waits, and writes all the replies at once.
func (s *Server) serveConn(conn net.Conn) {
	defer s.connWG.Done()
	var c *client
	rejected := ""
	needAuth := false
	if !s.exec(func() {
		if len(s.clients) >= s.cfg.MaxClients {
			rejected = "-ERR max number of clients reached\r\n"
			return
		}
		if s.cfg.ProtectedMode && s.cfg.RequirePass == "" && !isLoopback(conn.RemoteAddr()) {
			rejected = protectedModeDenied
			return
		}
		needAuth = s.cfg.RequirePass != ""
		c = s.newClient(conn)
		// Set before the client is listed: CLIENT LIST reads them.
		c.addr, c.laddr = conn.RemoteAddr().String(), conn.LocalAddr().String()
		s.clients[c.ID] = c
		s.stats.connectionsReceived++
	}) || c == nil {
		if rejected != "" {
			conn.Write([]byte(rejected))
			s.stats.rejectedConns.Add(1)
		}
		conn.Close()
		return
	}
	c.in.raw = newRawIO(conn)
	c.reader = resp.NewReader(&c.in, s.limits)
	c.reader.NeedAuth = func() bool { return needAuth && !c.authOK.Load() }
	c.authOK.Store(!needAuth)
	connDone := make(chan struct{})
	defer s.exec(func() { s.freeClient(c) })
	defer close(connDone)
	defer c.closeConn()
	for {
		argvs, err := c.reader.ReadPipeline()
		perr := protocolError(err)
		if len(argvs) > 0 || perr != nil {
			b := &c.batch // reused: the executor is done with it once c.done fires
			b.c, b.argvs, b.protoErr = c, argvs, nil
			if perr != nil {
				b.protoErr = perr
			}
			select {
			case s.batches <- b:
			case <-s.stopped:
				return
			}
			if !s.waitBatch(c) {
				return
			}
			c.wmu.Lock()
			var werr error
			if c.in.raw != nil {
				_, werr = c.in.raw.Write(c.Buf)
			} else {
				_, werr = conn.Write(c.Buf)
			}
			c.wmu.Unlock()
			if cap(c.Buf) > 64*1024 {
				c.Buf = nil // do not pin a huge reply buffer
			} else {
				c.Buf = c.Buf[:0]
			}
			if werr != nil || c.closeAfter.Load() {
				return
			}
			c.startPusher(connDone)
		}
		if err != nil {
			if err == resp.ErrQueryBufferLimit {
				s.log.Warningf("Closing client that reached max query buffer length: addr=%s (qbuf initial bytes: ...)", c.addr)
			}
			return
		}
	}
}

// protocolError returns err's *resp.ProtocolError, or nil. Only a non-nil
// err pays for errors.As (its target escapes: one allocation per request).
func protocolError(err error) *resp.ProtocolError {
	if err != nil {
		var perr *resp.ProtocolError // escapes: allocated only here
		if errors.As(err, &perr) {
			return perr
		}
	}
	return nil
}

// closeConn closes the connection once. Safe for concurrent use.
func (c *client) closeConn() {
	if c.closed.CompareAndSwap(false, true) && c.conn != nil {
		c.conn.Close()
	}
}

// EmberVersion is Ember's own version.
const EmberVersion = "0.1.0"

// Shutdown is the SIGTERM and SIGINT handler (main): it logs the signal as
// Redis does and shuts down as SHUTDOWN would with the flags of
// shutdown-on-sigterm or shutdown-on-sigint (Shutdown* flags; "default"
// saves if save points are configured), making Serve return. While the
// dataset loads nothing is saved: it is partial. If the final save fails
// (without force) the server keeps running, as Redis does. Safe for
// concurrent use.
func (s *Server) Shutdown(sig os.Signal) {
	s.exec(func() {
		name, flags := "", 0
		switch sig {
		case os.Interrupt:
			name, flags = "SIGINT", s.cfg.ShutdownOnSIGINT
		case syscall.SIGTERM:
			name, flags = "SIGTERM", s.cfg.ShutdownOnSIGTERM
		}
		switch {
		case s.data.Loading:
			s.log.Warningf("Received shutdown signal during loading, scheduling shutdown.")
		case name != "":
			s.log.Warningf("Received %s scheduling shutdown...", name)
		default:
			s.log.Warningf("Received shutdown signal, scheduling shutdown...")
		}
		s.shutdown(flags&ShutdownSave != 0, flags&ShutdownNoSave != 0, flags&ShutdownForce != 0)
	})
}

// isLoopback reports whether addr is a loopback TCP address (or not TCP at
// all, as a Unix socket, which protected mode also accepts).
func isLoopback(addr net.Addr) bool {
	ta, ok := addr.(*net.TCPAddr)
	return !ok || ta.IP.IsLoopback()
}

// protectedModeDenied is Redis's reply to a non-loopback client in protected
// mode (networking.c clientAcceptHandler).
const protectedModeDenied = "-DENIED Redis is running in protected mode because protected " +
	"mode is enabled and no password is set for the default user. " +
	"In this mode connections are only accepted from the loopback interface. " +
	"If you want to connect from external computers to Redis you " +
	"may adopt one of the following solutions: " +
	"1) Just disable protected mode sending the command " +
	"'CONFIG SET protected-mode no' from the loopback interface " +
	"by connecting to Redis from the same host the server is " +
	"running, however MAKE SURE Redis is not publicly accessible " +
	"from internet if you do so. Use CONFIG REWRITE to make this " +
	"change permanent. " +
	"2) Alternatively you can just disable the protected mode by " +
	"editing the Redis configuration file, and setting the protected " +
	"mode option to 'no', and then restarting the server. " +
	"3) If you started the server manually just for testing, restart " +
	"it with the '--protected-mode no' option. " +
	"4) Setup a an authentication password for the default user. " +
	"NOTE: You only need to do one of the above things in order for " +
	"the server to start accepting connections from the outside.\r\n"
