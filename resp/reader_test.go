package resp

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// chunkReader returns its input in pieces of at most n bytes per Read.
type chunkReader struct {
	data []byte
	n    int
}

func (r *chunkReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, io.EOF
	}
	k := min(r.n, len(p), len(r.data))
	copy(p, r.data[:k])
	r.data = r.data[k:]
	return k, nil
}

// readAll parses every command of input, copying each argv (they alias the
// reader's buffer only until the next call).
func readAll(t testing.TB, input string, chunk int) ([][]string, error) {
	t.Helper()
	r := NewReader(&chunkReader{data: []byte(input), n: chunk}, NewLimits())
	var out [][]string
	for {
		argvs, err := r.ReadPipeline()
		for _, argv := range argvs {
			s := make([]string, len(argv))
			for i, a := range argv {
				s[i] = string(a)
			}
			out = append(out, s)
		}
		if err != nil {
			if err == io.EOF {
				return out, nil
			}
			return out, err
		}
	}
}

func TestReadPipeline(t *testing.T) {
	cases := []struct {
		name    string
		input   string
		want    [][]string
		wantErr string // ProtocolError text after "Protocol error: "
	}{
		{name: "multibulk", input: "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n", want: [][]string{{"GET", "k"}}},
		{name: "pipeline", input: "*1\r\n$4\r\nPING\r\n*1\r\n$4\r\nPING\r\n", want: [][]string{{"PING"}, {"PING"}}},
		{name: "empty bulk", input: "*2\r\n$4\r\nECHO\r\n$0\r\n\r\n", want: [][]string{{"ECHO", ""}}},
		{name: "empty commands skipped", input: "*0\r\n*-1\r\nPING\r\n\r\n", want: [][]string{{"PING"}}},
		{name: "inline", input: "SET k \"a b\"\r\n", want: [][]string{{"SET", "k", "a b"}}},
		{name: "inline lf only", input: "PING\n", want: [][]string{{"PING"}}},
		{name: "inline escapes", input: "ECHO \"\\x41\\n\" 'it\\'s'\r\n", want: [][]string{{"ECHO", "A\n", "it's"}}},
		{name: "crlf not checked after bulk", input: "*1\r\n$3\r\nfooXY", want: [][]string{{"foo"}}},
		{name: "binary", input: "*2\r\n$3\r\nSET\r\n$4\r\n\x00\r\n\xff\r\n", want: [][]string{{"SET", "\x00\r\n\xff"}}},
		{name: "huge bulk length", input: "*1\r\n$9223372036854775807\r\n", wantErr: "invalid bulk length"},
		{name: "overflowing bulk length", input: "*1\r\n$99999999999999999999\r\n", wantErr: "invalid bulk length"},
		{name: "negative bulk length", input: "*1\r\n$-1\r\n", wantErr: "invalid bulk length"},
		{name: "bulk over proto-max-bulk-len", input: "*1\r\n$600000000\r\n", wantErr: "invalid bulk length"},
		{name: "huge multibulk", input: "*9223372036854775807\r\n", wantErr: "invalid multibulk length"},
		{name: "multibulk over INT_MAX", input: "*2147483648\r\n", wantErr: "invalid multibulk length"},
		{name: "bad multibulk", input: "*x\r\n", wantErr: "invalid multibulk length"},
		{name: "plus sign", input: "*+1\r\n", wantErr: "invalid multibulk length"},
		{name: "leading zero", input: "*01\r\n", wantErr: "invalid multibulk length"},
		{name: "expected dollar", input: "*2\r\nx\r\n", wantErr: "expected '$', got 'x'"},
		{name: "unbalanced quotes", input: "set \"a\r\n", wantErr: "unbalanced quotes in request"},
		{name: "closing quote glued", input: "set \"a\"b\r\n", wantErr: "unbalanced quotes in request"},
		{name: "commands before the fault", input: "PING\r\n*1\r\n$-5\r\n", want: [][]string{{"PING"}}, wantErr: "invalid bulk length"},
		{name: "too big inline", input: strings.Repeat("a", InlineMax+1), wantErr: "too big inline request"},
		{name: "too big mbulk count", input: "*" + strings.Repeat("1", InlineMax+1), wantErr: "too big mbulk count string"},
		{name: "too big bulk count", input: "*1\r\n$" + strings.Repeat("1", InlineMax+1), wantErr: "too big bulk count string"},
	}
	for _, tc := range cases {
		chunks := []int{1, 3, 1 << 20}
		if len(tc.input) > 1024 {
			chunks = []int{1000, 1 << 20}
		}
		for _, chunk := range chunks {
			got, err := readAll(t, tc.input, chunk)
			var perr *ProtocolError
			switch {
			case tc.wantErr == "" && err != nil:
				t.Errorf("%s/chunk %d: unexpected error %v", tc.name, chunk, err)
			case tc.wantErr != "" && (!errors.As(err, &perr) || perr.Msg != tc.wantErr):
				t.Errorf("%s/chunk %d: error %v, want protocol error %q", tc.name, chunk, err, tc.wantErr)
			}
			if !equalArgvs(got, tc.want) {
				t.Errorf("%s/chunk %d: got %q, want %q", tc.name, chunk, got, tc.want)
			}
		}
	}
}

