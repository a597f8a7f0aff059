package persist

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/ember-db/ember/store"
)

// ErrCheckFailed is returned by CheckAOF when a file is damaged and was not
// (or could not be) repaired; the report says why.
var ErrCheckFailed = errors.New("AOF check failed")

// checkDatabases is the number of dbs of the throwaway keyspace a base
// snapshot is checked into.
const checkDatabases = 4096

// CheckAOF checks path — a manifest or a single AOF file — as
// redis-check-aof does and writes its report to out: the manifest's format,
// every file it names (a base snapshot is fully decoded and checksummed),
// RESP framing and MULTI/EXEC pairing of the incremental files. With fix, a
// damaged last file is truncated to its last complete record (before an
// unfinished MULTI block) once confirm agrees; damage elsewhere cannot be
// fixed. It returns nil when every file is (now) valid, or an error wrapping
// ErrCheckFailed.
func CheckAOF(path string, fix bool, confirm func(question string) bool, out io.Writer) error {
	isManifest, err := fileIsManifest(path)
	if err != nil {
		fmt.Fprintf(out, "Cannot open file %s: %v\n", path, err)
		return fmt.Errorf("%w: %v", ErrCheckFailed, err)
	}
	if !isManifest {
		fmt.Fprintf(out, "Start checking Old-Style AOF\n")
		res, err := checkSingleAOF(path, path, true, fix, confirm, out)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "%s\n", res.report("AOF", path))
		return nil
	}
	fmt.Fprintf(out, "Start checking Multi Part AOF\n")
	m, err := ReadManifest(path)
	if err != nil {
		fmt.Fprintf(out, "\n*** FATAL AOF MANIFEST FILE ERROR ***\n%v\n", err)
		return fmt.Errorf("%w: %v", ErrCheckFailed, err)
	}
	dir := filepath.Dir(path)
	total := len(m.Incr)
	if m.Base != nil {
		total++
	}
	n := 0
	if m.Base != nil {
		n++
		p := filepath.Join(dir, m.Base.Name)
		format := "RESP"
		if isSnapshot(p) {
			format = "Ember snapshot"
		}
		fmt.Fprintf(out, "Start to check BASE AOF (%s format).\n", format)
		res, err := checkSingleAOF(m.Base.Name, p, n == total, fix, confirm, out)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "%s\n", res.report("BASE AOF", m.Base.Name))
	}
	if len(m.Incr) > 0 {
		fmt.Fprintf(out, "Start to check INCR files.\n")
		for _, e := range m.Incr {
			n++
			res, err := checkSingleAOF(e.Name, filepath.Join(dir, e.Name), n == total, fix, confirm, out)
			if err != nil {
				return err
			}
			fmt.Fprintf(out, "%s\n", res.report("INCR AOF", e.Name))
		}
	}
	fmt.Fprintf(out, "All AOF files and manifest are valid\n")
	return nil
}

type checkResult int

const (
	checkOK checkResult = iota
	checkEmpty
	checkTruncated
)

func (r checkResult) report(kind, name string) string {
	switch r {
	case checkEmpty:
		return fmt.Sprintf("%s %s is empty", kind, name)
	case checkTruncated:
		return fmt.Sprintf("Successfully truncated AOF %s", name)
	}
	return fmt.Sprintf("%s %s is valid", kind, name)
}

// fileIsManifest reports whether path looks like a manifest: some line
// that is not a comment starts with "file".
func fileIsManifest(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	br := bufio.NewReader(f)
	for {
		line, err := br.ReadString('\n')
		if strings.HasPrefix(line, "file") {
			return true, nil
		}
		if err != nil {
			return false, nil
		}
	}
}

func isSnapshot(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	var b [len(magic)]byte
	n, _ := io.ReadFull(f, b[:])
	return string(b[:n]) == magic
}

// checkSingleAOF checks one file. A snapshot is decoded whole; a RESP file
// is parsed command by command.
func checkSingleAOF(name, path string, last, fix bool, confirm func(string) bool, out io.Writer) (checkResult, error) {
	fail := func(format string, args ...any) (checkResult, error) {
		msg := fmt.Sprintf(format, args...)
		fmt.Fprintln(out, msg)
		return checkOK, fmt.Errorf("%w: %s", ErrCheckFailed, msg)
	}
	st, err := os.Stat(path)
	if err != nil {
		return fail("Cannot open file %s: %v, aborting...", path, err)
	}
	if st.Size() == 0 {
		return checkEmpty, nil
	}
	if isSnapshot(path) {
		ks := store.NewKeyspace(checkDatabases)
		stats, err := LoadSnapshot(path, ks, LoadOptions{KeepExpired: true})
		if err != nil {
			return fail("%v\nSnapshot base of AOF file is not sane, aborting.", err)
		}
		fmt.Fprintf(out, "Snapshot is OK (%d keys), proceeding...\n", stats.Keys)
		return checkOK, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return fail("Cannot open file %s: %v, aborting...", path, err)
	}
	r := newAOFReader(f, name, 0)
	var damage error
	for {
		done, err := r.step(1<<20, nil)
		if err != nil {
			damage = err
			break
		}
		if done {
			break
		}
	}
	f.Close()
	var ae *AOFError
	if damage != nil && !errors.As(damage, &ae) {
		return fail("Failed to read from AOF %s: %v, aborting...", name, damage)
	}
	if damage != nil {
		fmt.Fprintln(out, damage)
	}
	pos := r.validUpTo
	if damage == nil {
		pos = st.Size()
	}
	diff := st.Size() - pos
	fmt.Fprintf(out, "AOF analyzed: filename=%s, size=%d, ok_up_to=%d, ok_up_to_line=%d, diff=%d\n",
		name, st.Size(), pos, r.validLine+1, diff)
	if diff == 0 {
		return checkOK, nil
	}
	if !fix {
		return fail("AOF %s is not valid. Use the --fix option to try fixing it.", name)
	}
	if !last {
		return fail("Failed to truncate AOF %s because it is not the last file", name)
	}
	q := fmt.Sprintf("This will shrink the AOF %s from %d bytes, with %d bytes, to %d bytes\nContinue? [y/N]: ",
		name, st.Size(), diff, pos)
	if confirm == nil || !confirm(q) {
		return fail("Aborting...")
	}
	if err := os.Truncate(path, pos); err != nil {
		return fail("Failed to truncate AOF %s: %v", name, err)
	}
	return checkTruncated, nil
}
