package commands

import (
	"math"
	"strconv"
	"strings"

	"github.com/ember-db/ember/store"
)

// listCommands returns the list commands (t_list.c), blocking ones included.
func listCommands() []Impl {
	return []Impl{
		{Name: "lpush", Proc: lpushCommand},
		{Name: "rpush", Proc: rpushCommand},
		{Name: "lpushx", Proc: lpushxCommand},
		{Name: "rpushx", Proc: rpushxCommand},
		{Name: "linsert", Proc: linsertCommand},
		{Name: "llen", Proc: llenCommand},
		{Name: "lindex", Proc: lindexCommand},
		{Name: "lset", Proc: lsetCommand},
		{Name: "lpop", Proc: lpopCommand},
		{Name: "rpop", Proc: rpopCommand},
		{Name: "lrange", Proc: lrangeCommand},
		{Name: "ltrim", Proc: ltrimCommand},
		{Name: "lpos", Proc: lposCommand},
		{Name: "lrem", Proc: lremCommand},
		{Name: "lmove", Proc: lmoveCommand},
		{Name: "rpoplpush", Proc: rpoplpushCommand},
		{Name: "lmpop", Proc: lmpopCommand},
		{Name: "blpop", Proc: blpopCommand},
		{Name: "brpop", Proc: brpopCommand},
		{Name: "blmove", Proc: blmoveCommand},
		{Name: "brpoplpush", Proc: brpoplpushCommand},
		{Name: "blmpop", Proc: blmpopCommand},
	}
}

// List ends, as Redis's LIST_HEAD and LIST_TAIL.
const (
	listHead = iota // LEFT
	listTail        // RIGHT
)

// lookupListRead returns key's list for reading, nil if the key does not
// exist, or ErrWrongType.
func (c *Client) lookupListRead(key []byte) (*store.List, error) {
	return asList(c.LookupKeyRead(key))
}

// lookupListWrite returns key's list for writing, nil if the key does not
// exist, or ErrWrongType.
func (c *Client) lookupListWrite(key []byte) (*store.List, error) {
	return asList(c.LookupKeyWrite(key))
}

func asList(e *store.Entry) (*store.List, error) { return valueAs[*store.List](e) }

// parseListWhere parses LEFT or RIGHT (any case). Returns ErrSyntax.
// Mirrors getListPositionFromObjectOrReply.
func parseListWhere(arg []byte) (int, error) {
	switch {
	case strings.EqualFold(string(arg), "left"):
		return listHead, nil
	case strings.EqualFold(string(arg), "right"):
		return listTail, nil
	}
	return 0, ErrSyntax
}

// popCommandName returns the non-blocking pop that propagates a pop at where.
func popCommandName(where int) []byte {
	if where == listHead {
		return []byte("LPOP")
	}
	return []byte("RPOP")
}

// parsePositive parses an integer in [0, LONG_MAX] and returns msg when the
// argument is not one. Mirrors getPositiveLongFromObjectOrReply.
func parsePositive(arg []byte, msg Error) (int64, error) {
	n, err := ParseInt(arg)
	if err != nil || n < 0 {
		return 0, msg
	}
	return n, nil
}

// parseAtLeastOne parses an integer in [1, LONG_MAX] and returns msg when the
// argument is not one (getRangeLongFromObjectOrReply with min 1).
func parseAtLeastOne(arg []byte, msg Error) (int64, error) {
	n, err := ParseInt(arg)
	if err != nil || n < 1 {
		return 0, msg
	}
	return n, nil
}

func copyBytes(b []byte) []byte { return append([]byte(nil), b...) }

// listPop removes and returns the element at where; l must not be empty.
func listPop(l *store.List, where int) []byte {
	if where == listHead {
		return l.PopHead()
	}
	return l.PopTail()
}

// listPush adds b at where.
func listPush(l *store.List, b []byte, where int) {
	if where == listHead {
		l.PushHead(b)
	} else {
		l.PushTail(b)
	}
}

// listElementsRemoved does what follows popping count elements of key from
// where: notify, delete the key when the list is empty, signal WATCHers,
// count the changes. Mirrors listElementsRemoved in t_list.c.
func (c *Client) listElementsRemoved(key []byte, where int, l *store.List, count int64) {
	event := "lpop"
	if where == listTail {
		event = "rpop"
	}
	c.Notify('l', event, key)
	if l.Len() == 0 {
		c.DB.Delete(key)
		c.Notify('g', "del", key)
	}
	c.SignalModifiedKey(key)
	c.Dirty += count
}

