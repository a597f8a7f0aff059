package commands

// hashCommands returns the hash commands (t_hash.c).
func hashCommands() []Impl {
	return nil
}
