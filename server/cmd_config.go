package server

import (
	"net"

	"github.com/ember-db/ember/commands"
	"github.com/ember-db/ember/persist"
)

// configImpls returns CONFIG's subcommands.
func (s *Server) configImpls() []commands.Impl {
	return []commands.Impl{
		{Name: "config|get", Proc: s.configGetCommand},
		{Name: "config|set", Proc: s.configSetCommand},
		{Name: "config|resetstat", Proc: s.configResetStatCommand},
		{Name: "config|rewrite", Proc: s.configRewriteCommand},
		{Name: "config|help", Proc: configHelpCommand},
	}
}

// CONFIG GET parameter [parameter ...]
// Replies with a map of every directive matching a parameter (a name, or a
// glob pattern matched without case); a directive appears once. Redis
// orders the map by its hash table; Ember in the order found.
func (s *Server) configGetCommand(c *commands.Client) error {
	patterns := make([]string, len(c.Argv)-2)
	for i, a := range c.Argv[2:] {
		patterns[i] = string(a)
	}
	pairs := s.cfg.Get(patterns)
	c.ReplyMapLen(len(pairs))
	for _, p := range pairs {
		c.ReplyBulkString(p[0])
		c.ReplyBulkString(p[1])
	}
	return nil
}

// CONFIG SET parameter value [parameter value ...]
// Sets every pair or none: all are validated first, then stored and
// applied to the running server; if applying fails (port or bind cannot be
// bound) the previous values are restored.
func (s *Server) configSetCommand(c *commands.Client) error {
	if len(c.Argv)%2 != 0 {
		return commands.ErrSyntax
	}
	pairs := make([][2]string, 0, (len(c.Argv)-2)/2)
	for i := 2; i+1 < len(c.Argv); i += 2 {
		pairs = append(pairs, [2]string{string(c.Argv[i]), string(c.Argv[i+1])})
	}
	local := isLocalAddr(cl(c).addr)
	undo, changed, err := s.cfg.setPairs(pairs, protectedActionAllowed(s.cfg.EnableProtectedConfigs, local))
	if err != nil {
		return err
	}
	if name, reason := s.applyListenConfig(changed); reason != "" {
		undo()
		s.applyListenConfig(changed)
		return commands.ErrConfigSetFailed(name, reason)
	}
	if name, reason := s.applyAOFConfig(changed, cl(c).inExec); reason != "" {
		undo()
		s.applyListenConfig(changed)
		return commands.ErrConfigSetFailed(name, reason)
	}
	s.applyConfig()
	c.ReplyOK()
	return nil
}

// applyListenConfig rebinds the listeners if port or bind is among the
// changed directives. It returns the directive and Redis's reason text if
// binding failed, "" if all is well.
func (s *Server) applyListenConfig(changed []string) (name, reason string) {
	for _, n := range changed {
		if n != "port" && n != "bind" {
			continue
		}
		if err := s.rebind(); err != nil {
			s.log.Warningf("Failed to bind: %v", err)
			if n == "port" {
				return n, "Unable to listen on this port. Check server logs."
			}
			return n, "Failed to bind to specified addresses."
		}
		return "", ""
	}
	return "", ""
}

// CONFIG RESETSTAT
// Resets the statistics INFO reports (see ResetStats).
func (s *Server) configResetStatCommand(c *commands.Client) error {
	s.ResetStats()
	c.ReplyOK()
	return nil
}

// CONFIG REWRITE
// Rewrites the config file the server was started with (Config.Rewrite).
func (s *Server) configRewriteCommand(c *commands.Client) error {
	if s.cfg.ConfigFile == "" {
		return commands.ErrNoConfigFile
	}
	if err := s.cfg.Rewrite(); err != nil {
		s.log.Warningf("CONFIG REWRITE failed: %s", persist.Strerror(err))
		return commands.ErrRewriteConfig(persist.Strerror(err))
	}
	s.log.Warningf("CONFIG REWRITE executed with success.")
	c.ReplyOK()
	return nil
}

// configHelp is CONFIG HELP's text, after its first line.
var configHelp = []string{
	"GET <pattern>",
	"    Return parameters matching the glob-like <pattern> and their values.",
	"SET <directive> <value>",
	"    Set the configuration <directive> to <value>.",
	"RESETSTAT",
	"    Reset statistics reported by the INFO command.",
	"REWRITE",
	"    Rewrite the configuration file.",
	"HELP",
	"    Prints this help.",
}

// CONFIG HELP
func configHelpCommand(c *commands.Client) error {
	c.ReplyArrayLen(len(configHelp) + 1)
	c.ReplyStatus("CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:")
	for _, l := range configHelp {
		c.ReplyStatus(l)
	}
	return nil
}

// isLocalAddr reports whether a client address ("host:port") is a
// loopback one; internal clients (no address) count as local. Mirrors
// islocalClient.
func isLocalAddr(addr string) bool {
	if addr == "" {
		return true
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
