package server

import "github.com/ember-db/ember/commands"

// Pause modes of CLIENT PAUSE.
const (
	pauseOff = iota
	pauseWrite
	pauseAll
)

// pauseState is CLIENT PAUSE: until endMs, clients that send a command the
// mode covers are parked with the rest of their batch, and resume in arrival
// order at CLIENT UNPAUSE or when the time is up. Executor-owned.
type pauseState struct {
	mode   int
	endMs  int64
	parked []*client
}

// blocks reports whether argv must wait for the pause to end.
func (p *pauseState) blocks(s *Server, c *client, argv [][]byte) bool {
	if p.mode == pauseOff {
		return false
	}
	if s.nowMs() >= p.endMs {
		p.unpause(s)
		return false
	}
	if p.mode == pauseAll {
		return true
	}
	cmd, err := s.table.Lookup(argv)
	if err != nil {
		return false
	}
	if cmd.Flags&(commands.FlagWrite|commands.FlagMayReplicate) != 0 {
		return true
	}
	// EXEC of a transaction that writes is paused as a whole.
	if cmd.Name == "exec" && c.flags&flagMulti != 0 {
		for _, q := range c.multi {
			if q.cmd.Flags&(commands.FlagWrite|commands.FlagMayReplicate) != 0 {
				return true
			}
		}
	}
	return false
}

// park holds c until the pause ends.
func (p *pauseState) park(c *client) {
	c.flags |= flagBlocked
	p.parked = append(p.parked, c)
}

// forget drops a disconnected client.
func (p *pauseState) forget(c *client) {
	for i, pc := range p.parked {
		if pc == c {
			p.parked = append(p.parked[:i], p.parked[i+1:]...)
			return
		}
	}
}

// pauseClients starts or extends a pause. A later pause never shortens an
// earlier one and "ALL" wins over "WRITE", as Redis's pauseClients.
func (p *pauseState) pauseClients(endMs int64, mode int) {
	if endMs > p.endMs {
		p.endMs = endMs
	}
	if mode > p.mode {
		p.mode = mode
	}
}

// unpause ends the pause and resumes parked clients in order.
func (p *pauseState) unpause(s *Server) {
	p.mode, p.endMs = pauseOff, 0
	parked := p.parked
	p.parked = nil
	for _, c := range parked {
		c.flags &^= flagBlocked
		if c.pending != nil {
			s.resumeBatch(c)
		}
	}
}

// stop ends the pause without resuming the parked clients: CLIENT UNPAUSE
// runs inside a command, so they resume at the end of the pass
// (resumeIfStopped), as Redis unblocks paused clients outside the command.
func (p *pauseState) stop() { p.mode, p.endMs = pauseOff, 0 }

// resumeIfStopped resumes the parked clients once the pause is off.
func (p *pauseState) resumeIfStopped(s *Server) {
	if p.mode == pauseOff && len(p.parked) > 0 {
		p.unpause(s)
	}
}

// cron ends an expired pause.
func (p *pauseState) cron(s *Server, nowMs int64) {
	if p.mode != pauseOff && nowMs >= p.endMs {
		p.unpause(s)
	}
}
