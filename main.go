// Command ember is a Redis 7–compatible in-memory data server.
//
// Usage, as redis-server's:
//
//	ember [/path/to/redis.conf] [--directive value ...]
//	ember --port 7000 --dir /var/lib/ember
//	ember -v | --version
//	ember check-aof [--fix] [-y] FILE|MANIFEST
//	ember check-snapshot FILE
package main

import (
	"bufio"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"

	"github.com/ember-db/ember/persist"
	"github.com/ember-db/ember/server"
	"github.com/ember-db/ember/store"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	if len(args) > 0 && args[0] == "check-aof" {
		return checkAOF(args[1:])
	}
	if len(args) > 0 && args[0] == "check-snapshot" {
		return checkSnapshot(args[1:])
	}
	if len(args) > 0 && (args[0] == "-v" || args[0] == "--version") {
		fmt.Printf("Ember server v=%s (Redis %s compatible) go=%s\n", server.EmberVersion, server.Version, runtime.Version())
		return 0
	}
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		fmt.Println("Usage: ember [/path/to/redis.conf] [options]\n" +
			"       ember -v or --version\n" +
			"       ember check-aof [--fix] [-y] <file.manifest|file.aof>\n" +
			"       ember check-snapshot <file>\n\n" +
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
		srv.Shutdown(<-sig)
	}()
	if err := srv.Serve(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// checkAOF is "ember check-aof [--fix] [-y] FILE|MANIFEST", as
// redis-check-aof: it checks a manifest and every file it names (or one
// AOF file) with the same rules as start-up, and with --fix truncates a
// damaged last file to its last complete record after asking (-y: without
// asking).
func checkAOF(args []string) int {
	fix, yes, path := false, false, ""
	for _, a := range args {
		switch {
		case a == "--fix":
			fix = true
		case a == "-y" || a == "--yes":
			yes = true
		case path == "" && !strings.HasPrefix(a, "-"):
			path = a
		default:
			path = ""
			args = nil
		}
	}
	if path == "" || args == nil {
		fmt.Println("Usage: ember check-aof [--fix] [-y] <file.manifest|file.aof>")
		return 1
	}
	in := bufio.NewReader(os.Stdin)
	confirm := func(question string) bool {
		fmt.Print(question)
		if yes {
			fmt.Println("y")
			return true
		}
		line, _ := in.ReadString('\n')
		return strings.HasPrefix(strings.ToLower(line), "y")
	}
	if err := persist.CheckAOF(path, fix, confirm, os.Stdout); err != nil {
		return 1
	}
	return 0
}

// checkSnapshot is "ember check-snapshot FILE": it decodes the whole
// snapshot (checksum included) into a throwaway keyspace and reports.
func checkSnapshot(args []string) int {
	if len(args) != 1 {
		fmt.Println("Usage: ember check-snapshot <file>")
		return 1
	}
	ks := store.NewKeyspace(4096)
	st, err := persist.LoadSnapshot(args[0], ks, persist.LoadOptions{KeepExpired: true})
	if err != nil {
		fmt.Printf("--- SNAPSHOT ERROR DETECTED ---\n%v\n", err)
		return 1
	}
	dbs := 0
	for _, db := range ks.DBs {
		if db.Len() > 0 {
			dbs++
		}
	}
	fmt.Printf("[offset 0] Checking snapshot file %s\n", args[0])
	for _, k := range []string{"ember-ver", "redis-ver", "ctime", "used-mem"} {
		if v, ok := st.Aux[k]; ok {
			fmt.Printf("[info] AUX FIELD %s = '%s'\n", k, v)
		}
	}
	fmt.Printf("[info] %d keys read in %d dbs\n", st.Keys, dbs)
	fmt.Println("\\o/ Snapshot looks OK! \\o/")
	return 0
}
