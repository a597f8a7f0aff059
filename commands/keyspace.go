package commands

// keyspaceCommands returns the handlers of the generic key commands (db.c,
// expire.c).
func keyspaceCommands() []Impl {
	return []Impl{
		{Name: "del", Proc: delCommand},
	}
}

// DEL key [key ...]
func delCommand(c *Client) error {
	var n int64
	for _, key := range c.Argv[1:] {
		if c.DBDelete(c.DB, key) {
			n++
		}
	}
	c.Dirty += n
	c.ReplyInt(n)
	return nil
}
