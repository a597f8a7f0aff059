package store

import (
	"math"
	"slices"
)

// ZSet is a sorted set: a map from member to its skiplist node (for O(1)
// ZSCORE; small sets scan their nodes instead) plus the skiplist with spans (for O(log N) ranks and ranges), as
// Redis's zset of dict + zskiplist. Elements are ordered by score, then by
// member bytes.
//
// There is one representation whatever the size; Encoding only reports the
// name Redis would use: "listpack" until the set has more than
// zset-max-listpack-entries elements or a member longer than
// zset-max-listpack-value bytes was added, then "skiplist" for good (Redis
// never converts an existing set back).
//
// Executor goroutine only.
type ZSet struct {
	// dict maps member to node once the set has more than zsetLinearMax
	// elements; nil before, when members are found by scanning order.
	dict map[string]*ZNode
	zsl  skiplist
	// order holds every node in no particular order, deleted by moving the
	// last into the gap: ZSCAN walks it downwards, which keeps SCAN's
	// guarantee (a rank cursor would miss elements as others come and go).
	order []*ZNode
	// skiplistEnc is set once a listpack would have been converted.
	skiplistEnc bool
}

// ZSetLimits are the listpack thresholds in force when elements are added
// (zset-max-listpack-entries, and zset-max-listpack-value in bytes).
type ZSetLimits struct {
	MaxListpackEntries int64
	MaxListpackValue   int64
}

// NewZSet returns an empty sorted set with the listpack encoding.
func NewZSet() *ZSet {
	return &ZSet{zsl: newSkiplist()}
}

// zsetLinearMax is the number of elements up to which a sorted set has no
// dict: a scan of a few members is as fast as hashing, and the many small
// sets of a typical dataset do not pay for a map (see linearMax).
const zsetLinearMax = 16

// find returns member's node, or nil.
func (z *ZSet) find(member []byte) *ZNode { return zsetFind(z, member) }

// findString is find for a member held as a string.
func (z *ZSet) findString(member string) *ZNode { return zsetFind(z, member) }

// zsetFind is find for either kind of member; see denseFind.
func zsetFind[T string | []byte](z *ZSet, member T) *ZNode {
	if z.dict != nil {
		return z.dict[string(member)]
	}
	for _, n := range z.order {
		if n.Member == string(member) {
			return n
		}
	}
	return nil
}

// NewSkiplistZSet returns an empty sorted set that has the skiplist encoding
// from the start, as Redis's createZsetObject: for results built in bulk
// (ZUNION, ZRANGESTORE of a long range), which ConvertToListpackIfNeeded may
// shrink afterwards.
func NewSkiplistZSet() *ZSet {
	z := NewZSet()
	z.skiplistEnc = true
	return z
}

// Type returns "zset".
func (z *ZSet) Type() string { return "zset" }

// Encoding returns "listpack" or "skiplist" (see ZSet).
func (z *ZSet) Encoding() string {
	if z.skiplistEnc {
		return "skiplist"
	}
	return "listpack"
}

// Copy returns a deep copy with the same encoding. Elements are inserted
// from the highest down, so that each insertion stops at the head of the
// list (as Redis's zsetDup).
func (z *ZSet) Copy() Value {
	c := &ZSet{zsl: newSkiplist(), skiplistEnc: z.skiplistEnc}
	if z.dict != nil {
		c.dict = make(map[string]*ZNode, len(z.dict))
	}
	for n := z.zsl.tail; n != nil; n = n.backward {
		c.link(c.zsl.insert(n.Score, n.Member))
	}
	return c
}

// Len returns the number of elements.
func (z *ZSet) Len() int { return z.zsl.length }

// Score returns member's score and whether member is in the set.
func (z *ZSet) Score(member []byte) (float64, bool) {
	n := z.find(member)
	if n == nil {
		return 0, false
	}
	return n.Score, true
}

