package main

// go-redis v9 black-box tests of the hash and set commands, in RESP3 and
// RESP2 (forEachProto).

import (
	"context"
	"reflect"
	"sort"
	"testing"

	"github.com/redis/go-redis/v9"
)

const wrongTypeErr = "WRONGTYPE Operation against a key holding the wrong kind of value"

func sorted(s []string) []string {
	s = append([]string(nil), s...)
	sort.Strings(s)
	return s
}

func TestCompatHash(t *testing.T) {
	forEachProto(t, func(t *testing.T, ctx context.Context, rdb *redis.Client) {
		if n, err := rdb.HSet(ctx, "h", "a", "1", "b", "2").Result(); err != nil || n != 2 {
			t.Fatalf("HSET = %d, %v", n, err)
		}
		if n, err := rdb.HSet(ctx, "h", map[string]interface{}{"b": "3", "c": 4}).Result(); err != nil || n != 1 {
			t.Fatalf("HSET map = %d, %v", n, err)
		}
		if ok, err := rdb.HMSet(ctx, "h", "d", "5").Result(); err != nil || !ok {
			t.Fatalf("HMSET = %v, %v", ok, err)
		}
		if ok, err := rdb.HSetNX(ctx, "h", "a", "x").Result(); err != nil || ok {
			t.Fatalf("HSETNX existing = %v, %v", ok, err)
		}
		if ok, err := rdb.HSetNX(ctx, "h", "e", "6").Result(); err != nil || !ok {
			t.Fatalf("HSETNX new = %v, %v", ok, err)
		}
		all, err := rdb.HGetAll(ctx, "h").Result()
		want := map[string]string{"a": "1", "b": "3", "c": "4", "d": "5", "e": "6"}
		if err != nil || !reflect.DeepEqual(all, want) {
			t.Fatalf("HGETALL = %v, %v", all, err)
		}
		if keys, err := rdb.HKeys(ctx, "h").Result(); err != nil || !reflect.DeepEqual(keys, []string{"a", "b", "c", "d", "e"}) {
			t.Fatalf("HKEYS = %v, %v", keys, err)
		}
		if vals, err := rdb.HVals(ctx, "h").Result(); err != nil || !reflect.DeepEqual(vals, []string{"1", "3", "4", "5", "6"}) {
			t.Fatalf("HVALS = %v, %v", vals, err)
		}
		if v, err := rdb.HGet(ctx, "h", "c").Result(); err != nil || v != "4" {
			t.Fatalf("HGET = %q, %v", v, err)
		}
		if _, err := rdb.HGet(ctx, "h", "nosuch").Result(); err != redis.Nil {
			t.Fatalf("HGET missing: %v", err)
		}
		vals, err := rdb.HMGet(ctx, "h", "a", "nosuch", "e").Result()
		if err != nil || !reflect.DeepEqual(vals, []interface{}{"1", nil, "6"}) {
			t.Fatalf("HMGET = %#v, %v", vals, err)
		}
		if n, err := rdb.HLen(ctx, "h").Result(); err != nil || n != 5 {
			t.Fatalf("HLEN = %d, %v", n, err)
		}
		if ok, err := rdb.HExists(ctx, "h", "a").Result(); err != nil || !ok {
			t.Fatalf("HEXISTS = %v, %v", ok, err)
		}
		if n, err := rdb.HStrLen(ctx, "h", "a").Result(); err != nil || n != 1 {
			t.Fatalf("HSTRLEN = %d, %v", n, err)
		}
		if n, err := rdb.HIncrBy(ctx, "h", "a", 41).Result(); err != nil || n != 42 {
			t.Fatalf("HINCRBY = %d, %v", n, err)
		}
		if f, err := rdb.HIncrByFloat(ctx, "h", "f", 0.1).Result(); err != nil || f != 0.1 {
			t.Fatalf("HINCRBYFLOAT = %v, %v", f, err)
		}
		if f, err := rdb.HIncrByFloat(ctx, "h", "f", 0.2).Result(); err != nil || f != 0.3 {
			t.Fatalf("HINCRBYFLOAT = %v, %v", f, err)
		}
		if v, _ := rdb.HGet(ctx, "h", "f").Result(); v != "0.3" {
			t.Fatalf("HINCRBYFLOAT stored %q", v)
		}
		if err := rdb.HIncrBy(ctx, "h", "f", 1).Err(); err == nil || err.Error() != "ERR hash value is not an integer" {
			t.Fatalf("HINCRBY on a float: %v", err)
		}
		if n, err := rdb.HDel(ctx, "h", "d", "e", "nosuch").Result(); err != nil || n != 2 {
			t.Fatalf("HDEL = %d, %v", n, err)
		}

		fields, err := rdb.HRandField(ctx, "h", 2).Result()
		if err != nil || len(fields) != 2 || fields[0] == fields[1] {
			t.Fatalf("HRANDFIELD = %v, %v", fields, err)
		}
		kvs, err := rdb.HRandFieldWithValues(ctx, "h", 10).Result()
		if err != nil || len(kvs) != 4 {
			t.Fatalf("HRANDFIELD WITHVALUES = %v, %v", kvs, err)
		}
		for _, kv := range kvs {
			if v, _ := rdb.HGet(ctx, "h", kv.Key).Result(); v != kv.Value {
				t.Fatalf("HRANDFIELD WITHVALUES pair %v, HGET %q", kv, v)
			}
		}
		if kvs, err := rdb.HRandFieldWithValues(ctx, "h", -5).Result(); err != nil || len(kvs) != 5 {
			t.Fatalf("HRANDFIELD -5 WITHVALUES = %v, %v", kvs, err)
		}

		type user struct {
			Name string `redis:"name"`
			Age  int    `redis:"age"`
		}
		if err := rdb.HSet(ctx, "user", user{Name: "ada", Age: 36}).Err(); err != nil {
			t.Fatal(err)
		}
		var u user
		if err := rdb.HGetAll(ctx, "user").Scan(&u); err != nil || u != (user{"ada", 36}) {
			t.Fatalf("HGETALL Scan = %+v, %v", u, err)
		}

		rdb.Set(ctx, "str", "v", 0)
		if err := rdb.HGet(ctx, "str", "a").Err(); err == nil || err.Error() != wrongTypeErr {
			t.Fatalf("HGET wrong type: %v", err)
		}
		if err := rdb.Do(ctx, "HSET", "h", "a").Err(); err == nil || err.Error() != "ERR wrong number of arguments for 'hset' command" {
			t.Fatalf("HSET arity: %v", err)
		}
	})
}

