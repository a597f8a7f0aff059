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

// Administration and client commands (server/cmd_admin.go, cmd_client.go,
// cmd_debug.go): Redis 7.0's text.
const (
	ErrNoShutdown          Error = "ERR No shutdown in progress."
	ErrSlowlogCount        Error = "ERR count should be greater than or equal to -1"
	ErrFunctionFlushOption Error = "ERR FUNCTION FLUSH only supports SYNC|ASYNC option"
	ErrScriptFlushOption   Error = "ERR SCRIPT FLUSH only support SYNC|ASYNC option"
	ErrInvalidClientID     Error = "ERR Invalid client ID"
	ErrClientIDPositive    Error = "ERR client-id should be greater than 0"
	ErrNoSuchClient        Error = "ERR No such client"
	ErrPauseMode           Error = "ERR CLIENT PAUSE mode must be WRITE or ALL"
	ErrTimeoutNotInteger   Error = "ERR timeout is not an integer or out of range"
	ErrTimeoutOutOfRange   Error = "ERR timeout is out of range"
	ErrUnblockReason       Error = "ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR"
	ErrCachingNoTracking   Error = "ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled"
	// ErrTrackingUnsupported is Ember's: client-side caching is not implemented.
	ErrTrackingUnsupported Error = "ERR client tracking is not supported by this server"
	ErrDebugNotAllowed     Error = `ERR DEBUG command not allowed. If the enable-debug-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.`
	ErrPackedThreshold     Error = "ERR argument must be a memory value bigger than 1 and smaller than 4gb"
	ErrOutOfRangeDB        Error = "ERR Out of range database"
	ErrNotHashTable        Error = "ERR The value stored at the specified key is not represented using an hash table"
	ErrNotListpack         Error = "ERR Not a listpack encoded object."
	ErrNotQuicklist        Error = "ERR Not a quicklist encoded object."
	ErrNotSDS              Error = "ERR Not an sds encoded string."
	ErrClientEvictionOff   Error = "ERR maxmemory-clients is disabled."
	ErrClusterOnly         Error = "ERR Debug option only available for cluster mode enabled setup!"
	ErrDebugReload         Error = "ERR Error trying to save the DB, can't reload"
	ErrDebugLoadAOF        Error = "ERR Error trying to load the AOF files, check server logs."
	ErrProtocolRESP2       Error = "ERR RESP2 is not supported by this command"
	ErrProtocolType        Error = "ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false"
)

// ErrUnknownClientType returns "ERR Unknown client type 'x'".
func ErrUnknownClientType(name []byte) Error {
	return Error("ERR Unknown client type '" + string(name) + "'")
}

// ErrNoSuchUser returns "ERR No such user 'x'".
func ErrNoSuchUser(name []byte) Error { return Error("ERR No such user '" + string(name) + "'") }

// ErrNoLatencySamples returns "ERR No samples available for event 'x'".
func ErrNoLatencySamples(event []byte) Error {
	return Error("ERR No samples available for event '" + string(event) + "'")
}

// ErrSubcommandSyntax returns Redis's addReplySubcommandSyntaxError text for
// a known subcommand given the wrong arguments: "ERR unknown subcommand or
// wrong number of arguments for 'get'. Try SLOWLOG HELP." (sub as typed).
func ErrSubcommandSyntax(container string, sub []byte) Error {
	return Error("ERR unknown subcommand or wrong number of arguments for '" + trunc(sub, 128) +
		"'. Try " + strings.ToUpper(container) + " HELP.")
}

// ErrUnsupported returns Ember's error for a subcommand it does not
// implement: "ERR DEBUG SEGFAULT is not supported by this server".
func ErrUnsupported(what string) Error {
	return Error("ERR " + what + " is not supported by this server")
}
