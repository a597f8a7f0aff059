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
	s.slowlog.init()
	return s, nil
}

// applyConfig pushes config values into the parts that cache them. Executor
// goroutine (or before the executor starts).
func (s *Server) applyConfig() {
	s.limits.MaxBulkLen.Store(s.cfg.ProtoMaxBulkLen)
	s.limits.MaxQueryBuffer.Store(s.cfg.ClientQueryBufferLimit)
	s.data.Tunables.ProtoMaxBulkLen = s.cfg.ProtoMaxBulkLen
	s.log.SetLevel(s.cfg.LogLevel)
}

// Listen binds the configured addresses. Port 0 picks a free port (tests).
// A bind address starting with '-' is optional, as in Redis: failing to bind
// it is not an error.
func (s *Server) Listen() error {
	for _, b := range s.cfg.Bind {
		optional := strings.HasPrefix(b, "-")
		host := strings.TrimPrefix(b, "-")
		if host == "*" {
			host = "0.0.0.0"
		}
		port := s.cfg.Port
		if len(s.listeners) > 0 {
			port = s.Addr().(*net.TCPAddr).Port // same port on every address
		}
		ln, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
		if err != nil {
			if optional {
				continue
			}
			s.closeListeners()
			return fmt.Errorf("Could not create server TCP listening socket %s:%d: %w", host, port, err)
		}
		s.listeners = append(s.listeners, ln)
	}
	if len(s.listeners) == 0 {
		return errors.New("Failed listening on any address")
	}
	return nil
}

// Addr returns the first listening address.
func (s *Server) Addr() net.Addr { return s.listeners[0].Addr() }

// Serve runs the executor and accepts connections until Close or SHUTDOWN.
// It returns nil after a clean shutdown.
func (s *Server) Serve() error {
	s.startTime = s.cfg.Clock()
	s.log.Noticef("Server initialized")
	for _, ln := range s.listeners {
		s.log.Noticef("Ready to accept connections tcp on %s", ln.Addr())
		go s.acceptLoop(ln)
	}
	s.run()
	return s.shutdownErr
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
	for _, ln := range s.listeners {
		ln.Close()
	}
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
			tc.SetKeepAlive(true)
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
	if !s.exec(func() {
		if len(s.clients) >= s.cfg.MaxClients {
			rejected = "-ERR max number of clients reached\r\n"
			return
		}
		c = s.newClient(conn)
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
	c.addr, c.laddr = conn.RemoteAddr().String(), conn.LocalAddr().String()
	c.reader = resp.NewReader(&c.in, s.limits)
	needAuth := s.cfg.RequirePass != ""
	c.reader.NeedAuth = func() bool { return needAuth && !c.authOK.Load() }
	c.authOK.Store(!needAuth)
	connDone := make(chan struct{})
	defer s.exec(func() { s.freeClient(c) })
	defer close(connDone)
	defer c.closeConn()
	for {
		argvs, err := c.reader.ReadPipeline()
		var perr *resp.ProtocolError
		if !errors.As(err, &perr) {
			perr = nil
		}
		if len(argvs) > 0 || perr != nil {
			b := &batch{c: c, argvs: argvs}
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
			_, werr := conn.Write(c.Buf)
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

// closeConn closes the connection once. Safe for concurrent use.
func (c *client) closeConn() {
	if c.closed.CompareAndSwap(false, true) && c.conn != nil {
		c.conn.Close()
	}
}

// EmberVersion is Ember's own version.
const EmberVersion = "0.1.0"

// Shutdown asks the server to shut down as SHUTDOWN does (the signal
// handler's path): it logs why and makes Serve return. Safe for concurrent use.
func (s *Server) Shutdown(reason string) {
	s.log.Warningf("Received %s scheduling shutdown...", reason)
	s.exec(func() { s.shutdownRequested = true })
}
