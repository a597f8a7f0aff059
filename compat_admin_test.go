package main

// go-redis v9 tests of the administration and client commands, and a check
// that INFO has exactly Redis 7.0's sections and field names.

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"
)

func TestCompatClientCommands(t *testing.T) {
	forEachProto(t, func(t *testing.T, ctx context.Context, rdb *redis.Client) {
		conn := rdb.Conn()
		defer conn.Close()
		if ok, err := conn.ClientSetName(ctx, "worker-1").Result(); err != nil || !ok {
			t.Fatalf("ClientSetName = %v, %v", ok, err)
		}
		if name, err := conn.ClientGetName(ctx).Result(); err != nil || name != "worker-1" {
			t.Fatalf("ClientGetName = %q, %v", name, err)
		}
		id, err := conn.ClientID(ctx).Result()
		if err != nil || id <= 0 {
			t.Fatalf("ClientID = %d, %v", id, err)
		}
		info, err := conn.ClientInfo(ctx).Result()
		if err != nil {
			t.Fatalf("ClientInfo: %v", err)
		}
		if info.ID != id || info.Name != "worker-1" || info.LastCmd != "client|info" || info.User != "default" {
			t.Errorf("ClientInfo = %+v", info)
		}
		list, err := rdb.ClientList(ctx).Result()
		if err != nil || !strings.Contains(list, " name=worker-1 ") {
			t.Fatalf("ClientList = %q, %v", list, err)
		}
		// The unnamed client is the pool's, which sent CLIENT SETINFO on
		// connect: Redis 7.0 does not know it, and go-redis carries on.
		if err := rdb.Do(ctx, "CLIENT", "SETINFO", "lib-name", "x").Err(); err == nil ||
			err.Error() != "ERR unknown subcommand 'SETINFO'. Try CLIENT HELP." {
			t.Errorf("CLIENT SETINFO error = %v", err)
		}
		if n, err := rdb.ClientUnblock(ctx, id).Result(); err != nil || n != 0 {
			t.Errorf("ClientUnblock of an idle client = %d, %v", n, err)
		}
		// A WRITE pause: under ALL, CLIENT UNPAUSE would wait too, as in Redis.
		if err := rdb.Do(ctx, "CLIENT", "PAUSE", "60000", "WRITE").Err(); err != nil {
			t.Fatalf("CLIENT PAUSE: %v", err)
		}
		if got, err := rdb.Get(ctx, "nokey").Result(); err != redis.Nil {
			t.Fatalf("GET during a WRITE pause = %q, %v", got, err)
		}
		if ok, err := rdb.ClientUnpause(ctx).Result(); err != nil || !ok {
			t.Fatalf("ClientUnpause = %v, %v", ok, err)
		}
		if n, err := rdb.ClientKillByFilter(ctx, "ID", strconv.FormatInt(id, 10)).Result(); err != nil || n != 1 {
			t.Fatalf("ClientKillByFilter = %d, %v", n, err)
		}
		if err := conn.Ping(ctx).Err(); err == nil {
			t.Error("the killed connection still answers")
		}
		if err := rdb.ClientKill(ctx, "1.2.3.4:5").Err(); err == nil || err.Error() != "ERR No such client" {
			t.Errorf("ClientKill of no client: %v", err)
		}
	})
}

func TestCompatServerCommands(t *testing.T) {
	forEachProto(t, func(t *testing.T, ctx context.Context, rdb *redis.Client) {
		rdb.Set(ctx, "k", "hello", 0)
		text, err := rdb.Info(ctx).Result()
		if err != nil || !strings.Contains(text, "\r\nredis_version:7.0.15\r\n") || !strings.HasPrefix(text, "# Server\r\n") {
			t.Fatalf("Info = %q, %v", text[:min(len(text), 80)], err)
		}
		m, err := rdb.InfoMap(ctx, "server", "keyspace").Result()
		if err != nil {
			t.Fatalf("InfoMap: %v", err)
		}
		if m["Server"]["redis_mode"] != "standalone" || m["Keyspace"]["db0"] != "keys=1,expires=0,avg_ttl=0" {
			t.Errorf("InfoMap = %v", m)
		}
		if _, ok := m["Clients"]; ok {
			t.Error("InfoMap has a section that was not asked for")
		}
		now, err := rdb.Time(ctx).Result()
		if err != nil || now.Year() < 2024 {
			t.Errorf("Time = %v, %v", now, err)
		}
		if ls, err := rdb.LastSave(ctx).Result(); err != nil || ls <= 0 {
			t.Errorf("LastSave = %d, %v", ls, err)
		}
		if n, err := rdb.MemoryUsage(ctx, "k").Result(); err != nil || n != 64 {
			t.Errorf("MemoryUsage = %d, %v; want 64 as Redis", n, err)
		}
		if _, err := rdb.MemoryUsage(ctx, "nokey").Result(); err != redis.Nil {
			t.Errorf("MemoryUsage of a missing key: %v", err)
		}
		if s, err := rdb.DebugObject(ctx, "k").Result(); err != nil || !strings.Contains(s, " encoding:embstr ") {
			t.Errorf("DebugObject = %q, %v", s, err)
		}
		if role, err := rdb.Do(ctx, "ROLE").Slice(); err != nil || len(role) != 3 || role[0] != "master" {
			t.Errorf("ROLE = %v, %v", role, err)
		}
	})
}

