package commands

import (
	"bytes"
	"math"
	"math/rand/v2"
	"slices"
	"sort"

	"github.com/ember-db/ember/resp"
	"github.com/ember-db/ember/store"
)

// setCommands returns the set commands (t_set.c).
func setCommands() []Impl {
	return []Impl{
		{Name: "sadd", Proc: saddCommand},
		{Name: "scard", Proc: scardCommand},
		{Name: "sdiff", Proc: sdiffCommand},
		{Name: "sdiffstore", Proc: sdiffstoreCommand},
		{Name: "sinter", Proc: sinterCommand},
		{Name: "sintercard", Proc: sintercardCommand},
		{Name: "sinterstore", Proc: sinterstoreCommand},
		{Name: "sismember", Proc: sismemberCommand},
		{Name: "smembers", Proc: smembersCommand},
		{Name: "smismember", Proc: smismemberCommand},
		{Name: "smove", Proc: smoveCommand},
		{Name: "spop", Proc: spopCommand},
		{Name: "srandmember", Proc: srandmemberCommand},
		{Name: "srem", Proc: sremCommand},
		{Name: "sunion", Proc: sunionCommand},
		{Name: "sunionstore", Proc: sunionstoreCommand},
	}
}

func asSet(e *store.Entry) (*store.Set, error) { return valueAs[*store.Set](e) }

// setAdd adds member under set-max-intset-entries (Redis's setTypeAdd).
func (c *Client) setAdd(s *store.Set, member []byte) bool {
	return s.Add(member, c.Srv.Tunables.SetMaxIntsetEntries)
}

// replySetMember replies with the member at position i of s.
func (c *Client) replySetMember(s *store.Set, i int) {
	if s.Intset() {
		var buf [20]byte
		c.ReplyBulk(s.AppendMember(buf[:0], i))
	} else {
		c.ReplyBulkString(s.Member(i))
	}
}

// SADD key member [member ...]
func saddCommand(c *Client) error {
	key := c.Argv[1]
	s, err := asSet(c.LookupKeyWrite(key))
	if err != nil {
		return err
	}
	if s == nil {
		s = store.NewSet()
		c.DB.Add(key, s, c.Now)
	}
	var added int64
	for _, m := range c.Argv[2:] {
		if c.setAdd(s, m) {
			added++
		}
	}
	if added > 0 {
		c.SignalModifiedKey(key)
		c.Notify('s', "sadd", key)
	}
	c.Dirty += added
	c.ReplyInt(added)
	return nil
}

// SREM key member [member ...]
func sremCommand(c *Client) error {
	key := c.Argv[1]
	s, err := asSet(c.LookupKeyWrite(key))
	if err != nil {
		return err
	}
	if s == nil {
		c.ReplyInt(0)
		return nil
	}
	var deleted int64
	removed := false
	for _, m := range c.Argv[2:] {
		if s.Remove(m) {
			deleted++
			if s.Len() == 0 {
				c.DB.Delete(key)
				removed = true
				break
			}
		}
	}
	if deleted > 0 {
		c.SignalModifiedKey(key)
		c.Notify('s', "srem", key)
		if removed {
			c.Notify('g', "del", key)
		}
		c.Dirty += deleted
	}
	c.ReplyInt(deleted)
	return nil
}

