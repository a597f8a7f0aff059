package server

import (
	"strconv"
	"testing"
	"time"

	"github.com/ember-db/ember/store"
)

// fakeClock is an injectable Config.Clock that tests advance by hand.
type fakeClock struct{ now time.Time }

func (f *fakeClock) Now() time.Time           { return f.now }
func (f *fakeClock) advance(d time.Duration)  { f.now = f.now.Add(d) }
func (f *fakeClock) ms(d time.Duration) int64 { return f.now.Add(d).UnixMilli() }

// newCronServer returns a server that is not listening, with its executor
// not running, so the test goroutine may call cron directly.
func newCronServer(t *testing.T) (*Server, *fakeClock) {
	t.Helper()
	clock := &fakeClock{now: time.UnixMilli(1_700_000_000_000)}
	cfg := DefaultConfig()
	cfg.Clock = clock.Now
	cfg.LogLevel = LogWarning
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s, clock
}

// TestActiveExpire checks that cron deletes expired keys nobody reads, in
// every db, leaves the others alone, and counts expired_keys. The clock is
// injected; nothing sleeps.
func TestActiveExpire(t *testing.T) {
	s, clock := newCronServer(t)
	val := store.NewString([]byte("v"))
	created := clock.now.UnixMilli()
	type dbCounts struct{ short, long, persistent int }
	plan := map[int]dbCounts{0: {500, 50, 100}, 3: {2000, 0, 10}, 15: {7, 7, 0}}
	for id, n := range plan {
		db := s.data.Keyspace.DBs[id]
		add := func(prefix string, count int, ttl time.Duration) {
			for i := range count {
				e := db.Add([]byte(prefix+strconv.Itoa(i)), val, created)
				if ttl > 0 {
					db.SetExpire(e, clock.ms(ttl))
				}
			}
		}
		add("short:", n.short, time.Second)
		add("long:", n.long, time.Hour)
		add("persistent:", n.persistent, 0)
	}

	// Nothing has expired yet: cron deletes nothing.
	s.cron()
	for id, n := range plan {
		if got := s.data.Keyspace.DBs[id].Len(); got != n.short+n.long+n.persistent {
			t.Fatalf("db %d: %d keys before any expire time, want %d", id, got, n.short+n.long+n.persistent)
		}
	}

	clock.advance(time.Second) // the short keys' expire time: expired now
	// Each cycle is bounded (sample size, time budget), so run cron until the
	// expired keys are gone, as the hz timer would.
	for cycles := 0; ; cycles++ {
		if cycles > 10_000 {
			t.Fatal("active expire does not converge")
		}
		done := true
		for id, n := range plan {
			if s.data.Keyspace.DBs[id].Len() != n.long+n.persistent {
				done = false
			}
		}
		if done {
			break
		}
		s.cron()
	}
	var total int64
	for id, n := range plan {
		db := s.data.Keyspace.DBs[id]
		total += int64(n.short)
		if db.ExpiresLen() != n.long {
			t.Errorf("db %d: %d keys with an expire left, want %d", id, db.ExpiresLen(), n.long)
		}
		db.ForEach(func(e *store.Entry) bool {
			if e.Expire != 0 && e.Expire <= clock.now.UnixMilli() {
				t.Errorf("db %d: expired key %q left", id, e.Key)
			}
			if e.Access != created {
				t.Errorf("db %d: active expire touched %q", id, e.Key)
			}
			return true
		})
	}
	if s.data.Stats.ExpiredKeys != total {
		t.Errorf("expired_keys = %d, want %d", s.data.Stats.ExpiredKeys, total)
	}
	if avg := s.data.Keyspace.DBs[0].AvgTTL; avg <= 0 || avg > time.Hour.Milliseconds() {
		t.Errorf("db 0 avg_ttl = %d ms, want within (0, 1h]", avg)
	}

	// The long keys expire an hour later.
	clock.advance(time.Hour)
	for range 100 {
		s.cron()
	}
	if got := s.data.Keyspace.DBs[0].Len(); got != 100 {
		t.Errorf("db 0: %d keys after the long TTL, want the 100 persistent", got)
	}
	if got := s.data.Keyspace.DBs[15].Len(); got != 0 {
		t.Errorf("db 15: %d keys left", got)
	}
}
