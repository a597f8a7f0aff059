// Command gencommands writes commands/spec_gen.go: the descriptive columns of
// Ember's command table (arity, flags, key positions, ACL categories, tips,
// key specs, and the COMMAND DOCS fields), read from a live redis-server 7.0
// with COMMAND INFO and COMMAND DOCS over RESP3. Redis builds its own table
// the same way, from src/commands/*.json.
//
// Usage:
//
//	redis-server --port 6399 --save '' &
//	go run ./tools/gencommands -addr 127.0.0.1:6399 > commands/spec_gen.go
//
// It fails loudly on any field it does not know, so that the renderer in
// commands/introspect.go (which must emit Redis's field order) is never
// silently out of date.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"log"
	"net"
	"os"
	"sort"
	"strconv"
	"strings"
)

// node is a parsed RESP3 value. Maps keep their order: elems alternate
// key, value.
type node struct {
	kind  byte // '+', '$', ':', '*', '%', '~', '_'
	str   string
	n     int64
	elems []node
}

func read(r *bufio.Reader) node {
	line, err := r.ReadString('\n')
	if err != nil {
		log.Fatal(err)
	}
	line = strings.TrimSuffix(line, "\r\n")
	kind, rest := line[0], line[1:]
	switch kind {
	case '+', '-':
		if kind == '-' {
			log.Fatalf("redis error: %s", rest)
		}
		return node{kind: '+', str: rest}
	case ':':
		n, _ := strconv.ParseInt(rest, 10, 64)
		return node{kind: ':', n: n}
	case '$':
		n, _ := strconv.Atoi(rest)
		buf := make([]byte, n+2)
		if _, err := readFull(r, buf); err != nil {
			log.Fatal(err)
		}
		return node{kind: '$', str: string(buf[:n])}
	case '_':
		return node{kind: '_'}
	case '*', '~', '%':
		n, _ := strconv.Atoi(rest)
		if kind == '%' {
			n *= 2
		}
		nd := node{kind: kind}
		for i := 0; i < n; i++ {
			nd.elems = append(nd.elems, read(r))
		}
		return nd
	}
	log.Fatalf("unexpected RESP type %q", kind)
	return node{}
}