// SMOVE source destination member
//
// Mirrors smoveCommand: a missing source answers 0 before the destination's
// type is checked, and source == destination only tests membership.
func smoveCommand(c *Client) error {
	srcKey, dstKey, member := c.Argv[1], c.Argv[2], c.Argv[3]
	srcEntry := c.LookupKeyWrite(srcKey)
	dstEntry := c.LookupKeyWrite(dstKey)
	if srcEntry == nil {
		c.ReplyInt(0)
		return nil
	}
	src, err := asSet(srcEntry)
	if err != nil {
		return err
	}
	dst, err := asSet(dstEntry)
	if err != nil {
		return err
	}
	if src == dst {
		if src.Has(member) {
			c.ReplyInt(1)
		} else {
			c.ReplyInt(0)
		}
		return nil
	}
	// Entries are invalid after Delete/Add below; only the values are used.
	if !src.Remove(member) {
		c.ReplyInt(0)
		return nil
	}
	c.Notify('s', "srem", srcKey)
	if src.Len() == 0 {
		c.DB.Delete(srcKey)
		c.Notify('g', "del", srcKey)
	}
	if dst == nil {
		dst = store.NewSet()
		c.DB.Add(dstKey, dst, c.Now)
	}
	c.SignalModifiedKey(srcKey)
	c.Dirty++
	if c.setAdd(dst, member) {
		c.Dirty++
		c.SignalModifiedKey(dstKey)
		c.Notify('s', "sadd", dstKey)
	}
	c.ReplyInt(1)
	return nil
}

// SISMEMBER key member
func sismemberCommand(c *Client) error {
	s, err := asSet(c.LookupKeyRead(c.Argv[1]))
	if err != nil {
		return err
	}
	if s != nil && s.Has(c.Argv[2]) {
		c.ReplyInt(1)
	} else {
		c.ReplyInt(0)
	}
	return nil
}

// SMISMEMBER key member [member ...]
func smismemberCommand(c *Client) error {
	s, err := asSet(c.LookupKeyRead(c.Argv[1]))
	if err != nil {
		return err
	}
	c.ReplyArrayLen(len(c.Argv) - 2)
	for _, m := range c.Argv[2:] {
		if s != nil && s.Has(m) {
			c.ReplyInt(1)
		} else {
			c.ReplyInt(0)
		}
	}
	return nil
}

// SCARD key
func scardCommand(c *Client) error {
	s, err := asSet(c.LookupKeyRead(c.Argv[1]))
	if err != nil {
		return err
	}
	if s == nil {
		c.ReplyInt(0)
	} else {
		c.ReplyInt(int64(s.Len()))
	}
	return nil
}

// SMEMBERS key
func smembersCommand(c *Client) error {
	return sinterGenericCommand(c, c.Argv[1:], nil, false, 0)
}

// SINTER key [key ...]
func sinterCommand(c *Client) error {
	return sinterGenericCommand(c, c.Argv[1:], nil, false, 0)
}

// SINTERSTORE destination key [key ...]
func sinterstoreCommand(c *Client) error {
	return sinterGenericCommand(c, c.Argv[2:], c.Argv[1], false, 0)
}

// SINTERCARD numkeys key [key ...] [LIMIT limit]
func sintercardCommand(c *Client) error {
	numkeys, ok := resp.ParseInt(c.Argv[1])
	if !ok || numkeys < 1 {
		return ErrNumkeysZero
	}
	if numkeys > int64(len(c.Argv)-2) {
		return ErrNumkeysTooMany
	}
	var limit int64
	for j := 2 + int(numkeys); j < len(c.Argv); j++ {
		if bytes.EqualFold(c.Argv[j], []byte("limit")) && j+1 < len(c.Argv) {
			j++
			n, ok := resp.ParseInt(c.Argv[j])
			if !ok || n < 0 {
				return ErrLimitNegative
			}
			limit = n
		} else {
			return ErrSyntax
		}
	}
	return sinterGenericCommand(c, c.Argv[2:2+numkeys], nil, true, limit)
}

