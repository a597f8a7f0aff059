package store

import (
	"math/bits"
	"math/rand/v2"
)

// zslMaxLevel is the highest level a skiplist node can have; with p = 1/4
// it is enough for 2^64 elements (ZSKIPLIST_MAXLEVEL in Redis's server.h).
const zslMaxLevel = 32

// ZNode is one element of a sorted set: its member and score, linked into
// the set's skiplist. Member and Score are read-only for callers: change a
// score through ZSet.Set. A *ZNode is valid until its member is removed.
//
// Mirrors zskiplistNode in Redis's server.h: one backward pointer (level 0
// only) and, per level, a forward pointer with its span, the number of
// level-0 steps the forward pointer skips.
type ZNode struct {
	// Member is the element; it is also the key of the set's dict.
	Member string
	// Score is the element's score; never NaN.
	Score float64
	// pos is the node's index in ZSet.order (ZSCAN's walk).
	pos int32

	backward *ZNode
	// level points into the same allocation as the node for levels up to 4
	// (all but 1 in 256 nodes): see newZNode.
	level []zslLevel
}

// Nodes of the common levels are allocated with their levels inline, so a
// node is one allocation and its forward pointers share its cache lines.
type (
	zNode1 struct {
		ZNode
		lv [1]zslLevel
	}
	zNode2 struct {
		ZNode
		lv [2]zslLevel
	}
	zNode3 struct {
		ZNode
		lv [3]zslLevel
	}
	zNode4 struct {
		ZNode
		lv [4]zslLevel
	}
)

type zslLevel struct {
	forward *ZNode
	// span is the number of level-0 links between this node and forward
	// (the rank distance); for a nil forward, the distance to the end.
	span int
}

// Next returns the element after n in ascending order, or nil.
func (n *ZNode) Next() *ZNode { return n.level[0].forward }

// Prev returns the element before n in ascending order, or nil.
func (n *ZNode) Prev() *ZNode { return n.backward }

// skiplist is Redis's zskiplist (t_zset.c): Pugh's skiplist with repeated
// scores allowed, elements ordered by score then by member bytes, a backward
// pointer on level 0, and spans so that ranks are O(log N).
type skiplist struct {
	// header is the sentinel; its Member is unused. It has levels for
	// every level in use, starting with headerLevels inline and growing to
	// zslMaxLevel the first time a node is taller (one in 256 nodes), so a
	// small set does not carry 32 empty levels.
	header *ZNode
	tail   *ZNode
	length int
	level  int // levels in use, 1..zslMaxLevel
}

// headerLevels is how many levels a new skiplist's header has.
const headerLevels = 4

func newSkiplist() skiplist {
	return skiplist{header: newZNode(headerLevels, 0, ""), level: 1}
}

func newZNode(level int, score float64, member string) *ZNode {
	var n *ZNode
	switch level {
	case 1:
		x := &zNode1{}
		x.level = x.lv[:]
		n = &x.ZNode
	case 2:
		x := &zNode2{}
		x.level = x.lv[:]
		n = &x.ZNode
	case 3:
		x := &zNode3{}
		x.level = x.lv[:]
		n = &x.ZNode
	case 4:
		x := &zNode4{}
		x.level = x.lv[:]
		n = &x.ZNode
	default:
		n = &ZNode{level: make([]zslLevel, level)}
	}
	n.Member, n.Score = member, score
	return n
}

// zslRandomLevel returns a level in 1..zslMaxLevel with P(level > k) = 4^-k,
// as zslRandomLevel with ZSKIPLIST_P = 0.25: each pair of zero bits in a
// random word adds a level.
func zslRandomLevel() int {
	return 1 + bits.TrailingZeros64(rand.Uint64()|1<<62)/2
}

// zslLess reports whether (s1, m1) sorts before (s2, m2): by score, then by
// member bytes (sdscmp).
func zslLess(s1 float64, m1 string, s2 float64, m2 string) bool {
	return s1 < s2 || (s1 == s2 && m1 < m2)
}

