package main

// go-redis v9 against the list commands, blocking ones included, in RESP3
// and RESP2.

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

func TestCompatList(t *testing.T) {
	forEachProto(t, func(t *testing.T, ctx context.Context, rdb *redis.Client) {
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		if n, err := rdb.RPush(ctx, "l", "a", "b", "c").Result(); err != nil || n != 3 {
			t.Fatalf("RPUSH = %d, %v", n, err)
		}
		if n, err := rdb.LPush(ctx, "l", "z").Result(); err != nil || n != 4 {
			t.Fatalf("LPUSH = %d, %v", n, err)
		}
		if n, err := rdb.LPushX(ctx, "none", "x").Result(); err != nil || n != 0 {
			t.Fatalf("LPUSHX = %d, %v", n, err)
		}
		if got, err := rdb.LRange(ctx, "l", 0, -1).Result(); err != nil || !slices.Equal(got, []string{"z", "a", "b", "c"}) {
			t.Fatalf("LRANGE = %q, %v", got, err)
		}
		if got, err := rdb.LIndex(ctx, "l", -1).Result(); err != nil || got != "c" {
			t.Fatalf("LINDEX = %q, %v", got, err)
		}
		if _, err := rdb.LIndex(ctx, "l", 10).Result(); err != redis.Nil {
			t.Fatalf("LINDEX out of range: %v", err)
		}
		must(rdb.LSet(ctx, "l", 0, "Z").Err())
		if err := rdb.LSet(ctx, "l", 10, "x").Err(); err == nil || err.Error() != "ERR index out of range" {
			t.Fatalf("LSET out of range: %v", err)
		}
		if err := rdb.LSet(ctx, "none", 0, "x").Err(); err == nil || err.Error() != "ERR no such key" {
			t.Fatalf("LSET missing key: %v", err)
		}
		if n, err := rdb.LInsertBefore(ctx, "l", "b", "x").Result(); err != nil || n != 5 {
			t.Fatalf("LINSERT = %d, %v", n, err)
		}
		if n, err := rdb.LLen(ctx, "l").Result(); err != nil || n != 5 {
			t.Fatalf("LLEN = %d, %v", n, err)
		}
		if n, err := rdb.LPos(ctx, "l", "b", redis.LPosArgs{}).Result(); err != nil || n != 3 {
			t.Fatalf("LPOS = %d, %v", n, err)
		}
		if _, err := rdb.LPos(ctx, "l", "nope", redis.LPosArgs{}).Result(); err != redis.Nil {
			t.Fatalf("LPOS no match: %v", err)
		}
		if got, err := rdb.LPosCount(ctx, "l", "x", 0, redis.LPosArgs{Rank: -1}).Result(); err != nil || !slices.Equal(got, []int64{2}) {
			t.Fatalf("LPOS COUNT = %v, %v", got, err)
		}
		err := rdb.Do(ctx, "LPOS", "l", "x", "RANK", 0).Err()
		if err == nil || err.Error() != "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list" {
			t.Fatalf("LPOS RANK 0: %v", err)
		}
		if got, err := rdb.LPop(ctx, "l").Result(); err != nil || got != "Z" {
			t.Fatalf("LPOP = %q, %v", got, err)
		}
		if got, err := rdb.RPopCount(ctx, "l", 2).Result(); err != nil || !slices.Equal(got, []string{"c", "b"}) {
			t.Fatalf("RPOP count = %q, %v", got, err)
		}
		if err := rdb.LPopCount(ctx, "l", -1).Err(); err == nil || err.Error() != "ERR value is out of range, must be positive" {
			t.Fatalf("LPOP -1: %v", err)
		}
		if _, err := rdb.LPopCount(ctx, "none", 2).Result(); err != redis.Nil {
			t.Fatalf("LPOP count on a missing key: %v", err)
		}
		if n, err := rdb.LRem(ctx, "l", 0, "x").Result(); err != nil || n != 1 {
			t.Fatalf("LREM = %d, %v", n, err)
		}
		must(rdb.LTrim(ctx, "l", 0, 0).Err())
		if got, err := rdb.LMove(ctx, "l", "m", "LEFT", "RIGHT").Result(); err != nil || got != "a" {
			t.Fatalf("LMOVE = %q, %v", got, err)
		}
		if got, err := rdb.RPopLPush(ctx, "m", "l").Result(); err != nil || got != "a" {
			t.Fatalf("RPOPLPUSH = %q, %v", got, err)
		}
		must(rdb.RPush(ctx, "mp", "1", "2", "3").Err())
		key, vals, err := rdb.LMPop(ctx, "right", 2, "none", "mp").Result()
		if err != nil || key != "mp" || !slices.Equal(vals, []string{"3", "2"}) {
			t.Fatalf("LMPOP = %q %q, %v", key, vals, err)
		}
		if _, _, err := rdb.LMPop(ctx, "left", 1, "none").Result(); err != redis.Nil {
			t.Fatalf("LMPOP of nothing: %v", err)
		}
		must(rdb.Set(ctx, "s", "str", 0).Err())
		if err := rdb.LPush(ctx, "s", "x").Err(); err == nil || err.Error() != "WRONGTYPE Operation against a key holding the wrong kind of value" {
			t.Fatalf("LPUSH on a string: %v", err)
		}
	})
}

