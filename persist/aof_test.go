package persist

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/ember-db/ember/store"
)

func argvOf(s string) [][]byte {
	var out [][]byte
	for _, f := range strings.Fields(s) {
		out = append(out, []byte(f))
	}
	return out
}

func TestAppendCommand(t *testing.T) {
	tests := []struct {
		name string
		argv [][]byte
		want string
	}{
		{name: "set", argv: argvOf("SET k v"), want: "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n"},
		{name: "empty arg", argv: [][]byte{[]byte("SET"), []byte("k"), {}}, want: "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n"},
		{name: "binary", argv: [][]byte{[]byte("SET"), []byte("a\r\nb"), {0, 0xff}}, want: "*3\r\n$3\r\nSET\r\n$4\r\na\r\nb\r\n$2\r\n\x00\xff\r\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(AppendCommand(nil, tc.argv)); got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// openTestAOF opens an AOF on a new file in a temp dir.
func openTestAOF(t *testing.T, opts AOFOptions) (*AOF, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "appendonly.aof.1.incr.aof")
	f, err := CreateAOFFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if opts.Fatal == nil {
		opts.Fatal = func(op string, err error) { t.Errorf("fatal %s: %v", op, err) }
	}
	a, err := NewAOF(f, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a, path
}

// submitWait submits what was fed and waits until the AOF releases it.
func submitWait(t *testing.T, a *AOF) {
	t.Helper()
	done := make(chan struct{})
	a.Submit(1, func() { close(done) })
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the submitted bytes were never released")
	}
}

func TestFeedSelectsAndAnnotates(t *testing.T) {
	now := time.Unix(1700000000, 0)
	a, path := openTestAOF(t, AOFOptions{Policy: FsyncNo, Timestamps: true, Clock: func() time.Time { return now }})
	a.Feed(0, argvOf("SET a 1"))
	a.Feed(0, argvOf("SET b 2"))
	a.Feed(3, argvOf("DEL a"))
	now = now.Add(time.Second)
	a.Feed(3, argvOf("DEL b"))
	submitWait(t, a)
	got, _ := os.ReadFile(path)
	want := "#TS:1700000000\r\n*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n" +
		"*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$1\r\n2\r\n" +
		"*2\r\n$6\r\nSELECT\r\n$1\r\n3\r\n*2\r\n$3\r\nDEL\r\n$1\r\na\r\n" +
		"#TS:1700000001\r\n*2\r\n$3\r\nDEL\r\n$1\r\nb\r\n"
	if string(got) != want {
		t.Fatalf("file:\n%q\nwant\n%q", got, want)
	}
	if a.Size() != int64(len(want)) || a.Written() != int64(len(want)) || a.Buffered() != 0 {
		t.Fatalf("size %d written %d buffered %d", a.Size(), a.Written(), a.Buffered())
	}
}

// TestSubmitAlways: under always a submission is released only once the
// fsync covering it is done.
func TestSubmitAlways(t *testing.T) {
	a, _ := openTestAOF(t, AOFOptions{Policy: FsyncAlways})
	for i := 0; i < 20; i++ {
		a.Feed(0, argvOf(fmt.Sprintf("SET k%d v", i)))
		pos := a.Size()
		done := make(chan int64, 1)
		a.Submit(1, func() { done <- a.Synced() })
		select {
		case synced := <-done:
			if synced < pos {
				t.Fatalf("released at synced %d, submitted up to %d", synced, pos)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("never released")
		}
	}
	// Nothing new: released at once.
	ran := false
	a.Submit(1, func() { ran = true })
	if !ran {
		t.Fatal("a submission with nothing unsynced was held")
	}
}

// TestSubmitNo: under no a submission is released once written; a reply
// with nothing new to write is released at once.
func TestSubmitNo(t *testing.T) {
	a, path := openTestAOF(t, AOFOptions{Policy: FsyncNo})
	a.Feed(0, argvOf("SET k v"))
	var size int64
	done := make(chan struct{})
	a.Submit(1, func() {
		st, _ := os.Stat(path)
		size = st.Size()
		close(done)
	})
	<-done
	if size != a.Size() {
		t.Fatalf("released with %d bytes in the file, %d submitted", size, a.Size())
	}
	ran := false
	a.Submit(1, func() { ran = true })
	if !ran {
		t.Fatal("held with nothing to write")
	}
	if a.Fsyncs() != 0 {
		t.Fatalf("%d fsyncs under appendfsync no", a.Fsyncs())
	}
}

// TestSwitchSyncsOldFile: what was fed before Switch goes to the old file
// (fsynced and closed by the fsync goroutine), what follows to the new one,
// starting with a SELECT; positions keep counting.
func TestSwitchSyncsOldFile(t *testing.T) {
	a, path := openTestAOF(t, AOFOptions{Policy: FsyncAlways})
	a.Feed(2, argvOf("SET a 1"))
	a.Submit(0, nil)
	a.Feed(2, argvOf("SET b 2"))
	path2 := filepath.Join(filepath.Dir(path), "appendonly.aof.2.incr.aof")
	f2, err := CreateAOFFile(path2)
	if err != nil {
		t.Fatal(err)
	}
	prev := a.Switch(f2)
	a.Feed(2, argvOf("SET c 3"))
	submitWait(t, a)
	got1, _ := os.ReadFile(path)
	got2, _ := os.ReadFile(path2)
	want1 := string(AppendCommand(AppendCommand(appendSelect(nil, 2), argvOf("SET a 1")), argvOf("SET b 2")))
	want2 := string(AppendCommand(appendSelect(nil, 2), argvOf("SET c 3")))
	if string(got1) != want1 || string(got2) != want2 {
		t.Fatalf("first file %q\nsecond file %q", got1, got2)
	}
	if a.Size() != int64(len(want2)) || a.Written() != int64(len(want1)+len(want2)) || prev != int64(len(want1)) {
		t.Fatalf("size %d, written %d, previous file %d", a.Size(), a.Written(), prev)
	}
}

// TestWriteErrorKeepsBytes: a failed write keeps the bytes (replies are
// released, as Redis does) and Err reports it until a write succeeds.
func TestWriteErrorKeepsBytes(t *testing.T) {
	var failing, shortWritten atomic.Bool
	failing.Store(true)
	write := func(f *os.File, b []byte) (int, error) {
		if !failing.Load() {
			return f.Write(b)
		}
		// The first failure is a short write that must not stay; the
		// writer's retries then find the disk full (a retry's own short
		// write would be on disk until its truncate, racing the Stat).
		if shortWritten.CompareAndSwap(false, true) {
			n, _ := f.Write(b[:len(b)/2])
			return n, syscall.ENOSPC
		}
		return 0, syscall.ENOSPC
	}
	a, path := openTestAOF(t, AOFOptions{Policy: FsyncEverySec, Write: write})
	a.Feed(0, argvOf("SET a 1"))
	submitWait(t, a)
	if err := a.Err(); !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("Err() = %v", err)
	}
	if st, _ := os.Stat(path); st.Size() != 0 {
		t.Fatalf("a partial record of %d bytes stayed in the file", st.Size())
	}
	// Size (aof_current_size) counts written bytes only, as Redis does.
	if n := a.Size(); n != 0 {
		t.Fatalf("Size() = %d after a failed write, want 0 (nothing in the file)", n)
	}
	failing.Store(false)
	a.Feed(0, argvOf("SET b 2"))
	submitWait(t, a)
	if err := a.Err(); err != nil {
		t.Fatalf("Err() after a good write = %v", err)
	}
	got, _ := os.ReadFile(path)
	if want := string(AppendCommand(AppendCommand(appendSelect(nil, 0), argvOf("SET a 1")), argvOf("SET b 2"))); string(got) != want {
		t.Fatalf("file %q, want %q", got, want)
	}
	if n := a.Size(); n != int64(len(got)) {
		t.Fatalf("Size() = %d after the retry, want the file's %d bytes", n, len(got))
	}
}

// TestWriteErrorLogged: a failed write is logged once with strerror's
// text, as Redis logs it, whether or not an *os.PathError wraps the errno
// (os.File.Write's errors do).
func TestWriteErrorLogged(t *testing.T) {
	tests := []struct {
		name string
		err  func(f *os.File) error
		want string
	}{
		{"errno", func(*os.File) error { return syscall.ENOSPC }, "Error writing to the AOF file: No space left on device"},
		{"path error", func(f *os.File) error { return &os.PathError{Op: "write", Path: f.Name(), Err: syscall.EFBIG} },
			"Error writing to the AOF file: File too large"},
		{"other", func(*os.File) error { return errors.New("injected") }, "Error writing to the AOF file: injected"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var mu sync.Mutex
			var logged []string
			var failing atomic.Bool
			failing.Store(true)
			write := func(f *os.File, b []byte) (int, error) {
				if failing.Load() {
					return 0, tc.err(f)
				}
				return f.Write(b)
			}
			logf := func(format string, args ...any) {
				mu.Lock()
				logged = append(logged, fmt.Sprintf(format, args...))
				mu.Unlock()
			}
			a, _ := openTestAOF(t, AOFOptions{Policy: FsyncNo, Write: write, Logf: logf})
			a.Feed(0, argvOf("SET a 1"))
			submitWait(t, a)
			a.Feed(0, argvOf("SET b 2"))
			submitWait(t, a)
			failing.Store(false)
			a.Close()
			mu.Lock()
			defer mu.Unlock()
			if len(logged) == 0 || logged[0] != tc.want {
				t.Fatalf("logged %q, want %q first", logged, tc.want)
			}
			for _, l := range logged[1:] {
				if strings.HasPrefix(l, "Error writing") {
					t.Fatalf("the write error was logged again: %q", logged)
				}
			}
		})
	}
}

func TestManifestParse(t *testing.T) {
	tests := []struct {
		name, text string
		want       string // String() of the result
		err        string
	}{
		{name: "redis example", text: "file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.1.incr.aof seq 1 type h\n" +
			"file appendonly.aof.3.incr.aof seq 3 type i\nfile appendonly.aof.4.incr.aof seq 4 type i\n",
			want: "file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.1.incr.aof seq 1 type h\n" +
				"file appendonly.aof.3.incr.aof seq 3 type i\nfile appendonly.aof.4.incr.aof seq 4 type i\n"},
		{name: "comments and order", text: "# hello\nfile a.1.incr.aof seq 1 type i\nfile a.1.base.rdb seq 1 type b\n",
			want: "file a.1.base.rdb seq 1 type b\nfile a.1.incr.aof seq 1 type i\n"},
		{name: "extra keys ignored", text: "file a seq 1 type i startoffset 0\n", want: "file a seq 1 type i\n"},
		{name: "quoted name", text: "file \"a b\\x41\" seq 1 type i\n", want: "file \"a bA\" seq 1 type i\n"},
		{name: "empty", text: "", err: "Found an empty AOF manifest"},
		{name: "no newline", text: "file a seq 1 type i", err: "too long line"},
		{name: "few fields", text: "file a seq 1\n", err: "Invalid AOF manifest file format"},
		{name: "blank line", text: "file a seq 1 type i\n\n", err: "Invalid AOF manifest file format"},
		{name: "path", text: "file ../a seq 1 type i\n", err: "File can't be a path"},
		{name: "seq zero", text: "file a seq 0 type i\n", err: "Invalid AOF manifest file format"},
		{name: "two bases", text: "file a seq 1 type b\nfile b seq 2 type b\n", err: "duplicate base"},
		{name: "non monotonic", text: "file a seq 2 type i\nfile b seq 2 type i\n", err: "non-monotonic"},
		{name: "unknown type", text: "file a seq 1 type x\n", err: "Unknown AOF file type"},
		{name: "unbalanced quote", text: "file \"a seq 1 type i\n", err: "Invalid AOF manifest file format"},
		{name: "long line", text: "file " + strings.Repeat("a", 1100) + " seq 1 type i\n", err: "too long line"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := ParseManifest(strings.NewReader(tc.text))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) || !errors.Is(err, ErrManifest) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := m.String(); got != tc.want {
				t.Fatalf("String() = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestManifestRewriteSteps walks the manifest through Redis's sequence:
// start-up, rewrite, history removal.
func TestManifestRewriteSteps(t *testing.T) {
	m := &Manifest{}
	if name := m.NewBase("appendonly.aof"); name != "appendonly.aof.1.base.rdb" {
		t.Fatal(name)
	}
	if name := m.LastIncr("appendonly.aof"); name != "appendonly.aof.1.incr.aof" {
		t.Fatal(name)
	}
	if name := m.LastIncr("appendonly.aof"); name != "appendonly.aof.1.incr.aof" {
		t.Fatal(name)
	}
	// A rewrite starts: a new incr; it ends: a new base, old files history.
	m.NewIncr("appendonly.aof")
	m.NewBase("appendonly.aof")
	m.MarkIncrHistory(1)
	want := "file appendonly.aof.2.base.rdb seq 2 type b\n" +
		"file appendonly.aof.1.incr.aof seq 1 type h\nfile appendonly.aof.1.base.rdb seq 1 type h\n" +
		"file appendonly.aof.2.incr.aof seq 2 type i\n"
	if got := m.String(); got != want {
		t.Fatalf("manifest:\n%s\nwant:\n%s", got, want)
	}
	dir := t.TempDir()
	if err := WriteManifest(dir, "appendonly.aof", m); err != nil {
		t.Fatal(err)
	}
	back, err := ReadManifest(filepath.Join(dir, "appendonly.aof.manifest"))
	if err != nil || !reflect.DeepEqual(back, m) {
		t.Fatalf("read back %+v, %v", back, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "temp-appendonly.aof.manifest")); !os.IsNotExist(err) {
		t.Fatalf("temp manifest left behind: %v", err)
	}
}

// aofFixture is a small incremental file: its bytes, the end offset of each
// command outside a MULTI block (complete prefixes), and the commands those
// prefixes apply.
type aofFixture struct {
	data    []byte
	cuts    []int      // clean ends, ascending (0 included)
	applied [][]string // applied[i]: commands applied by data[:cuts[i]]
}

func buildFixture() aofFixture {
	var fx aofFixture
	fx.cuts = []int{0}
	fx.applied = [][]string{nil}
	var applied []string
	add := func(lines ...string) {
		for _, l := range lines {
			if l != "MULTI" && l != "EXEC" {
				applied = append(applied, l)
			}
			fx.data = AppendCommand(fx.data, argvOf(l))
		}
		fx.cuts = append(fx.cuts, len(fx.data))
		fx.applied = append(fx.applied, append([]string(nil), applied...))
	}
	add("SELECT 0")
	add("SET a 1")
	add("SET b hello")
	fx.data = append(fx.data, "#TS:1700000000\r\n"...)
	fx.cuts = append(fx.cuts, len(fx.data))
	fx.applied = append(fx.applied, append([]string(nil), applied...))
	add("MULTI", "SET c 3", "DEL a", "EXEC")
	add("PEXPIREAT b 99999999999999")
	add("SELECT 5")
	add("SET x y")
	return fx
}

func applyTo(out *[]string) func([][]byte) error {
	return func(argv [][]byte) error {
		var parts []string
		for _, a := range argv {
			parts = append(parts, string(a))
		}
		*out = append(*out, strings.Join(parts, " "))
		return nil
	}
}

func writeIncrOnly(t *testing.T, dir string, data []byte) *Manifest {
	t.Helper()
	m := &Manifest{}
	name := m.NewIncr("appendonly.aof")
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
	return m
}

func loadAll(t *testing.T, dir string, m *Manifest, truncated bool) ([]string, error) {
	t.Helper()
	var got []string
	l, err := NewAOFLoader(dir, m, store.NewKeyspace(16), applyTo(&got), AOFLoadOptions{LoadTruncated: truncated})
	if err != nil {
		return nil, err
	}
	defer l.Close()
	for {
		done, err := l.Step(3)
		if err != nil {
			return got, err
		}
		if done {
			return got, nil
		}
	}
}

// TestLoadTruncatedAtEveryOffset cuts the incremental file at every byte:
// with aof-load-truncated yes it loads the complete commands before the
// cut (a cut MULTI block not at all) and truncates the file there; with
// no it refuses unless the cut is a clean end.
func TestLoadTruncatedAtEveryOffset(t *testing.T) {
	fx := buildFixture()
	for off := 0; off <= len(fx.data); off++ {
		clean := -1
		last := 0
		for i, c := range fx.cuts {
			if c <= off {
				last = i
			}
			if c == off {
				clean = i
			}
		}
		dir := t.TempDir()
		m := writeIncrOnly(t, dir, fx.data[:off])
		got, err := loadAll(t, dir, m, true)
		if err != nil {
			t.Fatalf("offset %d, aof-load-truncated yes: %v", off, err)
		}
		if !reflect.DeepEqual(got, fx.applied[last]) && !(len(got) == 0 && len(fx.applied[last]) == 0) {
			t.Fatalf("offset %d: applied %q, want %q", off, got, fx.applied[last])
		}
		if st, _ := os.Stat(filepath.Join(dir, m.Incr[0].Name)); st.Size() != int64(fx.cuts[last]) {
			t.Fatalf("offset %d: file truncated to %d, want %d", off, st.Size(), fx.cuts[last])
		}

		m = writeIncrOnly(t, dir, fx.data[:off])
		_, err = loadAll(t, dir, m, false)
		if clean >= 0 && err != nil {
			t.Fatalf("offset %d (a clean end), aof-load-truncated no: %v", off, err)
		}
		if clean < 0 && (err == nil || !errors.Is(err, ErrTruncated)) {
			t.Fatalf("offset %d, aof-load-truncated no: err = %v, want ErrTruncated", off, err)
		}
	}
}

// TestLoadCorruptRefused: damage that is not a cut tail stops loading even
// with aof-load-truncated yes, naming the file, the offset and what was
// expected.
func TestLoadCorruptRefused(t *testing.T) {
	fx := buildFixture()
	tests := []struct {
		name   string
		mutate func(b []byte) []byte
		want   string
		log    string // the warning logged; "" for the bad file format line
	}{
		{name: "bad record start", mutate: func(b []byte) []byte { b[fx.cuts[2]] = 'x'; return b },
			want: fmt.Sprintf("at offset %d: expected '*' starting a command, found 'x'", fx.cuts[2])},
		{name: "bad bulk prefix", mutate: func(b []byte) []byte { b[fx.cuts[2]+4] = '%'; return b },
			want: fmt.Sprintf("at offset %d: expected '$' starting argument 1 of 3, found '%%'", fx.cuts[2]+4)},
		{name: "bad length digit", mutate: func(b []byte) []byte { b[fx.cuts[2]+5] = 'z'; return b },
			want: fmt.Sprintf("at offset %d: expected a digit in the length of argument 1 of 3", fx.cuts[2]+5)},
		{name: "missing crlf after bulk", mutate: func(b []byte) []byte { b[fx.cuts[2]+11] = 'X'; return b },
			want: fmt.Sprintf("at offset %d: expected \"\\r\\n\" after the 3 bytes of argument 1 of 3", fx.cuts[2]+11)},
		{name: "exec without multi", mutate: func(b []byte) []byte {
			return append(b, AppendCommand(nil, argvOf("EXEC"))...)
		}, want: fmt.Sprintf("at offset %d: EXEC without MULTI", len(fx.data))},
		{name: "nested multi", mutate: func(b []byte) []byte {
			return append(b, AppendCommand(AppendCommand(nil, argvOf("MULTI")), argvOf("MULTI"))...)
		}, want: "MULTI inside the MULTI block"},
		{name: "zero args", mutate: func(b []byte) []byte { return append(b, "*0\r\n"...) }, want: "a command with 0 arguments"},
		{name: "unknown command from apply", mutate: func(b []byte) []byte { return b }, want: "Unknown command 'SELECT'",
			log: "Unknown command 'SELECT' reading the append only file appendonly.aof.1.incr.aof"},
	}
	badFormat := "Bad file format reading the append only file appendonly.aof.1.incr.aof: " +
		"make a backup of your AOF file, then use ember check-aof --fix <filename.manifest>"
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			m := writeIncrOnly(t, dir, tc.mutate(append([]byte(nil), fx.data...)))
			apply := func([][]byte) error { return nil }
			if strings.HasPrefix(tc.name, "unknown") {
				apply = func(argv [][]byte) error { return fmt.Errorf("Unknown command '%s'", argv[0]) }
			}
			var logged []string
			logf := func(warning bool, format string, args ...any) {
				if warning {
					logged = append(logged, fmt.Sprintf(format, args...))
				}
			}
			l, err := NewAOFLoader(dir, m, store.NewKeyspace(16), apply, AOFLoadOptions{LoadTruncated: true, Logf: logf})
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			for {
				done, err := l.Step(100)
				if err != nil {
					if !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), m.Incr[0].Name) {
						t.Fatalf("err = %v, want it to name the file and contain %q", err, tc.want)
					}
					want := tc.log
					if want == "" {
						want = badFormat
					}
					if len(logged) != 1 || logged[0] != want {
						t.Fatalf("warnings logged: %q, want just %q", logged, want)
					}
					return
				}
				if done {
					t.Fatal("loaded a damaged file")
				}
			}
		})
	}
}

