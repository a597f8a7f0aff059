package server

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/ember-db/ember/commands"
	"github.com/ember-db/ember/persist"
)

// The directives with their own syntax (Redis's createSpecialConfig and the
// multi-argument enums). Each parses its arguments into the canonical text
// CONFIG GET prints.

// defaultBind is Ember's default bind (see DefaultConfig).
const defaultBind = "127.0.0.1 -::1"

// bindDir: bind <addr> [<addr> ...]; at most 16 addresses; "" = none.
// An address starting with '-' is optional. Mirrors setConfigBindOption.
func bindDir() *directive {
	d := &directive{name: "bind", flags: cfgMultiArg, def: defaultBind}
	d.parse = func(_ *Config, a []string) (string, error) {
		if len(a) > 16 {
			return "", errArg("Too many bind addresses specified.")
		}
		if len(a) == 1 && a[0] == "" {
			a = nil
		}
		return strings.Join(a, " "), nil
	}
	d.apply = func(c *Config, v string) { c.Bind = strings.Fields(v) }
	d.rewrite = func(d *directive, v string) []rewriteLine {
		switch v {
		case d.def:
			return nil
		case "":
			return []rewriteLine{{`bind ""`, true}}
		}
		return []rewriteLine{{"bind " + v, true}}
	}
	return d
}

// dirDir: dir <path>. Redis chdir()s; Ember keeps the absolute path
// instead (several servers may share a process in tests) and resolves a
// relative path against the current dir, as chdir would. Protected: CONFIG
// SET needs enable-protected-configs.
func dirDir() *directive {
	d := &directive{name: "dir", flags: cfgProtected | cfgDenyLoading}
	d.parse = func(c *Config, a []string) (string, error) {
		p := a[0]
		if p == "" {
			return "", errArg("No such file or directory") // chdir("") is ENOENT
		}
		if !filepath.IsAbs(p) {
			base := c.Dir
			if base == "" {
				base, _ = os.Getwd()
			}
			p = filepath.Join(base, p)
		}
		st, err := os.Stat(p)
		if err != nil {
			return "", errArg(persist.Strerror(err))
		}
		if !st.IsDir() {
			return "", errArg("Not a directory")
		}
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real // getcwd reports the resolved path
		}
		return filepath.Clean(p), nil
	}
	d.apply = func(c *Config, v string) { c.Dir = v }
	d.rewrite = func(d *directive, v string) []rewriteLine {
		return []rewriteLine{{"dir " + reprString(v), true}}
	}
	return d
}

// saveDir: save <seconds> <changes> [<seconds> <changes> ...], or save ""
// for none. Seconds must be at least 1, changes at least 0. Mirrors
// setConfigSaveOption (numbers read with strtoll, so a leading '+' passes).
func saveDir() *directive {
	d := &directive{name: "save", flags: cfgMultiArg, def: "3600 1 300 100 60 10000"}
	d.parse = func(_ *Config, a []string) (string, error) {
		if len(a) == 1 && a[0] == "" {
			a = nil
		}
		if len(a)%2 != 0 {
			return "", errArg("Invalid save parameters")
		}
		out := make([]string, len(a))
		for j, s := range a {
			n, ok := strtoll(s, 10)
			if !ok || (j%2 == 0 && n < 1) || (j%2 == 1 && n < 0) {
				return "", errArg("Invalid save parameters")
			}
			if j%2 == 1 {
				n = int64(int32(n)) // changes is a C int
			}
			out[j] = strconv.FormatInt(n, 10)
		}
		return strings.Join(out, " "), nil
	}
	d.apply = func(c *Config, v string) {
		f := strings.Fields(v)
		c.Save = c.Save[:0:0]
		for i := 0; i+1 < len(f); i += 2 {
			s, _ := strconv.ParseInt(f[i], 10, 64)
			n, _ := strconv.ParseInt(f[i+1], 10, 64)
			c.Save = append(c.Save, SavePoint{Seconds: s, Changes: n})
		}
	}
	d.rewrite = func(d *directive, v string) []rewriteLine {
		f := strings.Fields(v)
		if len(f) == 0 {
			return []rewriteLine{{`save ""`, true}}
		}
		var lines []rewriteLine
		for i := 0; i+1 < len(f); i += 2 {
			lines = append(lines, rewriteLine{"save " + f[i] + " " + f[i+1], true})
		}
		return lines
	}
	return d
}

