package server

import (
	"strings"

	"github.com/ember-db/ember/commands"
)

// persistImpls returns the snapshot commands.
func (s *Server) persistImpls() []commands.Impl {
	return append([]commands.Impl{
		{Name: "save", Proc: s.saveCommand},
		{Name: "bgsave", Proc: s.bgsaveCommand},
		{Name: "lastsave", Proc: s.lastsaveCommand},
	}, s.aofImpls()...)
}

// SAVE
// Writes the snapshot synchronously: every other client waits, as in Redis.
// A running AOF rewrite is completed first.
func (s *Server) saveCommand(c *commands.Client) error {
	if job := s.persist.job; job != nil && job.kind == jobSave {
		return commands.Error("ERR Background save already in progress")
	}
	s.persist.saves++ // attempts, as Redis's stat_rdb_saves
	if err := s.saveNow(); err != nil {
		return commands.Error("ERR")
	}
	c.ReplyOK()
	return nil
}

// BGSAVE [SCHEDULE]
// Starts a fork-less point-in-time snapshot (DESIGN.md §5); commands keep
// being served while it is written. During an AOF rewrite (one snapshot job
// at a time) it is refused, or scheduled with SCHEDULE; inside MULTI it is
// scheduled, as Redis does while in_exec.
func (s *Server) bgsaveCommand(c *commands.Client) error {
	schedule := false
	if len(c.Argv) > 1 {
		if len(c.Argv) != 2 || !strings.EqualFold(string(c.Argv[1]), "schedule") {
			return commands.ErrSyntax
		}
		schedule = true
	}
	job := s.persist.job
	switch {
	case job != nil && job.kind == jobSave:
		return commands.Error("ERR Background save already in progress")
	case job != nil || cl(c).inExec:
		if !schedule && !cl(c).inExec {
			return commands.ErrBGSaveChildActive
		}
		s.persist.bgsaveScheduled = true
		c.ReplyStatus("Background saving scheduled")
		return nil
	}
	if err := s.startSnapshot(); err != nil {
		// Redis's child would fail opening the file after the fork: the
		// reply says started, and the failure shows as a failed BGSAVE.
		s.persistFailed(err)
	}
	c.ReplyStatus("Background saving started")
	return nil
}

// LASTSAVE
// The unix time in seconds of the last successful save (or of start-up).
func (s *Server) lastsaveCommand(c *commands.Client) error {
	c.ReplyInt(s.persist.lastSave.Unix())
	return nil
}

// prepareForShutdown saves the dataset when save points are configured (or
// save is forced) unless nosave or still loading, as Redis's
// prepareForShutdown. A failed save cancels the shutdown unless force.
func (s *Server) prepareForShutdown(save, nosave, force bool) error {
	if err := s.aofPrepareForShutdown(force); err != nil {
		return err
	}
	s.abortSnapshot() // a running BGSAVE is superseded by the final save
	if s.data.Loading {
		// Half a dataset must not replace the file it is loaded from:
		// Redis forces NOSAVE while loading.
		save, nosave = false, true
	}
	if nosave || (!save && len(s.savePoints()) == 0) {
		return nil
	}
	s.log.Noticef("Saving the final RDB snapshot before exiting.")
	if err := s.saveNow(); err != nil && !force {
		s.log.Warningf("Error trying to save the DB, can't exit.")
		return commands.Error("ERR Errors trying to SHUTDOWN. Check logs.")
	}
	return nil
}
