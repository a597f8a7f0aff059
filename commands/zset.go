package commands

// zsetCommands returns the sorted set commands (t_zset.c).
func zsetCommands() []Impl {
	return nil
}
