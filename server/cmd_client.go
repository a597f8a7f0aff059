package server

import (
	"sort"
	"strconv"
	"strings"
	"syscall"

	"github.com/ember-db/ember/commands"
)

// clientImpls returns CLIENT's subcommands.
//
// Redis 7.0 has no CLIENT SETINFO (7.2 added it): go-redis v9 sends it on
// connect and ignores the "unknown subcommand" error, as with Redis 7.0.
func (s *Server) clientImpls() []commands.Impl {
	return []commands.Impl{
		{Name: "client|id", Proc: clientIDCommand},
		{Name: "client|setname", Proc: clientSetnameCommand},
		{Name: "client|getname", Proc: clientGetnameCommand},
		{Name: "client|list", Proc: s.clientListCommand},
		{Name: "client|info", Proc: s.clientInfoCommand},
		{Name: "client|kill", Proc: s.clientKillCommand},
		{Name: "client|no-evict", Proc: clientNoEvictCommand},
		{Name: "client|reply", Proc: clientReplyCommand},
		{Name: "client|pause", Proc: s.clientPauseCommand},
		{Name: "client|unpause", Proc: s.clientUnpauseCommand},
		{Name: "client|unblock", Proc: s.clientUnblockCommand},
		{Name: "client|tracking", Proc: clientTrackingCommand},
		{Name: "client|caching", Proc: clientCachingCommand},
		{Name: "client|getredir", Proc: clientGetredirCommand},
		{Name: "client|trackinginfo", Proc: clientTrackinginfoCommand},
		{Name: "client|help", Proc: clientHelpCommand},
	}
}

// Client types of CLIENT LIST TYPE and CLIENT KILL TYPE (getClientType).
const (
	clientTypeNormal = iota
	clientTypeReplica
	clientTypePubSub
	clientTypeMaster
)

// clientTypeByName maps a TYPE argument to a client type, -1 if unknown
// (getClientTypeByName).
func clientTypeByName(name []byte) int {
	switch strings.ToLower(string(name)) {
	case "normal":
		return clientTypeNormal
	case "slave", "replica":
		return clientTypeReplica
	case "pubsub":
		return clientTypePubSub
	case "master":
		return clientTypeMaster
	}
	return -1
}

// clientType is c's type. A MONITOR client is a normal one, as in Redis;
// there are no replicas or masters.
func (c *client) clientType() int {
	if c.subscriptions() > 0 {
		return clientTypePubSub
	}
	return clientTypeNormal
}

// subscriptionCounts returns the number of channels, patterns and shard
// channels c is subscribed to (CLIENT LIST's sub, psub and ssub).
// TODO(pubsub): count them once pub/sub lands.
func (c *client) subscriptionCounts() (sub, psub, ssub int) { return 0, 0, 0 }

// subscriptions is the total of subscriptionCounts: non-zero for a
// pub/sub client.
func (c *client) subscriptions() int {
	a, b, d := c.subscriptionCounts()
	return a + b + d
}

// CLIENT ID
func clientIDCommand(c *commands.Client) error {
	c.ReplyInt(c.ID)
	return nil
}

// CLIENT SETNAME connection-name
// An empty name removes the name.
func clientSetnameCommand(c *commands.Client) error {
	if err := validClientName(c.Argv[2]); err != nil {
		return err
	}
	cl(c).name = string(c.Argv[2])
	c.ReplyOK()
	return nil
}

// CLIENT GETNAME
// Replies with the name, or null when there is none.
func clientGetnameCommand(c *commands.Client) error {
	if name := cl(c).name; name != "" {
		c.ReplyBulkString(name)
	} else {
		c.ReplyNull()
	}
	return nil
}

