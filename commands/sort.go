package commands

// sortCommands returns SORT and SORT_RO (sort.c).
func sortCommands() []Impl {
	return nil
}
