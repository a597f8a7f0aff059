package commands

import "strings"

// introspectionCommands returns COMMAND and its subcommands. Every reply is
// rendered from the command table, in the shapes of Redis 7.0's server.c
// (addReplyCommandInfo, addReplyCommandDocs and their helpers).
//
// Deviation: Redis lists commands and subcommands in its hash tables' order,
// which is arbitrary; Ember lists them by name.
func introspectionCommands() []Impl {
	return []Impl{
		{Name: "command", Proc: commandCommand},
		{Name: "command|count", Proc: commandCountCommand},
		{Name: "command|list", Proc: commandListCommand},
		{Name: "command|info", Proc: commandInfoCommand},
		{Name: "command|docs", Proc: commandDocsCommand},
		{Name: "command|getkeys", Proc: commandGetKeysCommand},
		{Name: "command|getkeysandflags", Proc: commandGetKeysAndFlagsCommand},
		{Name: "command|help", Proc: commandHelpCommand},
	}
}

// COMMAND
// Replies with the COMMAND INFO entry of every top-level command.
func commandCommand(c *Client) error {
	replyAllCommandInfo(c)
	return nil
}

// COMMAND COUNT
func commandCountCommand(c *Client) error {
	c.ReplyInt(int64(len(c.Srv.Table.All())))
	return nil
}

// COMMAND LIST [FILTERBY MODULE module-name | ACLCAT category | PATTERN pattern]
// Lists the names of every command and subcommand ("config|get"), a container
// before its subcommands. ACLCAT takes a category name without '@', in any
// case; MODULE matches nothing, as Ember has no modules.
// Returns ErrSyntax unless the arguments are exactly one FILTERBY clause.
func commandListCommand(c *Client) error {
	var match func(cmd *Command) bool
	switch {
	case len(c.Argv) == 2:
		match = func(*Command) bool { return true }
	case len(c.Argv) == 5 && eqFold(c.Argv[2], "filterby"):
		arg := c.Argv[4]
		switch {
		case eqFold(c.Argv[3], "module"):
			match = func(*Command) bool { return false }
		case eqFold(c.Argv[3], "aclcat"):
			cat := "@" + asciiLower(arg[:cLen(arg)])
			match = func(cmd *Command) bool { return hasString(cmd.ACLCategories, cat) }
		case eqFold(c.Argv[3], "pattern"):
			match = func(cmd *Command) bool { return Match(arg, []byte(cmd.Name), true) }
		default:
			return ErrSyntax
		}
	default:
		return ErrSyntax
	}
	var names []string
	for _, cmd := range c.Srv.Table.All() {
		if match(cmd) {
			names = append(names, cmd.Name)
		}
		for _, sub := range cmd.Subcommands {
			if match(sub) {
				names = append(names, sub.Name)
			}
		}
	}
	c.ReplyArrayLen(len(names))
	for _, n := range names {
		c.ReplyBulkString(n)
	}
	return nil
}

// COMMAND INFO [command-name ...]
// Without names, every top-level command. A name may be "container|sub"; an
// unknown name gets a null entry in its place.
func commandInfoCommand(c *Client) error {
	if len(c.Argv) == 2 {
		replyAllCommandInfo(c)
		return nil
	}
	c.ReplyArrayLen(len(c.Argv) - 2)
	for _, name := range c.Argv[2:] {
		replyCommandInfo(c, c.Srv.Table.lookupCommandByName(name))
	}
	return nil
}

// COMMAND DOCS [command-name ...]
// A map from command name to its documentation; without names, every
// top-level command. Unknown names are left out.
func commandDocsCommand(c *Client) error {
	var cmds []*Command
	if len(c.Argv) == 2 {
		cmds = c.Srv.Table.All()
	} else {
		for _, name := range c.Argv[2:] {
			if cmd := c.Srv.Table.lookupCommandByName(name); cmd != nil {
				cmds = append(cmds, cmd)
			}
		}
	}
	c.ReplyMapLen(len(cmds))
	for _, cmd := range cmds {
		c.ReplyBulkString(cmd.Name)
		replyCommandDocs(c, cmd)
	}
	return nil
}

// COMMAND GETKEYS command [arg ...]
func commandGetKeysCommand(c *Client) error { return getKeysSubcommand(c, false) }