// CLIENT LIST [TYPE NORMAL | MASTER | REPLICA | PUBSUB] [ID client-id [client-id ...]]
// Replies with one line per client (see clientInfoLine), in connection
// order, as a verbatim string; with ID, in the order the ids are given.
// Only one of TYPE and ID may be given, as in Redis 7.0.
func (s *Server) clientListCommand(c *commands.Client) error {
	me := cl(c)
	var list []*client
	switch {
	case len(c.Argv) == 2:
		list = s.clientsByID()
	case len(c.Argv) == 4 && strings.EqualFold(string(c.Argv[2]), "type"):
		typ := clientTypeByName(c.Argv[3])
		if typ < 0 {
			return commands.ErrUnknownClientType(c.Argv[3])
		}
		for _, x := range s.clientsByID() {
			if x.clientType() == typ {
				list = append(list, x)
			}
		}
	case len(c.Argv) > 3 && strings.EqualFold(string(c.Argv[2]), "id"):
		ids := make([]int64, 0, len(c.Argv)-3)
		for _, a := range c.Argv[3:] {
			id, err := commands.ParseInt(a)
			if err != nil {
				return commands.ErrInvalidClientID
			}
			ids = append(ids, id)
		}
		for _, id := range ids {
			if x := s.clients[id]; x != nil {
				list = append(list, x)
			}
		}
	default:
		return commands.ErrSyntax
	}
	var b []byte
	for _, x := range list {
		b = s.appendClientInfo(b, x, me)
		b = append(b, '\n')
	}
	c.ReplyVerbatim(string(b), "txt")
	return nil
}

// CLIENT INFO
// Replies with the calling client's CLIENT LIST line.
func (s *Server) clientInfoCommand(c *commands.Client) error {
	me := cl(c)
	b := s.appendClientInfo(nil, me, me)
	c.ReplyVerbatim(string(append(b, '\n')), "txt")
	return nil
}

// clientsByID returns the connected clients in connection order.
func (s *Server) clientsByID() []*client {
	list := make([]*client, 0, len(s.clients))
	for _, x := range s.clients {
		list = append(list, x)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].ID < list[j].ID })
	return list
}

// appendClientInfo appends x's CLIENT LIST line, without the newline, with
// Redis 7.0's fields in Redis's order:
//
//	id=4 addr=127.0.0.1:48516 laddr=127.0.0.1:6379 fd=8 name= age=1 idle=0
//	flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=26 qbuf-free=20448
//	argv-mem=10 multi-mem=0 rbs=16384 rbp=16384 obl=0 oll=0 omem=0
//	tot-mem=37658 events=r cmd=client|list user=default redir=-1 resp=2
//
// me is the client running the command: only its argv and reply buffer are
// the executor's to read. Mirrors catClientInfoString in networking.c.
// Deviation: the buffer figures are Ember's, not Redis's allocations.
func (s *Server) appendClientInfo(b []byte, x, me *client) []byte {
	now := s.nowMs()
	field := func(k string) { b = append(b, ' '); b = append(b, k...); b = append(b, '=') }
	num := func(k string, v int64) { field(k); b = strconv.AppendInt(b, v, 10) }

	b = append(b, "id="...)
	b = strconv.AppendInt(b, x.ID, 10)
	field("addr")
	b = append(b, x.addr...)
	field("laddr")
	b = append(b, x.laddr...)
	num("fd", int64(x.socketFD()))
	field("name")
	b = append(b, x.name...)
	num("age", (now-x.createdMs)/1000)
	num("idle", (now-x.lastMs)/1000)
	field("flags")
	b = x.appendFlags(b)
	num("db", int64(x.DB.ID))
	sub, psub, ssub := x.subscriptionCounts()
	num("sub", int64(sub))
	num("psub", int64(psub))
	num("ssub", int64(ssub))
	multi, multiMem := int64(-1), int64(0)
	if x.flags&flagMulti != 0 {
		multi = int64(len(x.multi))
		for _, q := range x.multi {
			for _, a := range q.argv {
				multiMem += int64(len(a))
			}
		}
	}
	num("multi", multi)
	num("qbuf", int64(x.qbuf))
	num("qbuf-free", 0)
	var argvMem, obl int64
	rbs := int64(1024)
	if x == me {
		for _, a := range x.Argv {
			argvMem += int64(len(a))
		}
		obl = int64(len(x.Buf))
		rbs = max(rbs, int64(cap(x.Buf)))
	}
	num("argv-mem", argvMem)
	num("multi-mem", multiMem)
	num("rbs", rbs)
	num("rbp", obl)
	num("obl", obl)
	num("oll", 0)
	x.amu.Lock()
	omem := int64(len(x.async))
	x.amu.Unlock()
	num("omem", omem)
	num("tot-mem", 1024+int64(x.qbuf)+argvMem+multiMem+rbs+omem)
	field("events")
	if omem > 0 {
		b = append(b, "rw"...)
	} else {
		b = append(b, 'r')
	}
	field("cmd")
	if x.lastCmd == "" {
		b = append(b, "NULL"...)
	} else {
		b = append(b, x.lastCmd...)
	}
	field("user")
	b = append(b, "default"...)
	num("redir", -1)
	num("resp", int64(x.Proto))
	return b
}

