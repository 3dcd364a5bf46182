#!/usr/bin/env bash
# Load benchmark of the release build, laid out like ../shared/limits/limits.sh so its
# figures divide by that script's: server pinned to core 0, wrk -t1 -c64 on core 1.
#
#   bash bench/run.sh            # SQLite, then PostgreSQL when it answers on 127.0.0.1:5432
#
# Prints `name value unit` lines (medians of BENCH_REPEATS runs); progress on stderr.
# Environment: BENCH_DURATION [10] seconds per run, BENCH_REPEATS [3], BENCH_PG_URL
# [postgres://postgres@127.0.0.1:5432], BENCH_SKIP ("sqlite" and/or "pg").
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${BENCH_DURATION:-10}
REPEATS=${BENCH_REPEATS:-3}
PG_URL=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432}
SKIP=" ${BENCH_SKIP:-} "
PORT=18181
PASSWORD=Bench-pass-2026
WORK=$(mktemp -d)
trap '[ -n "${SERVER:-}" ] && kill "$SERVER" 2>/dev/null; rm -rf "$WORK"' EXIT

source bench/common.sh
need_wrk

log "building the release binary"
cargo build --release -q -p sanshe
BIN=target/release/sanshe

# run_load NAME URL [HEADER]: REPEATS wrk runs; prints the medians.
run_load() {
  local name=$1 url=$2 header=${3:-}
  local results=()
  for i in $(seq "$REPEATS"); do
    local args=(-t1 -c64 -d"${DURATION}s" --latency)
    [ -n "$header" ] && args+=(-H "$header")
    local line
    line=$(taskset -c 1 wrk "${args[@]}" "$url" | parse_wrk)
    log "$name run $i: $line (rps p50_ms p99_ms non2xx)"
    [ "$(echo "$line" | cut -d' ' -f4)" = 0 ] || { log "$name: non-2xx answers"; exit 1; }
    results+=("$line")
  done
  print_medians "${name}" "${results[@]}"
}

bench_backend() {
  local backend=$1 url=$2
  log "starting the server on $backend"
  SANSHE_DATABASE_URL=$url SANSHE_DATA_DIR=$WORK/data SANSHE_DEMO_PASSWORD=$PASSWORD RUST_LOG=warn \
    taskset -c 0 "$BIN" serve --demo --listen "127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.2; done
  local cookie
  cookie=$(curl -fs -c - -H 'content-type: application/json' \
    -d "{\"username\":\"admin-330402\",\"password\":\"$PASSWORD\"}" "http://127.0.0.1:$PORT/api/v1/auth/login" |
    awk '$6 == "sanshe_session" { print $7 }')
  [ -n "$cookie" ] || { log "login failed"; cat "$WORK/server.log" >&2; exit 1; }
  curl -fs -o /dev/null -H "Cookie: sanshe_session=$cookie" "http://127.0.0.1:$PORT/communities/330402007024"
  run_load "${backend}_region_read" "http://127.0.0.1:$PORT/api/v1/regions/330400"
  run_load "${backend}_community_page" "http://127.0.0.1:$PORT/communities/330402007024" "Cookie: sanshe_session=$cookie"
  echo "${backend}_server_peak_rss $(awk '/VmHWM/ { printf "%.1f", $2 / 1024 }' "/proc/$SERVER/status") MB"
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
  SERVER=
}

if [[ "$SKIP" != *" sqlite "* ]]; then
  bench_backend sqlite "sqlite://$WORK/bench.db"
fi
if [[ "$SKIP" != *" pg "* ]] && pg_isready -q -h 127.0.0.1 -p 5432; then
  db=sanshe_bench_$$
  psql "$PG_URL/test" -qc "create database $db"
  bench_backend pg "$PG_URL/$db"
  psql "$PG_URL/test" -qc "drop database $db"
fi
