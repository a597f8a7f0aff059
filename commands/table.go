package commands

import (
	"fmt"
	"sort"
	"strings"
)

// Table is the command table: the rows of Redis's command specs that have a
// handler, bound by name. It is built once and only read afterwards.
// Safe for concurrent reads.
type Table struct {
	cmds  map[string]*Command // top-level commands by lower-case name
	order []*Command          // top-level commands sorted by name
}

// NewTable joins the command layer's handlers with extra (the server's
// connection and administration handlers) and binds each to its Redis spec.
// A container (CONFIG, CLIENT, ...) is in the table when one of its
// subcommands is. It returns an error if a handler has no spec, is bound
// twice, or a row breaks an invariant (see validate).
func NewTable(extra ...Impl) (*Table, error) {
	impls := append(dataImpls(), extra...)
	specList := specs()
	rows := make(map[string]*Command, len(specList))
	for i := range specList {
		rows[specList[i].Name] = &specList[i]
	}
	t := &Table{cmds: make(map[string]*Command)}
	for _, im := range impls {
		row, ok := rows[im.Name]
		if !ok {
			return nil, fmt.Errorf("commands: handler %q has no Redis command spec", im.Name)
		}
		if row.Proc != nil {
			return nil, fmt.Errorf("commands: %q bound twice", im.Name)
		}
		row.Proc = im.Proc
		row.FullName = row.Name
		if parent, sub, ok := strings.Cut(row.Name, "|"); ok {
			p := rows[parent]
			if p == nil {
				return nil, fmt.Errorf("commands: %q has no container %q", im.Name, parent)
			}
			_ = sub
			row.Parent = p
			p.Subcommands = append(p.Subcommands, row)
			p.FullName = p.Name
			t.cmds[parent] = p
		} else {
			t.cmds[row.Name] = row
		}
	}
	for _, c := range t.cmds {
		if err := c.validate(); err != nil {
			return nil, err
		}
		for _, s := range c.Subcommands {
			if err := s.validate(); err != nil {
				return nil, err
			}
		}
		sort.Slice(c.Subcommands, func(i, j int) bool { return c.Subcommands[i].Name < c.Subcommands[j].Name })
		t.order = append(t.order, c)
	}
	sort.Slice(t.order, func(i, j int) bool { return t.order[i].Name < t.order[j].Name })
	return t, nil
}

// validate checks a row's invariants (STYLE.md §3).
func (c *Command) validate() error {
	switch {
	case c.Name != strings.ToLower(c.Name):
		return fmt.Errorf("commands: %q is not lower case", c.Name)
	case c.Arity == 0:
		return fmt.Errorf("commands: %q has arity 0", c.Name)
	case c.Flags&FlagWrite != 0 && c.Flags&FlagReadonly != 0:
		return fmt.Errorf("commands: %q is both write and readonly", c.Name)
	case c.FirstKey > 0 && c.Step == 0:
		return fmt.Errorf("commands: %q has keys but step 0", c.Name)
	case c.Proc == nil && len(c.Subcommands) == 0:
		return fmt.Errorf("commands: %q has no handler", c.Name)
	}
	return nil
}

// Lookup returns the row for argv: the command named argv[0] (any case) or,
// for a container, the subcommand named argv[1]. It returns the error to
// reply with when there is none: unknown command, unknown subcommand, or the
// container's arity error when the subcommand is missing. A container that
// has a handler of its own (COMMAND) is returned when argv has no
// subcommand, as Redis's lookupCommand does.
func (t *Table) Lookup(argv [][]byte) (*Command, error) {
	var buf [32]byte
	c := t.cmds[string(lowerInto(buf[:0], argv[0]))]
	if c == nil {
		return nil, ErrUnknownCommand(argv)
	}
	if len(c.Subcommands) == 0 {
		return c, nil
	}
	if len(argv) < 2 {
		if c.Proc != nil { // a container that is also a command: COMMAND
			return c, nil
		}
		return nil, ErrWrongArgs(c.Name)
	}
	name := c.Name + "|" + lower(argv[1])
	for _, s := range c.Subcommands {
		if s.Name == name {
			return s, nil
		}
	}
	return nil, ErrUnknownSubcommand(c.Name, argv[1])
}

// Command returns the top-level row named name (lower case), or nil.
func (t *Table) Command(name string) *Command { return t.cmds[name] }

// All returns the top-level rows sorted by name.
func (t *Table) All() []*Command { return t.order }

// CheckArity reports whether argv has a number of entries the row accepts.
func (c *Command) CheckArity(argc int) bool {
	if c.Arity > 0 {
		return argc == c.Arity
	}
	return argc >= -c.Arity
}

// lowerInto appends b lower-cased (ASCII) to dst; with a stack buffer and a
// map index conversion this looks a name up without allocating.
func lowerInto(dst, b []byte) []byte {
	for _, ch := range b {
		if ch >= 'A' && ch <= 'Z' {
			ch += 'a' - 'A'
		}
		dst = append(dst, ch)
	}
	return dst
}

// lower returns b lower-cased as a string; ASCII only, as Redis's tables.
func lower(b []byte) string {
	for _, ch := range b {
		if ch >= 'A' && ch <= 'Z' {
			return strings.ToLower(string(b))
		}
	}
	return string(b)
}