// COMMAND GETKEYSANDFLAGS command [arg ...]
func commandGetKeysAndFlagsCommand(c *Client) error { return getKeysSubcommand(c, true) }

// getKeysSubcommand replies with the keys of the command line in argv[2:]
// (with their key spec flags when withFlags). Mirrors getKeysSubcommandImpl.
// Returns ErrInvalidCommand for an unknown command or subcommand,
// ErrNoKeyArguments for a command without keys, ErrInvalidNumberOfArgs when
// the line breaks the command's arity, and ErrInvalidArguments when no key is
// found (an empty array instead for no_mandatory_keys commands such as EVAL).
func getKeysSubcommand(c *Client, withFlags bool) error {
	argv := c.Argv[2:]
	cmd := c.Srv.Table.lookupCommand(argv)
	switch {
	case cmd == nil:
		return ErrInvalidCommand
	case !cmd.HasKeys():
		return ErrNoKeyArguments
	case !cmd.CheckArity(len(argv)):
		return ErrInvalidNumberOfArgs
	}
	keys := GetKeysFromCommand(cmd, argv)
	if len(keys) == 0 && cmd.Flags&FlagNoMandatoryKeys == 0 {
		return ErrInvalidArguments
	}
	c.ReplyArrayLen(len(keys))
	for _, k := range keys {
		if !withFlags {
			c.ReplyBulk(argv[k.Pos])
			continue
		}
		c.ReplyArrayLen(2)
		c.ReplyBulk(argv[k.Pos])
		replyStatusSet(c, k.Flags)
	}
	return nil
}

// COMMAND HELP
// Status lines, as Redis's addReplyHelp.
func commandHelpCommand(c *Client) error {
	help := [...]string{
		"(no subcommand)",
		"    Return details about all Redis commands.",
		"COUNT",
		"    Return the total number of commands in this Redis server.",
		"LIST",
		"    Return a list of all commands in this Redis server.",
		"INFO [<command-name> ...]",
		"    Return details about multiple Redis commands.",
		"    If no command names are given, documentation details for all",
		"    commands are returned.",
		"DOCS [<command-name> ...]",
		"    Return documentation details about multiple Redis commands.",
		"    If no command names are given, documentation details for all",
		"    commands are returned.",
		"GETKEYS <full-command>",
		"    Return the keys from a full Redis command.",
		"GETKEYSANDFLAGS <full-command>",
		"    Return the keys and the access flags from a full Redis command.",
		"HELP",
		"    Prints this help.",
	}
	c.ReplyArrayLen(len(help) + 1)
	c.ReplyStatus("COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:")
	for _, l := range help {
		c.ReplyStatus(l)
	}
	return nil
}

// lookupCommand finds the row a command line runs: argv[0] and, for a
// container given a second argument, the subcommand argv[1] (any case). It
// returns the container itself when argv has one entry, and nil when there is
// no such command. Mirrors lookupCommand (non-strict) in server.c.
func (t *Table) lookupCommand(argv [][]byte) *Command {
	cmd := t.cmds[lower(argv[0])]
	if cmd == nil || len(argv) == 1 || len(cmd.Subcommands) == 0 {
		return cmd
	}
	return cmd.subcommand(lower(argv[1]))
}

// lookupCommandByName finds a command by its full name in any case: "get",
// "config" or "config|get". Nil for an unknown name, a subcommand of a
// command without subcommands, or more than one '|'. Mirrors
// lookupCommandBySds.
func (t *Table) lookupCommandByName(name []byte) *Command {
	parts := strings.Split(asciiLower(name), "|")
	if len(parts) > 2 {
		return nil
	}
	cmd := t.cmds[parts[0]]
	if cmd == nil || len(parts) == 1 {
		return cmd
	}
	if len(cmd.Subcommands) == 0 {
		return nil
	}
	return cmd.subcommand(parts[1])
}