// obufClasses are client-output-buffer-limit's classes in Redis's order;
// CONFIG GET says "slave", CONFIG REWRITE "replica".
var obufClasses = []string{"normal", "slave", "pubsub"}

const defaultObufLimits = "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60"

// clientOutputBufferLimitDir: client-output-buffer-limit <class> <hard>
// <soft> <soft-seconds> [...]. Only the classes named change. Mirrors
// updateClientOutputBufferLimit.
func clientOutputBufferLimitDir() *directive {
	d := &directive{name: "client-output-buffer-limit", flags: cfgMultiArg, def: defaultObufLimits}
	d.parse = func(c *Config, a []string) (string, error) {
		if len(a)%4 != 0 {
			return "", errArg("Wrong number of arguments in buffer limit configuration.")
		}
		cur := parseObufLimits(c.values["client-output-buffer-limit"])
		for j := 0; j < len(a); j += 4 {
			class := -1
			switch strings.ToLower(a[j]) {
			case "normal":
				class = 0
			case "slave", "replica":
				class = 1
			case "pubsub":
				class = 2
			}
			if class < 0 {
				return "", errArg("Invalid client class specified in buffer limit configuration.")
			}
			hard, ok1 := memtoull(a[j+1])
			soft, ok2 := memtoull(a[j+2])
			secs, ok3 := strtoll(a[j+3], 10)
			secs = int64(int32(secs)) // a C int
			if !ok1 || !ok2 || !ok3 || secs < 0 {
				return "", errArg("Error in hard, soft or soft_seconds setting in buffer limit configuration.")
			}
			cur[class] = [3]string{strconv.FormatUint(hard, 10), strconv.FormatUint(soft, 10), strconv.FormatInt(secs, 10)}
		}
		return formatObufLimits(cur), nil
	}
	d.apply = func(c *Config, v string) {
		for i, l := range parseObufLimits(v) {
			c.ClientOutputBufferLimits[i] = OutputBufferLimit{
				HardBytes: canonicalInt(l[0]), SoftBytes: canonicalInt(l[1]), SoftSeconds: canonicalInt(l[2])}
		}
	}
	d.rewrite = func(d *directive, v string) []rewriteLine {
		cur, def := parseObufLimits(v), parseObufLimits(d.def)
		var lines []rewriteLine
		for i, l := range cur {
			name := obufClasses[i]
			if name == "slave" {
				name = "replica"
			}
			text := "client-output-buffer-limit " + name + " " + formatMemory(uint64(canonicalInt(l[0]))) + " " +
				formatMemory(uint64(canonicalInt(l[1]))) + " " + l[2]
			lines = append(lines, rewriteLine{text, l != def[i]})
		}
		return lines
	}
	return d
}

// parseObufLimits splits the canonical text into [class][hard, soft, secs].
func parseObufLimits(v string) [3][3]string {
	var out [3][3]string
	f := strings.Fields(v)
	for i := 0; i+3 < len(f) && i/4 < 3; i += 4 {
		out[i/4] = [3]string{f[i+1], f[i+2], f[i+3]}
	}
	return out
}

func formatObufLimits(l [3][3]string) string {
	parts := make([]string, 0, 12)
	for i, c := range l {
		parts = append(parts, obufClasses[i], c[0], c[1], c[2])
	}
	return strings.Join(parts, " ")
}

// oomScoreAdjValuesDir: oom-score-adj-values <master> <replica>
// <bgchild>, each in [-2000, 2000]. Stored only.
func oomScoreAdjValuesDir() *directive {
	d := &directive{name: "oom-score-adj-values", flags: cfgMultiArg, def: "0 200 800"}
	d.parse = func(_ *Config, a []string) (string, error) {
		if len(a) != 3 {
			return "", errArg("wrong number of arguments")
		}
		out := make([]string, 3)
		for i, s := range a {
			n, ok := strtoll(s, 10)
			if !ok || n < -2000 || n > 2000 {
				return "", errArg("Invalid oom-score-adj-values, elements must be between -2000 and 2000.")
			}
			out[i] = strconv.FormatInt(n, 10)
		}
		return strings.Join(out, " "), nil
	}
	d.rewrite = func(d *directive, v string) []rewriteLine {
		return []rewriteLine{{d.name + " " + v, v != d.def}}
	}
	return d
}

