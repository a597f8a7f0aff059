package server

import "github.com/ember-db/ember/commands"

// clientImpls returns CLIENT's subcommands.
func (s *Server) clientImpls() []commands.Impl {
	return nil
}
