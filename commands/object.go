package commands

import (
	"strings"

	"github.com/ember-db/ember/store"
)

// Redis's object.c constants that OBJECT reports.
const (
	// sharedRefcount is the refcount of Redis's shared objects (INT_MAX).
	sharedRefcount = 2147483647
	// sharedIntegers is OBJ_SHARED_INTEGERS: strings holding 0..9999 are
	// shared objects unless the eviction policy needs per-key LRU/LFU data.
	sharedIntegers = 10000
	// lfuInitVal is LFU_INIT_VAL, the logarithmic counter of a new key.
	lfuInitVal = 5
	// lfuDecayMs is lfu-decay-time (default 1 minute) in ms.
	lfuDecayMs = 60_000
)

// objectHelp is OBJECT HELP's text, without the heading and the HELP lines
// that replyHelp adds.
var objectHelp = []string{
	"ENCODING <key>",
	"    Return the kind of internal representation used in order to store the value",
	"    associated with a <key>.",
	"FREQ <key>",
	"    Return the access frequency index of the <key>. The returned integer is",
	"    proportional to the logarithm of the recent access frequency of the key.",
	"IDLETIME <key>",
	"    Return the idle time of the <key>, that is the approximated number of",
	"    seconds elapsed since the last access to the key.",
	"REFCOUNT <key>",
	"    Return the number of references of the value associated with the specified",
	"    <key>.",
}

// replyHelp writes a container command's HELP reply: a heading, lines, and
// the HELP entry, each as a status line. Mirrors addReplyHelp in networking.c.
func (c *Client) replyHelp(container string, lines []string) {
	c.ReplyArrayLen(len(lines) + 3)
	c.ReplyStatus(strings.ToUpper(container) + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:")
	for _, l := range lines {
		c.ReplyStatus(l)
	}
	c.ReplyStatus("HELP")
	c.ReplyStatus("    Prints this help.")
}

// objectLookup returns key's live entry for OBJECT without touching its
// access time; nil when missing (OBJECT then replies null). Mirrors
// objectCommandLookup.
func (c *Client) objectLookup() *store.Entry {
	e := c.lookupKeyReadNoTouch(c.Argv[2])
	if e == nil {
		c.ReplyNull()
	}
	return e
}

// lfuPolicy reports whether maxmemory-policy is an LFU policy.
func (c *Client) lfuPolicy() bool {
	return strings.HasSuffix(c.Srv.Tunables.MaxMemoryPolicy, "-lfu")
}

// OBJECT ENCODING key
func objectEncodingCommand(c *Client) error {
	if e := c.objectLookup(); e != nil {
		c.ReplyBulkString(e.Value.Encoding())
	}
	return nil
}

// OBJECT REFCOUNT key
// Replies 2147483647 for a string holding an integer in 0..9999, which Redis
// stores as a shared object, and 1 otherwise.
// Deviation: Redis also shares those integers under an LRU or LFU policy
// when maxmemory is 0; Ember does not know maxmemory here and assumes it set.
func objectRefcountCommand(c *Client) error {
	e := c.objectLookup()
	if e == nil {
		return nil
	}
	refcount := int64(1)
	if s, ok := e.Value.(*store.String); ok && s.Encoding() == "int" && !c.noSharedIntegers() {
		if n, err := ParseInt(s.B); err == nil && n >= 0 && n < sharedIntegers {
			refcount = sharedRefcount
		}
	}
	c.ReplyInt(refcount)
	return nil
}

// noSharedIntegers reports whether the eviction policy keeps per-key LRU or
// LFU data, which disables shared integers (MAXMEMORY_FLAG_NO_SHARED_INTEGERS).
func (c *Client) noSharedIntegers() bool {
	p := c.Srv.Tunables.MaxMemoryPolicy
	return strings.HasSuffix(p, "-lru") || strings.HasSuffix(p, "-lfu")
}

// OBJECT IDLETIME key
// Replies the seconds since the key was last read or written. Returns
// ErrLFUSelected under an LFU policy.
func objectIdletimeCommand(c *Client) error {
	if c.lfuPolicy() {
		// Redis looks the key up first: a missing key still replies null.
		if c.lookupKeyReadNoTouch(c.Argv[2]) == nil {
			c.ReplyNull()
			return nil
		}
		return ErrLFUSelected
	}
	if e := c.objectLookup(); e != nil {
		c.ReplyInt(max(c.Now-e.Access, 0) / 1000)
	}
	return nil
}

// OBJECT FREQ key
// Replies the key's logarithmic access frequency counter. Returns
// ErrLFUNotSelected unless the policy is an LFU one.
// Deviation: Ember keeps no LFU counter yet; it replies LFU_INIT_VAL (5)
// decayed by one per minute idle, which is Redis's value for a key that was
// not read since it was written.
func objectFreqCommand(c *Client) error {
	if !c.lfuPolicy() {
		if c.lookupKeyReadNoTouch(c.Argv[2]) == nil {
			c.ReplyNull()
			return nil
		}
		return ErrLFUNotSelected
	}
	if e := c.objectLookup(); e != nil {
		c.ReplyInt(max(lfuInitVal-max(c.Now-e.Access, 0)/lfuDecayMs, 0))
	}
	return nil
}

// OBJECT HELP
func objectHelpCommand(c *Client) error {
	c.replyHelp("object", objectHelp)
	return nil
}