// appendFlags appends CLIENT LIST's flags: O monitor, P pub/sub, x MULTI,
// b blocked, d watched key touched, c close after reply, A close asap,
// e no-evict; N when none.
func (c *client) appendFlags(b []byte) []byte {
	n := len(b)
	if c.flags&flagMonitor != 0 {
		b = append(b, 'O')
	}
	if c.subscriptions() > 0 {
		b = append(b, 'P')
	}
	if c.flags&flagMulti != 0 {
		b = append(b, 'x')
	}
	if c.flags&flagBlocked != 0 {
		b = append(b, 'b')
	}
	if c.flags&flagDirtyCAS != 0 {
		b = append(b, 'd')
	}
	if c.flags&flagCloseAfter != 0 {
		b = append(b, 'c')
	}
	if c.flags&flagCloseASAP != 0 {
		b = append(b, 'A')
	}
	if c.flags&flagNoEvict != 0 {
		b = append(b, 'e')
	}
	if len(b) == n {
		b = append(b, 'N')
	}
	return b
}

// socketFD returns the connection's file descriptor, -1 for a client
// without a socket. It is looked up once and cached in fd.
func (c *client) socketFD() int {
	if c.fd != 0 {
		return c.fd
	}
	c.fd = -1
	if sc, ok := c.conn.(syscall.Conn); ok {
		if raw, err := sc.SyscallConn(); err == nil {
			raw.Control(func(fd uintptr) { c.fd = int(fd) })
		}
	}
	return c.fd
}

// CLIENT KILL ip:port
// CLIENT KILL <ID client-id | TYPE NORMAL|MASTER|REPLICA|PUBSUB | USER username | ADDR ip:port | LADDR ip:port | SKIPME yes|no> ...
// The old form kills the client at the address, the caller included, and
// replies OK or "No such client". The filter form kills every client that
// matches all filters, except the caller unless SKIPME no, and replies with
// the number killed. Mirrors the kill branch of clientCommand.
// Deviation: MAXAGE is Redis 7.4's and is a syntax error, as in 7.0.
func (s *Server) clientKillCommand(c *commands.Client) error {
	me := cl(c)
	var addr, laddr string
	var id int64
	typ, skipme := -1, true
	hasAddr, hasLaddr := false, false
	if len(c.Argv) == 3 {
		addr, hasAddr, skipme = string(c.Argv[2]), true, false
	} else {
		for i := 2; i < len(c.Argv); i += 2 {
			if i+1 >= len(c.Argv) {
				return commands.ErrSyntax
			}
			val := c.Argv[i+1]
			switch strings.ToLower(string(c.Argv[i])) {
			case "id":
				n, err := commands.ParseInt(val)
				if err != nil || n < 1 {
					return commands.ErrClientIDPositive
				}
				id = n
			case "type":
				if typ = clientTypeByName(val); typ < 0 {
					return commands.ErrUnknownClientType(val)
				}
			case "addr":
				addr, hasAddr = string(val), true
			case "laddr":
				laddr, hasLaddr = string(val), true
			case "user":
				if string(val) != "default" {
					return commands.ErrNoSuchUser(val)
				}
			case "skipme":
				switch strings.ToLower(string(val)) {
				case "yes":
					skipme = true
				case "no":
					skipme = false
				default:
					return commands.ErrSyntax
				}
			default:
				return commands.ErrSyntax
			}
		}
	}
	killed := int64(0)
	for _, x := range s.clientsByID() {
		if hasAddr && x.addr != addr || hasLaddr && x.laddr != laddr ||
			typ >= 0 && x.clientType() != typ || id != 0 && x.ID != id || x == me && skipme {
			continue
		}
		killed++
		if x == me {
			me.flags |= flagCloseAfter // after this reply
			continue
		}
		s.killClient(x)
	}
	if len(c.Argv) == 3 {
		if killed == 0 {
			return commands.ErrNoSuchClient
		}
		c.ReplyOK()
		return nil
	}
	c.ReplyInt(killed)
	return nil
}