func TestCompatSlowLog(t *testing.T) {
	for _, proto := range []int{3, 2} {
		t.Run("resp"+strconv.Itoa(proto), func(t *testing.T) {
			addr, _ := startEmber(t, "--slowlog-log-slower-than", "0")
			rdb := redis.NewClient(&redis.Options{Addr: addr, Protocol: proto})
			t.Cleanup(func() { rdb.Close() })
			ctx := context.Background()
			conn := rdb.Conn()
			defer conn.Close()
			conn.ClientSetName(ctx, "slowpoke")
			conn.SlowLogReset(ctx)
			conn.Set(ctx, "k", "v", 0)
			logs, err := conn.SlowLogGet(ctx, 2).Result()
			if err != nil || len(logs) != 2 {
				t.Fatalf("SlowLogGet = %v, %v", logs, err)
			}
			e := logs[0]
			if strings.Join(e.Args, " ") != "set k v" || e.ClientName != "slowpoke" ||
				!regexp.MustCompile(`^127\.0\.0\.1:\d+$`).MatchString(e.ClientAddr) || e.ID != logs[1].ID+1 {
				t.Errorf("newest entry = %+v", e)
			}
			if n, err := conn.SlowLogLen(ctx).Result(); err != nil || n != 3 {
				t.Errorf("SlowLogLen = %d, %v", n, err)
			}
		})
	}
}

// TestInfoFieldsMatchRedis compares INFO everything's sections and, in each
// section, the field names and their order with a real redis-server 7.0.
// Sections whose fields depend on what ran (commandstats, errorstats,
// latencystats, keyspace) are checked for their name pattern instead.
func TestInfoFieldsMatchRedis(t *testing.T) {
	raddr := needRedis(t)
	eaddr, _ := startEmber(t)
	parse := func(addr string) (sections []string, fields map[string][]string) {
		c := dialRaw(t, addr)
		c.do("SET", "info-fields-test", "v") // a keyspace line on both
		c.do("NOSUCHCOMMAND")                // an errorstats line on both
		raw := string(c.do("INFO", "everything"))
		_, body, _ := strings.Cut(raw, "\r\n")
		fields = map[string][]string{}
		cur := ""
		for _, line := range strings.Split(body, "\r\n") {
			switch {
			case strings.HasPrefix(line, "# "):
				cur = line[2:]
				sections = append(sections, cur)
				fields[cur] = []string{}
			case line != "":
				name, _, _ := strings.Cut(line, ":")
				fields[cur] = append(fields[cur], name)
			}
		}
		c.do("DEL", "info-fields-test")
		return sections, fields
	}
	rsec, rf := parse(raddr)
	esec, ef := parse(eaddr)
	if strings.Join(esec, ",") != strings.Join(rsec, ",") {
		t.Fatalf("INFO everything sections:\n ember %v\n redis %v", esec, rsec)
	}
	dynamic := map[string]*regexp.Regexp{
		"Commandstats": regexp.MustCompile(`^cmdstat_[a-z_-]+(\|[a-z-]+)?$`),
		"Errorstats":   regexp.MustCompile(`^errorstat_[A-Z]+$`),
		"Latencystats": regexp.MustCompile(`^latency_percentiles_usec_[a-z_-]+(\|[a-z-]+)?$`),
		"Keyspace":     regexp.MustCompile(`^db\d+$`),
	}
	for _, sec := range rsec {
		if re := dynamic[sec]; re != nil {
			for _, f := range append(append([]string{}, ef[sec]...), rf[sec]...) {
				if !re.MatchString(f) {
					t.Errorf("section %s: field %q does not match %s", sec, f, re)
				}
			}
			if len(ef[sec]) == 0 && len(rf[sec]) > 0 {
				t.Errorf("section %s is empty in Ember", sec)
			}
			continue
		}
		var missing, extra []string
		have := map[string]bool{}
		for _, f := range ef[sec] {
			have[f] = true
		}
		want := map[string]bool{}
		for _, f := range rf[sec] {
			want[f] = true
			if !have[f] {
				missing = append(missing, f)
			}
		}
		for _, f := range ef[sec] {
			if !want[f] {
				extra = append(extra, f)
			}
		}
		if len(missing) > 0 || len(extra) > 0 {
			t.Errorf("section %s: missing %v, extra %v", sec, missing, extra)
		} else if strings.Join(ef[sec], ",") != strings.Join(rf[sec], ",") {
			t.Errorf("section %s: fields in another order:\n ember %v\n redis %v", sec, ef[sec], rf[sec])
		}
	}
}

// TestMemoryStatsKeysMatchRedis compares MEMORY STATS's keys, in order, with
// a real redis-server 7.0 (the values are each server's own).
func TestMemoryStatsKeysMatchRedis(t *testing.T) {
	raddr := needRedis(t)
	eaddr, _ := startEmber(t)
	keys := func(addr string) string {
		c := dialRaw(t, addr)
		c.do("SET", "memory-stats-test", "v") // a db.0 entry on both
		c.send(encodeCommand([]string{"MEMORY", "STATS"}))
		r, err := readReply(c.r)
		if err != nil {
			t.Fatal(err)
		}
		c.do("DEL", "memory-stats-test")
		// db.N entries depend on what else the server holds: keep one.
		var names []string
		for i := 0; i < len(r.elems); i += 2 {
			_, name, _ := strings.Cut(string(r.elems[i]), "\r\n")
			name = strings.TrimSuffix(name, "\r\n")
			if strings.HasPrefix(name, "db.") && name != "db.0" {
				continue
			}
			names = append(names, name)
		}
		return strings.Join(names, " ")
	}
	if e, r := keys(eaddr), keys(raddr); e != r {
		t.Errorf("MEMORY STATS keys:\n ember %s\n redis %s", e, r)
	}
}