// insert adds a node for (score, member), which must not be in the list,
// and returns it. Mirrors zslInsert.
func (zsl *skiplist) insert(score float64, member string) *ZNode {
	var update [zslMaxLevel]*ZNode
	var rank [zslMaxLevel]int
	x := zsl.header
	for i := zsl.level - 1; i >= 0; i-- {
		if i != zsl.level-1 {
			rank[i] = rank[i+1]
		}
		for f := x.level[i].forward; f != nil && zslLess(f.Score, f.Member, score, member); f = x.level[i].forward {
			rank[i] += x.level[i].span
			x = f
		}
		update[i] = x
	}
	level := zslRandomLevel()
	if level > len(zsl.header.level) {
		lv := make([]zslLevel, zslMaxLevel)
		copy(lv, zsl.header.level)
		zsl.header.level = lv
	}
	if level > zsl.level {
		for i := zsl.level; i < level; i++ {
			rank[i] = 0
			update[i] = zsl.header
			update[i].level[i].span = zsl.length
		}
		zsl.level = level
	}
	x = newZNode(level, score, member)
	for i := 0; i < level; i++ {
		x.level[i].forward = update[i].level[i].forward
		update[i].level[i].forward = x
		// update[i]'s span is split around x.
		x.level[i].span = update[i].level[i].span - (rank[0] - rank[i])
		update[i].level[i].span = rank[0] - rank[i] + 1
	}
	// Levels above x's now skip one more element.
	for i := level; i < zsl.level; i++ {
		update[i].level[i].span++
	}
	if update[0] != zsl.header {
		x.backward = update[0]
	}
	if f := x.level[0].forward; f != nil {
		f.backward = x
	} else {
		zsl.tail = x
	}
	zsl.length++
	return x
}

// deleteNode unlinks x; update[i] is the last node before x on level i.
// Mirrors zslDeleteNode.
func (zsl *skiplist) deleteNode(x *ZNode, update *[zslMaxLevel]*ZNode) {
	for i := 0; i < zsl.level; i++ {
		if update[i].level[i].forward == x {
			update[i].level[i].span += x.level[i].span - 1
			update[i].level[i].forward = x.level[i].forward
		} else {
			update[i].level[i].span--
		}
	}
	if f := x.level[0].forward; f != nil {
		f.backward = x.backward
	} else {
		zsl.tail = x.backward
	}
	for zsl.level > 1 && zsl.header.level[zsl.level-1].forward == nil {
		zsl.level--
	}
	zsl.length--
}

// findUpdate fills update with the last node before (score, member) on
// each level and returns the level-0 successor of update[0].
func (zsl *skiplist) findUpdate(score float64, member string, update *[zslMaxLevel]*ZNode) *ZNode {
	x := zsl.header
	for i := zsl.level - 1; i >= 0; i-- {
		for f := x.level[i].forward; f != nil && zslLess(f.Score, f.Member, score, member); f = x.level[i].forward {
			x = f
		}
		update[i] = x
	}
	return x.level[0].forward
}

// delete removes the node of (score, member) and reports whether it was
// there. Mirrors zslDelete.
func (zsl *skiplist) delete(score float64, member string) bool {
	var update [zslMaxLevel]*ZNode
	x := zsl.findUpdate(score, member, &update)
	if x == nil || x.Score != score || x.Member != member {
		return false
	}
	zsl.deleteNode(x, &update)
	return true
}

// updateScore moves the node of (cur, member), which must exist, to score
// newScore and returns the node now holding it: the same node when its
// position does not change, else a new one. Mirrors zslUpdateScore.
func (zsl *skiplist) updateScore(cur float64, member string, newScore float64) *ZNode {
	var update [zslMaxLevel]*ZNode
	x := zsl.findUpdate(cur, member, &update)
	if x == nil || x.Score != cur || x.Member != member {
		panic("store: skiplist update of a missing element")
	}
	// Still between its neighbours: update in place.
	if (x.backward == nil || x.backward.Score < newScore) &&
		(x.level[0].forward == nil || x.level[0].forward.Score > newScore) {
		x.Score = newScore
		return x
	}
	zsl.deleteNode(x, &update)
	return zsl.insert(newScore, member)
}

