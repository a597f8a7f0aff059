package commands

import "github.com/ember-db/ember/store"

// stringCommands returns the handlers of t_string.c's commands.
func stringCommands() []Impl {
	return []Impl{
		{Name: "get", Proc: getCommand},
		{Name: "set", Proc: setCommand},
	}
}

// lookupString returns key's string value for reading, nil if the key does
// not exist, or ErrWrongType.
func (c *Client) lookupString(key []byte) (*store.String, error) {
	e := c.LookupKeyRead(key)
	if e == nil {
		return nil, nil
	}
	s, ok := e.Value.(*store.String)
	if !ok {
		return nil, ErrWrongType
	}
	return s, nil
}

// GET key
func getCommand(c *Client) error {
	s, err := c.lookupString(c.Argv[1])
	if err != nil {
		return err
	}
	if s == nil {
		c.ReplyNull()
		return nil
	}
	c.ReplyBulk(s.B)
	return nil
}

// SET key value
// TODO(strings): options EX PX EXAT PXAT NX XX KEEPTTL GET.
func setCommand(c *Client) error {
	if len(c.Argv) != 3 {
		return ErrSyntax
	}
	c.SetKey(c.Argv[1], store.NewString(c.Argv[2]), false)
	c.Dirty++
	c.ReplyOK()
	return nil
}
