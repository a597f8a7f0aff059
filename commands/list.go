package commands

// listCommands returns the list commands (t_list.c), blocking ones included.
func listCommands() []Impl {
	return nil
}
