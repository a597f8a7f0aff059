package commands

// introspectionCommands returns COMMAND and its subcommands.
func introspectionCommands() []Impl {
	return nil
}