func readFull(r *bufio.Reader, b []byte) (int, error) {
	n := 0
	for n < len(b) {
		m, err := r.Read(b[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

func do(conn net.Conn, r *bufio.Reader, args ...string) node {
	var b bytes.Buffer
	fmt.Fprintf(&b, "*%d\r\n", len(args))
	for _, a := range args {
		fmt.Fprintf(&b, "$%d\r\n%s\r\n", len(a), a)
	}
	if _, err := conn.Write(b.Bytes()); err != nil {
		log.Fatal(err)
	}
	return read(r)
}

// fields walks a map node, checking that its keys appear in the given order
// (a subset of it), and returns key -> value.
func fields(m node, what string, order ...string) map[string]node {
	if m.kind != '%' {
		log.Fatalf("%s: not a map", what)
	}
	out := map[string]node{}
	pos := 0
	for i := 0; i < len(m.elems); i += 2 {
		k := m.elems[i].str
		for pos < len(order) && order[pos] != k {
			pos++
		}
		if pos == len(order) {
			log.Fatalf("%s: field %q unknown or out of order (want order %v)", what, k, order)
		}
		out[k] = m.elems[i+1]
	}
	return out
}

func strs(n node) []string {
	var out []string
	for _, e := range n.elems {
		out = append(out, e.str)
	}
	return out
}

var flagConst = map[string]string{
	"write": "FlagWrite", "readonly": "FlagReadonly", "denyoom": "FlagDenyOOM", "module": "FlagModule",
	"admin": "FlagAdmin", "pubsub": "FlagPubSub", "noscript": "FlagNoScript", "blocking": "FlagBlocking",
	"loading": "FlagLoading", "stale": "FlagStale", "skip_monitor": "FlagSkipMonitor",
	"skip_slowlog": "FlagSkipSlowlog", "asking": "FlagAsking", "fast": "FlagFast", "no_auth": "FlagNoAuth",
	"may_replicate": "FlagMayReplicate", "sentinel": "FlagSentinel", "only_sentinel": "FlagOnlySentinel",
	"no_mandatory_keys": "FlagNoMandatoryKeys", "protected": "FlagProtected",
	"touches_arbitrary_keys": "FlagTouchesArbitraryKeys", "no_async_loading": "FlagNoAsyncLoading",
	"no_multi": "FlagNoMulti", "movablekeys": "FlagMovableKeys", "allow_busy": "FlagAllowBusy",
}

// flagOrder is the order commands/command.go declares the flags in; COMMAND
// INFO must list them in the same order.
var flagOrder = []string{"write", "readonly", "denyoom", "module", "admin", "pubsub", "noscript",
	"blocking", "loading", "stale", "skip_monitor", "skip_slowlog", "asking", "fast", "no_auth",
	"may_replicate", "sentinel", "only_sentinel", "no_mandatory_keys", "protected",
	"touches_arbitrary_keys", "no_async_loading", "no_multi", "movablekeys", "allow_busy"}

type gen struct {
	out  bytes.Buffer
	docs map[string]node // name -> docs map
}

func (g *gen) p(format string, a ...any) { fmt.Fprintf(&g.out, format, a...) }

func (g *gen) strList(field string, l []string) {
	if len(l) == 0 {
		return
	}
	g.p("%s: %s,\n", field, quoteList(l))
}

func quoteList(l []string) string {
	q := make([]string, len(l))
	for i, s := range l {
		q[i] = strconv.Quote(s)
	}
	return "[]string{" + strings.Join(q, ", ") + "}"
}

func (g *gen) command(info node) {
	e := info.elems
	name := e[0].str
	var flags []string
	pos := 0
	for _, f := range strs(e[2]) {
		c, ok := flagConst[f]
		if !ok {
			log.Fatalf("%s: unknown flag %q", name, f)
		}
		for pos < len(flagOrder) && flagOrder[pos] != f {
			pos++
		}
		if pos == len(flagOrder) {
			log.Fatalf("%s: flag %q out of order", name, f)
		}
		flags = append(flags, c)
	}
	g.p("{Name: %q, Arity: %d, ", name, e[1].n)
	if len(flags) > 0 {
		g.p("Flags: %s, ", strings.Join(flags, " | "))
	}
	g.p("FirstKey: %d, LastKey: %d, Step: %d,\n", e[3].n, e[4].n, e[5].n)
	g.strList("ACLCategories", strs(e[6]))
	g.strList("Tips", strs(e[7]))
	if len(e[8].elems) > 0 {
		g.p("KeySpecs: []KeySpec{\n")
		for _, ks := range e[8].elems {
			g.keySpec(name, ks)
		}
		g.p("},\n")
	}
	d, ok := g.docs[name]
	if !ok {
		log.Fatalf("%s: no docs", name)
	}
	df := fields(d, name+" docs", "summary", "since", "group", "complexity", "doc_flags",
		"deprecated_since", "replaced_by", "history", "arguments", "subcommands")
	g.p("Group: %q, Since: %q,\nSummary: %q,\n", df["group"].str, df["since"].str, df["summary"].str)
	if c, ok := df["complexity"]; ok {
		g.p("Complexity: %q,\n", c.str)
	}
	if f, ok := df["doc_flags"]; ok {
		g.strList("DocFlags", strs(f))
	}
	if v, ok := df["deprecated_since"]; ok {
		g.p("DeprecatedSince: %q,\n", v.str)
	}
	if v, ok := df["replaced_by"]; ok {
		g.p("ReplacedBy: %q,\n", v.str)
	}
	if h, ok := df["history"]; ok && len(h.elems) > 0 {
		g.p("History: [][2]string{\n")
		for _, it := range h.elems {
			g.p("{%q, %q},\n", it.elems[0].str, it.elems[1].str)
		}
		g.p("},\n")
	}
	if a, ok := df["arguments"]; ok && len(a.elems) > 0 {
		g.p("Args: []Arg{\n")
		for _, arg := range a.elems {
			g.arg(name, arg)
		}
		g.p("},\n")
	}
	if sd, ok := df["subcommands"]; ok {
		for i := 0; i < len(sd.elems); i += 2 {
			g.docs[sd.elems[i].str] = sd.elems[i+1]
		}
	}
	g.p("},\n")
	// Subcommands follow their container as rows of their own.
	subs := e[9].elems
	sort.Slice(subs, func(i, j int) bool { return subs[i].elems[0].str < subs[j].elems[0].str })
	for _, s := range subs {
		g.command(s)
	}
}

func (g *gen) keySpec(name string, ks node) {
	f := fields(ks, name+" key spec", "notes", "flags", "begin_search", "find_keys")
	g.p("{")
	if n, ok := f["notes"]; ok {
		g.p("Notes: %q, ", n.str)
	}
	g.strList("Flags", strs(f["flags"]))
	bs := fields(f["begin_search"], name+" begin_search", "type", "spec")
	bspec := fields(bs["spec"], name+" begin_search spec", "index", "keyword", "startfrom")
	g.p("BeginSearch: BeginSearch{Type: %q", bs["type"].str)
	if v, ok := bspec["index"]; ok {
		g.p(", Index: %d", v.n)
	}
	if v, ok := bspec["keyword"]; ok {
		g.p(", Keyword: %q, StartFrom: %d", v.str, bspec["startfrom"].n)
	}
	g.p("},\n")
	fk := fields(f["find_keys"], name+" find_keys", "type", "spec")
	fspec := fields(fk["spec"], name+" find_keys spec", "lastkey", "keynumidx", "firstkey", "keystep", "limit")
	g.p("FindKeys: FindKeys{Type: %q", fk["type"].str)
	switch fk["type"].str {
	case "range":
		g.p(", LastKey: %d, KeyStep: %d, Limit: %d", fspec["lastkey"].n, fspec["keystep"].n, fspec["limit"].n)
	case "keynum":
		g.p(", KeyNumIdx: %d, FirstKey: %d, KeyStep: %d", fspec["keynumidx"].n, fspec["firstkey"].n, fspec["keystep"].n)
	}
	g.p("}},\n")
}

func (g *gen) arg(name string, a node) {
	f := fields(a, name+" argument", "name", "type", "key_spec_index", "token", "summary", "since",
		"flags", "deprecated_since", "arguments")
	g.p("{Name: %q, Type: %q", f["name"].str, f["type"].str)
	if v, ok := f["key_spec_index"]; ok {
		g.p(", KeySpecIndex: %d", v.n)
	} else {
		g.p(", KeySpecIndex: -1")
	}
	for _, k := range []struct{ field, name string }{{"token", "Token"}, {"summary", "Summary"}, {"since", "Since"}} {
		if v, ok := f[k.field]; ok {
			g.p(", %s: %q", k.name, v.str)
		}
	}
	if v, ok := f["token"]; ok && v.str == "" {
		g.p(", EmptyToken: true") // present but empty: MIGRATE's empty_string
	}
	if v, ok := f["flags"]; ok {
		g.p(", Flags: %s", quoteList(strs(v)))
	}
	if v, ok := f["deprecated_since"]; ok {
		g.p(", DeprecatedSince: %q", v.str)
	}
	if v, ok := f["arguments"]; ok {
		g.p(", Args: []Arg{\n")
		for _, sub := range v.elems {
			g.arg(name, sub)
		}
		g.p("}")
	}
	g.p("},\n")
}

func main() {
	addr := flag.String("addr", "127.0.0.1:6379", "address of a redis-server 7.0")
	flag.Parse()
	conn, err := net.Dial("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	r := bufio.NewReader(conn)
	hello := do(conn, r, "HELLO", "3")
	version := ""
	for i := 0; i < len(hello.elems); i += 2 {
		if hello.elems[i].str == "version" {
			version = hello.elems[i+1].str
		}
	}
	infos := do(conn, r, "COMMAND").elems
	docs := do(conn, r, "COMMAND", "DOCS")
	g := &gen{docs: map[string]node{}}
	for i := 0; i < len(docs.elems); i += 2 {
		g.docs[docs.elems[i].str] = docs.elems[i+1]
	}
	sort.Slice(infos, func(i, j int) bool { return infos[i].elems[0].str < infos[j].elems[0].str })
	g.p("// Code generated by tools/gencommands from redis-server %s; DO NOT EDIT.\n\n", version)
	g.p("package commands\n\n")
	g.p("// RedisVersion is the version of the redis-server the specs were read from.\n")
	g.p("const RedisVersion = %q\n\n", version)
	g.p("// specs returns Redis's command table rows, without handlers; subcommand\n")
	g.p("// rows (\"config|get\") follow their container.\n")
	g.p("func specs() []Command {\nreturn []Command{\n")
	for _, info := range infos {
		g.command(info)
	}
	g.p("}\n}\n")
	src, err := format.Source(g.out.Bytes())
	if err != nil {
		os.Stdout.Write(g.out.Bytes())
		log.Fatal(err)
	}
	os.Stdout.Write(src)
}