// rank returns the 1-based rank of (score, member), or 0 if absent.
// Mirrors zslGetRank.
func (zsl *skiplist) rank(score float64, member string) int {
	r := 0
	x := zsl.header
	for i := zsl.level - 1; i >= 0; i-- {
		for f := x.level[i].forward; f != nil && (f.Score < score || (f.Score == score && f.Member <= member)); f = x.level[i].forward {
			r += x.level[i].span
			x = f
		}
		if x != zsl.header && x.Score == score && x.Member == member {
			return r
		}
	}
	return 0
}

// byRank returns the node of 1-based rank r, or nil if out of range.
// Mirrors zslGetElementByRank.
func (zsl *skiplist) byRank(r int) *ZNode {
	traversed := 0
	x := zsl.header
	for i := zsl.level - 1; i >= 0; i-- {
		for f := x.level[i].forward; f != nil && traversed+x.level[i].span <= r; f = x.level[i].forward {
			traversed += x.level[i].span
			x = f
		}
		if traversed == r {
			if x == zsl.header {
				return nil
			}
			return x
		}
	}
	return nil
}

// first returns the lowest node, or nil.
func (zsl *skiplist) first() *ZNode { return zsl.header.level[0].forward }

// firstWhere returns the first node for which above reports true, given that
// above is false for a prefix of the list and true afterwards; nil if none.
// The walk stays on each level while above is false, as zslFirstInRange.
func (zsl *skiplist) firstWhere(above func(*ZNode) bool) *ZNode {
	x := zsl.header
	for i := zsl.level - 1; i >= 0; i-- {
		for f := x.level[i].forward; f != nil && !above(f); f = x.level[i].forward {
			x = f
		}
	}
	return x.level[0].forward
}

// lastWhere returns the last node for which below reports true, given that
// below is true for a prefix of the list and false afterwards; nil if none.
// Mirrors the walk of zslLastInRange.
func (zsl *skiplist) lastWhere(below func(*ZNode) bool) *ZNode {
	x := zsl.header
	for i := zsl.level - 1; i >= 0; i-- {
		for f := x.level[i].forward; f != nil && below(f); f = x.level[i].forward {
			x = f
		}
	}
	if x == zsl.header {
		return nil
	}
	return x
}

// deleteFrom removes nodes while keep is false, starting at the first node
// for which before is false (before must be true on a prefix), calling
// removed for each deleted node; it returns the number removed. It is the
// shared walk of zslDeleteRangeByScore and zslDeleteRangeByLex.
func (zsl *skiplist) deleteFrom(before, inRange func(*ZNode) bool, removed func(*ZNode)) int {
	var update [zslMaxLevel]*ZNode
	x := zsl.header
	for i := zsl.level - 1; i >= 0; i-- {
		for f := x.level[i].forward; f != nil && before(f); f = x.level[i].forward {
			x = f
		}
		update[i] = x
	}
	n := 0
	for x = x.level[0].forward; x != nil && inRange(x); {
		next := x.level[0].forward
		zsl.deleteNode(x, &update)
		removed(x)
		n++
		x = next
	}
	return n
}

// deleteRangeByRank removes the nodes of 1-based ranks start..end
// (inclusive), calling removed for each; it returns the number removed.
// Mirrors zslDeleteRangeByRank.
func (zsl *skiplist) deleteRangeByRank(start, end int, removed func(*ZNode)) int {
	var update [zslMaxLevel]*ZNode
	traversed := 0
	x := zsl.header
	for i := zsl.level - 1; i >= 0; i-- {
		for f := x.level[i].forward; f != nil && traversed+x.level[i].span < start; f = x.level[i].forward {
			traversed += x.level[i].span
			x = f
		}
		update[i] = x
	}
	traversed++
	n := 0
	for x = x.level[0].forward; x != nil && traversed <= end; traversed++ {
		next := x.level[0].forward
		zsl.deleteNode(x, &update)
		removed(x)
		n++
		x = next
	}
	return n
}