// Set gives member the score, adding member if it is absent, and reports
// whether it was added. score must not be NaN. When member is added, the
// encoding becomes "skiplist" if the set now exceeds lim (zsetAdd's
// conversion).
func (z *ZSet) Set(member []byte, score float64, lim ZSetLimits) (added bool) {
	if n := z.find(member); n != nil {
		z.update(n, score)
		return false
	}
	z.insert(string(member), score, lim)
	return true
}

// SetString is Set for a member held as a string (copying from another set).
func (z *ZSet) SetString(member string, score float64, lim ZSetLimits) (added bool) {
	if n := z.findString(member); n != nil {
		z.update(n, score)
		return false
	}
	z.insert(member, score, lim)
	return true
}

// Reserve makes room for n more elements (a loader that knows the count).
func (z *ZSet) Reserve(n int) {
	if n <= 0 {
		return
	}
	z.order = slices.Grow(z.order, n)
	if z.dict == nil && len(z.order)+n > zsetLinearMax {
		z.dict = make(map[string]*ZNode, len(z.order)+n)
		for _, o := range z.order {
			z.dict[o.Member] = o
		}
	}
}

// update gives n a new score. A listpack stores an integral score as an
// integer (zzlInsertAt), so there -0 becomes 0.
func (z *ZSet) update(n *ZNode, score float64) {
	if math.IsNaN(score) {
		panic("store: NaN score")
	}
	if n.Score != score {
		if !z.skiplistEnc && score == 0 {
			score = 0
		}
		pos := n.pos
		nn := z.zsl.updateScore(n.Score, n.Member, score)
		nn.pos = pos
		z.order[pos] = nn
		if z.dict != nil {
			z.dict[nn.Member] = nn
		}
	}
}

// link records a new node in dict and order.
func (z *ZSet) link(n *ZNode) {
	n.pos = int32(len(z.order))
	z.order = append(z.order, n)
	switch {
	case z.dict != nil:
		z.dict[n.Member] = n
	case len(z.order) > zsetLinearMax:
		z.dict = make(map[string]*ZNode, len(z.order))
		for _, o := range z.order {
			z.dict[o.Member] = o
		}
	}
}

// insert adds a new member. As zsetAdd, it first converts a listpack that
// the new element would take over lim, then stores the element (with -0 as
// 0 in a listpack).
func (z *ZSet) insert(m string, score float64, lim ZSetLimits) {
	if math.IsNaN(score) {
		panic("store: NaN score")
	}
	if !z.skiplistEnc && (int64(z.zsl.length)+1 > lim.MaxListpackEntries || int64(len(m)) > lim.MaxListpackValue) {
		z.skiplistEnc = true
	}
	if !z.skiplistEnc && score == 0 {
		score = 0
	}
	z.link(z.zsl.insert(score, m))
}

// ConvertToListpackIfNeeded gives a set with the skiplist encoding the
// listpack encoding when it is within lim, as Redis does for the results of
// ZUNIONSTORE, ZINTERSTORE and ZDIFFSTORE (zsetConvertToListpackIfNeeded).
// A -0 score becomes 0 then, as the listpack stores it as an integer.
func (z *ZSet) ConvertToListpackIfNeeded(lim ZSetLimits) {
	if !z.skiplistEnc || int64(z.zsl.length) > lim.MaxListpackEntries {
		return
	}
	for n := z.zsl.first(); n != nil; n = n.level[0].forward {
		if int64(len(n.Member)) > lim.MaxListpackValue {
			return
		}
	}
	for n := z.zsl.first(); n != nil; n = n.level[0].forward {
		if n.Score == 0 {
			n.Score = 0 // -0 and 0 sort alike: the order is unchanged
		}
	}
	z.skiplistEnc = false
}

// Delete removes member and reports whether it was there.
func (z *ZSet) Delete(member []byte) bool {
	n := z.find(member)
	if n == nil {
		return false
	}
	z.unlinked(n)
	z.zsl.delete(n.Score, n.Member)
	return true
}

