package server

import "github.com/ember-db/ember/commands"

// adminImpls returns the server administration handlers: SHUTDOWN, INFO,
// CONFIG, CLIENT, DEBUG, SLOWLOG, ...
func (s *Server) adminImpls() []commands.Impl {
	return []commands.Impl{
		{Name: "shutdown", Proc: s.shutdownCommand},
	}
}

// SHUTDOWN [NOSAVE | SAVE] [NOW] [FORCE] [ABORT]
// On success nothing is replied: the server closes every connection and
// exits, as Redis does.
func (s *Server) shutdownCommand(c *commands.Client) error {
	s.shutdownRequested = true
	cl(c).flags |= flagCloseASAP
	return nil
}

// shuttingDown reports whether SHUTDOWN was called.
func (s *Server) shuttingDown() bool { return s.shutdownRequested }

// closeAll closes the listeners and every connection. Executor goroutine,
// as its last act.
func (s *Server) closeAll() {
	s.closeListeners()
	for _, c := range s.clients {
		c.closeConn()
	}
}
