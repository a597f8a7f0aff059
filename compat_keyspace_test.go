package main

// go-redis v9 black-box tests of the generic key and expire commands.

import (
	"context"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// dbClient returns a second client of the same server on db id.
func dbClient(t *testing.T, rdb *redis.Client, id int) *redis.Client {
	t.Helper()
	o := rdb.Options()
	c := redis.NewClient(&redis.Options{Addr: o.Addr, DB: id, Protocol: o.Protocol})
	t.Cleanup(func() { c.Close() })
	return c
}

// must fails t when err is not nil.
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestCompatKeyspace(t *testing.T) {
	forEachProto(t, func(t *testing.T, ctx context.Context, rdb *redis.Client) {
		for _, k := range []string{"a", "b", "c"} {
			must(t, rdb.Set(ctx, k, "v-"+k, 0).Err())
		}
		if n, err := rdb.Exists(ctx, "a", "b", "x", "a").Result(); err != nil || n != 3 {
			t.Errorf("EXISTS = %d, %v", n, err)
		}
		if n, err := rdb.Touch(ctx, "a", "x").Result(); err != nil || n != 1 {
			t.Errorf("TOUCH = %d, %v", n, err)
		}
		if typ, err := rdb.Type(ctx, "a").Result(); err != nil || typ != "string" {
			t.Errorf("TYPE = %q, %v", typ, err)
		}
		if typ, err := rdb.Type(ctx, "x").Result(); err != nil || typ != "none" {
			t.Errorf("TYPE missing = %q, %v", typ, err)
		}
		if n, err := rdb.DBSize(ctx).Result(); err != nil || n != 3 {
			t.Errorf("DBSIZE = %d, %v", n, err)
		}
		keys, err := rdb.Keys(ctx, "*").Result()
		sort.Strings(keys)
		if err != nil || fmt.Sprint(keys) != "[a b c]" {
			t.Errorf("KEYS = %v, %v", keys, err)
		}
		if k, err := rdb.RandomKey(ctx).Result(); err != nil || (k != "a" && k != "b" && k != "c") {
			t.Errorf("RANDOMKEY = %q, %v", k, err)
		}

		// RENAME / RENAMENX
		must(t, rdb.Rename(ctx, "a", "a2").Err())
		if err := rdb.Rename(ctx, "a", "z").Err(); err == nil || err.Error() != "ERR no such key" {
			t.Errorf("RENAME missing: %v", err)
		}
		if ok, err := rdb.RenameNX(ctx, "a2", "b").Result(); err != nil || ok {
			t.Errorf("RENAMENX onto existing = %v, %v", ok, err)
		}
		if ok, err := rdb.RenameNX(ctx, "a2", "a").Result(); err != nil || !ok {
			t.Errorf("RENAMENX = %v, %v", ok, err)
		}

		// COPY / MOVE across dbs
		db1 := dbClient(t, rdb, 1)
		if n, err := rdb.Copy(ctx, "a", "a", 1, false).Result(); err != nil || n != 1 {
			t.Errorf("COPY DB 1 = %d, %v", n, err)
		}
		if v, err := db1.Get(ctx, "a").Result(); err != nil || v != "v-a" {
			t.Errorf("copied value = %q, %v", v, err)
		}
		if n, err := rdb.Copy(ctx, "b", "a", 1, false).Result(); err != nil || n != 0 {
			t.Errorf("COPY onto existing = %d, %v", n, err)
		}
		if n, err := rdb.Copy(ctx, "b", "a", 1, true).Result(); err != nil || n != 1 {
			t.Errorf("COPY REPLACE = %d, %v", n, err)
		}
		if err := rdb.Copy(ctx, "b", "b", 0, false).Err(); err == nil || err.Error() != "ERR source and destination objects are the same" {
			t.Errorf("COPY same: %v", err)
		}
		if ok, err := rdb.Move(ctx, "c", 1).Result(); err != nil || !ok {
			t.Errorf("MOVE = %v, %v", ok, err)
		}
		if ok, err := rdb.Move(ctx, "c", 1).Result(); err != nil || ok {
			t.Errorf("MOVE of a moved key = %v, %v", ok, err)
		}
		if err := rdb.Move(ctx, "b", 16).Err(); err == nil || err.Error() != "ERR DB index is out of range" {
			t.Errorf("MOVE out of range: %v", err)
		}
		if n, err := db1.DBSize(ctx).Result(); err != nil || n != 2 {
			t.Errorf("db 1 DBSIZE = %d, %v", n, err)
		}

		// SWAPDB: db 0 now holds db 1's keys, for both clients.
		if s, err := rdb.Do(ctx, "SWAPDB", 0, 1).Text(); err != nil || s != "OK" {
			t.Errorf("SWAPDB = %q, %v", s, err)
		}
		if v, err := rdb.Get(ctx, "c").Result(); err != nil || v != "v-c" {
			t.Errorf("after SWAPDB: GET c = %q, %v", v, err)
		}
		if n, err := db1.Exists(ctx, "a", "b").Result(); err != nil || n != 2 {
			t.Errorf("after SWAPDB: db 1 EXISTS = %d, %v", n, err)
		}

		// DEL / UNLINK
		if n, err := rdb.Del(ctx, "a", "c", "x").Result(); err != nil || n != 2 {
			t.Errorf("DEL = %d, %v", n, err)
		}
		if n, err := db1.Unlink(ctx, "a", "b").Result(); err != nil || n != 2 {
			t.Errorf("UNLINK = %d, %v", n, err)
		}
		if k, err := rdb.RandomKey(ctx).Result(); err != redis.Nil {
			t.Errorf("RANDOMKEY on an empty db = %q, %v", k, err)
		}

		// OBJECT
		must(t, rdb.Set(ctx, "n", "42", 0).Err())
		must(t, rdb.Set(ctx, "s", "hello", 0).Err())
		if enc, err := rdb.ObjectEncoding(ctx, "n").Result(); err != nil || enc != "int" {
			t.Errorf("OBJECT ENCODING n = %q, %v", enc, err)
		}
		if enc, err := rdb.ObjectEncoding(ctx, "s").Result(); err != nil || enc != "embstr" {
			t.Errorf("OBJECT ENCODING s = %q, %v", enc, err)
		}
		if _, err := rdb.ObjectEncoding(ctx, "x").Result(); err != redis.Nil {
			t.Errorf("OBJECT ENCODING missing: %v", err)
		}
		if n, err := rdb.ObjectRefCount(ctx, "n").Result(); err != nil || n != 2147483647 {
			t.Errorf("OBJECT REFCOUNT n = %d, %v", n, err)
		}
		if n, err := rdb.ObjectRefCount(ctx, "s").Result(); err != nil || n != 1 {
			t.Errorf("OBJECT REFCOUNT s = %d, %v", n, err)
		}
		if d, err := rdb.ObjectIdleTime(ctx, "s").Result(); err != nil || d < 0 || d > time.Minute {
			t.Errorf("OBJECT IDLETIME = %v, %v", d, err)
		}
		want := "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust."
		if err := rdb.ObjectFreq(ctx, "s").Err(); err == nil || err.Error() != want {
			t.Errorf("OBJECT FREQ: %v", err)
		}

		// FLUSHDB / FLUSHALL
		must(t, db1.Set(ctx, "k", "v", 0).Err())
		must(t, rdb.FlushDBAsync(ctx).Err())
		if n, _ := rdb.DBSize(ctx).Result(); n != 0 {
			t.Errorf("DBSIZE after FLUSHDB = %d", n)
		}
		if n, _ := db1.DBSize(ctx).Result(); n != 1 {
			t.Errorf("db 1 DBSIZE after FLUSHDB of db 0 = %d", n)
		}
		must(t, rdb.FlushAll(ctx).Err())
		if n, _ := db1.DBSize(ctx).Result(); n != 0 {
			t.Errorf("db 1 DBSIZE after FLUSHALL = %d", n)
		}
	})
}

func TestCompatScan(t *testing.T) {
	forEachProto(t, func(t *testing.T, ctx context.Context, rdb *redis.Client) {
		want := map[string]bool{}
		pipe := rdb.Pipeline()
		for i := range 1000 {
			k := fmt.Sprintf("key:%d", i)
			pipe.Set(ctx, k, "v", 0)
			want[k] = true
		}
		_, err := pipe.Exec(ctx)
		must(t, err)

		seen := map[string]bool{}
		iter := rdb.Scan(ctx, 0, "", 25).Iterator()
		for iter.Next(ctx) {
			seen[iter.Val()] = true
		}
		must(t, iter.Err())
		if len(seen) != len(want) {
			t.Errorf("SCAN iterator returned %d keys, want %d", len(seen), len(want))
		}

		var matched []string
		iter = rdb.Scan(ctx, 0, "key:99*", 0).Iterator()
		for iter.Next(ctx) {
			matched = append(matched, iter.Val())
		}
		must(t, iter.Err())
		sort.Strings(matched)
		if fmt.Sprint(matched) != "[key:99 key:990 key:991 key:992 key:993 key:994 key:995 key:996 key:997 key:998 key:999]" {
			t.Errorf("SCAN MATCH = %v", matched)
		}

		keys, cursor, err := rdb.ScanType(ctx, 0, "", 2000, "hash").Result()
		if err != nil || len(keys) != 0 || cursor != 0 {
			t.Errorf("SCAN TYPE hash = %v, %d, %v", keys, cursor, err)
		}
		keys, _, err = rdb.ScanType(ctx, 0, "key:1", 2000, "string").Result()
		if err != nil || fmt.Sprint(keys) != "[key:1]" {
			t.Errorf("SCAN TYPE string = %v, %v", keys, err)
		}
		if err := rdb.Do(ctx, "SCAN", "x").Err(); err == nil || err.Error() != "ERR invalid cursor" {
			t.Errorf("SCAN bad cursor: %v", err)
		}
		if err := rdb.Do(ctx, "SCAN", 0, "COUNT", 0).Err(); err == nil || err.Error() != "ERR syntax error" {
			t.Errorf("SCAN COUNT 0: %v", err)
		}
	})
}

func TestCompatExpire(t *testing.T) {
	forEachProto(t, func(t *testing.T, ctx context.Context, rdb *redis.Client) {
		must(t, rdb.Set(ctx, "k", "v", 0).Err())
		if d, err := rdb.TTL(ctx, "k").Result(); err != nil || d != -1 {
			t.Errorf("TTL without expire = %v, %v", d, err)
		}
		if d, err := rdb.TTL(ctx, "missing").Result(); err != nil || d != -2 {
			t.Errorf("TTL missing = %v, %v", d, err)
		}
		if ok, err := rdb.ExpireXX(ctx, "k", time.Hour).Result(); err != nil || ok {
			t.Errorf("EXPIRE XX without expire = %v, %v", ok, err)
		}
		if ok, err := rdb.ExpireNX(ctx, "k", 100*time.Second).Result(); err != nil || !ok {
			t.Errorf("EXPIRE NX = %v, %v", ok, err)
		}
		if d, err := rdb.TTL(ctx, "k").Result(); err != nil || d != 100*time.Second {
			t.Errorf("TTL = %v, %v", d, err)
		}
		if ok, err := rdb.ExpireGT(ctx, "k", 50*time.Second).Result(); err != nil || ok {
			t.Errorf("EXPIRE GT smaller = %v, %v", ok, err)
		}
		if ok, err := rdb.ExpireLT(ctx, "k", 50*time.Second).Result(); err != nil || !ok {
			t.Errorf("EXPIRE LT smaller = %v, %v", ok, err)
		}
		if d, err := rdb.PTTL(ctx, "k").Result(); err != nil || d <= 40*time.Second || d > 50*time.Second {
			t.Errorf("PTTL = %v, %v", d, err)
		}
		at := time.Unix(4_000_000_000, 0)
		if ok, err := rdb.ExpireAt(ctx, "k", at).Result(); err != nil || !ok {
			t.Errorf("EXPIREAT = %v, %v", ok, err)
		}
		if d, err := rdb.ExpireTime(ctx, "k").Result(); err != nil || d != 4_000_000_000*time.Second {
			t.Errorf("EXPIRETIME = %v, %v", d, err)
		}
		if ok, err := rdb.PExpireAt(ctx, "k", at.Add(1500*time.Millisecond)).Result(); err != nil || !ok {
			t.Errorf("PEXPIREAT = %v, %v", ok, err)
		}
		if d, err := rdb.PExpireTime(ctx, "k").Result(); err != nil || d != 4_000_000_000*time.Second+1500*time.Millisecond {
			t.Errorf("PEXPIRETIME = %v, %v", d, err)
		}
		if ok, err := rdb.Persist(ctx, "k").Result(); err != nil || !ok {
			t.Errorf("PERSIST = %v, %v", ok, err)
		}
		if ok, err := rdb.Persist(ctx, "k").Result(); err != nil || ok {
			t.Errorf("PERSIST again = %v, %v", ok, err)
		}
		if ok, err := rdb.PExpire(ctx, "k", 200*time.Second).Result(); err != nil || !ok {
			t.Errorf("PEXPIRE = %v, %v", ok, err)
		}
		if d, err := rdb.TTL(ctx, "k").Result(); err != nil || d != 200*time.Second {
			t.Errorf("TTL after PEXPIRE = %v, %v", d, err)
		}

		// A time in the past deletes the key.
		if ok, err := rdb.Expire(ctx, "k", -time.Second).Result(); err != nil || !ok {
			t.Errorf("EXPIRE in the past = %v, %v", ok, err)
		}
		if n, err := rdb.Exists(ctx, "k").Result(); err != nil || n != 0 {
			t.Errorf("EXISTS after EXPIRE in the past = %d, %v", n, err)
		}

		// Errors, by exact text.
		cases := []struct {
			args []any
			want string
		}{
			{[]any{"EXPIRE", "k", "10", "NX", "XX"}, "ERR NX and XX, GT or LT options at the same time are not compatible"},
			{[]any{"EXPIRE", "k", "10", "GT", "LT"}, "ERR GT and LT options at the same time are not compatible"},
			{[]any{"EXPIRE", "k", "10", "foo"}, "ERR Unsupported option foo"},
			{[]any{"EXPIRE", "k", "9223372036854775807"}, "ERR invalid expire time in 'expire' command"},
			{[]any{"PEXPIRE", "k", "x"}, "ERR value is not an integer or out of range"},
		}
		for _, tc := range cases {
			if err := rdb.Do(ctx, tc.args...).Err(); err == nil || err.Error() != tc.want {
				t.Errorf("%v: error %v, want %q", tc.args, err, tc.want)
			}
		}
	})
}
