package commands

import (
	"math"

	"github.com/ember-db/ember/resp"
)

// KeyRef is one key argument of a command line: its argv index and the key
// spec flags that say how the command uses it ("RW", "access", ...), in
// COMMAND GETKEYSANDFLAGS order. Flags is empty where Redis's own extraction
// gives none (the generic numkeys helpers and GEORADIUS's). Flags may alias
// the table's key specs: read it, never modify it.
type KeyRef struct {
	Pos   int
	Flags []string
}

// Key spec flags as the table spells them (COMMAND INFO's key spec flags).
const (
	keyFlagNotKey        = "not_key"
	keyFlagIncomplete    = "incomplete"
	keyFlagVariableFlags = "variable_flags"
)

// GetKeysFromCommand returns the keys of argv, a complete command line for
// cmd (argv[0] is the command name; for a subcommand argv[1] is its name), in
// the order Redis finds them. It returns nil when there are none or the
// arguments are malformed (Redis then reports "Invalid arguments").
//
// Mirrors getKeysFromCommandWithSpecs in Redis 7.0's db.c: the key specs are
// used when they are reliable (some spec is a real key and none has variable
// flags) and valid for argv; otherwise the command's own extractor, which
// Redis keeps for the few commands whose keys the specs cannot describe
// (SORT, MIGRATE, the numkeys commands, SET, BITFIELD, ...).
//
// Safe for concurrent use.
func GetKeysFromCommand(cmd *Command, argv [][]byte) []KeyRef {
	if cmd.hasRealKeySpec() && !cmd.hasKeySpecFlag(keyFlagVariableFlags) {
		if keys, ok := getKeysUsingKeySpecs(cmd, argv); ok {
			return keys
		}
	}
	if proc := getKeysProc(cmd.Name); proc != nil {
		return proc(argv)
	}
	return nil
}

// HasKeys reports whether the command may take keys: it has an extractor or
// a key spec that is not marked not_key. Mirrors doesCommandHaveKeys.
func (c *Command) HasKeys() bool {
	return getKeysProc(c.Name) != nil || c.hasRealKeySpec()
}

// hasRealKeySpec reports whether some key spec is not marked not_key.
func (c *Command) hasRealKeySpec() bool {
	for _, ks := range c.KeySpecs {
		if !hasString(ks.Flags, keyFlagNotKey) {
			return true
		}
	}
	return false
}

// hasKeySpecFlag reports whether some key spec has flag f.
func (c *Command) hasKeySpecFlag(f string) bool {
	for _, ks := range c.KeySpecs {
		if hasString(ks.Flags, f) {
			return true
		}
	}
	return false
}