// sinterGenericCommand implements SMEMBERS, SINTER, SINTERSTORE (dst set)
// and SINTERCARD (cardOnly, stopping at limit when > 0). Every key is type
// checked; a missing key makes the intersection empty, and an empty result
// deletes dst. The reply walks the smallest set (the first of the smallest,
// as Redis's stable sort picks), so an intset source replies in ascending
// order as Redis does. Mirrors sinterGenericCommand.
func sinterGenericCommand(c *Client, keys [][]byte, dst []byte, cardOnly bool, limit int64) error {
	sets := make([]*store.Set, 0, len(keys))
	empty := false
	for _, k := range keys {
		var e *store.Entry
		if dst != nil {
			e = c.LookupKeyWrite(k)
		} else {
			e = c.LookupKeyRead(k)
		}
		s, err := asSet(e)
		if err != nil {
			return err
		}
		if s == nil {
			empty = true
			continue
		}
		sets = append(sets, s)
	}
	if empty {
		switch {
		case dst != nil:
			if c.DBDelete(c.DB, dst) {
				c.Notify('g', "del", dst)
				c.Dirty++
			}
			c.ReplyInt(0)
		case cardOnly:
			c.ReplyInt(0)
		default:
			c.ReplySetLen(0)
		}
		return nil
	}
	sort.SliceStable(sets, func(i, j int) bool { return sets[i].Len() < sets[j].Len() })
	first, others := sets[0], sets[1:]

	var result *store.Set
	var pos int
	switch {
	case dst != nil:
		result = store.NewSet()
	case !cardOnly:
		pos = c.ReplyDeferredLen()
	}
	var n int64
	var buf []byte
	for i := 0; i < first.Len(); i++ {
		buf = first.AppendMember(buf[:0], i)
		in := true
		for _, o := range others {
			if o != first && !o.Has(buf) {
				in = false
				break
			}
		}
		if !in {
			continue
		}
		n++
		switch {
		case cardOnly:
			if limit > 0 && n >= limit {
				i = first.Len() // stop
			}
		case dst != nil:
			c.setAdd(result, buf)
		default:
			c.ReplyBulk(buf)
		}
	}
	switch {
	case cardOnly:
		c.ReplyInt(n)
	case dst != nil:
		c.storeSetResult(dst, result, "sinterstore")
	default:
		c.SetDeferredSetLen(pos, int(n))
	}
	return nil
}

// storeSetResult stores result at dst, or deletes dst when result is empty,
// and replies with result's length (the *STORE commands).
func (c *Client) storeSetResult(dst []byte, result *store.Set, event string) {
	n := result.Len()
	if n > 0 {
		c.SetKey(dst, result, false)
		c.Notify('s', event, dst)
		c.Dirty++
	} else if c.DBDelete(c.DB, dst) {
		c.Notify('g', "del", dst)
		c.Dirty++
	}
	c.ReplyInt(int64(n))
}

// SUNION key [key ...]
func sunionCommand(c *Client) error { return sunionDiffGenericCommand(c, c.Argv[1:], nil, false) }

// SUNIONSTORE destination key [key ...]
func sunionstoreCommand(c *Client) error {
	return sunionDiffGenericCommand(c, c.Argv[2:], c.Argv[1], false)
}

// SDIFF key [key ...]
func sdiffCommand(c *Client) error { return sunionDiffGenericCommand(c, c.Argv[1:], nil, true) }

// SDIFFSTORE destination key [key ...]
func sdiffstoreCommand(c *Client) error {
	return sunionDiffGenericCommand(c, c.Argv[2:], c.Argv[1], true)
}

// sunionDiffGenericCommand implements SUNION, SDIFF and their STORE forms.
// Missing keys are empty sets; every key is type checked. The result is
// built as a new set member by member, as Redis does, so its encoding (and
// hence the reply order: ascending for an intset) is Redis's. Mirrors
// sunionDiffGenericCommand.
func sunionDiffGenericCommand(c *Client, keys [][]byte, dst []byte, diff bool) error {
	sets := make([]*store.Set, len(keys))
	for i, k := range keys {
		var e *store.Entry
		if dst != nil {
			e = c.LookupKeyWrite(k)
		} else {
			e = c.LookupKeyRead(k)
		}
		s, err := asSet(e)
		if err != nil {
			return err
		}
		sets[i] = s
	}
	result := store.NewSet()
	var buf []byte
	switch {
	case !diff:
		for _, s := range sets {
			if s == nil {
				continue
			}
			for i := 0; i < s.Len(); i++ {
				buf = s.AppendMember(buf[:0], i)
				c.setAdd(result, buf)
			}
		}
	case sets[0] != nil:
		first := sets[0]
	members:
		for i := 0; i < first.Len(); i++ {
			buf = first.AppendMember(buf[:0], i)
			for _, o := range sets[1:] {
				if o != nil && o.Has(buf) {
					continue members
				}
			}
			c.setAdd(result, buf)
		}
	}
	if dst != nil {
		event := "sunionstore"
		if diff {
			event = "sdiffstore"
		}
		c.storeSetResult(dst, result, event)
		return nil
	}
	c.ReplySetLen(result.Len())
	for i := 0; i < result.Len(); i++ {
		c.replySetMember(result, i)
	}
	return nil
}

