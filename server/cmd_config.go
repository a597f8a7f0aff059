package server

import "github.com/ember-db/ember/commands"

// configImpls returns CONFIG's subcommands.
func (s *Server) configImpls() []commands.Impl {
	return nil
}