func TestCompatListBlocking(t *testing.T) {
	forEachProto(t, func(t *testing.T, ctx context.Context, rdb *redis.Client) {
		// Data present: answered at once.
		if err := rdb.RPush(ctx, "b", "x", "y").Err(); err != nil {
			t.Fatal(err)
		}
		if got, err := rdb.BLPop(ctx, 0, "a", "b").Result(); err != nil || !slices.Equal(got, []string{"b", "x"}) {
			t.Fatalf("BLPOP = %q, %v", got, err)
		}
		if got, err := rdb.BRPop(ctx, time.Second, "b").Result(); err != nil || !slices.Equal(got, []string{"b", "y"}) {
			t.Fatalf("BRPOP = %q, %v", got, err)
		}
		// Nothing there: the timeout answers nil (the reply is what is
		// checked, not how long it took). go-redis rounds timeouts under a
		// second up to 1 s, so the other commands send 0.05 s themselves.
		if _, err := rdb.BLPop(ctx, time.Second, "b").Result(); err != redis.Nil {
			t.Fatalf("BLPOP timeout: %v", err)
		}
		if _, err := rdb.Do(ctx, "BLMOVE", "b", "d", "LEFT", "RIGHT", "0.05").Result(); err != redis.Nil {
			t.Fatalf("BLMOVE timeout: %v", err)
		}
		if _, err := rdb.Do(ctx, "BLMPOP", "0.05", 1, "b", "LEFT").Result(); err != redis.Nil {
			t.Fatalf("BLMPOP timeout: %v", err)
		}
		err := rdb.Do(ctx, "BLPOP", "b", "-1").Err()
		if err == nil || err.Error() != "ERR timeout is negative" {
			t.Fatalf("BLPOP -1: %v", err)
		}
		err = rdb.Do(ctx, "BLPOP", "b", "x").Err()
		if err == nil || err.Error() != "ERR timeout is not a float or out of range" {
			t.Fatalf("BLPOP x: %v", err)
		}

		// A blocked BLMOVE is served by a push from another client. Whether
		// the push lands before or after BLMOVE blocks, the reply is the same.
		other := redis.NewClient(rdb.Options())
		defer other.Close()
		type result struct {
			val string
			err error
		}
		done := make(chan result, 1)
		go func() {
			v, err := rdb.BLMove(ctx, "src", "dst", "RIGHT", "LEFT", 0).Result()
			done <- result{v, err}
		}()
		if err := other.RPush(ctx, "src", "e1").Err(); err != nil {
			t.Fatal(err)
		}
		r := <-done
		if r.err != nil || r.val != "e1" {
			t.Fatalf("BLMOVE = %q, %v", r.val, r.err)
		}
		if got, err := other.LRange(ctx, "dst", 0, -1).Result(); err != nil || !slices.Equal(got, []string{"e1"}) {
			t.Fatalf("dst = %q, %v", got, err)
		}

		// BLMPOP served the same way.
		mp := make(chan []string, 1)
		go func() {
			key, vals, err := rdb.BLMPop(ctx, 0, "right", 5, "q1", "q2").Result()
			if err != nil {
				vals = []string{"error: " + err.Error()}
			}
			mp <- append([]string{key}, vals...)
		}()
		if err := other.RPush(ctx, "q2", "1", "2").Err(); err != nil {
			t.Fatal(err)
		}
		if got := <-mp; !slices.Equal(got, []string{"q2", "2", "1"}) {
			t.Fatalf("BLMPOP = %q", got)
		}

		// Inside MULTI a blocking command does not block.
		cmds, err := rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.BLPop(ctx, 0, "empty")
			return nil
		})
		if err != redis.Nil || len(cmds) != 1 || cmds[0].Err() != redis.Nil {
			t.Fatalf("BLPOP in MULTI: %v", err)
		}
	})
}

// TestCompatBLPopServedByRename: a key created by RENAME (not a push) serves
// a client blocked on it, as Redis's dbAdd signals it.
func TestCompatBLPopServedByRename(t *testing.T) {
	forEachProto(t, func(t *testing.T, ctx context.Context, rdb *redis.Client) {
		other := redis.NewClient(rdb.Options())
		defer other.Close()
		got := make(chan []string, 1)
		go func() {
			v, err := rdb.BLPop(ctx, 5*time.Second, "dst").Result()
			if err != nil {
				t.Errorf("BLPop: %v", err)
			}
			got <- v
		}()
		for i := 0; i < 500 && !strings.Contains(other.Info(ctx, "clients").Val(), "blocked_clients:1"); i++ {
			time.Sleep(5 * time.Millisecond)
		}
		other.RPush(ctx, "src", "x")
		if err := other.Rename(ctx, "src", "dst").Err(); err != nil {
			t.Fatal(err)
		}
		if v := <-got; len(v) != 2 || v[0] != "dst" || v[1] != "x" {
			t.Fatalf("BLPop = %q, want [dst x]", v)
		}
	})
}
