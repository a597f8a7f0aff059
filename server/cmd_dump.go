package server

import (
	"strconv"
	"strings"

	"github.com/ember-db/ember/commands"
	"github.com/ember-db/ember/persist"
)

// dumpImpls returns DUMP and RESTORE, which serialize values with the
// snapshot encoding (persist.Dump), hence their place in the server.
func (s *Server) dumpImpls() []commands.Impl {
	return []commands.Impl{
		{Name: "dump", Proc: dumpCommand},
		{Name: "restore", Proc: s.restoreCommand},
	}
}

// DUMP key
// Deviation: the payload is Ember's snapshot encoding of the value with
// Redis's footer (version, CRC-64); redis-server cannot RESTORE it.
func dumpCommand(c *commands.Client) error {
	e := c.LookupKeyRead(c.Argv[1])
	if e == nil {
		c.ReplyNull()
		return nil
	}
	c.ReplyBulk(persist.Dump(e.Value))
	return nil
}

// RESTORE key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]
// A relative ttl is propagated as an absolute one with ABSTTL; a ttl already
// in the past restores nothing (and deletes a replaced key). Mirrors
// restoreCommand in Redis's cluster.c.
// Deviation: FREQ is validated but not kept (no LFU counters).
func (s *Server) restoreCommand(c *commands.Client) error {
	var replace, absttl bool
	idle, freq := int64(-1), int64(-1)
	for j := 4; j < len(c.Argv); j++ {
		more := len(c.Argv) - j - 1
		switch opt := strings.ToLower(string(c.Argv[j])); {
		case opt == "replace":
			replace = true
		case opt == "absttl":
			absttl = true
		case opt == "idletime" && more >= 1 && freq == -1:
			n, err := commands.ParseInt(c.Argv[j+1])
			if err != nil {
				return err
			}
			if n < 0 {
				return commands.Error("ERR Invalid IDLETIME value, must be >= 0")
			}
			idle = n
			j++
		case opt == "freq" && more >= 1 && idle == -1:
			n, err := commands.ParseInt(c.Argv[j+1])
			if err != nil {
				return err
			}
			if n < 0 || n > 255 {
				return commands.Error("ERR Invalid FREQ value, must be >= 0 and <= 255")
			}
			freq = n
			j++
		default:
			return commands.ErrSyntax
		}
	}
	key := c.Argv[1]
	if !replace && c.LookupKeyWrite(key) != nil {
		return commands.Error("BUSYKEY Target key name already exists.")
	}
	ttl, err := commands.ParseInt(c.Argv[2])
	if err != nil {
		return err
	}
	if ttl < 0 {
		return commands.Error("ERR Invalid TTL value, must be >= 0")
	}
	t := &s.data.Tunables
	v, err := persist.ParseDump(c.Argv[3], persist.Encodings{
		HashMaxListpackEntries: t.HashMaxListpackEntries, HashMaxListpackValue: t.HashMaxListpackValue,
		SetMaxIntsetEntries:    t.SetMaxIntsetEntries,
		ZsetMaxListpackEntries: t.ZsetMaxListpackEntries, ZsetMaxListpackValue: t.ZsetMaxListpackValue,
		ListMaxListpackSize: t.ListMaxListpackSize,
	}, t.ProtoMaxBulkLen)
	if err != nil {
		return commands.Error("ERR " + err.Error())
	}
	deleted := replace && c.DBDelete(c.DB, key)
	if ttl != 0 && !absttl {
		ttl += c.Now
	}
	if ttl != 0 && ttl <= c.Now {
		if deleted {
			c.RewriteArgv([]byte("DEL"), key)
			c.Notify('g', "del", key)
			c.Dirty++
		}
		c.ReplyOK()
		return nil
	}
	e := c.DB.Add(key, v, c.Now)
	c.SignalKeyCreated(c.DB, key, v)
	if ttl != 0 {
		c.DB.SetExpire(e, ttl)
		if !absttl {
			argv := append(append([][]byte(nil), c.Argv...), []byte("ABSTTL"))
			argv[2] = strconv.AppendInt(nil, ttl, 10)
			c.RewriteArgv(argv...)
		}
	}
	if idle >= 0 {
		e.Access = c.Now - idle*1000
	}
	c.SignalModifiedKey(key)
	c.Notify('g', "restore", key)
	c.ReplyOK()
	c.Dirty++
	return nil
}