// replyListRange replies the elements from start to end (Redis's range rules:
// negative indexes count from the tail, out-of-range ends are clamped, an
// empty range is an empty array), in reverse when reverse is set.
// Mirrors addListRangeReply.
func (c *Client) replyListRange(l *store.List, start, end int64, reverse bool) {
	llen := int64(l.Len())
	if start < 0 {
		start += llen
	}
	if end < 0 {
		end += llen
	}
	if start < 0 {
		start = 0
	}
	if start > end || start >= llen {
		c.ReplyArrayLen(0)
		return
	}
	if end >= llen {
		end = llen - 1
	}
	c.ReplyArrayLen(int(end - start + 1))
	if reverse {
		for i := end; i >= start; i-- {
			c.ReplyBulk(l.Index(int(i)))
		}
		return
	}
	for i := start; i <= end; i++ {
		c.ReplyBulk(l.Index(int(i)))
	}
}

// popRangeReplyWithKey pops up to count elements of key from where and
// replies [key, [elements in pop order]] (LMPOP, BLMPOP). It returns the
// number popped. Mirrors listPopRangeAndReplyWithKey.
func (c *Client) popRangeReplyWithKey(key []byte, l *store.List, where int, count int64) int64 {
	n := int64(l.Len())
	if count > n {
		count = n
	}
	c.ReplyArrayLen(2)
	c.ReplyBulk(key)
	c.ReplyArrayLen(int(count))
	for i := int64(0); i < count; i++ {
		c.ReplyBulk(listPop(l, where))
	}
	c.listElementsRemoved(key, where, l, count)
	return count
}

// LPUSH key element [element ...]
func lpushCommand(c *Client) error { return pushGenericCommand(c, listHead, false) }

// RPUSH key element [element ...]
func rpushCommand(c *Client) error { return pushGenericCommand(c, listTail, false) }

// LPUSHX key element [element ...]
func lpushxCommand(c *Client) error { return pushGenericCommand(c, listHead, true) }

// RPUSHX key element [element ...]
func rpushxCommand(c *Client) error { return pushGenericCommand(c, listTail, true) }

// pushGenericCommand pushes argv[2:] one by one at where and replies the new
// length. With xx (LPUSHX, RPUSHX) a missing key is left alone and 0 is
// replied. Clients blocked on the key are signalled. Mirrors
// pushGenericCommand in t_list.c.
func pushGenericCommand(c *Client, where int, xx bool) error {
	key := c.Argv[1]
	l, err := c.lookupListWrite(key)
	if err != nil {
		return err
	}
	if l == nil {
		if xx {
			c.ReplyInt(0)
			return nil
		}
		l = store.NewList()
		c.DB.Add(key, l, c.Now)
	}
	for _, elem := range c.Argv[2:] {
		listPush(l, copyBytes(elem), where)
		c.Dirty++
	}
	c.ReplyInt(int64(l.Len()))
	event := "lpush"
	if where == listTail {
		event = "rpush"
	}
	c.SignalModifiedKey(key)
	c.Notify('l', event, key)
	c.Srv.Hooks.SignalKeyAsReady(c.DB, key)
	return nil
}

// LINSERT key <BEFORE | AFTER> pivot element
// Replies the new length, -1 when pivot is not in the list, 0 when the key
// does not exist.
func linsertCommand(c *Client) error {
	var after bool
	switch {
	case strings.EqualFold(string(c.Argv[2]), "after"):
		after = true
	case strings.EqualFold(string(c.Argv[2]), "before"):
	default:
		return ErrSyntax
	}
	key := c.Argv[1]
	l, err := c.lookupListWrite(key)
	if err != nil {
		return err
	}
	if l == nil {
		c.ReplyInt(0)
		return nil
	}
	pivot := string(c.Argv[3])
	for i := 0; i < l.Len(); i++ {
		if string(l.Index(i)) != pivot {
			continue
		}
		if after {
			i++
		}
		l.Insert(i, copyBytes(c.Argv[4]))
		c.SignalModifiedKey(key)
		c.Notify('l', "linsert", key)
		c.Dirty++
		c.ReplyInt(int64(l.Len()))
		return nil
	}
	c.ReplyInt(-1)
	return nil
}

