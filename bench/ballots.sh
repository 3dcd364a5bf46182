#!/usr/bin/env bash
# Phone-ballot load (issue 3): distinct voters casting through the full path (code check,
# voted mark, secret ballot slot, audit entry; SQLite synchronous=FULL; each answered only
# after its group's commit). Laid out like ../shared/limits/limits.sh so figures divide by
# its `http_ballot_rps`: server on core 0, `wrk -t1 -c64` on core 1.
#
#   bash bench/ballots.sh        # SQLite, then PostgreSQL when it answers on 127.0.0.1:5432
#
# Environment: BENCH_DURATION [10], BENCH_REPEATS [3], BENCH_VOTERS per run [600000],
# BENCH_PG_URL [postgres://postgres@127.0.0.1:5432], BENCH_SKIP ("sqlite" and/or "pg").
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${BENCH_DURATION:-10}
REPEATS=${BENCH_REPEATS:-3}
VOTERS=${BENCH_VOTERS:-600000}
PG_URL=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432}
SKIP=" ${BENCH_SKIP:-} "
PORT=18182
WORK=$(mktemp -d)
trap '[ -n "${SERVER:-}" ] && kill "$SERVER" 2>/dev/null; rm -rf "$WORK"' EXIT

source bench/common.sh
need_wrk
log "building the release binaries"
cargo build --release -q -p sanshe -p benchtool

# One run on a fresh database: prepare the voters, start the server, cast for DURATION s.
run_once() {
  local url=$1
  CODES=$WORK/codes.txt
  target/release/sanshe-bench ballots "$url" "$VOTERS" "$CODES" 2>&1 | sed 's/^/bench: /' >&2
  SANSHE_DATABASE_URL=$url SANSHE_DATA_DIR=$WORK RUST_LOG=warn taskset -c 0 target/release/sanshe serve --listen "127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.2; done
  # Warm-up with codes of their own: the first ballot of an election loads its empty slots
  # (a one-off per election, one query: a few ms for a real community, more for 300,000).
  tail -n 1000 "$CODES" >"$WORK/warm.txt"
  head -n -1000 "$CODES" >"$WORK/main.txt"
  CODES=$WORK/warm.txt taskset -c 1 wrk -t1 -c8 -d1s -s bench/ballot.lua "http://127.0.0.1:$PORT" >/dev/null
  CODES=$WORK/main.txt taskset -c 1 wrk -t1 -c64 -d"${DURATION}s" --latency -s bench/ballot.lua "http://127.0.0.1:$PORT" | parse_wrk
  echo "$(awk '/VmHWM/ { printf "%.1f", $2 / 1024 }' "/proc/$SERVER/status")" >"$WORK/rss"
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
  SERVER=
}

bench_backend() {
  local backend=$1 make_url=$2
  local results=()
  for i in $(seq "$REPEATS"); do
    local url line
    url=$($make_url "$i")
    line=$(run_once "$url")
    log "${backend}_ballot run $i: $line (rps p50_ms p99_ms non2xx), peak RSS $(cat "$WORK/rss") MB"
    [ "$(echo "$line" | cut -d' ' -f4)" = 0 ] || { log "non-2xx answers: not enough voters or a failure"; exit 1; }
    results+=("$line")
  done
  print_medians "${backend}_ballot" "${results[@]}"
}

sqlite_url() { rm -f "$WORK"/ballots-*.db*; echo "sqlite://$WORK/ballots-$1.db"; }
pg_url() {
  psql "$PG_URL/test" -qc "drop database if exists sanshe_ballots_$1" >&2
  psql "$PG_URL/test" -qc "create database sanshe_ballots_$1" >&2
  echo "$PG_URL/sanshe_ballots_$1"
}

[[ "$SKIP" == *" sqlite "* ]] || bench_backend sqlite sqlite_url
if [[ "$SKIP" != *" pg "* ]] && pg_isready -q -h 127.0.0.1 -p 5432; then
  bench_backend pg pg_url
  for i in $(seq "$REPEATS"); do psql "$PG_URL/test" -qc "drop database if exists sanshe_ballots_$i"; done
fi
