package main

// Differential test of the command table's introspection: for every command
// and subcommand Ember serves (its COMMAND LIST), COMMAND INFO and COMMAND
// DOCS must answer byte for byte as a real redis-server 7.0, in RESP2 and
// RESP3. Redis lists a container's subcommands in its hash table's order,
// which is arbitrary, so those collections (COMMAND INFO's tenth field and
// COMMAND DOCS's "subcommands" map) are compared as sorted multisets; every
// other byte is compared as it is.
//
// A container lists only the subcommands Ember serves, so Redis's
// collections are first cut down to those; the subcommands left out are
// logged, not failed: they are missing handlers, not rendering errors.

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"testing"
)

func TestIntrospectionDifferential(t *testing.T) {
	raddr := needRedis(t)
	eaddr, _ := startEmber(t)
	for _, proto := range []int{2, 3} {
		t.Run("resp"+strconv.Itoa(proto), func(t *testing.T) {
			ember, redis := dialRaw(t, eaddr), dialRaw(t, raddr)
			if proto == 3 {
				ember.do("HELLO", "3")
				redis.do("HELLO", "3")
			}
			list, err := parseRESP(ember.do("COMMAND", "LIST"))
			if err != nil {
				t.Fatalf("COMMAND LIST: %v", err)
			}
			if len(list.elems) == 0 {
				t.Fatal("COMMAND LIST is empty")
			}
			var names []string
			served := map[string]bool{}
			for _, n := range list.elems {
				names = append(names, string(n.body))
				served[string(n.body)] = true
			}
			missing := map[string]bool{}
			// Every name on its own, then all of them in one call with unknown
			// names in between (null entries in INFO, left out of DOCS).
			calls := make([][]string, 0, len(names)+1)
			for _, n := range names {
				calls = append(calls, []string{n})
			}
			calls = append(calls, append(append([]string{"nosuchcommand"}, names...), "get|nosuch", "config|get|x", ""))
			for _, call := range calls {
				for _, sub := range []string{"INFO", "DOCS"} {
					argv := append([]string{"COMMAND", sub}, call...)
					got, want := ember.do(argv...), redis.do(argv...)
					g, err := normalizeIntrospection(sub, got, served, missing)
					if err != nil {
						t.Fatalf("%v: ember: %v", argv[:3], err)
					}
					w, err := normalizeIntrospection(sub, want, served, missing)
					if err != nil {
						t.Fatalf("%v: redis: %v", argv[:3], err)
					}
					if !bytes.Equal(g, w) {
						t.Errorf("%v\n ember %s\n redis %s", argv[:3], quoted(g), quoted(w))
					}
				}
			}
			if len(missing) > 0 {
				var l []string
				for n := range missing {
					l = append(l, n)
				}
				sort.Strings(l)
				t.Logf("subcommands without a handler, left out of the comparison: %s", strings.Join(l, " "))
			}
		})
	}
}

// TestGetKeysDifferential sends COMMAND GETKEYS and GETKEYSANDFLAGS for
// every command Ember serves, each with argument lists drawn at random (fixed
// seed) from words that steer the key specs and Redis's key extractors:
// numkeys in C's atoi and string2ll forms, the keywords STREAMS, STORE,
// KEYS, GET, ... Replies must be byte-identical to Redis's.
func TestGetKeysDifferential(t *testing.T) {
	raddr := needRedis(t)
	eaddr, _ := startEmber(t)
	words := []string{"k", "a", "b", "0", "1", "2", "3", "-1", "2abc", "+1", " 2", "02",
		"4294967297", "99999999999999999999", "", "streams", "STREAMS", "store", "storedist",
		"keys", "KEYS", "get", "GET", "set", "incrby", "overflow", "by", "limit", "group",
		"count", "block", "noack", "weights", "left", "min", "u8", "get\x00x", "copy", "auth",
		"auth2", "withdist", "m", "x"}
	const perCommand = 40
	for _, proto := range []int{2, 3} {
		t.Run("resp"+strconv.Itoa(proto), func(t *testing.T) {
			ember, redis := dialRaw(t, eaddr), dialRaw(t, raddr)
			if proto == 3 {
				ember.do("HELLO", "3")
				redis.do("HELLO", "3")
			}
			list, err := parseRESP(ember.do("COMMAND", "LIST"))
			if err != nil {
				t.Fatalf("COMMAND LIST: %v", err)
			}
			// A container is left out: a random word after it would name a
			// subcommand that Ember may not serve yet (its subcommands are
			// fuzzed by their own names).
			container := map[string]bool{}
			for _, n := range list.elems {
				if c, _, ok := strings.Cut(string(n.body), "|"); ok {
					container[c] = true
				}
			}
			rnd := rand.New(rand.NewPCG(7, 11))
			var cases [][]string
			for _, n := range append(list.elems, &respNode{body: []byte("nosuchcommand")}) {
				if container[string(n.body)] {
					continue
				}
				name := strings.Split(string(n.body), "|")
				for i := 0; i < perCommand; i++ {
					argv := append([]string{"COMMAND", []string{"GETKEYS", "GETKEYSANDFLAGS"}[i%2]}, name...)
					for j := rnd.IntN(12); j > 0; j-- {
						argv = append(argv, words[rnd.IntN(len(words))])
					}
					cases = append(cases, argv)
				}
			}
			for start := 0; start < len(cases); start += 200 {
				batch := cases[start:min(start+200, len(cases))]
				var pipeline []byte
				for _, argv := range batch {
					pipeline = append(pipeline, encodeCommand(argv)...)
				}
				replies := map[*rawConn][][]byte{}
				for _, c := range []*rawConn{ember, redis} {
					c.send(pipeline)
					for range batch {
						r, err := readReply(c.r)
						if err != nil {
							t.Fatal(err)
						}
						replies[c] = append(replies[c], r.raw)
					}
				}
				for i, argv := range batch {
					if got, want := replies[ember][i], replies[redis][i]; !bytes.Equal(got, want) {
						t.Errorf("%q\n ember %s\n redis %s", argv, quoted(got), quoted(want))
					}
				}
			}
		})
	}
}

