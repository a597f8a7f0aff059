package main

// Differential tests: every script in testdata/diff runs on Ember and on a
// real redis-server 7.0, in RESP2 and again in RESP3, and each raw reply must
// be byte-identical.
//
// Script syntax: one command per line, quoted as redis-cli/inline commands
// (double quotes with \xHH escapes, single quotes). Blank lines and lines
// starting with '#' are ignored. A line may start with a directive:
//
//	@sort CMD...   compare the top-level elements as a sorted multiset
//	@type CMD...   compare only the reply's type byte (nondeterministic values)
//	@skip CMD...   run on both, compare nothing
//
// and a script whose first line is "@resp2only" is not rerun in RESP3.

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/ember-db/ember/resp"
)

func TestDifferential(t *testing.T) {
	raddr := needRedis(t)
	eaddr, _ := startEmber(t)
	files, err := filepath.Glob("testdata/diff/*.redis")
	if err != nil || len(files) == 0 {
		t.Fatalf("no differential scripts: %v", err)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(filepath.Base(f), ".redis")
		protos := []int{2, 3}
		if bytes.HasPrefix(src, []byte("@resp2only")) {
			protos = []int{2}
		}
		for _, proto := range protos {
			t.Run(name+"/resp"+string(rune('0'+proto)), func(t *testing.T) {
				runDiffScript(t, string(src), proto, eaddr, raddr)
			})
		}
	}
}

func runDiffScript(t *testing.T, src string, proto int, eaddr, raddr string) {
	ember, redis := dialRaw(t, eaddr), dialRaw(t, raddr)
	for _, c := range []*rawConn{ember, redis} {
		c.do("FLUSHALL")
		if proto == 3 {
			c.do("HELLO", "3")
		}
	}
	sc := bufio.NewScanner(strings.NewReader(src))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for lineNo := 1; sc.Scan(); lineNo++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' || line == "@resp2only" {
			continue
		}
		mode := ""
		if line[0] == '@' {
			mode, line, _ = strings.Cut(line, " ")
		}
		argv, ok := resp.SplitArgs([]byte(line))
		if !ok || len(argv) == 0 {
			t.Fatalf("line %d: cannot parse %q", lineNo, line)
		}
		args := make([]string, len(argv))
		for i, a := range argv {
			args[i] = string(a)
		}
		var got, want reply
		for _, p := range []struct {
			c   *rawConn
			out *reply
		}{{ember, &got}, {redis, &want}} {
			p.c.send(encodeCommand(args))
			r, err := readReply(p.c.r)
			if err != nil {
				t.Fatalf("line %d %q: reading reply: %v", lineNo, line, err)
			}
			*p.out = r
		}
		same := false
		switch mode {
		case "":
			same = bytes.Equal(got.raw, want.raw)
		case "@sort":
			same = got.raw[0] == want.raw[0] && sortedEqual(got.elems, want.elems)
		case "@type":
			same = got.raw[0] == want.raw[0]
		case "@skip":
			same = true
		default:
			t.Fatalf("line %d: unknown directive %s", lineNo, mode)
		}
		if !same {
			t.Errorf("line %d: %s\n ember %s\n redis %s", lineNo, line, quoted(got.raw), quoted(want.raw))
		}
	}
}

func sortedEqual(a, b [][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	as, bs := make([]string, len(a)), make([]string, len(b))
	for i := range a {
		as[i], bs[i] = string(a[i]), string(b[i])
	}
	sort.Strings(as)
	sort.Strings(bs)
	for i := range as {
		if as[i] != bs[i] {
			return false
		}
	}
	return true
}
