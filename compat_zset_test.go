package main

// go-redis v9 against the sorted set commands, in RESP3 and RESP2.

import (
	"context"
	"math"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

func TestCompatZSet(t *testing.T) {
	forEachProto(t, func(t *testing.T, ctx context.Context, rdb *redis.Client) {
		eq := func(what string, got, want any) {
			t.Helper()
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s = %#v, want %#v", what, got, want)
			}
		}
		ok := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		errText := func(what string, err error, want string) {
			t.Helper()
			if err == nil || err.Error() != want {
				t.Fatalf("%s: error %v, want %q", what, err, want)
			}
		}

		n, err := rdb.ZAdd(ctx, "z", redis.Z{Score: 1, Member: "a"}, redis.Z{Score: 2, Member: "b"}, redis.Z{Score: 3, Member: "c"}).Result()
		ok(err)
		eq("ZADD", n, int64(3))
		n, err = rdb.ZAddArgs(ctx, "z", redis.ZAddArgs{GT: true, Ch: true, Members: []redis.Z{{Score: 0, Member: "a"}, {Score: 5, Member: "b"}}}).Result()
		ok(err)
		eq("ZADD GT CH", n, int64(1))
		f, err := rdb.ZAddArgsIncr(ctx, "z", redis.ZAddArgs{Members: []redis.Z{{Score: 0.5, Member: "a"}}}).Result()
		ok(err)
		eq("ZADD INCR", f, 1.5)
		_, err = rdb.ZAddArgsIncr(ctx, "z", redis.ZAddArgs{NX: true, Members: []redis.Z{{Score: 1, Member: "a"}}}).Result()
		if err != redis.Nil {
			t.Fatalf("ZADD NX INCR on existing: %v, want redis.Nil", err)
		}
		errText("ZADD NX XX", rdb.Do(ctx, "ZADD", "z", "NX", "XX", 1, "a").Err(),
			"ERR XX and NX options at the same time are not compatible")
		errText("ZADD GT LT", rdb.Do(ctx, "ZADD", "z", "GT", "LT", 1, "a").Err(),
			"ERR GT, LT, and/or NX options at the same time are not compatible")
		errText("ZADD INCR pairs", rdb.Do(ctx, "ZADD", "z", "INCR", 1, "a", 2, "b").Err(),
			"ERR INCR option supports a single increment-element pair")
		errText("ZADD not float", rdb.Do(ctx, "ZADD", "z", "x", "a").Err(), "ERR value is not a valid float")

		f, err = rdb.ZIncrBy(ctx, "z", 0.1, "a").Result()
		ok(err)
		eq("ZINCRBY", f, 1.6)
		ok(rdb.ZAdd(ctx, "inf", redis.Z{Score: math.Inf(1), Member: "x"}).Err())
		errText("ZINCRBY NaN", rdb.ZIncrBy(ctx, "inf", math.Inf(-1), "x").Err(), "ERR resulting score is not a number (NaN)")
		f, err = rdb.ZScore(ctx, "inf", "x").Result()
		ok(err)
		eq("ZSCORE inf", f, math.Inf(1))
		if _, err := rdb.ZScore(ctx, "z", "nope").Result(); err != redis.Nil {
			t.Fatalf("ZSCORE missing: %v", err)
		}
		fs, err := rdb.ZMScore(ctx, "z", "b", "nope").Result()
		ok(err)
		eq("ZMSCORE", fs, []float64{5, 0})

		n, err = rdb.ZCard(ctx, "z").Result()
		ok(err)
		eq("ZCARD", n, int64(3))
		n, err = rdb.ZRank(ctx, "z", "c").Result()
		ok(err)
		eq("ZRANK", n, int64(1))
		n, err = rdb.ZRevRank(ctx, "z", "c").Result()
		ok(err)
		eq("ZREVRANK", n, int64(1))
		if _, err := rdb.ZRank(ctx, "z", "nope").Result(); err != redis.Nil {
			t.Fatalf("ZRANK missing: %v", err)
		}
		n, err = rdb.ZCount(ctx, "z", "(1.6", "+inf").Result()
		ok(err)
		eq("ZCOUNT", n, int64(2))
		errText("ZCOUNT bad", rdb.ZCount(ctx, "z", "x", "1").Err(), "ERR min or max is not a float")

		// z: a 1.6, c 3, b 5
		ss, err := rdb.ZRange(ctx, "z", 0, -1).Result()
		ok(err)
		eq("ZRANGE", ss, []string{"a", "c", "b"})
		zs, err := rdb.ZRangeWithScores(ctx, "z", 0, -1).Result()
		ok(err)
		eq("ZRANGE WITHSCORES", zs, []redis.Z{{Score: 1.6, Member: "a"}, {Score: 3, Member: "c"}, {Score: 5, Member: "b"}})
		zs, err = rdb.ZRevRangeWithScores(ctx, "z", 0, 0).Result()
		ok(err)
		eq("ZREVRANGE WITHSCORES", zs, []redis.Z{{Score: 5, Member: "b"}})
		ss, err = rdb.ZRangeArgs(ctx, redis.ZRangeArgs{Key: "z", Start: "+inf", Stop: "-inf", ByScore: true, Rev: true, Offset: 1, Count: 5}).Result()
		ok(err)
		eq("ZRANGE BYSCORE REV LIMIT", ss, []string{"c", "a"})
		zs, err = rdb.ZRangeArgsWithScores(ctx, redis.ZRangeArgs{Key: "z", Start: "(2", Stop: 5, ByScore: true}).Result()
		ok(err)
		eq("ZRANGE BYSCORE WITHSCORES", zs, []redis.Z{{Score: 3, Member: "c"}, {Score: 5, Member: "b"}})
		ss, err = rdb.ZRangeByScore(ctx, "z", &redis.ZRangeBy{Min: "2", Max: "10"}).Result()
		ok(err)
		eq("ZRANGEBYSCORE", ss, []string{"c", "b"})
		zs, err = rdb.ZRevRangeByScoreWithScores(ctx, "z", &redis.ZRangeBy{Max: "+inf", Min: "-inf", Offset: 0, Count: 1}).Result()
		ok(err)
		eq("ZREVRANGEBYSCORE", zs, []redis.Z{{Score: 5, Member: "b"}})
		errText("ZRANGE LIMIT by rank", rdb.Do(ctx, "ZRANGE", "z", 0, -1, "LIMIT", 0, 1).Err(),
			"ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX")

		ok(rdb.ZAdd(ctx, "l", redis.Z{Member: "a"}, redis.Z{Member: "b"}, redis.Z{Member: "c"}, redis.Z{Member: "d"}).Err())
		ss, err = rdb.ZRangeByLex(ctx, "l", &redis.ZRangeBy{Min: "[b", Max: "+"}).Result()
		ok(err)
		eq("ZRANGEBYLEX", ss, []string{"b", "c", "d"})
		ss, err = rdb.ZRevRangeByLex(ctx, "l", &redis.ZRangeBy{Max: "(d", Min: "-"}).Result()
		ok(err)
		eq("ZREVRANGEBYLEX", ss, []string{"c", "b", "a"})
		ss, err = rdb.ZRangeArgs(ctx, redis.ZRangeArgs{Key: "l", Start: "-", Stop: "+", ByLex: true, Offset: 1, Count: 2}).Result()
		ok(err)
		eq("ZRANGE BYLEX LIMIT", ss, []string{"b", "c"})
		n, err = rdb.ZLexCount(ctx, "l", "(a", "[c").Result()
		ok(err)
		eq("ZLEXCOUNT", n, int64(2))
		errText("ZLEXCOUNT bad", rdb.ZLexCount(ctx, "l", "a", "+").Err(), "ERR min or max not valid string range item")

		n, err = rdb.ZRangeStore(ctx, "dst", redis.ZRangeArgs{Key: "z", Start: 0, Stop: 1}).Result()
		ok(err)
		eq("ZRANGESTORE", n, int64(2))
		ss, err = rdb.ZRange(ctx, "dst", 0, -1).Result()
		ok(err)
		eq("ZRANGESTORE result", ss, []string{"a", "c"})

		// Set operations: z = a 1.6, c 3, b 5; y = b 1, c 1, d 1
		ok(rdb.ZAdd(ctx, "y", redis.Z{Score: 1, Member: "b"}, redis.Z{Score: 1, Member: "c"}, redis.Z{Score: 1, Member: "d"}).Err())
		zs, err = rdb.ZUnionWithScores(ctx, redis.ZStore{Keys: []string{"z", "y"}, Weights: []float64{2, 1}}).Result()
		ok(err)
		eq("ZUNION", zs, []redis.Z{{Score: 1, Member: "d"}, {Score: 3.2, Member: "a"}, {Score: 7, Member: "c"}, {Score: 11, Member: "b"}})
		ss, err = rdb.ZInter(ctx, &redis.ZStore{Keys: []string{"z", "y"}, Aggregate: "MIN"}).Result()
		ok(err)
		eq("ZINTER", ss, []string{"b", "c"})
		zs, err = rdb.ZInterWithScores(ctx, &redis.ZStore{Keys: []string{"z", "y"}, Aggregate: "MAX"}).Result()
		ok(err)
		eq("ZINTER WITHSCORES", zs, []redis.Z{{Score: 3, Member: "c"}, {Score: 5, Member: "b"}})
		n, err = rdb.ZInterCard(ctx, 1, "z", "y").Result()
		ok(err)
		eq("ZINTERCARD", n, int64(1))
		zs, err = rdb.ZDiffWithScores(ctx, "z", "y").Result()
		ok(err)
		eq("ZDIFF", zs, []redis.Z{{Score: 1.6, Member: "a"}})
		n, err = rdb.ZUnionStore(ctx, "u", &redis.ZStore{Keys: []string{"z", "y"}}).Result()
		ok(err)
		eq("ZUNIONSTORE", n, int64(4))
		n, err = rdb.ZInterStore(ctx, "i", &redis.ZStore{Keys: []string{"z", "nokey"}}).Result()
		ok(err)
		eq("ZINTERSTORE empty", n, int64(0))
		n, err = rdb.ZDiffStore(ctx, "d", "y", "z").Result()
		ok(err)
		eq("ZDIFFSTORE", n, int64(1))
		errText("ZUNION numkeys", rdb.Do(ctx, "ZUNION", 0, "z").Err(), "ERR at least 1 input key is needed for 'zunion' command")
		errText("ZUNION weight", rdb.Do(ctx, "ZUNION", 1, "z", "WEIGHTS", "x").Err(), "ERR weight value is not a float")

		// Random members.
		ss, err = rdb.ZRandMember(ctx, "z", 10).Result()
		ok(err)
		eq("ZRANDMEMBER whole set", ss, []string{"b", "c", "a"})
		zs, err = rdb.ZRandMemberWithScores(ctx, "z", 2).Result()
		ok(err)
		if len(zs) != 2 || zs[0].Member == zs[1].Member {
			t.Fatalf("ZRANDMEMBER 2 WITHSCORES = %v", zs)
		}
		ss, err = rdb.ZRandMember(ctx, "z", -7).Result()
		ok(err)
		eq("ZRANDMEMBER -7 length", len(ss), 7)

		// Removal.
		n, err = rdb.ZRem(ctx, "l", "a", "nope").Result()
		ok(err)
		eq("ZREM", n, int64(1))
		n, err = rdb.ZRemRangeByLex(ctx, "l", "[b", "[c").Result()
		ok(err)
		eq("ZREMRANGEBYLEX", n, int64(2))
		n, err = rdb.ZRemRangeByRank(ctx, "u", 0, 0).Result()
		ok(err)
		eq("ZREMRANGEBYRANK", n, int64(1))
		n, err = rdb.ZRemRangeByScore(ctx, "u", "-inf", "(5").Result()
		ok(err)
		eq("ZREMRANGEBYSCORE", n, int64(2))

		// Pops.
		ok(rdb.ZAdd(ctx, "p", redis.Z{Score: 1, Member: "a"}, redis.Z{Score: 2, Member: "b"}, redis.Z{Score: 3, Member: "c"}, redis.Z{Score: 4, Member: "d"}).Err())
		zs, err = rdb.ZPopMin(ctx, "p").Result()
		ok(err)
		eq("ZPOPMIN", zs, []redis.Z{{Score: 1, Member: "a"}})
		zs, err = rdb.ZPopMax(ctx, "p", 2).Result()
		ok(err)
		eq("ZPOPMAX 2", zs, []redis.Z{{Score: 4, Member: "d"}, {Score: 3, Member: "c"}})
		key, zs, err := rdb.ZMPop(ctx, "min", 5, "nokey", "p").Result()
		ok(err)
		eq("ZMPOP key", key, "p")
		eq("ZMPOP", zs, []redis.Z{{Score: 2, Member: "b"}})
		if _, _, err := rdb.ZMPop(ctx, "max", 1, "p").Result(); err != redis.Nil {
			t.Fatalf("ZMPOP on nothing: %v", err)
		}
		n, err = rdb.Exists(ctx, "p").Result()
		if err == nil {
			eq("EXISTS after pops", n, int64(0))
		}
		zs, err = rdb.ZPopMin(ctx, "p", 3).Result()
		ok(err)
		eq("ZPOPMIN missing", len(zs), 0)
		errText("ZPOPMIN negative", rdb.Do(ctx, "ZPOPMIN", "z", -1).Err(), "ERR value is out of range, must be positive")

		// Wrong type.
		ok(rdb.Set(ctx, "s", "v", 0).Err())
		errText("ZADD wrong type", rdb.ZAdd(ctx, "s", redis.Z{Score: 1, Member: "a"}).Err(),
			"WRONGTYPE Operation against a key holding the wrong kind of value")
		errText("ZRANGE wrong type", rdb.ZRange(ctx, "s", 0, -1).Err(),
			"WRONGTYPE Operation against a key holding the wrong kind of value")

		// A large set (skiplist encoding) through the client.
		var many []redis.Z
		for i := 0; i < 300; i++ {
			many = append(many, redis.Z{Score: float64(i % 50), Member: "m" + string(rune('A'+i%26)) + string(rune('a'+i/26))})
		}
		ok(rdb.ZAdd(ctx, "big", many...).Err())
		all, err := rdb.ZRangeWithScores(ctx, "big", 0, -1).Result()
		ok(err)
		if !sort.SliceIsSorted(all, func(i, j int) bool {
			return all[i].Score < all[j].Score || (all[i].Score == all[j].Score && all[i].Member.(string) < all[j].Member.(string))
		}) || len(all) != 300 {
			t.Fatalf("big set not in order (%d elements)", len(all))
		}
		for _, i := range []int64{0, 137, 299} {
			r, err := rdb.ZRank(ctx, "big", all[i].Member.(string)).Result()
			ok(err)
			eq("ZRANK big", r, i)
		}
	})
}

func TestCompatBZPopMin(t *testing.T) {
	forEachProto(t, func(t *testing.T, ctx context.Context, rdb *redis.Client) {
		other := redis.NewClient(rdb.Options())
		defer other.Close()
		done := make(chan *redis.ZWithKey, 1)
		go func() {
			v, err := rdb.BZPopMin(ctx, 5*time.Second, "zq").Result()
			if err != nil {
				t.Errorf("BZPopMin: %v", err)
			}
			done <- v
		}()
		// Push once the client is blocked (INFO counts it).
		for i := 0; i < 500; i++ {
			if strings.Contains(other.Info(ctx, "clients").Val(), "blocked_clients:1") {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		other.ZAdd(ctx, "zq", redis.Z{Score: 2, Member: "b"}, redis.Z{Score: 1, Member: "a"})
		v := <-done
		if v == nil || v.Key != "zq" || v.Member != "a" || v.Score != 1 {
			t.Fatalf("BZPopMin = %+v", v)
		}
		if n := other.ZCard(ctx, "zq").Val(); n != 1 {
			t.Fatalf("ZCARD after the pop = %d", n)
		}
	})
}