// TestLoadBaseAndIncrs loads a snapshot base, then two incremental files; a
// truncated file that is not the last one is fatal.
func TestLoadBaseAndIncrs(t *testing.T) {
	dir := t.TempDir()
	src := store.NewKeyspace(16)
	src.DBs[0].Add([]byte("base"), store.NewString([]byte("v")), 0)
	e := src.DBs[0].Add([]byte("gone"), store.NewString([]byte("x")), 0)
	src.DBs[0].SetExpire(e, 1) // expired long ago: kept, later commands may touch it
	m := &Manifest{}
	base := m.NewBase("appendonly.aof")
	writeSnapshotFile(t, filepath.Join(dir, base), src)
	i1 := m.NewIncr("appendonly.aof")
	i2 := m.NewIncr("appendonly.aof")
	os.WriteFile(filepath.Join(dir, i1), AppendCommand(nil, argvOf("SET one 1")), 0o644)
	os.WriteFile(filepath.Join(dir, i2), AppendCommand(nil, argvOf("SET two 2")), 0o644)
	ks := store.NewKeyspace(16)
	var got []string
	l, err := NewAOFLoader(dir, m, ks, applyTo(&got), AOFLoadOptions{NowMs: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for done := false; !done; {
		if done, err = l.Step(1); err != nil {
			t.Fatal(err)
		}
	}
	if ks.DBs[0].Find([]byte("base")) == nil || ks.DBs[0].Find([]byte("gone")) == nil {
		t.Fatal("base keys not loaded (an expired key must be kept)")
	}
	if want := []string{"SET one 1", "SET two 2"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("applied %q, want %q", got, want)
	}
	st := l.Stats()
	if st.Keys != 2 || st.Commands != 2 || st.BaseSize == 0 || st.TotalSize <= st.BaseSize {
		t.Fatalf("stats %+v", st)
	}

	full := AppendCommand(nil, argvOf("SET one 1"))
	os.WriteFile(filepath.Join(dir, i1), full[:len(full)-3], 0o644)
	_, err = loadAll(t, dir, m, true)
	if err == nil || !strings.Contains(err.Error(), "not the last file") {
		t.Fatalf("truncated middle file: err = %v", err)
	}
	os.Remove(filepath.Join(dir, i2))
	if _, err := loadAll(t, dir, m, true); err == nil || !strings.Contains(err.Error(), i2) {
		t.Fatalf("missing file: err = %v", err)
	}
}

func writeSnapshotFile(t *testing.T, path string, ks *store.Keyspace) {
	t.Helper()
	w, err := StartWriter(path, "tmp.rdb", WriterOptions{Compress: true, Checksum: true})
	if err != nil {
		t.Fatal(err)
	}
	enc := NewEncoder()
	for _, db := range ks.DBs {
		db.ForEach(func(e *store.Entry) bool { enc.Entry(db.ID, e); return true })
	}
	w.Write(enc.Take())
	w.Finish()
	if err := <-w.Done(); err != nil {
		t.Fatal(err)
	}
}

func TestCheckAOF(t *testing.T) {
	fx := buildFixture()
	dir := t.TempDir()
	m := writeIncrOnly(t, dir, fx.data[:len(fx.data)-5])
	if err := WriteManifest(dir, "appendonly.aof", m); err != nil {
		t.Fatal(err)
	}
	manifest := filepath.Join(dir, "appendonly.aof.manifest")
	var out bytes.Buffer
	if err := CheckAOF(manifest, false, nil, &out); !errors.Is(err, ErrCheckFailed) ||
		!strings.Contains(out.String(), "is not valid. Use the --fix option") {
		t.Fatalf("check of a truncated file: %v\n%s", err, out.String())
	}
	out.Reset()
	if err := CheckAOF(manifest, true, func(string) bool { return false }, &out); err == nil {
		t.Fatalf("fix without confirmation succeeded\n%s", out.String())
	}
	out.Reset()
	var asked string
	if err := CheckAOF(manifest, true, func(q string) bool { asked = q; return true }, &out); err != nil {
		t.Fatalf("fix: %v\n%s", err, out.String())
	}
	want := fx.cuts[len(fx.cuts)-2]
	if !strings.Contains(asked, fmt.Sprintf("to %d bytes", want)) || !strings.Contains(out.String(), "Successfully truncated AOF") {
		t.Fatalf("asked %q\n%s", asked, out.String())
	}
	out.Reset()
	if err := CheckAOF(manifest, false, nil, &out); err != nil || !strings.Contains(out.String(), "All AOF files and manifest are valid") {
		t.Fatalf("after fix: %v\n%s", err, out.String())
	}
	// A single file, not a manifest.
	out.Reset()
	if err := CheckAOF(filepath.Join(dir, m.Incr[0].Name), false, nil, &out); err != nil ||
		!strings.Contains(out.String(), "is valid") {
		t.Fatalf("single file: %v\n%s", err, out.String())
	}
}

// FuzzAOFLoad feeds arbitrary bytes to the RESP loader: it must never
// panic nor allocate what a length field claims before the bytes exist, and
// whatever it applies must re-encode to a prefix of the input's commands.
func FuzzAOFLoad(f *testing.F) {
	fx := buildFixture()
	f.Add(fx.data)
	f.Add(fx.data[:len(fx.data)/2])
	f.Add([]byte("*1\r\n$9223372036854775807\r\n"))
	f.Add([]byte("*99999999999\r\n$1\r\na\r\n"))
	f.Add([]byte("#TS:1\r\n*1\r\n$4\r\nPING\r\n"))
	f.Add([]byte("*2\r\n$5\r\nMULTI\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := newAOFReader(bytes.NewReader(data), "fuzz", 1<<20)
		var re []byte
		_, err := r.step(1<<16, func(argv [][]byte) error {
			re = AppendCommand(re, argv)
			return nil
		})
		var ae *AOFError
		if err != nil && !errors.As(err, &ae) {
			t.Fatalf("error of an unexpected kind: %v", err)
		}
		if r.validUpTo > int64(len(data)) {
			t.Fatalf("valid up to %d of %d bytes", r.validUpTo, len(data))
		}
		// Loading the valid prefix again applies the same commands.
		r2 := newAOFReader(bytes.NewReader(data[:r.validUpTo]), "fuzz", 1<<20)
		var re2 []byte
		done, err := r2.step(1<<16, func(argv [][]byte) error {
			re2 = AppendCommand(re2, argv)
			return nil
		})
		if err != nil || (!done && r2.commands < 1<<16) {
			t.Fatalf("valid prefix of %d bytes does not load: %v", r.validUpTo, err)
		}
		if !bytes.Equal(re, re2) {
			t.Fatalf("prefix applied %q, whole applied %q", re2, re)
		}
	})
}

// TestStrerror: errors render as C's strerror text, as Redis prints them.
func TestStrerror(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{syscall.ENOSPC, "No space left on device"},
		{&os.PathError{Op: "open", Path: "/x/y", Err: syscall.ENOENT}, "No such file or directory"},
		{fmt.Errorf("persist: write f: %w", &os.PathError{Op: "write", Path: "f", Err: syscall.EFBIG}), "File too large"},
		{&os.PathError{Op: "open", Path: "/x", Err: errors.New("not a directory somehow")}, "Not a directory somehow"},
		{errors.New("plain"), "plain"},
	} {
		if got := Strerror(tc.err); got != tc.want {
			t.Errorf("Strerror(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
}
