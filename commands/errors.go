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

// strings
const (
	ErrDecrOverflow         Error = "ERR decrement would overflow"
	ErrLCSNotString         Error = "ERR The specified keys must contain string values"
	ErrLCSIdxLen            Error = "ERR If you want both the length and indexes, please just use IDX."
	ErrLCSTooLong           Error = "ERR String too long for LCS"
	ErrLCSNoMemory          Error = "ERR Insufficient memory, failed allocating transient memory for LCS"
	ErrBitposBit            Error = "ERR The bit argument must be 1 or 0."
	ErrBitopNot             Error = "ERR BITOP NOT must be called with a single source key."
	ErrBitfieldType         Error = "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is."
	ErrBitfieldOverflowType Error = "ERR Invalid OVERFLOW type specified"
	ErrBitfieldRO           Error = "ERR BITFIELD_RO only supports the GET subcommand"
)

// CONFIG (server/cmd_config.go).

// ErrNoConfigFile is CONFIG REWRITE's error when no file was loaded.
const ErrNoConfigFile Error = "ERR The server is running without a config file"

// ErrConfigSetUnknown returns CONFIG SET's error for an unknown directive:
// "ERR Unknown option or number of arguments for CONFIG SET - 'foo'".
func ErrConfigSetUnknown(name string) Error {
	return Error("ERR Unknown option or number of arguments for CONFIG SET - '" + name + "'")
}

// ErrConfigSetFailed returns CONFIG SET's error for a refused value:
// "ERR CONFIG SET failed (possibly related to argument 'hz') - <reason>".
func ErrConfigSetFailed(name, reason string) Error {
	return Error("ERR CONFIG SET failed (possibly related to argument '" + name + "') - " + reason)
}

// ErrRewriteConfig returns CONFIG REWRITE's error when the file cannot be
// written: "ERR Rewriting config file: Permission denied".
func ErrRewriteConfig(reason string) Error {
	return Error("ERR Rewriting config file: " + reason)
}

// sorted sets
const (
	ErrZXXAndNX         Error = "ERR XX and NX options at the same time are not compatible"
	ErrZGTLTNX          Error = "ERR GT, LT, and/or NX options at the same time are not compatible"
	ErrZIncrPair        Error = "ERR INCR option supports a single increment-element pair"
	ErrZNaNScore        Error = "ERR resulting score is not a number (NaN)"
	ErrZMinMaxNotFloat  Error = "ERR min or max is not a float"
	ErrZMinMaxNotLex    Error = "ERR min or max not valid string range item"
	ErrZWeightNotFloat  Error = "ERR weight value is not a float"
	ErrZLimitNegative   Error = "ERR LIMIT can't be negative"
	ErrZNumkeys         Error = "ERR numkeys should be greater than 0"
	ErrZCount           Error = "ERR count should be greater than 0"
	ErrZOutOfRange      Error = "ERR value is out of range"
	ErrZLimitNeedsBy    Error = "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX"
	ErrZWithscoresBylex Error = "ERR syntax error, WITHSCORES not supported in combination with BYLEX"
)

// errZNoInputKeys returns "ERR at least 1 input key is needed for 'zunion'
// command" for ZUNION, ZINTER, ZDIFF, ZINTERCARD and their STORE forms.
func errZNoInputKeys(name string) Error {
	return Error("ERR at least 1 input key is needed for '" + name + "' command")
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

// hashes and sets
const (
	ErrHashNotInteger  Error = "ERR hash value is not an integer"
	ErrHashNotFloat    Error = "ERR hash value is not a float"
	ErrNaNOrInfinity   Error = "ERR value is NaN or Infinity"
	ErrOutOfRange      Error = "ERR value is out of range"
	ErrCountOutOfRange Error = "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"
	ErrNumkeysZero     Error = "ERR numkeys should be greater than 0"
	ErrNumkeysTooMany  Error = "ERR Number of keys can't be greater than number of args"
	ErrLimitNegative   Error = "ERR LIMIT can't be negative"
)

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

// Persistence: the append-only file (BGREWRITEAOF, BGSAVE beside a rewrite).
const (
	ErrRewriteInProgress Error = "ERR Background append only file rewriting already in progress"
	ErrRewriteFailed     Error = "ERR Can't execute an AOF background rewriting. Please check the server logs for more information."
	ErrBGSaveChildActive Error = "ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible."
	// ErrAOFWritePrefix is followed by strerror of the failed write or fsync.
	ErrAOFWritePrefix = "MISCONF Errors writing to the AOF file: "
)
