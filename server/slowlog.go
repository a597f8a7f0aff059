package server

import (
	"time"
)

// slowlogEntry is one SLOWLOG GET entry.
type slowlogEntry struct {
	id      int64
	timeSec int64 // unix seconds when the command ran
	usec    int64 // duration
	argv    [][]byte
	addr    string
	name    string
}

// slowlog keeps the slowest commands, newest first, as Redis's slowlog.c:
// at most slowlog-max-len entries, argv cut to 32 arguments and each to 128
// bytes. Executor-owned.
type slowlog struct {
	entries []slowlogEntry // newest first
	nextID  int64
}

func (l *slowlog) init() { l.entries = nil }

// Redis's SLOWLOG_ENTRY_MAX_ARGC and SLOWLOG_ENTRY_MAX_STRING.
const (
	slowlogMaxArgc   = 32
	slowlogMaxString = 128
)

// add records c's command if it ran at least slowlog-log-slower-than.
func (l *slowlog) add(s *Server, c *client, dur time.Duration) {
	threshold := s.cfg.SlowlogLogSlowerThan
	if threshold < 0 || dur.Microseconds() < threshold {
		return
	}
	argv := c.Argv
	n := min(len(argv), slowlogMaxArgc)
	kept := make([][]byte, n)
	for i := 0; i < n; i++ {
		a := argv[i]
		switch {
		case i == slowlogMaxArgc-1 && len(argv) > slowlogMaxArgc:
			kept[i] = []byte("... (" + itoa(int64(len(argv)-slowlogMaxArgc+1)) + " more arguments)")
		case len(a) > slowlogMaxString:
			kept[i] = append(append([]byte(nil), a[:slowlogMaxString]...), "... ("+itoa(int64(len(a)-slowlogMaxString))+" more bytes)"...)
		default:
			kept[i] = append([]byte(nil), a...)
		}
	}
	e := slowlogEntry{id: l.nextID, timeSec: c.Now / 1000, usec: dur.Microseconds(), argv: kept, addr: c.addr, name: c.name}
	l.nextID++
	l.entries = append([]slowlogEntry{e}, l.entries...)
	if max := int(s.cfg.SlowlogMaxLen); len(l.entries) > max {
		l.entries = l.entries[:max]
	}
}
