#!/usr/bin/env bash
# Import of volunteers' past service (issue 14): a CSV of BENCH_ROWS rows for
# BENCH_VOLUNTEERS volunteers, uploaded by the township office over HTTP, first checked
# (dry run), then imported (every row checked again, then appended to the office's
# hash-chained ledger in one transaction). Prints each answer's time, the rows and the
# server's peak memory (VmHWM), on SQLite then PostgreSQL.
#
#   bash bench/hours-import.sh
#
# Environment: BENCH_ROWS [1000000], BENCH_VOLUNTEERS [10000],
# BENCH_PG_URL [postgres://postgres@127.0.0.1:5432], BENCH_SKIP ("sqlite" and/or "pg").
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${BENCH_ROWS:-1000000}
VOLUNTEERS=${BENCH_VOLUNTEERS:-10000}
PG_URL=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432}
SKIP=" ${BENCH_SKIP:-} "
PORT=18185
PASSWORD=Bench-pass-2026
WORK=$(mktemp -d)
trap '[ -n "${SERVER:-}" ] && kill "$SERVER" 2>/dev/null; rm -rf "$WORK"' EXIT

source bench/common.sh
log "building the release binaries"
cargo build --release -q -p sanshe -p benchtool

run() {
  local backend=$1 url=$2 base=http://127.0.0.1:$PORT jar=$WORK/cookies csrf
  target/release/sanshe-bench hours "$url" "$VOLUNTEERS" "$ROWS" "$WORK/hours.csv" 2>&1 | sed 's/^/bench: /' >&2
  rm -rf "$WORK/data" && mkdir "$WORK/data"
  SANSHE_DATABASE_URL=$url SANSHE_DATA_DIR=$WORK/data SANSHE_DEMO_PASSWORD=$PASSWORD RUST_LOG=warn \
    target/release/sanshe serve --demo --listen "127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 300); do curl -fs "$base/readyz" >/dev/null && break; sleep 0.2; done
  csrf=$(curl -fs -c "$jar" -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin-330402007\",\"password\":\"$PASSWORD\"}" "$base/api/v1/auth/login" |
    sed 's/.*"csrf_token":"\([^"]*\)".*/\1/')
  log "$backend: $(stat -c %s "$WORK/hours.csv") bytes, $ROWS rows; server at $(awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER/status") MB"
  for commit in false true; do
    local answer
    answer=$(curl -s -o "$WORK/answer.json" -w '%{http_code} %{time_total}' -b "$jar" -H "x-csrf-token: $csrf" \
      -F "file=@$WORK/hours.csv" "$base/api/v1/volunteer-hours/import?commit=$commit")
    grep -q '"errors":\[\]' "$WORK/answer.json" || { log "rows refused: $(head -c 400 "$WORK/answer.json")"; exit 1; }
    printf '%s_hours_import commit=%-5s status %s  %6.2f s  %s\n' "$backend" "$commit" ${answer% *} ${answer#* } \
      "$(head -c 80 "$WORK/answer.json")"
  done
  echo "${backend}_hours_import_peak_rss $(awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER/status") MB"
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
  SERVER=
}

[[ "$SKIP" == *" sqlite "* ]] || run sqlite "sqlite://$WORK/hours.db"
if [[ "$SKIP" != *" pg "* ]] && pg_isready -q -h 127.0.0.1 -p 5432; then
  psql "$PG_URL/test" -qc "drop database if exists sanshe_hours" >&2
  psql "$PG_URL/test" -qc "create database sanshe_hours" >&2
  run pg "$PG_URL/sanshe_hours"
  psql "$PG_URL/test" -qc "drop database if exists sanshe_hours" >&2
fi
