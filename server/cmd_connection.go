package server

import (
	"crypto/subtle"
	"strings"

	"github.com/ember-db/ember/commands"
)

// serverImpls returns the handlers that need the server's own state:
// connection, transactions, clients, config, INFO and administration.
func (s *Server) serverImpls() []commands.Impl {
	impls := []commands.Impl{
		{Name: "ping", Proc: s.pingCommand},
		{Name: "echo", Proc: echoCommand},
		{Name: "select", Proc: s.selectCommand},
		{Name: "quit", Proc: quitCommand},
		{Name: "reset", Proc: s.resetCommand},
		{Name: "hello", Proc: s.helloCommand},
		{Name: "auth", Proc: s.authCommand},
		{Name: "multi", Proc: multiCommand},
		{Name: "exec", Proc: s.execCommand},
		{Name: "discard", Proc: s.discardCommand},
		{Name: "watch", Proc: s.watchCommand},
		{Name: "unwatch", Proc: s.unwatchCommand},
		{Name: "monitor", Proc: s.monitorCommand},
	}
	impls = append(impls, s.adminImpls()...)
	impls = append(impls, s.configImpls()...)
	impls = append(impls, s.clientImpls()...)
	impls = append(impls, s.persistImpls()...)
	impls = append(impls, s.dumpImpls()...)
	return impls
}

func cl(c *commands.Client) *client { return c.Ext.(*client) }

// PING [message]
// In RESP2 a client in pub/sub mode gets ["pong", message]; pub/sub is not
// implemented yet, so that case does not arise.
func (s *Server) pingCommand(c *commands.Client) error {
	if len(c.Argv) > 2 {
		return commands.ErrWrongArgs("ping")
	}
	if len(c.Argv) == 2 {
		c.ReplyBulk(c.Argv[1])
		return nil
	}
	c.ReplyStatus("PONG")
	return nil
}

// ECHO message
func echoCommand(c *commands.Client) error {
	c.ReplyBulk(c.Argv[1])
	return nil
}

// SELECT index
func (s *Server) selectCommand(c *commands.Client) error {
	id, err := commands.ParseInt(c.Argv[1])
	if err != nil {
		return err
	}
	if id < 0 || id >= int64(len(s.data.Keyspace.DBs)) {
		return commands.ErrDBIndex
	}
	c.DB = s.data.Keyspace.DBs[id]
	c.ReplyOK()
	return nil
}

// QUIT
// Replies OK and closes the connection once the reply is written.
func quitCommand(c *commands.Client) error {
	cl(c).flags |= flagCloseAfter
	c.ReplyOK()
	return nil
}

// RESET
// Returns the connection to its initial state: discards MULTI, unwatches,
// leaves MONITOR, selects db 0, RESP2, no name, replies on, and requires
// AUTH again when a password is set. Mirrors resetCommand / clearClientConnectionState.
func (s *Server) resetCommand(c *commands.Client) error {
	cc := cl(c)
	s.discardTransaction(cc)
	s.unwatchAll(cc)
	s.leaveMonitor(cc)
	cc.DB = s.data.Keyspace.DBs[0]
	cc.Proto = 2
	cc.name = ""
	cc.flags &^= flagReplyOff | flagReplySkip | flagReplySkipNext | flagNoEvict
	if s.cfg.RequirePass != "" {
		cc.authenticated = false
		cc.authOK.Store(false)
	}
	c.ReplyStatus("RESET")
	return nil
}

// HELLO [protover [AUTH username password] [SETNAME clientname]]
func (s *Server) helloCommand(c *commands.Client) error {
	cc := cl(c)
	ver := int64(0)
	if len(c.Argv) >= 2 {
		v, err := commands.ParseInt(c.Argv[1])
		if err != nil {
			return commands.Error("ERR Protocol version is not an integer or out of range")
		}
		if v < 2 || v > 3 {
			return commands.Error("NOPROTO unsupported protocol version")
		}
		ver = v
	}
	var user, pass, name []byte
	setName := false
	for i := 2; i < len(c.Argv); i++ {
		more := len(c.Argv) - i - 1
		switch opt := strings.ToLower(string(c.Argv[i])); {
		case opt == "auth" && more >= 2:
			user, pass = c.Argv[i+1], c.Argv[i+2]
			i += 2
		case opt == "setname" && more >= 1:
			name, setName = c.Argv[i+1], true
			i++
		default:
			return commands.Error("ERR Syntax error in HELLO option '" + string(c.Argv[i]) + "'")
		}
	}
	if user != nil {
		if err := s.checkAuth(user, pass); err != nil {
			return err
		}
		cc.authenticated = true
		cc.authOK.Store(true)
	}
	if !cc.authenticated {
		return commands.Error("NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time")
	}
	if setName {
		if err := validClientName(name); err != nil {
			return err
		}
		cc.name = string(name)
	}
	if ver != 0 {
		cc.Proto = int(ver)
	}
	c.ReplyMapLen(7)
	c.ReplyBulkString("server")
	c.ReplyBulkString("redis")
	c.ReplyBulkString("version")
	c.ReplyBulkString(Version)
	c.ReplyBulkString("proto")
	c.ReplyInt(int64(cc.Proto))
	c.ReplyBulkString("id")
	c.ReplyInt(c.ID)
	c.ReplyBulkString("mode")
	c.ReplyBulkString("standalone")
	c.ReplyBulkString("role")
	c.ReplyBulkString("master")
	c.ReplyBulkString("modules")
	c.ReplyArrayLen(0)
	return nil
}

// AUTH [username] password
func (s *Server) authCommand(c *commands.Client) error {
	if len(c.Argv) > 3 {
		return commands.ErrSyntax
	}
	user, pass := []byte("default"), c.Argv[1]
	if len(c.Argv) == 3 {
		user, pass = c.Argv[1], c.Argv[2]
	} else if s.cfg.RequirePass == "" {
		return commands.Error("ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?")
	}
	if err := s.checkAuth(user, pass); err != nil {
		return err
	}
	cc := cl(c)
	cc.authenticated = true
	cc.authOK.Store(true)
	c.ReplyOK()
	return nil
}

// checkAuth verifies a username/password pair against the default user
// (requirepass; no password configured means the default user is nopass).
func (s *Server) checkAuth(user, pass []byte) error {
	if string(user) == "default" {
		if s.cfg.RequirePass == "" ||
			subtle.ConstantTimeCompare(pass, []byte(s.cfg.RequirePass)) == 1 {
			return nil
		}
	}
	return commands.Error("WRONGPASS invalid username-password pair or user is disabled.")
}

// validClientName rejects names with spaces, newlines or non-printable bytes.
func validClientName(name []byte) error {
	for _, b := range name {
		if b < '!' || b > '~' {
			return commands.Error("ERR Client names cannot contain spaces, newlines or special characters.")
		}
	}
	return nil
}