func TestCompatSet(t *testing.T) {
	forEachProto(t, func(t *testing.T, ctx context.Context, rdb *redis.Client) {
		if n, err := rdb.SAdd(ctx, "s", 3, 1, 2, 2).Result(); err != nil || n != 3 {
			t.Fatalf("SADD = %d, %v", n, err)
		}
		// An intset replies in ascending order, as Redis's does.
		if m, err := rdb.SMembers(ctx, "s").Result(); err != nil || !reflect.DeepEqual(m, []string{"1", "2", "3"}) {
			t.Fatalf("SMEMBERS = %v, %v", m, err)
		}
		rdb.SAdd(ctx, "t", "2", "3", "x")
		if m, err := rdb.SMembersMap(ctx, "t").Result(); err != nil || len(m) != 3 {
			t.Fatalf("SMEMBERS map = %v, %v", m, err)
		}
		if ok, err := rdb.SIsMember(ctx, "s", 2).Result(); err != nil || !ok {
			t.Fatalf("SISMEMBER = %v, %v", ok, err)
		}
		if bs, err := rdb.SMIsMember(ctx, "s", 1, 9).Result(); err != nil || !reflect.DeepEqual(bs, []bool{true, false}) {
			t.Fatalf("SMISMEMBER = %v, %v", bs, err)
		}
		if n, err := rdb.SCard(ctx, "s").Result(); err != nil || n != 3 {
			t.Fatalf("SCARD = %d, %v", n, err)
		}
		if m, err := rdb.SInter(ctx, "s", "t").Result(); err != nil || !reflect.DeepEqual(m, []string{"2", "3"}) {
			t.Fatalf("SINTER = %v, %v", m, err)
		}
		if n, err := rdb.SInterCard(ctx, 1, "s", "t").Result(); err != nil || n != 1 {
			t.Fatalf("SINTERCARD = %d, %v", n, err)
		}
		if n, err := rdb.SInterStore(ctx, "i", "s", "t").Result(); err != nil || n != 2 {
			t.Fatalf("SINTERSTORE = %d, %v", n, err)
		}
		if m, err := rdb.SUnion(ctx, "s", "t").Result(); err != nil || !reflect.DeepEqual(sorted(m), []string{"1", "2", "3", "x"}) {
			t.Fatalf("SUNION = %v, %v", m, err)
		}
		if n, err := rdb.SUnionStore(ctx, "u", "s", "t").Result(); err != nil || n != 4 {
			t.Fatalf("SUNIONSTORE = %d, %v", n, err)
		}
		if m, err := rdb.SDiff(ctx, "s", "t").Result(); err != nil || !reflect.DeepEqual(m, []string{"1"}) {
			t.Fatalf("SDIFF = %v, %v", m, err)
		}
		if n, err := rdb.SDiffStore(ctx, "d", "t", "s").Result(); err != nil || n != 1 {
			t.Fatalf("SDIFFSTORE = %d, %v", n, err)
		}
		if ok, err := rdb.SMove(ctx, "d", "s", "x").Result(); err != nil || !ok {
			t.Fatalf("SMOVE = %v, %v", ok, err)
		}
		if n, err := rdb.Del(ctx, "d").Result(); err != nil || n != 0 {
			t.Fatalf("SMOVE left an empty set: DEL = %d, %v", n, err)
		}
		if n, err := rdb.SRem(ctx, "s", "x", "nosuch").Result(); err != nil || n != 1 {
			t.Fatalf("SREM = %d, %v", n, err)
		}

		if m, err := rdb.SRandMember(ctx, "s").Result(); err != nil || m == "" {
			t.Fatalf("SRANDMEMBER = %q, %v", m, err)
		}
		if m, err := rdb.SRandMemberN(ctx, "s", 2).Result(); err != nil || len(m) != 2 || m[0] == m[1] {
			t.Fatalf("SRANDMEMBER 2 = %v, %v", m, err)
		}
		if m, err := rdb.SRandMemberN(ctx, "s", -7).Result(); err != nil || len(m) != 7 {
			t.Fatalf("SRANDMEMBER -7 = %v, %v", m, err)
		}
		popped, err := rdb.SPop(ctx, "s").Result()
		if err != nil || popped == "" {
			t.Fatalf("SPOP = %q, %v", popped, err)
		}
		rest, err := rdb.SPopN(ctx, "s", 5).Result()
		if err != nil || !reflect.DeepEqual(sorted(append(rest, popped)), []string{"1", "2", "3"}) {
			t.Fatalf("SPOP 5 = %v (after %q), %v", rest, popped, err)
		}
		if _, err := rdb.SPop(ctx, "s").Result(); err != redis.Nil {
			t.Fatalf("SPOP empty: %v", err)
		}
		if m, err := rdb.SPopN(ctx, "s", 2).Result(); err != nil || len(m) != 0 {
			t.Fatalf("SPOP missing key = %v, %v", m, err)
		}

		rdb.Set(ctx, "str", "v", 0)
		if err := rdb.SAdd(ctx, "str", "a").Err(); err == nil || err.Error() != wrongTypeErr {
			t.Fatalf("SADD wrong type: %v", err)
		}
		if err := rdb.SInterCard(ctx, -1, "s").Err(); err == nil || err.Error() != "ERR LIMIT can't be negative" {
			t.Fatalf("SINTERCARD limit: %v", err)
		}
	})
}
