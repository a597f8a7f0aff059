package commands

// dataImpls returns the handlers of the command layer, one list per file.
func dataImpls() []Impl {
	var all []Impl
	for _, l := range [][]Impl{
		stringCommands(),
		keyspaceCommands(),
		introspectionCommands(),
	} {
		all = append(all, l...)
	}
	return all
}