// killClient disconnects x (not the caller) now, as Redis's freeClient: it
// leaves the client table at once, and a batch it has parked (CLIENT PAUSE)
// is dropped and released so its connection goroutine can exit.
func (s *Server) killClient(x *client) {
	x.flags |= flagCloseASAP
	x.closeAfter.Store(true)
	x.closeConn()
	if x.pending != nil {
		s.pause.forget(x)
		x.pending = nil
		x.flags &^= flagBlocked
		s.ready = append(s.ready, x)
	}
	s.freeClient(x)
}

// CLIENT NO-EVICT ON|OFF
func clientNoEvictCommand(c *commands.Client) error {
	switch strings.ToLower(string(c.Argv[2])) {
	case "on":
		cl(c).flags |= flagNoEvict
	case "off":
		cl(c).flags &^= flagNoEvict
	default:
		return commands.ErrSyntax
	}
	c.ReplyOK()
	return nil
}

// CLIENT REPLY ON|OFF|SKIP
// OFF silences every reply until ON; SKIP silences the next command's.
// Neither OFF nor SKIP is itself answered: the reply written here is
// dropped by processCommand (see afterCommand).
func clientReplyCommand(c *commands.Client) error {
	cc := cl(c)
	switch strings.ToLower(string(c.Argv[2])) {
	case "on":
		cc.flags &^= flagReplyOff | flagReplySkip | flagReplySkipNext
	case "off":
		cc.flags |= flagReplyOff
	case "skip":
		cc.flags |= flagReplySkip
		if cc.flags&flagReplyOff == 0 {
			cc.flags |= flagReplySkipNext
		}
	default:
		return commands.ErrSyntax
	}
	c.ReplyOK()
	return nil
}

// CLIENT PAUSE timeout [WRITE | ALL]
// Holds the commands of every client (ALL, the default) or only those that
// may write (WRITE) for timeout milliseconds. A later pause never shortens
// an earlier one.
func (s *Server) clientPauseCommand(c *commands.Client) error {
	if len(c.Argv) > 4 {
		return errSubcommandSyntax(c)
	}
	mode := pauseAll
	if len(c.Argv) == 4 {
		switch strings.ToLower(string(c.Argv[3])) {
		case "write":
			mode = pauseWrite
		case "all":
		default:
			return commands.ErrPauseMode
		}
	}
	ms, err := commands.ParseInt(c.Argv[2])
	if err != nil {
		return commands.ErrTimeoutNotInteger
	}
	if ms < 0 {
		return commands.ErrTimeoutNeg
	}
	end := ms
	if ms > 0 {
		if ms > 1<<63-1-c.Now {
			return commands.ErrTimeoutOutOfRange
		}
		end += c.Now
	}
	s.pause.pauseClients(end, mode)
	c.ReplyOK()
	return nil
}

// CLIENT UNPAUSE
// Ends any pause. The held clients resume once this command's pass ends.
func (s *Server) clientUnpauseCommand(c *commands.Client) error {
	s.pause.stop()
	c.ReplyOK()
	return nil
}

