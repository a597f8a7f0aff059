package server

import (
	"strconv"

	"github.com/ember-db/ember/commands"
	"github.com/ember-db/ember/resp"
	"github.com/ember-db/ember/store"
)

// MULTI
func multiCommand(c *commands.Client) error {
	cc := cl(c)
	if cc.flags&flagMulti != 0 {
		return commands.Error("ERR MULTI calls can not be nested")
	}
	cc.flags |= flagMulti
	c.ReplyOK()
	return nil
}

// discardTransaction leaves MULTI state and unwatches. Mirrors discardTransaction.
func (s *Server) discardTransaction(c *client) {
	c.multi = nil
	c.flags &^= flagMulti | flagDirtyCAS | flagDirtyExec
	s.unwatchAll(c)
}

// DISCARD
func (s *Server) discardCommand(c *commands.Client) error {
	cc := cl(c)
	if cc.flags&flagMulti == 0 {
		return commands.Error("ERR DISCARD without MULTI")
	}
	s.discardTransaction(cc)
	c.ReplyOK()
	return nil
}

// EXEC
// Runs the queued commands atomically: nothing else runs in between, because
// one goroutine runs everything. Replies with the array of their replies, a
// null array if a WATCHed key changed, or EXECABORT if queueing failed.
// Mirrors execCommand in multi.c.
func (s *Server) execCommand(c *commands.Client) error {
	cc := cl(c)
	if cc.flags&flagMulti == 0 {
		return commands.Error("ERR EXEC without MULTI")
	}
	if s.watchedKeyExpired(cc) {
		cc.flags |= flagDirtyCAS
	}
	if cc.flags&flagDirtyExec != 0 {
		s.discardTransaction(cc)
		return commands.Error("EXECABORT Transaction discarded because of previous errors.")
	}
	if cc.flags&flagDirtyCAS != 0 {
		s.discardTransaction(cc)
		c.ReplyNullArray()
		return nil
	}
	queue := cc.multi
	s.unwatchAll(cc)
	cc.multi = nil
	cc.flags &^= flagMulti
	execCmd, execArgv := c.Cmd, c.Argv
	c.ReplyArrayLen(len(queue))
	// The queued commands run through call(): their stats, slow log and
	// propagation are their own; EXEC's own dirty stays 0.
	var dirty int64
	cc.inExec = true
	for _, q := range queue {
		c.Argv = q.argv
		s.call(cc, q.cmd)
		dirty += c.Dirty
	}
	cc.inExec = false
	c.Cmd, c.Argv = execCmd, execArgv
	c.ResetCall()
	_ = dirty
	return nil
}

// WATCH key [key ...]
func (s *Server) watchCommand(c *commands.Client) error {
	cc := cl(c)
	if cc.flags&flagMulti != 0 {
		return commands.Error("ERR WATCH inside MULTI is not allowed")
	}
	for _, key := range c.Argv[1:] {
		s.watchKey(cc, c.DB, key)
	}
	c.ReplyOK()
	return nil
}

// UNWATCH
func (s *Server) unwatchCommand(c *commands.Client) error {
	s.unwatchAll(cl(c))
	cl(c).flags &^= flagDirtyCAS
	c.ReplyOK()
	return nil
}

// watchKey adds key of db to c's watched keys (once), remembering whether it
// was already expired: a key that expires after WATCH fails the EXEC, as in
// Redis 7.0.
func (s *Server) watchKey(c *client, db *store.DB, key []byte) {
	for _, w := range c.watched {
		if w.db == db && w.key == string(key) {
			return
		}
	}
	k := string(key)
	keys := s.watched[db]
	if keys == nil {
		keys = map[string][]*client{}
		s.watched[db] = keys
	}
	keys[k] = append(keys[k], c)
	e := db.Find(key)
	c.watched = append(c.watched, watchedKey{db: db, key: k,
		expiredAtWatch: e != nil && e.Expire != 0 && e.Expire <= c.Now})
}

// watchedKeyExpired reports whether a watched key that was live at WATCH
// time has expired since (isWatchedKeyExpired).
func (s *Server) watchedKeyExpired(c *client) bool {
	now := s.nowMs()
	for _, w := range c.watched {
		if w.expiredAtWatch {
			continue
		}
		if e := w.db.Find([]byte(w.key)); e != nil && e.Expire != 0 && e.Expire <= now {
			return true
		}
	}
	return false
}

// unwatchAll forgets every key c watches.
func (s *Server) unwatchAll(c *client) {
	for _, w := range c.watched {
		keys := s.watched[w.db]
		cs := keys[w.key]
		for i, x := range cs {
			if x == c {
				cs = append(cs[:i], cs[i+1:]...)
				break
			}
		}
		if len(cs) == 0 {
			delete(keys, w.key)
		} else {
			keys[w.key] = cs
		}
	}
	c.watched = nil
}

// MONITOR
// The client receives every command the server executes from then on, one
// status line each, formatted as Redis's replicationFeedMonitors.
func (s *Server) monitorCommand(c *commands.Client) error {
	cc := cl(c)
	if cc.flags&flagMonitor != 0 {
		c.ReplyOK()
		return nil
	}
	cc.flags |= flagMonitor
	s.monitors = append(s.monitors, cc)
	cc.wantPusher.Store(true)
	c.ReplyOK()
	return nil
}

func (s *Server) leaveMonitor(c *client) {
	if c.flags&flagMonitor == 0 {
		return
	}
	c.flags &^= flagMonitor
	for i, m := range s.monitors {
		if m == c {
			s.monitors = append(s.monitors[:i], s.monitors[i+1:]...)
			break
		}
	}
}

// feedMonitors sends argv, run by c, to every MONITOR client:
//
//	+1700000000.123456 [0 127.0.0.1:5000] "set" "k" "v"
func (s *Server) feedMonitors(c *client, argv [][]byte) {
	now := s.cfg.Clock()
	line := []byte{'+'}
	line = strconv.AppendInt(line, now.Unix(), 10)
	line = append(line, '.')
	us := strconv.Itoa(now.Nanosecond() / 1000)
	for i := len(us); i < 6; i++ {
		line = append(line, '0')
	}
	line = append(line, us...)
	line = append(line, " ["...)
	line = strconv.AppendInt(line, int64(c.DB.ID), 10)
	line = append(line, ' ')
	if c.conn == nil {
		line = append(line, "lua"...)
	} else {
		line = append(line, c.addr...)
	}
	line = append(line, ']')
	for _, a := range argv {
		line = append(line, ' ')
		line = resp.AppendRepr(line, a)
	}
	line = append(line, '\r', '\n')
	for _, m := range s.monitors {
		s.pushAsync(m, line)
	}
}
