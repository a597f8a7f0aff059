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

// lists
const (
	ErrIndexOutOfRange    Error = "ERR index out of range"
	ErrNumkeysNotPositive Error = "ERR numkeys should be greater than 0"
	ErrCountNotPositive   Error = "ERR count should be greater than 0"
	ErrLposRankZero       Error = "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list"
	ErrLposCountNegative  Error = "ERR COUNT can't be negative"
	ErrLposMaxlenNegative Error = "ERR MAXLEN can't be negative"
	// ErrUnblocked is what CLIENT UNBLOCK id ERROR makes the blocked
	// command reply.
	ErrUnblocked Error = "UNBLOCKED client unblocked via CLIENT UNBLOCK"
)
