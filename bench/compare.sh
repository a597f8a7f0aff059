#!/usr/bin/env bash
# Side-by-side throughput of Ember and redis-server (DESIGN.md §7).
#
# Starts both with the same settings (no persistence), then runs
# redis-benchmark against each in alternation, ROUNDS times per pipeline
# depth, and prints the median requests/s of each and the Ember/Redis ratio.
# It also checks that the INCR counter equals the number of INCRs sent.
#
# Usage: bench/compare.sh [-t tests] [-n requests] [-c clients] [-r rounds] [-P "1 16"]
#        EMBER_ARGS="--io-threads 2" bench/compare.sh
#        BOTH_ARGS="--appendonly yes --appendfsync always" bench/compare.sh -t set,incr
# EMBER_ARGS go to Ember only; BOTH_ARGS to both servers (each has its own dir).
set -euo pipefail
cd "$(dirname "$0")/.."

TESTS=ping,set,get,incr,mset N=300000 CLIENTS=50 ROUNDS=3 PIPES="1 16"
while getopts "t:n:c:r:P:" o; do
  case $o in t) TESTS=$OPTARG ;; n) N=$OPTARG ;; c) CLIENTS=$OPTARG ;; r) ROUNDS=$OPTARG ;; P) PIPES=$OPTARG ;; *) exit 2 ;; esac
done
for bin in redis-server redis-benchmark redis-cli; do
  command -v $bin >/dev/null || { echo "bench: $bin not found (apt-get install redis-server redis-tools)" >&2; exit 1; }
done

EPORT=${EPORT:-16379} RPORT=${RPORT:-16380}
work=$(mktemp -d)
trap 'kill $epid $rpid 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
go build -o "$work/ember" .
mkdir -p "$work/e" "$work/r"
"$work/ember" --port $EPORT --save "" --appendonly no --dir "$work/e" --loglevel warning ${BOTH_ARGS:-} ${EMBER_ARGS:-} >"$work/ember.log" 2>&1 & epid=$!
redis-server --port $RPORT --save "" --appendonly no --dir "$work/r" --loglevel warning ${BOTH_ARGS:-} >"$work/redis.log" 2>&1 & rpid=$!
for p in $EPORT $RPORT; do
  for _ in $(seq 50); do redis-cli -p $p ping >/dev/null 2>&1 && break; sleep 0.1; done
done

# run PORT PIPE -> "test,rps" lines
run() {
  redis-benchmark -p "$1" -t "$TESTS" -n "$N" -c "$CLIENTS" -P "$2" --csv -q 2>/dev/null |
    awk -F'","' 'NR>1 { gsub(/"/, "", $1); gsub(/"/, "", $2); print $1 "," $2 }'
}

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

printf "%-16s %-4s %12s %12s %8s\n" test P "ember rps" "redis rps" ratio
for pipe in $PIPES; do
  : >"$work/e.$pipe"; : >"$work/r.$pipe"
  for round in $(seq "$ROUNDS"); do
    redis-cli -p $EPORT flushall >/dev/null; run $EPORT "$pipe" >>"$work/e.$pipe"
    if [[ ",$TESTS," == *",incr,"* ]]; then
      got=$(redis-cli -p $EPORT get 'counter:__rand_int__')
      [ "$got" = "$N" ] || { echo "bench: INCR counter is $got after $N INCRs" >&2; exit 1; }
    fi
    redis-cli -p $RPORT flushall >/dev/null; run $RPORT "$pipe" >>"$work/r.$pipe"
  done
  cut -d, -f1 "$work/e.$pipe" | awk '!seen[$0]++' | while IFS= read -r t; do
    e=$(grep -F "$t," "$work/e.$pipe" | cut -d, -f2 | median)
    r=$(grep -F "$t," "$work/r.$pipe" | cut -d, -f2 | median)
    printf "%-16s %-4s %12.0f %12.0f %8.2f\n" "$t" "$pipe" "$e" "$r" "$(echo "$e $r" | awk '{ print $1 / $2 }')"
  done
done
