package commands

// setCommands returns the set commands (t_set.c).
func setCommands() []Impl {
	return nil
}
