package main

// Black-box tests with go-redis v9, the client most Go users run. Every test
// runs twice: with go-redis's default options (RESP3: HELLO 3, then CLIENT
// SETINFO) and with Protocol: 2.

import (
	"context"
	"testing"

	"github.com/redis/go-redis/v9"
)

// forEachProto runs f as a subtest once per protocol with a fresh server
// and a go-redis client connected to it.
func forEachProto(t *testing.T, f func(t *testing.T, ctx context.Context, rdb *redis.Client)) {
	for _, proto := range []int{3, 2} {
		name := "resp3"
		if proto == 2 {
			name = "resp2"
		}
		t.Run(name, func(t *testing.T) {
			addr, _ := startEmber(t)
			opts := &redis.Options{Addr: addr}
			if proto == 2 {
				opts.Protocol = 2
			}
			rdb := redis.NewClient(opts)
			t.Cleanup(func() { rdb.Close() })
			f(t, context.Background(), rdb)
		})
	}
}

func TestCompatBasics(t *testing.T) {
	forEachProto(t, func(t *testing.T, ctx context.Context, rdb *redis.Client) {
		if got, err := rdb.Ping(ctx).Result(); err != nil || got != "PONG" {
			t.Fatalf("PING = %q, %v", got, err)
		}
		if err := rdb.Set(ctx, "k", "v", 0).Err(); err != nil {
			t.Fatal(err)
		}
		if got, err := rdb.Get(ctx, "k").Result(); err != nil || got != "v" {
			t.Fatalf("GET = %q, %v", got, err)
		}
		if _, err := rdb.Get(ctx, "missing").Result(); err != redis.Nil {
			t.Fatalf("GET missing: err = %v, want redis.Nil", err)
		}
		err := rdb.Do(ctx, "NOSUCH", "a").Err()
		if err == nil || err.Error() != "ERR unknown command 'NOSUCH', with args beginning with: 'a' " {
			t.Fatalf("unknown command error = %v", err)
		}
	})
}
