package persist

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/ember-db/ember/resp"
)

// AOF file types in the manifest, as Redis 7 names them.
const (
	AOFBase    = 'b' // the base: a snapshot of the dataset when a rewrite began
	AOFHistory = 'h' // replaced by a rewrite, to be deleted
	AOFIncr    = 'i' // incremental: RESP commands after the base, in order
)

// File name parts of the multi-part AOF (Redis's aof.c naming rules).
const (
	baseSuffix     = ".base"
	incrSuffix     = ".incr"
	rdbSuffix      = ".rdb"
	aofSuffix      = ".aof"
	manifestSuffix = ".manifest"
	tempPrefix     = "temp-"
)

// ManifestEntry is one line of the manifest: "file <name> seq <seq> type <t>".
type ManifestEntry struct {
	Name string
	Seq  int64
	Type byte // AOFBase, AOFHistory or AOFIncr
}

// Manifest lists the files of a multi-part AOF: at most one base, history
// files awaiting deletion, and the incremental files in load order.
//
// Its text form, Redis 7's, is one line per file — the base first, then the
// history files, then the incremental ones:
//
//	file appendonly.aof.2.base.rdb seq 2 type b
//	file appendonly.aof.1.incr.aof seq 1 type h
//	file appendonly.aof.3.incr.aof seq 3 type i
type Manifest struct {
	Base    *ManifestEntry
	History []ManifestEntry
	Incr    []ManifestEntry
	// BaseSeq and IncrSeq are the highest sequence numbers used.
	BaseSeq, IncrSeq int64
}

// ManifestName returns the manifest's file name for appendfilename.
func ManifestName(appendfilename string) string { return appendfilename + manifestSuffix }

// Empty reports whether the manifest names no base and no incremental file.
func (m *Manifest) Empty() bool { return m.Base == nil && len(m.Incr) == 0 }

// Clone returns a deep copy to modify before an atomic switch.
func (m *Manifest) Clone() *Manifest {
	c := &Manifest{BaseSeq: m.BaseSeq, IncrSeq: m.IncrSeq}
	if m.Base != nil {
		b := *m.Base
		c.Base = &b
	}
	c.History = append([]ManifestEntry(nil), m.History...)
	c.Incr = append([]ManifestEntry(nil), m.Incr...)
	return c
}

// NewBase names the next base file (appendfilename.<seq>.base.rdb), marks
// the current base as history, and returns the new name. Mirrors
// getNewBaseFileNameAndMarkPreAsHistory.
func (m *Manifest) NewBase(appendfilename string) string {
	if m.Base != nil {
		old := *m.Base
		old.Type = AOFHistory
		m.History = append([]ManifestEntry{old}, m.History...)
	}
	m.BaseSeq++
	m.Base = &ManifestEntry{Name: appendfilename + "." + strconv.FormatInt(m.BaseSeq, 10) + baseSuffix + rdbSuffix,
		Seq: m.BaseSeq, Type: AOFBase}
	return m.Base.Name
}

// NewIncr appends the next incremental file (appendfilename.<seq>.incr.aof)
// and returns its name. Mirrors getNewIncrAofName.
func (m *Manifest) NewIncr(appendfilename string) string {
	m.IncrSeq++
	name := appendfilename + "." + strconv.FormatInt(m.IncrSeq, 10) + incrSuffix + aofSuffix
	m.Incr = append(m.Incr, ManifestEntry{Name: name, Seq: m.IncrSeq, Type: AOFIncr})
	return name
}

// LastIncr returns the name of the last incremental file, creating one if
// there is none. Mirrors getLastIncrAofName.
func (m *Manifest) LastIncr(appendfilename string) string {
	if len(m.Incr) == 0 {
		return m.NewIncr(appendfilename)
	}
	return m.Incr[len(m.Incr)-1].Name
}

// MarkIncrHistory turns the incremental files into history files, except
// the last keep (the one being written, if any). Mirrors
// markRewrittenIncrAofAsHistory.
func (m *Manifest) MarkIncrHistory(keep int) {
	n := len(m.Incr) - keep
	if n <= 0 {
		return
	}
	// History lists newest first, as Redis adds each at the head.
	for i := 0; i < n; i++ {
		h := m.Incr[i]
		h.Type = AOFHistory
		m.History = append([]ManifestEntry{h}, m.History...)
	}
	m.Incr = append([]ManifestEntry(nil), m.Incr[n:]...)
}

// TempIncrName is the incremental file written while AOF is being turned
// on (Redis's AOF_WAIT_REWRITE): "temp-<appendfilename>.incr".
func TempIncrName(appendfilename string) string { return tempPrefix + appendfilename + incrSuffix }

// String returns the manifest's text: base, history, incremental.
func (m *Manifest) String() string {
	var b strings.Builder
	line := func(e *ManifestEntry) {
		fmt.Fprintf(&b, "file %s seq %d type %c\n", quoteManifestName(e.Name), e.Seq, e.Type)
	}
	if m.Base != nil {
		line(m.Base)
	}
	for i := range m.History {
		line(&m.History[i])
	}
	for i := range m.Incr {
		line(&m.Incr[i])
	}
	return b.String()
}

// ErrManifest wraps every manifest format error.
var ErrManifest = errors.New("invalid AOF manifest")

// maxManifestLine is Redis's MANIFEST_MAX_LINE.
const maxManifestLine = 1024