// Rank returns member's 0-based rank in ascending order and whether member
// is in the set. O(log N).
func (z *ZSet) Rank(member []byte) (int, bool) {
	n := z.find(member)
	if n == nil {
		return 0, false
	}
	return z.NodeRank(n), true
}

// NodeRank returns the 0-based ascending rank of n, a node of z. O(log N).
func (z *ZSet) NodeRank(n *ZNode) int {
	r := z.zsl.rank(n.Score, n.Member)
	if r == 0 {
		panic("store: rank of a node not in the set")
	}
	return r - 1
}

// First returns the lowest element, or nil when the set is empty.
func (z *ZSet) First() *ZNode { return z.zsl.first() }

// Last returns the highest element, or nil when the set is empty.
func (z *ZSet) Last() *ZNode { return z.zsl.tail }

// ByRank returns the element of 0-based ascending rank r, or nil when r is
// out of range. O(log N).
func (z *ZSet) ByRank(r int) *ZNode {
	if r < 0 || r >= z.zsl.length {
		return nil
	}
	return z.zsl.byRank(r + 1)
}

// ScoreRange is a score interval as ZRANGEBYSCORE takes it: Min and Max,
// each inclusive unless MinEx / MaxEx ("(" in the argument). Mirrors
// zrangespec.
type ScoreRange struct {
	Min, Max     float64
	MinEx, MaxEx bool
}

// AboveMin reports whether v is on the right side of the range's minimum
// (zslValueGteMin).
func (r *ScoreRange) AboveMin(v float64) bool {
	if r.MinEx {
		return v > r.Min
	}
	return v >= r.Min
}

// BelowMax reports whether v is on the right side of the range's maximum
// (zslValueLteMax).
func (r *ScoreRange) BelowMax(v float64) bool {
	if r.MaxEx {
		return v < r.Max
	}
	return v <= r.Max
}

// empty reports whether no score can be in the range.
func (r *ScoreRange) empty() bool {
	return r.Min > r.Max || (r.Min == r.Max && (r.MinEx || r.MaxEx))
}

// inRange reports whether some element may be in r (zslIsInRange).
func (z *ZSet) inRange(r *ScoreRange) bool {
	if r.empty() || z.zsl.tail == nil {
		return false
	}
	return r.AboveMin(z.zsl.tail.Score) && r.BelowMax(z.zsl.first().Score)
}

// FirstInRange returns the lowest element with a score in r, or nil.
// Mirrors zslFirstInRange.
func (z *ZSet) FirstInRange(r ScoreRange) *ZNode {
	if !z.inRange(&r) {
		return nil
	}
	n := z.zsl.firstWhere(func(n *ZNode) bool { return r.AboveMin(n.Score) })
	if n == nil || !r.BelowMax(n.Score) {
		return nil
	}
	return n
}

// LastInRange returns the highest element with a score in r, or nil.
// Mirrors zslLastInRange.
func (z *ZSet) LastInRange(r ScoreRange) *ZNode {
	if !z.inRange(&r) {
		return nil
	}
	n := z.zsl.lastWhere(func(n *ZNode) bool { return r.BelowMax(n.Score) })
	if n == nil || !r.AboveMin(n.Score) {
		return nil
	}
	return n
}

// Count returns the number of elements with a score in r, in O(log N)
// (zcountCommand's rank arithmetic).
func (z *ZSet) Count(r ScoreRange) int {
	first := z.FirstInRange(r)
	if first == nil {
		return 0
	}
	return z.NodeRank(z.LastInRange(r)) - z.NodeRank(first) + 1
}

// DeleteRangeByScore removes the elements with a score in r and returns how
// many. Mirrors zslDeleteRangeByScore.
func (z *ZSet) DeleteRangeByScore(r ScoreRange) int {
	return z.zsl.deleteFrom(
		func(n *ZNode) bool { return !r.AboveMin(n.Score) },
		func(n *ZNode) bool { return r.BelowMax(n.Score) },
		z.unlinked)
}

