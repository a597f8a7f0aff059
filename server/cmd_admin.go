package server

import (
	"strings"

	"github.com/ember-db/ember/commands"
)

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
	var save, nosave bool
	for _, a := range c.Argv[1:] {
		switch strings.ToLower(string(a)) {
		case "save":
			save = true
		case "nosave":
			nosave = true
		default:
			return commands.ErrSyntax
		}
	}
	if save && nosave {
		return commands.ErrSyntax
	}
	if err := s.prepareForShutdown(save, nosave, false); err != nil {
		return err
	}
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