// respNode is a parsed RESP2/RESP3 reply: its header line (type byte, then
// the length or the value, without CRLF), the payload of a bulk or verbatim
// string, and the elements of an aggregate (a map's keys and values
// alternate).
type respNode struct {
	head  []byte
	body  []byte
	elems []*respNode
}

// parseRESP parses one complete reply that fills b.
func parseRESP(b []byte) (*respNode, error) {
	n, rest, err := parseRESPNode(b)
	if err == nil && len(rest) != 0 {
		err = fmt.Errorf("%d bytes after the reply", len(rest))
	}
	return n, err
}

func parseRESPNode(b []byte) (*respNode, []byte, error) {
	i := bytes.Index(b, []byte("\r\n"))
	if i < 1 {
		return nil, nil, errors.New("truncated reply")
	}
	n := &respNode{head: b[:i]}
	rest := b[i+2:]
	count := 0
	switch b[0] {
	case '+', '-', ':', ',', '#', '_', '(':
		return n, rest, nil
	case '$', '=', '!':
		l, err := strconv.Atoi(string(b[1:i]))
		if err != nil || l < 0 {
			return n, rest, err // $-1: null bulk
		}
		if len(rest) < l+2 {
			return nil, nil, errors.New("truncated bulk")
		}
		n.body, rest = rest[:l], rest[l+2:]
		return n, rest, nil
	case '*', '~', '>':
		c, err := strconv.Atoi(string(b[1:i]))
		if err != nil {
			return nil, nil, err
		}
		count = c
	case '%':
		c, err := strconv.Atoi(string(b[1:i]))
		if err != nil {
			return nil, nil, err
		}
		count = 2 * c
	default:
		return nil, nil, fmt.Errorf("unknown reply type %q", b[0])
	}
	for j := 0; j < count; j++ {
		e, r, err := parseRESPNode(rest)
		if err != nil {
			return nil, nil, err
		}
		n.elems = append(n.elems, e)
		rest = r
	}
	return n, rest, nil
}

// encode writes n back in RESP.
func (n *respNode) encode(b *bytes.Buffer) {
	b.Write(n.head)
	b.WriteString("\r\n")
	if kind := n.head[0]; (kind == '$' || kind == '=' || kind == '!') && string(n.head) != "$-1" {
		b.Write(n.body)
		b.WriteString("\r\n")
	}
	for _, e := range n.elems {
		e.encode(b)
	}
}

func (n *respNode) bytes() []byte {
	var b bytes.Buffer
	n.encode(&b)
	return b.Bytes()
}

// normalizeIntrospection returns a COMMAND INFO or COMMAND DOCS reply with
// each container's subcommands cut down to the served ones (the others are
// added to missing) and sorted. Other replies (errors) are returned as they
// are.
func normalizeIntrospection(sub string, raw []byte, served, missing map[string]bool) ([]byte, error) {
	n, err := parseRESP(raw)
	if err != nil {
		return nil, err
	}
	switch {
	case raw[0] == '-':
	case sub == "INFO":
		for _, e := range n.elems {
			normalizeInfoSubcommands(e, served, missing)
		}
	case sub == "DOCS":
		for i := 1; i < len(n.elems); i += 2 {
			normalizeDocsSubcommands(n.elems[i], served, missing)
		}
	}
	return n.bytes(), nil
}

// normalizeInfoSubcommands cuts and sorts the tenth field of a COMMAND INFO
// entry: an array of entries whose first element is the name.
func normalizeInfoSubcommands(entry *respNode, served, missing map[string]bool) {
	if len(entry.elems) != 10 || entry.elems[9].head[0] != '*' {
		return
	}
	field := entry.elems[9]
	var subs []*respNode
	for _, s := range field.elems {
		if name := string(s.elems[0].body); !served[name] {
			missing[name] = true
			continue
		}
		subs = append(subs, s)
	}
	sort.Slice(subs, func(i, j int) bool { return bytes.Compare(subs[i].bytes(), subs[j].bytes()) < 0 })
	field.elems = subs
	field.head = []byte("*" + strconv.Itoa(len(subs)))
}

// normalizeDocsSubcommands cuts and sorts the "subcommands" map of a COMMAND
// DOCS value (a map in RESP3, a flat key/value array in RESP2) by name.
func normalizeDocsSubcommands(docs *respNode, served, missing map[string]bool) {
	for i := 0; i+1 < len(docs.elems); i += 2 {
		if string(docs.elems[i].body) != "subcommands" {
			continue
		}
		m := docs.elems[i+1]
		type pair struct{ k, v *respNode }
		var pairs []pair
		for j := 0; j+1 < len(m.elems); j += 2 {
			if name := string(m.elems[j].body); !served[name] {
				missing[name] = true
				continue
			}
			pairs = append(pairs, pair{m.elems[j], m.elems[j+1]})
		}
		sort.Slice(pairs, func(a, b int) bool { return bytes.Compare(pairs[a].k.body, pairs[b].k.body) < 0 })
		m.elems = m.elems[:0]
		for _, p := range pairs {
			m.elems = append(m.elems, p.k, p.v)
		}
		if m.head[0] == '%' {
			m.head = []byte("%" + strconv.Itoa(len(pairs)))
		} else {
			m.head = []byte("*" + strconv.Itoa(2*len(pairs)))
		}
	}
}