// LexBound is one end of a lexicographic range: a member, or minus or plus
// infinity ("-" and "+" in ZRANGEBYLEX).
type LexBound struct {
	// Inf is -1 for "-", +1 for "+", 0 for Value.
	Inf   int
	Value string
	// Ex excludes Value itself ("(" rather than "["); always set for "-"
	// and "+", as Redis's parser does.
	Ex bool
}

// LexRange is a member interval as ZRANGEBYLEX takes it (zlexrangespec).
type LexRange struct {
	Min, Max LexBound
}

// cmpLex compares a member to a bound: -1, 0 or +1 (sdscmplex).
func cmpLex(member string, b *LexBound) int {
	switch {
	case b.Inf < 0:
		return 1
	case b.Inf > 0:
		return -1
	case member < b.Value:
		return -1
	case member > b.Value:
		return 1
	}
	return 0
}

// AboveMin reports whether member is on the right side of the minimum
// (zslLexValueGteMin).
func (r *LexRange) AboveMin(member string) bool {
	c := cmpLex(member, &r.Min)
	if r.Min.Ex {
		return c > 0
	}
	return c >= 0
}

// BelowMax reports whether member is on the right side of the maximum
// (zslLexValueLteMax).
func (r *LexRange) BelowMax(member string) bool {
	c := cmpLex(member, &r.Max)
	if r.Max.Ex {
		return c < 0
	}
	return c <= 0
}

// empty reports whether no member can be in the range (the first test of
// zslIsInLexRange).
func (r *LexRange) empty() bool {
	var c int
	switch {
	case r.Min.Inf == r.Max.Inf && r.Min.Inf != 0:
		c = 0 // the same sentinel
	case r.Min.Inf > 0 || r.Max.Inf < 0:
		c = 1
	case r.Min.Inf < 0 || r.Max.Inf > 0:
		c = -1
	case r.Min.Value < r.Max.Value:
		c = -1
	case r.Min.Value > r.Max.Value:
		c = 1
	}
	return c > 0 || (c == 0 && (r.Min.Ex || r.Max.Ex))
}

func (z *ZSet) inLexRange(r *LexRange) bool {
	if r.empty() || z.zsl.tail == nil {
		return false
	}
	return r.AboveMin(z.zsl.tail.Member) && r.BelowMax(z.zsl.first().Member)
}

// FirstInLexRange returns the lowest element whose member is in r, or nil.
// Only meaningful when all scores are equal, as for ZRANGEBYLEX. Mirrors
// zslFirstInLexRange.
func (z *ZSet) FirstInLexRange(r LexRange) *ZNode {
	if !z.inLexRange(&r) {
		return nil
	}
	n := z.zsl.firstWhere(func(n *ZNode) bool { return r.AboveMin(n.Member) })
	if n == nil || !r.BelowMax(n.Member) {
		return nil
	}
	return n
}

// LastInLexRange returns the highest element whose member is in r, or nil.
// Mirrors zslLastInLexRange.
func (z *ZSet) LastInLexRange(r LexRange) *ZNode {
	if !z.inLexRange(&r) {
		return nil
	}
	n := z.zsl.lastWhere(func(n *ZNode) bool { return r.BelowMax(n.Member) })
	if n == nil || !r.AboveMin(n.Member) {
		return nil
	}
	return n
}

// LexCount returns the number of elements whose member is in r, in
// O(log N) (zlexcountCommand).
func (z *ZSet) LexCount(r LexRange) int {
	first := z.FirstInLexRange(r)
	if first == nil {
		return 0
	}
	return z.NodeRank(z.LastInLexRange(r)) - z.NodeRank(first) + 1
}

// DeleteRangeByLex removes the elements whose member is in r and returns
// how many. Mirrors zslDeleteRangeByLex.
func (z *ZSet) DeleteRangeByLex(r LexRange) int {
	return z.zsl.deleteFrom(
		func(n *ZNode) bool { return !r.AboveMin(n.Member) },
		func(n *ZNode) bool { return r.BelowMax(n.Member) },
		z.unlinked)
}