// Keyspace event classes, as Redis's NOTIFY_* flags.
const (
	notifyKeyspace = 1 << iota // K
	notifyKeyevent             // E
	notifyGeneric              // g
	notifyString               // $
	notifyList                 // l
	notifySet                  // s
	notifyHash                 // h
	notifyZset                 // z
	notifyExpired              // x
	notifyEvicted              // e
	notifyStream               // t
	notifyKeyMiss              // m
	notifyModule               // d
	notifyNew                  // n
	// notifyAll is 'A': every class but m and n.
	notifyAll = notifyGeneric | notifyString | notifyList | notifySet | notifyHash | notifyZset |
		notifyExpired | notifyEvicted | notifyStream | notifyModule
)

// keyspaceEventsFlags parses notify-keyspace-events letters; -1 if a
// letter is unknown. Mirrors keyspaceEventsStringToFlags.
func keyspaceEventsFlags(s string) int {
	flags := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case 'A':
			flags |= notifyAll
		case 'g':
			flags |= notifyGeneric
		case '$':
			flags |= notifyString
		case 'l':
			flags |= notifyList
		case 's':
			flags |= notifySet
		case 'h':
			flags |= notifyHash
		case 'z':
			flags |= notifyZset
		case 'x':
			flags |= notifyExpired
		case 'e':
			flags |= notifyEvicted
		case 'K':
			flags |= notifyKeyspace
		case 'E':
			flags |= notifyKeyevent
		case 't':
			flags |= notifyStream
		case 'm':
			flags |= notifyKeyMiss
		case 'd':
			flags |= notifyModule
		case 'n':
			flags |= notifyNew
		default:
			return -1
		}
	}
	return flags
}

// keyspaceEventsString is the canonical form of flags: "A" when every
// class of A is on (then n is not shown, as in Redis), else the class
// letters in Redis's order; then K, E, m. Mirrors keyspaceEventsFlagsToString.
func keyspaceEventsString(flags int) string {
	var b strings.Builder
	if flags&notifyAll == notifyAll {
		b.WriteByte('A')
	} else {
		for _, f := range []struct {
			flag   int
			letter byte
		}{{notifyGeneric, 'g'}, {notifyString, '$'}, {notifyList, 'l'}, {notifySet, 's'}, {notifyHash, 'h'},
			{notifyZset, 'z'}, {notifyExpired, 'x'}, {notifyEvicted, 'e'}, {notifyStream, 't'},
			{notifyModule, 'd'}, {notifyNew, 'n'}} {
			if flags&f.flag != 0 {
				b.WriteByte(f.letter)
			}
		}
	}
	if flags&notifyKeyspace != 0 {
		b.WriteByte('K')
	}
	if flags&notifyKeyevent != 0 {
		b.WriteByte('E')
	}
	if flags&notifyKeyMiss != 0 {
		b.WriteByte('m')
	}
	return b.String()
}

// notifyKeyspaceEventsDir: notify-keyspace-events <classes>.
func notifyKeyspaceEventsDir() *directive {
	d := &directive{name: "notify-keyspace-events", def: ""}
	d.parse = func(_ *Config, a []string) (string, error) {
		flags := keyspaceEventsFlags(a[0])
		if flags < 0 {
			return "", errArg("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.")
		}
		return keyspaceEventsString(flags), nil
	}
	d.apply = func(c *Config, v string) { c.NotifyKeyspaceEvents = v }
	d.rewrite = func(d *directive, v string) []rewriteLine {
		return []rewriteLine{{d.name + " " + reprString(v), v != ""}}
	}
	return d
}