// CLIENT UNBLOCK client-id [TIMEOUT | ERROR]
// Unblocks a client blocked in a blocking command as if its timeout had
// passed, or with an UNBLOCKED error; replies 1, or 0 if the client is not
// blocked in such a command (a client held by CLIENT PAUSE is not).
func (s *Server) clientUnblockCommand(c *commands.Client) error {
	if len(c.Argv) > 4 {
		return errSubcommandSyntax(c)
	}
	withError := false
	if len(c.Argv) == 4 {
		switch strings.ToLower(string(c.Argv[3])) {
		case "timeout":
		case "error":
			withError = true
		default:
			return commands.ErrUnblockReason
		}
	}
	id, err := commands.ParseInt(c.Argv[2])
	if err != nil {
		return err
	}
	if !s.unblockClient(id, withError) {
		c.ReplyInt(0)
		return nil
	}
	c.ReplyInt(1)
	return nil
}

// CLIENT TRACKING ON|OFF [REDIRECT client-id] [PREFIX prefix ...] [BCAST] [OPTIN] [OPTOUT] [NOLOOP]
// Deviation: client-side caching is not implemented; OFF answers OK (it is
// never on) and ON an error.
func clientTrackingCommand(c *commands.Client) error {
	switch strings.ToLower(string(c.Argv[2])) {
	case "off":
		c.ReplyOK()
		return nil
	case "on":
		return commands.ErrTrackingUnsupported
	}
	return commands.ErrSyntax
}

// CLIENT CACHING YES|NO
// Tracking is never on, so this is always Redis's error for that case.
func clientCachingCommand(c *commands.Client) error {
	return commands.ErrCachingNoTracking
}

// CLIENT GETREDIR
// Replies -1: tracking is never on.
func clientGetredirCommand(c *commands.Client) error {
	c.ReplyInt(-1)
	return nil
}

// CLIENT TRACKINGINFO
// Replies with the tracking-off form: flags [off], redirect -1, no prefixes.
func clientTrackinginfoCommand(c *commands.Client) error {
	c.ReplyMapLen(3)
	c.ReplyBulkString("flags")
	c.ReplySetLen(1)
	c.ReplyBulkString("off")
	c.ReplyBulkString("redirect")
	c.ReplyInt(-1)
	c.ReplyBulkString("prefixes")
	c.ReplyArrayLen(0)
	return nil
}

// CLIENT HELP
func clientHelpCommand(c *commands.Client) error {
	replyHelp(c, "CLIENT", []string{
		"CACHING (YES|NO)",
		"    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
		"GETREDIR",
		"    Return the client ID we are redirecting to when tracking is enabled.",
		"GETNAME",
		"    Return the name of the current connection.",
		"ID",
		"    Return the ID of the current connection.",
		"INFO",
		"    Return information about the current client connection.",
		"KILL <ip:port>",
		"    Kill connection made from <ip:port>.",
		"KILL <option> <value> [<option> <value> [...]]",
		"    Kill connections. Options are:",
		"    * ADDR (<ip:port>|<unixsocket>:0)",
		"      Kill connections made from the specified address",
		"    * LADDR (<ip:port>|<unixsocket>:0)",
		"      Kill connections made to specified local address",
		"    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
		"      Kill connections by type.",
		"    * USER <username>",
		"      Kill connections authenticated by <username>.",
		"    * SKIPME (YES|NO)",
		"      Skip killing current connection (default: yes).",
		"LIST [options ...]",
		"    Return information about client connections. Options:",
		"    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
		"      Return clients of specified type.",
		"UNPAUSE",
		"    Stop the current client pause, resuming traffic.",
		"PAUSE <timeout> [WRITE|ALL]",
		"    Suspend all, or just write, clients for <timeout> milliseconds.",
		"REPLY (ON|OFF|SKIP)",
		"    Control the replies sent to the current connection.",
		"SETNAME <name>",
		"    Assign the name <name> to the current connection.",
		"UNBLOCK <clientid> [TIMEOUT|ERROR]",
		"    Unblock the specified blocked client.",
		"TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
		"         [OPTIN] [OPTOUT] [NOLOOP]",
		"    Control server assisted client side caching.",
		"TRACKINGINFO",
		"    Report tracking status for the current connection.",
		"NO-EVICT (ON|OFF)",
		"    Protect current client connection from eviction.",
	})
	return nil
}
