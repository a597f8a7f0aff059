package main

import (
	"context"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

func TestCompatDumpRestore(t *testing.T) {
	forEachProto(t, func(t *testing.T, ctx context.Context, rdb *redis.Client) {
		rdb.Set(ctx, "s", "hello", 0)
		rdb.HSet(ctx, "h", "f", "v", "g", "w")
		rdb.SAdd(ctx, "set", "a", "b", 1, 2)
		rdb.ZAdd(ctx, "z", redis.Z{Score: 1.5, Member: "m"}, redis.Z{Score: -2, Member: "n"})
		for _, key := range []string{"s", "h", "set", "z"} {
			payload, err := rdb.Dump(ctx, key).Result()
			if err != nil {
				t.Fatalf("DUMP %s: %v", key, err)
			}
			if err := rdb.Restore(ctx, key+":copy", time.Hour, payload).Err(); err != nil {
				t.Fatalf("RESTORE %s: %v", key, err)
			}
			a, _ := rdb.Dump(ctx, key+":copy").Result()
			if a != payload {
				t.Fatalf("%s: restored value dumps differently", key)
			}
			if ttl := rdb.TTL(ctx, key+":copy").Val(); ttl <= 0 || ttl > time.Hour {
				t.Fatalf("%s:copy TTL = %v", key, ttl)
			}
			err = rdb.Restore(ctx, key+":copy", 0, payload).Err()
			if err == nil || err.Error() != "BUSYKEY Target key name already exists." {
				t.Fatalf("RESTORE onto an existing key: %v", err)
			}
			if err := rdb.RestoreReplace(ctx, key+":copy", 0, payload).Err(); err != nil {
				t.Fatal(err)
			}
		}
		bad := rdb.Restore(ctx, "x", 0, "garbage-payload").Err()
		if bad == nil || bad.Error() != "ERR DUMP payload version or checksum are wrong" {
			t.Fatalf("bad payload: %v", bad)
		}
	})
}