// replicaofDir: replicaof <host> <port> | replicaof no one (alias
// slaveof). Immutable in Redis 7.0 (REPLICAOF is the command). Ember has
// no replication: a master address fails start-up rather than running as a
// master that was meant to be a replica.
func replicaofDir() *directive {
	d := &directive{name: "replicaof", aliasName: "slaveof", flags: cfgImmutable | cfgMultiArg, def: ""}
	d.parse = func(_ *Config, a []string) (string, error) {
		if len(a) != 2 {
			return "", errArg("wrong number of arguments")
		}
		if strings.EqualFold(a[0], "no") && strings.EqualFold(a[1], "one") {
			return "", nil
		}
		port, ok := strtoll(a[1], 10)
		if !ok || a[1] == "" || port < 0 || port > 65535 {
			return "", errArg("Invalid master port")
		}
		return "", errArg("replication is not supported by Ember")
	}
	d.rewrite = func(d *directive, v string) []rewriteLine {
		if v == "" {
			return nil
		}
		return []rewriteLine{{d.name + " " + v, true}}
	}
	return d
}

// latencyPercentilesDir: latency-tracking-info-percentiles <p> [<p> ...]
// or "" for none; each in [0, 100], printed as "%f" without trailing
// zeros. Stored only.
func latencyPercentilesDir() *directive {
	d := &directive{name: "latency-tracking-info-percentiles", flags: cfgMultiArg, def: "50 99 99.9"}
	d.parse = func(_ *Config, a []string) (string, error) {
		if len(a) == 1 && a[0] == "" {
			a = nil
		}
		out := make([]string, len(a))
		for i, s := range a {
			f, err := commands.ParseFloat([]byte(s))
			if err != nil {
				return "", errArg("Invalid latency-tracking-info-percentiles parameters")
			}
			if f > 100 || f < 0 {
				return "", errArg("latency-tracking-info-percentiles parameters should sit between [0.0,100.0]")
			}
			out[i] = formatPercentile(f)
		}
		return strings.Join(out, " "), nil
	}
	d.rewrite = func(d *directive, v string) []rewriteLine {
		if v == "" {
			return []rewriteLine{{d.name + ` ""`, true}}
		}
		return []rewriteLine{{d.name + " " + v, true}}
	}
	return d
}

// The flags of shutdown-on-sigint and shutdown-on-sigterm, as Redis's
// SHUTDOWN_* flags; none is "default".
const (
	ShutdownSave   = 1 << iota // save even without save points
	ShutdownNoSave             // do not save
	ShutdownNow                // do not wait for replicas (Ember has none)
	ShutdownForce              // exit even if the final save fails
)

// shutdownFlags returns the flags named by a canonical shutdown-on-*
// value ("default", "nosave now").
func shutdownFlags(v string) int {
	flags := 0
	for _, name := range strings.Fields(v) {
		for _, e := range shutdownOnSignalFlags {
			if e.name == name {
				flags |= e.val
			}
		}
	}
	return flags
}

// shutdownOnDir: shutdown-on-sigint / shutdown-on-sigterm, a set of the
// flags default, save, nosave, now, force. CONFIG GET prints the flags in
// that order ("default" when none). The signal's shutdown (Server.Shutdown)
// takes them as SHUTDOWN takes its arguments.
func shutdownOnDir(name string) *directive {
	values := shutdownOnSignalFlags
	d := &directive{name: name, flags: cfgMultiArg, def: "default", enum: values}
	d.parse = func(_ *Config, a []string) (string, error) {
		if len(a) == 0 {
			return "", errArg(enumError(values))
		}
		flags := 0
		for _, s := range a {
			found := false
			for _, e := range values {
				if strings.EqualFold(s, e.name) {
					flags |= e.val
					found = true
					break
				}
			}
			if !found {
				return "", errArg(enumError(values))
			}
		}
		if flags&1 != 0 && flags&2 != 0 {
			return "", errArg("shutdown options SAVE and NOSAVE can't be used simultaneously")
		}
		return flagNames(values, flags), nil
	}
	d.rewrite = simpleRewrite
	return d
}

// flagNames prints a set of enum flags as Redis's configEnumGetName with
// bitflags: the exact name if one matches, else every flag set, in order.
func flagNames(values []enumValue, flags int) string {
	var names []string
	left := flags
	for _, e := range values {
		if e.val == flags {
			return e.name
		}
		if e.val != 0 && left&e.val == e.val {
			names = append(names, e.name)
			left &^= e.val
		}
	}
	if len(names) == 0 || left != 0 {
		return "unknown"
	}
	return strings.Join(names, " ")
}