// ParseManifest reads a manifest with Redis's rules: '#' lines are
// comments; each other line has an even number (at least 6) of space
// separated fields, quoted as sdssplitargs quotes; unknown keys are ignored;
// a file name must not be a path; incremental sequence numbers increase.
// Errors name the line and wrap ErrManifest.
func ParseManifest(r io.Reader) (*Manifest, error) {
	m := &Manifest{}
	br := bufio.NewReader(r)
	lineNo := 0
	fail := func(text, reason string) error {
		if text == "" {
			return fmt.Errorf("%s: %w", reason, ErrManifest)
		}
		return fmt.Errorf("reading the manifest file, at line %d: >>> '%s': %s: %w", lineNo, text, reason, ErrManifest)
	}
	var maxSeq int64
	for {
		raw, err := br.ReadString('\n')
		if err != nil && err != io.EOF {
			return nil, fmt.Errorf("read AOF manifest failed: %w", err)
		}
		if raw == "" && err == io.EOF {
			if lineNo == 0 {
				return nil, fail("", "Found an empty AOF manifest")
			}
			return m, nil
		}
		lineNo++
		if raw[0] == '#' {
			if err == io.EOF {
				return m, nil
			}
			continue
		}
		if len(raw) > maxManifestLine || !strings.HasSuffix(raw, "\n") {
			return nil, fail("", "The AOF manifest file contains too long line")
		}
		text := strings.Trim(raw, " \t\r\n")
		if text == "" {
			return nil, fail(text, "Invalid AOF manifest file format")
		}
		args, ok := splitManifestArgs(text)
		if !ok || len(args) < 6 || len(args)%2 != 0 {
			return nil, fail(text, "Invalid AOF manifest file format")
		}
		var e ManifestEntry
		for i := 0; i < len(args); i += 2 {
			switch strings.ToLower(args[i]) {
			case "file":
				e.Name = args[i+1]
				if e.Name != filepath.Base(e.Name) || strings.ContainsRune(e.Name, '/') {
					return nil, fail(text, "File can't be a path, just a filename")
				}
			case "seq":
				e.Seq = atoll(args[i+1])
			case "type":
				if len(args[i+1]) > 0 {
					e.Type = args[i+1][0]
				}
			}
		}
		if e.Name == "" || e.Seq == 0 || e.Type == 0 {
			return nil, fail(text, "Invalid AOF manifest file format")
		}
		switch e.Type {
		case AOFBase:
			if m.Base != nil {
				return nil, fail(text, "Found duplicate base file information")
			}
			b := e
			m.Base, m.BaseSeq = &b, e.Seq
		case AOFHistory:
			m.History = append(m.History, e)
		case AOFIncr:
			if e.Seq <= maxSeq {
				return nil, fail(text, "Found a non-monotonic sequence number")
			}
			m.Incr = append(m.Incr, e)
			m.IncrSeq, maxSeq = e.Seq, e.Seq
		default:
			return nil, fail(text, "Unknown AOF file type")
		}
		if err == io.EOF {
			return m, nil
		}
	}
}

// atoll parses a leading decimal integer as C's atoll: 0 if there is none.
func atoll(s string) int64 {
	i, neg := 0, false
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		neg = s[i] == '-'
		i++
	}
	var n int64
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		n = n*10 + int64(s[i]-'0')
	}
	if neg {
		return -n
	}
	return n
}

// ReadManifest reads the manifest at path. A missing file is reported with
// an error satisfying errors.Is(err, os.ErrNotExist).
func ReadManifest(path string) (*Manifest, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m, err := ParseManifest(f)
	if err != nil {
		return nil, fmt.Errorf("persist: %s: %w", path, err)
	}
	return m, nil
}

// WriteManifest replaces dir/<appendfilename>.manifest with m atomically:
// it writes temp-<appendfilename>.manifest, fsyncs it, renames it over the
// manifest and fsyncs the directory. Mirrors writeAofManifestFile.
func WriteManifest(dir, appendfilename string, m *Manifest) error {
	path := filepath.Join(dir, ManifestName(appendfilename))
	tmp := filepath.Join(dir, tempPrefix+ManifestName(appendfilename))
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return fmt.Errorf("persist: can't open the AOF manifest file %s: %w", tmp, err)
	}
	if _, err := f.WriteString(m.String()); err != nil {
		f.Close()
		os.Remove(tmp)
		return fmt.Errorf("persist: error trying to write the temporary AOF manifest file %s: %w", tmp, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(tmp)
		return fmt.Errorf("persist: fail to fsync the temp AOF file %s: %w", tmp, err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("persist: close %s: %w", tmp, err)
	}
	return renameAndSyncDir(tmp, path)
}

// SyncDir fsyncs a directory, making file creations and renames in it
// durable.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("persist: open dir %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("persist: fsync dir %s: %w", dir, err)
	}
	return nil
}

// quoteManifestName returns name as Redis writes it: verbatim unless it
// needs quoting (sdsneedsrepr), then quoted and escaped as sdscatrepr.
func quoteManifestName(name string) string {
	for i := 0; i < len(name); i++ {
		if c := name[i]; c == '\\' || c == '"' || c == ' ' || c < 0x20 || c >= 0x7f {
			return string(resp.AppendRepr(nil, []byte(name)))
		}
	}
	return name
}

// splitManifestArgs splits a manifest line as Redis's sdssplitargs
// (resp.SplitArgs). It reports false for unbalanced quotes.
func splitManifestArgs(line string) ([]string, bool) {
	argv, ok := resp.SplitArgs([]byte(line))
	if !ok {
		return nil, false
	}
	out := make([]string, len(argv))
	for i, a := range argv {
		out[i] = string(a)
	}
	return out, true
}