// SPOP key [count]
//
// Propagates as SREM key member (DEL key when a count takes the whole set,
// one SREM per member otherwise), as Redis 7.0 does.
func spopCommand(c *Client) error {
	if len(c.Argv) == 3 {
		return spopWithCountCommand(c)
	}
	if len(c.Argv) > 3 {
		return ErrSyntax
	}
	key := c.Argv[1]
	s, err := asSet(c.LookupKeyWrite(key))
	if err != nil {
		return err
	}
	if s == nil {
		c.ReplyNull()
		return nil
	}
	i := c.Srv.Rand.IntN(s.Len())
	m := s.AppendMember(nil, i)
	s.RemoveAt(i)
	c.Notify('s', "spop", key)
	c.RewriteArgv([]byte("SREM"), key, m)
	c.ReplyBulk(m)
	if s.Len() == 0 {
		c.DB.Delete(key)
		c.Notify('g', "del", key)
	}
	c.SignalModifiedKey(key)
	c.Dirty++
	return nil
}

// spopMoveStrategyMul is Redis's SPOP_MOVE_STRATEGY_MUL: when the members
// left after SPOP number at most count/spopMoveStrategyMul, Redis rebuilds
// the set from them, which may give it back the intset encoding.
const spopMoveStrategyMul = 5

// spopWithCountCommand is SPOP key count. Mirrors spopWithCountCommand.
func spopWithCountCommand(c *Client) error {
	key := c.Argv[1]
	n, ok := resp.ParseInt(c.Argv[2])
	if !ok || n < 0 {
		return ErrNegativeCount
	}
	s, err := asSet(c.LookupKeyWrite(key))
	if err != nil {
		return err
	}
	if s == nil || n == 0 {
		c.ReplySetLen(0)
		return nil
	}
	size := int64(s.Len())
	c.Notify('s', "spop", key)
	if n >= size {
		c.Dirty += size
		c.replyWholeSetAsUnion(s)
		c.DB.Delete(key)
		c.Notify('g', "del", key)
		c.RewriteArgv([]byte("DEL"), key)
		c.SignalModifiedKey(key)
		return nil
	}
	c.Dirty += n
	c.ReplySetLen(int(n))
	srem := []byte("SREM")
	if remaining := size - n; remaining*spopMoveStrategyMul > n {
		// Few members go: pop them one by one.
		for k := int64(0); k < n; k++ {
			i := c.Srv.Rand.IntN(s.Len())
			m := s.AppendMember(nil, i)
			s.RemoveAt(i)
			c.ReplyBulk(m)
			c.AlsoPropagate(c.DB.ID, srem, key, m)
		}
	} else {
		// Most members go: pick the ones that stay, build a new set of
		// them (its encoding starts afresh, as in Redis), and reply with
		// the others in the old set's order.
		keep := make([]bool, size)
		rebuilt := store.NewSet()
		var buf []byte
		for _, i := range randomIndexes(c.Srv.Rand, int(size), int(remaining)) {
			keep[i] = true
			buf = s.AppendMember(buf[:0], i)
			c.setAdd(rebuilt, buf)
		}
		for i := 0; i < int(size); i++ {
			if !keep[i] {
				m := s.AppendMember(nil, i)
				c.ReplyBulk(m)
				c.AlsoPropagate(c.DB.ID, srem, key, m)
			}
		}
		c.DB.Find(key).Value = rebuilt
	}
	c.PreventPropagation()
	c.SignalModifiedKey(key)
	return nil
}

