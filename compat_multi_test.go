package main

import (
	"context"
	"testing"

	"github.com/redis/go-redis/v9"
)

func TestCompatTransactions(t *testing.T) {
	forEachProto(t, func(t *testing.T, ctx context.Context, rdb *redis.Client) {
		// TxPipelined wraps the commands in MULTI/EXEC.
		cmds, err := rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.Set(ctx, "a", "1", 0)
			p.Get(ctx, "a")
			return nil
		})
		if err != nil || len(cmds) != 2 || cmds[1].(*redis.StringCmd).Val() != "1" {
			t.Fatalf("TxPipelined: %v %v", cmds, err)
		}

		// WATCH: a concurrent write makes EXEC fail with redis.TxFailedErr.
		other := redis.NewClient(rdb.Options())
		defer other.Close()
		err = rdb.Watch(ctx, func(tx *redis.Tx) error {
			if err := other.Set(ctx, "a", "changed", 0).Err(); err != nil {
				return err
			}
			_, err := tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
				p.Set(ctx, "a", "mine", 0)
				return nil
			})
			return err
		}, "a")
		if err != redis.TxFailedErr {
			t.Fatalf("EXEC after a watched key changed: err = %v, want TxFailedErr", err)
		}
		if got := rdb.Get(ctx, "a").Val(); got != "changed" {
			t.Fatalf("a = %q, want the concurrent write", got)
		}

		// Without interference the same transaction commits.
		err = rdb.Watch(ctx, func(tx *redis.Tx) error {
			_, err := tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
				p.Set(ctx, "a", "mine", 0)
				return nil
			})
			return err
		}, "a")
		if err != nil || rdb.Get(ctx, "a").Val() != "mine" {
			t.Fatalf("watched transaction: %v, a = %q", err, rdb.Get(ctx, "a").Val())
		}

		// A queueing error aborts the whole transaction.
		_, err = rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.Set(ctx, "b", "1", 0)
			p.Do(ctx, "NOSUCH")
			return nil
		})
		if err == nil {
			t.Fatal("transaction with an unknown command did not fail")
		}
		if n, _ := rdb.Exists(ctx, "b").Result(); n != 0 {
			t.Fatalf("aborted transaction wrote b")
		}
	})
}
