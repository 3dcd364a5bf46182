#!/usr/bin/env bash
# Social-organisation registry (issue 4): import an .xlsx of COUNT organisations through
# the API (rows/s, the whole request: upload, parse, check every row, write all in one
# transaction), then the public search by name prefix and USCC prefix over them at 64
# connections (p50, p99). Laid out like ../shared/limits/limits.sh: server on core 0,
# curl and `wrk -t1 -c64` on core 1.
#
#   bash bench/organizations.sh   # SQLite, then PostgreSQL when it answers on 127.0.0.1:5432
#
# Environment: BENCH_COUNT [100000], BENCH_DURATION [10], BENCH_REPEATS [3],
# BENCH_PG_URL [postgres://postgres@127.0.0.1:5432], BENCH_SKIP ("sqlite" and/or "pg").
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${BENCH_COUNT:-100000}
DURATION=${BENCH_DURATION:-10}
REPEATS=${BENCH_REPEATS:-3}
PG_URL=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432}
SKIP=" ${BENCH_SKIP:-} "
PORT=18183
PASSWORD=Bench-pass-2026
WORK=$(mktemp -d)
trap '[ -n "${SERVER:-}" ] && kill "$SERVER" 2>/dev/null; rm -rf "$WORK"' EXIT

source bench/common.sh
need_wrk
log "building the release binaries"
cargo build --release -q -p sanshe -p benchtool
target/release/sanshe-bench organizations "$COUNT" "$WORK/registry.xlsx" "$WORK/queries.txt" 2>&1 | sed 's/^/bench: /' >&2
log "registry.xlsx: $(du -h "$WORK/registry.xlsx" | cut -f1)"

start_server() {
  SANSHE_DATABASE_URL=$1 SANSHE_DATA_DIR=$WORK SANSHE_DEMO_PASSWORD=$PASSWORD RUST_LOG=warn \
    taskset -c 0 target/release/sanshe serve --demo --listen "127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 300); do curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null && return; sleep 0.2; done
  log "the server did not start"; cat "$WORK/server.log" >&2; exit 1
}

stop_server() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=; }

# Imports the registry as the city registrar; prints rows/s.
import_registry() {
  local base=http://127.0.0.1:$PORT jar=$WORK/cookies csrf started ended report
  csrf=$(curl -fs -c "$jar" -H 'Content-Type: application/json' \
    -d "{\"username\":\"registrar-330400\",\"password\":\"$PASSWORD\"}" "$base/api/v1/auth/login" |
    sed 's/.*"csrf_token":"\([^"]*\)".*/\1/')
  started=$(date +%s.%N)
  report=$(taskset -c 1 curl -fs -b "$jar" -H "x-csrf-token: $csrf" -F "file=@$WORK/registry.xlsx" \
    "$base/api/v1/organizations/import?commit=true")
  ended=$(date +%s.%N)
  [[ "$report" == *'"committed":true'* ]] || { log "import failed: ${report:0:500}"; exit 1; }
  awk -v n="$COUNT" -v a="$started" -v b="$ended" 'BEGIN { printf "%.0f %.2f\n", n / (b - a), b - a }'
}

bench_backend() {
  local backend=$1 make_url=$2
  local imports=() searches=()
  for i in $(seq "$REPEATS"); do
    local url line
    url=$($make_url "$i")
    start_server "$url"
    line=$(import_registry)
    log "${backend}_import run $i: $line (rows/s seconds)"
    imports+=("$line")
    # Warm-up: the first searches load the pages of the indexes.
    QUERIES=$WORK/queries.txt taskset -c 1 wrk -t1 -c8 -d2s -s bench/search.lua "http://127.0.0.1:$PORT" >/dev/null
    line=$(QUERIES=$WORK/queries.txt taskset -c 1 wrk -t1 -c64 -d"${DURATION}s" --latency -s bench/search.lua \
      "http://127.0.0.1:$PORT" | parse_wrk)
    log "${backend}_search run $i: $line (rps p50_ms p99_ms non2xx), peak RSS $(awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER/status") MB"
    [ "$(echo "$line" | cut -d' ' -f4)" = 0 ] || { log "non-2xx answers"; exit 1; }
    searches+=("$line")
    stop_server
  done
  printf '%s\n' "${imports[@]}" | cut -d' ' -f1 | median | sed "s/^/${backend}_import_rows_per_s /"
  print_medians "${backend}_search" "${searches[@]}"
}

sqlite_url() { rm -f "$WORK"/registry-*.db*; echo "sqlite://$WORK/registry-$1.db"; }
pg_url() {
  psql "$PG_URL/test" -qc "drop database if exists sanshe_registry_$1" >&2
  psql "$PG_URL/test" -qc "create database sanshe_registry_$1" >&2
  # No TLS to the database on this host: over TLS, sqlx 0.9 (no TCP_NODELAY) stalls 40 ms
  # on every statement larger than a segment (see bench/README.md).
  echo "$PG_URL/sanshe_registry_$1?sslmode=disable"
}

[[ "$SKIP" == *" sqlite "* ]] || bench_backend sqlite sqlite_url
if [[ "$SKIP" != *" pg "* ]] && pg_isready -q -h 127.0.0.1 -p 5432; then
  bench_backend pg pg_url
  for i in $(seq "$REPEATS"); do psql "$PG_URL/test" -qc "drop database if exists sanshe_registry_$i"; done
fi
