package server

import "github.com/ember-db/ember/commands"

// aofImpls returns the append-only file commands.
func (s *Server) aofImpls() []commands.Impl {
	return []commands.Impl{
		{Name: "bgrewriteaof", Proc: s.bgrewriteaofCommand},
	}
}

// BGREWRITEAOF
// Starts an AOF rewrite: a new base written by the fork-less snapshot and a
// new incremental file opened at the same instant, then an atomic manifest
// switch; commands keep being served meanwhile. While a BGSAVE runs, or
// inside MULTI, it is scheduled instead. It works with appendonly no too:
// the directory then holds just the new base. Mirrors bgrewriteaofCommand.
func (s *Server) bgrewriteaofCommand(c *commands.Client) error {
	job := s.persist.job
	switch {
	case job != nil && job.kind == jobRewrite:
		return commands.ErrRewriteInProgress
	case job != nil || cl(c).inExec:
		s.persist.aof.rewriteScheduled = true
		s.persist.aof.failures = 0 // a manual rewrite is not rate limited
		c.ReplyStatus("Background append only file rewriting scheduled")
		return nil
	}
	if err := s.startRewrite(); err != nil {
		return commands.ErrRewriteFailed
	}
	c.ReplyStatus("Background append only file rewriting started")
	return nil
}