func equalArgvs(a, b [][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if strings.Join(a[i], "\x00") != strings.Join(b[i], "\x00") || len(a[i]) != len(b[i]) {
			return false
		}
	}
	return true
}

func TestReadPipelineBatches(t *testing.T) {
	// Everything that arrived in one read comes back as one batch.
	input := strings.Repeat("*1\r\n$4\r\nPING\r\n", 100)
	r := NewReader(strings.NewReader(input), NewLimits())
	argvs, err := r.ReadPipeline()
	if err != nil || len(argvs) != 100 {
		t.Fatalf("got %d commands, err %v; want 100 in one batch", len(argvs), err)
	}
}

func TestUnauthenticatedLimits(t *testing.T) {
	for _, tc := range []struct{ input, want string }{
		{"*11\r\n", "unauthenticated multibulk length"},
		{"*1\r\n$16385\r\n", "unauthenticated bulk length"},
	} {
		r := NewReader(strings.NewReader(tc.input), NewLimits())
		r.NeedAuth = func() bool { return true }
		_, err := r.ReadPipeline()
		var perr *ProtocolError
		if !errors.As(err, &perr) || perr.Msg != tc.want {
			t.Errorf("%q: got %v, want %q", tc.input, err, tc.want)
		}
	}
}

func TestQueryBufferLimit(t *testing.T) {
	l := NewLimits()
	l.MaxQueryBuffer.Store(1024)
	// A bulk that never completes grows the buffer past the limit.
	input := "*1\r\n$100000\r\n" + strings.Repeat("x", 4096)
	r := NewReader(iotest.OneByteReader(strings.NewReader(input)), l)
	_, err := r.ReadPipeline()
	if err != ErrQueryBufferLimit {
		t.Fatalf("got %v, want ErrQueryBufferLimit", err)
	}
}

func TestLargeBulkAcrossReads(t *testing.T) {
	val := bytes.Repeat([]byte("v"), 3<<20)
	input := "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$" + itoa(len(val)) + "\r\n" + string(val) + "\r\n"
	got, err := readAll(t, input, 4096)
	if err != nil || len(got) != 1 || got[0][2] != string(val) {
		t.Fatalf("large bulk not parsed intact: err %v", err)
	}
}

func itoa(n int) string {
	var b []byte
	return string(appendHeader(b, ':', int64(n))[1 : len(appendHeader(b, ':', int64(n)))-2])
}

func TestSplitArgs(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
		ok   bool
	}{
		{"", nil, true},
		{"   ", nil, true},
		{"a b  c", []string{"a", "b", "c"}, true},
		{`"a b" c`, []string{"a b", "c"}, true},
		{`"\x4a\x4B\xzz"`, []string{"JKxzz"}, true},
		{`"\n\r\t\b\a\\\""`, []string{"\n\r\t\b\a\\\""}, true},
		{`'a\'b' 'c\n'`, []string{"a'b", `c\n`}, true},
		{`foo"bar baz"`, []string{"foobar baz"}, true},
		{`""`, []string{""}, true},
		{`"abc`, nil, false},
		{`'abc`, nil, false},
		{`"a"b`, nil, false},
		{`'a'b`, nil, false},
	} {
		got, ok := SplitArgs([]byte(tc.in))
		var gs []string
		for _, a := range got {
			gs = append(gs, string(a))
		}
		if ok != tc.ok || strings.Join(gs, "|") != strings.Join(tc.want, "|") || len(gs) != len(tc.want) {
			t.Errorf("SplitArgs(%q) = %q, %v; want %q, %v", tc.in, gs, ok, tc.want, tc.ok)
		}
	}
}

// FuzzReadCommand feeds arbitrary bytes in arbitrary chunk sizes: the reader
// must never panic, must return only well-formed argvs, and must give the
// same commands whatever the chunking.
func FuzzReadCommand(f *testing.F) {
	for _, s := range []string{
		"*2\r\n$3\r\nGET\r\n$1\r\nk\r\n", "PING\r\n", "*1\r\n$9223372036854775807\r\n",
		"*9223372036854775807\r\n", "set \"a\\x41\" 'b'\r\n", "*0\r\n*-1\r\n\r\n", "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\nvv\r\n",
	} {
		f.Add([]byte(s), uint8(1))
	}
	f.Fuzz(func(t *testing.T, data []byte, chunk uint8) {
		whole, errWhole := readAll(t, string(data), 1<<20)
		parts, errParts := readAll(t, string(data), int(chunk)%17+1)
		if !equalArgvs(whole, parts) {
			t.Fatalf("chunking changed the result: %q vs %q", whole, parts)
		}
		if (errWhole == nil) != (errParts == nil) {
			t.Fatalf("chunking changed the error: %v vs %v", errWhole, errParts)
		}
		for _, argv := range whole {
			if len(argv) == 0 {
				t.Fatal("empty argv returned")
			}
		}
	})
}
