package commands

import (
	"math"
	"strconv"

	"github.com/ember-db/ember/resp"
	"github.com/ember-db/ember/store"
)

// scanDefaultCount is COUNT's default in the SCAN family.
const scanDefaultCount = 10

// scanOptions are the parsed options of SCAN, HSCAN, SSCAN and ZSCAN.
type scanOptions struct {
	// Count is COUNT: how much work one call does (slots or elements
	// visited), a hint for the number of elements returned; >= 1.
	Count int
	// Pattern is MATCH's glob; nil when absent or "*" (everything matches).
	Pattern []byte
	// Type is TYPE's type name (SCAN only), compared ignoring case; nil when
	// absent.
	Type []byte
}

// parseScanCursor parses a SCAN-family cursor as Redis's
// parseScanCursorOrReply, which uses strtoul: optional '+' or '-' (a
// negative number wraps around), decimal digits, nothing else; an empty
// string is cursor 0. Returns ErrInvalidCursor, also on overflow.
func parseScanCursor(b []byte) (uint64, error) {
	if len(b) == 0 {
		return 0, nil // strtoul("") consumes nothing and leaves eptr at the NUL
	}
	neg := false
	i := 0
	if b[0] == '+' || b[0] == '-' {
		neg = b[0] == '-'
		i = 1
	}
	if i == len(b) {
		return 0, ErrInvalidCursor
	}
	var n uint64
	for ; i < len(b); i++ {
		d := b[i] - '0'
		if d > 9 {
			return 0, ErrInvalidCursor
		}
		if n > (math.MaxUint64-uint64(d))/10 {
			return 0, ErrInvalidCursor // ERANGE
		}
		n = n*10 + uint64(d)
	}
	if neg {
		n = -n
	}
	return n, nil
}

// parseScanOptions parses the options that follow the cursor: MATCH pattern,
// COUNT count and, when allowType (SCAN), TYPE type; later ones win.
// Returns ErrNotInteger for a bad COUNT, ErrSyntax for COUNT < 1, an unknown
// word or a missing value. Mirrors step 1 of scanGenericCommand in db.c.
func parseScanOptions(argv [][]byte, allowType bool) (scanOptions, error) {
	o := scanOptions{Count: scanDefaultCount}
	for i := 0; i < len(argv); i += 2 {
		hasValue := i+1 < len(argv)
		switch {
		case eqFold(argv[i], "count") && hasValue:
			n, err := ParseInt(argv[i+1])
			if err != nil {
				return o, err
			}
			if n < 1 {
				return o, ErrSyntax
			}
			o.Count = int(min(n, math.MaxInt32)) // a hint; bounded by the data anyway
		case eqFold(argv[i], "match") && hasValue:
			o.Pattern = argv[i+1]
			if len(o.Pattern) == 1 && o.Pattern[0] == '*' {
				o.Pattern = nil
			}
		case eqFold(argv[i], "type") && allowType && hasValue:
			o.Type = argv[i+1]
		default:
			return o, ErrSyntax
		}
	}
	return o, nil
}

// match reports whether elem passes MATCH.
func (o *scanOptions) match(elem []byte) bool {
	return o.Pattern == nil || Match(o.Pattern, elem, false)
}

// scanWalk visits the next part of a collection from cursor, doing about
// count units of work, and calls emit for each element: one argument for a
// key or member, two for a field and its value (or member and score). It
// returns the cursor to continue from, 0 when the walk is complete. emit may
// keep its arguments; they must not alias data that changes afterwards.
type scanWalk func(cursor uint64, count int, emit func(elem ...[]byte)) (next uint64)

// scanGeneric runs one step of a SCAN-family iteration and replies
// [next cursor, elements]: walk collects elements from cursor, MATCH drops
// those whose first part does not match, and keep (nil: keep all) drops
// more (SCAN uses it for TYPE and expired keys; it runs after the walk, so
// it may delete keys). A dropped element loses all its parts. Mirrors
// steps 2-4 of scanGenericCommand.
//
// HSCAN, SSCAN and ZSCAN use it in Redis's order: parseScanCursor(argv[2]),
// then the key lookup (ErrWrongType; a missing key replies [0, []], which
// scanGeneric gives for a walk that emits nothing and returns 0), then
// parseScanOptions(argv[3:], false), then scanGeneric with a walk over the
// value that emits members, or field and value pairs.
func (c *Client) scanGeneric(cursor uint64, o *scanOptions, walk scanWalk, keep func(elem []byte) bool) {
	var elems [][]byte
	var groups []int // elems index where each element starts
	next := walk(cursor, o.Count, func(parts ...[]byte) {
		if !o.match(parts[0]) {
			return
		}
		groups = append(groups, len(elems))
		elems = append(elems, parts...)
	})
	out := elems[:0]
	for g, start := range groups {
		end := len(elems)
		if g+1 < len(groups) {
			end = groups[g+1]
		}
		if keep != nil && !keep(elems[start]) {
			continue
		}
		out = append(out, elems[start:end]...)
	}
	c.ReplyArrayLen(2)
	c.ReplyBulkString(strconv.FormatUint(next, 10))
	c.ReplyArrayLen(len(out))
	for _, e := range out {
		c.ReplyBulk(e)
	}
}

// SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]
// Walks the db's slots from the last down to 0 (see store.DB.Scan): a full
// iteration returns every key present from its start to its end at least
// once, with O(COUNT) work per call and no state kept between calls.
// Expired keys are deleted lazily and skipped. Errors: ErrInvalidCursor,
// then the option errors of parseScanOptions.
// Deviation: cursors are slot numbers, not Redis's reversed-bit bucket
// cursors; clients treat them as opaque, as they must.
func scanCommand(c *Client) error {
	cursor, err := parseScanCursor(c.Argv[1])
	if err != nil {
		return err
	}
	o, err := parseScanOptions(c.Argv[2:], true)
	if err != nil {
		return err
	}
	db := c.DB
	walk := func(cursor uint64, count int, emit func(...[]byte)) uint64 {
		return db.Scan(cursor, count, func(e *store.Entry) { emit([]byte(e.Key)) })
	}
	keep := func(key []byte) bool {
		if o.Type != nil {
			// As Redis: the TYPE check is a lookup that expires lazily and
			// counts a keyspace hit or miss; a missing key's type is "none".
			if !eqFold(o.Type, typeName(c.lookupKeyReadNoTouch(key))) {
				return false
			}
		}
		e := db.Find(key)
		return e == nil || !c.expireIfNeeded(db, e)
	}
	c.scanGeneric(cursor, &o, walk, keep)
	return nil
}

// walkDown visits positions of a collection of n elements whose deletes
// move the last element into the gap: from the cursor's position down to 0,
// count of them, as store.DB.Scan does for keys (same guarantee, same
// cursor: the next position plus one, 0 when done).
func walkDown(n int, cursor uint64, count int, visit func(i int)) uint64 {
	next := int(cursor) - 1
	if cursor == 0 || cursor > uint64(n) {
		next = n - 1
	}
	for ; next >= 0 && count > 0; next-- {
		visit(next)
		count--
	}
	if next < 0 {
		return 0
	}
	return uint64(next) + 1
}

// lookupScanValue runs the common prologue of HSCAN, SSCAN and ZSCAN: the
// cursor, then the key (nil when missing, ErrWrongType when not of type
// typ), then the options. Mirrors hscanCommand's order in t_hash.c.
func (c *Client) lookupScanValue(typ string) (store.Value, uint64, scanOptions, error) {
	cursor, err := parseScanCursor(c.Argv[2])
	if err != nil {
		return nil, 0, scanOptions{}, err
	}
	e := c.LookupKeyRead(c.Argv[1])
	if e == nil {
		return nil, 0, scanOptions{}, nil
	}
	if e.Value.Type() != typ {
		return nil, 0, scanOptions{}, ErrWrongType
	}
	o, err := parseScanOptions(c.Argv[3:], false)
	return e.Value, cursor, o, err
}

// replyEmptyScan is the reply for a missing key: [0, []].
func (c *Client) replyEmptyScan() {
	c.ReplyArrayLen(2)
	c.ReplyBulkString("0")
	c.ReplyArrayLen(0)
}

// HSCAN key cursor [MATCH pattern] [COUNT count]
// A listpack-encoded hash is returned whole in one call with cursor 0, as
// Redis does; a hashtable is walked like SCAN walks keys.
func hscanCommand(c *Client) error {
	v, cursor, o, err := c.lookupScanValue("hash")
	if err != nil || v == nil {
		if err == nil {
			c.replyEmptyScan()
		}
		return err
	}
	h := v.(*store.Hash)
	walk := func(cursor uint64, count int, emit func(...[]byte)) uint64 {
		visit := func(i int) {
			f, val := h.At(i)
			emit([]byte(f), []byte(val))
		}
		if h.Listpack() {
			for i := 0; i < h.Len(); i++ {
				visit(i)
			}
			return 0
		}
		return walkDown(h.Len(), cursor, count, visit)
	}
	c.scanGeneric(cursor, &o, walk, nil)
	return nil
}

// SSCAN key cursor [MATCH pattern] [COUNT count]
// An intset is returned whole, in ascending order, with cursor 0.
func sscanCommand(c *Client) error {
	v, cursor, o, err := c.lookupScanValue("set")
	if err != nil || v == nil {
		if err == nil {
			c.replyEmptyScan()
		}
		return err
	}
	s := v.(*store.Set)
	walk := func(cursor uint64, count int, emit func(...[]byte)) uint64 {
		visit := func(i int) { emit(s.AppendMember(nil, i)) }
		if s.Intset() {
			for i := 0; i < s.Len(); i++ {
				visit(i)
			}
			return 0
		}
		return walkDown(s.Len(), cursor, count, visit)
	}
	c.scanGeneric(cursor, &o, walk, nil)
	return nil
}

// ZSCAN key cursor [MATCH pattern] [COUNT count]
// A listpack-encoded set is returned whole in score order with cursor 0; a
// skiplist is walked through the set's position index (store.ZSet.At).
// Scores are formatted as Redis's "%.17Lg".
func zscanCommand(c *Client) error {
	v, cursor, o, err := c.lookupScanValue("zset")
	if err != nil || v == nil {
		if err == nil {
			c.replyEmptyScan()
		}
		return err
	}
	z := v.(*store.ZSet)
	emitNode := func(emit func(...[]byte), n *store.ZNode) {
		emit([]byte(n.Member), resp.AppendDouble(nil, n.Score))
	}
	walk := func(cursor uint64, count int, emit func(...[]byte)) uint64 {
		if z.Encoding() == "listpack" {
			for n := z.First(); n != nil; n = n.Next() {
				emitNode(emit, n)
			}
			return 0
		}
		return walkDown(z.Len(), cursor, count, func(i int) { emitNode(emit, z.At(i)) })
	}
	c.scanGeneric(cursor, &o, walk, nil)
	return nil
}
