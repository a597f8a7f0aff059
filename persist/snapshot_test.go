package persist

import (
	"bytes"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/ember-db/ember/store"
)

const testNow = 1_700_000_000_000

// fill puts a fixed dataset of strings, some with expires, in three dbs.
func fill(ks *store.Keyspace) {
	for db := 0; db < 3; db++ {
		for i := 0; i < 200; i++ {
			k := []byte(fmt.Sprintf("key:%d:%d", db, i))
			e := ks.DBs[db].Add(k, store.NewString([]byte("value-"+strconv.Itoa(i*db))), testNow)
			if i%5 == 0 {
				ks.DBs[db].SetExpire(e, testNow+int64(i)*1000+1)
			}
		}
	}
	// One key that has already expired at load time, and binary data.
	e := ks.DBs[0].Add([]byte("gone"), store.NewString([]byte("x")), testNow)
	ks.DBs[0].SetExpire(e, testNow-1)
	ks.DBs[0].Add([]byte("bin\x00\r\n"), store.NewString([]byte{0, 1, 2, 255}), testNow)
	ks.DBs[0].Add([]byte(""), store.NewString(nil), testNow)

	// Aggregates, small and large (so both encodings are saved).
	enc := DefaultEncodings()
	for _, n := range []int{3, 1000} {
		h, set, ints, z := store.NewHash(), store.NewSet(), store.NewSet(), store.NewZSet()
		for i := 0; i < n; i++ {
			h.Set([]byte(fmt.Sprint("f", i)), []byte(fmt.Sprint("v", i)), enc.HashMaxListpackEntries, enc.HashMaxListpackValue)
			set.Add([]byte(fmt.Sprint("m", i)), enc.SetMaxIntsetEntries)
			ints.Add([]byte(strconv.Itoa(i*7-50)), enc.SetMaxIntsetEntries)
			z.Set([]byte(fmt.Sprint("z", i)), float64(i)/3, store.ZSetLimits{MaxListpackEntries: enc.ZsetMaxListpackEntries, MaxListpackValue: enc.ZsetMaxListpackValue})
		}
		db := ks.DBs[1]
		db.Add([]byte(fmt.Sprint("hash", n)), h, testNow)
		db.Add([]byte(fmt.Sprint("set", n)), set, testNow)
		db.Add([]byte(fmt.Sprint("ints", n)), ints, testNow)
		list := store.NewList()
		for i := 0; i < n; i++ {
			list.PushTail([]byte(fmt.Sprint("e", i)))
		}
		db.Add([]byte(fmt.Sprint("list", n)), list, testNow)
		e := db.Add([]byte(fmt.Sprint("zset", n)), z, testNow)
		db.SetExpire(e, testNow+5000)
	}
}

// render describes a value exactly, encoding included.
func render(v store.Value) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s/%s:", v.Type(), v.Encoding())
	switch v := v.(type) {
	case *store.String:
		fmt.Fprintf(&b, "%q", v.B)
	case *store.Hash:
		for i := 0; i < v.Len(); i++ {
			f, val := v.At(i)
			fmt.Fprintf(&b, "%q=%q,", f, val)
		}
	case *store.Set:
		var m []string
		for i := 0; i < v.Len(); i++ {
			m = append(m, v.Member(i))
		}
		sort.Strings(m)
		fmt.Fprint(&b, m)
	case *store.List:
		for i := 0; i < v.Len(); i++ {
			fmt.Fprintf(&b, "%q,", v.Index(i))
		}
	case *store.ZSet:
		for n := v.First(); n != nil; n = n.Next() {
			fmt.Fprintf(&b, "%q:%v,", n.Member, n.Score)
		}
	}
	return b.String()
}

// dumpKS renders a keyspace as db -> key -> "value|expire".
func dumpKS(ks *store.Keyspace) map[int]map[string]string {
	out := map[int]map[string]string{}
	for _, db := range ks.DBs {
		m := map[string]string{}
		db.ForEach(func(e *store.Entry) bool {
			m[e.Key] = fmt.Sprintf("%s|%d", render(e.Value), e.Expire)
			return true
		})
		out[db.ID] = m
	}
	return out
}