// LLEN key
func llenCommand(c *Client) error {
	l, err := c.lookupListRead(c.Argv[1])
	if err != nil {
		return err
	}
	if l == nil {
		c.ReplyInt(0)
		return nil
	}
	c.ReplyInt(int64(l.Len()))
	return nil
}

// LINDEX key index
// The key is looked up before the index is parsed, as in Redis.
func lindexCommand(c *Client) error {
	l, err := c.lookupListRead(c.Argv[1])
	if err != nil {
		return err
	}
	if l == nil {
		c.ReplyNull()
		return nil
	}
	index, err := ParseInt(c.Argv[2])
	if err != nil {
		return err
	}
	llen := int64(l.Len())
	if index < 0 {
		index += llen
	}
	if index < 0 || index >= llen {
		c.ReplyNull()
		return nil
	}
	c.ReplyBulk(l.Index(int(index)))
	return nil
}

// LSET key index element
// The key is looked up before the index is parsed, as in Redis. Returns
// ErrNoSuchKey, ErrWrongType, ErrNotInteger or ErrIndexOutOfRange.
func lsetCommand(c *Client) error {
	key := c.Argv[1]
	l, err := c.lookupListWrite(key)
	if err != nil {
		return err
	}
	if l == nil {
		return ErrNoSuchKey
	}
	index, err := ParseInt(c.Argv[2])
	if err != nil {
		return err
	}
	llen := int64(l.Len())
	if index < 0 {
		index += llen
	}
	if index < 0 || index >= llen {
		return ErrIndexOutOfRange
	}
	l.Set(int(index), copyBytes(c.Argv[3]))
	c.SignalModifiedKey(key)
	c.Notify('l', "lset", key)
	c.Dirty++
	c.ReplyOK()
	return nil
}

// LPOP key [count]
func lpopCommand(c *Client) error { return popGenericCommand(c, listHead) }

// RPOP key [count]
func rpopCommand(c *Client) error { return popGenericCommand(c, listTail) }

// popGenericCommand pops one element (a bulk reply, null when the key does
// not exist) or, with count, up to count elements (an array in pop order,
// a null array when the key does not exist, an empty array for count 0).
// Mirrors popGenericCommand in t_list.c.
func popGenericCommand(c *Client, where int) error {
	if len(c.Argv) > 3 {
		return ErrWrongArgs(c.Cmd.FullName)
	}
	hasCount := len(c.Argv) == 3
	var count int64
	if hasCount {
		n, err := parsePositive(c.Argv[2], ErrNegativeCount)
		if err != nil {
			return err
		}
		count = n
	}
	key := c.Argv[1]
	l, err := c.lookupListWrite(key)
	if err != nil {
		return err
	}
	if l == nil {
		if hasCount {
			c.ReplyNullArray()
		} else {
			c.ReplyNull()
		}
		return nil
	}
	if !hasCount {
		c.ReplyBulk(listPop(l, where))
		c.listElementsRemoved(key, where, l, 1)
		return nil
	}
	if count == 0 {
		c.ReplyArrayLen(0)
		return nil
	}
	if n := int64(l.Len()); count > n {
		count = n
	}
	c.ReplyArrayLen(int(count))
	for i := int64(0); i < count; i++ {
		c.ReplyBulk(listPop(l, where))
	}
	c.listElementsRemoved(key, where, l, count)
	return nil
}

// LRANGE key start stop
func lrangeCommand(c *Client) error {
	start, end, err := parseIndexPair(c.Argv[2], c.Argv[3])
	if err != nil {
		return err
	}
	l, err := c.lookupListRead(c.Argv[1])
	if err != nil {
		return err
	}
	if l == nil {
		c.ReplyArrayLen(0)
		return nil
	}
	c.replyListRange(l, start, end, false)
	return nil
}

