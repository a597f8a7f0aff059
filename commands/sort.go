package commands

import (
	"bytes"
	"math"
	"sort"

	"github.com/ember-db/ember/store"
)

// sortCommands returns SORT and SORT_RO (sort.c).
func sortCommands() []Impl {
	return []Impl{
		{Name: "sort", Proc: sortCommand},
		{Name: "sort_ro", Proc: sortROCommand},
	}
}

// SORT key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]]
// [ASC | DESC] [ALPHA] [STORE destination]
func sortCommand(c *Client) error { return sortGenericCommand(c, false) }

// SORT_RO key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]]
// [ASC | DESC] [ALPHA]
func sortROCommand(c *Client) error { return sortGenericCommand(c, true) }

// sortElem is one element being sorted with its weight: score for numeric
// sorts, byval for ALPHA with BY (nil sorts first).
type sortElem struct {
	elem  []byte
	score float64
	byval []byte
}

// sortGenericCommand implements SORT and SORT_RO (readonly: STORE is a
// syntax error). Elements of a list, set or sorted set are weighted by
// themselves or by the keys BY names (a hash field with "key->field"),
// compared as doubles (ties by the elements' bytes) or, with ALPHA, as
// bytes (Redis compares with strcoll, which is byte order in the C locale
// Redis runs with). Without STORE the reply lists each element, or the
// values GET names ("#" is the element, missing values are nulls); with
// STORE those go into a list at destination and the count is replied.
// Mirrors sortCommandGeneric in Redis's sort.c.
func sortGenericCommand(c *Client, readonly bool) error {
	var (
		desc, alpha, dontsort bool
		limitStart, limitCnt  int64 = 0, -1
		sortby                []byte
		getops                [][]byte
		storekey              []byte
	)
	argv := c.Argv
	for j := 2; j < len(argv); j++ {
		left := len(argv) - j - 1
		switch {
		case eqFold(argv[j], "asc"):
			desc = false
		case eqFold(argv[j], "desc"):
			desc = true
		case eqFold(argv[j], "alpha"):
			alpha = true
		case eqFold(argv[j], "limit") && left >= 2:
			var err error
			if limitStart, err = ParseInt(argv[j+1]); err != nil {
				return err
			}
			if limitCnt, err = ParseInt(argv[j+2]); err != nil {
				return err
			}
			j += 2
		case eqFold(argv[j], "store") && left >= 1 && !readonly:
			storekey = argv[j+1]
			j++
		case eqFold(argv[j], "by") && left >= 1:
			sortby = argv[j+1]
			// A pattern without '*' means "don't sort".
			if bytes.IndexByte(sortby, '*') < 0 {
				dontsort = true
			}
			j++
		case eqFold(argv[j], "get") && left >= 1:
			getops = append(getops, argv[j+1])
			j++
		default:
			return ErrSyntax
		}
	}

	e := c.LookupKeyRead(argv[1])
	var elems [][]byte
	ordered := false // a list or sorted set: dontsort keeps its order
	if e != nil {
		switch v := e.Value.(type) {
		case *store.List:
			ordered = true
			for i := 0; i < v.Len(); i++ {
				elems = append(elems, v.Index(i))
			}
		case *store.Set:
			// An unsorted set would reply in an order that differs between
			// servers: as Redis, sort it when the result is stored.
			if dontsort && storekey != nil {
				dontsort, alpha, sortby = false, true, nil
			}
			for i := 0; i < v.Len(); i++ {
				elems = append(elems, v.AppendMember(nil, i))
			}
		case *store.ZSet:
			ordered = true
			for n := v.First(); n != nil; n = n.Next() {
				elems = append(elems, []byte(n.Member))
			}
		default:
			return ErrWrongType
		}
	}

	n := int64(len(elems))
	start := min(max(limitStart, 0), n)
	limitCnt = min(max(limitCnt, -1), n)
	end := n - 1
	if limitCnt >= 0 {
		end = start + limitCnt - 1
	}
	if start >= n {
		start, end = n-1, n-2
	}
	if end >= n {
		end = n - 1
	}
	// A list or sorted set that is not sorted keeps its order, reversed by
	// DESC (a set's order is its own, whatever DESC says).
	if dontsort && ordered && desc {
		for i, j := 0, len(elems)-1; i < j; i, j = i+1, j-1 {
			elems[i], elems[j] = elems[j], elems[i]
		}
	}

	vec := make([]sortElem, len(elems))
	for i, el := range elems {
		vec[i].elem = el
	}
	if !dontsort {
		for i := range vec {
			var byval []byte
			if sortby != nil {
				v, ok := c.lookupKeyByPattern(sortby, vec[i].elem)
				if !ok {
					continue // a missing weight: score 0, or first with ALPHA
				}
				byval = v
			}
			if alpha {
				if sortby != nil {
					vec[i].byval = byval
				}
				continue
			}
			src := vec[i].elem
			if sortby != nil {
				src = byval
			}
			f, consumed, erange := strtod(src)
			if consumed != len(src) || erange || math.IsNaN(f) {
				return Error("ERR One or more scores can't be converted into double")
			}
			vec[i].score = f
		}
		cmp := func(a, b *sortElem) int {
			var r int
			switch {
			case !alpha:
				switch {
				case a.score > b.score:
					r = 1
				case a.score < b.score:
					r = -1
				default:
					// Equal scores: compare the elements, so that the result
					// is deterministic (sortCompare).
					r = bytes.Compare(a.elem, b.elem)
				}
			case sortby != nil:
				switch {
				case a.byval == nil && b.byval == nil:
					r = 0
				case a.byval == nil:
					r = -1
				case b.byval == nil:
					r = 1
				default:
					r = bytes.Compare(a.byval, b.byval)
				}
			default:
				r = bytes.Compare(a.elem, b.elem)
			}
			if desc {
				r = -r
			}
			return r
		}
		sort.SliceStable(vec, func(i, j int) bool { return cmp(&vec[i], &vec[j]) < 0 })
	}

	count := int(end - start + 1)
	if count < 0 {
		count = 0
	}
	outputLen := count
	if len(getops) > 0 {
		outputLen *= len(getops)
	}
	if storekey == nil {
		c.ReplyArrayLen(outputLen)
		for i := start; i <= end; i++ {
			if len(getops) == 0 {
				c.ReplyBulk(vec[i].elem)
				continue
			}
			for _, g := range getops {
				if v, ok := c.lookupKeyByPattern(g, vec[i].elem); ok {
					c.ReplyBulk(v)
				} else {
					c.ReplyNull()
				}
			}
		}
		return nil
	}

	l := store.NewList()
	for i := start; i <= end; i++ {
		if len(getops) == 0 {
			l.PushTail(append([]byte(nil), vec[i].elem...))
			continue
		}
		for _, g := range getops {
			v, _ := c.lookupKeyByPattern(g, vec[i].elem)
			l.PushTail(append([]byte{}, v...)) // a missing value stores ""
		}
	}
	if outputLen > 0 {
		c.SetKey(storekey, l, false)
		c.Notify('l', "sortstore", storekey)
		c.Dirty += int64(outputLen)
	} else if c.DBDelete(c.DB, storekey) {
		c.Notify('g', "del", storekey)
		c.Dirty++
	}
	c.ReplyInt(int64(outputLen))
	return nil
}

