// Command ember is a Redis 7–compatible in-memory data server.
//
// Usage, as redis-server's:
//
//	ember [/path/to/redis.conf] [--directive value ...]
//	ember --port 7000 --dir /var/lib/ember
//	ember -v | --version
package main

import (
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"syscall"

	"github.com/ember-db/ember/server"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	if len(args) > 0 && (args[0] == "-v" || args[0] == "--version") {
		fmt.Printf("Ember server v=%s (Redis %s compatible) go=%s\n", server.EmberVersion, server.Version, runtime.Version())
		return 0
	}
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		fmt.Println("Usage: ember [/path/to/redis.conf] [options]\n" +
			"       ember -v or --version\n\n" +
			"Examples:\n" +
			"       ember (run the server with default config)\n" +
			"       ember /etc/redis/6379.conf\n" +
			"       ember --port 7777\n" +
			"       ember /etc/myredis.conf --loglevel verbose")
		return 0
	}
	cfg := server.DefaultConfig()
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		if err := cfg.LoadFile(args[0]); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		args = args[1:]
	}
	if err := cfg.ParseArgs(args); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	cfg.ApplyIOThreads()
	srv, err := server.New(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if err := srv.Listen(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		s := <-sig
		srv.Shutdown(s.String())
	}()
	if err := srv.Serve(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}