// DeleteRangeByRank removes the elements of 0-based ranks start..end
// (inclusive; 0 <= start <= end < Len()) and returns how many. Mirrors
// zslDeleteRangeByRank.
func (z *ZSet) DeleteRangeByRank(start, end int) int {
	return z.zsl.deleteRangeByRank(start+1, end+1, z.unlinked)
}

// unlinked removes a node the skiplist has dropped from dict and order.
func (z *ZSet) unlinked(n *ZNode) {
	delete(z.dict, n.Member)
	last := len(z.order) - 1
	if int(n.pos) != last {
		moved := z.order[last]
		moved.pos = n.pos
		z.order[n.pos] = moved
	}
	z.order[last] = nil
	z.order = z.order[:last]
}

// At returns the node at position i of the ZSCAN order, 0 <= i < Len().
func (z *ZSet) At(i int) *ZNode { return z.order[i] }

// LoadSorted fills an empty set with members in ascending (score, member)
// order, the order a snapshot stores them in: the skiplist is linked in one
// pass, without searching, and its nodes and their levels take two
// allocations instead of one per member. Encodings and -0 scores come out
// as inserting the members one by one would make them. It returns false,
// leaving z empty, when the input is not strictly ascending or repeats a
// member (a damaged file: the caller inserts one by one and reports what
// is wrong). Scores must not be NaN.
func (z *ZSet) LoadSorted(members []string, scores []float64, lim ZSetLimits) bool {
	n := len(members)
	if z.zsl.length != 0 || n == 0 || n != len(scores) {
		return n == 0 && z.zsl.length == 0
	}
	enc0 := z.skiplistEnc
	for i := 1; i < n; i++ {
		if !zslLess(scores[i-1], members[i-1], scores[i], members[i]) {
			return false
		}
	}
	levels := make([]int8, n)
	total, maxLevel := 0, 1
	for i := range levels {
		l := zslRandomLevel()
		levels[i] = int8(l)
		total += l
		maxLevel = max(maxLevel, l)
	}
	nodes := make([]ZNode, n)
	lv := make([]zslLevel, total)
	zsl := &z.zsl
	if maxLevel > len(zsl.header.level) {
		zsl.header.level = make([]zslLevel, zslMaxLevel)
	}
	var last [zslMaxLevel]*ZNode
	var lastRank [zslMaxLevel]int
	for j := range maxLevel {
		last[j] = zsl.header
	}
	enc := enc0
	var prev *ZNode
	for i := range nodes {
		x := &nodes[i]
		l := int(levels[i])
		x.level, lv = lv[:l:l], lv[l:]
		x.Member, x.Score = members[i], scores[i]
		if !enc && (int64(i)+1 > lim.MaxListpackEntries || int64(len(members[i])) > lim.MaxListpackValue) {
			enc = true
		}
		if !enc && x.Score == 0 {
			x.Score = 0 // a listpack stores -0 as the integer 0
		}
		x.backward = prev
		for j := 0; j < l; j++ {
			last[j].level[j].forward = x
			last[j].level[j].span = i + 1 - lastRank[j]
			last[j], lastRank[j] = x, i+1
		}
		prev = x
	}
	for j := range maxLevel {
		last[j].level[j].forward = nil
		last[j].level[j].span = n - lastRank[j]
	}
	zsl.level, zsl.length, zsl.tail = maxLevel, n, prev
	z.skiplistEnc = enc
	z.order = slices.Grow(z.order[:0], n)
	for i := range nodes {
		z.link(&nodes[i])
	}
	if z.dict != nil && len(z.dict) != n || z.dict == nil && hasDuplicate(members) {
		*z = *NewZSet()
		z.skiplistEnc = enc0
		return false
	}
	return true
}

// hasDuplicate reports whether a few members repeat one (O(n²), for sets
// small enough to have no dict).
func hasDuplicate(members []string) bool {
	for i := range members {
		for j := i + 1; j < len(members); j++ {
			if members[i] == members[j] {
				return true
			}
		}
	}
	return false
}