// lookupKeyByPattern returns the value a SORT BY or GET pattern names for
// elem: "#" is elem itself; otherwise the first '*' of the pattern is
// replaced by elem, and "key->field" reads a hash field instead of a string.
// ok is false when the pattern has no '*', the key is missing or of the
// wrong type, or the field is absent. Mirrors lookupKeyByPattern.
func (c *Client) lookupKeyByPattern(pattern, elem []byte) ([]byte, bool) {
	if len(pattern) == 1 && pattern[0] == '#' {
		return elem, true
	}
	star := bytes.IndexByte(pattern, '*')
	if star < 0 {
		return nil, false
	}
	var field []byte
	keyEnd := len(pattern)
	if f := bytes.Index(pattern[star+1:], []byte("->")); f >= 0 && star+1+f+2 < len(pattern) {
		keyEnd = star + 1 + f
		field = pattern[keyEnd+2:]
	}
	key := make([]byte, 0, keyEnd-1+len(elem))
	key = append(key, pattern[:star]...)
	key = append(key, elem...)
	key = append(key, pattern[star+1:keyEnd]...)
	e := c.LookupKeyRead(key)
	if e == nil {
		return nil, false
	}
	if field != nil {
		h, ok := e.Value.(*store.Hash)
		if !ok {
			return nil, false
		}
		v, found := h.Get(field)
		if !found {
			return nil, false
		}
		return []byte(v), true
	}
	s, ok := e.Value.(*store.String)
	if !ok {
		return nil, false
	}
	return s.B, true
}