func hasString(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// getKeysUsingKeySpecs finds the keys of argv with cmd's key specs, in spec
// order. ok is false when a spec cannot be applied to argv: an unknown
// begin_search or find_keys, an unparsable or out-of-range numkeys, a key
// range outside argv, or an incomplete spec whose keyword is present. A
// keyword spec whose keyword is absent contributes no keys.
//
// Mirrors getKeysUsingKeySpecs in db.c, including its C integer behaviour
// (numkeys is truncated to a 32-bit int).
func getKeysUsingKeySpecs(cmd *Command, argv [][]byte) (keys []KeyRef, ok bool) {
	argc := len(argv)
	keys = []KeyRef{}
	for _, spec := range cmd.KeySpecs {
		if hasString(spec.Flags, keyFlagNotKey) {
			continue
		}
		first := 0
		switch bs := spec.BeginSearch; bs.Type {
		case "index":
			first = bs.Index
		case "keyword":
			start, end := bs.StartFrom, argc-1
			if bs.StartFrom <= 0 {
				start, end = argc+bs.StartFrom, 1
			}
			// The search stops before end: argv[end] is never the keyword.
			for i := start; i != end; {
				if i >= argc || i < 1 {
					break
				}
				if eqFold(argv[i], bs.Keyword) {
					first = i + 1
					break
				}
				if start <= end {
					i++
				} else {
					i--
				}
			}
			if first == 0 {
				continue // keyword absent: this spec has no keys here
			}
		default:
			return nil, false
		}

		var last, step int
		switch fk := spec.FindKeys; fk.Type {
		case "range":
			step = fk.KeyStep
			switch {
			case fk.LastKey >= 0:
				last = first + fk.LastKey
			case fk.Limit == 0:
				last = argc + fk.LastKey
			default:
				last = first + ((argc-first)/fk.Limit + fk.LastKey)
			}
		case "keynum":
			step = fk.KeyStep
			idx := first + fk.KeyNumIdx
			if idx >= argc {
				return nil, false
			}
			n, ok := resp.ParseInt(argv[idx])
			if !ok || n < 0 {
				return nil, false
			}
			first += fk.FirstKey
			last = first + int(int32(n)) - 1 // C's (int)numkeys
		default:
			return nil, false
		}
		if last >= argc || last < first || first >= argc {
			return nil, false
		}
		for i := first; i <= last && step > 0; i += step {
			keys = append(keys, KeyRef{Pos: i, Flags: spec.Flags})
		}
		if hasString(spec.Flags, keyFlagIncomplete) {
			return nil, false
		}
	}
	return keys, true
}

// getKeysProc returns the key extractor Redis 7.0 gives the named command
// (its getkeys_proc), or nil. They are used when the key specs cannot be.
func getKeysProc(name string) func(argv [][]byte) []KeyRef {
	switch name {
	case "zunionstore", "zinterstore", "zdiffstore":
		return func(argv [][]byte) []KeyRef { return genericGetKeys(1, 2, 3, 1, argv) }
	case "zunion", "zinter", "zdiff", "zintercard", "sintercard", "lmpop", "zmpop":
		return func(argv [][]byte) []KeyRef { return genericGetKeys(0, 1, 2, 1, argv) }
	case "eval", "evalsha", "eval_ro", "evalsha_ro", "fcall", "fcall_ro", "blmpop", "bzmpop":
		return func(argv [][]byte) []KeyRef { return genericGetKeys(0, 2, 3, 1, argv) }
	case "sort":
		return sortGetKeys
	case "sort_ro":
		return sortROGetKeys
	case "migrate":
		return migrateGetKeys
	case "georadius", "georadiusbymember":
		return georadiusGetKeys
	case "xread", "xreadgroup":
		return xreadGetKeys
	case "set":
		return setGetKeys
	case "bitfield":
		return bitfieldGetKeys
	}
	return nil
}

// genericGetKeys extracts the keys of "CMD [destkey] numkeys key ... key
// [options]": numkeys at argv[keyCountOfs] (read as C's atoi), the keys from
// argv[firstKeyOfs] every keyStep, then the destination key at
// argv[storeKeyOfs] if storeKeyOfs is not 0. No keys when numkeys is below
// 1 or more than the arguments left. Mirrors genericGetKeys in db.c.
func genericGetKeys(storeKeyOfs, keyCountOfs, firstKeyOfs, keyStep int, argv [][]byte) []KeyRef {
	argc := len(argv)
	if keyCountOfs >= argc {
		return nil
	}
	num := atoi(argv[keyCountOfs])
	if num < 1 || num > (argc-firstKeyOfs)/keyStep {
		return nil
	}
	keys := make([]KeyRef, 0, num+1)
	for i := 0; i < num; i++ {
		keys = append(keys, KeyRef{Pos: firstKeyOfs + i*keyStep})
	}
	if storeKeyOfs != 0 {
		keys = append(keys, KeyRef{Pos: storeKeyOfs})
	}
	return keys
}

// sortROGetKeys: SORT_RO key ... reads only its first argument.
func sortROGetKeys(argv [][]byte) []KeyRef {
	return []KeyRef{{Pos: 1, Flags: []string{"RO", "access"}}}
}

// sortGetKeys: SORT key [BY p] [LIMIT o c] [GET p ...] [STORE dst]. The last
// STORE option names the destination. Mirrors sortGetKeys in db.c, which
// skips the arguments of LIMIT, GET and BY and treats any other word as a
// flag without arguments.
func sortGetKeys(argv [][]byte) []KeyRef {
	keys := []KeyRef{{Pos: 1, Flags: []string{"RO", "access"}}}
	store := 0
	skips := []struct {
		name string
		skip int
	}{{"limit", 2}, {"get", 1}, {"by", 1}}
	for i := 2; i < len(argv); i++ {
		for _, s := range skips {
			if eqFold(argv[i], s.name) {
				i += s.skip
				break
			}
			if eqFold(argv[i], "store") && i+1 < len(argv) {
				store = i + 1
				break
			}
		}
	}
	if store != 0 {
		keys = append(keys, KeyRef{Pos: store, Flags: []string{"OW", "update"}})
	}
	return keys
}

// migrateGetKeys: MIGRATE host port key|"" db timeout [COPY] [REPLACE]
// [AUTH pw | AUTH2 user pw] [KEYS key ...]. With an empty key argument the
// keys follow the KEYS option; KEYS with a non-empty key argument is a
// syntax error and gives no keys.
func migrateGetKeys(argv [][]byte) []KeyRef {
	argc := len(argv)
	first, num := 3, 1
	skips := []struct {
		name string
		skip int
	}{{"copy", 0}, {"replace", 0}, {"auth", 1}, {"auth2", 2}}
	if argc > 6 {
		for i := 6; i < argc; i++ {
			if eqFold(argv[i], "keys") {
				if len(argv[3]) > 0 {
					num = 0
				} else {
					first, num = i+1, argc-(i+1)
				}
				break
			}
			for _, s := range skips {
				if eqFold(argv[i], s.name) {
					i += s.skip
					break
				}
			}
		}
	}
	keys := make([]KeyRef, 0, num)
	for i := 0; i < num; i++ {
		keys = append(keys, KeyRef{Pos: first + i, Flags: []string{"RW", "access", "delete"}})
	}
	return keys
}

// georadiusGetKeys: GEORADIUS key ... [STORE key] [STOREDIST key]; the last
// STORE or STOREDIST wins, as in the command itself.
func georadiusGetKeys(argv [][]byte) []KeyRef {
	stored := -1
	for i := 5; i < len(argv); i++ {
		if (eqFold(argv[i], "store") || eqFold(argv[i], "storedist")) && i+1 < len(argv) {
			stored = i + 1
			i++
		}
	}
	keys := []KeyRef{{Pos: 1}}
	if stored != -1 {
		keys = append(keys, KeyRef{Pos: stored})
	}
	return keys
}

// xreadGetKeys: XREAD/XREADGROUP [BLOCK ms] [COUNT n] [GROUP g c] [NOACK]
// STREAMS key ... id ...: the first half of the arguments after the STREAMS
// option, which is found by parsing the options (a key may be "streams").
func xreadGetKeys(argv [][]byte) []KeyRef {
	argc := len(argv)
	pos := -1
	for i := 1; i < argc && pos == -1; i++ {
		switch {
		case eqFold(argv[i], "block"), eqFold(argv[i], "count"):
			i++
		case eqFold(argv[i], "group"):
			i += 2
		case eqFold(argv[i], "noack"):
		case eqFold(argv[i], "streams"):
			pos = i
		default:
			i = argc // syntax error
		}
	}
	if pos == -1 {
		return nil
	}
	num := argc - pos - 1
	if num == 0 || num%2 != 0 {
		return nil
	}
	num /= 2
	keys := make([]KeyRef, 0, num)
	for i := pos + 1; i < argc-num; i++ {
		keys = append(keys, KeyRef{Pos: i})
	}
	return keys
}

// setGetKeys: SET key value [...]: the GET option makes the key read too.
// Like Redis it compares the C string, so "get\x00x" counts as GET.
func setGetKeys(argv [][]byte) []KeyRef {
	for i := 3; i < len(argv); i++ {
		if eqFold(argv[i], "get") {
			return []KeyRef{{Pos: 1, Flags: []string{"RW", "access", "update"}}}
		}
	}
	return []KeyRef{{Pos: 1, Flags: []string{"OW", "update"}}}
}

// bitfieldGetKeys: BITFIELD key [GET t o | SET t o v | INCRBY t o i |
// OVERFLOW w ...]: read-only when every operation is a complete GET or
// OVERFLOW; anything else (or a syntax error) counts as a write.
func bitfieldGetKeys(argv [][]byte) []KeyRef {
	argc := len(argv)
	readonly := true
	for i := 2; i < argc; i++ {
		rem := argc - i - 1
		switch {
		case eqFold(argv[i], "get") && rem >= 2:
			i += 2
		case (eqFold(argv[i], "set") || eqFold(argv[i], "incrby")) && rem >= 3:
			readonly = false
			i = argc
		case eqFold(argv[i], "overflow") && rem >= 1:
			i++
		default:
			readonly = false
			i = argc
		}
	}
	if readonly {
		return []KeyRef{{Pos: 1, Flags: []string{"RO", "access"}}}
	}
	return []KeyRef{{Pos: 1, Flags: []string{"RW", "access", "update"}}}
}

// cLen is the length of b as a C string: up to its first NUL.
func cLen(b []byte) int {
	for i, c := range b {
		if c == 0 {
			return i
		}
	}
	return len(b)
}

// atoi parses b as C's atoi (glibc: (int)strtol(b, NULL, 10)): leading
// white space, an optional sign, then digits up to the first non-digit;
// strtol saturates at the long range, and the cast keeps the low 32 bits.
func atoi(b []byte) int {
	i := 0
	for i < len(b) && (b[i] == ' ' || (b[i] >= '\t' && b[i] <= '\r')) {
		i++
	}
	neg := false
	if i < len(b) && (b[i] == '+' || b[i] == '-') {
		neg = b[i] == '-'
		i++
	}
	var n uint64
	overflow := false
	for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
		if n > (math.MaxUint64-9)/10 {
			overflow = true
			continue
		}
		n = n*10 + uint64(b[i]-'0')
	}
	var v int64
	switch {
	case !neg && (overflow || n > math.MaxInt64):
		v = math.MaxInt64
	case neg && (overflow || n > 1<<63):
		v = math.MinInt64
	case neg:
		v = -int64(n)
	default:
		v = int64(n)
	}
	return int(int32(v))
}
