package server

import (
	"time"
)

// Active expire cycle parameters (Redis's expire.c with active-expire-effort 1).
const (
	expireKeysPerLoop  = 20 // keys sampled per db per iteration
	expireAcceptStale  = 10 // % of expired keys among the sampled that stops the loop
	expireCycleBudgetP = 25 // % of a cron period the slow cycle may use
)

// cron runs hz times a second on the executor: active expiry, the
// instantaneous ops sample, client timeouts and CLIENT PAUSE expiry.
// Mirrors serverCron.
func (s *Server) cron() {
	if s.stats.admin.cronPaused { // DEBUG PAUSE-CRON 1
		return
	}
	now := s.cfg.Clock()
	s.cachedMs = now.UnixMilli()
	// DEBUG SET-ACTIVE-EXPIRE 0 stops it; while loading, the AOF's records
	// decide what exists.
	if !s.stats.admin.activeExpireOff && !s.data.Loading {
		s.activeExpireCycle(now)
	}
	s.adminCron()
	s.sampleOps(now)
	s.pause.cron(s, now.UnixMilli())
	s.clientsCron(now)
	s.aofCron(now)
	s.saveCron(now)
}

// activeExpireCycle deletes expired keys that nobody reads: for each db it
// samples keys that have an expire, deletes the expired ones, and repeats
// while more than expireAcceptStale percent of a sample had expired, within
// a time budget. Mirrors activeExpireCycle (slow cycle).
func (s *Server) activeExpireCycle(now time.Time) {
	budget := time.Second / time.Duration(s.cfg.Hz) * expireCycleBudgetP / 100
	deadline := time.Now().Add(budget)
	ic := s.internal
	ic.Now = now.UnixMilli()
	ic.ResetCall()
	for _, db := range s.data.Keyspace.DBs {
		for db.ExpiresLen() > 0 {
			sampled, expired := 0, 0
			var ttlSum, ttlN int64
			for i := 0; i < expireKeysPerLoop && db.ExpiresLen() > 0; i++ {
				if db.ExpireCursor >= db.ExpiresLen() {
					db.ExpireCursor = 0
				}
				e := db.Volatile(db.ExpireCursor)
				sampled++
				if e.Expire <= ic.Now {
					ic.DeleteExpired(db, e) // the last volatile entry moves into this index
					expired++
					continue
				}
				ttlSum += e.Expire - ic.Now
				ttlN++
				db.ExpireCursor++
			}
			if ttlN > 0 {
				avg := ttlSum / ttlN
				if db.AvgTTL == 0 {
					db.AvgTTL = avg
				} else {
					db.AvgTTL = (db.AvgTTL/50)*49 + avg/50
				}
			}
			if expired*100 <= sampled*expireAcceptStale || time.Now().After(deadline) {
				break
			}
		}
		if time.Now().After(deadline) {
			break
		}
	}
	// One unit, fed without MULTI/EXEC: independent deletions, as Redis's
	// expire cycle (propagate_no_multi).
	_, also := ic.TakePropagation()
	for _, p := range also {
		s.propagate(p.DBID, p.Argv)
	}
	s.propagatePending(true)
}

// sampleOps records the commands processed since the last sample, for INFO's
// instantaneous_ops_per_sec (Redis's trackInstantaneousMetric, every 100 ms).
func (s *Server) sampleOps(now time.Time) {
	elapsed := now.Sub(s.stats.lastOpsTime)
	if elapsed < 100*time.Millisecond {
		return
	}
	ops := s.stats.commandsProcessed - s.stats.lastOpsCount
	s.stats.opsSamples[s.stats.opsSampleIdx] = ops * int64(time.Second) / int64(elapsed)
	s.stats.opsSampleIdx = (s.stats.opsSampleIdx + 1) % len(s.stats.opsSamples)
	s.stats.lastOpsCount = s.stats.commandsProcessed
	s.stats.lastOpsTime = now
}

// instantaneousOps is the mean of the samples.
func (s *Server) instantaneousOps() int64 {
	var sum int64
	for _, v := range s.stats.opsSamples {
		sum += v
	}
	return sum / int64(len(s.stats.opsSamples))
}

// clientsCron closes clients idle longer than the timeout directive.
// Blocked and MONITOR clients are exempt, as in Redis.
func (s *Server) clientsCron(now time.Time) {
	if s.cfg.Timeout <= 0 {
		return
	}
	limit := now.UnixMilli() - int64(s.cfg.Timeout)*1000
	for _, c := range s.clients {
		if c.flags&(flagBlocked|flagMonitor) == 0 && c.pending == nil && c.lastMs < limit {
			s.log.Verbosef("Closing idle client")
			c.closeConn()
		}
	}
}
