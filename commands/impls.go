package commands

// dataImpls returns the handlers of the command layer, one list per file.
func dataImpls() []Impl {
	var all []Impl
	for _, l := range [][]Impl{
		stringCommands(),
		bitopsCommands(),
		keyspaceCommands(),
		introspectionCommands(),
		hashCommands(),
		setCommands(),
		zsetCommands(),
		listCommands(),
		sortCommands(),
	} {
		all = append(all, l...)
	}
	return all
}