// loadModes loads file sequentially and with Pipeline, each into a fresh
// keyspace of dbs dbs, and fails unless both give the same error (or none)
// and the same data. It returns the data and the error.
func loadModes(t testing.TB, file []byte, dbs int, opts LoadOptions) (map[int]map[string]string, LoadStats, error) {
	t.Helper()
	var dumps [2]string
	var errs [2]string
	var data map[int]map[string]string
	var stats LoadStats
	var err error
	for i, pipe := range []bool{false, true} {
		ks := store.NewKeyspace(dbs)
		o := opts
		o.Pipeline = pipe
		l, e := NewLoader(bytes.NewReader(file), "dump.rdb", ks, o)
		if e == nil {
			stats, e = l.loadAll()
			l.Close()
		}
		data, err = dumpKS(ks), e
		dumps[i] = fmt.Sprint(data)
		errs[i] = fmt.Sprint(e)
	}
	if errs[0] != errs[1] || dumps[0] != dumps[1] {
		t.Fatalf("sequential and pipelined loads differ:\nerr %s\nvs  %s\ndata %s\nvs   %s", errs[0], errs[1], dumps[0], dumps[1])
	}
	return data, stats, err
}

// save writes ks to path synchronously, the way SAVE does.
func save(t testing.TB, ks *store.Keyspace, path string, opts WriterOptions) {
	t.Helper()
	w, err := StartWriter(path, "temp-test.rdb", opts)
	if err != nil {
		t.Fatal(err)
	}
	enc := NewEncoder()
	enc.Aux("ember-ver", "test")
	ks.BeginSnapshot(func(dbid int, e *store.Entry) { enc.Entry(dbid, e) })
	for !ks.SnapshotStep(64) {
		w.Write(enc.Take())
	}
	ks.EndSnapshot()
	w.Write(enc.Take())
	w.Finish()
	if err := <-w.Done(); err != nil {
		t.Fatal(err)
	}
}

// saveBytes saves ks as save does, in a temp dir, and returns the file.
func saveBytes(t testing.TB, ks *store.Keyspace, opts WriterOptions) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "dump.rdb")
	save(t, ks, path, opts)
	file, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return file
}

func TestSnapshotRoundTrip(t *testing.T) {
	for _, opts := range []WriterOptions{{true, true}, {false, true}, {true, false}, {false, false}} {
		t.Run(fmt.Sprintf("compress=%v,checksum=%v", opts.Compress, opts.Checksum), func(t *testing.T) {
			src := store.NewKeyspace(16)
			fill(src)
			path := filepath.Join(t.TempDir(), "dump.rdb")
			save(t, src, path, opts)
			if _, err := os.Stat(filepath.Join(filepath.Dir(path), "temp-test.rdb")); !os.IsNotExist(err) {
				t.Fatalf("temp file left behind: %v", err)
			}
			file, _ := os.ReadFile(path)
			got, st, err := loadModes(t, file, 16, LoadOptions{NowMs: testNow})
			if err != nil {
				t.Fatal(err)
			}
			want := dumpKS(src)
			delete(want[0], "gone") // expired at load time: skipped
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("loaded dataset differs\n got %v\nwant %v", got, want)
			}
			if st.Expired != 1 || st.Aux["ember-ver"] != "test" || st.Keys != 612 {
				t.Fatalf("stats %+v", st)
			}
		})
	}
}

