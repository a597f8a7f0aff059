#!/usr/bin/env bash
# AOF restart benchmark (issue 5): Ember and redis-server each get a base of
# KEYS keys (BGREWRITEAOF), then an incremental file of RECORDS INCRBY
# records, then are restarted ROUNDS times; prints the time until DBSIZE
# answers and checks the dataset came back.
#
# Usage: bench/aof.sh [-k keys] [-n records] [-r rounds]   (default 1000000 1000000 3)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
KEYS=1000000 RECORDS=1000000 ROUNDS=3
while getopts "k:n:r:" o; do
  case $o in k) KEYS=$OPTARG ;; n) RECORDS=$OPTARG ;; r) ROUNDS=$OPTARG ;; *) exit 2 ;; esac
done
for bin in redis-server redis-cli; do
  command -v $bin >/dev/null || { echo "bench: $bin not found" >&2; exit 1; }
done
EPORT=${EPORT:-16383} RPORT=${RPORT:-16384}
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
go build -o "$work/ember" .

# The base: KEYS strings; the incremental file: RECORDS INCRBYs on 1000 counters.
awk -v n="$KEYS" 'BEGIN { for (i = 0; i < n; i++) { k = "key:" i; v = "value:" i
  printf "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n", length(k), k, length(v), v } }' >"$work/base.resp"
awk -v n="$RECORDS" 'BEGIN { for (i = 0; i < n; i++) { k = "counter:" (i % 1000)
  printf "*3\r\n$6\r\nINCRBY\r\n$%d\r\n%s\r\n$1\r\n1\r\n", length(k), k } }' >"$work/incr.resp"
want=$((KEYS + (RECORDS < 1000 ? RECORDS : 1000)))

start() { # name port dir
  if [ "$1" = ember ]; then
    "$work/ember" --port "$2" --dir "$3" --save "" --appendonly yes --loglevel warning >>"$work/$1.log" 2>&1 &
  else
    redis-server --port "$2" --dir "$3" --save "" --appendonly yes --loglevel warning >>"$work/$1.log" 2>&1 &
  fi
  pid=$!
}
stop() { # port
  redis-cli -p "$1" shutdown nosave >/dev/null 2>&1 || true
  wait "$pid" 2>/dev/null || true
  pid=
}

printf "%-6s %12s %12s %14s\n" server "base MB" "incr MB" "restart s"
for name in ember redis; do
  if [ $name = ember ]; then port=$EPORT; else port=$RPORT; fi
  dir=$work/data-$name
  mkdir -p "$dir"
  start $name $port "$dir"
  wait_ready $port
  redis-cli -p $port --pipe <"$work/base.resp" >/dev/null
  redis-cli -p $port bgrewriteaof >/dev/null
  until [ "$(redis-cli -p $port info persistence | tr -d '\r' | awk -F: '/^aof_rewrite_in_progress:/ { print $2 }')" = 0 ] &&
        [ "$(redis-cli -p $port info persistence | tr -d '\r' | awk -F: '/^aof_rewrite_scheduled:/ { print $2 }')" = 0 ]; do
    sleep 0.1
  done
  redis-cli -p $port --pipe <"$work/incr.resp" >/dev/null
  stop $port
  base=$(du -b "$dir"/appendonlydir/*.base.* | awk '{ printf "%.1f", $1 / 1048576 }')
  incr=$(du -bc "$dir"/appendonlydir/*.incr.aof | tail -1 | awk '{ printf "%.1f", $1 / 1048576 }')
  times=()
  for _ in $(seq "$ROUNDS"); do
    t0=$(date +%s.%N); start $name $port "$dir"; wait_ready $port; t1=$(date +%s.%N)
    times+=("$(echo "$t0 $t1" | awk '{ printf "%.2f", $2 - $1 }')")
    got=$(redis-cli -p $port dbsize) c=$(redis-cli -p $port get counter:0)
    [ "$got" = "$want" ] && [ "$c" = "$((RECORDS / 1000 + (RECORDS % 1000 > 0)))" ] ||
      echo "bench: $name restarted with $got keys and counter:0=$c" >&2
    stop $port
  done
  printf "%-6s %12s %12s %14s\n" $name "$base" "$incr" "${times[*]}"
done