// LTRIM key start stop
// Keeps only the range; an empty range deletes the key. Replies OK, also
// when the key does not exist.
func ltrimCommand(c *Client) error {
	start, end, err := parseIndexPair(c.Argv[2], c.Argv[3])
	if err != nil {
		return err
	}
	key := c.Argv[1]
	l, err := c.lookupListWrite(key)
	if err != nil {
		return err
	}
	if l == nil {
		c.ReplyOK()
		return nil
	}
	llen := int64(l.Len())
	if start < 0 {
		start += llen
	}
	if end < 0 {
		end += llen
	}
	if start < 0 {
		start = 0
	}
	var ltrim, rtrim int64
	if start > end || start >= llen {
		ltrim, rtrim = llen, 0
	} else {
		if end >= llen {
			end = llen - 1
		}
		ltrim, rtrim = start, llen-end-1
	}
	l.DeleteHead(int(ltrim))
	l.DeleteTail(int(rtrim))
	c.Notify('l', "ltrim", key)
	if l.Len() == 0 {
		c.DB.Delete(key)
		c.Notify('g', "del", key)
	}
	c.SignalModifiedKey(key)
	c.Dirty += ltrim + rtrim
	c.ReplyOK()
	return nil
}

// LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]
// Options are parsed before the key is looked up. Without COUNT it replies
// the first match's index or null; with COUNT an array of indexes (all
// matches for COUNT 0). A negative RANK scans from the tail. Mirrors
// lposCommand, including its arithmetic for RANK -9223372036854775808.
func lposCommand(c *Client) error {
	rank, count, maxlen := int64(1), int64(-1), int64(0) // count -1: no COUNT
	for j := 3; j < len(c.Argv); j++ {
		more := len(c.Argv) - 1 - j
		switch opt := string(c.Argv[j]); {
		case strings.EqualFold(opt, "rank") && more > 0:
			j++
			n, err := ParseInt(c.Argv[j])
			if err != nil {
				return err
			}
			if n == 0 {
				return ErrLposRankZero
			}
			rank = n
		case strings.EqualFold(opt, "count") && more > 0:
			j++
			n, err := parsePositive(c.Argv[j], ErrLposCountNegative)
			if err != nil {
				return err
			}
			count = n
		case strings.EqualFold(opt, "maxlen") && more > 0:
			j++
			n, err := parsePositive(c.Argv[j], ErrLposMaxlenNegative)
			if err != nil {
				return err
			}
			maxlen = n
		default:
			return ErrSyntax
		}
	}
	fromTail := false
	if rank < 0 {
		rank = -rank // stays negative for math.MinInt64, as in C
		fromTail = true
	}
	l, err := c.lookupListRead(c.Argv[1])
	if err != nil {
		return err
	}
	if l == nil {
		if count != -1 {
			c.ReplyArrayLen(0)
		} else {
			c.ReplyNull()
		}
		return nil
	}
	elem := string(c.Argv[2])
	llen := int64(l.Len())
	var found []int64
	var matches int64
	for index := int64(0); index < llen && (maxlen == 0 || index < maxlen); index++ {
		pos := index
		if fromTail {
			pos = llen - index - 1
		}
		if string(l.Index(int(pos))) != elem {
			continue
		}
		matches++
		if matches < rank {
			continue
		}
		found = append(found, pos)
		if count == -1 || (count != 0 && matches-rank+1 >= count) {
			break
		}
	}
	if count != -1 {
		c.ReplyArrayLen(len(found))
		for _, p := range found {
			c.ReplyInt(p)
		}
		return nil
	}
	if len(found) == 0 {
		c.ReplyNull()
		return nil
	}
	c.ReplyInt(found[0])
	return nil
}

// LREM key count element
// Removes up to |count| occurrences of element, from the head when count > 0,
// from the tail when count < 0, all when count is 0; replies how many.
func lremCommand(c *Client) error {
	toRemove, err := ParseInt(c.Argv[2])
	if err != nil {
		return err
	}
	key := c.Argv[1]
	l, err := c.lookupListWrite(key)
	if err != nil {
		return err
	}
	if l == nil {
		c.ReplyInt(0)
		return nil
	}
	if toRemove == math.MinInt64 {
		toRemove++ // |count| beyond any list length either way
	}
	removed := l.Remove(c.Argv[3], toRemove)
	if removed > 0 {
		c.Notify('l', "lrem", key)
	}
	if l.Len() == 0 {
		c.DB.Delete(key)
		c.Notify('g', "del", key)
	}
	c.ReplyInt(removed)
	if removed > 0 {
		c.SignalModifiedKey(key)
		c.Dirty += removed
	}
	return nil
}