// TestSnapshotRoundTripElementSizes covers the loader's ways of storing
// elements (one buffer per small aggregate, one allocation per element past
// arenaMax elements or arenaMaxBytes bytes): empty, small and big elements
// come back exactly, and a loaded list element cannot be extended into its
// neighbour's bytes.
func TestSnapshotRoundTripElementSizes(t *testing.T) {
	src := store.NewKeyspace(16)
	enc := DefaultEncodings()
	lim := store.ZSetLimits{MaxListpackEntries: enc.ZsetMaxListpackEntries, MaxListpackValue: enc.ZsetMaxListpackValue}
	big := strings.Repeat("b", arenaMaxBytes/2)
	for _, n := range []int{1, arenaMax, arenaMax + 1} {
		for _, elem := range []string{"", "e", big} {
			if elem == big && n > 3 {
				continue
			}
			h, set, z, list := store.NewHash(), store.NewSet(), store.NewZSet(), store.NewList()
			for i := 0; i < n; i++ {
				m := []byte(fmt.Sprint(elem, i))
				h.Set(m, []byte(elem), enc.HashMaxListpackEntries, enc.HashMaxListpackValue)
				set.Add(m, enc.SetMaxIntsetEntries)
				z.Set(m, float64(i), lim)
				list.PushTail([]byte(elem))
			}
			for _, v := range []store.Value{h, set, z, list} {
				src.DBs[0].Add([]byte(fmt.Sprintf("%s:%d:%d", v.Type(), n, len(elem))), v, testNow)
			}
			if elem == big {
				for i := 0; i < 3; i++ {
					list.PushTail([]byte(big)) // n+3 elements of which 3+ are big
				}
			}
		}
	}
	file := saveBytes(t, src, WriterOptions{Compress: true, Checksum: true})
	if _, _, err := loadModes(t, file, 16, LoadOptions{NowMs: testNow}); err != nil {
		t.Fatal(err)
	}
	dst := store.NewKeyspace(16)
	l, err := NewLoader(bytes.NewReader(file), "dump.rdb", dst, LoadOptions{NowMs: testNow, Pipeline: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.loadAll(); err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprint(dumpKS(dst)), fmt.Sprint(dumpKS(src)); got != want {
		t.Fatalf("loaded dataset differs\n got %v\nwant %v", got, want)
	}
	e := dst.DBs[0].Find([]byte(fmt.Sprintf("list:%d:1", arenaMax)))
	list := e.Value.(*store.List)
	_ = append(list.Index(0), 'X', 'Y')
	if string(list.Index(1)) != "e" {
		t.Fatalf("appending to element 0 changed element 1 to %q", list.Index(1))
	}
}

// TestSnapshotDamage cuts and flips every byte of a small uncompressed
// snapshot: loading must fail with ErrTruncated or ErrCorrupt and an offset,
// never panic and never succeed with wrong data.
func TestSnapshotDamage(t *testing.T) {
	src := store.NewKeyspace(2)
	for i := 0; i < 5; i++ {
		e := src.DBs[i%2].Add([]byte("k"+strconv.Itoa(i)), store.NewString([]byte("v"+strconv.Itoa(i))), testNow)
		if i == 3 {
			src.DBs[1].SetExpire(e, testNow+10_000)
		}
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "dump.rdb")
	save(t, src, path, WriterOptions{Compress: false, Checksum: true})
	good, _ := os.ReadFile(path)
	bad := filepath.Join(dir, "bad.rdb")
	for cut := 0; cut < len(good); cut++ {
		os.WriteFile(bad, good[:cut], 0o644)
		_, err := LoadSnapshot(bad, store.NewKeyspace(2), LoadOptions{NowMs: testNow})
		if cut >= headerLen {
			loadModes(t, good[:cut], 2, LoadOptions{NowMs: testNow})
		}
		if !errors.Is(err, ErrTruncated) && !errors.Is(err, ErrCorrupt) {
			t.Fatalf("cut at %d: err = %v, want truncated or corrupt", cut, err)
		}
	}
	for i := 0; i < len(good); i++ {
		b := append([]byte(nil), good...)
		b[i] ^= 0x41
		os.WriteFile(bad, b, 0o644)
		if _, err := LoadSnapshot(bad, store.NewKeyspace(2), LoadOptions{NowMs: testNow}); err == nil {
			t.Fatalf("flipped byte %d: loaded without error", i)
		}
		if i >= headerLen {
			loadModes(t, b, 2, LoadOptions{NowMs: testNow})
		}
	}
}

func TestSnapshotErrorsNameFileAndOffset(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "dump.rdb")
	os.WriteFile(path, []byte("REDIS0009\xfa"), 0o644)
	_, err := LoadSnapshot(path, store.NewKeyspace(1), LoadOptions{})
	if !errors.Is(err, ErrCorrupt) || err.Error() != "persist: "+path+` at offset 0: not an Ember snapshot (bad magic "REDIS"; a Redis dump.rdb starts with "REDIS"): corrupt snapshot` {
		t.Fatalf("got %v", err)
	}
}

// FuzzSnapshotLoad loads arbitrary bytes (after a valid header, so the fuzzer
// reaches the body): it must never panic or hang.
func FuzzSnapshotLoad(f *testing.F) {
	fuzzBody(f, WriterOptions{}, []byte{opSelectDB, 0, typeString, 1, 'k', 0xff, 0xff, 0xff, 0xff, 0x0f})
}

// FuzzSnapshotLoadCompressed is FuzzSnapshotLoad for a compressed,
// checksummed body: damaged zstd data must end in a load error too. (Under
// -fuzz the instrumented decompressor runs only a few inputs a second.)
func FuzzSnapshotLoadCompressed(f *testing.F) {
	fuzzBody(f, WriterOptions{Compress: true, Checksum: true})
}

// fuzzBody fuzzes the body of a snapshot written with opts: seeds are the
// body of a full snapshot, the same cut short, and extra; sequential and
// pipelined loads must agree on the outcome and the data.
func fuzzBody(f *testing.F, opts WriterOptions, extra ...[]byte) {
	src := store.NewKeyspace(3)
	fill(src)
	seed := saveBytes(f, src, opts)
	header := seed[:headerLen]
	f.Add(seed[headerLen:])
	f.Add(seed[headerLen : len(seed)-3])
	for _, e := range extra {
		f.Add(e)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		file := append(append([]byte(nil), header...), body...)
		loadModes(t, file, 3, LoadOptions{NowMs: testNow, MaxStringLen: 1 << 20})
	})
}

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// TestGolden pins the format: the snapshot of a fixed keyspace at a fixed
// clock, uncompressed, must not change without a version bump.
// go test ./persist -update regenerates it.
func TestGolden(t *testing.T) {
	ks := store.NewKeyspace(16)
	fill(ks)
	got := saveBytes(t, ks, WriterOptions{Compress: false, Checksum: true})
	golden := filepath.Join("testdata", "snapshot-v1.golden")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./persist -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("snapshot bytes changed (%d bytes, golden %d): a format change needs a new version", len(got), len(want))
	}
}

