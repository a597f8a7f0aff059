package main

// go-redis v9 calls on string and bit commands, in RESP3 and RESP2.

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

func TestCompatStrings(t *testing.T) {
	forEachProto(t, func(t *testing.T, ctx context.Context, rdb *redis.Client) {
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		must(rdb.Set(ctx, "k", "v", 10*time.Second).Err())
		must(rdb.Set(ctx, "k", "v", 1500*time.Millisecond).Err())
		must(rdb.SetArgs(ctx, "k", "w", redis.SetArgs{KeepTTL: true}).Err())
		if got, err := rdb.SetArgs(ctx, "k", "x", redis.SetArgs{Get: true, TTL: time.Hour}).Result(); err != nil || got != "w" {
			t.Fatalf("SET GET EX = %q, %v", got, err)
		}
		if _, err := rdb.SetArgs(ctx, "k", "y", redis.SetArgs{Mode: "NX"}).Result(); err != redis.Nil {
			t.Fatalf("SET NX on an existing key: err = %v, want redis.Nil", err)
		}
		must(rdb.SetArgs(ctx, "k", "y", redis.SetArgs{ExpireAt: time.Now().Add(time.Hour)}).Err())

		if ok, err := rdb.SetNX(ctx, "nx", "1", 0).Result(); err != nil || !ok {
			t.Fatalf("SETNX = %v, %v", ok, err)
		}
		if ok, err := rdb.SetNX(ctx, "nx", "2", time.Minute).Result(); err != nil || ok {
			t.Fatalf("SET NX EX on existing = %v, %v", ok, err)
		}
		if ok, err := rdb.SetXX(ctx, "nx", "3", time.Minute).Result(); err != nil || !ok {
			t.Fatalf("SET XX EX = %v, %v", ok, err)
		}
		must(rdb.SetEx(ctx, "ex", "v", time.Minute).Err())

		if got, err := rdb.GetEx(ctx, "ex", time.Hour).Result(); err != nil || got != "v" {
			t.Fatalf("GETEX EX = %q, %v", got, err)
		}
		if got, err := rdb.GetEx(ctx, "ex", 0).Result(); err != nil || got != "v" {
			t.Fatalf("GETEX PERSIST = %q, %v", got, err)
		}
		if _, err := rdb.GetEx(ctx, "missing", time.Hour).Result(); err != redis.Nil {
			t.Fatalf("GETEX missing: err = %v", err)
		}
		if got, err := rdb.GetDel(ctx, "ex").Result(); err != nil || got != "v" {
			t.Fatalf("GETDEL = %q, %v", got, err)
		}
		if got, err := rdb.GetSet(ctx, "gs", "new").Result(); err != redis.Nil || got != "" {
			t.Fatalf("GETSET missing = %q, %v", got, err)
		}

		if got, err := rdb.IncrByFloat(ctx, "f", 10.5).Result(); err != nil || got != 10.5 {
			t.Fatalf("INCRBYFLOAT = %v, %v", got, err)
		}
		if got, err := rdb.IncrByFloat(ctx, "f", 0.1).Result(); err != nil || got != 10.6 {
			t.Fatalf("INCRBYFLOAT = %v, %v", got, err)
		}
		if got, err := rdb.Get(ctx, "f").Result(); err != nil || got != "10.6" {
			t.Fatalf("GET after INCRBYFLOAT = %q, %v", got, err)
		}
		must(rdb.Set(ctx, "s", "abc", 0).Err())
		if err := rdb.IncrByFloat(ctx, "s", 1).Err(); err == nil || err.Error() != "ERR value is not a valid float" {
			t.Fatalf("INCRBYFLOAT on a non-float: %v", err)
		}
		if err := rdb.Incr(ctx, "s").Err(); err == nil || err.Error() != "ERR value is not an integer or out of range" {
			t.Fatalf("INCR on a non-integer: %v", err)
		}
		if got, err := rdb.IncrBy(ctx, "n", 5).Result(); err != nil || got != 5 {
			t.Fatalf("INCRBY = %d, %v", got, err)
		}
		if got, err := rdb.DecrBy(ctx, "n", 7).Result(); err != nil || got != -2 {
			t.Fatalf("DECRBY = %d, %v", got, err)
		}

		must(rdb.MSet(ctx, "a", "1", "b", "2").Err())
		if ok, err := rdb.MSetNX(ctx, "a", "x", "c", "3").Result(); err != nil || ok {
			t.Fatalf("MSETNX = %v, %v", ok, err)
		}
		vals, err := rdb.MGet(ctx, "a", "nokey", "b").Result()
		if err != nil || !reflect.DeepEqual(vals, []any{"1", nil, "2"}) {
			t.Fatalf("MGET = %#v, %v", vals, err)
		}

		if got, err := rdb.Append(ctx, "s", "def").Result(); err != nil || got != 6 {
			t.Fatalf("APPEND = %d, %v", got, err)
		}
		if got, err := rdb.SetRange(ctx, "s", 1, "XY").Result(); err != nil || got != 6 {
			t.Fatalf("SETRANGE = %d, %v", got, err)
		}
		if got, err := rdb.GetRange(ctx, "s", 0, 3).Result(); err != nil || got != "aXYd" {
			t.Fatalf("GETRANGE = %q, %v", got, err)
		}
		if got, err := rdb.StrLen(ctx, "s").Result(); err != nil || got != 6 {
			t.Fatalf("STRLEN = %d, %v", got, err)
		}

		must(rdb.Set(ctx, "bits", "foobar", 0).Err())
		if got, err := rdb.BitCount(ctx, "bits", nil).Result(); err != nil || got != 26 {
			t.Fatalf("BITCOUNT = %d, %v", got, err)
		}
		if got, err := rdb.BitCount(ctx, "bits", &redis.BitCount{Start: 5, End: 30, Unit: redis.BitCountIndexBit}).Result(); err != nil || got != 17 {
			t.Fatalf("BITCOUNT BIT = %d, %v", got, err)
		}
		if got, err := rdb.SetBit(ctx, "bm", 7, 1).Result(); err != nil || got != 0 {
			t.Fatalf("SETBIT = %d, %v", got, err)
		}
		if got, err := rdb.GetBit(ctx, "bm", 7).Result(); err != nil || got != 1 {
			t.Fatalf("GETBIT = %d, %v", got, err)
		}
		if got, err := rdb.BitPos(ctx, "bm", 1).Result(); err != nil || got != 7 {
			t.Fatalf("BITPOS = %d, %v", got, err)
		}
		if got, err := rdb.BitOpOr(ctx, "dest", "bm", "bits").Result(); err != nil || got != 6 {
			t.Fatalf("BITOP OR = %d, %v", got, err)
		}
		fields, err := rdb.BitField(ctx, "bf", "SET", "u8", 0, 200, "INCRBY", "u8", 0, 100, "GET", "i8", 0).Result()
		if err != nil || !reflect.DeepEqual(fields, []int64{0, 44, 44}) {
			t.Fatalf("BITFIELD = %v, %v", fields, err)
		}
		fields, err = rdb.BitFieldRO(ctx, "bf", "u8", 0, "u4", 4).Result()
		if err != nil || !reflect.DeepEqual(fields, []int64{44, 12}) {
			t.Fatalf("BITFIELD_RO = %v, %v", fields, err)
		}

		must(rdb.MSet(ctx, "l1", "ohmytext", "l2", "mynewtext").Err())
		m, err := rdb.LCS(ctx, &redis.LCSQuery{Key1: "l1", Key2: "l2"}).Result()
		if err != nil || m.MatchString != "mytext" {
			t.Fatalf("LCS = %+v, %v", m, err)
		}
		m, err = rdb.LCS(ctx, &redis.LCSQuery{Key1: "l1", Key2: "l2", Len: true}).Result()
		if err != nil || m.Len != 6 {
			t.Fatalf("LCS LEN = %+v, %v", m, err)
		}
		m, err = rdb.LCS(ctx, &redis.LCSQuery{Key1: "l1", Key2: "l2", Idx: true, MinMatchLen: 4, WithMatchLen: true}).Result()
		want := []redis.LCSMatchedPosition{{
			Key1:     redis.LCSPosition{Start: 4, End: 7},
			Key2:     redis.LCSPosition{Start: 5, End: 8},
			MatchLen: 4,
		}}
		if err != nil || m.Len != 6 || !reflect.DeepEqual(m.Matches, want) {
			t.Fatalf("LCS IDX = %+v, %v", m, err)
		}

		if err := rdb.Do(ctx, "SET", "k", "v", "EX", "0").Err(); err == nil || err.Error() != "ERR invalid expire time in 'set' command" {
			t.Fatalf("SET EX 0: %v", err)
		}
	})
}
