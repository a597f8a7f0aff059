#!/usr/bin/env bash
# Snapshot benchmark (issue 4): the same dataset in Ember and redis-server,
# then for each: SAVE time, file size, restart load time, and redis-benchmark
# latency of SET/GET while a BGSAVE runs compared with idle, the worst
# latency a light client sees during a BGSAVE (redis-cli --latency: a PING
# every 10 ms), plus the extra memory (peak RSS - RSS
# before) during BGSAVE, next to the dataset's size (used_memory before the
# BGSAVE).
#
# Usage: bench/snapshot.sh [-k keys]      (default 1000000 keys)
# The dataset: 60% strings, 10% each hashes (10 fields), lists (10 elements),
# sets (10 members) and sorted sets (10 members), keys "t:<n>".
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
KEYS=1000000
while getopts "k:" o; do case $o in k) KEYS=$OPTARG ;; *) exit 2 ;; esac; done
for bin in redis-server redis-benchmark redis-cli; do
  command -v $bin >/dev/null || { echo "bench: $bin not found" >&2; exit 1; }
done
EPORT=${EPORT:-16381} RPORT=${RPORT:-16382}
work=$(mktemp -d)
pids=()
trap 'kill ${pids[@]} 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
go build -o "$work/ember" .
mkdir -p "$work/e" "$work/r"

start() { # name port dir
  if [ "$1" = ember ]; then
    "$work/ember" --port "$2" --dir "$3" --save "" --appendonly no --loglevel warning >>"$work/$1.log" 2>&1 &
  else
    redis-server --port "$2" --dir "$3" --save "" --appendonly no --loglevel warning >>"$work/$1.log" 2>&1 &
  fi
  echo $!
}
stop() { # pid port: SIGTERM, then wait until the port is free (not our child)
  kill "$1" 2>/dev/null || true
  for _ in $(seq 3000); do redis-cli -p "$2" ping >/dev/null 2>&1 || return 0; sleep 0.01; done
  echo "bench: server on $2 did not stop" >&2; exit 1
}
rss_kb() { awk '/VmRSS/ { print $2 }' /proc/"$1"/status; }
now() { date +%s.%N; }

# The dataset as a RESP stream for redis-cli --pipe.
awk -v n="$KEYS" 'function cmd(s,  a, i, k) { k = split(s, a, " "); printf "*%d\r\n", k; for (i = 1; i <= k; i++) printf "$%d\r\n%s\r\n", length(a[i]), a[i] }
BEGIN { for (i = 0; i < n; i++) { t = i % 10
  if (t < 6) cmd("SET t:" i " value:" i ":" sprintf("%08d", i * 7))
  else if (t == 6) cmd("HSET t:" i " f0 a f1 b f2 c f3 d f4 e f5 " i " f6 g f7 h f8 i f9 j")
  else if (t == 7) cmd("RPUSH t:" i " a b c d e f g h i " i)
  else if (t == 8) cmd("SADD t:" i " a b c d e f g h i " i)
  else cmd("ZADD t:" i " 1 a 2 b 3 c 4 d 5 e 6 f 7 g 8 h 9 i " i " z") } }' >"$work/data.resp"

printf "%-6s %10s %10s %10s %10s %12s %12s %12s %12s %12s %10s\n" server keys "file MB" "save s" "load s" "idle p99 ms" "bgsave p99" "bgsave p50" "light max" "extra MB" "data MB"
for name in ember redis; do
  if [ $name = ember ]; then port=$EPORT dir=$work/e; else port=$RPORT dir=$work/r; fi
  pid=$(start $name $port "$dir"); pids+=($pid)
  wait_ready $port
  redis-cli -p $port --pipe <"$work/data.resp" >/dev/null
  n=$(redis-cli -p $port dbsize)
  t0=$(now); redis-cli -p $port save >/dev/null; t1=$(now)
  save_s=$(echo "$t0 $t1" | awk '{ printf "%.2f", $2 - $1 }')
  size=$(stat -c %s "$dir/dump.rdb" | awk '{ printf "%.1f", $1 / 1048576 }')
  # Latency idle, then during BGSAVE (sampling RSS meanwhile).
  # CSV columns: test, rps, avg, min, p50, p95, p99, max (ms).
  idle=$(redis-benchmark -p $port -t set,get -n 200000 -c 50 -r 1000000 --csv 2>/dev/null | awk -F'","' 'NR > 1 { if ($7 > m) m = $7 } END { print m }')
  rss0=$(rss_kb $pid)
  data=$(redis-cli -p $port info memory | tr -d '\r' | awk -F: '/^used_memory:/ { printf "%d", $2 / 1048576 }')
  n=$(redis-cli -p $port dbsize) # what the BGSAVE image holds
  redis-cli -p $port bgsave >/dev/null
  # Extra memory: Ember's peak RSS growth; Redis's is in its forked child,
  # which it reports itself as rdb_last_cow_size.
  ( peak=$rss0; while kill -0 $pid 2>/dev/null; do
      r=$(rss_kb $pid); [ "$r" -gt "$peak" ] && peak=$r
      [ "$(redis-cli -p $port info persistence | tr -d '\r' | awk -F: '/rdb_bgsave_in_progress/ { print $2 }')" = 0 ] && break
      sleep 0.02; done; echo $peak >"$work/peak" ) &
  during=$(redis-benchmark -p $port -t set,get -n 200000 -c 50 -r 1000000 --csv 2>/dev/null | awk -F'","' 'NR > 1 { if ($7 > m) m = $7; if ($5 > p) p = $5 } END { print m " " p }')
  wait $!
  if [ $name = ember ]; then
    extra=$(( ($(cat "$work/peak") - rss0) / 1024 ))
  else
    extra=$(redis-cli -p $port info persistence | tr -d '\r' | awk -F: '/rdb_last_cow_size/ { printf "%d", $2 / 1048576 }')
  fi
  # A light client during a BGSAVE: the worst of its PINGs (one every
  # 10 ms for 3 s; redis-cli --latency --raw prints "min max avg count").
  n=$(redis-cli -p $port dbsize) # what this BGSAVE's image, loaded below, holds
  redis-cli -p $port --latency --raw -i 3 >"$work/light" 2>/dev/null & lpid=$!
  sleep 0.3; redis-cli -p $port bgsave >/dev/null
  wait $lpid || true
  while [ "$(redis-cli -p $port info persistence | tr -d '\r' | awk -F: '/rdb_bgsave_in_progress/ { print $2 }')" = 1 ]; do sleep 0.05; done
  light=$(awk '{ print $2 }' "$work/light" | tail -1)
  stop $pid $port
  # Restart on the saved file and time until data commands are served.
  t0=$(now); pid=$(start $name $port "$dir"); pids+=($pid); wait_ready $port; t1=$(now)
  load_s=$(echo "$t0 $t1" | awk '{ printf "%.2f", $2 - $1 }')
  loaded=$(redis-cli -p $port dbsize)
  [ "$loaded" = "$n" ] || echo "bench: $name loaded $loaded keys, saved $n" >&2
  stop $pid $port
  printf "%-6s %10s %10s %10s %10s %12s %12s %12s %12s %12s %10s\n" $name "$n" "$size" "$save_s" "$load_s" "$idle" $(echo $during | awk '{ print $1 }') $(echo $during | awk '{ print $2 }') "$light" "$extra" "$data"
done
