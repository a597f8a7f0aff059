package commands

// bitopsCommands returns the bit commands (bitops.c): SETBIT GETBIT BITCOUNT BITPOS BITOP BITFIELD BITFIELD_RO.
func bitopsCommands() []Impl {
	return nil
}