// LMOVE source destination <LEFT | RIGHT> <LEFT | RIGHT>
func lmoveCommand(c *Client) error {
	from, err := parseListWhere(c.Argv[3])
	if err != nil {
		return err
	}
	to, err := parseListWhere(c.Argv[4])
	if err != nil {
		return err
	}
	return lmoveGenericCommand(c, from, to)
}

// RPOPLPUSH source destination
func rpoplpushCommand(c *Client) error { return lmoveGenericCommand(c, listTail, listHead) }

// lmoveGenericCommand pops an element of argv[1] at from, pushes it to
// argv[2] at to and replies it; null when the source does not exist. The
// destination's type is checked before anything moves. BLMOVE and
// BRPOPLPUSH propagate as LMOVE and RPOPLPUSH. Mirrors lmoveGenericCommand.
func lmoveGenericCommand(c *Client, from, to int) error {
	src, dst := c.Argv[1], c.Argv[2]
	sl, err := c.lookupListWrite(src)
	if err != nil {
		return err
	}
	if sl == nil {
		c.ReplyNull()
		return nil
	}
	dl, err := c.lookupListWrite(dst)
	if err != nil {
		return err
	}
	value := listPop(sl, from)
	// Push: the destination may be the source (a rotation).
	if dl == nil {
		dl = store.NewList()
		c.DB.Add(dst, dl, c.Now)
	}
	listPush(dl, value, to)
	c.SignalModifiedKey(dst)
	event := "lpush"
	if to == listTail {
		event = "rpush"
	}
	c.Notify('l', event, dst)
	c.Srv.Hooks.SignalKeyAsReady(c.DB, dst)
	c.ReplyBulk(value)

	event = "lpop"
	if from == listTail {
		event = "rpop"
	}
	c.Notify('l', event, src)
	if sl.Len() == 0 {
		c.DB.Delete(src)
		c.Notify('g', "del", src)
	}
	c.SignalModifiedKey(src)
	c.Dirty++
	switch c.Cmd.Name {
	case "blmove":
		c.RewriteArgv([]byte("LMOVE"), src, dst, c.Argv[3], c.Argv[4])
	case "brpoplpush":
		c.RewriteArgv([]byte("RPOPLPUSH"), src, dst)
	}
	return nil
}

// LMPOP numkeys key [key ...] <LEFT | RIGHT> [COUNT count]
// Pops up to count (default 1) elements from the first non-empty list and
// replies [key, [elements]], or a null array. Propagates as LPOP/RPOP key n,
// n the number popped, as Redis 7.0 does.
func lmpopCommand(c *Client) error { return lmpopGenericCommand(c, 1, false) }

// BLMPOP timeout numkeys key [key ...] <LEFT | RIGHT> [COUNT count]
// LMPOP that blocks when every list is empty. The timeout is parsed after
// the other arguments, as in Redis.
func blmpopCommand(c *Client) error { return lmpopGenericCommand(c, 2, true) }

// lmpopGenericCommand parses LMPOP/BLMPOP, whose numkeys is argv[numkeysIdx].
// Mirrors lmpopGenericCommand in t_list.c.
func lmpopGenericCommand(c *Client, numkeysIdx int, block bool) error {
	numkeys, err := parseAtLeastOne(c.Argv[numkeysIdx], ErrNumkeysNotPositive)
	if err != nil {
		return err
	}
	if numkeys > int64(len(c.Argv)-numkeysIdx-2) {
		return ErrSyntax
	}
	whereIdx := numkeysIdx + int(numkeys) + 1
	where, err := parseListWhere(c.Argv[whereIdx])
	if err != nil {
		return err
	}
	count := int64(-1)
	for j := whereIdx + 1; j < len(c.Argv); j++ {
		more := len(c.Argv) - 1 - j
		if count == -1 && strings.EqualFold(string(c.Argv[j]), "count") && more > 0 {
			j++
			if count, err = parseAtLeastOne(c.Argv[j], ErrCountNotPositive); err != nil {
				return err
			}
			continue
		}
		return ErrSyntax
	}
	if count == -1 {
		count = 1
	}
	keys := c.Argv[numkeysIdx+1 : whereIdx]
	timeout := int64(-1) // LMPOP never blocks
	if block {
		if timeout, err = c.parseTimeout(c.Argv[1]); err != nil {
			return err
		}
	}
	return blockingPopGeneric(c, keys, where, timeout, count)
}