// replyWholeSetAsUnion replies with every member of s in the order Redis's
// SPOP gives when it takes the whole set: the members of a new set built
// from s, ascending when that set is an intset.
func (c *Client) replyWholeSetAsUnion(s *store.Set) {
	n := s.Len()
	c.ReplySetLen(n)
	if !s.Intset() && int64(n) <= c.Srv.Tunables.SetMaxIntsetEntries {
		ints := make([]int64, 0, n)
		for i := 0; i < n; i++ {
			v, ok := resp.ParseInt([]byte(s.Member(i)))
			if !ok {
				break
			}
			ints = append(ints, v)
		}
		if len(ints) == n {
			slices.Sort(ints)
			for _, v := range ints {
				c.ReplyBulkInt(v)
			}
			return
		}
	}
	for i := 0; i < n; i++ {
		c.replySetMember(s, i)
	}
}

// SRANDMEMBER key [count]
//
// Deviation: a negative count below -maxRandomReply is answered with
// ErrOutOfRange; Redis tries to build the reply.
func srandmemberCommand(c *Client) error {
	if len(c.Argv) == 3 {
		return srandmemberWithCountCommand(c)
	}
	if len(c.Argv) > 3 {
		return ErrSyntax
	}
	s, err := asSet(c.LookupKeyRead(c.Argv[1]))
	if err != nil {
		return err
	}
	if s == nil {
		c.ReplyNull()
		return nil
	}
	c.replySetMember(s, c.Srv.Rand.IntN(s.Len()))
	return nil
}

// srandmemberWithCountCommand is SRANDMEMBER key count: up to count
// distinct members, or -count members with repeats when count is negative;
// an array even in RESP3. Mirrors srandmemberWithCountCommand.
func srandmemberWithCountCommand(c *Client) error {
	n, err := ParseInt(c.Argv[2])
	if err != nil {
		return err
	}
	if n == math.MinInt64 {
		return ErrCountOutOfRange
	}
	s, err := asSet(c.LookupKeyRead(c.Argv[1]))
	if err != nil {
		return err
	}
	if s == nil || n == 0 {
		c.ReplyArrayLen(0)
		return nil
	}
	size := s.Len()
	switch {
	case n < 0:
		if -n > maxRandomReply {
			return ErrOutOfRange
		}
		c.ReplyArrayLen(int(-n))
		for k := -n; k > 0; k-- {
			c.replySetMember(s, c.Srv.Rand.IntN(size))
		}
	case n >= int64(size):
		c.ReplyArrayLen(size)
		for i := 0; i < size; i++ {
			c.replySetMember(s, i)
		}
	default:
		idx := randomIndexes(c.Srv.Rand, size, int(n))
		c.ReplyArrayLen(len(idx))
		for _, i := range idx {
			c.replySetMember(s, i)
		}
	}
	return nil
}

// randomIndexes returns k distinct positions of [0, n), 0 < k < n, in
// random order. It does O(k) work when k is small next to n (rejection
// sampling) and a partial Fisher-Yates shuffle of all n positions when k is
// more than a third of n, where rejections would pile up.
func randomIndexes(r *rand.Rand, n, k int) []int {
	if k*3 > n {
		perm := make([]int, n)
		for i := range perm {
			perm[i] = i
		}
		for i := 0; i < k; i++ {
			j := i + r.IntN(n-i)
			perm[i], perm[j] = perm[j], perm[i]
		}
		return perm[:k]
	}
	seen := make(map[int]struct{}, k)
	out := make([]int, 0, k)
	for len(out) < k {
		i := r.IntN(n)
		if _, dup := seen[i]; !dup {
			seen[i] = struct{}{}
			out = append(out, i)
		}
	}
	return out
}
