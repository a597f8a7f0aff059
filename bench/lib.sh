# Helpers shared by the bench scripts (sourced).

# wait_ready PORT: until a data command answers (not -LOADING).
wait_ready() {
  for _ in $(seq 6000); do
    r=$(redis-cli -p "$1" dbsize 2>/dev/null || true)
    [[ "$r" =~ ^[0-9]+$ ]] && return 0
    sleep 0.01
  done
  echo "bench: server on $1 not ready" >&2; exit 1
}