// lmpopGetKeys returns the key positions of LMPOP numkeys key...
func lmpopGetKeys(argv [][]byte) []int { return numkeysGetKeys(argv, 1) }

// blmpopGetKeys returns the key positions of BLMPOP timeout numkeys key...
func blmpopGetKeys(argv [][]byte) []int { return numkeysGetKeys(argv, 2) }

// numkeysGetKeys returns the positions of the numkeys keys that follow
// argv[numkeysIdx]; none when numkeys is not a valid count.
func numkeysGetKeys(argv [][]byte, numkeysIdx int) []int {
	if numkeysIdx >= len(argv) {
		return nil
	}
	n, err := ParseInt(argv[numkeysIdx])
	if err != nil || n < 1 || n > int64(len(argv)-numkeysIdx-1) {
		return nil
	}
	keys := make([]int, n)
	for i := range keys {
		keys[i] = numkeysIdx + 1 + i
	}
	return keys
}

// BLPOP key [key ...] timeout
func blpopCommand(c *Client) error { return blockingPopCommand(c, listHead) }

// BRPOP key [key ...] timeout
func brpopCommand(c *Client) error { return blockingPopCommand(c, listTail) }

func blockingPopCommand(c *Client, where int) error {
	timeout, err := c.parseTimeout(c.Argv[len(c.Argv)-1])
	if err != nil {
		return err
	}
	return blockingPopGeneric(c, c.Argv[1:len(c.Argv)-1], where, timeout, -1)
}

// blockingPopGeneric pops from the first non-empty list of keys: one element
// replied as [key, element] when count is -1 (BLPOP, BRPOP), else up to
// count replied as [key, [elements]] (LMPOP, BLMPOP). A key of another type
// met before a non-empty list is ErrWrongType. When every list is empty it
// blocks, unless timeout is -1 (LMPOP) or the client may not block: then it
// replies a null array. Mirrors blockingPopGenericCommand and
// mpopGenericCommand.
func blockingPopGeneric(c *Client, keys [][]byte, where int, timeout, count int64) error {
	for _, key := range c.readyKeys(keys) {
		l, err := c.lookupListWrite(key)
		if err != nil {
			return err
		}
		if l == nil {
			continue
		}
		if count != -1 {
			n := c.popRangeReplyWithKey(key, l, where, count)
			c.RewriteArgv(popCommandName(where), key, []byte(strconv.FormatInt(n, 10)))
			return nil
		}
		value := listPop(l, where)
		c.ReplyArrayLen(2)
		c.ReplyBulk(key)
		c.ReplyBulk(value)
		c.listElementsRemoved(key, where, l, 1)
		c.RewriteArgv(popCommandName(where), key)
		return nil
	}
	if timeout != -1 && c.blockForKeys("list", keys, timeout) {
		return nil
	}
	c.ReplyNullArray()
	return nil
}

// BLMOVE source destination <LEFT | RIGHT> <LEFT | RIGHT> timeout
func blmoveCommand(c *Client) error {
	from, err := parseListWhere(c.Argv[3])
	if err != nil {
		return err
	}
	to, err := parseListWhere(c.Argv[4])
	if err != nil {
		return err
	}
	timeout, err := c.parseTimeout(c.Argv[5])
	if err != nil {
		return err
	}
	return blmoveGenericCommand(c, from, to, timeout)
}

// BRPOPLPUSH source destination timeout
func brpoplpushCommand(c *Client) error {
	timeout, err := c.parseTimeout(c.Argv[3])
	if err != nil {
		return err
	}
	return blmoveGenericCommand(c, listTail, listHead, timeout)
}

// blmoveGenericCommand is LMOVE when the source exists; otherwise it blocks
// on the source (the destination's type is checked only once an element
// arrives). When it may not block it replies a null bulk, not the null
// array a timeout gets, as Redis 7.0 does. Mirrors blmoveGenericCommand.
func blmoveGenericCommand(c *Client, from, to int, timeout int64) error {
	src := c.Argv[1]
	l, err := c.lookupListWrite(src)
	if err != nil {
		return err
	}
	if l != nil {
		return lmoveGenericCommand(c, from, to)
	}
	if c.blockForKeys("list", [][]byte{src}, timeout) {
		return nil
	}
	c.ReplyNull()
	return nil
}