// subcommand returns the subcommand named sub (lower case, without the
// container's name), or nil.
func (c *Command) subcommand(sub string) *Command {
	name := c.Name + "|" + sub
	for _, s := range c.Subcommands {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// replyAllCommandInfo writes the COMMAND INFO entries of every top-level
// command, as one array.
func replyAllCommandInfo(c *Client) {
	all := c.Srv.Table.All()
	c.ReplyArrayLen(len(all))
	for _, cmd := range all {
		replyCommandInfo(c, cmd)
	}
}

// replyCommandInfo writes one COMMAND INFO entry, or a null for nil: the
// 10-element array [name, arity, flags, first key, last key, step, ACL
// categories, tips, key specs, subcommands' entries]. Mirrors
// addReplyCommandInfo.
func replyCommandInfo(c *Client, cmd *Command) {
	if cmd == nil {
		c.ReplyNull()
		return
	}
	c.ReplyArrayLen(10)
	c.ReplyBulkString(cmd.Name)
	c.ReplyInt(int64(cmd.Arity))
	replyStatusSet(c, cmd.Flags.Names())
	c.ReplyInt(int64(cmd.FirstKey))
	c.ReplyInt(int64(cmd.LastKey))
	c.ReplyInt(int64(cmd.Step))
	replyStatusSet(c, cmd.ACLCategories)
	c.ReplySetLen(len(cmd.Tips))
	for _, tip := range cmd.Tips {
		c.ReplyBulkString(tip)
	}
	replyKeySpecs(c, cmd.KeySpecs)
	if len(cmd.Subcommands) == 0 {
		c.ReplySetLen(0)
		return
	}
	c.ReplyArrayLen(len(cmd.Subcommands))
	for _, sub := range cmd.Subcommands {
		replyCommandInfo(c, sub)
	}
}

// replyKeySpecs writes a set of key spec maps: notes (when there are any),
// flags, begin_search and find_keys. Mirrors addReplyCommandKeySpecs.
func replyKeySpecs(c *Client, specs []KeySpec) {
	c.ReplySetLen(len(specs))
	for _, ks := range specs {
		n := 3
		if ks.Notes != "" {
			n++
		}
		c.ReplyMapLen(n)
		if ks.Notes != "" {
			c.ReplyBulkString("notes")
			c.ReplyBulkString(ks.Notes)
		}
		c.ReplyBulkString("flags")
		replyStatusSet(c, ks.Flags)

		c.ReplyBulkString("begin_search")
		c.ReplyMapLen(2)
		c.ReplyBulkString("type")
		c.ReplyBulkString(ks.BeginSearch.Type)
		c.ReplyBulkString("spec")
		switch ks.BeginSearch.Type {
		case "index":
			c.ReplyMapLen(1)
			replyIntField(c, "index", ks.BeginSearch.Index)
		case "keyword":
			c.ReplyMapLen(2)
			c.ReplyBulkString("keyword")
			c.ReplyBulkString(ks.BeginSearch.Keyword)
			replyIntField(c, "startfrom", ks.BeginSearch.StartFrom)
		default:
			c.ReplyMapLen(0)
		}

		c.ReplyBulkString("find_keys")
		c.ReplyMapLen(2)
		c.ReplyBulkString("type")
		c.ReplyBulkString(ks.FindKeys.Type)
		c.ReplyBulkString("spec")
		switch ks.FindKeys.Type {
		case "range":
			c.ReplyMapLen(3)
			replyIntField(c, "lastkey", ks.FindKeys.LastKey)
			replyIntField(c, "keystep", ks.FindKeys.KeyStep)
			replyIntField(c, "limit", ks.FindKeys.Limit)
		case "keynum":
			c.ReplyMapLen(3)
			replyIntField(c, "keynumidx", ks.FindKeys.KeyNumIdx)
			replyIntField(c, "firstkey", ks.FindKeys.FirstKey)
			replyIntField(c, "keystep", ks.FindKeys.KeyStep)
		default:
			c.ReplyMapLen(0)
		}
	}
}

// replyCommandDocs writes one COMMAND DOCS value: a map of summary, since,
// group, complexity, doc_flags, deprecated_since, replaced_by, history,
// arguments and subcommands (name -> docs), each only when the command has
// it (group always). Mirrors addReplyCommandDocs.
func replyCommandDocs(c *Client, cmd *Command) {
	n := 1
	for _, present := range []bool{
		cmd.Summary != "", cmd.Since != "", cmd.Complexity != "", len(cmd.DocFlags) > 0,
		cmd.DeprecatedSince != "", cmd.ReplacedBy != "", len(cmd.History) > 0,
		len(cmd.Args) > 0, len(cmd.Subcommands) > 0,
	} {
		if present {
			n++
		}
	}
	c.ReplyMapLen(n)
	replyStringField(c, "summary", cmd.Summary)
	replyStringField(c, "since", cmd.Since)
	c.ReplyBulkString("group")
	c.ReplyBulkString(cmd.Group)
	replyStringField(c, "complexity", cmd.Complexity)
	if len(cmd.DocFlags) > 0 {
		c.ReplyBulkString("doc_flags")
		replyStatusSet(c, cmd.DocFlags)
	}
	replyStringField(c, "deprecated_since", cmd.DeprecatedSince)
	replyStringField(c, "replaced_by", cmd.ReplacedBy)
	if len(cmd.History) > 0 {
		c.ReplyBulkString("history")
		c.ReplySetLen(len(cmd.History))
		for _, h := range cmd.History {
			c.ReplyArrayLen(2)
			c.ReplyBulkString(h[0])
			c.ReplyBulkString(h[1])
		}
	}
	if len(cmd.Args) > 0 {
		c.ReplyBulkString("arguments")
		replyArgs(c, cmd.Args)
	}
	if len(cmd.Subcommands) > 0 {
		c.ReplyBulkString("subcommands")
		c.ReplyMapLen(len(cmd.Subcommands))
		for _, sub := range cmd.Subcommands {
			c.ReplyBulkString(sub.Name)
			replyCommandDocs(c, sub)
		}
	}
}

// replyArgs writes an array of argument maps: name, type, key_spec_index
// (for keys), token, summary, since, flags, deprecated_since, and the nested
// arguments of a oneof or block. Mirrors addReplyCommandArgList.
func replyArgs(c *Client, args []Arg) {
	c.ReplyArrayLen(len(args))
	for _, a := range args {
		nested := a.Type == "oneof" || a.Type == "block"
		hasToken := a.Token != "" || a.EmptyToken
		n := 2
		for _, present := range []bool{
			a.KeySpecIndex != -1, hasToken, a.Summary != "", a.Since != "",
			len(a.Flags) > 0, a.DeprecatedSince != "", nested,
		} {
			if present {
				n++
			}
		}
		c.ReplyMapLen(n)
		c.ReplyBulkString("name")
		c.ReplyBulkString(a.Name)
		c.ReplyBulkString("type")
		c.ReplyBulkString(a.Type)
		if a.KeySpecIndex != -1 {
			replyIntField(c, "key_spec_index", a.KeySpecIndex)
		}
		if hasToken {
			c.ReplyBulkString("token")
			c.ReplyBulkString(a.Token)
		}
		replyStringField(c, "summary", a.Summary)
		replyStringField(c, "since", a.Since)
		if len(a.Flags) > 0 {
			c.ReplyBulkString("flags")
			replyStatusSet(c, a.Flags)
		}
		replyStringField(c, "deprecated_since", a.DeprecatedSince)
		if nested {
			c.ReplyBulkString("arguments")
			replyArgs(c, a.Args)
		}
	}
}

// replyStatusSet writes names as a set of simple strings (flags, ACL
// categories): ~n in RESP3, *n in RESP2.
func replyStatusSet(c *Client, names []string) {
	c.ReplySetLen(len(names))
	for _, n := range names {
		c.ReplyStatus(n)
	}
}

// replyStringField writes the map entry name -> v as bulk strings, unless v
// is empty (the field is absent).
func replyStringField(c *Client, name, v string) {
	if v == "" {
		return
	}
	c.ReplyBulkString(name)
	c.ReplyBulkString(v)
}

// replyIntField writes the map entry name -> n.
func replyIntField(c *Client, name string, n int) {
	c.ReplyBulkString(name)
	c.ReplyInt(int64(n))
}

// asciiLower returns b as a string with ASCII letters lower-cased, as
// Redis's case-insensitive comparisons fold them; other bytes are kept.
func asciiLower(b []byte) string {
	out := make([]byte, len(b))
	for i, ch := range b {
		out[i] = toLower(ch)
	}
	return string(out)
}