// TestPipelineDuplicateAndClose: a duplicate key fails both loads at its
// record's offset, and closing a pipelined load midway stops its decoder.
func TestPipelineDuplicateAndClose(t *testing.T) {
	body := []byte{opSelectDB, 0, typeString, 1, 'k', 1, 'a', typeString, 1, 'k', 1, 'b', opEOF, 0, 0, 0, 0, 0, 0, 0, 0}
	file := append([]byte(magic+"\x00\x01\x00"), body...)
	_, _, err := loadModes(t, file, 1, LoadOptions{NowMs: testNow})
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), `at body offset 12: duplicate key "k" in db 0`) {
		t.Fatalf("err = %v, want the duplicate key at offset 12", err)
	}

	src := store.NewKeyspace(1)
	for i := 0; i < 5*pipeBatchKeys; i++ {
		src.DBs[0].Add([]byte(strconv.Itoa(i)), store.NewString([]byte("v")), testNow)
	}
	path := filepath.Join(t.TempDir(), "dump.rdb")
	save(t, src, path, WriterOptions{Compress: true, Checksum: true})
	l, err := OpenSnapshot(path, store.NewKeyspace(1), LoadOptions{NowMs: testNow, Pipeline: true})
	if err != nil {
		t.Fatal(err)
	}
	if done, err := l.Step(10); done || err != nil {
		t.Fatalf("Step(10) = %v, %v", done, err)
	}
	l.Close()
	select {
	case <-l.pipe.exited:
	default:
		t.Fatal("the decoder goroutine still runs after Close")
	}
}

// A sorted set out of order in the file (not written by Ember) still loads,
// one member at a time; a repeated member is reported.
func TestSnapshotZSetOutOfOrder(t *testing.T) {
	one := binary.LittleEndian.AppendUint64(nil, math.Float64bits(1))
	body := func(members ...string) []byte {
		b := []byte{opSelectDB, 0, typeZSet, 1, 'z', byte(len(members))}
		for _, m := range members {
			b = append(append(append(b, byte(len(m))), m...), one...)
		}
		return append(b, opEOF, 0, 0, 0, 0, 0, 0, 0, 0)
	}
	data, _, err := loadModes(t, append([]byte(magic+"\x00\x01\x00"), body("b", "a")...), 1, LoadOptions{NowMs: testNow})
	if err != nil || data[0]["z"] != `zset/listpack:"a":1,"b":1,|0` {
		t.Fatalf("out of order: %v %q", err, data[0]["z"])
	}
	_, _, err = loadModes(t, append([]byte(magic+"\x00\x01\x00"), body("a", "b", "a")...), 1, LoadOptions{NowMs: testNow})
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), `duplicate sorted set member "a"`) {
		t.Fatalf("repeated member: %v", err)
	}
}

// TestCompressedDamageMessage: in a compressed file the offset counts
// decompressed bytes and says so, and an early end may be damage as well
// as truncation, which the message admits.
func TestCompressedDamageMessage(t *testing.T) {
	src := store.NewKeyspace(3)
	fill(src)
	file := saveBytes(t, src, WriterOptions{Compress: true, Checksum: true})
	_, _, err := loadModes(t, file[:len(file)-5], 3, LoadOptions{NowMs: testNow})
	if !errors.Is(err, ErrTruncated) || !strings.Contains(err.Error(), "(decompressed)") ||
		!strings.Contains(err.Error(), "damaged compressed data") {
		t.Fatalf("cut compressed file: %v", err)
	}
	file = saveBytes(t, src, WriterOptions{Compress: false, Checksum: true})
	_, _, err = loadModes(t, file[:len(file)-5], 3, LoadOptions{NowMs: testNow})
	if !errors.Is(err, ErrTruncated) || strings.Contains(err.Error(), "decompressed") {
		t.Fatalf("cut plain file: %v", err)
	}
}

// TestSnapshotIsADirectory: a dbfilename that names a directory is
// reported as the read error it is, not as a short file.
func TestSnapshotIsADirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "dump.rdb")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	_, err := LoadSnapshot(dir, store.NewKeyspace(1), LoadOptions{})
	if err == nil || !strings.Contains(err.Error(), "is a directory") || errors.Is(err, ErrTruncated) {
		t.Fatalf("LoadSnapshot(a directory) = %v", err)
	}
}
