package commands

import "strings"

// Error is an error reply; its text goes on the wire after '-', verbatim.
// All reply error text lives in this file (STYLE.md §4).
type Error string

func (e Error) Error() string { return string(e) }

// Reply errors with Redis 7.0's exact text.
const (
	ErrSyntax         Error = "ERR syntax error"
	ErrWrongType      Error = "WRONGTYPE Operation against a key holding the wrong kind of value"
	ErrNotInteger     Error = "ERR value is not an integer or out of range"
	ErrNotFloat       Error = "ERR value is not a valid float"
	ErrOverflow       Error = "ERR increment or decrement would overflow"
	ErrNoSuchKey      Error = "ERR no such key"
	ErrDBIndex        Error = "ERR DB index is out of range"
	ErrInvalidDBIndex Error = "ERR invalid DB index"
	ErrSameObject     Error = "ERR source and destination objects are the same"
	ErrIncrNaNOrInf   Error = "ERR increment would produce NaN or Infinity"
	ErrStringTooLong  Error = "ERR string exceeds maximum allowed size (proto-max-bulk-len)"
	ErrOffsetRange    Error = "ERR offset is out of range"
	ErrBitOffset      Error = "ERR bit offset is not an integer or out of range"
	ErrBitValue       Error = "ERR bit is not an integer or out of range"
	ErrNoAuth         Error = "NOAUTH Authentication required."
	ErrTimeoutNeg     Error = "ERR timeout is negative"
	ErrTimeoutInvalid Error = "ERR timeout is not a float or out of range"
	ErrNegativeCount  Error = "ERR value is out of range, must be positive"
)

// ErrWrongArgs returns "ERR wrong number of arguments for 'name' command";
// name is the command's full name ("config|get" for a subcommand).
func ErrWrongArgs(name string) Error {
	return Error("ERR wrong number of arguments for '" + name + "' command")
}

// ErrUnknownCommand returns Redis's text for an unknown command: the name
// and the leading arguments, quoted, up to about 128 characters
// (processCommand in server.c).
func ErrUnknownCommand(argv [][]byte) Error {
	var args strings.Builder
	for i := 1; i < len(argv) && args.Len() < 128; i++ {
		a := argv[i]
		if room := 128 - args.Len(); len(a) > room {
			a = a[:room]
		}
		args.WriteByte('\'')
		args.Write(a)
		args.WriteString("' ")
	}
	return Error("ERR unknown command '" + trunc(argv[0], 128) + "', with args beginning with: " + args.String())
}

// ErrUnknownSubcommand returns "ERR unknown subcommand 'x'. Try CONFIG HELP."
func ErrUnknownSubcommand(container string, sub []byte) Error {
	return Error("ERR unknown subcommand '" + trunc(sub, 128) + "'. Try " + strings.ToUpper(container) + " HELP.")
}

// errInvalidExpire returns "ERR invalid expire time in 'set' command".
func errInvalidExpire(name string) Error {
	return Error("ERR invalid expire time in '" + name + "' command")
}

func trunc(b []byte, n int) string {
	if len(b) > n {
		b = b[:n]
	}
	return string(b)
}

// keyspace
const (
	ErrInvalidCursor        Error = "ERR invalid cursor"
	ErrExpireNXAndOthers    Error = "ERR NX and XX, GT or LT options at the same time are not compatible"
	ErrExpireGTAndLT        Error = "ERR GT and LT options at the same time are not compatible"
	ErrInvalidFirstDBIndex  Error = "ERR invalid first DB index"
	ErrInvalidSecondDBIndex Error = "ERR invalid second DB index"
	ErrIntRange             Error = "ERR value is out of range, value must between -2147483648 and 2147483647"
	ErrLFUSelected          Error = "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust."
	ErrLFUNotSelected       Error = "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust."
)

// errUnsupportedOption returns "ERR Unsupported option <opt>" (the EXPIRE
// family's reply to an unknown flag; opt is echoed verbatim).
func errUnsupportedOption(opt []byte) Error {
	return Error("ERR Unsupported option " + string(opt))
}

// Introspection (COMMAND GETKEYS, COMMAND GETKEYSANDFLAGS).
const (
	ErrInvalidCommand      Error = "ERR Invalid command specified"
	ErrNoKeyArguments      Error = "ERR The command has no key arguments"
	ErrInvalidNumberOfArgs Error = "ERR Invalid number of arguments specified for command"
	ErrInvalidArguments    Error = "ERR Invalid arguments specified for command"
)

// Persistence: the append-only file (BGREWRITEAOF, BGSAVE beside a rewrite).
const (
	ErrRewriteInProgress Error = "ERR Background append only file rewriting already in progress"
	ErrRewriteFailed     Error = "ERR Can't execute an AOF background rewriting. Please check the server logs for more information."
	ErrBGSaveChildActive Error = "ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible."
	// ErrAOFWritePrefix is followed by strerror of the failed write or fsync.
	ErrAOFWritePrefix = "MISCONF Errors writing to the AOF file: "
)
