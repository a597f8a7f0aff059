#!/usr/bin/env bash
# Runs units of Redis 7.0's own Tcl test suite (tests/unit) against Ember as
# an external server — the suite compatibility is judged by.
#
# Usage: tcl/run.sh [--gate] [unit ...]
#   unit    e.g. unit/type/incr; default: every unit listed in tcl/units.txt
#   --gate  exit 1 if any test fails (CI uses it on the units listed in
#           tcl/units.txt, which must pass completely)
#
# The Redis source comes from Debian's source package (redis 7.0.15), cached
# in $REDIS_SRC (default ~/.cache/ember/redis-7.0.15). Tests that need
# replication, or that external mode skips anyway, are excluded by tag.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
gate=0
if [ "${1:-}" = "--gate" ]; then gate=1; shift; fi
units=("$@")
if [ ${#units[@]} -eq 0 ]; then
  mapfile -t units < <(grep -v '^\s*#' tcl/units.txt | awk 'NF { print $1 }')
fi

REDIS_SRC=${REDIS_SRC:-$HOME/.cache/ember/redis-7.0.15}
if [ ! -x "$REDIS_SRC/runtest" ]; then
  echo "--- fetching the Redis 7.0.15 source package (for its Tcl test suite)"
  command -v tclsh >/dev/null || apt-get install -y -qq tcl >/dev/null
  if ! apt-get source --download-only --print-uris redis >/dev/null 2>&1 || \
     [ -z "$(apt-get source --print-uris redis 2>/dev/null | grep orig.tar)" ]; then
    # Enable Debian's source archives next to the binary ones.
    sed -e 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources \
      > /etc/apt/sources.list.d/ember-deb-src.sources
    apt-get update -qq
  fi
  tmp=$(mktemp -d)
  (cd "$tmp" && apt-get source --download-only redis >/dev/null 2>&1)
  mkdir -p "$(dirname "$REDIS_SRC")"
  tar xzf "$tmp"/redis_7.0.15.orig.tar.gz -C "$(dirname "$REDIS_SRC")"
  rm -rf "$tmp"
fi

work=$(mktemp -d)
trap 'kill $epid 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
go build -o "$work/ember" .
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 21111)
epid=
# Each unit gets a fresh server: a unit that dies midway must not leave its
# config changes to the next.
start_ember() {
  [ -z "$epid" ] || { kill $epid 2>/dev/null; wait $epid 2>/dev/null || true; }
  rm -rf "$work/data"; mkdir -p "$work/data"
  "$work/ember" --port "$port" --dir "$work/data" --save "" --loglevel warning --enable-debug-command yes \
    >>"$work/ember.log" 2>&1 & epid=$!
  for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
}

cd "$REDIS_SRC"
total_ok=0 total_err=0 failed_units=()
for u in "${units[@]}"; do
  start_ember
  out="$work/$(echo "$u" | tr / _).log"
  timeout 600 ./runtest --host 127.0.0.1 --port "$port" --single "$u" --clients 1 --timeout 60 \
    --tags -needs:repl --tags -needs:config-maxmemory 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >"$out" || true
  ok=$(grep -c '\[ok\]' "$out" || true)
  err=$(grep -cE '\[(err|exception)\]' "$out" || true)
  if ! grep -q 'All tests passed' "$out"; then
    [ "$err" -gt 0 ] || err=1 # the unit died before reporting
    failed_units+=("$u")
  fi
  printf "%-28s ok %4d  failed %4d\n" "$u" "$ok" "$err"
  grep -E '^\[(err|exception|TIMEOUT)\]|^\*\*\*|Killing' "$out" | head -${TCL_SHOW:-5} | sed 's/^/    /' || true
  total_ok=$((total_ok + ok)) total_err=$((total_err + err))
  if ! kill -0 $epid 2>/dev/null; then echo "ember died; log:"; tail -20 "$work/ember.log"; exit 1; fi
done
echo "$total_ok passed, $total_err failed"
if [ $gate = 1 ] && [ ${#failed_units[@]} -gt 0 ]; then
  echo "units with failures: ${failed_units[*]}"; exit 1
fi
